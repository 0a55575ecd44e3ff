//! IKP102 — the status says one thing, the comment another.
//!
//! The reading of the comment is the comment analyser's (`crate::analysis`); this rule only
//! compares its claim with the canonical outcome of the status and points at the words.

use super::followup::{occasion_phrase, occasions};
use super::{Context, Rule, RuleMeta, StaticText, entity};
use crate::analysis::{self, Claim};
use crate::config::{Profile, normalize_word};
use crate::finding::{Finding, Severity, Subject, Text};
use crate::model::DocKind;
use crate::outcome::Outcome;
use crate::text;

pub struct StatusContradictsComment;

pub static RULE: StatusContradictsComment = StatusContradictsComment;

static META: RuleMeta = RuleMeta {
    code: "IKP102",
    name: "status-motsager-kommentar",
    default_severity: Severity::Error,
    kinds: &[DocKind::FollowUp],
    title: StaticText {
        sv: "Statusen motsäger kommentaren",
        en: "The status contradicts the comment",
    },
    basis: StaticText {
        sv: "KL 6 kap. 6 §; kommunens riktlinjer för uppföljning av intern kontroll (rättvisande rapportering till nämnden).",
        en: "Local Government Act ch. 6 § 6; the municipality's follow-up guidelines (a true and fair report to the committee).",
    },
    doc: StaticText {
        sv: DOC_SV,
        en: DOC_EN,
    },
};

const DOC_SV: &str = concat!(
    "\
## Vad den gör
Läser kommentaren till varje uppföljningstillfälle och rapporterar när den säger något annat
än statusen: «Större avvikelser» över en kommentar som säger att kontrollen inte genomförts,
«Inga avvikelser» över en kommentar som räknar upp fel som hittats, «Ej genomförd» över en
kommentar som redovisar ett resultat. Markeringen står på de ord i kommentaren som motsäger
statusen; statusen visas som en andra markering.

## Varför är det dåligt
Nämnden och revisorerna läser statusen; den som läser kommentaren ser något annat. En kontroll
som inte genomförts men rapporteras som «Större avvikelser» döljer att kontrollen inte gjorts,
och en avvikelse under «Inga avvikelser» når aldrig någon som kan åtgärda den.

## Grund
Kommunallagen 6 kap. 6 §: nämnden ska se till att den interna kontrollen är tillräcklig, vilket
förutsätter en rättvisande uppföljning. Kommunens riktlinjer för uppföljning.

## Exempel
```yaml
tillfällen:
  - period: tillfälle 1
    status: Större avvikelser
    kommentar: Ej genomförd på grund av sjukskrivning/resursbrist.
```

## Åtgärd
Sätt den status som kommentaren beskriver (här «Ej genomförd»), eller skriv om kommentaren så
att den beskriver det statusen säger.

",
    "## Vad analysen förstår\n",
    "(Samma text som följer skrivs också av `ikp explain IKP102`.)\n\n"
);

const DOC_EN: &str = concat!(
    "\
## What it does
Reads the comment of each follow-up occasion and reports when it says something other than
the status: «Större avvikelser» (major deviations) over a comment saying the control was not
performed, «Inga avvikelser» (no deviations) over a comment listing errors found, «Ej
genomförd» (not performed) over a comment reporting a result. The caret is on the words of the
comment that contradict the status; the status is a secondary label.

## Why is this bad
The committee and the auditors read the status; whoever reads the comment sees something else.
A control that was not performed but is reported as a major deviation hides that it was not
done, and a deviation under «no deviations» never reaches anyone who could act on it.

## Basis
Local Government Act ch. 6 § 6: the committee must ensure sufficient internal control, which
requires a true follow-up. The municipality's follow-up guidelines.

## Example
```yaml
tillfällen:
  - period: tillfälle 1
    status: Större avvikelser
    kommentar: Ej genomförd på grund av sjukskrivning/resursbrist.
```

## Fix
Set the status the comment describes (here «Ej genomförd»), or rewrite the comment so that it
describes what the status says.

",
    "## What the analysis understands\n",
    "(The text below is also printed by `ikp explain IKP102 --lang en`.)\n\n"
);

/// The status word to suggest for an outcome: the profile's `förval`, else the first word
/// that means it.
pub fn status_word(profile: &Profile, outcome: Outcome) -> Option<&str> {
    profile
        .status
        .preferred
        .get(&outcome)
        .map(String::as_str)
        .or_else(|| {
            profile
                .status
                .words
                .iter()
                .find(|(_, o)| **o == outcome)
                .map(|(word, _)| word.as_str())
        })
}

fn claim_text(claim: Claim) -> Text {
    Text::new(claim.sv(), claim.en())
}

impl Rule for StatusContradictsComment {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// The rule's own text followed by the analyser's explanation of what it understands.
    fn documentation(&self, lang: crate::finding::Lang) -> std::borrow::Cow<'static, str> {
        match lang {
            crate::finding::Lang::Sv => format!("{DOC_SV}{}", analysis::EXPLAIN_SV).into(),
            crate::finding::Lang::En => format!("{DOC_EN}{}", analysis::EXPLAIN_EN).into(),
        }
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(fu) = cx.follow_up() else { return };
        // A comment pasted under many occasions is read once: the reading depends only on its
        // text and the year (evidence is in offsets within the comment).
        let mut readings: std::collections::HashMap<&str, analysis::Analysis> =
            std::collections::HashMap::new();
        for (i, fc, j, occ) in occasions(fu) {
            let (Some(status), Some(comment)) = (&occ.status, &occ.comment) else {
                continue;
            };
            let Some(outcome) = cx.profile.outcome_of(&status.value) else {
                continue;
            };
            let reading = readings.entry(comment.value.as_str()).or_insert_with(|| {
                analysis::analyse_in_year(&comment.value, cx.lexicon, Some(fu.year.value))
            });
            if !analysis::contradicts(outcome, reading) {
                continue;
            }
            let evidence: Vec<_> = reading.winning_evidence().collect();
            let Some(first) = evidence.first() else {
                continue;
            };
            let span = cx
                .source
                .value_span(comment.span, &comment.value, first.range.clone());
            let words = comment.value.get(first.range.clone()).unwrap_or_default();
            let who = occasion_phrase(fc, i, occ, j);
            let (who_sv, who_en) = (&who.sv, &who.en);
            let word = status.value.trim();
            let claim = claim_text(reading.claim);
            let (claim_sv, claim_en) = (&claim.sv, &claim.en);
            let mut finding = cx
                .finding(
                    self,
                    span,
                    text!(
                        "status säger «{word}» — kommentaren säger att {claim_sv} ({who_sv})",
                        "the status says «{word}» — the comment says that {claim_en} ({who_en})"
                    ),
                    Subject::new(
                        entity::occasion(fc, i, occ, j),
                        format!(
                            "{}|{}|{}",
                            normalize_word(word),
                            reading.claim.as_str(),
                            normalize_word(words)
                        ),
                    ),
                )
                .with_secondary(cx.label(
                    status.span,
                    Text::new(
                        format!("statusen säger {}", outcome.sv()),
                        format!("the status says {}", outcome.en()),
                    ),
                ));
            finding.primary.message = text!("{claim_sv}", "{claim_en}");
            for more in evidence.iter().skip(1).take(3) {
                let span = cx
                    .source
                    .value_span(comment.span, &comment.value, more.range.clone());
                finding = finding.with_secondary(cx.label(span, text!("också här", "here too")));
            }
            let help = match analysis::suggested_outcome(reading)
                .and_then(|o| status_word(cx.profile, o))
            {
                Some(suggested) => text!(
                    "sätt statusen till «{suggested}» om kommentaren stämmer, annars skriv om kommentaren",
                    "set the status to «{suggested}» if the comment is right, otherwise rewrite the comment"
                ),
                None => text!(
                    "rätta statusen eller skriv om kommentaren så att de säger samma sak",
                    "correct the status or rewrite the comment so that they agree"
                ),
            };
            out.push(finding.with_help(help));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check_one;

    const FU: &str = "typ: uppföljning\nnämnd: IT-nämnden\når: 2019\nkontroller:\n  - kontrollaktivitet: Uppföljning av verkställighet av politiskt fattade beslut\n    tillfällen:\n";

    #[test]
    fn fires_when_a_major_deviation_was_not_performed() {
        let yaml = format!(
            "{FU}      - period: tillfälle 1\n        status: Större avvikelser\n        kommentar: |\n          Ej genomförd på grund av sjukskrivning/resursbrist. Planeras genomföras enligt plan till kontroll moment två\n"
        );
        let findings = check_one("IKP102", &yaml);
        assert_eq!(findings.len(), 1, "{findings:?}");
        let f = &findings[0];
        assert!(
            f.message.sv.starts_with("status säger «Större avvikelser» — kommentaren säger att kontrollen inte genomförts"),
            "{}",
            f.message.sv
        );
        // The caret is on the words of the comment.
        let start = f.primary.span.start as usize;
        assert_eq!(&yaml[start..f.primary.span.end as usize], "Ej genomförd");
        assert!(f.help.as_ref().unwrap().sv.contains("«Ej genomförd»"));
    }

    #[test]
    fn fires_when_errors_sit_under_no_deviation() {
        let yaml = format!(
            "{FU}      - period: VB\n        status: Inga avvikelser\n        kommentar: Stickprovet visade fel på 15 av de 94 granskade fakturorna.\n"
        );
        let findings = check_one("IKP102", &yaml);
        assert_eq!(findings.len(), 1, "{findings:?}");
    }

    #[test]
    fn silent_when_status_and_comment_agree() {
        let yaml = format!(
            "{FU}      - period: VB\n        status: Inga avvikelser\n        kommentar: Kontrollen är genomförd och inga avvikelser har noterats.\n      - period: T2\n        status: Mindre avvikelser\n        kommentar: Två fakturor saknade attest; rutinen har förtydligats.\n"
        );
        assert!(check_one("IKP102", &yaml).is_empty());
    }

    #[test]
    fn silent_about_deviations_of_other_years() {
        let yaml = format!(
            "{FU}      - period: VB\n        status: Inga avvikelser\n        kommentar: Tidigare år fanns brister i attesten, i år inga avvikelser.\n"
        );
        assert!(check_one("IKP102", &yaml).is_empty());
    }
}
