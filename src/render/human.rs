//! Human output with `codespan-reporting`: file:line:col, the source line, a caret under the
//! value, related places in other files, and help — in Swedish unless `--lang en`.

use std::collections::HashMap;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic, Label as CsLabel, Severity as CsSeverity};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::termcolor::WriteColor;
use codespan_reporting::term::{self, Config};

use super::summary_line;
use crate::engine::Report;
use crate::escape;
use crate::finding::{Finding, Lang, Severity};
use crate::rules;

/// Longest quoted source line, in characters; a longer line is cut around the labels, with
/// `…` where it was cut (a 15 MB line once made every finding print 15 MB).
pub const MAX_QUOTED_CHARS: usize = 200;

/// Characters of context kept before the first label on a cut line.
const CONTEXT_BEFORE: usize = 40;

/// What one diagnostic shows of the files it points into: only the lines its labels are on,
/// each escaped (nothing a document contains reaches the terminal raw) and cut to
/// [`MAX_QUOTED_CHARS`], with the real line numbers and columns.
struct Excerpts {
    files: Vec<Excerpt>,
}

struct Excerpt {
    name: String,
    text: String,
    starts: Vec<usize>,
    /// The real line number of each excerpt line (0 for a gap placeholder).
    numbers: Vec<usize>,
    /// Excerpt byte offset of a label boundary → its real column.
    columns: HashMap<usize, usize>,
}

impl Excerpts {
    /// The excerpts for `finding`'s labels, and the labels' (excerpt, range) in their order.
    fn new(report: &Report, finding: &Finding) -> (Excerpts, Vec<(usize, Range<usize>)>) {
        let labels: Vec<(usize, crate::source::Span)> = std::iter::once(&finding.primary)
            .chain(&finding.secondary)
            .map(|l| (l.file, l.span))
            .collect();
        let mut order: Vec<usize> = Vec::new();
        for (file, _) in &labels {
            if !order.contains(file) {
                order.push(*file);
            }
        }
        let mut files = Vec::new();
        let mut mapped = vec![(0, 0..0); labels.len()];
        for (excerpt_id, &file) in order.iter().enumerate() {
            let Some(source) = report.file(file) else {
                files.push(Excerpt::empty(String::new()));
                continue;
            };
            // Each label on its start line (a multi-line value is shown by its first line).
            let mine: Vec<(usize, usize, usize, usize)> = labels
                .iter()
                .enumerate()
                .filter(|(_, (f, _))| *f == file)
                .map(|(i, (_, span))| {
                    let (start, end) =
                        clamp_to_line(source, span.start as usize, span.end as usize);
                    // The line by binary search; the column is counted once, in `push_line`.
                    let line = source.line_starts().partition_point(|&s| s <= start).max(1);
                    (i, line, start, end)
                })
                .collect();
            let mut lines: Vec<usize> = mine.iter().map(|m| m.1).collect();
            lines.sort_unstable();
            lines.dedup();
            let mut excerpt = Excerpt::empty(escape::terminal(&source.display));
            let mut previous: Option<usize> = None;
            for &line in &lines {
                match previous {
                    // codespan shows a single line between two labelled lines; a longer gap
                    // is a break (`·`), which two placeholder lines give.
                    Some(p) if line == p + 2 => {
                        excerpt.push_line(source, p + 1, &[]);
                    }
                    Some(p) if line > p + 2 => {
                        excerpt.push_placeholder();
                        excerpt.push_placeholder();
                    }
                    _ => {}
                }
                let here: Vec<(usize, usize, usize)> = mine
                    .iter()
                    .filter(|m| m.1 == line)
                    .map(|m| (m.0, m.2, m.3))
                    .collect();
                for (i, range) in excerpt.push_line(source, line, &here) {
                    if let Some(slot) = mapped.get_mut(i) {
                        *slot = (excerpt_id, range);
                    }
                }
                previous = Some(line);
            }
            files.push(excerpt);
        }
        (Excerpts { files }, mapped)
    }
}

/// `start..end` cut to the line `start` is on (without its line break), on char boundaries.
fn clamp_to_line(source: &crate::source::SourceFile, start: usize, end: usize) -> (usize, usize) {
    let text = source.text.as_str();
    let start = floor_boundary(text, start.min(text.len()));
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let end = floor_boundary(text, end.clamp(start, line_end));
    (start, end)
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl Excerpt {
    fn empty(name: String) -> Self {
        Excerpt {
            name,
            text: String::new(),
            starts: Vec::new(),
            numbers: Vec::new(),
            columns: HashMap::new(),
        }
    }

    fn push_placeholder(&mut self) {
        self.starts.push(self.text.len());
        self.numbers.push(0);
        self.text.push('\n');
    }

    /// Add real line `line` (1-based), escaped and cut around `labels` (index, start, end as
    /// byte offsets in the source); returns each label's range in the excerpt.
    fn push_line(
        &mut self,
        source: &crate::source::SourceFile,
        line: usize,
        labels: &[(usize, usize, usize)],
    ) -> Vec<(usize, Range<usize>)> {
        let text = source.text.as_str();
        let starts = source.line_starts();
        let line_start = starts
            .get(line - 1)
            .copied()
            .unwrap_or(text.len())
            .min(text.len());
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let body = text[line_start..line_end].trim_end_matches('\r');
        let base = self.text.len();
        self.starts.push(base);
        // A workbook's lines are its rows: number them as the spreadsheet does.
        self.numbers.push(
            source
                .row_of_line(line - 1)
                .map_or(line, |row| row as usize),
        );

        // The window of characters shown. Only counting goes over the whole line (std's
        // optimised `count`); every loop here is bounded by the window.
        let first = labels
            .iter()
            .map(|&(_, s, _)| s.saturating_sub(line_start).min(body.len()))
            .min()
            .map_or(0, |b| floor_boundary(body, b));
        // Whether the line fits is found without counting all of a long line.
        let fits = body.chars().nth(MAX_QUOTED_CHARS).is_none();
        let from_byte = if fits {
            0
        } else {
            let back = body[..first]
                .char_indices()
                .rev()
                .take(CONTEXT_BEFORE)
                .last()
                .map_or(first, |(b, _)| b);
            if body[back..].chars().nth(MAX_QUOTED_CHARS - 1).is_none() {
                body.char_indices()
                    .rev()
                    .nth(MAX_QUOTED_CHARS - 1)
                    .map_or(0, |(b, _)| b)
            } else {
                back
            }
        };
        if from_byte > 0 {
            self.text.push('…');
        }
        // Byte offsets in the source where a label starts or ends, to map.
        let mut wanted: Vec<usize> = labels.iter().flat_map(|&(_, s, e)| [s, e]).collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut at: HashMap<usize, usize> = HashMap::new();
        let mut shown = String::new();
        let mut to_byte = body.len();
        for (n, (b, c)) in body[from_byte..].char_indices().enumerate() {
            if n >= MAX_QUOTED_CHARS {
                to_byte = from_byte + b;
                break;
            }
            let source_byte = line_start + from_byte + b;
            if wanted.binary_search(&source_byte).is_ok() {
                at.insert(source_byte, self.text.len() + shown.len());
            }
            push_escaped(c, &mut shown);
        }
        let window_start_byte = line_start + from_byte;
        let end_byte = line_start + to_byte;
        // A label boundary at or past the window's end maps to the end of what is shown.
        for &w in &wanted {
            if w >= end_byte {
                at.insert(w, self.text.len() + shown.len());
            }
        }
        // The guard against `::` at a line start is the gutter's job here; keep the text.
        let shown_start = self.text.len();
        self.text.push_str(&shown);
        if to_byte < body.len() {
            self.text.push('…');
        }
        self.text.push('\n');
        labels
            .iter()
            .map(|&(i, s, e)| {
                let map = |b: usize| {
                    if b < window_start_byte {
                        shown_start
                    } else {
                        at.get(&b).copied().unwrap_or(shown_start)
                    }
                };
                let (ms, me) = (map(s), map(e).max(map(s)));
                let column = source
                    .cell_at(s)
                    .map_or(source.line_col(s).column, |cell| cell.column as usize);
                self.columns.insert(ms, column);
                (i, ms..me)
            })
            .collect()
    }
}

/// One character of a quoted line, shown visibly when hidden (see [`crate::escape`]).
fn push_escaped(c: char, out: &mut String) {
    if c == '\u{1b}' {
        out.push('␛');
    } else if escape::is_hidden(c) || c == '\n' {
        out.push_str(&format!("\\u{{{:X}}}", c as u32));
    } else {
        out.push(c);
    }
}

impl<'a> Files<'a> for Excerpts {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, FilesError> {
        self.files
            .get(id)
            .map(|f| f.name.as_str())
            .ok_or(FilesError::FileMissing)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, FilesError> {
        self.files
            .get(id)
            .map(|f| f.text.as_str())
            .ok_or(FilesError::FileMissing)
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, FilesError> {
        let file = self.files.get(id).ok_or(FilesError::FileMissing)?;
        Ok(file
            .starts
            .partition_point(|&s| s <= byte_index)
            .saturating_sub(1))
    }

    fn line_number(&'a self, id: usize, line_index: usize) -> Result<usize, FilesError> {
        let file = self.files.get(id).ok_or(FilesError::FileMissing)?;
        Ok(file.numbers.get(line_index).copied().unwrap_or(0))
    }

    fn column_number(
        &'a self,
        id: usize,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let file = self.files.get(id).ok_or(FilesError::FileMissing)?;
        if let Some(column) = file.columns.get(&byte_index) {
            return Ok(*column);
        }
        let start = file.starts.get(line_index).copied().unwrap_or(0);
        Ok(file
            .text
            .get(start..byte_index)
            .map_or(1, |t| t.chars().count() + 1))
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, FilesError> {
        let file = self.files.get(id).ok_or(FilesError::FileMissing)?;
        let start = *file
            .starts
            .get(line_index)
            .ok_or(FilesError::LineTooLarge {
                given: line_index,
                max: file.starts.len().saturating_sub(1),
            })?;
        let end = file
            .starts
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

fn diagnostic(
    report: &Report,
    finding: &Finding,
    lang: Lang,
    labels_at: &[(usize, Range<usize>)],
) -> Diagnostic<usize> {
    let hint = match lang {
        Lang::Sv => "hjälp",
        Lang::En => "help",
    };
    let labels: Vec<CsLabel<usize>> = std::iter::once(&finding.primary)
        .chain(&finding.secondary)
        .zip(labels_at)
        .enumerate()
        .map(|(i, (label, (file, range)))| {
            // A workbook's label names its cell (`VoR!E12: …`).
            let message = escape::terminal(&super::with_cell(
                report,
                label.file,
                label.span,
                label.message.get(lang),
            ));
            let made = if i == 0 {
                CsLabel::primary(*file, range.clone())
            } else {
                CsLabel::secondary(*file, range.clone())
            };
            made.with_message(message)
        })
        .collect();
    let mut notes = Vec::new();
    if let Some(help) = &finding.help {
        notes.push(format!("{hint}: {}", escape::terminal(help.get(lang))));
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
        .with_message(escape::terminal(finding.message.get(lang)))
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
    for finding in &report.findings {
        let mut buffer = BufferColor::new(out.supports_color());
        let (files, labels_at) = Excerpts::new(report, finding);
        term::emit_to_write_style(
            &mut buffer.inner,
            &config,
            &files,
            &diagnostic(report, finding, lang, &labels_at),
        )
        .map_err(std::io::Error::other)?;
        let text = localize_header(buffer.into_string(), lang);
        out.write_all(text.as_bytes())?;
    }
    if !quiet {
        for error in &report.config_errors {
            writeln!(
                out,
                "{}: {}",
                match lang {
                    Lang::Sv => "konfigurationsfel",
                    Lang::En => "configuration error",
                },
                escape::terminal(&error.to_string())
            )?;
        }
        for (file, note) in &report.notes {
            writeln!(
                out,
                "not: {}: {}",
                escape::terminal(&super::file_name(report, *file)),
                escape::terminal(note.get(lang))
            )?;
        }
    }
    if let Some(line) = super::config_line(report, lang) {
        writeln!(out, "{line}")?;
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
