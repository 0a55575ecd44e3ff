//! Human output with `codespan-reporting`: file:line:col, the source line, a caret under the
//! value, related places in other files, and help — in Swedish unless `--lang en`.

use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic, Label as CsLabel, Severity as CsSeverity};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::termcolor::WriteColor;
use codespan_reporting::term::{self, Config};

use super::summary_line;
use crate::engine::Report;
use crate::finding::{Finding, Lang, Severity};
use crate::rules;

struct ReportFiles<'a>(&'a Report);

impl<'a> Files<'a> for ReportFiles<'a> {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, FilesError> {
        self.0
            .file(id)
            .map(|f| f.display.as_str())
            .ok_or(FilesError::FileMissing)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, FilesError> {
        self.0
            .file(id)
            .map(|f| f.text.as_str())
            .ok_or(FilesError::FileMissing)
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, FilesError> {
        let file = self.0.file(id).ok_or(FilesError::FileMissing)?;
        Ok(file.line_col(byte_index).line - 1)
    }

    fn line_number(&'a self, id: usize, line_index: usize) -> Result<usize, FilesError> {
        let file = self.0.file(id).ok_or(FilesError::FileMissing)?;
        // A workbook's lines are its rows: number them as the spreadsheet does.
        Ok(file
            .row_of_line(line_index)
            .map_or(line_index + 1, |row| row as usize))
    }

    fn column_number(
        &'a self,
        id: usize,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let file = self.0.file(id).ok_or(FilesError::FileMissing)?;
        if let Some(cell) = file.cell_at(byte_index) {
            return Ok(cell.column as usize);
        }
        let range = self.line_range(id, line_index)?;
        let start = range.start.min(byte_index);
        Ok(file
            .text
            .get(start..byte_index)
            .map_or(1, |t| t.chars().count() + 1))
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, FilesError> {
        let file = self.0.file(id).ok_or(FilesError::FileMissing)?;
        let starts = file.line_starts();
        let start = *starts.get(line_index).ok_or(FilesError::LineTooLarge {
            given: line_index,
            max: starts.len().saturating_sub(1),
        })?;
        let end = starts
            .get(line_index + 1)
            .copied()
            .unwrap_or(file.text.len());
        Ok(start..end)
    }
}

fn severity(s: Severity) -> CsSeverity {
    match s {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    }
}

fn diagnostic(report: &Report, finding: &Finding, lang: Lang) -> Diagnostic<usize> {
    let cell =
        |l: &crate::finding::Label| super::with_cell(report, l.file, l.span, l.message.get(lang));
    let hint = match lang {
        Lang::Sv => "hjälp",
        Lang::En => "help",
    };
    let mut labels = vec![
        CsLabel::primary(finding.primary.file, finding.primary.span.range())
            .with_message(cell(&finding.primary)),
    ];
    labels.extend(
        finding
            .secondary
            .iter()
            .map(|l| CsLabel::secondary(l.file, l.span.range()).with_message(cell(l))),
    );
    let mut notes = Vec::new();
    if let Some(help) = &finding.help {
        notes.push(format!("{hint}: {}", help.get(lang)));
    }
    if let Some(rule) = rules::find(finding.rule) {
        let meta = rule.meta();
        let more = match lang {
            Lang::Sv => format!(
                "regel {} ({}): `ikp explain {}`",
                meta.code, meta.name, meta.code
            ),
            Lang::En => format!(
                "rule {} ({}): `ikp explain {} --lang en`",
                meta.code, meta.name, meta.code
            ),
        };
        notes.push(more);
    }
    Diagnostic::new(severity(finding.severity))
        .with_code(finding.rule)
        .with_message(finding.message.get(lang))
        .with_labels(labels)
        .with_notes(notes)
}

/// Codespan writes the English severity words; in Swedish output we replace them in the header.
fn localize_header(text: String, lang: Lang) -> String {
    if lang == Lang::En {
        return text;
    }
    text.replacen("error[", "fel[", 1)
        .replacen("warning[", "varning[", 1)
        .replacen("note[", "info[", 1)
}

/// Render findings (and notes, and the summary line) to `out`.
pub fn render(
    report: &Report,
    lang: Lang,
    quiet: bool,
    out: &mut dyn WriteColor,
) -> std::io::Result<()> {
    let config = Config::default();
    let files = ReportFiles(report);
    for finding in &report.findings {
        let mut buffer = BufferColor::new(out.supports_color());
        term::emit_to_write_style(
            &mut buffer.inner,
            &config,
            &files,
            &diagnostic(report, finding, lang),
        )
        .map_err(std::io::Error::other)?;
        let text = localize_header(buffer.into_string(), lang);
        out.write_all(text.as_bytes())?;
    }
    if !quiet {
        for error in &report.config_errors {
            writeln!(
                out,
                "{}: {error}",
                match lang {
                    Lang::Sv => "konfigurationsfel",
                    Lang::En => "configuration error",
                }
            )?;
        }
        for (file, note) in &report.notes {
            writeln!(
                out,
                "not: {}: {}",
                super::file_name(report, *file),
                note.get(lang)
            )?;
        }
    }
    writeln!(out, "{}", summary_line(report, lang))?;
    Ok(())
}

/// Render to a plain string without colours (for tests and `--output`).
pub fn render_to_string(report: &Report, lang: Lang) -> String {
    let mut buffer = codespan_reporting::term::termcolor::Buffer::no_color();
    // Writing to memory cannot fail.
    let _ = render(report, lang, false, &mut buffer);
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

struct BufferColor {
    inner: codespan_reporting::term::termcolor::Buffer,
}

impl BufferColor {
    fn new(color: bool) -> Self {
        BufferColor {
            inner: if color {
                codespan_reporting::term::termcolor::Buffer::ansi()
            } else {
                codespan_reporting::term::termcolor::Buffer::no_color()
            },
        }
    }

    fn into_string(self) -> String {
        String::from_utf8_lossy(self.inner.as_slice()).into_owned()
    }
}
