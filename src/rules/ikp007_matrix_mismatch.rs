//! IKP007 — a total printed in the risk matrix does not match the register.

use super::{Context, Rule, RuleMeta, StaticText, entity, wording};
use crate::config::normalize_word;
use crate::finding::{Finding, Severity, Subject};
use crate::model::DocKind;
use crate::text;

pub struct MatrixMismatch;

pub static RULE: MatrixMismatch = MatrixMismatch;

static META: RuleMeta = RuleMeta {
    code: "IKP007",
    name: "riskmatris-stammer-inte",
    // Error: the document says two different things about the same risks; at least one of
    // them is wrong, and the nämnd decides on the summary.
    default_severity: Severity::Error,
    kinds: &[DocKind::Plan],
    title: StaticText {
        sv: "Riskmatrisens summering stämmer inte med riskregistret",
        en: "The risk matrix summary does not match the register",
    },
    basis: StaticText {
        sv: "God praxis: ett beslutsunderlag ska vara internt konsistent; zonerna är kommunens (profilens `zoner`).",
        en: "Good practice: a decision document must be internally consistent; the zones are the municipality's (the profile's `zoner`).",
    },
    doc: StaticText {
        sv: DOC_SV,
        en: DOC_EN,
    },
};

const DOC_SV: &str = "\
## Vad den gör
Jämför riskmatrisens tryckta summering (`riskmatris`) med riskregistret:
- `totalt` ska vara antalet risker i `risker`;
- antalet per zon (`zoner`) ska vara antalet bedömda risker vars riskvärde hamnar i zonen
  enligt profilens `zoner` (riskvärdet är `riskvärde`, annars sannolikhet × konsekvens).
Zonnamn jämförs utan hänsyn till skiftläge. En tryckt zon som profilen inte känner till
rapporteras för sig.

## Varför är det dåligt
Nämnden läser matrisen, inte 70 rader risker. Stämmer summeringen inte har en risk fallit
bort, räknats två gånger eller bedömts om efter att matrisen gjordes, och beslutet fattas på
fel underlag. Regeln ger fel: dokumentet säger två olika saker om samma risker.

## Grund
God praxis: ett beslutsunderlag ska vara internt konsistent. Zonernas gränser är kommunens
och står i profilen.

## Exempel
```yaml
riskmatris:
  totalt: 69        # registret har 70 risker (risk 70 saknar bedömning)
  zoner:
    Kritisk: 3
    Medium: 64
    Låg: 2
```

## Åtgärd
Räkna om summeringen från registret, eller rätta den risk som saknas eller är fel bedömd.
";

const DOC_EN: &str = "\
## What it does
Compares the risk matrix's printed summary (`riskmatris`) with the register:
- `totalt` must be the number of risks in `risker`;
- the count per zone (`zoner`) must be the number of assessed risks whose risk value falls in
  the zone by the profile's `zoner` (the risk value is `riskvärde`, else likelihood ×
  consequence).
Zone names compare ignoring case. A printed zone the profile does not know is reported on its
own.

## Why is this bad
The committee reads the matrix, not seventy rows of risks. If the summary is off, a risk
dropped out, was counted twice or was reassessed after the matrix was made, and the decision
rests on the wrong basis. The rule is an error: the document says two things about the same
risks.

## Basis
Good practice: a decision document must be internally consistent. The zone limits are the
municipality's and live in the profile.

## Example
```yaml
riskmatris:
  totalt: 69        # the register has 70 risks (risk 70 is unassessed)
  zoner:
    Kritisk: 3
    Medium: 64
    Låg: 2
```

## Fix
Recount the summary from the register, or correct the risk that is missing or misassessed.
";

impl Rule for MatrixMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(plan) = cx.plan() else { return };
        let Some(matrix) = &plan.matrix else { return };

        if let Some(total) = &matrix.total {
            let printed = total.value;
            let actual = i64::try_from(plan.risks.len()).unwrap_or(i64::MAX);
            if printed != actual {
                let unassessed: Vec<_> = plan
                    .risks
                    .iter()
                    .filter(|r| r.assessed_value().is_none())
                    .collect();
                let assessed = actual - i64::try_from(unassessed.len()).unwrap_or(0);
                let shown = wording::risks(printed);
                let (shown_sv, shown_en) = (&shown.sv, &shown.en);
                let mut finding = cx.finding(
                    self,
                    total.span,
                    text!(
                        "riskmatrisen anger totalt {shown_sv} men registret har {actual}",
                        "the risk matrix gives a total of {shown_en} but the register has {actual}"
                    ),
                    Subject::new(
                        entity::DOCUMENT,
                        format!("riskmatris totalt={printed} register={actual}"),
                    ),
                );
                // When the difference is exactly the unassessed risks, say so: that is the
                // likely cause, and the fix is to assess them, not to edit the total.
                if printed == assessed && !unassessed.is_empty() {
                    let numbers = unassessed
                        .iter()
                        .map(|r| r.nr.value.to_string())
                        .collect::<Vec<_>>()
                        .join(", ");
                    for r in &unassessed {
                        finding = finding.with_secondary(cx.label(
                            r.nr.span,
                            text!(
                                "saknar bedömning och räknas inte i matrisen",
                                "unassessed, not counted in the matrix"
                            ),
                        ));
                    }
                    finding = finding.with_help(text!(
                        "{printed} av registrets {actual} risker är bedömda; bedöm risk {numbers} och räkna om matrisen",
                        "{printed} of the register's {actual} risks are assessed; assess risk {numbers} and recount the matrix"
                    ));
                } else {
                    finding = finding.with_help(text!(
                        "räkna om summeringen från registret (`totalt: {actual}`), eller rätta registret om en risk saknas eller står två gånger",
                        "recount the summary from the register (`totalt: {actual}`), or correct the register if a risk is missing or listed twice"
                    ));
                }
                out.push(finding);
            }
        }

        if matrix.zones.is_empty() {
            return;
        }
        let zones = &cx.profile.zones;
        let mut counted = vec![0i64; zones.len()];
        for risk in &plan.risks {
            let Some(rv) = risk.assessed_value() else {
                continue;
            };
            if let Some(zone) = cx.profile.zone_of(rv)
                && let Some(i) = zones.iter().position(|z| std::ptr::eq(z, zone))
            {
                counted[i] += 1;
            }
        }
        for (name, printed) in &matrix.zones {
            let wanted = normalize_word(name);
            let Some(i) = zones.iter().position(|z| normalize_word(&z.name) == wanted) else {
                let known = zones
                    .iter()
                    .map(|z| z.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                out.push(
                    cx.finding(
                        self,
                        printed.span,
                        text!(
                            "riskmatrisen anger zonen «{name}», som kommunens zonindelning inte har (zoner: {known})",
                            "the risk matrix gives the zone «{name}», which the municipality's zones do not include (zones: {known})"
                        ),
                        Subject::new(entity::DOCUMENT, format!("riskmatris okänd zon={wanted}")),
                    )
                    .with_help(text!(
                        "använd kommunens zonnamn ({known}), eller ändra zonerna i ikp.toml om profilen är fel",
                        "use the municipality's zone names ({known}), or change the zones in ikp.toml if the profile is wrong"
                    )),
                );
                continue;
            };
            let zone = &zones[i];
            let (actual, shown) = (counted[i], printed.value);
            if shown == actual {
                continue;
            }
            let zone_name = &zone.name;
            let lowest = zone.min_rv;
            let range = match i.checked_sub(1).and_then(|above| zones.get(above)) {
                Some(above) => {
                    let highest = above.min_rv.saturating_sub(1);
                    text!(
                        "riskvärde {lowest}–{highest}",
                        "risk value {lowest}–{highest}"
                    )
                }
                None => text!(
                    "riskvärde {lowest} eller mer",
                    "risk value {lowest} or more"
                ),
            };
            let (range_sv, range_en) = (&range.sv, &range.en);
            let count = wording::risks(shown);
            let (count_sv, count_en) = (&count.sv, &count.en);
            out.push(
                cx.finding(
                    self,
                    printed.span,
                    text!(
                        "riskmatrisen anger {count_sv} i zonen {zone_name} men registret har {actual} ({range_sv})",
                        "the risk matrix gives {count_en} in the zone {zone_name} but the register has {actual} ({range_en})"
                    ),
                    Subject::new(
                        entity::DOCUMENT,
                        format!("riskmatris {wanted}={shown} register={actual}"),
                    ),
                )
                .with_help(text!(
                    "räkna om zonen från registret ({zone_name}: {actual}), eller rätta de risker som är fel bedömda",
                    "recount the zone from the register ({zone_name}: {actual}), or correct the risks that are misassessed"
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::{check_one, check_with};

    const HEAD: &str = "typ: plan\nnämnd: Servicenämnden\når: 2025\n";

    /// Risks with these (S, K) scores, numbered from 1; `None` is an unassessed risk.
    fn risks(scores: &[Option<(i64, i64)>]) -> String {
        let mut out = String::from("risker:\n");
        for (i, score) in scores.iter().enumerate() {
            out.push_str(&format!("  - nr: {}\n", i + 1));
            if let Some((s, k)) = score {
                out.push_str(&format!(
                    "    sannolikhet: {s}\n    konsekvens: {k}\n    riskvärde: {}\n",
                    s * k
                ));
            }
        }
        out
    }

    #[test]
    fn fires_when_the_total_leaves_out_an_unassessed_risk() {
        let yaml = format!(
            "{HEAD}riskmatris:\n  totalt: 2\n  zoner:\n    Kritisk: 1\n    Låg: 1\n{}",
            risks(&[Some((3, 4)), Some((2, 2)), None])
        );
        let findings = check_one("IKP007", &yaml);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        let f = &findings[0];
        assert_eq!(
            f.message.sv,
            "riskmatrisen anger totalt 2 risker men registret har 3"
        );
        assert_eq!(
            f.help.as_ref().unwrap().sv,
            "2 av registrets 3 risker är bedömda; bedöm risk 3 och räkna om matrisen"
        );
        assert_eq!(f.secondary.len(), 1);
    }

    #[test]
    fn fires_on_a_wrong_zone_count_and_names_the_range() {
        let yaml = format!(
            "{HEAD}riskmatris:\n  totalt: 3\n  zoner:\n    kritisk: 2\n    Medium: 1\n{}",
            risks(&[Some((3, 4)), Some((3, 3)), Some((2, 4))])
        );
        let findings = check_one("IKP007", &yaml);
        assert_eq!(findings.len(), 2, "{findings:#?}");
        let messages: Vec<&str> = findings.iter().map(|f| f.message.sv.as_str()).collect();
        assert!(messages.contains(
            &"riskmatrisen anger 2 risker i zonen Kritisk men registret har 1 (riskvärde 12 eller mer)"
        ));
        assert!(messages.contains(
            &"riskmatrisen anger 1 risk i zonen Medium men registret har 2 (riskvärde 5–11)"
        ));
    }

    #[test]
    fn an_unknown_zone_is_its_own_finding() {
        let yaml = format!(
            "{HEAD}riskmatris:\n  zoner:\n    Hög: 1\n{}",
            risks(&[Some((3, 4))])
        );
        let findings = check_one("IKP007", &yaml);
        assert_eq!(findings.len(), 1);
        assert!(findings[0].message.sv.contains("zonen «Hög»"));
        assert_eq!(findings[0].subject.content, "riskmatris okänd zon=hög");
    }

    #[test]
    fn silent_when_the_summary_matches_and_zones_come_from_the_profile() {
        let yaml = format!(
            "{HEAD}riskmatris:\n  totalt: 3\n  zoner:\n    Kritisk: 1\n    Medium: 1\n    Låg: 1\n{}",
            risks(&[Some((3, 4)), Some((2, 4)), Some((2, 2))])
        );
        assert!(check_one("IKP007", &yaml).is_empty());
        // With other zone limits the same register counts differently.
        let config = "profil = \"stockholm\"\n[[zoner]]\nnamn = \"Kritisk\"\nmin_rv = 8\n[[zoner]]\nnamn = \"Medium\"\nmin_rv = 5\n[[zoner]]\nnamn = \"Låg\"\nmin_rv = 1\n";
        let findings = check_with("IKP007", &[("plan.yaml", &yaml)], Some(config));
        assert_eq!(findings.len(), 2);
    }

    #[test]
    fn silent_without_a_matrix() {
        let yaml = format!("{HEAD}{}", risks(&[Some((3, 4)), None]));
        assert!(check_one("IKP007", &yaml).is_empty());
    }
}
