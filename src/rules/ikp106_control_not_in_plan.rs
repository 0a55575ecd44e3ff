//! IKP106 — a follow-up refers to a control the plan does not hold.

use super::followup::{collapse, control_name, shorten};
use super::plan_match::{NoMatch, PlanIndex};
use super::{Context, Rule, RuleMeta, StaticText, entity};
use crate::config::normalize_word;
use crate::finding::{Finding, Label, Severity, Subject};
use crate::model::{DocKind, Plan};
use crate::text;

pub struct ControlNotInPlan;

pub static RULE: ControlNotInPlan = ControlNotInPlan;

static META: RuleMeta = RuleMeta {
    code: "IKP106",
    name: "kontroll-saknas-i-planen",
    default_severity: Severity::Warning,
    kinds: &[DocKind::FollowUp, DocKind::Plan],
    title: StaticText {
        sv: "Uppföljningen avser en kontroll som inte finns i planen",
        en: "The follow-up refers to a control the plan does not hold",
    },
    basis: StaticText {
        sv: "Nämndens beslut om internkontrollplanen; god praxis (spårbarhet mellan plan och uppföljning).",
        en: "The committee's decision adopting the plan; good practice (traceability between plan and follow-up).",
    },
    doc: StaticText {
        sv: DOC_SV,
        en: DOC_EN,
    },
};

const DOC_SV: &str = "\
## Vad den gör
Jämför uppföljningen med den internkontrollplan den följer upp och rapporterar varje post i
uppföljningen som inte motsvarar någon kontroll i planen: en beteckning (`kontroll: K9`) som
planen inte har, eller, utan beteckning, en kontrollaktivitet (eller systematisk kontroll)
som ingen kontroll i planen har med samma process. En post som varken har beteckning,
kontrollaktivitet eller systematisk kontroll kan inte knytas till planen och rapporteras
också. Finns planen inte bland de kontrollerade filerna körs regeln inte, och en not säger
varför.

## Varför är det dåligt
Uppföljningen ska visa vad som hände med just de kontroller nämnden beslutade om. En post som
inte går att knyta till planen är antingen en felskriven beteckning (då saknas den rätta
kontrollen, se IKP105) eller en kontroll som lagts till utan beslut.

## Grund
Nämndens beslut om internkontrollplanen. Allvarlighetsgrad *varning*: att följa upp mer än
planen är ingen brist i sig, men spårbarheten mellan plan och uppföljning är bruten.

## Exempel
```yaml
# plan.yaml har kontrollerna K1–K5
kontroller:
  - kontroll: K9
    tillfällen:
      - status: Inga avvikelser
```

## Åtgärd
Rätta beteckningen till planens (`kontroll: K3`), eller skriv kontrollaktiviteten som i
planen. Har nämnden beslutat om en ny kontroll under året, för in den i planen.
";

const DOC_EN: &str = "\
## What it does
Compares the follow-up with the plan it follows up and reports every entry of the follow-up
that matches no control of the plan: an id (`kontroll: K9`) the plan does not have or,
without an id, a control activity (or systematic control) that no control of the plan has
with the same process. An entry with neither id, control activity nor systematic control
cannot be tied to the plan and is reported too. When the plan is not among the checked files
the rule does not run, and a note says why.

## Why is this bad
The follow-up is to show what happened to exactly the controls the committee decided on. An
entry that cannot be tied to the plan is either a mistyped id (then the right control is
missing, see IKP105) or a control added without a decision.

## Basis
The committee's decision adopting the plan. Severity *warning*: following up more than the
plan is not a weakness in itself, but the traceability between plan and follow-up is broken.

## Example
```yaml
# plan.yaml has the controls K1–K5
kontroller:
  - kontroll: K9
    tillfällen:
      - status: Inga avvikelser
```

## Fix
Correct the id to the plan's (`kontroll: K3`), or write the control activity as in the plan.
If the committee decided on a new control during the year, add it to the plan.
";

/// The plan's control ids for a message, at most ten.
fn plan_ids(plan: &Plan) -> String {
    let ids: Vec<String> = plan
        .controls
        .iter()
        .map(|c| c.id.value.to_string())
        .collect();
    match ids.len() {
        0..=10 => ids.join(", "),
        n => format!("{}, … ({n})", ids[..10].join(", ")),
    }
}

impl Rule for ControlNotInPlan {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(fu) = cx.follow_up() else { return };
        let Some(linked) = &cx.links.plan else { return };
        let plan = linked.doc;
        let plan_file = &linked.source.display;
        let (ids, ids_en) = if plan.controls.is_empty() {
            ("inga kontroller".to_string(), "no controls".to_string())
        } else {
            (plan_ids(plan), plan_ids(plan))
        };
        let index = PlanIndex::new(plan);
        for (i, fc) in fu.controls.iter().enumerate() {
            let Err(why) = index.find(fc) else {
                continue;
            };
            let plan_label = Label::new(
                linked.file,
                plan.committee.span,
                text!(
                    "planen som uppföljningen jämförs med",
                    "the plan the follow-up is compared with"
                ),
            );
            let key = entity::followed(fc, i);
            let finding = match why {
                NoMatch::UnknownId => {
                    let Some(id) = &fc.control else { continue };
                    let id_text = &id.value;
                    cx.finding(
                        self,
                        id.span,
                        text!(
                            "kontrollen {id_text} finns inte i internkontrollplanen {plan_file} (planen har {ids})",
                            "control {id_text} is not in the internal-control plan {plan_file} (the plan has {ids_en})"
                        ),
                        Subject::new(key, normalize_word(&id_text.0)),
                    )
                    .with_help(text!(
                        "rätta beteckningen till en av planens kontroller; har nämnden beslutat om en ny kontroll, för in den i planen",
                        "correct the id to one of the plan's controls; if the committee decided on a new control, add it to the plan"
                    ))
                }
                NoMatch::NoSuchText => {
                    let (field_sv, field_en, text_span, text) =
                        match (&fc.control_activity, &fc.systematic_control) {
                            (Some(a), _) => {
                                ("kontrollaktiviteten", "control activity", a.span, &a.value)
                            }
                            (None, Some(s)) => (
                                "systematiska kontrollen",
                                "systematic control",
                                s.span,
                                &s.value,
                            ),
                            (None, None) => continue,
                        };
                    let quoted = shorten(&collapse(text));
                    cx.finding(
                        self,
                        cx.source.first_line(text_span),
                        text!(
                            "ingen kontroll i internkontrollplanen {plan_file} har {field_sv} «{quoted}»",
                            "no control of the internal-control plan {plan_file} has the {field_en} «{quoted}»"
                        ),
                        Subject::new(key, normalize_word(text)),
                    )
                    .with_help(text!(
                        "ange planens beteckning med `kontroll:` (planen har {ids}), eller skriv texten och processen som i planen",
                        "give the plan's id with `kontroll:` (the plan has {ids_en}), or write the text and the process as in the plan"
                    ))
                }
                NoMatch::NothingToCompare => {
                    let name = control_name(fc, i);
                    cx.finding(
                        self,
                        cx.source.first_line(fc.span),
                        text!(
                            "kontrollen {name} kan inte knytas till internkontrollplanen {plan_file}: den saknar `kontroll`, kontrollaktivitet och systematisk kontroll",
                            "control {name} cannot be tied to the internal-control plan {plan_file}: it has no `kontroll`, control activity or systematic control"
                        ),
                        Subject::new(key, "kan inte knytas"),
                    )
                    .with_help(text!(
                        "ange planens beteckning med `kontroll:` (planen har {ids})",
                        "give the plan's id with `kontroll:` (the plan has {ids_en})"
                    ))
                }
            };
            out.push(finding.with_secondary(plan_label));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check_with;

    const PLAN: &str = "typ: plan\nnämnd: Nämnden för IT-förvaltningen\når: 2019\nkontroller:\n  - id: K1\n    process: Ekonomi\n    kontrollaktivitet: Sammanställ och kontrollera inköpsfakturor mot gällande avtal\n  - id: K2\n    kontrollaktivitet: Sammanställ antal datorer\n";
    const FU: &str =
        "typ: uppföljning\nnämnd: Nämnden för IT-förvaltningen\når: 2019\nkontroller:\n";

    fn check(fu: &str) -> Vec<crate::finding::Finding> {
        check_with(
            "IKP106",
            &[("plan.yaml", PLAN), ("uppfoljning.yaml", fu)],
            None,
        )
    }

    #[test]
    fn fires_on_an_id_the_plan_does_not_hold() {
        let fu = format!("{FU}  - kontroll: K9\n  - kontroll: k1\n  - kontroll: K2\n");
        let findings = check(&fu);
        assert_eq!(findings.len(), 1);
        let f = &findings[0];
        assert_eq!(
            f.message.sv,
            "kontrollen K9 finns inte i internkontrollplanen plan.yaml (planen har K1, K2)"
        );
        assert_eq!(&fu[f.primary.span.range()], "K9");
        assert_eq!(f.primary.file, 1);
        assert_eq!(f.secondary[0].file, 0);
    }

    #[test]
    fn fires_on_a_text_no_plan_control_has() {
        let fu = format!(
            "{FU}  - process: Ekonomi\n    kontrollaktivitet: Kontroll av representation\n  - process: Ekonomi\n    kontrollaktivitet: Sammanställ och kontrollera inköpsfakturor mot gällande avtal\n  - kontroll: K2\n"
        );
        let findings = check(&fu);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message.sv,
            "ingen kontroll i internkontrollplanen plan.yaml har kontrollaktiviteten «Kontroll av representation»"
        );
    }

    #[test]
    fn fires_on_an_entry_with_nothing_to_compare() {
        let fu = format!("{FU}  - process: Ekonomi\n");
        let findings = check(&fu);
        assert_eq!(findings.len(), 1);
        assert!(findings[0].message.sv.contains("kan inte knytas"));
    }

    #[test]
    fn silent_when_every_entry_is_in_the_plan_or_there_is_no_plan() {
        let fu =
            format!("{FU}  - kontroll: K1\n  - kontrollaktivitet: Sammanställ antal datorer.\n");
        assert!(check(&fu).is_empty());
        let alone = format!("{FU}  - kontroll: K9\n");
        assert!(check_with("IKP106", &[("uppfoljning.yaml", &alone)], None).is_empty());
    }
}
