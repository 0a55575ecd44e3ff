//! IKP003 — the printed risk value is not likelihood × consequence.

use super::{Context, Rule, RuleMeta, StaticText, entity};
use crate::finding::{Finding, Severity, Subject};
use crate::model::DocKind;
use crate::text;

pub struct WrongRiskValue;

pub static RULE: WrongRiskValue = WrongRiskValue;

static META: RuleMeta = RuleMeta {
    code: "IKP003",
    name: "fel-riskvarde",
    // Error: arithmetic is either right or wrong, and a wrong value moves the risk across the
    // plan's threshold or into another zone of the matrix.
    default_severity: Severity::Error,
    kinds: &[DocKind::Plan],
    title: StaticText {
        sv: "Riskvärdet är inte sannolikhet × konsekvens",
        en: "The risk value is not likelihood × consequence",
    },
    basis: StaticText {
        sv: "Kommunens riktlinjer för väsentlighets- och riskanalys (riskvärde = sannolikhet × konsekvens).",
        en: "The municipality's risk-assessment guidelines (risk value = likelihood × consequence).",
    },
    doc: StaticText {
        sv: DOC_SV,
        en: DOC_EN,
    },
};

const DOC_SV: &str = "\
## Vad den gör
Rapporterar en risk där `riskvärde` inte är `sannolikhet` × `konsekvens`. Regeln prövar bara
risker där alla tre värdena står; ett saknat värde är IKP004.

## Varför är det dåligt
Riskvärdet avgör om risken når tröskeln för internkontrollplanen och var den hamnar i
riskmatrisen. Ett felräknat eller felskrivet värde kan flytta en risk in i eller ut ur planen
utan att någon har bedömt om. Regeln ger fel: räkningen stämmer eller stämmer inte.

## Grund
Kommunens riktlinjer för väsentlighets- och riskanalys: riskvärdet är produkten av
sannolikhet och konsekvens.

## Exempel
```yaml
risker:
  - nr: 14
    sannolikhet: 2
    konsekvens: 3
    riskvärde: 7   # 2 × 3 = 6
```

## Åtgärd
Rätta riskvärdet, eller rätta sannolikheten eller konsekvensen om det är den som är fel.
";

const DOC_EN: &str = "\
## What it does
Reports a risk whose `riskvärde` is not `sannolikhet` × `konsekvens`. Only risks with all
three values are checked; a missing value is IKP004.

## Why is this bad
The risk value decides whether the risk reaches the plan's threshold and where it sits in the
risk matrix. A miscalculated or mistyped value can move a risk into or out of the plan
without anyone reassessing it. The rule is an error: the arithmetic is right or it is not.

## Basis
The municipality's risk-assessment guidelines: the risk value is the product of likelihood
and consequence.

## Example
```yaml
risker:
  - nr: 14
    sannolikhet: 2
    konsekvens: 3
    riskvärde: 7   # 2 × 3 = 6
```

## Fix
Correct the risk value, or the likelihood or consequence if that is what is wrong.
";

impl Rule for WrongRiskValue {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(plan) = cx.plan() else { return };
        for risk in &plan.risks {
            let (Some(s), Some(k), Some(rv)) =
                (&risk.likelihood, &risk.consequence, &risk.risk_value)
            else {
                continue;
            };
            let (sv, kv, printed) = (s.value, k.value, rv.value);
            // A product too large for i64 is certainly not the printed value.
            let product = sv.checked_mul(kv);
            if product == Some(printed) {
                continue;
            }
            let product_text = product.map_or_else(|| "?".to_string(), |p| p.to_string());
            let nr = risk.nr.value;
            out.push(
                cx.finding(
                    self,
                    rv.span,
                    text!(
                        "risk {nr} har riskvärde {printed} men sannolikhet {sv} × konsekvens {kv} = {product_text}",
                        "risk {nr} has risk value {printed} but likelihood {sv} × consequence {kv} = {product_text}"
                    ),
                    Subject::new(entity::risk(risk), format!("S={sv} K={kv} RV={printed}")),
                )
                .with_secondary(cx.label(s.span, text!("sannolikhet {sv}", "likelihood {sv}")))
                .with_secondary(cx.label(k.span, text!("konsekvens {kv}", "consequence {kv}")))
                .with_help(text!(
                    "skriv `riskvärde: {product_text}`, eller rätta sannolikheten eller konsekvensen om det är den som är fel",
                    "write `riskvärde: {product_text}`, or correct the likelihood or consequence if that is what is wrong"
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check_one;

    const PLAN: &str = "typ: plan\nnämnd: Servicenämnden\når: 2025\nrisker:\n  - nr: 14\n    händelse: Felaktig fakturering\n";

    #[test]
    fn fires_when_the_product_differs() {
        let yaml = format!("{PLAN}    sannolikhet: 2\n    konsekvens: 3\n    riskvärde: 7\n");
        let findings = check_one("IKP003", &yaml);
        assert_eq!(findings.len(), 1);
        let f = &findings[0];
        assert_eq!(
            f.message.sv,
            "risk 14 har riskvärde 7 men sannolikhet 2 × konsekvens 3 = 6"
        );
        assert_eq!(f.subject.content, "S=2 K=3 RV=7");
        assert_eq!(&yaml[f.primary.span.range()], "7");
        assert_eq!(f.secondary.len(), 2);
        assert_eq!(&yaml[f.secondary[0].span.range()], "2");
        assert_eq!(&yaml[f.secondary[1].span.range()], "3");
    }

    #[test]
    fn huge_scores_do_not_overflow() {
        let yaml = format!(
            "{PLAN}    sannolikhet: 9223372036854775807\n    konsekvens: 2\n    riskvärde: 1\n"
        );
        let findings = check_one("IKP003", &yaml);
        assert_eq!(findings.len(), 1);
        assert!(findings[0].message.sv.ends_with("= ?"));
    }

    #[test]
    fn silent_when_the_product_matches() {
        let yaml = format!("{PLAN}    sannolikhet: 2\n    konsekvens: 3\n    riskvärde: 6\n");
        assert!(check_one("IKP003", &yaml).is_empty());
    }

    #[test]
    fn silent_when_a_value_is_missing() {
        // That is IKP004's finding, not a wrong product.
        let yaml = format!("{PLAN}    sannolikhet: 2\n    riskvärde: 7\n");
        assert!(check_one("IKP003", &yaml).is_empty());
    }
}
