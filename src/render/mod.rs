//! Renderers: turn a [`Report`](crate::engine::Report) into what a person or a machine reads.
//! A renderer never decides what is wrong; it only chooses how findings look.

pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod rules_md;
pub mod sarif;

use crate::engine::Report;
use crate::finding::{Lang, Severity};
use crate::source::{LineCol, Span};

/// The output formats of `ikp check --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Format {
    /// Läsbar text med källrader (standard).
    Human,
    /// Stabil JSON (version 1).
    Json,
    /// SARIF 2.1.0, för GitHub code scanning och andra verktyg.
    Sarif,
    /// JUnit XML, för Jenkins, GitLab och andra testrapporter.
    Junit,
    /// Arbetsflödeskommandon för GitHub Actions (annoteringar).
    Github,
    /// Code Quality-JSON för GitLab.
    Gitlab,
}

/// Where the rule catalogue is published; each rule has the anchor `#ikpNNN` (see `docs/rules.md`).
pub const RULES_DOC_URL: &str = "https://github.com/ikp-lint/ikp/blob/main/docs/rules.md";

/// The documentation address of one rule.
pub fn rule_help_uri(code: &str) -> String {
    format!("{RULES_DOC_URL}#{}", code.to_ascii_lowercase())
}

/// What a format needs besides the report.
#[derive(Debug, Clone)]
pub struct Options {
    pub lang: Lang,
    /// The `--fail-on` level: findings at or above it fail (JUnit marks only those as failures).
    pub fail_on: Option<Severity>,
    /// When the run started, UTC, `YYYY-MM-DDTHH:MM:SS` (JUnit's `timestamp`).
    pub timestamp: String,
    /// The machine that ran the check (JUnit's `hostname`).
    pub hostname: String,
}

impl Options {
    /// Options with a fixed time and host, for output that must be byte-for-byte repeatable.
    pub fn fixed(lang: Lang, fail_on: Option<Severity>) -> Self {
        Options {
            lang,
            fail_on,
            timestamp: "1970-01-01T00:00:00".to_string(),
            hostname: "localhost".to_string(),
        }
    }
}

/// The report in `format`, as text without colour (what `--output` writes).
pub fn render(format: Format, report: &Report, options: &Options) -> String {
    match format {
        Format::Human => human::render_to_string(report, options.lang),
        Format::Json => json::render(report, options.lang),
        Format::Sarif => sarif::render(report, options.lang),
        Format::Junit => junit::render(report, options),
        Format::Github => github::render(report, options.lang),
        Format::Gitlab => gitlab::render(report, options.lang),
    }
}

/// The cell a position is in, for a workbook (`VoR!E12`); `None` for text. The one place
/// renderers learn about cells: they name the cell beside the message, and [`position`]
/// already gives its row and column.
pub fn cell_name(report: &Report, file: usize, span: Span) -> Option<String> {
    Some(report.file(file)?.cell_at(span.start as usize)?.to_string())
}

/// `message` with the cell in front (`VoR!E12: message`) when the label is in a workbook.
pub fn with_cell(report: &Report, file: usize, span: Span, message: &str) -> String {
    match cell_name(report, file, span) {
        Some(cell) if message.is_empty() => cell,
        Some(cell) => format!("{cell}: {message}"),
        None => message.to_string(),
    }
}

/// Position of a span as 1-based (line, column) pairs for start and end. In a workbook the
/// line is the sheet row and the column the sheet column of the cell.
pub fn position(report: &Report, file: usize, span: Span) -> (LineCol, LineCol) {
    if let Some(source) = report.file(file)
        && let Some(cell) = source.cell_at(span.start as usize)
    {
        let at = LineCol {
            line: cell.row as usize,
            column: cell.column as usize,
        };
        return (at, at);
    }
    match report.file(file) {
        Some(source) => (
            source.line_col(span.start as usize),
            source.line_col(span.end as usize),
        ),
        None => (
            LineCol { line: 1, column: 1 },
            LineCol { line: 1, column: 1 },
        ),
    }
}

/// The shown path of a file.
pub fn file_name(report: &Report, file: usize) -> String {
    report
        .file(file)
        .map(|s| s.display.clone())
        .unwrap_or_default()
}

/// The configuration that governed a file, as shown (`None` for a file no document came of).
pub fn config_of(report: &Report, file: usize, lang: Lang) -> Option<String> {
    report
        .configs
        .iter()
        .find(|c| c.files.binary_search(&file).is_ok())
        .map(|c| c.shown(lang))
}

/// Every configuration in use and the files it governed (JSON, SARIF run properties).
pub fn configs_json(report: &Report, lang: Lang) -> serde_json::Value {
    report
        .configs
        .iter()
        .map(|c| {
            serde_json::json!({
                "file": c.path.as_ref().map(|_| c.shown(lang)),
                "shown": c.shown(lang),
                "profile": c.profile,
                "documents": c.files.iter().map(|f| file_name(report, *f)).collect::<Vec<_>>(),
            })
        })
        .collect()
}

/// One line naming the configuration files in use and how many files each governed, so a
/// reviewer sees when a different (perhaps weakened) one applied. `None` when nothing was
/// checked.
pub fn config_line(report: &Report, lang: Lang) -> Option<String> {
    if report.configs.is_empty() {
        return None;
    }
    let parts: Vec<String> = report
        .configs
        .iter()
        .map(|c| {
            let n = c.files.len();
            match lang {
                Lang::Sv => format!(
                    "{} ({n} {})",
                    c.shown(lang),
                    if n == 1 { "fil" } else { "filer" }
                ),
                Lang::En => format!(
                    "{} ({n} {})",
                    c.shown(lang),
                    if n == 1 { "file" } else { "files" }
                ),
            }
        })
        .collect();
    Some(match lang {
        Lang::Sv => format!("konfiguration: {}", parts.join(", ")),
        Lang::En => format!("configuration: {}", parts.join(", ")),
    })
}

/// The one-line summary of a run: counts by severity, exemptions, baselined findings and
/// skipped files. It is the same whatever the format, and never depends on how many findings
/// a CI service is willing to show.
pub fn summary_line(report: &Report, lang: Lang) -> String {
    use crate::finding::Severity::*;
    let (e, w, i) = (
        report.count(Error),
        report.count(Warning),
        report.count(Info),
    );
    let docs = report.document_count();
    let files = report.files.len();
    let ex = report.exempted.len();
    let known = report.baselined.len();
    let skipped = report.skipped;
    // Singular and plural as a person writes them: "1 fil", "2 filer".
    let n = |count: usize, one: &str, many: &str| {
        format!("{count} {}", if count == 1 { one } else { many })
    };
    // Said only when it happened, so an ordinary run's line stays as it was.
    let (not_checked, excluded) = (report.not_checked, report.excluded.len());
    let extra = match lang {
        Lang::Sv => {
            let mut s = String::new();
            if not_checked > 0 {
                s += &format!(
                    "; {} inte kontrolleras (reglerna kördes inte)",
                    n(not_checked, "fil kunde", "filer kunde")
                );
            }
            if excluded > 0 {
                s += &format!(
                    "; {} av exclude/include i ikp.toml",
                    n(excluded, "fil utesluten", "filer uteslutna")
                );
            }
            s
        }
        Lang::En => {
            let mut s = String::new();
            if not_checked > 0 {
                s += &format!(
                    "; {} not be checked (rules did not run)",
                    n(not_checked, "file could", "files could")
                );
            }
            if excluded > 0 {
                s += &format!(
                    "; {} by exclude/include in ikp.toml",
                    n(excluded, "file excluded", "files excluded")
                );
            }
            s
        }
    };
    let line = match lang {
        Lang::Sv => format!(
            "{docs} dokument i {}: {e} fel, {}, {i} info; {}; {} i baslinjen; {} inte ikp-dokument",
            n(files, "fil", "filer"),
            n(w, "varning", "varningar"),
            n(ex, "undantaget fynd", "undantagna fynd"),
            n(known, "känt fynd", "kända fynd"),
            n(skipped, "fil var", "filer var"),
        ),
        Lang::En => format!(
            "{}: {}, {}, {i} info; {}; {} in the baseline; {} not ikp documents",
            n(docs, "document", "documents") + " in " + &n(files, "file", "files"),
            n(e, "error", "errors"),
            n(w, "warning", "warnings"),
            n(ex, "exempted finding", "exempted findings"),
            n(known, "known finding", "known findings"),
            n(skipped, "file was", "files were"),
        ),
    };
    line + &extra
}
