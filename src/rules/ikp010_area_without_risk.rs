//! IKP010 — an area (delområde) the municipality requires has no risk in the register.

use std::collections::HashSet;

use super::{Context, Rule, RuleMeta, StaticText, entity};
use crate::finding::{Finding, Severity, Subject};
use crate::model::DocKind;
use crate::text;

pub struct AreaWithoutRisk;

pub static RULE: AreaWithoutRisk = AreaWithoutRisk;

static META: RuleMeta = RuleMeta {
    code: "IKP010",
    name: "delomrade-utan-risk",
    // Warning: the plan breaks the municipality's coverage rule, but the gap may be an area
    // that was assessed and found to hold no significant risk; that is worth stating in the
    // plan (or in an exemption), not a contradiction in the data.
    default_severity: Severity::Warning,
    kinds: &[DocKind::Plan],
    title: StaticText {
        sv: "Ett delområde som kommunen kräver saknar risker",
        en: "An area the municipality requires has no risk",
    },
    basis: StaticText {
        sv: "Kommunens reglemente för intern kontroll (profilens `områden.obligatoriska`).",
        en: "The municipality's internal-control regulation (the profile's `områden.obligatoriska`).",
    },
    doc: StaticText {
        sv: DOC_SV,
        en: DOC_EN,
    },
};

const DOC_SV: &str = "\
## Vad den gör
Rapporterar varje delområde i profilens `områden.obligatoriska` som ingen risk i registret
hör till (fältet `område`). Namn jämförs utan hänsyn till skiftläge och genom profilens
alias: med `\"Verksamhetsspecifik\" = \"Verksamhet\"` räknas en risk i Verksamhetsspecifik
till Verksamhet. Fyndet pekar på `nämnd`, eftersom kravet gäller nämndens plan som helhet.

## Varför är det dåligt
Kommuner som kräver att planen täcker vissa delområden (till exempel Administration, Ekonomi,
Personal, Verksamhet) vill att nämnden har prövat riskerna inom vart och ett. Ett delområde
utan en enda risk är antingen inte analyserat, eller analyserat utan att det syns. Regeln ger
varning: kravet är inte uppfyllt, men delområdet kan vara prövat och befunnet utan väsentlig
risk, och det ska då framgå.

## Grund
Kommunens reglemente för intern kontroll. Vilka delområden som krävs är kommunens val och står
i profilen; Stockholmsprofilen kräver inga.

## Exempel
```yaml
# profilen kräver Administration, Ekonomi, Personal, Verksamhet
risker:
  - nr: 1
    område: Administration
  - nr: 2
    område: Ekonomi
  - nr: 3
    område: Verksamhetsspecifik   # räknas som Verksamhet
# ingen risk inom Personal
```

## Åtgärd
Analysera delområdet och för in dess risker med `område: Personal`. Om analysen inte gav någon
väsentlig risk: skriv ett `undantag` för IKP010 på dokumentet med en motivering.
";

const DOC_EN: &str = "\
## What it does
Reports every area in the profile's `områden.obligatoriska` that no risk in the register
belongs to (the field `område`). Names compare ignoring case and through the profile's
aliases: with `\"Verksamhetsspecifik\" = \"Verksamhet\"` a risk in Verksamhetsspecifik counts
for Verksamhet. The finding points at `nämnd`, since the requirement is on the committee's
plan as a whole.

## Why is this bad
Municipalities that require the plan to cover certain areas (for example Administration,
Ekonomi, Personal, Verksamhet) want the committee to have assessed the risks in each. An area
without a single risk was either not analysed, or analysed without it showing. The rule is a
warning: the requirement is not met, but the area may have been assessed and found to hold no
significant risk, which should then be stated.

## Basis
The municipality's internal-control regulation. Which areas are required is the
municipality's choice and lives in the profile; the Stockholm profile requires none.

## Example
```yaml
# the profile requires Administration, Ekonomi, Personal, Verksamhet
risker:
  - nr: 1
    område: Administration
  - nr: 2
    område: Ekonomi
  - nr: 3
    område: Verksamhetsspecifik   # counts as Verksamhet
# no risk in Personal
```

## Fix
Analyse the area and add its risks with `område: Personal`. If the analysis found no
significant risk, write an `undantag` for IKP010 on the document with a justification.
";

impl Rule for AreaWithoutRisk {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(plan) = cx.plan() else { return };
        let required = &cx.profile.areas.required;
        if required.is_empty() {
            return;
        }
        let covered: HashSet<String> = plan
            .risks
            .iter()
            .filter_map(|r| r.area.as_ref())
            .map(|a| cx.profile.canonical_area(&a.value))
            .collect();
        let committee = &plan.committee.value;
        let mut reported = HashSet::new();
        for area in required {
            let canonical = cx.profile.canonical_area(area);
            if covered.contains(&canonical) || !reported.insert(canonical.clone()) {
                continue;
            }
            let name = area.trim();
            // The caret goes on `nämnd`: the model keeps positions of values, not of keys, so
            // `risker:` has none (and an empty or absent register has no position at all).
            // `nämnd` is always present, sits at the top beside `typ`, and names whose plan
            // lacks the area; pointing at any one risk would blame that risk.
            out.push(
                cx.finding(
                    self,
                    plan.committee.span,
                    text!(
                        "planen för {committee} har ingen risk inom delområdet {name}, som kommunen kräver att planen täcker",
                        "the plan of {committee} has no risk in the area {name}, which the municipality requires the plan to cover"
                    ),
                    Subject::new(entity::DOCUMENT, format!("område={canonical}")),
                )
                .with_help(text!(
                    "analysera delområdet {name} och för in dess risker med `område: {name}`; gav analysen ingen väsentlig risk, skriv ett `undantag` för IKP010 med motivering",
                    "analyse the area {name} and add its risks with `område: {name}`; if the analysis found no significant risk, write an `undantag` for IKP010 with a justification"
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Finding;
    use crate::rules::{check_one, check_with};

    const PLAN: &str = "typ: plan\nnämnd: Nämnden för IT-förvaltningen\når: 2019\nrisker:\n  - nr: 1\n    område: Administration\n  - nr: 2\n    område: ekonomi\n  - nr: 3\n    område: Verksamhetsspecifik\n";

    fn fyrgradig(yaml: &str) -> Vec<Finding> {
        check_with(
            "IKP010",
            &[("plan.yaml", yaml)],
            Some("profil = \"fyrgradig\"\n"),
        )
    }

    #[test]
    fn fires_once_for_the_missing_area() {
        let findings = fyrgradig(PLAN);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert_eq!(
            findings[0].message.sv,
            "planen för Nämnden för IT-förvaltningen har ingen risk inom delområdet Personal, som kommunen kräver att planen täcker"
        );
        assert_eq!(findings[0].subject.content, "område=personal");
        assert_eq!(
            &PLAN[findings[0].primary.span.range()],
            "Nämnden för IT-förvaltningen"
        );
    }

    #[test]
    fn fires_for_every_area_when_the_register_is_empty() {
        let yaml = "typ: plan\nnämnd: Nämnden för IT-förvaltningen\når: 2019\n";
        assert_eq!(fyrgradig(yaml).len(), 4);
    }

    #[test]
    fn silent_when_every_area_is_covered_through_aliases() {
        let yaml = format!("{PLAN}  - nr: 4\n    område: PERSONAL\n");
        assert!(fyrgradig(&yaml).is_empty());
    }

    #[test]
    fn silent_when_the_profile_requires_no_areas() {
        assert!(check_one("IKP010", PLAN).is_empty());
    }
}
