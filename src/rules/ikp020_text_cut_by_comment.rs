//! IKP020 — a free text cut short by ` #`, which YAML reads as the start of a comment.
//!
//! The YAML parser reports no comments, so the rule looks at the source line right after
//! the text's end: a plain (unquoted) text followed on the same line by ` #…` lost that part.

use super::{Context, Rule, RuleMeta, StaticText};
use crate::finding::{Finding, Severity, Subject};
use crate::model::DocKind;
use crate::source::Span;
use crate::text;

pub struct TextCutByComment;

pub static RULE: TextCutByComment = TextCutByComment;

static META: RuleMeta = RuleMeta {
    code: "IKP020",
    name: "text-kapad-av-kommentar",
    default_severity: Severity::Warning,
    kinds: &[DocKind::Plan, DocKind::FollowUp, DocKind::KsPoints],
    title: StaticText {
        sv: "En text kapas av « #», som YAML läser som en kommentar",
        en: "A text is cut short by « #», which YAML reads as a comment",
    },
    basis: StaticText {
        sv: "YAML 1.2 (en kommentar börjar med « #»); god praxis: det som står i dokumentet ska vara det som kontrolleras.",
        en: "YAML 1.2 (a comment starts with « #»); good practice: what the document says is what is checked.",
    },
    doc: StaticText {
        sv: DOC_SV,
        en: DOC_EN,
    },
};

const DOC_SV: &str = "\
## Vad den gör
Varnar när en text utan citattecken i ett fritextfält (`kommentar`, `händelse`, `analys`,
`kontrollaktivitet`, `beskrivning`, `motivering`, `slutsatser` …) följs av « #» på samma rad.
I YAML börjar en kommentar med « #», så resten av raden hör inte till texten. Varningen visar
den text som försvann.

## Varför är det dåligt
Texten blir tyst kortare än den som skrev den menade: \"Stickprov enligt rutin #4, 2 av 15
fakturor saknade attest.\" läses som \"Stickprov enligt rutin\". Avvikelsen försvinner ur det
som kontrolleras (IKP102 ser ingen motsägelse) och ur rapporten till nämnden.

## Grund
YAML 1.2: en kommentar börjar med `#` efter ett mellanslag. God praxis: det som står i
dokumentet ska vara det som kontrolleras och redovisas.

## Exempel
```yaml
kommentar: Stickprov enligt rutin #4, 2 av 15 fakturor saknade attest.
```

## Åtgärd
Sätt hela texten inom citattecken:
`kommentar: \"Stickprov enligt rutin #4, 2 av 15 fakturor saknade attest.\"`,
eller skriv den efter `|` på egna, indragna rader. Är det en avsiktlig kommentar, flytta den
till en egen rad.
";

const DOC_EN: &str = "\
## What it does
Warns when an unquoted text in a free-text field (`kommentar`, `händelse`, `analys`,
`kontrollaktivitet`, `beskrivning`, `motivering`, `slutsatser` …) is followed by « #» on the
same line. In YAML a comment starts with « #», so the rest of the line is not part of the
text. The warning shows the text that was lost.

## Why is this bad
The text silently becomes shorter than its writer meant: \"Stickprov enligt rutin #4, 2 av 15
fakturor saknade attest.\" is read as \"Stickprov enligt rutin\". The deviation disappears from
what is checked (IKP102 sees no contradiction) and from the report to the committee.

## Basis
YAML 1.2: a comment starts with `#` after a space. Good practice: what the document says is
what is checked and reported.

## Example
```yaml
kommentar: Stickprov enligt rutin #4, 2 av 15 fakturor saknade attest.
```

## Fix
Put the whole text in quotes:
`kommentar: \"Stickprov enligt rutin #4, 2 av 15 fakturor saknade attest.\"`,
or write it after `|` on lines of its own, indented. If it is a deliberate comment, move it to
a line of its own.
";

/// A suggested quoted line longer than this is described rather than written out.
const MAX_SUGGESTION: usize = 160;

impl Rule for TextCutByComment {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let source = cx.source.text.as_str();
        for free in cx.doc.free_texts() {
            let Some(comment) = cut_by_comment(source, free.text.span) else {
                continue;
            };
            let field = free.field;
            let kept = free.text.value.trim();
            let lost = source[comment.range()].trim_end();
            let shown_kept = shorten(kept, 60);
            let quoted = format!("{kept} {lost}")
                .replace('\\', "\\\\")
                .replace('"', "\\\"");
            let help = if quoted.chars().count() + field.len() + 4 <= MAX_SUGGESTION {
                text!(
                    "sätt hela texten inom citattecken: {field}: \"{quoted}\"; är det en avsiktlig kommentar, flytta den till en egen rad",
                    "put the whole text in quotes: {field}: \"{quoted}\"; if it is a deliberate comment, move it to a line of its own"
                )
            } else {
                text!(
                    "sätt hela texten inom citattecken (\"…\"), eller skriv den efter «|» på egna, indragna rader; är det en avsiktlig kommentar, flytta den till en egen rad",
                    "put the whole text in quotes (\"…\"), or write it after «|» on lines of its own, indented; if it is a deliberate comment, move it to a line of its own"
                )
            };
            out.push(
                cx.finding(
                    self,
                    comment,
                    text!(
                        "texten i «{field}» kapas vid « #»: YAML läser «{lost}» som en kommentar, så texten blir bara «{shown_kept}»",
                        "the text of «{field}» is cut at « #»: YAML reads «{lost}» as a comment, so the text is only «{shown_kept}»"
                    ),
                    Subject::new(field.to_string(), crate::config::normalize_word(lost)),
                )
                .with_secondary(cx.label(
                    free.text.span,
                    text!("det här är allt som läses", "this is all that is read"),
                ))
                .with_help(help),
            );
        }
    }
}

/// The span of the comment (from `#` to the end of the line) that follows a plain text ending
/// at `span.end` on the same line, if there is one.
fn cut_by_comment(source: &str, span: Span) -> Option<Span> {
    let (start, end) = (span.start as usize, span.end as usize);
    // Quoted and block texts keep their `#`; a comment after them loses nothing.
    let first = source.get(start..)?.chars().next()?;
    if matches!(first, '"' | '\'' | '|' | '>') || end <= start {
        return None;
    }
    let rest = source.get(end..)?;
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let after = line.trim_start_matches([' ', '\t']);
    // `#` must follow white space to start a comment (`rutin#4` is text).
    if !after.starts_with('#') || after.len() == line.len() {
        return None;
    }
    let hash = end + (line.len() - after.len());
    Some(Span::new(hash, end + line.trim_end().len()))
}

fn shorten(text: &str, max: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let cut: String = one_line.chars().take(max).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use crate::rules::check_one;

    const FU: &str = "typ: uppföljning\nnämnd: Miljönämnden\når: 2025\nkontroller:\n  - kontroll: K1\n    tillfällen:\n      - period: T1\n        status: Mindre avvikelser\n";

    #[test]
    fn fires_on_a_comment_that_cuts_a_text() {
        let yaml = format!(
            "{FU}        kommentar: Stickprov enligt rutin #4, 2 av 15 fakturor saknade attest.\n"
        );
        let findings = check_one("IKP020", &yaml);
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(
            findings[0].message.sv,
            "texten i «kommentar» kapas vid « #»: YAML läser «#4, 2 av 15 fakturor saknade attest.» som en kommentar, så texten blir bara «Stickprov enligt rutin»"
        );
        assert_eq!(
            findings[0].help.as_ref().map(|h| h.sv.as_str()),
            Some(
                "sätt hela texten inom citattecken: kommentar: \"Stickprov enligt rutin #4, 2 av 15 fakturor saknade attest.\"; är det en avsiktlig kommentar, flytta den till en egen rad"
            )
        );
    }

    #[test]
    fn fires_in_plan_and_ks_texts_too() {
        let plan = "typ: plan\nnämnd: N\når: 2025\nrisker:\n  - nr: 1\n    händelse: Fakturor betalas dubbelt # se bilaga\n";
        assert_eq!(check_one("IKP020", plan).len(), 1);
        let ks = "typ: ks-punkter\nkommun: K\når: 2025\npunkter:\n  - id: KS1\n    titel: Inköp\n    beskrivning: Avtalstrohet #1 i KS beslut\n";
        assert_eq!(check_one("IKP020", ks).len(), 1);
    }

    #[test]
    fn silent_for_quoted_and_block_texts_and_a_hash_inside_a_word() {
        let yaml = format!(
            "{FU}        kommentar: \"Stickprov enligt rutin #4, två fel.\" # granskad\n      - period: T2\n        kommentar: |\n          Rutin #4 följdes.\n      - period: VB\n        kommentar: Rutin#4 följdes.\n"
        );
        assert!(check_one("IKP020", &yaml).is_empty());
    }

    #[test]
    fn silent_for_a_comment_after_a_word_from_a_vocabulary() {
        // `status` is not free text: a comment after it is the writer's note.
        let yaml = format!(
            "{FU}        kommentar: Inga fel.\n      - period: T2\n        status: Inga avvikelser # preliminärt\n"
        );
        assert!(check_one("IKP020", &yaml).is_empty());
    }
}
