//! IKP001 — a risk marked for the internal-control plan has no control in the plan.

use std::collections::HashSet;

use super::{Context, Rule, RuleMeta, StaticText, entity};
use crate::finding::{Finding, Severity, Subject};
use crate::model::{DocKind, IkpChoice};
use crate::text;

pub struct RiskWithoutControl;

pub static RULE: RiskWithoutControl = RiskWithoutControl;

static META: RuleMeta = RuleMeta {
    code: "IKP001",
    name: "ikp-risk-utan-kontroll",
    // Error: the document contradicts itself — it says the risk is in the plan, and the plan
    // has nothing for it. There is no reading under which this is right.
    default_severity: Severity::Error,
    kinds: &[DocKind::Plan],
    title: StaticText {
        sv: "En risk som ska ingå i internkontrollplanen har ingen kontroll",
        en: "A risk selected for the internal-control plan has no control",
    },
    basis: StaticText {
        sv: "KL 6 kap. 6 §; kommunens riktlinjer för intern kontroll (varje vald risk hanteras i planen).",
        en: "Local Government Act ch. 6 § 6; the municipality's internal-control guidelines (every selected risk is handled in the plan).",
    },
    doc: StaticText {
        sv: DOC_SV,
        en: DOC_EN,
    },
};

const DOC_SV: &str = "\
## Vad den gör
Rapporterar en risk med `ikp: ja` som ingen kontroll i planen hänvisar till (ingen kontroll har
riskens nummer i `risker`).

## Varför är det dåligt
Att risken markerats för internkontrollplanen betyder att nämnden bestämt att den ska
kontrolleras under året. Utan kontroll blir det inte gjort, och ingen märker det förrän
revisorerna frågar. Regeln ger fel (inte varning): dokumentet säger emot sig självt.

## Grund
Kommunallagen 6 kap. 6 § (nämnden ska se till att den interna kontrollen är tillräcklig) och
kommunens riktlinjer: varje risk som väljs till internkontrollplanen ska ha en kontroll.

## Exempel
```yaml
risker:
  - nr: 12
    händelse: Felaktiga utbetalningar
    sannolikhet: 3
    konsekvens: 4
    riskvärde: 12
    ikp: ja
kontroller:
  - id: K1
    risker: [7]   # ingen kontroll hänvisar till risk 12
```

## Åtgärd
Lägg till en kontroll med riskens nummer i `risker`, eller lägg numret i en befintlig
kontrolls `risker`. Om risken inte ska vara med i planen: skriv `ikp: nej`.
";

const DOC_EN: &str = "\
## What it does
Reports a risk marked `ikp: ja` that no control in the plan refers to (no control lists its
number in `risker`).

## Why is this bad
Marking a risk for the plan means the committee decided to control it during the year.
Without a control that does not happen, and nobody notices until the auditors ask. The rule
is an error (not a warning): the document contradicts itself.

## Basis
Local Government Act ch. 6 § 6 (the committee must ensure sufficient internal control) and
the municipality's guidelines: every risk selected for the plan has a control.

## Example
```yaml
risker:
  - nr: 12
    händelse: Felaktiga utbetalningar
    sannolikhet: 3
    konsekvens: 4
    riskvärde: 12
    ikp: ja
kontroller:
  - id: K1
    risker: [7]   # no control refers to risk 12
```

## Fix
Add a control with the risk's number in `risker`, or add the number to an existing control's
`risker`. If the risk is not meant to be in the plan, write `ikp: nej`.
";

impl Rule for RiskWithoutControl {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(plan) = cx.plan() else { return };
        // A set, so that a plan with very many risks and controls stays linear.
        let handled: HashSet<i64> = plan
            .controls
            .iter()
            .flat_map(|c| c.risks.iter().map(|r| r.value))
            .collect();
        for risk in &plan.risks {
            let Some(choice) = risk.in_plan.as_ref() else {
                continue;
            };
            if choice.value != IkpChoice::Ja {
                continue;
            }
            let nr = risk.nr.value;
            if handled.contains(&nr) {
                continue;
            }
            let event = risk
                .event
                .as_ref()
                .map(|e| format!(" ({})", e.value.trim()))
                .unwrap_or_default();
            out.push(
                cx.finding(
                    self,
                    risk.nr.span,
                    text!(
                        "risk {nr}{event} ska ingå i internkontrollplanen men ingen kontroll hanterar den",
                        "risk {nr}{event} is selected for the internal-control plan but no control handles it"
                    ),
                    Subject::new(entity::risk(risk), "ikp=ja kontroll=saknas"),
                )
                .with_secondary(cx.label(
                    choice.span,
                    text!("vald till planen här", "selected for the plan here"),
                ))
                .with_help(text!(
                    "lägg till en kontroll med `risker: [{nr}]`, eller skriv `ikp: nej` om risken inte ska vara med i planen",
                    "add a control with `risker: [{nr}]`, or write `ikp: nej` if the risk is not meant to be in the plan"
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check_one;

    const PLAN: &str = "typ: plan\nnämnd: Servicenämnden\når: 2025\nrisker:\n  - nr: 12\n    händelse: Felaktiga utbetalningar\n    sannolikhet: 3\n    konsekvens: 4\n    riskvärde: 12\n";

    #[test]
    fn fires_when_no_control_refers_to_a_selected_risk() {
        let yaml = format!("{PLAN}    ikp: ja\nkontroller:\n  - id: K1\n    risker: [7]\n");
        let findings = check_one("IKP001", &yaml);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message.sv,
            "risk 12 (Felaktiga utbetalningar) ska ingå i internkontrollplanen men ingen kontroll hanterar den"
        );
        assert_eq!(findings[0].subject.entity, "risk:12");
        assert_eq!(findings[0].secondary.len(), 1);
    }

    #[test]
    fn fires_when_the_plan_has_no_controls_at_all() {
        let yaml = format!("{PLAN}    ikp: ja\n");
        assert_eq!(check_one("IKP001", &yaml).len(), 1);
    }

    #[test]
    fn silent_when_a_control_lists_the_risk_among_others() {
        let yaml = format!("{PLAN}    ikp: ja\nkontroller:\n  - id: K1\n    risker: [7, 12]\n");
        assert!(check_one("IKP001", &yaml).is_empty());
    }

    #[test]
    fn silent_for_risks_kept_in_the_register_only() {
        let yaml =
            format!("{PLAN}    ikp: nej\n    motivering: Hanteras i ordinarie budgetuppföljning\n");
        assert!(check_one("IKP001", &yaml).is_empty());
        // Without an IKP column (seed 003) nothing says the risk was selected.
        assert!(check_one("IKP001", PLAN).is_empty());
    }
}
