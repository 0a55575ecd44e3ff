//! IKP103 — a deviation status (minor or major) has no åtgärd.

use super::followup::{has_words, occasion_phrase, occasions};
use super::{Context, Rule, RuleMeta, StaticText, entity};
use crate::config::normalize_word;
use crate::finding::{Finding, Severity, Subject};
use crate::model::{Action, DocKind};
use crate::text;

pub struct DeviationWithoutAction;

pub static RULE: DeviationWithoutAction = DeviationWithoutAction;

static META: RuleMeta = RuleMeta {
    code: "IKP103",
    name: "avvikelse-utan-atgard",
    default_severity: Severity::Error,
    kinds: &[DocKind::FollowUp],
    title: StaticText {
        sv: "En avvikelse saknar åtgärd",
        en: "A deviation has no action",
    },
    basis: StaticText {
        sv: "KL 6 kap. 6 §; kommunens riktlinjer för intern kontroll (avvikelser ska åtgärdas).",
        en: "Local Government Act ch. 6 § 6; the municipality's internal-control guidelines (deviations must be acted on).",
    },
    doc: StaticText {
        sv: DOC_SV,
        en: DOC_EN,
    },
};

const DOC_SV: &str = "\
## Vad den gör
Rapporterar ett uppföljningstillfälle vars status betyder *mindre* eller *större avvikelse*
(enligt profilens `[status] ord`) men som inte har någon åtgärd under `åtgärder:`. En åtgärd
räknas när den har en text (`åtgärd`) eller en kommentar.

## Varför är det dåligt
En avvikelse är ett besked om att kontrollen har hittat ett fel eller en brist. Utan en
åtgärd finns ingen som ska rätta den och inget att följa upp nästa gång; samma avvikelse
kommer tillbaka. Revisorerna påpekar detta år efter år. En åtgärd som bara står i
kommentarens löptext har varken status, ansvarig eller slutdatum och kan inte följas upp.

## Grund
Kommunallagen 6 kap. 6 § och kommunens riktlinjer: avvikelser som kontrollerna visar ska
rapporteras med förslag till åtgärder. Allvarlighetsgrad *fel*: en avvikelse utan åtgärd är
en brist i själva den interna kontrollen, inte bara i dokumentet.

## Exempel
```yaml
tillfällen:
  - period: T2
    status: Större avvikelser
    kommentar: 55 ärenden är äldre än en månad.
    # åtgärder saknas
```

## Åtgärd
Lägg till en åtgärd under tillfället, med status och gärna ansvarig och slutdatum:
```yaml
    åtgärder:
      - åtgärd: Veckovis genomgång av gamla ärenden
        status: Pågående
```
";

const DOC_EN: &str = "\
## What it does
Reports a follow-up occasion whose status means a *minor* or *major deviation* (by the
profile's `[status] ord`) but which has no action under `åtgärder:`. An action counts when
it has a text (`åtgärd`) or a comment.

## Why is this bad
A deviation says that the control found an error or a weakness. Without an action nobody is
to correct it and there is nothing to follow up next time; the same deviation comes back.
Auditors point this out year after year. An action that only appears in the comment's prose
has no status, no one responsible and no deadline, and cannot be followed up.

## Basis
Local Government Act ch. 6 § 6 and the municipality's guidelines: deviations found by the
controls are to be reported with proposed actions. Severity *error*: a deviation without an
action is a weakness of the internal control itself, not only of the document.

## Example
```yaml
tillfällen:
  - period: T2
    status: Större avvikelser
    kommentar: 55 ärenden är äldre än en månad.
    # no åtgärder
```

## Fix
Add an action under the occasion, with a status and preferably who is responsible and by when:
```yaml
    åtgärder:
      - åtgärd: Veckovis genomgång av gamla ärenden
        status: Pågående
```
";

/// Does an entry under `åtgärder:` say what is done?
pub(super) fn is_real_action(action: &Action) -> bool {
    [&action.text, &action.comment]
        .into_iter()
        .flatten()
        .any(|t| has_words(&t.value))
}

impl Rule for DeviationWithoutAction {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(fu) = cx.follow_up() else { return };
        let (example_sv, example_en) = match cx.profile.status.action_open.first() {
            Some(word) => (
                format!(" (till exempel {word})"),
                format!(" (for example {word})"),
            ),
            None => (String::new(), String::new()),
        };
        for (i, fc, j, occ) in occasions(fu) {
            let Some(status) = &occ.status else { continue };
            let Some(outcome) = cx.profile.outcome_of(&status.value) else {
                continue;
            };
            if !outcome.is_deviation() || occ.actions.iter().any(|a| is_real_action(a)) {
                continue;
            }
            let who = occasion_phrase(fc, i, occ, j);
            let (who_sv, who_en) = (&who.sv, &who.en);
            let word = status.value.trim();
            // "Större avvikelser" needs no explanation, "Gul" does.
            let (meaning_sv, meaning_en) = if normalize_word(word).starts_with(outcome.sv()) {
                (String::new(), String::new())
            } else {
                (
                    format!(" ({})", outcome.sv()),
                    format!(" ({})", outcome.en()),
                )
            };
            out.push(
                cx.finding(
                    self,
                    status.span,
                    text!(
                        "{who_sv} har statusen «{word}»{meaning_sv} men ingen åtgärd",
                        "{who_en} has the status «{word}»{meaning_en} but no action"
                    ),
                    Subject::new(entity::occasion(fc, i, occ, j), normalize_word(word)),
                )
                .with_help(text!(
                    "beskriv under `åtgärder:` vad som görs åt avvikelsen, med `status`{example_sv}, `ansvarig` och `slutdatum`",
                    "describe under `åtgärder:` what is done about the deviation, with a `status`{example_en}, `ansvarig` and `slutdatum`"
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::{check_one, check_with};

    const FU: &str = "typ: uppföljning\nnämnd: Nämnden för IT-förvaltningen\når: 2019\nkontroller:\n  - kontroll: K5\n    tillfällen:\n";

    #[test]
    fn fires_on_a_deviation_without_action() {
        let yaml = format!(
            "{FU}      - period: T2\n        status: Större avvikelser\n        kommentar: 55 ärenden är äldre än en månad.\n"
        );
        let findings = check_one("IKP103", &yaml);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message.sv,
            "tillfället T2 för kontrollen K5 har statusen «Större avvikelser» men ingen åtgärd"
        );
        assert_eq!(&yaml[findings[0].primary.span.range()], "Större avvikelser");
    }

    #[test]
    fn names_the_meaning_of_a_traffic_light() {
        let yaml = format!("{FU}      - status: Gul\n        åtgärder: []\n");
        let findings = check_one("IKP103", &yaml);
        assert_eq!(findings.len(), 1);
        assert!(
            findings[0]
                .message
                .sv
                .ends_with("«Gul» (mindre avvikelse) men ingen åtgärd"),
            "{}",
            findings[0].message.sv
        );
    }

    #[test]
    fn an_empty_action_entry_is_no_action() {
        let yaml = format!(
            "{FU}      - status: Mindre avvikelser\n        åtgärder:\n          - åtgärd: \"\"\n            status: Pågående\n"
        );
        assert_eq!(check_one("IKP103", &yaml).len(), 1);
    }

    #[test]
    fn silent_when_the_deviation_has_an_action() {
        let yaml = format!(
            "{FU}      - status: Mindre avvikelser\n        åtgärder:\n          - åtgärd: Veckovis genomgång\n            status: Pågående\n"
        );
        assert!(check_one("IKP103", &yaml).is_empty());
    }

    #[test]
    fn silent_without_deviation_or_with_an_unknown_word() {
        // No deviation needs no action; an unknown word is IKP101's finding, not this one's.
        let yaml = format!(
            "{FU}      - status: Inga avvikelser\n      - status: Ej genomförd\n      - status: Okänt\n"
        );
        assert!(check_one("IKP103", &yaml).is_empty());
    }

    #[test]
    fn the_profile_decides_what_is_a_deviation() {
        let yaml = format!("{FU}      - status: Avvikelse\n");
        assert!(check_one("IKP103", &yaml).is_empty());
        let config = "[status]\nord = { \"Avvikelse\" = \"mindre-avvikelse\" }\n";
        assert_eq!(
            check_with("IKP103", &[("u.yaml", &yaml)], Some(config)).len(),
            1
        );
    }
}
