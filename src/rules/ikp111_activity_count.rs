//! IKP111 — the declared number of control activities differs from the number followed up.

use std::collections::HashSet;

use super::followup::count;
use super::{Context, Rule, RuleMeta, StaticText, entity};
use crate::config::normalize_word;
use crate::finding::{Finding, Severity, Subject};
use crate::model::DocKind;
use crate::text;

pub struct ActivityCount;

pub static RULE: ActivityCount = ActivityCount;

static META: RuleMeta = RuleMeta {
    code: "IKP111",
    name: "fel-antal-kontrollaktiviteter",
    default_severity: Severity::Warning,
    kinds: &[DocKind::FollowUp],
    title: StaticText {
        sv: "Det angivna antalet kontrollaktiviteter stämmer inte med uppföljningen",
        en: "The declared number of control activities does not match the follow-up",
    },
    basis: StaticText {
        sv: "God praxis: uppgifter i dokumentet ska stämma med varandra.",
        en: "Good practice: the figures of a document must agree with each other.",
    },
    doc: StaticText {
        sv: DOC_SV,
        en: DOC_EN,
    },
};

const DOC_SV: &str = "\
## Vad den gör
Jämför det antal kontrollaktiviteter som uppföljningen uppger (`antal_kontrollaktiviteter`,
till exempel \"Nämnden fastställde 21 kontrollaktiviteter\") med antalet uppföljda kontroller
under `kontroller:`. Stämmer de inte rapporteras skillnaden. Meddelandet anger också hur
många olika kontrollaktiviteter posterna har (olika texter, eller olika `kontroll:` där texten
står i planen): när det är det angivna antalet upprepar några poster en kontrollaktivitet,
och meddelandet säger det.

## Varför är det dåligt
Ett angivet antal som inte stämmer gör att läsaren inte kan lita på att uppföljningen är
fullständig: saknas kontroller, har några lagts till, eller är samma kontrollaktivitet
redovisad flera gånger? Skillnaden måste förklaras av dokumentet, inte av läsaren.

## Grund
God praxis. Allvarlighetsgrad *varning*: det är dokumentets uppgifter som inte stämmer, inte
nödvändigtvis kontrollerna.

## Exempel
```yaml
antal_kontrollaktiviteter: 21
kontroller:
  # 28 poster, med 21 olika kontrollaktiviteter
```

## Åtgärd
Rätta antalet, eller redovisa varje kontrollaktivitet en gång: poster som upprepar samma
kontrollaktivitet slås ihop, eller skrivs så att det syns vad som skiljer dem åt.
";

const DOC_EN: &str = "\
## What it does
Compares the number of control activities the follow-up declares (`antal_kontrollaktiviteter`,
for example \"the committee adopted 21 control activities\") with the number of followed-up
controls under `kontroller:`. When they differ the difference is reported. The message also
gives how many different control activities the entries have (different texts, or different
`kontroll:` where the text is in the plan): when that is the declared number, some entries
repeat a control activity, and the message says so.

## Why is this bad
A declared number that does not match means the reader cannot trust that the follow-up is
complete: are controls missing, have some been added, or is one control activity reported
several times? The document must explain the difference, not the reader.

## Basis
Good practice. Severity *warning*: it is the document's figures that disagree, not
necessarily the controls.

## Example
```yaml
antal_kontrollaktiviteter: 21
kontroller:
  # 28 entries, with 21 different control activities
```

## Fix
Correct the number, or report each control activity once: merge entries that repeat the same
control activity, or write them so that what sets them apart is visible.
";

impl Rule for ActivityCount {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(fu) = cx.follow_up() else { return };
        let Some(declared) = &fu.declared_activities else {
            return;
        };
        let entries = fu.controls.len();
        let d = declared.value;
        if i64::try_from(entries).is_ok_and(|n| n == d) {
            return;
        }
        // An entry's activity is its text, else its plan id (the plan holds the text), else
        // its own.
        let mut texts = HashSet::new();
        let mut without = 0usize;
        for fc in &fu.controls {
            match (&fc.control_activity, &fc.control) {
                (Some(a), _) if !a.value.trim().is_empty() => {
                    texts.insert(normalize_word(&a.value));
                }
                (_, Some(id)) => {
                    texts.insert(format!("kontroll:{}", normalize_word(&id.value.0)));
                }
                _ => without += 1,
            }
        }
        let distinct = texts.len() + without;
        let entries_sv = count(entries, "uppföljd kontroll", "uppföljda kontroller");
        let entries_en = count(entries, "followed-up control", "followed-up controls");
        let distinct_sv = count(distinct, "kontrollaktivitet", "olika kontrollaktiviteter");
        let distinct_en = count(distinct, "control activity", "different control activities");
        let (detail_sv, detail_en) = if i64::try_from(distinct).is_ok_and(|n| n == d) {
            let repeats = entries.saturating_sub(distinct);
            let repeats_sv = count(repeats, "post upprepar", "poster upprepar");
            let repeats_en = count(repeats, "entry repeats", "entries repeat");
            (
                format!(
                    "; posterna har {distinct_sv}, så {repeats_sv} en kontrollaktivitet som redan redovisats"
                ),
                format!(
                    "; the entries have {distinct_en}, so {repeats_en} a control activity already reported"
                ),
            )
        } else {
            (format!(" ({distinct_sv})"), format!(" ({distinct_en})"))
        };
        out.push(
            cx.finding(
                self,
                declared.span,
                text!(
                    "uppföljningen anger {d} kontrollaktiviteter men redovisar {entries_sv}{detail_sv}",
                    "the follow-up declares {d} control activities but reports {entries_en}{detail_en}"
                ),
                Subject::new(
                    entity::DOCUMENT,
                    format!("angivet:{d};uppföljda:{entries};olika:{distinct}"),
                ),
            )
            .with_help(text!(
                "rätta `antal_kontrollaktiviteter`, eller redovisa varje kontrollaktivitet en gång och skriv vad som skiljer poster med samma kontrollaktivitet åt",
                "correct `antal_kontrollaktiviteter`, or report each control activity once and say what sets apart entries with the same control activity"
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check_one;

    const FU: &str = "typ: uppföljning\nnämnd: Rinkeby-Kista stadsdelsnämnd\når: 2022\n";

    fn controls(activities: &[&str]) -> String {
        activities
            .iter()
            .map(|a| format!("  - kontrollaktivitet: {a}\n"))
            .collect()
    }

    #[test]
    fn fires_and_explains_repeated_activities() {
        let yaml = format!(
            "{FU}antal_kontrollaktiviteter: 2\nkontroller:\n{}",
            controls(&[
                "Stickprov av fakturor",
                "Kontroll av ärendedragning",
                "kontroll av  ärendedragning"
            ])
        );
        let findings = check_one("IKP111", &yaml);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message.sv,
            "uppföljningen anger 2 kontrollaktiviteter men redovisar 3 uppföljda kontroller; posterna har 2 olika kontrollaktiviteter, så 1 post upprepar en kontrollaktivitet som redan redovisats"
        );
        assert_eq!(&yaml[findings[0].primary.span.range()], "2");
    }

    #[test]
    fn fires_when_controls_are_missing() {
        let yaml = format!(
            "{FU}antal_kontrollaktiviteter: 21\nkontroller:\n{}",
            controls(&["Stickprov av fakturor"])
        );
        let findings = check_one("IKP111", &yaml);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message.sv,
            "uppföljningen anger 21 kontrollaktiviteter men redovisar 1 uppföljd kontroll (1 kontrollaktivitet)"
        );
    }

    #[test]
    fn silent_when_the_count_matches_or_is_not_declared() {
        let yaml = format!(
            "{FU}antal_kontrollaktiviteter: 2\nkontroller:\n{}",
            controls(&["Stickprov av fakturor", "Kontroll av ärendedragning"])
        );
        assert!(check_one("IKP111", &yaml).is_empty());
        let undeclared = format!("{FU}kontroller:\n{}", controls(&["Stickprov"]));
        assert!(check_one("IKP111", &undeclared).is_empty());
    }
}
