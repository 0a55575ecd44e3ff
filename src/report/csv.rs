//! The findings as CSV for Excel: UTF-8 with a byte-order mark (so Excel reads å, ä, ö),
//! `;` as separator (the list separator of Swedish Excel), CRLF line ends, RFC 4180 quoting.
//! One row per finding, exempted findings included and marked, loading errors last.

use super::model::{AuditReport, FindingView, RuleGroup, RuleInfo};
use super::words;

const BOM: &str = "\u{FEFF}";
const SEP: char = ';';
const EOL: &str = "\r\n";

/// Would a spreadsheet (Excel, LibreOffice Calc) evaluate a cell that begins so? `=` and `@`
/// (also full-width, which Excel folds to ASCII), and a tab or CR that it strips before
/// looking, always; `+` and `-` when an expression follows: a digit, a bracket, an operator,
/// a reference (`-cmd|…`, `+A1`). A `-` followed by a space and a word, the YAML list item of a
/// quoted line (`- kommentar: |`), is text to every spreadsheet and is kept verbatim.
fn would_evaluate(value: &str) -> bool {
    let mut chars = value.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    match first {
        '=' | '@' | '\t' | '\r' | '\u{FF1D}' | '\u{FF20}' => true,
        '+' | '-' | '\u{FF0B}' | '\u{FF0D}' => {
            let rest = chars.as_str();
            let after = rest.trim_start_matches(' ');
            match after.chars().next() {
                None => false,
                // No space: `-A1`, `+cmd|…`, `-2`.
                Some(_) if after.len() == rest.len() => true,
                Some(c) => !c.is_alphabetic(),
            }
        }
        _ => false,
    }
}

/// One field, quoted when it holds the separator, a quote, a line break or surrounding space.
/// A field a spreadsheet would evaluate (see [`would_evaluate`]) gets a leading `'`: plans
/// come from outside, and a cell must never compute. Hidden characters (NUL, controls, bidi
/// overrides, zero-width) are shown visibly, as `\u{202E}`.
pub fn field(value: &str) -> String {
    let value = crate::escape::visible_chars(value);
    let value = if would_evaluate(&value) {
        format!("'{value}")
    } else {
        value.into_owned()
    };
    let needs_quotes =
        value.contains([SEP, '"', '\n', '\r']) || value.starts_with(' ') || value.ends_with(' ');
    if needs_quotes {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

fn line(out: &mut String, fields: &[String]) {
    let joined: Vec<String> = fields.iter().map(|f| field(f)).collect();
    out.push_str(&joined.join(&SEP.to_string()));
    out.push_str(EOL);
}

struct Row<'a> {
    municipality: &'a str,
    committee: &'a str,
    year: String,
    kind: &'a str,
    rule: &'a RuleInfo,
    finding: &'a FindingView,
    exempted: bool,
    justification: &'a str,
}

pub fn render(r: &AuditReport) -> String {
    let lang = r.lang;
    let mut out = String::from(BOM);
    let head: Vec<String> = [
        words::MUNICIPALITY,
        words::COMMITTEE,
        words::YEAR,
        words::KIND,
        words::FILE,
        words::LINE,
        words::COLUMN,
        words::RULE,
        words::NAME,
        words::RULE_TITLE,
        words::SEVERITY,
        words::MESSAGE,
        words::QUOTE,
        words::HELP,
        words::BASIS,
        words::IS_EXEMPTED,
        words::JUSTIFICATION,
    ]
    .iter()
    .map(|w| capitalise(w.get(lang)))
    .collect();
    line(&mut out, &head);

    let mut write = |row: Row<'_>| {
        let f = row.finding;
        let quote = f
            .quote
            .as_ref()
            .map(|q| q.lines.join("\n"))
            .unwrap_or_default();
        line(
            &mut out,
            &[
                row.municipality.to_string(),
                row.committee.to_string(),
                row.year,
                row.kind.to_string(),
                f.at.file.clone(),
                f.at.line.to_string(),
                f.at.column.to_string(),
                row.rule.code.to_string(),
                row.rule.name.to_string(),
                row.rule.title.to_string(),
                f.severity.name(lang).to_string(),
                f.message.clone(),
                quote,
                f.help.clone().unwrap_or_default(),
                row.rule.basis.to_string(),
                if row.exempted { words::YES } else { words::NO }
                    .get(lang)
                    .to_string(),
                row.justification.to_string(),
            ],
        );
    };

    for g in &r.groups {
        let municipality = g.municipality.as_deref().unwrap_or("");
        for d in &g.documents {
            let kind = super::kind_short(d.kind, lang);
            for group in &d.findings {
                for f in &group.findings {
                    write(Row {
                        municipality,
                        committee: &g.name,
                        year: d.year.to_string(),
                        kind,
                        rule: &group.rule,
                        finding: f,
                        exempted: false,
                        justification: "",
                    });
                }
            }
            for e in &d.exempted {
                write(Row {
                    municipality,
                    committee: &g.name,
                    year: d.year.to_string(),
                    kind,
                    rule: &e.rule,
                    finding: &e.finding,
                    exempted: true,
                    justification: &e.justification,
                });
            }
        }
    }
    for failed in &r.failed {
        for group in &failed.findings {
            write_group(&mut write, group);
        }
    }
    out
}

fn write_group<'a>(write: &mut impl FnMut(Row<'a>), group: &'a RuleGroup) {
    for f in &group.findings {
        write(Row {
            municipality: "",
            committee: "",
            year: String::new(),
            kind: "",
            rule: &group.rule,
            finding: f,
            exempted: false,
            justification: "",
        });
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(field("Servicenämnden"), "Servicenämnden");
        assert_eq!(field("a;b"), "\"a;b\"");
        assert_eq!(field("säg \"hej\""), "\"säg \"\"hej\"\"\"");
        assert_eq!(field("rad 1\nrad 2"), "\"rad 1\nrad 2\"");
        assert_eq!(field(" kant"), "\" kant\"");
    }

    #[test]
    fn formulas_are_defused() {
        assert_eq!(field("=SUMMA(A1)"), "'=SUMMA(A1)");
        assert_eq!(field("@x;y"), "\"'@x;y\"");
        assert_eq!(field("-2+3"), "'-2+3");
        assert_eq!(field("+A1"), "'+A1");
        assert_eq!(field("- 2+3"), "'- 2+3");
        assert_eq!(field("-cmd|' /C calc'!A0"), "'-cmd|' /C calc'!A0");
        assert_eq!(field("\u{FF1D}1+1"), "'\u{FF1D}1+1");
        assert_eq!(field("\tx"), "'\tx");
        // NUL and bidi overrides are shown, never passed on.
        assert_eq!(field("a\u{0}b\u{202E}c"), "a\\u{0}b\\u{202E}c");
    }

    #[test]
    fn a_quoted_yaml_line_is_kept_verbatim() {
        assert_eq!(field("- kommentar: |"), "- kommentar: |");
        assert_eq!(field("- nr: 70"), "- nr: 70");
        assert_eq!(
            field("kommentar: Inga avvikelser"),
            "kommentar: Inga avvikelser"
        );
        assert_eq!(field("-"), "-");
    }
}
