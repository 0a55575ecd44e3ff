//! `--format json`: a stable, documented JSON document (see README, "JSON-format").
//! Version 1. Fields are only ever added, never renamed or removed, within a version.

use serde::Serialize;

use super::{file_name, position};
use crate::engine::Report;
use crate::finding::{Finding, Label, Lang};
use crate::fingerprint::Fingerprinter;
use crate::rules;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    summary: Summary,
    findings: Vec<JsonFinding<'a>>,
    exempted: Vec<JsonExempted<'a>>,
    notes: Vec<Note>,
    config_errors: Vec<String>,
    /// Which ikp.toml governed which files (`file` is null for the built-in default).
    configs: serde_json::Value,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    documents: usize,
    errors: usize,
    warnings: usize,
    info: usize,
    exempted: usize,
    /// Findings recorded in the `--baseline` file: known, not failed.
    baselined: usize,
    skipped: usize,
    unreadable: usize,
    /// Documents whose rules did not run (unreadable ones included): the run fails.
    not_checked: usize,
    /// Files of a walk left out by `exclude`/`include` in ikp.toml.
    excluded: usize,
}

#[derive(Serialize)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// In a workbook: the sheet and the cell (`E12`); absent for text files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub message: String,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    name: &'a str,
    severity: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    /// In a workbook: the sheet and the cell (`E12`); absent for text files.
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cell: Option<String>,
    entity: &'a str,
    /// The finding's identity across edits (see `crate::fingerprint`).
    fingerprint: String,
    related: Vec<Location>,
}

#[derive(Serialize)]
struct JsonExempted<'a> {
    #[serde(flatten)]
    finding: JsonFinding<'a>,
    justification: &'a str,
    exemption: Location,
}

#[derive(Serialize)]
struct Note {
    file: String,
    message: String,
}

pub fn location(report: &Report, label: &Label, lang: Lang) -> Location {
    let (start, end) = position(report, label.file, label.span);
    let cell = report
        .file(label.file)
        .and_then(|s| s.cell_at(label.span.start as usize));
    Location {
        file: file_name(report, label.file),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        sheet: cell.map(|c| c.sheet.to_string()),
        cell: cell.map(|c| c.address()),
        message: label.message.get(lang).to_string(),
    }
}

/// A file's path in JSON: relative to the repository root, as in every CI format.
fn path(report: &Report, file: usize) -> String {
    report
        .file(file)
        .map(|s| crate::source::repo_path(&s.path).as_str().to_string())
        .unwrap_or_default()
}

/// [`location`] with the repository path.
fn json_location(report: &Report, label: &Label, lang: Lang) -> Location {
    Location {
        file: path(report, label.file),
        ..location(report, label, lang)
    }
}

fn finding<'a>(report: &Report, print: String, f: &'a Finding, lang: Lang) -> JsonFinding<'a> {
    let at = json_location(report, &f.primary, lang);
    JsonFinding {
        rule: f.rule,
        name: rules::find(f.rule).map(|r| r.meta().name).unwrap_or(""),
        severity: f.severity.en(),
        message: f.message.get(lang),
        help: f.help.as_ref().map(|h| h.get(lang)),
        file: at.file,
        line: at.line,
        column: at.column,
        end_line: at.end_line,
        end_column: at.end_column,
        sheet: at.sheet,
        cell: at.cell,
        entity: &f.subject.entity,
        fingerprint: print,
        related: f
            .secondary
            .iter()
            .map(|l| json_location(report, l, lang))
            .collect(),
    }
}

pub fn render(report: &Report, lang: Lang) -> String {
    use crate::finding::Severity::*;
    let fingerprints = Fingerprinter::new(report);
    let prints = fingerprints.unique(&report.findings);
    let doc = Document {
        version: 1,
        tool: Tool {
            name: "ikp",
            version: env!("CARGO_PKG_VERSION"),
        },
        summary: Summary {
            files: report.files.len(),
            documents: report.document_count(),
            errors: report.count(Error),
            warnings: report.count(Warning),
            info: report.count(Info),
            exempted: report.exempted.len(),
            baselined: report.baselined.len(),
            skipped: report.skipped,
            unreadable: report.unreadable,
            not_checked: report.not_checked,
            excluded: report.excluded.len(),
        },
        findings: report
            .findings
            .iter()
            .zip(prints)
            .map(|(f, print)| finding(report, print, f, lang))
            .collect(),
        exempted: report
            .exempted
            .iter()
            .map(|e| JsonExempted {
                finding: finding(report, fingerprints.of(&e.finding), &e.finding, lang),
                justification: &e.justification,
                exemption: json_location(report, &e.exemption, lang),
            })
            .collect(),
        notes: report
            .notes
            .iter()
            .map(|(file, text)| Note {
                file: path(report, *file),
                message: text.get(lang).to_string(),
            })
            .collect(),
        config_errors: report
            .config_errors
            .iter()
            .map(ToString::to_string)
            .collect(),
        configs: super::configs_json(report, lang),
    };
    // Serializing plain structs of strings and numbers cannot fail.
    serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".to_string()) + "\n"
}
