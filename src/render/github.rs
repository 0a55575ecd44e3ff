//! `--format github`: GitHub Actions workflow commands, one per finding, which GitHub shows as
//! annotations on the changed lines of a pull request:
//!
//! ```text
//! ::error file=plan.yaml,line=609,col=9,endLine=609,endColumn=11,title=IKP004 saknad-riskbedomning::risk 70 saknar …
//! ```
//!
//! GitHub shows only a limited number of annotations per step; every finding is still written,
//! and the exit code is decided by the findings, never by what GitHub chose to show.

use super::position;
use crate::engine::Report;
use crate::finding::{Finding, Label, Lang, Severity};
use crate::rules;
use crate::source::repo_path;

pub fn render(report: &Report, lang: Lang) -> String {
    let mut out = String::new();
    for finding in &report.findings {
        out.push_str(&command(report, finding, lang));
        out.push('\n');
    }
    out
}

fn command(report: &Report, f: &Finding, lang: Lang) -> String {
    let (start, end) = position(report, f.primary.file, f.primary.span);
    let title = match rules::find(f.rule) {
        Some(rule) => format!("{} {}", f.rule, rule.meta().name),
        None => f.rule.to_string(),
    };
    let mut message = super::with_cell(report, f.primary.file, f.primary.span, f.message.get(lang));
    if let Some(help) = &f.help {
        let hint = match lang {
            Lang::Sv => "hjälp",
            Lang::En => "help",
        };
        message.push_str(&format!("\n{hint}: {}", help.get(lang)));
    }
    for label in &f.secondary {
        message.push('\n');
        message.push_str(&related(report, label, lang));
    }
    let properties = [
        ("file", path(report, f.primary.file)),
        ("line", start.line.to_string()),
        ("col", start.column.to_string()),
        ("endLine", end.line.to_string()),
        ("endColumn", end.column.to_string()),
        ("title", title),
    ]
    .iter()
    .map(|(k, v)| format!("{k}={}", escape_property(&crate::escape::one_line(v))))
    .collect::<Vec<_>>()
    .join(",");
    // Shown, never obeyed: no raw control or bidi character reaches the log.
    format!(
        "::{} {properties}::{}",
        command_name(f.severity),
        escape_data(&crate::escape::terminal(&message))
    )
}

fn command_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

fn path(report: &Report, file: usize) -> String {
    report
        .file(file)
        .map(|s| repo_path(&s.path).as_str().to_string())
        .unwrap_or_default()
}

fn related(report: &Report, label: &Label, lang: Lang) -> String {
    let (start, _) = position(report, label.file, label.span);
    let see = match lang {
        Lang::Sv => "se även",
        Lang::En => "see also",
    };
    let place = format!(
        "{}:{}:{}",
        path(report, label.file),
        start.line,
        start.column
    );
    match label.message.get(lang) {
        "" => format!("{see} {place}"),
        text => format!("{see} {place}: {text}"),
    }
}

/// The message of a workflow command: `%`, CR and LF are escaped.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value of a workflow command: as data, and also `:` and `,`, which would end it.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_github_requires() {
        assert_eq!(
            escape_data("100% klart\r\nrad 2"),
            "100%25 klart%0D%0Arad 2"
        );
        assert_eq!(
            escape_property("Älvsjö, del 1: plan.yaml"),
            "Älvsjö%2C del 1%3A plan.yaml"
        );
    }
}
