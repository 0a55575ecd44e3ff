//! Renderers: turn a [`Report`](crate::engine::Report) into what a person or a machine reads.
//! A renderer never decides what is wrong; it only chooses how findings look.

pub mod human;
pub mod json;

use crate::engine::Report;
use crate::finding::Lang;
use crate::source::{LineCol, Span};

/// Position of a span as 1-based (line, column) pairs for start and end.
pub fn position(report: &Report, file: usize, span: Span) -> (LineCol, LineCol) {
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

/// The one-line summary of a run: counts by severity, exemptions and skipped files.
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
    let skipped = report.skipped;
    match lang {
        Lang::Sv => format!(
            "{docs} dokument i {files} filer: {e} fel, {w} varningar, {i} info; {ex} undantagna fynd; {skipped} filer var inte ikp-dokument"
        ),
        Lang::En => format!(
            "{docs} documents in {files} files: {e} errors, {w} warnings, {i} info; {ex} exempted findings; {skipped} files were not ikp documents"
        ),
    }
}
