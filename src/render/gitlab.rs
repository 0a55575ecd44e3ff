//! `--format gitlab`: GitLab Code Quality JSON (a subset of the Code Climate format), which
//! GitLab shows in the merge-request widget and the pipeline's Code Quality tab.
//!
//! Severities map as linters usually map them: fel → `major`, varning → `minor`,
//! info → `info`. GitLab compares reports between branches by `fingerprint`, which is the
//! finding's [fingerprint](crate::fingerprint), made unique when two findings are identical.

use std::collections::HashMap;

use serde::Serialize;

use super::position;
use crate::engine::Report;
use crate::finding::{Lang, Severity};
use crate::fingerprint::{Fingerprinter, nth_occurrence};
use crate::source::repo_path;

#[derive(Serialize)]
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    description: String,
    check_name: &'a str,
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

pub fn render(report: &Report, lang: Lang) -> String {
    let prints = Fingerprinter::new(report);
    let mut seen: HashMap<String, usize> = HashMap::new();
    let issues: Vec<Issue<'_>> = report
        .findings
        .iter()
        .map(|f| {
            let (start, end) = position(report, f.primary.file, f.primary.span);
            let base = prints.of(f);
            let n = seen.entry(base.clone()).or_default();
            let fingerprint = nth_occurrence(&base, *n);
            *n += 1;
            Issue {
                kind: "issue",
                description: format!(
                    "{}: {}",
                    f.rule,
                    super::with_cell(report, f.primary.file, f.primary.span, f.message.get(lang))
                ),
                check_name: f.rule,
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
