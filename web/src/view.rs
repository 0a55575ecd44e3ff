//! The page's view of a report: per file, the document's summary (kind, nämnd, year, counts,
//! the risk matrix from the auditors' report's SVG renderer, the follow-up's outcomes) and its
//! findings, each with message, help, basis and the offending lines with the span marked as
//! the CLI's carets mark it. Texts are in one language; the page escapes all of them except
//! the matrix, which the report's own escaping `Markup` builder made.

use std::collections::HashMap;

use ikp_lint::engine::Report;
use ikp_lint::finding::{Finding, Label, Lang};
use ikp_lint::render::{position, summary_line};
use ikp_lint::report::model::{DocumentSection, build};
use ikp_lint::report::{ReportOptions, outcome_parts, svg};
use ikp_lint::rules;
use serde::Serialize;

use super::{labels, severity};

/// Lines quoted per label, and characters per quoted line (as the report quotes).
const MAX_LINES: usize = 3;
const MAX_CHARS: usize = 240;

#[derive(Serialize)]
pub struct View {
    /// The CLI's summary line, word for word.
    pub summary: String,
    pub errors: usize,
    pub warnings: usize,
    pub info: usize,
    pub documents: usize,
    pub exempted: usize,
    pub config_errors: Vec<String>,
    pub notes: Vec<Note>,
    /// Every file looked at, in the CLI's order; files without findings or document too.
    pub files: Vec<FileView>,
}

#[derive(Serialize)]
pub struct Note {
    pub file: String,
    pub message: String,
}

#[derive(Serialize)]
pub struct FileView {
    pub path: String,
    pub document: Option<DocumentView>,
    pub findings: Vec<FindingView>,
}

#[derive(Serialize)]
pub struct DocumentView {
    /// `plan`, `uppföljning`, `ks-punkter` (the page names it in its language).
    pub kind: &'static str,
    pub committee: String,
    pub year: i64,
    pub errors: usize,
    pub warnings: usize,
    pub info: usize,
    pub exempted: usize,
    /// The profile that governed it and the `ikp.toml` that chose it.
    pub profile: String,
    pub config: Option<String>,
    /// The risk matrix as SVG (a plan), made by the auditors' report's renderer.
    pub matrix_svg: Option<String>,
    /// "20 tillfällen i 12 kontroller" and the counted outcomes (a follow-up).
    pub outcomes: Option<(String, Vec<(String, bool)>)>,
}

#[derive(Serialize)]
pub struct FindingView {
    pub rule: &'static str,
    pub name: &'static str,
    pub title: &'static str,
    pub severity: &'static str,
    pub severity_name: &'static str,
    pub message: String,
    pub help: Option<String>,
    pub basis: &'static str,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub entity: String,
    pub labels: Vec<LabelView>,
}

#[derive(Serialize)]
pub struct LabelView {
    pub file: String,
    pub primary: bool,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub lines: Vec<LineView>,
    /// Lines of the span not quoted.
    pub more_lines: usize,
}

/// One quoted line; `from..to` (characters) is marked.
#[derive(Serialize)]
pub struct LineView {
    pub number: usize,
    pub text: String,
    pub from: usize,
    pub to: usize,
}

pub fn build_view(report: &Report, lang: Lang) -> View {
    let model = build(
        report,
        &ReportOptions {
            lang,
            date: String::new(),
        },
    );
    let mut sections: HashMap<&str, (&str, &DocumentSection)> = HashMap::new();
    for group in &model.groups {
        for d in &group.documents {
            sections.insert(d.file.as_str(), (group.name.as_str(), d));
        }
    }
    let configs: HashMap<usize, (String, Option<String>)> = report
        .documents
        .iter()
        .map(|d| {
            let source = d.config.source.as_ref().map(|p| p.display().to_string());
            (d.file, (d.config.profile.name.clone(), source))
        })
        .collect();
    let mut findings: Vec<Vec<FindingView>> = report.files.iter().map(|_| Vec::new()).collect();
    for f in &report.findings {
        if let Some(list) = findings.get_mut(f.primary.file) {
            list.push(finding(report, f, lang));
        }
    }
    let files = report
        .files
        .iter()
        .zip(findings)
        .enumerate()
        .map(|(i, (source, findings))| {
            let document = sections.get(source.display.as_str()).map(|(committee, d)| {
                let (profile, config) = configs.get(&i).cloned().unwrap_or_default();
                DocumentView {
                    kind: d.kind.typ(),
                    committee: committee.to_string(),
                    year: d.year,
                    errors: d.counts.errors,
                    warnings: d.counts.warnings,
                    info: d.counts.infos,
                    exempted: d.counts.exempted,
                    profile,
                    config,
                    matrix_svg: d.plan.as_ref().map(|p| {
                        let label = format!("{committee} {}", d.year);
                        svg::matrix(&p.matrix, &label, &d.file, lang).finish()
                    }),
                    outcomes: d.outcomes.as_ref().map(|o| outcome_parts(o, lang)),
                }
            });
            FileView {
                path: source.display.clone(),
                document,
                findings,
            }
        })
        .collect();
    use ikp_lint::finding::Severity::*;
    View {
        summary: summary_line(report, lang),
        errors: report.count(Error),
        warnings: report.count(Warning),
        info: report.count(Info),
        documents: report.document_count(),
        exempted: report.exempted.len(),
        config_errors: report.config_errors.iter().map(|e| e.to_string()).collect(),
        notes: report
            .notes
            .iter()
            .map(|(file, text)| Note {
                file: ikp_lint::render::file_name(report, *file),
                message: text.get(lang).to_string(),
            })
            .collect(),
        files,
    }
}

fn finding(report: &Report, f: &Finding, lang: Lang) -> FindingView {
    let meta = rules::find(f.rule).map(|r| r.meta());
    let (start, end) = position(report, f.primary.file, f.primary.span);
    let (severity, severity_name) = severity(f.severity, lang);
    FindingView {
        rule: f.rule,
        name: meta.map(|m| m.name).unwrap_or(""),
        title: meta.map(|m| m.title.get(lang)).unwrap_or(""),
        severity,
        severity_name,
        message: f.message.get(lang).to_string(),
        help: f.help.as_ref().map(|h| h.get(lang).to_string()),
        basis: meta.map(|m| m.basis.get(lang)).unwrap_or(""),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        entity: f.subject.entity.clone(),
        labels: labels(f)
            .map(|(l, primary)| label(report, l, primary, lang))
            .collect(),
    }
}

fn label(report: &Report, l: &Label, primary: bool, lang: Lang) -> LabelView {
    let (start, end) = position(report, l.file, l.span);
    let mut view = LabelView {
        file: ikp_lint::render::file_name(report, l.file),
        primary,
        line: start.line,
        column: start.column,
        message: l.message.get(lang).to_string(),
        lines: Vec::new(),
        more_lines: 0,
    };
    let Some(source) = report.file(l.file) else {
        return view;
    };
    if source.text.is_empty() {
        return view;
    }
    let starts = source.line_starts();
    // A span that ends at the start of a line (after its newline) does not cover that line.
    let last = if end.line > start.line && end.column == 1 {
        end.line - 1
    } else {
        end.line
    };
    for number in start.line..=last.min(start.line + MAX_LINES - 1) {
        let Some(&from_byte) = starts.get(number - 1) else {
            break;
        };
        let to_byte = starts.get(number).copied().unwrap_or(source.text.len());
        let raw = source.text.get(from_byte..to_byte).unwrap_or("");
        let raw = raw.trim_end_matches(['\n', '\r']);
        let chars = raw.chars().count();
        let from = if number == start.line {
            start.column - 1
        } else {
            0
        };
        let to = if number == end.line {
            end.column - 1
        } else {
            chars
        };
        // An empty span still gets one caret, as codespan draws it.
        let to = to.max(from + 1);
        let text: String = raw.chars().take(MAX_CHARS).collect();
        let shown = text.chars().count();
        view.lines.push(LineView {
            number,
            text,
            from: from.min(shown),
            to: to.min(shown.max(from + 1)),
        });
    }
    view.more_lines = (last + 1 - start.line).saturating_sub(view.lines.len());
    view
}
