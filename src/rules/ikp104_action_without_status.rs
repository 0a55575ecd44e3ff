//! IKP104 — an åtgärd has no status, or a status word the profile does not know.

use super::followup::{collapse, has_words, occasion_phrase, occasions, shorten};
use super::{Context, Rule, RuleMeta, StaticText, entity};
use crate::config::{Profile, normalize_word};
use crate::finding::{Finding, Severity, Subject};
use crate::model::{Action, DocKind};
use crate::text;

pub struct ActionWithoutStatus;

pub static RULE: ActionWithoutStatus = ActionWithoutStatus;

static META: RuleMeta = RuleMeta {
    code: "IKP104",
    name: "atgard-utan-status",
    default_severity: Severity::Warning,
    kinds: &[DocKind::FollowUp],
    title: StaticText {
        sv: "En åtgärd saknar status eller har ett okänt statusord",
        en: "An action has no status or an unknown status word",
    },
    basis: StaticText {
        sv: "Kommunens riktlinjer för intern kontroll (åtgärder ska följas upp); god praxis.",
        en: "The municipality's internal-control guidelines (actions are to be followed up); good practice.",
    },
    doc: StaticText {
        sv: DOC_SV,
        en: DOC_EN,
    },
};

const DOC_SV: &str = "\
## Vad den gör
Rapporterar en åtgärd under ett uppföljningstillfälle som saknar `status`, eller vars status
inte är ett av profilens ord för åtgärder (`[status] åtgärd_pågående` och
`åtgärd_avslutad`). Ett okänt ord rapporteras av samma regel: ingen annan regel kan avgöra om
åtgärden är avslutad, så det är samma brist.

## Varför är det dåligt
En åtgärd utan status går inte att följa upp: ingen kan se om den är påbörjad, pågår eller
är klar. Nämnden kan då inte veta om avvikelsen den gällde är rättad.

## Grund
Kommunens riktlinjer: åtgärder med anledning av avvikelser ska följas upp och rapporteras.
Allvarlighetsgrad *varning*: åtgärden finns, det är rapporteringen av hur långt den har kommit
som saknas. En åtgärd utan känd status räknas som ej avslutad när nämndens bedömning prövas
(IKP110), så den allvarliga följden fångas där.

## Exempel
```yaml
åtgärder:
  - åtgärd: Bokföringskontroller
    # status saknas
```

## Åtgärd
Ange åtgärdens status med ett av kommunens ord, till exempel `status: Pågående` eller
`status: Avslutad`. Använder kommunen ett annat ord, lägg till det under
`[status] åtgärd_pågående` eller `åtgärd_avslutad` i `ikp.toml`.
";

const DOC_EN: &str = "\
## What it does
Reports an action under a follow-up occasion that has no `status`, or whose status is not
one of the profile's words for actions (`[status] åtgärd_pågående` and `åtgärd_avslutad`).
An unknown word is reported by the same rule: no other rule can tell whether the action is
closed, so it is the same flaw.

## Why is this bad
An action without a status cannot be followed up: nobody can see whether it has started, is
under way or is done. The committee cannot know whether the deviation it addressed has been
corrected.

## Basis
The municipality's guidelines: actions taken because of deviations are to be followed up and
reported. Severity *warning*: the action exists; what is missing is the report of how far it
has come. An action without a known status counts as not closed when the committee's
judgement is tested (IKP110), so the serious consequence is caught there.

## Example
```yaml
åtgärder:
  - åtgärd: Bokföringskontroller
    # no status
```

## Fix
Give the action a status with one of the municipality's words, for example
`status: Pågående` or `status: Avslutad`. If the municipality uses another word, add it under
`[status] åtgärd_pågående` or `åtgärd_avslutad` in `ikp.toml`.
";

fn action_words(profile: &Profile) -> String {
    profile
        .status
        .action_open
        .iter()
        .chain(&profile.status.action_closed)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

fn action_name(action: &Action, index: usize) -> String {
    action
        .text
        .as_ref()
        .map(|t| collapse(&t.value))
        .filter(|t| !t.is_empty())
        .map(|t| format!("«{}»", shorten(&t)))
        .unwrap_or_else(|| format!("#{}", index + 1))
}

impl Rule for ActionWithoutStatus {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(fu) = cx.follow_up() else { return };
        let words = action_words(cx.profile);
        for (i, fc, j, occ) in occasions(fu) {
            if occ.actions.is_empty() {
                continue;
            }
            let who = occasion_phrase(fc, i, occ, j);
            let (who_sv, who_en) = (&who.sv, &who.en);
            let occasion_key = entity::occasion(fc, i, occ, j);
            for (k, action) in occ.actions.iter().enumerate() {
                let name = action_name(action, k);
                let key = entity::action(&occasion_key, action, k);
                match &action.status {
                    Some(status) if has_words(&status.value) => {
                        if cx.profile.action_is_closed(&status.value).is_some() {
                            continue;
                        }
                        let word = status.value.trim();
                        out.push(
                            cx.finding(
                                self,
                                status.span,
                                text!(
                                    "statusen «{word}» för åtgärden {name} under {who_sv} är inget av profilens ord för åtgärder",
                                    "the status «{word}» of the action {name} under {who_en} is not one of the profile's words for actions"
                                ),
                                Subject::new(key, normalize_word(word)),
                            )
                            .with_help(text!(
                                "skriv ett av orden ({words}), eller lägg till ordet under `[status] åtgärd_pågående` eller `åtgärd_avslutad` i ikp.toml",
                                "write one of the words ({words}), or add the word under `[status] åtgärd_pågående` or `åtgärd_avslutad` in ikp.toml"
                            )),
                        );
                    }
                    written => {
                        let span = written
                            .as_ref()
                            .map(|s| s.span)
                            .unwrap_or_else(|| cx.source.first_line(action.span));
                        out.push(
                            cx.finding(
                                self,
                                span,
                                text!(
                                    "åtgärden {name} under {who_sv} saknar status",
                                    "the action {name} under {who_en} has no status"
                                ),
                                Subject::new(key, "ingen status"),
                            )
                            .with_help(text!(
                                "ange hur långt åtgärden har kommit med `status:` och ett av orden ({words})",
                                "state how far the action has come with `status:` and one of the words ({words})"
                            )),
                        );
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check_one;

    const FU: &str = "typ: uppföljning\nnämnd: Stadsdelsnämnden\når: 2018\nkontroller:\n  - process: God redovisningssed följs\n    kontrollaktivitet: Uttag av rapporter i Agresso.\n    tillfällen:\n      - status: Mindre avvikelse\n        åtgärder:\n";

    #[test]
    fn fires_on_an_action_without_status() {
        let yaml = format!(
            "{FU}          - åtgärd: Uttag av rapporter\n            status: Avslutad\n          - åtgärd: Bokföringskontroller\n"
        );
        let findings = check_one("IKP104", &yaml);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message.sv,
            "åtgärden «Bokföringskontroller» under kontrollen «Uttag av rapporter i Agresso.» saknar status"
        );
        assert_eq!(
            &yaml[findings[0].primary.span.range()],
            "åtgärd: Bokföringskontroller"
        );
        assert!(
            findings[0]
                .subject
                .entity
                .ends_with("/åtgärd:bokföringskontroller")
        );
    }

    #[test]
    fn reports_an_unknown_action_status() {
        let yaml = format!("{FU}          - åtgärd: Månadsbokslut\n            status: Pågåend\n");
        let findings = check_one("IKP104", &yaml);
        assert_eq!(findings.len(), 1);
        assert!(
            findings[0]
                .message
                .sv
                .starts_with("statusen «Pågåend» för åtgärden «Månadsbokslut»")
        );
        assert!(findings[0].help.as_ref().unwrap().sv.contains("Pågående"));
    }

    #[test]
    fn silent_when_every_action_has_a_known_status() {
        // Stockholm's "Väntläge" (seed 004) is a known word for an action that is not closed.
        let yaml = format!(
            "{FU}          - åtgärd: Insamling av underlag\n            status: pågående\n          - åtgärd: a\n            status: Väntläge\n          - åtgärd: Platsbesök\n            status: Avslutad\n"
        );
        assert!(check_one("IKP104", &yaml).is_empty());
    }
}
