//! The typed model of the three document kinds.
//!
//! Field names are Swedish, as in the documents, because the people who write these files
//! are Swedish municipal staff; the Rust names are English. Each field's doc comment becomes
//! its `description` in the generated JSON Schema, which is what an editor shows while typing,
//! so those comments are written in Swedish.

pub mod followup;
pub mod ks;
pub mod lenient;
pub mod plan;
pub mod spanned;

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use followup::{Action, FollowUp, FollowedUpControl, Judgement, Occasion};
pub use ks::{KsPoint, KsPoints};
pub use plan::{Control, DeclaredMatrix, Goal, IkpChoice, Plan, Risk};
pub use spanned::Spanned;

/// The three kinds of document `ikp` reads, named by their top-level `typ`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum DocKind {
    #[serde(rename = "plan")]
    Plan,
    #[serde(rename = "uppföljning")]
    FollowUp,
    #[serde(rename = "ks-punkter")]
    KsPoints,
}

impl DocKind {
    pub const ALL: [DocKind; 3] = [DocKind::Plan, DocKind::FollowUp, DocKind::KsPoints];

    /// The value of `typ` in a document of this kind.
    pub fn typ(self) -> &'static str {
        match self {
            DocKind::Plan => "plan",
            DocKind::FollowUp => "uppföljning",
            DocKind::KsPoints => "ks-punkter",
        }
    }

    /// The kind a `typ` value names, in any case and with or without diacritics
    /// (`Plan`, `uppfoljning`, `KS-punkter`): the one tolerant reading that the loader, the
    /// schema and the quick scan of `engine::hint` share.
    pub fn from_typ(typ: &str) -> Option<DocKind> {
        TYP.parse(typ)
    }

    /// The file name stem of the kind's schema in `schemas/`.
    pub fn schema_stem(self) -> &'static str {
        match self {
            DocKind::Plan => "plan",
            DocKind::FollowUp => "uppfoljning",
            DocKind::KsPoints => "ks-punkter",
        }
    }
}

impl fmt::Display for DocKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.typ())
    }
}

/// The values of `typ`, as [`DocKind::from_typ`] reads them.
pub static TYP: lenient::Vocabulary<DocKind> = lenient::Vocabulary {
    shown: &["plan", "uppföljning", "ks-punkter"],
    words: &[
        ("plan", DocKind::Plan),
        ("uppföljning", DocKind::FollowUp),
        ("ks-punkter", DocKind::KsPoints),
    ],
};

/// The allowed spellings of the vocabulary whose schema pattern is `pattern`, listed for a
/// help text («ja», «nej», «Nej, endast VoR»). Cold path: only when a value was refused.
pub fn words_of_pattern(pattern: &str) -> Option<String> {
    vocabularies()
        .into_iter()
        .find(|(p, _)| p == pattern)
        .map(|(_, listed)| listed)
}

/// The allowed spellings of a field read through a vocabulary (`ikp`, `bedömning`, `typ`).
pub fn words_of_field(field: &str) -> Option<String> {
    match field {
        "ikp" => Some(plan::IKP_CHOICE.listed()),
        "bedömning" => Some(followup::JUDGEMENT.listed()),
        "typ" => Some(TYP.listed()),
        _ => None,
    }
}

fn vocabularies() -> Vec<(String, String)> {
    vec![
        (TYP.pattern(), TYP.listed()),
        (plan::IKP_CHOICE.pattern(), plan::IKP_CHOICE.listed()),
        (followup::JUDGEMENT.pattern(), followup::JUDGEMENT.listed()),
        (plan::PLAN_TYP.pattern(), plan::PLAN_TYP.listed()),
        (
            followup::FOLLOW_UP_TYP.pattern(),
            followup::FOLLOW_UP_TYP.listed(),
        ),
        (ks::KS_TYP.pattern(), ks::KS_TYP.listed()),
    ]
}

/// One loaded document of any kind.
#[derive(Debug, Clone)]
pub enum Document {
    Plan(Plan),
    FollowUp(FollowUp),
    KsPoints(KsPoints),
}

impl Document {
    pub fn kind(&self) -> DocKind {
        match self {
            Document::Plan(_) => DocKind::Plan,
            Document::FollowUp(_) => DocKind::FollowUp,
            Document::KsPoints(_) => DocKind::KsPoints,
        }
    }

    /// Who and when the document is about: the identity used to link documents and to
    /// fingerprint findings.
    pub fn identity(&self) -> DocIdentity {
        let (municipality, committee, year) = match self {
            Document::Plan(p) => (
                p.municipality.as_ref().map(|s| s.value.clone()),
                Some(p.committee.value.clone()),
                p.year.value,
            ),
            Document::FollowUp(f) => (
                f.municipality.as_ref().map(|s| s.value.clone()),
                Some(f.committee.value.clone()),
                f.year.value,
            ),
            Document::KsPoints(k) => (Some(k.municipality.value.clone()), None, k.year.value),
        };
        DocIdentity {
            kind: self.kind(),
            municipality,
            committee,
            year,
        }
    }
}

/// A free-text value of a document (a comment, an event, an analysis …) and its field's name.
#[derive(Debug, Clone, Copy)]
pub struct FreeText<'a> {
    pub field: &'static str,
    pub text: &'a Spanned<String>,
}

fn put<'a>(out: &mut Vec<FreeText<'a>>, field: &'static str, text: &'a Option<Spanned<String>>) {
    if let Some(text) = text {
        out.push(FreeText { field, text });
    }
}

fn exemption_texts<'a>(out: &mut Vec<FreeText<'a>>, exemptions: &'a [Spanned<Exemption>]) {
    for e in exemptions {
        put(out, "motivering", &e.justification);
    }
}

impl Document {
    /// Every free-text value of the document: the prose fields where a person writes
    /// sentences (and so may write `#` or `: ` in them), not names, dates or words from a
    /// vocabulary (status, period, frekvens).
    pub fn free_texts(&self) -> Vec<FreeText<'_>> {
        let mut out = Vec::new();
        match self {
            Document::Plan(p) => {
                put(&mut out, "källa", &p.source);
                for g in &p.goals {
                    put(&mut out, "text", &g.text);
                }
                for r in &p.risks {
                    put(&mut out, "process", &r.process);
                    put(&mut out, "arbetssätt", &r.working_method);
                    put(&mut out, "händelse", &r.event);
                    put(&mut out, "motivering", &r.justification);
                    exemption_texts(&mut out, &r.exemptions);
                }
                for c in &p.controls {
                    put(&mut out, "process", &c.process);
                    put(&mut out, "arbetssätt", &c.working_method);
                    put(&mut out, "systematisk_kontroll", &c.systematic_control);
                    put(&mut out, "kontrollaktivitet", &c.control_activity);
                    put(&mut out, "metod", &c.method);
                    exemption_texts(&mut out, &c.exemptions);
                }
                exemption_texts(&mut out, &p.exemptions);
            }
            Document::FollowUp(f) => {
                put(&mut out, "källa", &f.source);
                put(&mut out, "analys", &f.analysis);
                for g in &f.goals {
                    put(&mut out, "text", &g.text);
                }
                for c in &f.controls {
                    put(&mut out, "process", &c.process);
                    put(&mut out, "arbetssätt", &c.working_method);
                    put(&mut out, "systematisk_kontroll", &c.systematic_control);
                    put(&mut out, "kontrollaktivitet", &c.control_activity);
                    put(&mut out, "händelse", &c.event);
                    put(&mut out, "metod", &c.method);
                    for o in &c.occasions {
                        put(&mut out, "kommentar", &o.comment);
                        for a in &o.actions {
                            put(&mut out, "åtgärd", &a.text);
                            put(&mut out, "kommentar", &a.comment);
                        }
                        exemption_texts(&mut out, &o.exemptions);
                    }
                    exemption_texts(&mut out, &c.exemptions);
                }
                put(&mut out, "slutsatser", &f.conclusions);
                put(&mut out, "åtgärder", &f.actions);
                exemption_texts(&mut out, &f.exemptions);
            }
            Document::KsPoints(k) => {
                put(&mut out, "beslut", &k.decision);
                put(&mut out, "anmärkning", &k.note);
                for p in &k.points {
                    put(&mut out, "beskrivning", &p.description);
                }
            }
        }
        out
    }
}

/// Kind, municipality, committee and year of a document.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct DocIdentity {
    pub kind: DocKind,
    #[serde(rename = "kommun")]
    pub municipality: Option<String>,
    #[serde(rename = "nämnd")]
    pub committee: Option<String>,
    #[serde(rename = "år")]
    pub year: i64,
}

/// A calendar date written `ÅÅÅÅ-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD` and checks that the day exists (so `2025-02-30` is refused).
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year: i32 = text.get(0..4)?.parse().ok()?;
        let month: u32 = text.get(5..7)?.parse().ok()?;
        let day: u32 = text.get(8..10)?.parse().ok()?;
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Date { year, month, day })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("«{text}» är inget giltigt datum (ÅÅÅÅ-MM-DD)"))
        })
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Datum".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "date",
            "description": "Ett datum skrivet ÅÅÅÅ-MM-DD, till exempel 2024-12-12."
        })
    }
}

/// An identifier written as text or as a whole number (`K1`, `3`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(pub String);

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl JsonSchema for Id {
    fn schema_name() -> Cow<'static, str> {
        "Id".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": ["string", "integer"],
            "description": "En beteckning, text eller heltal, till exempel K1 eller 12."
        })
    }
}

/// Ett undantag från en regel, skrivet i dokumentet självt så att det granskas som resten av
/// dokumentet: vilken regel, varför, vem som beslutade och när.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exemption {
    /// Regelkoden som undantas, till exempel IKP009.
    #[serde(rename = "regel")]
    pub rule: Spanned<String>,
    /// Varför undantaget är befogat. Obligatorisk: ett undantag utan motivering är ett fel.
    #[serde(rename = "motivering", default)]
    pub justification: Option<Spanned<String>>,
    /// Vem som beslutade om undantaget.
    #[serde(rename = "beslutad_av", default)]
    pub decided_by: Option<Spanned<String>>,
    /// När undantaget beslutades.
    #[serde(rename = "datum", default)]
    pub date: Option<Spanned<Date>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_exist() {
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2025-02-29").is_none());
        assert!(Date::parse("2025-02-30").is_none());
        assert!(Date::parse("2025-13-01").is_none());
        assert!(Date::parse("25-01-01").is_none());
    }
}
