//! IKP108 — the same comment is pasted under different controls.

use std::collections::HashMap;

use super::followup::{control_name, difference, occasion_phrase, occasions};
use super::{Context, Rule, RuleMeta, StaticText, entity};
use crate::config::normalize_word;
use crate::finding::{Finding, Severity, Subject};
use crate::model::DocKind;
use crate::source::Span;
use crate::text;

pub struct PastedComment;

pub static RULE: PastedComment = PastedComment;

static META: RuleMeta = RuleMeta {
    code: "IKP108",
    name: "kopierad-kommentar",
    default_severity: Severity::Warning,
    kinds: &[DocKind::FollowUp],
    title: StaticText {
        sv: "Samma kommentar står under olika kontroller",
        en: "The same comment is pasted under different controls",
    },
    basis: StaticText {
        sv: "God praxis; revisorernas återkommande iakttagelser om uppföljningens kvalitet.",
        en: "Good practice; the auditors' recurring observations on the quality of follow-ups.",
    },
    doc: StaticText {
        sv: DOC_SV,
        en: DOC_EN,
    },
};

/// How many characters of the copied text the subject keeps.
const SUBJECT_CHARS: usize = 80;

const DOC_SV: &str = "\
## Vad den gör
Rapporterar en kommentar som är ordagrant densamma som kommentaren till en annan kontroll
tidigare i uppföljningen. Texterna jämförs utan hänsyn till skiftläge och blanktecken
(radbrytningar, dubbla mellanslag). Varje kopia rapporteras, med den första förekomsten som
relaterad plats.

Korta standardsvar (\"Inga avvikelser.\") får upprepas: kommentarer kortare än
`uppföljning.min_längd_kopia` tecken (normalt 60) jämförs inte.

Bara kopior under **olika kontroller** rapporteras. Två poster är olika kontroller när de har
olika beteckning (`kontroll:`), eller, utan beteckning på båda, när process, arbetssätt,
systematisk kontroll eller kontrollaktivitet står i båda och skiljer sig. En uppföljning tar
ofta upp samma kontroll under flera mål, och en avskrift utelämnar celler som tabellen slog
ihop; ett fält som saknas är därför inget bevis för att kontrollerna är olika. Samma text vid
olika tillfällen för samma kontroll rapporteras inte heller: en återkommande kontroll med
oförändrat resultat kan beskrivas med samma ord.

## Varför är det dåligt
Olika kontroller prövar olika saker. När samma text står under två av dem har minst en av
dem inte följts upp på egen hand; kommentaren säger ingenting om vad just den kontrollen
visade. Kopierade kommentarer är en av revisorernas vanligaste anmärkningar på uppföljningar.

## Grund
God praxis och revisorernas iakttagelser. Allvarlighetsgrad *varning*: texten kan vara sann
för båda kontrollerna, men det behöver en människa pröva.

## Exempel
```yaml
kontroller:
  - kontrollaktivitet: Kontroll av debiterat mot diarieförd beställning
    tillfällen:
      - kommentar: Vid månatliga uppföljningar har inga avvikelser uppdagats. …
  - kontrollaktivitet: Kända tjänster i checklista
    tillfällen:
      - kommentar: Vid månatliga uppföljningar har inga avvikelser uppdagats. …
```

## Åtgärd
Skriv vad just denna kontroll visade. Är posterna i själva verket samma kontroll, ge dem
samma `kontroll:` (eller samma texter), så räknas de som en.
";

const DOC_EN: &str = "\
## What it does
Reports a comment that is word for word the same as the comment of another control earlier
in the follow-up. Texts are compared ignoring case and white space (line breaks, double
spaces). Every copy is reported, with the first occurrence as a related location.

Short stock answers (\"Inga avvikelser.\") may repeat: comments shorter than
`uppföljning.min_längd_kopia` characters (normally 60) are not compared.

Only copies under **different controls** are reported. Two entries are different controls
when they have different ids (`kontroll:`) or, without ids on both, when the process, working
method, systematic control or control activity is given in both and differs. A follow-up
often lists one control under several goals, and a transcription leaves out cells the table
merged; a missing field is therefore no evidence that the controls differ. The same text at
different occasions of the same control is not reported either: a recurring control whose
result has not changed may be described in the same words.

## Why is this bad
Different controls test different things. When the same text stands under two of them, at
least one was not followed up on its own; the comment says nothing about what that control
showed. Pasted comments are among the auditors' most frequent remarks on follow-ups.

## Basis
Good practice and the auditors' observations. Severity *warning*: the text may be true of
both controls, but a person needs to check that.

## Example
```yaml
kontroller:
  - kontrollaktivitet: Kontroll av debiterat mot diarieförd beställning
    tillfällen:
      - kommentar: Vid månatliga uppföljningar har inga avvikelser uppdagats. …
  - kontrollaktivitet: Kända tjänster i checklista
    tillfällen:
      - kommentar: Vid månatliga uppföljningar har inga avvikelser uppdagats. …
```

## Fix
Write what this control showed. If the entries are in fact the same control, give them the
same `kontroll:` (or the same texts), and they count as one.
";

impl Rule for PastedComment {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(fu) = cx.follow_up() else { return };
        let min = cx.profile.follow_up.min_copy_length.max(1);
        // Each control's fields as `difference` compares them, normalised once.
        let keys: Vec<Keys> = fu.controls.iter().map(|c| Keys::of(c)).collect();
        // Normalised comment → what earlier uses of it tell apart (linear: 60,000 copies of
        // one comment once took minutes when each was compared with every earlier one).
        let mut seen: HashMap<String, Uses> = HashMap::new();
        for (seq, (i, fc, j, occ)) in occasions(fu).enumerate() {
            let Some(comment) = &occ.comment else {
                continue;
            };
            let text = normalize_word(&comment.value);
            if text.chars().count() < min {
                continue;
            }
            let uses = seen.entry(text.clone()).or_default();
            let use_here = Use {
                seq,
                control: i,
                span: comment.span,
            };
            let Some(keys_here) = keys.get(i) else {
                continue;
            };
            // The first earlier use under a control that is shown to be another one.
            let earlier = uses.first_different(keys_here).and_then(|u| {
                let other = fu.controls.get(u.control)?;
                difference(other, fc).map(|field| (u.control, other, u.span, field))
            });
            uses.add(keys_here, use_here);
            let Some((k, other, first_span, field)) = earlier else {
                continue;
            };
            let first_span = cx.source.first_line(first_span);
            let line = cx.source.line_col(first_span.start as usize).line;
            let (name, other_name) = (control_name(fc, i), control_name(other, k));
            // Two entries may share a name (the same activity, another systematic control):
            // then say what differs instead of repeating the name.
            let other_text = if name == other_name {
                let field = field.text();
                let (f_sv, f_en) = (&field.sv, &field.en);
                text!(
                    "en kontroll med samma namn men annan {f_sv}",
                    "a control of the same name but another {f_en}"
                )
            } else {
                text!("kontrollen {other_name}", "control {other_name}")
            };
            let (other_sv, other_en) = (&other_text.sv, &other_text.en);
            let who = occasion_phrase(fc, i, occ, j);
            let (who_sv, who_en) = (&who.sv, &who.en);
            let content: String = text.chars().take(SUBJECT_CHARS).collect();
            out.push(
                cx.finding(
                    self,
                    cx.source.first_line(comment.span),
                    text!(
                        "kommentaren till {who_sv} är ordagrant densamma som till {other_sv} på rad {line}",
                        "the comment of {who_en} is word for word the same as that of {other_en} on line {line}"
                    ),
                    Subject::new(entity::occasion(fc, i, occ, j), content),
                )
                .with_secondary(cx.label(
                    first_span,
                    text!(
                        "samma kommentar tidigare, under {other_sv}",
                        "the same comment earlier, under {other_en}"
                    ),
                ))
                .with_help(text!(
                    "skriv vad just denna kontroll visade; är posterna samma kontroll, ge dem samma `kontroll:` så räknas de som en",
                    "write what this control showed; if the entries are the same control, give them the same `kontroll:` and they count as one"
                )),
            );
        }
    }
}

/// One use of a comment: its place in document order, its control and its span.
#[derive(Clone, Copy)]
struct Use {
    seq: usize,
    control: usize,
    span: Span,
}

/// A followed-up control's fields as [`difference`] compares them, normalised.
struct Keys {
    id: Option<String>,
    texts: [Option<String>; 4],
}

impl Keys {
    fn of(c: &crate::model::FollowedUpControl) -> Self {
        let norm = |t: &Option<crate::model::Spanned<String>>| {
            t.as_ref().map(|t| normalize_word(&t.value))
        };
        Keys {
            id: c.control.as_ref().map(|id| normalize_word(&id.value.0)),
            texts: [
                norm(&c.process),
                norm(&c.working_method),
                norm(&c.systematic_control),
                norm(&c.control_activity),
            ],
        }
    }
}

/// The earliest uses of the first two different values of one field: enough to find the
/// earliest use whose value differs from any given one.
#[derive(Default)]
struct FirstTwo {
    first: Option<(String, Use)>,
    second: Option<Use>,
}

impl FirstTwo {
    fn add(&mut self, value: &str, at: Use) {
        match &self.first {
            None => self.first = Some((value.to_string(), at)),
            Some((v, _)) if v != value && self.second.is_none() => self.second = Some(at),
            Some(_) => {}
        }
    }

    /// The earliest use whose value is given and is not `value`.
    fn other_than(&self, value: &str) -> Option<Use> {
        match &self.first {
            Some((v, at)) if v != value => Some(*at),
            Some(_) => self.second,
            None => None,
        }
    }
}

/// The earlier uses of one comment, kept so that "the first earlier use under a control
/// [`difference`] calls different" is found in constant time: with ids on both sides the ids
/// decide; otherwise a text field given on both sides that differs does.
#[derive(Default)]
struct Uses {
    ids: FirstTwo,
    /// Per text field, over every use.
    texts_all: [FirstTwo; 4],
    /// Per text field, over the uses whose control has no id.
    texts_without_id: [FirstTwo; 4],
}

impl Uses {
    fn add(&mut self, keys: &Keys, at: Use) {
        if let Some(id) = &keys.id {
            self.ids.add(id, at);
        }
        for (f, value) in keys.texts.iter().enumerate() {
            let Some(value) = value else { continue };
            self.texts_all[f].add(value, at);
            if keys.id.is_none() {
                self.texts_without_id[f].add(value, at);
            }
        }
    }

    fn first_different(&self, keys: &Keys) -> Option<Use> {
        let (by_id, texts) = match &keys.id {
            // An earlier use with another id differs; one with the same id never does; one
            // without an id is compared by its texts.
            Some(id) => (self.ids.other_than(id), &self.texts_without_id),
            None => (None, &self.texts_all),
        };
        keys.texts
            .iter()
            .zip(texts)
            .filter_map(|(value, field)| field.other_than(value.as_deref()?))
            .chain(by_id)
            .min_by_key(|u| u.seq)
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::{check_one, check_with};

    const FU: &str = "typ: uppföljning\nnämnd: Servicenämnden\når: 2024\nkontroller:\n";
    const TEXT: &str = "Som en del av förvaltningens budget och prognosprocess sker en kontroll vid månatliga uppföljningar.";

    fn control(activity: &str, comment: &str) -> String {
        format!(
            "  - process: Budgetföljsamhet\n    kontrollaktivitet: {activity}\n    tillfällen:\n      - kommentar: \"{comment}\"\n"
        )
    }

    #[test]
    fn fires_on_each_copy_under_another_control() {
        let spaced = TEXT.replace(' ', "  ").to_uppercase();
        let yaml = format!(
            "{FU}{}{}{}",
            control("Kontroll av debiterat mot beställning", TEXT),
            control("Kända tjänster i checklista", &spaced),
            control("Avstämning mot statistik", TEXT),
        );
        let findings = check_one("IKP108", &yaml);
        assert_eq!(findings.len(), 2);
        assert_eq!(
            findings[0].message.sv,
            "kommentaren till kontrollen «Kända tjänster i checklista» är ordagrant densamma som till kontrollen «Kontroll av debiterat mot beställning» på rad 8"
        );
        let first = &findings[0].secondary[0];
        assert_eq!(&yaml[first.span.range()], format!("\"{TEXT}\""));
    }

    #[test]
    fn silent_for_the_same_control_under_another_goal_or_occasion() {
        let same = format!(
            "  - mål: \"1.1\"\n{}  - mål: \"3.5\"\n{}",
            control("Kontroll av representation", TEXT).replacen("  - ", "    ", 1),
            control("Kontroll av representation", TEXT).replacen("  - ", "    ", 1),
        );
        let occasions = format!(
            "  - kontroll: K4\n    tillfällen:\n      - period: T1\n        kommentar: \"{TEXT}\"\n      - period: T2\n        kommentar: \"{TEXT}\"\n"
        );
        // A cell the transcription left out is no evidence of another control.
        let gap = control("Kontroll av representation", TEXT).replacen(
            "    kontrollaktivitet",
            "    systematisk_kontroll: Attest av fakturor\n    kontrollaktivitet",
            1,
        );
        let yaml = format!("{FU}{same}{gap}");
        assert!(check_one("IKP108", &yaml).is_empty());
        let yaml = format!("{FU}{occasions}");
        assert!(check_one("IKP108", &yaml).is_empty());
    }

    #[test]
    fn says_what_differs_when_two_controls_share_a_name() {
        let with = |systematic: &str| {
            control("Enhetschef kontrollerar månadsvis", TEXT).replacen(
                "    kontrollaktivitet",
                &format!("    systematisk_kontroll: {systematic}\n    kontrollaktivitet"),
                1,
            )
        };
        let yaml = format!(
            "{FU}{}{}{}",
            control("Enhetschef kontrollerar månadsvis", TEXT),
            with("Ärendedragning var 14:e dag"),
            with("Nyckeltal varje månad"),
        );
        let findings = check_one("IKP108", &yaml);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message.sv,
            "kommentaren till kontrollen «Enhetschef kontrollerar månadsvis» är ordagrant densamma som till en kontroll med samma namn men annan systematisk kontroll på rad 13"
        );
    }

    #[test]
    fn short_stock_answers_may_repeat() {
        let yaml = format!(
            "{FU}{}{}",
            control("Kontroll av debiterat", "Inga avvikelser har noterats."),
            control("Kända tjänster", "Inga avvikelser har noterats."),
        );
        assert!(check_one("IKP108", &yaml).is_empty());
        let config = "[\"uppföljning\"]\n\"min_längd_kopia\" = 10\n";
        assert_eq!(
            check_with("IKP108", &[("u.yaml", &yaml)], Some(config)).len(),
            1
        );
    }
}
