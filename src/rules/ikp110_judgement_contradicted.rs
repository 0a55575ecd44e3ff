//! IKP110 — the judgement "tillräcklig" while major deviations stand without action or
//! controls were not performed.

use super::followup::{count, occasion_phrase, occasions};
use super::{Context, Rule, RuleMeta, StaticText, entity};
use crate::finding::{Finding, Label, Severity, Subject};
use crate::model::{DocKind, Judgement};
use crate::outcome::Outcome;
use crate::text;

pub struct JudgementContradicted;

pub static RULE: JudgementContradicted = JudgementContradicted;

static META: RuleMeta = RuleMeta {
    code: "IKP110",
    name: "bedomning-motsags",
    default_severity: Severity::Error,
    kinds: &[DocKind::FollowUp],
    title: StaticText {
        sv: "Bedömningen \"tillräcklig\" motsägs av uppföljningen",
        en: "The judgement \"sufficient\" is contradicted by the follow-up",
    },
    basis: StaticText {
        sv: "KL 6 kap. 6 § (nämnden ska se till att den interna kontrollen är tillräcklig).",
        en: "Local Government Act ch. 6 § 6 (the committee must ensure that internal control is sufficient).",
    },
    doc: StaticText {
        sv: DOC_SV,
        en: DOC_EN,
    },
};

const DOC_SV: &str = "\
## Vad den gör
Rapporterar nämndens samlade bedömning `bedömning: tillräcklig` när uppföljningen samtidigt
visar

- en **större avvikelse** (enligt profilens statusord) som står utan åtgärd, eller vars
  åtgärder inte är avslutade (bara pågående, utan status eller med okänd status), eller
- en kontroll som **inte har genomförts** (utfallet ej genomförd).

Fyndet står på bedömningen; varje tillfälle som motsäger den visas som relaterad plats.
Tillfällen utan status eller med okänt statusord räknas inte (de rapporteras av IKP101).

## Varför är det dåligt
Bedömningen är nämndens besked enligt kommunallagen om att den interna kontrollen har
fungerat. En allvarlig brist som inte är åtgärdad, eller en kontroll som aldrig gjordes, är
ett besked om motsatsen. Revisorerna granskar just detta: att bedömningen vilar på vad
kontrollerna visade.

## Grund
Kommunallagen 6 kap. 6 §. Allvarlighetsgrad *fel*: bedömningen är nämndens formella
ställningstagande och ska inte motsägas av dokumentet självt.

## Exempel
```yaml
bedömning: tillräcklig
kontroller:
  - kontroll: K3
    tillfällen:
      - status: Större avvikelser
        kommentar: Förvaltningen kan inte mäta antalet datorer.
        # ingen åtgärd
```

## Åtgärd
Pröva bedömningen igen. Åtgärda avvikelsen (och redovisa åtgärden som avslutad), eller ändra
bedömningen till `ej tillräcklig`. Står nämnden fast vid sin bedömning, motivera den i
`analys` och skriv ett `undantag` för IKP110 på dokumentet med samma motivering.
";

const DOC_EN: &str = "\
## What it does
Reports the committee's overall judgement `bedömning: tillräcklig` (sufficient) when the
follow-up at the same time shows

- a **major deviation** (by the profile's status words) that stands without an action, or
  whose actions are not closed (only ongoing, without a status or with an unknown status), or
- a control that was **not performed** (outcome not performed).

The finding is placed on the judgement; every occasion that contradicts it is shown as a
related location. Occasions without a status or with an unknown status word are not counted
(IKP101 reports them).

## Why is this bad
The judgement is the committee's statement under the Local Government Act that its internal
control worked. A serious weakness that has not been corrected, or a control that was never
performed, says the opposite. The auditors examine exactly this: that the judgement rests on
what the controls showed.

## Basis
Local Government Act ch. 6 § 6. Severity *error*: the judgement is the committee's formal
position and must not be contradicted by the document itself.

## Example
```yaml
bedömning: tillräcklig
kontroller:
  - kontroll: K3
    tillfällen:
      - status: Större avvikelser
        kommentar: Förvaltningen kan inte mäta antalet datorer.
        # no action
```

## Fix
Reconsider the judgement. Correct the deviation (and report the action as closed), or change
the judgement to `ej tillräcklig`. If the committee stands by its judgement, give the reasons
in `analys` and write an `undantag` for IKP110 on the document with the same justification.
";

impl Rule for JudgementContradicted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(fu) = cx.follow_up() else { return };
        let Some(judgement) = &fu.judgement else {
            return;
        };
        if judgement.value != Judgement::Sufficient {
            return;
        }
        let mut labels: Vec<Label> = Vec::new();
        let (mut open_major, mut not_performed) = (0, 0);
        for (i, fc, j, occ) in occasions(fu) {
            let Some(status) = &occ.status else { continue };
            let who = occasion_phrase(fc, i, occ, j);
            let (who_sv, who_en) = (&who.sv, &who.en);
            match cx.profile.outcome_of(&status.value) {
                Some(Outcome::MajorDeviation) => {
                    let closed = occ.actions.iter().any(|a| {
                        a.status
                            .as_ref()
                            .and_then(|s| cx.profile.action_is_closed(&s.value))
                            == Some(true)
                    });
                    if closed {
                        continue;
                    }
                    open_major += 1;
                    let label = if occ.actions.is_empty() {
                        text!(
                            "större avvikelse utan åtgärd ({who_sv})",
                            "major deviation without action ({who_en})"
                        )
                    } else {
                        text!(
                            "större avvikelse vars åtgärder inte är avslutade ({who_sv})",
                            "major deviation whose actions are not closed ({who_en})"
                        )
                    };
                    labels.push(cx.label(status.span, label));
                }
                Some(Outcome::NotPerformed) => {
                    not_performed += 1;
                    labels.push(cx.label(
                        status.span,
                        text!("ej genomförd ({who_sv})", "not performed ({who_en})"),
                    ));
                }
                _ => {}
            }
        }
        if labels.is_empty() {
            return;
        }
        let major_sv = count(
            open_major,
            "större avvikelse står",
            "större avvikelser står",
        );
        let major_en = count(
            open_major,
            "major deviation stands",
            "major deviations stand",
        );
        let skipped_sv = count(
            not_performed,
            "kontrolltillfälle har inte genomförts",
            "kontrolltillfällen har inte genomförts",
        );
        let skipped_en = count(
            not_performed,
            "control occasion was not performed",
            "control occasions were not performed",
        );
        let (what_sv, what_en) = match (open_major, not_performed) {
            (0, _) => (skipped_sv, skipped_en),
            (_, 0) => (
                format!("{major_sv} utan avslutad åtgärd"),
                format!("{major_en} without a closed action"),
            ),
            _ => (
                format!("{major_sv} utan avslutad åtgärd och {skipped_sv}"),
                format!("{major_en} without a closed action and {skipped_en}"),
            ),
        };
        let mut finding = cx
            .finding(
                self,
                judgement.span,
                text!(
                    "nämndens bedömning är «tillräcklig» men {what_sv}",
                    "the committee's judgement is «tillräcklig» (sufficient) but {what_en}"
                ),
                Subject::new(
                    entity::DOCUMENT,
                    format!("större-utan-åtgärd:{open_major};ej-genomförda:{not_performed}"),
                ),
            )
            .with_help(text!(
                "pröva bedömningen igen: åtgärda avvikelserna eller ändra till `ej tillräcklig`; står nämnden fast vid den, motivera det i `analys` och med ett `undantag` för IKP110",
                "reconsider the judgement: correct the deviations or change it to `ej tillräcklig`; if the committee stands by it, give the reasons in `analys` and in an `undantag` for IKP110"
            ));
        for label in labels {
            finding = finding.with_secondary(label);
        }
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check_one;

    const FU: &str = "typ: uppföljning\nnämnd: Servicenämnden\når: 2024\nbedömning: tillräcklig\nkontroller:\n  - kontroll: K3\n    tillfällen:\n";

    #[test]
    fn fires_on_major_deviations_without_closed_action_and_skipped_controls() {
        let yaml = format!(
            "{FU}      - period: T1\n        status: Större avvikelser\n      - period: T2\n        status: Allvarlig avvikelse\n        åtgärder:\n          - åtgärd: Ny rutin\n            status: Pågående\n      - period: VB\n        status: Ej genomförd\n"
        );
        let findings = check_one("IKP110", &yaml);
        assert_eq!(findings.len(), 1);
        let f = &findings[0];
        assert_eq!(
            f.message.sv,
            "nämndens bedömning är «tillräcklig» men 2 större avvikelser står utan avslutad åtgärd och 1 kontrolltillfälle har inte genomförts"
        );
        assert_eq!(&yaml[f.primary.span.range()], "tillräcklig");
        assert_eq!(f.secondary.len(), 3);
        assert_eq!(
            f.secondary[1].message.sv,
            "större avvikelse vars åtgärder inte är avslutade (tillfället T2 för kontrollen K3)"
        );
    }

    #[test]
    fn silent_when_major_deviations_are_acted_on() {
        let yaml = format!(
            "{FU}      - status: Större avvikelser\n        åtgärder:\n          - åtgärd: Ny rutin\n            status: Avslutad\n      - status: Mindre avvikelser\n"
        );
        assert!(check_one("IKP110", &yaml).is_empty());
    }

    #[test]
    fn silent_when_the_judgement_is_not_sufficient_or_absent() {
        let body = "      - status: Större avvikelser\n";
        let insufficient = format!("{FU}{body}").replace("tillräcklig", "ej tillräcklig");
        assert!(check_one("IKP110", &insufficient).is_empty());
        let absent = format!("{FU}{body}").replace("bedömning: tillräcklig\n", "");
        assert!(check_one("IKP110", &absent).is_empty());
    }
}
