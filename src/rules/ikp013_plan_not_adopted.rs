//! IKP013 — the plan has no adoption date, or was adopted after its year began.

use super::{Context, Rule, RuleMeta, StaticText, entity};
use crate::finding::{Finding, Severity, Subject};
use crate::model::DocKind;
use crate::text;

pub struct PlanNotAdopted;

pub static RULE: PlanNotAdopted = PlanNotAdopted;

static META: RuleMeta = RuleMeta {
    code: "IKP013",
    name: "plan-ej-faststalld-i-tid",
    // Warning, not info: an absent or late adoption date is a real gap an auditor asks about
    // (was the plan decided by the nämnd, and in time to govern the whole year?). Not an
    // error: adoption before the year is the municipality's rule and good practice, not law,
    // and a transcription may simply not have printed the date.
    default_severity: Severity::Warning,
    kinds: &[DocKind::Plan],
    title: StaticText {
        sv: "Planen saknar fastställandedatum eller fastställdes efter årets början",
        en: "The plan has no adoption date or was adopted after its year began",
    },
    basis: StaticText {
        sv: "Kommunens riktlinjer för intern kontroll (planen antas med verksamhetsplanen före året); profilens `plan.kräv_fastställd`.",
        en: "The municipality's internal-control guidelines (the plan is adopted with the operational plan before the year); the profile's `plan.kräv_fastställd`.",
    },
    doc: StaticText {
        sv: DOC_SV,
        en: DOC_EN,
    },
};

const DOC_SV: &str = "\
## Vad den gör
Rapporterar en plan utan `fastställd`, och en plan vars `fastställd` är den 1 januari det år
planen gäller eller senare. Regeln gäller när profilens `plan.kräv_fastställd` är sann.

## Varför är det dåligt
Internkontrollplanen ska styra hela året och antas därför av nämnden, oftast med
verksamhetsplanen i december. Utan datum går det inte att se att nämnden beslutat om planen;
med ett datum efter årets början har kontrollerna under början av året saknat beslut.
Regeln ger varning: revisorerna frågar efter beslutet, men kravet på tidpunkt är kommunens
och datumet kan saknas bara i avskriften.

## Grund
Kommunens riktlinjer för intern kontroll och god praxis: nämnden fastställer planen innan året
den gäller börjar. Kravet kan stängas av med `plan.kräv_fastställd = false`.

## Exempel
```yaml
typ: plan
nämnd: Servicenämnden
år: 2025
fastställd: 2025-02-13   # efter årets början
```

## Åtgärd
Ange datumet för nämndens beslut i `fastställd` (ÅÅÅÅ-MM-DD). Fastställdes planen sent: se
till att nästa års plan antas före årsskiftet.
";

const DOC_EN: &str = "\
## What it does
Reports a plan without `fastställd`, and a plan whose `fastställd` is on or after 1 January
of the year it governs. The rule applies when the profile's `plan.kräv_fastställd` is true.

## Why is this bad
The internal-control plan governs the whole year and is therefore adopted by the committee,
usually with the operational plan in December. Without a date nobody can see that the
committee decided on the plan; with a date after the year began, the controls of the first
part of the year had no decision behind them. The rule is a warning: auditors ask for the
decision, but the timing requirement is the municipality's, and the date may be missing only
from the transcription.

## Basis
The municipality's internal-control guidelines and good practice: the committee adopts the
plan before the year it governs begins. The requirement can be turned off with
`plan.kräv_fastställd = false`.

## Example
```yaml
typ: plan
nämnd: Servicenämnden
år: 2025
fastställd: 2025-02-13   # after the year began
```

## Fix
Give the date of the committee's decision in `fastställd` (YYYY-MM-DD). If the plan was
adopted late, make sure next year's plan is adopted before the new year.
";

impl Rule for PlanNotAdopted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(plan) = cx.plan() else { return };
        if !cx.profile.plan.require_adopted {
            return;
        }
        let year = plan.year.value;
        let committee = &plan.committee.value;
        let before = year.saturating_sub(1);
        match &plan.adopted {
            None => out.push(
                cx.finding(
                    self,
                    // `år` is the field the date belongs with: "the plan for 2025 …".
                    plan.year.span,
                    text!(
                        "planen för {year} saknar datum för när {committee} fastställde den",
                        "the plan for {year} has no date on which {committee} adopted it"
                    ),
                    Subject::new(entity::DOCUMENT, "fastställd=saknas"),
                )
                .with_help(text!(
                    "ange datumet för nämndens beslut om planen: `fastställd: ÅÅÅÅ-MM-DD` (senast {before}-12-31)",
                    "give the date of the committee's decision on the plan: `fastställd: YYYY-MM-DD` (by {before}-12-31)"
                )),
            ),
            Some(adopted) if i64::from(adopted.value.year) >= year => {
                let date = adopted.value;
                out.push(
                    cx.finding(
                        self,
                        adopted.span,
                        text!(
                            "planen för {year} fastställdes {date}, efter att året den gäller hade börjat",
                            "the plan for {year} was adopted on {date}, after the year it governs had begun"
                        ),
                        Subject::new(entity::DOCUMENT, format!("fastställd={date}")),
                    )
                    .with_secondary(cx.label(
                        plan.year.span,
                        text!("planen gäller {year}", "the plan governs {year}"),
                    ))
                    .with_help(text!(
                        "kontrollera datumet; stämmer det, se till att nästa års plan fastställs före årsskiftet",
                        "check the date; if it is right, make sure next year's plan is adopted before the new year"
                    )),
                );
            }
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::{check_one, check_with};

    const PLAN: &str = "typ: plan\nnämnd: Servicenämnden\når: 2025\n";

    #[test]
    fn fires_without_a_date() {
        let findings = check_one("IKP013", PLAN);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message.sv,
            "planen för 2025 saknar datum för när Servicenämnden fastställde den"
        );
        assert_eq!(&PLAN[findings[0].primary.span.range()], "2025");
    }

    #[test]
    fn fires_when_adopted_on_new_years_day() {
        let yaml = format!("{PLAN}fastställd: 2025-01-01\n");
        let findings = check_one("IKP013", &yaml);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].subject.content, "fastställd=2025-01-01");
        assert_eq!(&yaml[findings[0].primary.span.range()], "2025-01-01");
    }

    #[test]
    fn silent_when_adopted_on_new_years_eve() {
        let yaml = format!("{PLAN}fastställd: 2024-12-31\n");
        assert!(check_one("IKP013", &yaml).is_empty());
    }

    #[test]
    fn silent_when_the_profile_does_not_require_it() {
        let config = "profil = \"stockholm\"\n[plan]\n\"kräv_fastställd\" = false\n";
        assert!(check_with("IKP013", &[("plan.yaml", PLAN)], Some(config)).is_empty());
    }
}
