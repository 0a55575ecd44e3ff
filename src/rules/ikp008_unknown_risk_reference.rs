//! IKP008 — a control refers to a risk number that is not in the register.

use std::collections::HashSet;

use super::{Context, Rule, RuleMeta, StaticText, entity, wording};
use crate::finding::{Finding, Severity, Subject};
use crate::model::DocKind;
use crate::text;

pub struct UnknownRiskReference;

pub static RULE: UnknownRiskReference = UnknownRiskReference;

static META: RuleMeta = RuleMeta {
    code: "IKP008",
    name: "okand-risk",
    // Error: the reference points at nothing, so the control's reason for being in the plan
    // cannot be traced, and the risk it was meant for may be uncovered.
    default_severity: Severity::Error,
    kinds: &[DocKind::Plan],
    title: StaticText {
        sv: "En kontroll hänvisar till en risk som inte finns",
        en: "A control refers to a risk that does not exist",
    },
    basis: StaticText {
        sv: "Kommunens riktlinjer för intern kontroll: varje kontroll i planen bygger på en risk i riskanalysen.",
        en: "The municipality's internal-control guidelines: every control in the plan rests on a risk in the risk assessment.",
    },
    doc: StaticText {
        sv: DOC_SV,
        en: DOC_EN,
    },
};

const DOC_SV: &str = "\
## Vad den gör
Rapporterar ett nummer i en kontrolls `risker` som ingen risk i registret har.

## Varför är det dåligt
Kontrollen ska finnas för att hantera en bedömd risk. Pekar den på ett nummer som inte finns
går det inte att se varför kontrollen är med, och den risk som egentligen avsågs kan stå utan
kontroll. Oftast är det en felskrivning eller en risk som numrerats om. Regeln ger fel:
hänvisningen pekar på ingenting.

## Grund
Kommunens riktlinjer för intern kontroll: kontrollerna i planen väljs ur väsentlighets- och
riskanalysen.

## Exempel
```yaml
risker:
  - nr: 30
kontroller:
  - id: K1
    risker: [300]   # ingen risk 300
```

## Åtgärd
Rätta numret till den risk som kontrollen hanterar, eller lägg till risken i registret.
";

const DOC_EN: &str = "\
## What it does
Reports a number in a control's `risker` that no risk in the register has.

## Why is this bad
A control exists to handle an assessed risk. If it points at a number that does not exist,
nobody can see why the control is in the plan, and the risk that was really meant may be
left without a control. Usually it is a typo or a renumbered risk. The rule is an error: the
reference points at nothing.

## Basis
The municipality's internal-control guidelines: the plan's controls are selected from the
risk assessment.

## Example
```yaml
risker:
  - nr: 30
kontroller:
  - id: K1
    risker: [300]   # there is no risk 300
```

## Fix
Correct the number to the risk the control handles, or add the risk to the register.
";

impl Rule for UnknownRiskReference {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(plan) = cx.plan() else { return };
        let known: HashSet<i64> = plan.risks.iter().map(|r| r.nr.value).collect();
        let count = wording::risks(i64::try_from(known.len()).unwrap_or(i64::MAX));
        let (count_sv, count_en) = (&count.sv, &count.en);
        let range = match (known.iter().min(), known.iter().max()) {
            (Some(low), Some(high)) if low == high => text!(
                "registret har bara risk {low}",
                "the register has only risk {low}"
            ),
            (Some(low), Some(high)) => text!(
                "registret har {count_sv}, nr {low}–{high}",
                "the register has {count_en}, nr {low}–{high}"
            ),
            _ => text!("registret har inga risker", "the register has no risks"),
        };
        for control in &plan.controls {
            let id = &control.id.value;
            for reference in &control.risks {
                let nr = reference.value;
                if known.contains(&nr) {
                    continue;
                }
                let (range_sv, range_en) = (&range.sv, &range.en);
                out.push(
                    cx.finding(
                        self,
                        reference.span,
                        text!(
                            "kontroll {id} hänvisar till risk {nr}, som inte finns i registret",
                            "control {id} refers to risk {nr}, which is not in the register"
                        ),
                        Subject::new(entity::control(control), format!("risk={nr}")),
                    )
                    .with_help(text!(
                        "rätta numret till den risk som kontrollen hanterar, eller lägg till risken ({range_sv})",
                        "correct the number to the risk the control handles, or add the risk ({range_en})"
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check_one;

    const PLAN: &str = "typ: plan\nnämnd: Servicenämnden\når: 2025\nrisker:\n  - nr: 30\n  - nr: 38\nkontroller:\n  - id: K1\n";

    #[test]
    fn fires_with_the_caret_on_the_number() {
        let yaml = format!("{PLAN}    risker: [30, 300]\n");
        let findings = check_one("IKP008", &yaml);
        assert_eq!(findings.len(), 1);
        let f = &findings[0];
        assert_eq!(
            f.message.sv,
            "kontroll K1 hänvisar till risk 300, som inte finns i registret"
        );
        assert_eq!(&yaml[f.primary.span.range()], "300");
        assert_eq!(f.subject.entity, "kontroll:K1");
        assert!(
            f.help
                .as_ref()
                .unwrap()
                .sv
                .contains("registret har 2 risker, nr 30–38")
        );
    }

    #[test]
    fn fires_when_the_register_is_empty() {
        let yaml = "typ: plan\nnämnd: N\når: 2025\nkontroller:\n  - id: K1\n    risker: [1]\n";
        let findings = check_one("IKP008", yaml);
        assert_eq!(findings.len(), 1);
        assert!(
            findings[0]
                .help
                .as_ref()
                .unwrap()
                .sv
                .contains("registret har inga risker")
        );
    }

    #[test]
    fn silent_when_every_reference_exists() {
        let yaml = format!("{PLAN}    risker: [30, 38]\n");
        assert!(check_one("IKP008", &yaml).is_empty());
    }
}
