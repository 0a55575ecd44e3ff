//! IKP105 — a control in the linked plan is not followed up.

use super::followup::{collapse, shorten};
use super::plan_match::PlanIndex;
use super::{Context, Rule, RuleMeta, StaticText, entity};
use crate::finding::{Finding, Label, Severity, Subject, Text};
use crate::model::DocKind;
use crate::outcome::Outcome;
use crate::text;

pub struct ControlNotFollowedUp;

pub static RULE: ControlNotFollowedUp = ControlNotFollowedUp;

static META: RuleMeta = RuleMeta {
    code: "IKP105",
    name: "kontroll-ej-uppfoljd",
    default_severity: Severity::Error,
    kinds: &[DocKind::FollowUp, DocKind::Plan],
    title: StaticText {
        sv: "En kontroll i internkontrollplanen följs inte upp",
        en: "A control of the internal-control plan is not followed up",
    },
    basis: StaticText {
        sv: "KL 6 kap. 6 §; nämndens beslut om internkontrollplanen; kommunens riktlinjer för intern kontroll.",
        en: "Local Government Act ch. 6 § 6; the committee's decision adopting the plan; the municipality's internal-control guidelines.",
    },
    doc: StaticText {
        sv: DOC_SV,
        en: DOC_EN,
    },
};

const DOC_SV: &str = "\
## Vad den gör
Jämför uppföljningen med den internkontrollplan den följer upp (planen den anger med `plan:`,
annars planen för samma nämnd och år bland de kontrollerade filerna) och rapporterar varje
kontroll i planen som ingen post i uppföljningen följer upp. En post följer upp en kontroll
när den anger kontrollens beteckning (`kontroll: K1`), eller, utan beteckning, har samma
kontrollaktivitet (eller systematiska kontroll) och samma process.

Fyndet står på kontrollen i **planen**, där det som saknas har bestämts; uppföljningen
pekas ut som relaterad plats. Ett undantag (`undantag` med `regel: IKP105`) skrivs därför på
kontrollen i planen. Finns planen inte bland de kontrollerade filerna körs regeln inte, och
en not säger varför.

## Varför är det dåligt
Nämnden har beslutat att kontrollen ska göras. Om den inte följs upp vet nämnden inte om den
gjordes eller vad den visade, och planen har i praktiken ändrats utan beslut.

## Grund
Kommunallagen 6 kap. 6 § och nämndens eget beslut om internkontrollplanen. Allvarlighetsgrad
*fel*: en beslutad kontroll som inte redovisas är en brist i den interna kontrollen.

## Exempel
```yaml
# plan.yaml
kontroller:
  - id: K3
    kontrollaktivitet: Sammanställ antal datorer och jämför med inventariedatabasen
# uppfoljning.yaml har ingen post med kontroll: K3
```

## Åtgärd
Följ upp kontrollen i uppföljningen med `kontroll: K3`, status och kommentar. Har kontrollen
inte gjorts, redovisa den ändå, med statusen för ej genomförd och en förklaring.
";

const DOC_EN: &str = "\
## What it does
Compares the follow-up with the plan it follows up (the plan it names with `plan:`, else the
plan of the same committee and year among the checked files) and reports every control of
the plan that no entry of the follow-up follows up. An entry follows up a control when it
gives the control's id (`kontroll: K1`) or, without an id, has the same control activity (or
systematic control) and the same process.

The finding is placed on the control in the **plan**, where what is missing was decided; the
follow-up is shown as a related location. An exemption (`undantag` with `regel: IKP105`) is
therefore written on the control in the plan. When the plan is not among the checked files
the rule does not run, and a note says why.

## Why is this bad
The committee decided that the control is to be performed. If it is not followed up the
committee does not know whether it was performed or what it showed, and the plan has in
effect been changed without a decision.

## Basis
Local Government Act ch. 6 § 6 and the committee's own decision adopting the plan. Severity
*error*: a decided control that is not reported is a weakness of the internal control.

## Example
```yaml
# plan.yaml
kontroller:
  - id: K3
    kontrollaktivitet: Sammanställ antal datorer och jämför med inventariedatabasen
# uppfoljning.yaml has no entry with kontroll: K3
```

## Fix
Follow the control up in the follow-up with `kontroll: K3`, a status and a comment. If the
control was not performed, report it anyway, with the status for not performed and an
explanation.
";

impl Rule for ControlNotFollowedUp {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(fu) = cx.follow_up() else { return };
        let Some(linked) = &cx.links.plan else { return };
        let plan = linked.doc;
        let followed = PlanIndex::new(plan).followed(fu.controls.iter().map(|c| &c.value));
        let not_performed = cx
            .profile
            .status
            .words
            .iter()
            .find(|(_, outcome)| **outcome == Outcome::NotPerformed)
            .map(|(word, _)| word.as_str());
        let (status_sv, status_en) = match not_performed {
            Some(word) => (
                format!("med status «{word}»"),
                format!("with the status «{word}»"),
            ),
            None => (
                "med en status som säger det".to_string(),
                "with a status that says so".to_string(),
            ),
        };
        let follow_up_file = &cx.source.display;
        let anchor = fu.plan.as_ref().map_or(fu.committee.span, |p| p.span);
        for (control, done) in plan.controls.iter().zip(followed) {
            if done {
                continue;
            }
            let id = &control.id.value;
            let (what_sv, what_en) = match &control.control_activity {
                Some(a) if !collapse(&a.value).is_empty() => {
                    let a = shorten(&collapse(&a.value));
                    (format!(" («{a}»)"), format!(" («{a}»)"))
                }
                _ => (String::new(), String::new()),
            };
            out.push(
                Finding::new(
                    META.code,
                    META.default_severity,
                    text!(
                        "kontroll {id}{what_sv} i internkontrollplanen följs inte upp i {follow_up_file}",
                        "control {id}{what_en} of the internal-control plan is not followed up in {follow_up_file}"
                    ),
                    Label::new(linked.file, control.id.span, Text::default()),
                )
                .with_secondary(cx.label(
                    anchor,
                    text!(
                        "uppföljningen, som saknar kontroll {id}",
                        "the follow-up, which lacks control {id}"
                    ),
                ))
                .with_subject(Subject::new(entity::control(control), "ej uppföljd"))
                .with_help(text!(
                    "följ upp kontrollen med `kontroll: {id}`, status och kommentar; har den inte gjorts, redovisa den {status_sv} och förklara varför",
                    "follow the control up with `kontroll: {id}`, a status and a comment; if it was not performed, report it {status_en} and explain why"
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check_with;

    const PLAN: &str = "typ: plan\nnämnd: Nämnden för IT-förvaltningen\når: 2019\nkontroller:\n  - id: K1\n    process: Ekonomi\n    kontrollaktivitet: Sammanställ och kontrollera inköpsfakturor mot gällande avtal\n  - id: K2\n    kontrollaktivitet: Sammanställ antal datorer och jämför med inventariedatabasen\n";
    const FU: &str =
        "typ: uppföljning\nnämnd: Nämnden för IT-förvaltningen\når: 2019\nkontroller:\n";

    #[test]
    fn fires_on_the_plan_control_that_is_not_followed_up() {
        let fu =
            format!("{FU}  - kontroll: K1\n    tillfällen:\n      - status: Inga avvikelser\n");
        let findings = check_with(
            "IKP105",
            &[("plan.yaml", PLAN), ("uppfoljning.yaml", &fu)],
            None,
        );
        assert_eq!(findings.len(), 1);
        let f = &findings[0];
        assert_eq!(
            f.message.sv,
            "kontroll K2 («Sammanställ antal datorer och jämför med inventariedatabasen») i internkontrollplanen följs inte upp i uppfoljning.yaml"
        );
        assert_eq!(f.subject.entity, "kontroll:K2");
        // Primary in the plan (file 0 in sorted order), secondary in the follow-up.
        assert_eq!(f.primary.file, 0);
        assert_eq!(&PLAN[f.primary.span.range()], "K2");
        assert_eq!(f.secondary.len(), 1);
        assert_eq!(f.secondary[0].file, 1);
        assert!(f.help.as_ref().unwrap().sv.contains("«Ej genomförd»"));
    }

    #[test]
    fn a_control_is_followed_up_by_its_texts_without_an_id() {
        // Case, white space and a trailing full stop differ; the process is compatible.
        let fu = format!(
            "{FU}  - kontroll: K1\n  - process: Verksamhet\n    kontrollaktivitet: \"sammanställ antal datorer och  jämför med inventariedatabasen.\"\n"
        );
        let files = [("plan.yaml", PLAN), ("uppfoljning.yaml", fu.as_str())];
        assert!(check_with("IKP105", &files, None).is_empty());
    }

    #[test]
    fn a_different_process_is_a_different_control() {
        let fu = format!(
            "{FU}  - kontroll: K2\n  - process: Personal\n    kontrollaktivitet: Sammanställ och kontrollera inköpsfakturor mot gällande avtal\n"
        );
        let findings = check_with(
            "IKP105",
            &[("plan.yaml", PLAN), ("uppfoljning.yaml", &fu)],
            None,
        );
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].subject.entity, "kontroll:K1");
    }

    #[test]
    fn an_exemption_on_the_plan_control_covers_it() {
        let plan = PLAN.replace(
            "  - id: K2\n",
            "  - id: K2\n    undantag:\n      - regel: IKP105\n        motivering: Kontrollen utgick efter nämndens beslut i maj.\n",
        );
        let fu = format!("{FU}  - kontroll: K1\n");
        let files = [
            ("plan.yaml", plan.as_str()),
            ("uppfoljning.yaml", fu.as_str()),
        ];
        assert!(check_with("IKP105", &files, None).is_empty());
        // The exemption is used, so it is not stale.
        assert!(check_with("IKP090", &files, None).is_empty());
    }

    #[test]
    fn silent_without_the_plan() {
        let fu = format!("{FU}  - kontroll: K1\n");
        assert!(check_with("IKP105", &[("uppfoljning.yaml", &fu)], None).is_empty());
    }
}
