//! IKP006 — two risks share a number, or two controls share an id.

use std::collections::HashMap;

use super::{Context, Rule, RuleMeta, StaticText, entity};
use crate::config::normalize_word;
use crate::finding::{Finding, Severity, Subject};
use crate::model::DocKind;
use crate::source::Span;
use crate::text;

pub struct DuplicateNumber;

pub static RULE: DuplicateNumber = DuplicateNumber;

static META: RuleMeta = RuleMeta {
    code: "IKP006",
    name: "dubblerat-nummer",
    // Error: with two risks numbered 31, `risker: [31]` in a control and every follow-up of
    // "risk 31" mean two things at once.
    default_severity: Severity::Error,
    kinds: &[DocKind::Plan],
    title: StaticText {
        sv: "Två risker har samma nummer, eller två kontroller samma beteckning",
        en: "Two risks share a number, or two controls share an id",
    },
    basis: StaticText {
        sv: "God praxis: varje risk och kontroll måste kunna pekas ut entydigt i plan, uppföljning och revision.",
        en: "Good practice: every risk and control must be identifiable without ambiguity in plan, follow-up and audit.",
    },
    doc: StaticText {
        sv: DOC_SV,
        en: DOC_EN,
    },
};

const DOC_SV: &str = "\
## Vad den gör
Rapporterar en risk vars `nr` redan används av en tidigare risk, och en kontroll vars `id`
redan används av en tidigare kontroll (beteckningar jämförs utan hänsyn till skiftläge och
blanksteg, så `K1` och `k1` räknas som samma). Fyndet sitter på den senare; den första visas
som relaterad plats.

## Varför är det dåligt
Kontroller hänvisar till risker med nummer, och uppföljningen hänvisar till kontroller med
beteckning. Med dubbletter vet ingen vilken som avses, och ett undantag eller en uppföljning
kan hamna på fel sak. Regeln ger fel: hänvisningarna blir tvetydiga.

## Grund
God praxis för dokumentation av intern kontroll: varje risk och kontroll ska kunna pekas ut
entydigt.

## Exempel
```yaml
risker:
  - nr: 31
    händelse: Otydlighet i beställning från förvaltning.
  - nr: 31          # samma nummer igen
    händelse: Löneskulder registreras inte
```

## Åtgärd
Ge den ena ett eget nummer (eller beteckning) och rätta hänvisningarna till den.
";

const DOC_EN: &str = "\
## What it does
Reports a risk whose `nr` is already used by an earlier risk, and a control whose `id` is
already used by an earlier control (ids compare ignoring case and white space, so `K1` and
`k1` count as the same). The finding is on the later one; the first is shown as a related
place.

## Why is this bad
Controls refer to risks by number, and follow-ups refer to controls by id. With duplicates
nobody knows which is meant, and an exemption or a follow-up may land on the wrong thing.
The rule is an error: the references become ambiguous.

## Basis
Good practice for documenting internal control: every risk and control must be identifiable
without ambiguity.

## Example
```yaml
risker:
  - nr: 31
    händelse: Otydlighet i beställning från förvaltning.
  - nr: 31          # the same number again
    händelse: Löneskulder registreras inte
```

## Fix
Give one of them its own number (or id) and correct the references to it.
";

/// The spans of the first occurrence of each key, and for each later one its occurrence
/// number (2 for the first repeat).
struct Seen<K> {
    first: HashMap<K, (Span, usize)>,
}

impl<K: std::hash::Hash + Eq> Seen<K> {
    fn new() -> Self {
        Seen {
            first: HashMap::new(),
        }
    }

    /// `None` the first time `key` is seen; afterwards the first span and the occurrence.
    fn visit(&mut self, key: K, span: Span) -> Option<(Span, usize)> {
        match self.first.get_mut(&key) {
            Some((first, count)) => {
                *count += 1;
                Some((*first, *count))
            }
            None => {
                self.first.insert(key, (span, 1));
                None
            }
        }
    }
}

impl Rule for DuplicateNumber {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(plan) = cx.plan() else { return };

        let mut risks = Seen::new();
        for risk in &plan.risks {
            let nr = risk.nr.value;
            let Some((first, occurrence)) = risks.visit(nr, risk.nr.span) else {
                continue;
            };
            out.push(
                cx.finding(
                    self,
                    risk.nr.span,
                    text!(
                        "risknummer {nr} används redan av en annan risk",
                        "risk number {nr} is already used by another risk"
                    ),
                    Subject::new(
                        entity::risk(risk),
                        format!("nr={nr} förekomst={occurrence}"),
                    ),
                )
                .with_secondary(cx.label(
                    first,
                    text!("risk {nr} första gången", "risk {nr} the first time"),
                ))
                .with_help(text!(
                    "ge risken ett eget nummer och rätta de kontroller som hänvisar till den",
                    "give the risk its own number and correct the controls that refer to it"
                )),
            );
        }

        let mut controls = Seen::new();
        for control in &plan.controls {
            let id = &control.id.value.0;
            let Some((first, occurrence)) = controls.visit(normalize_word(id), control.id.span)
            else {
                continue;
            };
            out.push(
                cx.finding(
                    self,
                    control.id.span,
                    text!(
                        "kontrollbeteckningen {id} används redan av en annan kontroll",
                        "control id {id} is already used by another control"
                    ),
                    Subject::new(
                        entity::control(control),
                        format!("id={} förekomst={occurrence}", normalize_word(id)),
                    ),
                )
                .with_secondary(cx.label(
                    first,
                    text!("beteckningen används först här", "the id is first used here"),
                ))
                .with_help(text!(
                    "ge kontrollen en egen beteckning och rätta uppföljningens hänvisningar till den",
                    "give the control its own id and correct the follow-up's references to it"
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check_one;

    const PLAN: &str = "typ: plan\nnämnd: Servicenämnden\når: 2025\n";

    #[test]
    fn fires_on_the_second_risk_with_a_number() {
        let yaml = format!(
            "{PLAN}risker:\n  - nr: 31\n    händelse: Otydlig beställning\n  - nr: 31\n    händelse: Löneskulder\n"
        );
        let findings = check_one("IKP006", &yaml);
        assert_eq!(findings.len(), 1);
        let f = &findings[0];
        assert_eq!(f.message.sv, "risknummer 31 används redan av en annan risk");
        assert!(f.primary.span.start > f.secondary[0].span.start);
        assert_eq!(f.subject.content, "nr=31 förekomst=2");
    }

    #[test]
    fn fires_on_control_ids_that_differ_only_in_case() {
        let yaml = format!(
            "{PLAN}kontroller:\n  - id: K1\n    risker: [1]\n  - id: k1\n    risker: [2]\n"
        );
        let findings = check_one("IKP006", &yaml);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message.sv,
            "kontrollbeteckningen k1 används redan av en annan kontroll"
        );
        assert_eq!(
            findings[0].secondary[0].message.sv,
            "beteckningen används först här"
        );
    }

    #[test]
    fn every_repeat_is_reported() {
        let yaml = format!("{PLAN}risker:\n  - nr: 4\n  - nr: 4\n  - nr: 4\n");
        let findings = check_one("IKP006", &yaml);
        assert_eq!(findings.len(), 2);
        assert_eq!(findings[1].subject.content, "nr=4 förekomst=3");
    }

    #[test]
    fn silent_when_numbers_are_unique_even_out_of_order() {
        // Seed 001 prints risk 70 between 57 and 58: odd order, but no duplicate.
        let yaml = format!(
            "{PLAN}risker:\n  - nr: 57\n  - nr: 70\n  - nr: 58\nkontroller:\n  - id: K1\n  - id: K10\n"
        );
        assert!(check_one("IKP006", &yaml).is_empty());
    }
}
