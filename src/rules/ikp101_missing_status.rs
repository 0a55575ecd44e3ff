//! IKP101 — a followed-up control or occasion has no status, or a status word the profile
//! does not know.

use super::followup::{control_name, has_words, occasion_phrase};
use super::{Context, Rule, RuleMeta, StaticText, entity};
use crate::config::{Profile, normalize_word};
use crate::finding::{Finding, Severity, Subject};
use crate::model::DocKind;
use crate::text;

pub struct MissingStatus;

pub static RULE: MissingStatus = MissingStatus;

static META: RuleMeta = RuleMeta {
    code: "IKP101",
    name: "saknad-status",
    default_severity: Severity::Error,
    kinds: &[DocKind::FollowUp],
    title: StaticText {
        sv: "Ett uppföljningstillfälle saknar status eller har ett okänt statusord",
        en: "A follow-up occasion has no status or an unknown status word",
    },
    basis: StaticText {
        sv: "KL 6 kap. 6 §; kommunens riktlinjer för intern kontroll (uppföljning av internkontrollplanen).",
        en: "Local Government Act ch. 6 § 6; the municipality's internal-control guidelines (follow-up of the plan).",
    },
    doc: StaticText {
        sv: DOC_SV,
        en: DOC_EN,
    },
};

const DOC_SV: &str = "\
## Vad den gör
Rapporterar varje uppföljningstillfälle som saknar `status`, och varje uppföljd kontroll som
inte har något tillfälle alls. Ett fynd per tillfälle, så att varje rad som ska kompletteras
syns. Regeln rapporterar också en status som inte är ett av profilens statusord
(`[status] ord`), till exempel en felstavning: för alla andra regler är ett okänt ord detsamma
som ingen status, så det är samma brist och samma regel, men meddelandet säger vilket ord
som är okänt och vilka ord som gäller.

## Varför är det dåligt
Statusen är det nämnden faktiskt kan läsa av: genomfördes kontrollen, och visade den
avvikelser? Utan status går det inte att se om kontrollen fungerade, inte att kräva åtgärder
(IKP103) och inte att pröva nämndens samlade bedömning (IKP110). En löptext räcker inte: den
måste tolkas, och tolkningen blir olika för olika läsare.

## Grund
Kommunallagen 6 kap. 6 § (nämnden ska se till att den interna kontrollen är tillräcklig) och
kommunens riktlinjer, som kräver att varje kontroll i internkontrollplanen följs upp och
rapporteras till nämnden. Allvarlighetsgrad *fel*: att varje planerad uppföljning har en status
är ett av de grundläggande kraven på en uppföljning.

## Exempel
```yaml
kontroller:
  - process: Budgetföljsamhet
    kontrollaktivitet: Kontroll av debiterat mot diarieförd beställning
    tillfällen:
      - kommentar: I denna kontroll har inga avvikelser uppdagats.
        # status saknas
```

## Åtgärd
Ange `status` för varje tillfälle med ett av kommunens statusord, till exempel
`status: Inga avvikelser`. Använder kommunen ett ord som profilen inte känner, lägg till det
under `[status] ord` i `ikp.toml` med dess betydelse.
";

const DOC_EN: &str = "\
## What it does
Reports every follow-up occasion without a `status`, and every followed-up control with no
occasion at all. One finding per occasion, so that every row to complete is visible. The
rule also reports a status that is not one of the profile's status words (`[status] ord`),
for example a misspelling: to every other rule an unknown word is the same as no status, so
it is the same flaw and the same rule, but the message names the unknown word and the
words that apply.

## Why is this bad
The status is what the committee can actually read: was the control performed, and did it
show deviations? Without a status nobody can see whether the control worked, demand actions
(IKP103) or test the committee's overall judgement (IKP110). Prose is not enough: it has to
be interpreted, and different readers interpret it differently.

## Basis
Local Government Act ch. 6 § 6 (the committee must ensure sufficient internal control) and
the municipality's guidelines, which require every control of the plan to be followed up and
reported to the committee. Severity *error*: that every planned follow-up has a status is one
of the basic requirements of a follow-up.

## Example
```yaml
kontroller:
  - process: Budgetföljsamhet
    kontrollaktivitet: Kontroll av debiterat mot diarieförd beställning
    tillfällen:
      - kommentar: I denna kontroll har inga avvikelser uppdagats.
        # no status
```

## Fix
Give every occasion a `status` with one of the municipality's status words, for example
`status: Inga avvikelser`. If the municipality uses a word the profile does not know, add it
under `[status] ord` in `ikp.toml` with its meaning.
";

/// The profile's status words, for messages.
fn known_words(profile: &Profile) -> String {
    profile
        .status
        .words
        .keys()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The status the comment points to, as a help line: the analyser reads the comment
/// (see IKP102) and the profile names the outcome.
fn suggestion(cx: &Context<'_>, occ: &crate::model::Occasion) -> Option<crate::finding::Text> {
    let comment = occ.comment.as_ref()?;
    let year = cx.follow_up().map(|fu| fu.year.value);
    let reading = crate::analysis::analyse_in_year(&comment.value, cx.lexicon, year);
    let outcome = crate::analysis::suggested_outcome(&reading)?;
    let word = super::ikp102_status_contradicts_comment::status_word(cx.profile, outcome)?;
    let evidence = reading
        .winning_evidence()
        .next()
        .and_then(|e| comment.value.get(e.range.clone()))
        .unwrap_or_default()
        .to_string();
    Some(text!(
        "kommentaren tyder på statusen «{word}» («{evidence}»); skriv `status: {word}` om det stämmer",
        "the comment suggests the status «{word}» («{evidence}»); write `status: {word}` if that is right"
    ))
}

impl Rule for MissingStatus {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(fu) = cx.follow_up() else { return };
        let words = known_words(cx.profile);
        for (i, fc) in fu.controls.iter().enumerate() {
            if fc.occasions.is_empty() {
                let name = control_name(fc, i);
                out.push(
                    cx.finding(
                        self,
                        cx.source.first_line(fc.span),
                        text!(
                            "kontrollen {name} har inget uppföljningstillfälle och därmed ingen status",
                            "control {name} has no follow-up occasion and so no status"
                        ),
                        Subject::new(entity::followed(fc, i), "inga tillfällen"),
                    )
                    .with_help(text!(
                        "lägg till ett tillfälle under `tillfällen:` med `status` ({words}) och en kommentar",
                        "add an occasion under `tillfällen:` with a `status` ({words}) and a comment"
                    )),
                );
                continue;
            }
            for (j, occ) in fc.occasions.iter().enumerate() {
                let who = occasion_phrase(fc, i, occ, j);
                let (who_sv, who_en) = (&who.sv, &who.en);
                let key = entity::occasion(fc, i, occ, j);
                match &occ.status {
                    Some(status) if has_words(&status.value) => {
                        if cx.profile.outcome_of(&status.value).is_some() {
                            continue;
                        }
                        let word = status.value.trim();
                        out.push(
                            cx.finding(
                                self,
                                status.span,
                                text!(
                                    "statusen «{word}» för {who_sv} är inget av profilens statusord",
                                    "the status «{word}» of {who_en} is not one of the profile's status words"
                                ),
                                Subject::new(key, normalize_word(word)),
                            )
                            .with_help(text!(
                                "skriv ett av statusorden ({words}), eller lägg till ordet under `[status] ord` i ikp.toml",
                                "write one of the status words ({words}), or add the word under `[status] ord` in ikp.toml"
                            )),
                        );
                    }
                    written => {
                        let span = written
                            .as_ref()
                            .map(|s| s.span)
                            .unwrap_or_else(|| cx.source.first_line(occ.span));
                        out.push(
                            cx.finding(
                                self,
                                span,
                                text!("{who_sv} saknar status", "{who_en} has no status"),
                                Subject::new(key, "ingen status"),
                            )
                            .with_help(suggestion(cx, occ).unwrap_or_else(|| {
                                text!(
                                    "ange vad kontrollen visade med `status:` och ett av statusorden ({words})",
                                    "state what the control showed with `status:` and one of the status words ({words})"
                                )
                            })),
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

    const FU: &str = "typ: uppföljning\nnämnd: Servicenämnden\når: 2024\nkontroller:\n";

    #[test]
    fn fires_on_each_occasion_without_status() {
        let yaml = format!(
            "{FU}  - process: Budgetföljsamhet\n    kontrollaktivitet: Kända tjänster i checklista\n    tillfällen:\n      - period: T1\n        kommentar: Inga avvikelser har uppdagats.\n      - period: T2\n        status: Inga avvikelser\n      - period: VB\n        kommentar: Kontrollen är genomförd.\n"
        );
        let findings = check_one("IKP101", &yaml);
        assert_eq!(findings.len(), 2);
        assert_eq!(
            findings[0].message.sv,
            "tillfället T1 för kontrollen «Kända tjänster i checklista» saknar status"
        );
        assert_eq!(
            findings[1].subject.entity,
            "uppföljning:budgetföljsamhet|kända tjänster i checklista/tillfälle:vb"
        );
        // The caret is on the occasion's first line, not on the whole mapping.
        let at = findings[0].primary.span;
        assert_eq!(&yaml[at.range()], "period: T1");
    }

    #[test]
    fn fires_on_a_control_without_occasions() {
        let yaml = format!("{FU}  - kontroll: K2\n    kontrollaktivitet: Stickprov\n");
        let findings = check_one("IKP101", &yaml);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message.sv,
            "kontrollen K2 har inget uppföljningstillfälle och därmed ingen status"
        );
    }

    #[test]
    fn an_empty_status_is_no_status() {
        let yaml = format!("{FU}  - kontroll: K1\n    tillfällen:\n      - status: \"  \"\n");
        let findings = check_one("IKP101", &yaml);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].message.sv, "kontrollen K1 saknar status");
    }

    #[test]
    fn reports_an_unknown_status_word() {
        let yaml = format!(
            "{FU}  - kontroll: K1\n    tillfällen:\n      - period: T1\n        status: Inga avvikelse\n"
        );
        let findings = check_one("IKP101", &yaml);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message.sv,
            "statusen «Inga avvikelse» för tillfället T1 för kontrollen K1 är inget av profilens statusord"
        );
        assert!(
            findings[0]
                .help
                .as_ref()
                .unwrap()
                .sv
                .contains("Inga avvikelser")
        );
        assert_eq!(&yaml[findings[0].primary.span.range()], "Inga avvikelse");
    }

    #[test]
    fn silent_when_every_occasion_has_a_known_status() {
        // Case and white space do not matter; every profile word is accepted.
        let yaml = format!(
            "{FU}  - kontroll: K1\n    tillfällen:\n      - status: inga  AVVIKELSER\n      - status: Röd\n        åtgärder:\n          - åtgärd: Ny rutin\n            status: Pågående\n"
        );
        assert!(check_one("IKP101", &yaml).is_empty());
    }
}
