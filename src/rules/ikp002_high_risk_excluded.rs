//! IKP002 — a risk at or above the profile's threshold is left out of the plan without a
//! `motivering`. With a motivering the exclusion is a decision, not a flaw: it gives no
//! finding, but [`justified_exclusions`] lists it so that reports can show it to auditors.

use super::{Context, Rule, RuleMeta, StaticText, entity};
use crate::config::Profile;
use crate::finding::{Finding, Severity, Subject};
use crate::model::{DocKind, IkpChoice, Plan, Risk, Spanned};
use crate::text;

pub struct HighRiskExcluded;

pub static RULE: HighRiskExcluded = HighRiskExcluded;

static META: RuleMeta = RuleMeta {
    code: "IKP002",
    name: "hog-risk-utesluten",
    // Error: by the municipality's own rule the risk belongs in the plan, and the document
    // gives no reason why it is not. The fix is cheap either way (ikp: ja, or a motivering).
    default_severity: Severity::Error,
    kinds: &[DocKind::Plan],
    title: StaticText {
        sv: "En risk med högt riskvärde lämnas utanför planen utan motivering",
        en: "A high-value risk is left out of the plan without a justification",
    },
    basis: StaticText {
        sv: "Kommunens riktlinjer för intern kontroll (tröskeln för internkontrollplanen, profilens `ikp.tröskel`); KL 6 kap. 6 §.",
        en: "The municipality's internal-control guidelines (the plan's threshold, the profile's `ikp.tröskel`); Local Government Act ch. 6 § 6.",
    },
    doc: StaticText {
        sv: DOC_SV,
        en: DOC_EN,
    },
};

const DOC_SV: &str = "\
## Vad den gör
Rapporterar en risk vars riskvärde når kommunens tröskel (profilens `ikp.tröskel`) men som har
`ikp: nej` utan `motivering`. Riskvärdet är det som står i `riskvärde`, annars sannolikhet ×
konsekvens. En risk med motivering ger inget fynd, men räknas och listas i rapporterna så att
revisorerna ser varje medvetet undantag.

## Varför är det dåligt
Tröskeln är kommunens regel för vilka risker som ska kontrolleras under året. En hög risk som
tyst lämnas utanför är antingen ett misstag i urvalet eller ett beslut som ingen kan granska.
Regeln ger fel: dokumentet bryter mot kommunens egen regel utan att säga varför.

## Grund
Kommunens riktlinjer för intern kontroll (tröskeln är kommunens val, inte lag; därför står den
i profilen) och Kommunallagen 6 kap. 6 §.

## Exempel
```yaml
risker:
  - nr: 31
    händelse: Otydlighet i beställning från förvaltning.
    sannolikhet: 3
    konsekvens: 3
    riskvärde: 9      # tröskeln är 9
    ikp: nej          # utan motivering
```

## Åtgärd
Ta med risken i planen (`ikp: ja` och en kontroll), eller skriv varför den lämnas utanför i
`motivering`.
";

const DOC_EN: &str = "\
## What it does
Reports a risk whose risk value reaches the municipality's threshold (the profile's
`ikp.tröskel`) but which has `ikp: nej` without a `motivering`. The risk value is the printed
`riskvärde`, else likelihood × consequence. A risk with a justification gives no finding, but
it is counted and listed in reports so that auditors see every deliberate exclusion.

## Why is this bad
The threshold is the municipality's rule for which risks are controlled during the year. A
high risk silently left out is either a selection mistake or a decision nobody can review.
The rule is an error: the document breaks the municipality's own rule without saying why.

## Basis
The municipality's internal-control guidelines (the threshold is the municipality's choice,
not law; hence it lives in the profile) and Local Government Act ch. 6 § 6.

## Example
```yaml
risker:
  - nr: 31
    händelse: Otydlighet i beställning från förvaltning.
    sannolikhet: 3
    konsekvens: 3
    riskvärde: 9      # the threshold is 9
    ikp: nej          # no motivering
```

## Fix
Put the risk in the plan (`ikp: ja` and a control), or write in `motivering` why it is left out.
";

/// Is the text given and not just white space?
fn written(text: Option<&Spanned<String>>) -> bool {
    text.is_some_and(|t| !t.value.trim().is_empty())
}

/// Left out of the plan (`ikp: nej`) although its risk value reaches the threshold.
fn excluded_above_threshold(risk: &Risk, profile: &Profile) -> Option<i64> {
    let rv = risk.assessed_value()?;
    let excluded = risk
        .in_plan
        .as_ref()
        .is_some_and(|c| c.value == IkpChoice::Nej);
    (excluded && rv >= profile.ikp.threshold).then_some(rv)
}

/// The risks at or above the threshold that are deliberately left out of the plan with a
/// `motivering`: no finding, but reports list them so that the exclusions stay visible.
pub fn justified_exclusions<'a>(plan: &'a Plan, profile: &Profile) -> Vec<&'a Spanned<Risk>> {
    plan.risks
        .iter()
        .filter(|r| {
            excluded_above_threshold(r, profile).is_some() && written(r.justification.as_ref())
        })
        .collect()
}

impl Rule for HighRiskExcluded {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(plan) = cx.plan() else { return };
        let threshold = cx.profile.ikp.threshold;
        for risk in &plan.risks {
            let Some(rv) = excluded_above_threshold(risk, cx.profile) else {
                continue;
            };
            if written(risk.justification.as_ref()) {
                continue;
            }
            let nr = risk.nr.value;
            let mut finding = cx
                .finding(
                    self,
                    risk.nr.span,
                    text!(
                        "risk {nr} har riskvärde {rv} (tröskel {threshold}) men är inte med i internkontrollplanen och saknar motivering",
                        "risk {nr} has risk value {rv} (threshold {threshold}) but is not in the internal-control plan and has no justification"
                    ),
                    Subject::new(entity::risk(risk), format!("RV={rv} ikp=nej")),
                )
                .with_help(text!(
                    "ta med risken i planen (`ikp: ja` och en kontroll), eller skriv i `motivering` varför den lämnas utanför",
                    "put the risk in the plan (`ikp: ja` and a control), or write in `motivering` why it is left out"
                ));
            if let Some(choice) = &risk.in_plan {
                finding = finding.with_secondary(cx.label(
                    choice.span,
                    text!("lämnas utanför planen här", "left out of the plan here"),
                ));
            }
            out.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::justified_exclusions;
    use crate::config::Config;
    use crate::rules::{check_one, check_with};

    const PLAN: &str = "typ: plan\nnämnd: Servicenämnden\når: 2025\nrisker:\n";

    fn risk(nr: i64, s: i64, k: i64, rest: &str) -> String {
        format!(
            "  - nr: {nr}\n    händelse: Otydlighet i beställning\n    sannolikhet: {s}\n    konsekvens: {k}\n{rest}"
        )
    }

    #[test]
    fn fires_at_the_threshold_without_motivering() {
        let yaml = format!(
            "{PLAN}{}",
            risk(31, 3, 3, "    riskvärde: 9\n    ikp: nej\n")
        );
        let findings = check_one("IKP002", &yaml);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message.sv,
            "risk 31 har riskvärde 9 (tröskel 9) men är inte med i internkontrollplanen och saknar motivering"
        );
        assert_eq!(findings[0].subject.content, "RV=9 ikp=nej");
    }

    #[test]
    fn uses_likelihood_times_consequence_when_the_value_is_not_printed() {
        let yaml = format!("{PLAN}{}", risk(5, 4, 4, "    ikp: nej\n"));
        let findings = check_one("IKP002", &yaml);
        assert_eq!(findings.len(), 1);
        assert!(findings[0].message.sv.contains("riskvärde 16"));
    }

    #[test]
    fn a_blank_motivering_is_no_motivering() {
        let yaml = format!(
            "{PLAN}{}",
            risk(
                31,
                3,
                3,
                "    riskvärde: 9\n    ikp: nej\n    motivering: \"  \"\n"
            )
        );
        assert_eq!(check_one("IKP002", &yaml).len(), 1);
    }

    #[test]
    fn silent_below_the_threshold_and_when_justified() {
        let below = format!(
            "{PLAN}{}",
            risk(1, 2, 4, "    riskvärde: 8\n    ikp: nej\n")
        );
        assert!(check_one("IKP002", &below).is_empty());
        let justified = format!(
            "{PLAN}{}",
            risk(
                31,
                3,
                3,
                "    riskvärde: 9\n    ikp: nej\n    motivering: Ingår i stadens gemensamma kontroll av beställningar\n"
            )
        );
        assert!(check_one("IKP002", &justified).is_empty());
    }

    #[test]
    fn the_threshold_comes_from_the_configuration() {
        let yaml = format!(
            "{PLAN}{}",
            risk(31, 3, 3, "    riskvärde: 9\n    ikp: nej\n")
        );
        let config = "profil = \"stockholm\"\n[ikp]\n\"tröskel\" = 10\n";
        assert!(check_with("IKP002", &[("plan.yaml", &yaml)], Some(config)).is_empty());
    }

    #[test]
    fn justified_exclusions_lists_only_justified_high_risks() {
        let yaml = format!(
            "{PLAN}{}{}{}",
            risk(
                31,
                3,
                3,
                "    riskvärde: 9\n    ikp: nej\n    motivering: Hanteras av stadsledningskontoret\n"
            ),
            risk(32, 3, 3, "    riskvärde: 9\n    ikp: nej\n"),
            risk(
                33,
                2,
                2,
                "    riskvärde: 4\n    ikp: nej\n    motivering: Låg risk\n"
            ),
        );
        let report = crate::engine::check_sources(vec![("plan.yaml".into(), yaml)], None).unwrap();
        let crate::model::Document::Plan(plan) = &report.documents[0].doc else {
            panic!("the fixture is a plan");
        };
        let profile = Config::builtin_default().unwrap().profile;
        let listed: Vec<i64> = justified_exclusions(plan, &profile)
            .iter()
            .map(|r| r.nr.value)
            .collect();
        assert_eq!(listed, vec![31]);
    }
}
