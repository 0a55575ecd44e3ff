//! IKP004 — a risk lacks its likelihood, consequence or risk value.

use super::{Context, Rule, RuleMeta, StaticText, entity};
use crate::finding::{Finding, Severity, Subject};
use crate::model::DocKind;
use crate::text;

pub struct MissingScore;

pub static RULE: MissingScore = MissingScore;

static META: RuleMeta = RuleMeta {
    code: "IKP004",
    name: "saknad-riskbedomning",
    default_severity: Severity::Error,
    kinds: &[DocKind::Plan],
    title: StaticText {
        sv: "Sannolikhet, konsekvens eller riskvärde saknas",
        en: "Likelihood, consequence or risk value is missing",
    },
    basis: StaticText {
        sv: "KL 6 kap. 6 §; kommunens riktlinjer för intern kontroll (väsentlighets- och riskanalys).",
        en: "Local Government Act ch. 6 § 6; the municipality's internal-control guidelines (risk assessment).",
    },
    doc: StaticText {
        sv: DOC_SV,
        en: DOC_EN,
    },
};

const DOC_SV: &str = "\
## Vad den gör
Rapporterar en risk i väsentlighets- och riskanalysen som saknar sannolikhet, konsekvens
eller riskvärde.

## Varför är det dåligt
En risk utan bedömning kan inte placeras i riskmatrisen och kan inte prövas mot tröskeln för
internkontrollplanen. Den faller ur urvalet utan att någon har beslutat det.

## Grund
Kommunallagen 6 kap. 6 § (nämnden ska se till att den interna kontrollen är tillräcklig) och
kommunens riktlinjer, som kräver att varje oönskad händelse värderas.

## Exempel
```yaml
risker:
  - nr: 70
    händelse: Risk för att leverantören inte fullgör avtalet
    # sannolikhet, konsekvens och riskvärde saknas
```

## Åtgärd
Bedöm risken och fyll i `sannolikhet`, `konsekvens` och `riskvärde` (= sannolikhet × konsekvens).
";

const DOC_EN: &str = "\
## What it does
Reports a risk in the risk register that lacks its likelihood, consequence or risk value.

## Why is this bad
A risk without an assessment cannot be placed in the risk matrix and cannot be compared with
the plan's threshold. It drops out of the selection without anyone deciding so.

## Basis
Local Government Act ch. 6 § 6 (the committee must ensure sufficient internal control) and the
municipality's guidelines, which require every undesired event to be assessed.

## Example
```yaml
risker:
  - nr: 70
    händelse: Risk för att leverantören inte fullgör avtalet
    # sannolikhet, konsekvens and riskvärde are missing
```

## Fix
Assess the risk and fill in `sannolikhet`, `konsekvens` and `riskvärde` (= likelihood × consequence).
";

impl Rule for MissingScore {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(plan) = cx.plan() else { return };
        for risk in &plan.risks {
            let r = &risk.value;
            let mut missing_sv = Vec::new();
            let mut missing_en = Vec::new();
            for (present, sv, en) in [
                (r.likelihood.is_some(), "sannolikhet", "likelihood"),
                (r.consequence.is_some(), "konsekvens", "consequence"),
                (r.risk_value.is_some(), "riskvärde", "risk value"),
            ] {
                if !present {
                    missing_sv.push(sv);
                    missing_en.push(en);
                }
            }
            if missing_sv.is_empty() {
                continue;
            }
            let nr = r.nr.value;
            let (list_sv, list_en) = (missing_sv.join(", "), missing_en.join(", "));
            out.push(
                cx.finding(
                    self,
                    r.nr.span,
                    text!("risk {nr} saknar {list_sv}", "risk {nr} lacks {list_en}"),
                    Subject::new(entity::risk(r), list_sv.clone()),
                )
                .with_help(text!(
                    "bedöm risken och fyll i {list_sv}",
                    "assess the risk and fill in {list_sv}"
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check_one;

    const PLAN: &str = "typ: plan\nnämnd: Servicenämnden\når: 2025\nrisker:\n";

    #[test]
    fn fires_on_a_risk_without_scores() {
        let yaml = format!("{PLAN}  - nr: 70\n    händelse: Leverantören fullgör inte avtalet\n");
        let findings = check_one("IKP004", &yaml);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message.sv,
            "risk 70 saknar sannolikhet, konsekvens, riskvärde"
        );
        assert_eq!(findings[0].subject.entity, "risk:70");
    }

    #[test]
    fn empty_value_counts_as_missing() {
        let yaml =
            format!("{PLAN}  - nr: 3\n    sannolikhet: 2\n    konsekvens: ~\n    riskvärde: 6\n");
        let findings = check_one("IKP004", &yaml);
        assert_eq!(findings.len(), 1);
        assert!(findings[0].message.sv.ends_with("saknar konsekvens"));
    }

    #[test]
    fn silent_when_all_scores_are_present() {
        let yaml =
            format!("{PLAN}  - nr: 1\n    sannolikhet: 2\n    konsekvens: 3\n    riskvärde: 6\n");
        assert!(check_one("IKP004", &yaml).is_empty());
    }
}
