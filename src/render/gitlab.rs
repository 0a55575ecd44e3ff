//! `--format gitlab`: GitLab Code Quality JSON (a subset of the Code Climate format), which
//! GitLab shows in the merge-request widget and the pipeline's Code Quality tab.
//!
//! Severities map as linters usually map them: fel → `major`, varning → `minor`,
//! info → `info`. GitLab compares reports between branches by `fingerprint`, which is the
//! finding's [fingerprint](crate::fingerprint), made unique when two findings are identical.

use serde::Serialize;

use super::position;
use crate::engine::Report;
use crate::finding::{Lang, Severity};
use crate::fingerprint::Fingerprinter;
use crate::source::repo_path;

#[derive(Serialize)]
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    description: String,
    check_name: &'a str,
    /// Code Climate's categories (GitLab shows them; other Code Climate readers require them).
    categories: Vec<&'static str>,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

/// The Code Climate category of a rule: a copied text is `Duplication`; a file that could not
/// be read or checked, or a rule whose default is an error (the document contradicts itself
/// or the rules), is a `Bug Risk`; the rest (warnings and notes on how a document is written)
/// is `Clarity`.
pub fn category(rule: &str) -> &'static str {
    match rule {
        "IKP006" | "IKP108" => "Duplication",
        _ if rule.starts_with("IKP9") || rule.starts_with("IKP09") => "Bug Risk",
        _ => match crate::rules::find(rule).map(|r| r.meta().default_severity) {
            Some(Severity::Error) | None => "Bug Risk",
            Some(_) => "Clarity",
        },
    }
}

pub fn render(report: &Report, lang: Lang) -> String {
    let prints = Fingerprinter::new(report).unique(&report.findings);
    let issues: Vec<Issue<'_>> = report
        .findings
        .iter()
        .zip(prints)
        .map(|(f, fingerprint)| {
            let (start, end) = position(report, f.primary.file, f.primary.span);
            Issue {
                kind: "issue",
                description: format!(
                    "{}: {}",
                    f.rule,
                    super::with_cell(report, f.primary.file, f.primary.span, f.message.get(lang))
                ),
                check_name: f.rule,
                categories: vec![category(f.rule)],
                fingerprint,
                severity: severity(f.severity),
                location: Location {
                    path: report
                        .file(f.primary.file)
                        .map(|s| repo_path(&s.path).as_str().to_string())
                        .unwrap_or_default(),
                    lines: Lines {
                        begin: start.line,
                        end: end.line,
                    },
                },
            }
        })
        .collect();
    // Serializing plain structs of strings and numbers cannot fail.
    serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".to_string()) + "\n"
}
