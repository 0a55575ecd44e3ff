//! IKP005 — a likelihood, consequence or risk value lies outside the profile's scale.

use super::{Context, Rule, RuleMeta, StaticText, entity};
use crate::finding::{Finding, Severity, Subject, Text};
use crate::model::{DocKind, Spanned};
use crate::text;

pub struct ScoreOffScale;

pub static RULE: ScoreOffScale = ScoreOffScale;

static META: RuleMeta = RuleMeta {
    code: "IKP005",
    name: "varde-utanfor-skalan",
    // Error: a score the scale does not have cannot be placed in the matrix; it is a typo or
    // a value from another municipality's scale.
    default_severity: Severity::Error,
    kinds: &[DocKind::Plan],
    title: StaticText {
        sv: "Sannolikhet, konsekvens eller riskvärde ligger utanför kommunens skala",
        en: "Likelihood, consequence or risk value lies outside the municipality's scale",
    },
    basis: StaticText {
        sv: "Kommunens riktlinjer för väsentlighets- och riskanalys (skalan i profilens `skala`).",
        en: "The municipality's risk-assessment guidelines (the scale in the profile's `skala`).",
    },
    doc: StaticText {
        sv: DOC_SV,
        en: DOC_EN,
    },
};

const DOC_SV: &str = "\
## Vad den gör
Rapporterar en sannolikhet eller konsekvens som inte är ett steg på kommunens skala (1 till
antalet nivåer i profilens `skala.sannolikhet` och `skala.konsekvens`), och ett riskvärde som
ligger utanför 1 till högsta sannolikhet × högsta konsekvens.

## Varför är det dåligt
Ett värde utanför skalan kan inte placeras i riskmatrisen och jämförs fel med tröskeln. Det
är nästan alltid ett skrivfel, eller en bedömning gjord på en annan kommuns skala (1–5 i
stället för 1–4). Regeln ger fel: skalan har inget sådant steg.

## Grund
Kommunens riktlinjer för väsentlighets- och riskanalys, som anger skalans steg. Skalan är
kommunens val och står därför i profilen.

## Exempel
```yaml
# skala 1–4 (profilen fyrgradig)
risker:
  - nr: 2
    sannolikhet: 5   # skalan slutar på 4 (Sannolik)
    konsekvens: 3
    riskvärde: 15
```

## Åtgärd
Bedöm risken på kommunens skala och rätta värdet (och riskvärdet).
";

const DOC_EN: &str = "\
## What it does
Reports a likelihood or consequence that is not a step on the municipality's scale (1 to the
number of levels in the profile's `skala.sannolikhet` and `skala.konsekvens`), and a risk
value outside 1 to highest likelihood × highest consequence.

## Why is this bad
A value off the scale cannot be placed in the risk matrix and compares wrongly with the
threshold. It is nearly always a typo, or an assessment made on another municipality's scale
(1–5 instead of 1–4). The rule is an error: the scale has no such step.

## Basis
The municipality's risk-assessment guidelines, which define the scale. The scale is the
municipality's choice and lives in the profile.

## Example
```yaml
# scale 1–4 (profile fyrgradig)
risker:
  - nr: 2
    sannolikhet: 5   # the scale ends at 4 (Sannolik)
    konsekvens: 3
    riskvärde: 15
```

## Fix
Assess the risk on the municipality's scale and correct the value (and the risk value).
";

/// One score and the range it must lie in.
struct Check<'a> {
    value: &'a Spanned<i64>,
    max: i64,
    key: &'static str,
    name: Text,
    /// The names of the scale's lowest and highest level, if it has names.
    ends: Option<(&'a str, &'a str)>,
}

fn ends(levels: &[String]) -> Option<(&str, &str)> {
    Some((levels.first()?.as_str(), levels.last()?.as_str()))
}

impl Rule for ScoreOffScale {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(plan) = cx.plan() else { return };
        let scale = &cx.profile.scale;
        let max_s = scale.max_likelihood();
        let max_k = scale.max_consequence();
        let max_rv = max_s.saturating_mul(max_k);
        for risk in &plan.risks {
            let checks = [
                risk.likelihood.as_ref().map(|v| Check {
                    value: v,
                    max: max_s,
                    key: "sannolikhet",
                    name: Text::new("sannolikhet", "likelihood"),
                    ends: ends(&scale.likelihood),
                }),
                risk.consequence.as_ref().map(|v| Check {
                    value: v,
                    max: max_k,
                    key: "konsekvens",
                    name: Text::new("konsekvens", "consequence"),
                    ends: ends(&scale.consequence),
                }),
                risk.risk_value.as_ref().map(|v| Check {
                    value: v,
                    max: max_rv,
                    key: "riskvärde",
                    name: Text::new("riskvärde", "risk value"),
                    ends: None,
                }),
            ];
            for check in checks.into_iter().flatten() {
                let value = check.value.value;
                if (1..=check.max).contains(&value) {
                    continue;
                }
                let nr = risk.nr.value;
                let (name_sv, name_en) = (&check.name.sv, &check.name.en);
                let max = check.max;
                let range = match check.ends {
                    Some((low, high)) => text!(
                        "1 ({low}) till {max} ({high})",
                        "1 ({low}) to {max} ({high})"
                    ),
                    None => text!(
                        "1 till {max} (högsta sannolikhet × högsta konsekvens)",
                        "1 to {max} (highest likelihood × highest consequence)"
                    ),
                };
                let (range_sv, range_en) = (&range.sv, &range.en);
                let key = check.key;
                out.push(
                    cx.finding(
                        self,
                        check.value.span,
                        text!(
                            "risk {nr} har {name_sv} {value}, utanför kommunens skala {range_sv}",
                            "risk {nr} has {name_en} {value}, outside the municipality's scale {range_en}"
                        ),
                        Subject::new(entity::risk(risk), format!("{key}={value}")),
                    )
                    .with_help(text!(
                        "bedöm risken på skalan {range_sv} och rätta värdet",
                        "assess the risk on the scale {range_en} and correct the value"
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::{check_one, check_with};

    const PLAN: &str = "typ: plan\nnämnd: Nämnden för IT-förvaltningen\når: 2019\nrisker:\n  - nr: 2\n    händelse: Inköp enligt ramavtal följs inte\n";

    #[test]
    fn fires_on_a_likelihood_above_the_scale() {
        let yaml = format!("{PLAN}    sannolikhet: 6\n    konsekvens: 3\n    riskvärde: 18\n");
        let findings = check_one("IKP005", &yaml);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message.sv,
            "risk 2 har sannolikhet 6, utanför kommunens skala 1 (Osannolikt) till 5 (Mycket sannolikt)"
        );
        assert_eq!(findings[0].subject.content, "sannolikhet=6");
    }

    #[test]
    fn fires_on_zero_and_on_a_risk_value_above_the_largest_product() {
        let yaml = format!("{PLAN}    sannolikhet: 0\n    konsekvens: 3\n    riskvärde: 26\n");
        let findings = check_one("IKP005", &yaml);
        assert_eq!(findings.len(), 2);
        assert!(findings[0].message.sv.contains("sannolikhet 0"));
        assert!(
            findings[1]
                .message
                .sv
                .contains("riskvärde 26, utanför kommunens skala 1 till 25")
        );
    }

    #[test]
    fn the_scale_comes_from_the_profile() {
        // 5 is on the Stockholm scale but not on the four-step one.
        let yaml = format!("{PLAN}    sannolikhet: 5\n    konsekvens: 3\n    riskvärde: 15\n");
        assert!(check_one("IKP005", &yaml).is_empty());
        let findings = check_with(
            "IKP005",
            &[("plan.yaml", &yaml)],
            Some("profil = \"fyrgradig\"\n"),
        );
        assert_eq!(findings.len(), 1);
        assert!(findings[0].message.sv.contains("till 4 (Sannolik)"));
        assert_eq!(findings[0].subject.content, "sannolikhet=5");
    }

    #[test]
    fn silent_at_the_ends_of_the_scale() {
        let yaml = format!("{PLAN}    sannolikhet: 5\n    konsekvens: 5\n    riskvärde: 25\n");
        assert!(check_one("IKP005", &yaml).is_empty());
        let low = format!("{PLAN}    sannolikhet: 1\n    konsekvens: 1\n    riskvärde: 1\n");
        assert!(check_one("IKP005", &low).is_empty());
    }
}
