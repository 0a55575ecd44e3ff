//! IKP107 — the comment is empty where the status requires one.

use super::comment_headings::split;
use super::followup::{has_words, occasion_phrase, occasions};
use super::{Context, Rule, RuleMeta, StaticText, entity};
use crate::config::normalize_word;
use crate::finding::{Finding, Severity, Subject};
use crate::model::DocKind;
use crate::text;

pub struct EmptyComment;

pub static RULE: EmptyComment = EmptyComment;

static META: RuleMeta = RuleMeta {
    code: "IKP107",
    name: "tom-kommentar",
    default_severity: Severity::Error,
    kinds: &[DocKind::FollowUp],
    title: StaticText {
        sv: "En avvikelse beskrivs inte i kommentaren",
        en: "A deviation is not described in the comment",
    },
    basis: StaticText {
        sv: "KL 6 kap. 6 §; kommunens riktlinjer för intern kontroll (avvikelser ska redovisas för nämnden).",
        en: "Local Government Act ch. 6 § 6; the municipality's internal-control guidelines (deviations are reported to the committee).",
    },
    doc: StaticText {
        sv: DOC_SV,
        en: DOC_EN,
    },
};

const DOC_SV: &str = "\
## Vad den gör
Rapporterar ett uppföljningstillfälle vars status kräver en beskrivning men vars kommentar
saknas, är tom eller inte beskriver resultatet. Vilka utfall som kräver en beskrivning står i
profilen (`uppföljning.kräv_kommentar`; normalt mindre avvikelse, större avvikelse och ej
genomförd).

En kommentar som bara består av rubriker beskriver ingenting. Profilen anger kommunens
rubriker: text under en beskrivningsrubrik (`uppföljning.beskrivningsrubriker`, till exempel
\"Beskrivning av resultat:\") beskriver resultatet, text under en åtgärdsrubrik
(`uppföljning.åtgärdsrubriker`, till exempel \"Vidtagna åtgärder:\") gör det inte. En kommentar
med en tom \"Beskrivning av resultat:\" och bara vidtagna åtgärder rapporteras alltså.

## Varför är det dåligt
En avvikelse utan beskrivning säger att något var fel men inte vad. Nämnden kan inte bedöma
hur allvarligt det är eller om åtgärderna räcker, och nästa års uppföljning har inget att
jämföra med. Samma gäller en kontroll som inte genomförts: nämnden behöver veta varför.

## Grund
Kommunallagen 6 kap. 6 § och kommunens riktlinjer: avvikelser ska redovisas för nämnden.
Allvarlighetsgrad *fel*: en avvikelse som inte beskrivs kan inte prövas av nämnden.

## Exempel
```yaml
tillfällen:
  - status: Mindre avvikelse
    kommentar: |
      Beskrivning av resultat:

      Vidtagna åtgärder:

      Informationsträffar har genomförts.
```

## Åtgärd
Beskriv under \"Beskrivning av resultat:\" vad kontrollen visade: vad som var fel, hur ofta och
hur allvarligt. Åtgärderna hör hemma under `åtgärder:`.
";

const DOC_EN: &str = "\
## What it does
Reports a follow-up occasion whose status requires a description but whose comment is
missing, empty or does not describe the result. Which outcomes require a description is set
in the profile (`uppföljning.kräv_kommentar`; normally minor deviation, major deviation and
not performed).

A comment of headings only describes nothing. The profile lists the municipality's headings:
text under a description heading (`uppföljning.beskrivningsrubriker`, for example
\"Beskrivning av resultat:\") describes the result, text under an action heading
(`uppföljning.åtgärdsrubriker`, for example \"Vidtagna åtgärder:\") does not. A comment with an
empty \"Beskrivning av resultat:\" and only actions taken is therefore reported.

## Why is this bad
A deviation without a description says that something was wrong but not what. The committee
cannot judge how serious it is or whether the actions suffice, and next year's follow-up has
nothing to compare with. The same holds for a control that was not performed: the committee
needs to know why.

## Basis
Local Government Act ch. 6 § 6 and the municipality's guidelines: deviations are reported to
the committee. Severity *error*: a deviation that is not described cannot be examined by the
committee.

## Example
```yaml
tillfällen:
  - status: Mindre avvikelse
    kommentar: |
      Beskrivning av resultat:

      Vidtagna åtgärder:

      Informationsträffar har genomförts.
```

## Fix
Describe under \"Beskrivning av resultat:\" what the control showed: what was wrong, how often
and how seriously. The actions belong under `åtgärder:`.
";

impl Rule for EmptyComment {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(fu) = cx.follow_up() else { return };
        let settings = &cx.profile.follow_up;
        for (i, fc, j, occ) in occasions(fu) {
            let Some(status) = &occ.status else { continue };
            let Some(outcome) = cx.profile.outcome_of(&status.value) else {
                continue;
            };
            if !settings.require_comment.contains(&outcome) {
                continue;
            }
            let who = occasion_phrase(fc, i, occ, j);
            let (who_sv, who_en) = (&who.sv, &who.en);
            let word = status.value.trim();
            let (span, why_sv, why_en) = match &occ.comment {
                None => (
                    status.span,
                    "ingen kommentar".to_string(),
                    "no comment".to_string(),
                ),
                Some(c) if !has_words(&c.value) => (
                    cx.source.first_line(c.span),
                    "en tom kommentar".to_string(),
                    "an empty comment".to_string(),
                ),
                Some(c) => {
                    let parts = split(
                        &c.value,
                        &settings.description_headings,
                        &settings.action_headings,
                    );
                    if has_words(&parts.result) {
                        continue;
                    }
                    let (sv, en) = match (&parts.description_heading, &parts.action_heading) {
                        (Some(d), Some(a)) => (
                            format!(
                                "en kommentar där det inte står något under «{d}:», bara under «{a}:»"
                            ),
                            format!("a comment with nothing under «{d}:», only under «{a}:»"),
                        ),
                        (Some(d), None) => (
                            format!("en kommentar där det inte står något under «{d}:»"),
                            format!("a comment with nothing under «{d}:»"),
                        ),
                        (None, Some(a)) => (
                            format!("en kommentar med bara text under «{a}:»"),
                            format!("a comment with text only under «{a}:»"),
                        ),
                        (None, None) => continue,
                    };
                    (cx.source.first_line(c.span), sv, en)
                }
            };
            let (what_sv, what_en) = (outcome.sv(), outcome.en());
            out.push(
                cx.finding(
                    self,
                    span,
                    text!(
                        "{who_sv} har statusen «{word}» men {why_sv}; utfallet {what_sv} kräver en beskrivning",
                        "{who_en} has the status «{word}» but {why_en}; the outcome {what_en} requires a description"
                    ),
                    Subject::new(entity::occasion(fc, i, occ, j), normalize_word(word)),
                )
                .with_secondary(cx.label(
                    status.span,
                    text!("statusen som kräver en beskrivning", "the status that requires a description"),
                ))
                .with_help(text!(
                    "beskriv i kommentaren vad kontrollen visade: vad som var fel, hur ofta och hur allvarligt; åtgärder skrivs under `åtgärder:`",
                    "describe in the comment what the control showed: what was wrong, how often and how seriously; actions go under `åtgärder:`"
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::{check_one, check_with};

    const FU: &str = "typ: uppföljning\nnämnd: Stadsdelsnämnden\når: 2018\nkontroller:\n  - process: Oegentligheter, mutor, jäv och bestickning.\n    kontrollaktivitet: Förvaltningsövergripande kontroller\n    tillfällen:\n";

    #[test]
    fn fires_when_only_actions_are_described() {
        let yaml = format!(
            "{FU}      - status: Mindre avvikelse\n        kommentar: |\n          Beskrivning av resultat:\n\n          Vidtagna åtgärder:\n\n          Informationsträffar har genomförts.\n"
        );
        let findings = check_one("IKP107", &yaml);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message.sv,
            "kontrollen «Förvaltningsövergripande kontroller» har statusen «Mindre avvikelse» men en kommentar där det inte står något under «Beskrivning av resultat:», bara under «Vidtagna åtgärder:»; utfallet mindre avvikelse kräver en beskrivning"
        );
        assert_eq!(findings[0].secondary.len(), 1);
    }

    #[test]
    fn fires_on_a_missing_or_blank_comment() {
        let yaml = format!(
            "{FU}      - period: T1\n        status: Större avvikelser\n      - period: T2\n        status: Ej genomförd\n        kommentar: \" \"\n"
        );
        let findings = check_one("IKP107", &yaml);
        assert_eq!(findings.len(), 2);
        assert!(findings[0].message.sv.contains("men ingen kommentar"));
        assert!(findings[1].message.sv.contains("men en tom kommentar"));
    }

    #[test]
    fn fires_on_a_heading_alone() {
        let yaml = format!(
            "{FU}      - status: Mindre avvikelse\n        kommentar: \"Beskrivning av resultat:\"\n"
        );
        assert_eq!(check_one("IKP107", &yaml).len(), 1);
    }

    #[test]
    fn silent_when_the_result_is_described() {
        let yaml = format!(
            "{FU}      - status: Mindre avvikelse\n        kommentar: |\n          Beskrivning av resultat: Behörigheter kontrolleras inte mot anställda.\n          Vidtagna åtgärder:\n          Rutin tas fram.\n      - status: Mindre avvikelse\n        kommentar: Tre fakturor saknade underlag.\n"
        );
        assert!(check_one("IKP107", &yaml).is_empty());
    }

    #[test]
    fn silent_when_the_status_needs_no_description() {
        // "Ingen avvikelse" with an empty description is not a deviation left undescribed.
        let yaml = format!(
            "{FU}      - status: Ingen avvikelse\n        kommentar: |\n          Beskrivning av resultat:\n\n          Vidtagna åtgärder:\n"
        );
        assert!(check_one("IKP107", &yaml).is_empty());
    }

    #[test]
    fn the_profile_decides_which_outcomes_need_a_description() {
        let yaml = format!("{FU}      - status: Ej genomförd\n");
        let config = "[\"uppföljning\"]\n\"kräv_kommentar\" = [\"större-avvikelse\"]\n";
        assert!(check_with("IKP107", &[("u.yaml", &yaml)], Some(config)).is_empty());
        assert_eq!(check_one("IKP107", &yaml).len(), 1);
    }
}
