//! The typed model of the three document kinds.
//!
//! Field names are Swedish, as in the documents, because the people who write these files
//! are Swedish municipal staff; the Rust names are English. Each field's doc comment becomes
//! its `description` in the generated JSON Schema, which is what an editor shows while typing,
//! so those comments are written in Swedish.

pub mod followup;
pub mod ks;
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

    pub fn from_typ(typ: &str) -> Option<DocKind> {
        DocKind::ALL.into_iter().find(|k| k.typ() == typ)
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

/// An exemption from a rule, recorded in the document itself so that it is reviewed like
/// the rest of the plan.
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
