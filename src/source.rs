//! Source files and positions.
//!
//! Every value loaded from a document keeps a [`Span`]: a byte range into the text of its
//! [`SourceFile`]. Line and column are computed from the span only when a person needs them,
//! which keeps the tree small and loading fast.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A byte range `start..end` in one source file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        let start = u32::try_from(start).unwrap_or(u32::MAX);
        let end = u32::try_from(end).unwrap_or(u32::MAX).max(start);
        Span { start, end }
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// Index of a file in the run's [`crate::engine::Run`]; stable for one run because files are
/// numbered in sorted path order before any work starts.
pub type FileId = usize;

/// A 1-based line and column (column counted in characters, as editors do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// The text of one checked file and where its lines start.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    /// The path as shown to the user (relative when the user gave a relative path).
    pub display: String,
    pub text: String,
    /// Computed when first asked for: most files of a run never show a position.
    line_starts: OnceLock<Vec<usize>>,
}

impl SourceFile {
    pub fn new(path: &Path, text: String) -> Self {
        SourceFile {
            display: path.display().to_string(),
            path: path.to_path_buf(),
            text,
            line_starts: OnceLock::new(),
        }
    }

    pub fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| line_starts(&self.text))
    }

    /// Line and column of a byte offset. Offsets past the end clamp to the end.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let starts = self.line_starts();
        let line = match starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = starts.get(line).copied().unwrap_or(0);
        let column = self.text[start..offset].chars().count() + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// The text a span covers (empty if the span is out of range).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
        .collect()
}

pub(crate) fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_not_bytes() {
        let f = SourceFile::new(Path::new("x.yaml"), "nämnd: a\når: 2025\n".into());
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        let year = f.text.find("2025").unwrap();
        assert_eq!(f.line_col(year), LineCol { line: 2, column: 5 });
    }
}
