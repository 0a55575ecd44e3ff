//! IKP012 — no risk of irregularity (oegentligheter) is assessed at all.

use super::{Context, Rule, RuleMeta, StaticText, entity};
use crate::finding::{Finding, Severity, Subject};
use crate::model::{DocKind, Risk};
use crate::text;

pub struct NoIrregularityRisk;

pub static RULE: NoIrregularityRisk = NoIrregularityRisk;

static META: RuleMeta = RuleMeta {
    code: "IKP012",
    name: "oegentligheter-saknas",
    // Warning: the law requires internal control to prevent irregularities, so a register
    // without any such risk is very likely a gap; but the check reads words, and a risk may
    // be about irregularities without using any word of the list.
    default_severity: Severity::Warning,
    kinds: &[DocKind::Plan],
    title: StaticText {
        sv: "Ingen risk för oegentligheter är bedömd",
        en: "No risk of irregularities is assessed",
    },
    basis: StaticText {
        sv: "KL 6 kap. 6 § i lydelse från 2025: den interna kontrollen ska förebygga fel och oegentligheter.",
        en: "Local Government Act ch. 6 § 6 as amended in 2025: internal control shall prevent errors and irregularities.",
    },
    doc: StaticText {
        sv: DOC_SV,
        en: DOC_EN,
    },
};

const DOC_SV: &str = "\
## Vad den gör
Rapporterar en plan där ingen risk gäller oegentligheter: ingen risks `händelse`, `process`,
`arbetssätt` eller `område` innehåller något av orden i profilens `oegentligheter.ord` (till
exempel oegentlig, mutor, jäv, fusk, förtroendeskadlig; skiftläget spelar ingen roll och
ordet får vara en del av ett längre ord). Regeln gäller planer för år från och med profilens
`oegentligheter.från_år`.

## Varför är det dåligt
Sedan 2025 säger kommunallagen uttryckligen att den interna kontrollen ska förebygga fel och
oegentligheter. En väsentlighets- och riskanalys som inte ens bedömer risken för mutor, jäv
eller fusk visar inte att nämnden har prövat det. Regeln ger varning: den läser ord, och en
risk kan gälla oegentligheter utan att använda något av dem.

## Grund
Kommunallagen 6 kap. 6 § i lydelse från 2025 (fel och oegentligheter).

## Exempel
```yaml
risker:
  - nr: 1
    händelse: Felaktig information lämnas ut
  - nr: 2
    händelse: Leverantören fullgör inte avtalet
# ingen risk om mutor, jäv, fusk eller annat oegentligt agerande
```

## Åtgärd
Bedöm risken för oegentligheter i nämndens processer (till exempel jäv vid upphandling, fusk
vid utbetalningar) och för in den i registret. Använder kommunen andra ord, lägg till dem i
`[oegentligheter]` i ikp.toml.
";

const DOC_EN: &str = "\
## What it does
Reports a plan in which no risk concerns irregularities: no risk's `händelse`, `process`,
`arbetssätt` or `område` contains any of the words in the profile's `oegentligheter.ord` (for
example oegentlig, mutor, jäv, fusk, förtroendeskadlig; case does not matter and the word
may be part of a longer word). The rule applies to plans for years from the profile's
`oegentligheter.från_år`.

## Why is this bad
Since 2025 the Local Government Act says explicitly that internal control shall prevent
errors and irregularities. A risk assessment that does not even assess the risk of bribery,
conflicts of interest or fraud does not show that the committee has considered it. The rule
is a warning: it reads words, and a risk may concern irregularities without using any of
them.

## Basis
Local Government Act ch. 6 § 6 as amended in 2025 (errors and irregularities).

## Example
```yaml
risker:
  - nr: 1
    händelse: Felaktig information lämnas ut
  - nr: 2
    händelse: Leverantören fullgör inte avtalet
# no risk about bribery, conflicts of interest, fraud or other misconduct
```

## Fix
Assess the risk of irregularities in the committee's processes (for example conflicts of
interest in procurement, fraud in payments) and add it to the register. If the municipality
uses other words, add them under `[oegentligheter]` in ikp.toml.
";

/// Does any of the risk's texts contain any of the (lowercased) words?
fn concerns_irregularity(risk: &Risk, words: &[String]) -> bool {
    [&risk.event, &risk.process, &risk.working_method, &risk.area]
        .into_iter()
        .flatten()
        .any(|text| {
            let text = text.value.to_lowercase();
            words.iter().any(|w| text.contains(w.as_str()))
        })
}

impl Rule for NoIrregularityRisk {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(plan) = cx.plan() else { return };
        let settings = &cx.profile.irregularities;
        let year = plan.year.value;
        if settings.from_year.is_some_and(|from| year < from) {
            return;
        }
        let words: Vec<String> = settings
            .words
            .iter()
            .map(|w| w.trim().to_lowercase())
            .filter(|w| !w.is_empty())
            .collect();
        // Without a word list there is nothing to look for; an empty list turns the rule off.
        if words.is_empty() {
            return;
        }
        if plan.risks.iter().any(|r| concerns_irregularity(r, &words)) {
            return;
        }
        let committee = &plan.committee.value;
        let list = words.join(", ");
        out.push(
            cx.finding(
                self,
                // The finding is about the register as a whole; `nämnd` names whose it is
                // (see IKP010 for why not the `risker` key).
                plan.committee.span,
                text!(
                    "riskanalysen för {committee} {year} har ingen risk som gäller oegentligheter",
                    "the risk assessment of {committee} {year} has no risk concerning irregularities"
                ),
                Subject::new(entity::DOCUMENT, "oegentligheter=saknas"),
            )
            .with_help(text!(
                "ingen risk nämner {list}; bedöm risken för oegentligheter (till exempel jäv, mutor eller fusk) i nämndens processer och för in den i `risker`",
                "no risk mentions {list}; assess the risk of irregularities (for example conflicts of interest, bribery or fraud) in the committee's processes and add it to `risker`"
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::{check_one, check_with};

    const PLAN: &str = "typ: plan\nnämnd: Servicenämnden\når: 2025\nrisker:\n  - nr: 1\n    process: Kontaktcentertjänst\n    händelse: Felaktig information lämnas ut\n";

    #[test]
    fn fires_when_no_risk_mentions_irregularities() {
        let findings = check_one("IKP012", PLAN);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message.sv,
            "riskanalysen för Servicenämnden 2025 har ingen risk som gäller oegentligheter"
        );
        let help = &findings[0].help.as_ref().unwrap().sv;
        assert!(
            help.starts_with("ingen risk nämner oegentlig, mutor, muta, jäv, fusk"),
            "{help}"
        );
    }

    #[test]
    fn silent_when_a_process_mentions_irregularities_in_any_case() {
        let yaml = format!(
            "{PLAN}  - nr: 2\n    process: Oegentligheter och förtroendeskadlighet\n    händelse: Representation utan affärsmässigt syfte\n"
        );
        assert!(check_one("IKP012", &yaml).is_empty());
        let fusk = format!("{PLAN}  - nr: 2\n    händelse: FUSK i välfärden\n");
        assert!(check_one("IKP012", &fusk).is_empty());
        // A stem matches its inflections ("oegentligt handlande", seed 001 risk 51).
        let stem = format!("{PLAN}  - nr: 2\n    händelse: Risk för oegentligt handlande.\n");
        assert!(check_one("IKP012", &stem).is_empty());
    }

    #[test]
    fn silent_for_plans_before_the_amendment() {
        let yaml = PLAN.replace("år: 2025", "år: 2019");
        assert!(check_one("IKP012", &yaml).is_empty());
    }

    #[test]
    fn the_words_come_from_the_configuration() {
        let config = "profil = \"stockholm\"\n[oegentligheter]\nord = [\"felaktig information\"]\n";
        assert!(check_with("IKP012", &[("plan.yaml", PLAN)], Some(config)).is_empty());
    }
}
