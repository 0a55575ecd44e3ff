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
    /// For a workbook: which cell each part of `text` shows (see [`CellMap`]). `None` for text.
    pub cells: Option<std::sync::Arc<CellMap>>,
}

impl SourceFile {
    pub fn new(path: &Path, text: String) -> Self {
        SourceFile {
            display: path.display().to_string(),
            path: path.to_path_buf(),
            text,
            line_starts: OnceLock::new(),
            cells: None,
        }
    }

    /// A workbook's source: `text` shows its cells, one line per sheet row (see [`CellMap`]).
    pub fn workbook(path: &Path, text: String, cells: CellMap) -> Self {
        let mut source = SourceFile::new(path, text);
        source.cells = Some(std::sync::Arc::new(cells));
        source
    }

    /// The cell a byte offset shows, for a workbook's source; `None` for text.
    pub fn cell_at(&self, offset: usize) -> Option<CellRef<'_>> {
        self.cells.as_deref()?.cell_at(offset)
    }

    /// The sheet row a line of a workbook's text shows (1-based), for line numbers beside it.
    pub fn row_of_line(&self, line_index: usize) -> Option<u32> {
        let cells = self.cells.as_deref()?;
        cells.lines.get(line_index).map(|l| l.row + 1)
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

    /// The part of `span` on its first line, without trailing white space: a caret under a
    /// whole mapping or a block of text would cover many lines, this points at its start.
    pub fn first_line(&self, span: Span) -> Span {
        let start = span.start as usize;
        let text = self.text.get(start..span.end as usize).unwrap_or("");
        let line = text.split('\n').next().unwrap_or("").trim_end();
        Span::new(start, start + line.len())
    }
}

/// Where a file is, for machine-readable reports: relative to its repository root (the nearest
/// folder above it holding `.git`; else the working directory) with `/` separators, so the
/// same file has the same path whether ikp is started at the root, in a subfolder or outside;
/// absolute when it lies in no repository and outside the working directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RepoPath {
    /// `servicenamnden/2025/plan.yaml`, never starting with `./` or `../`.
    Relative(String),
    /// An absolute path with `/` separators (`/srv/plans/plan.yaml`, `C:/plans/plan.yaml`).
    Absolute(String),
}

impl RepoPath {
    /// The path as text (relative or absolute).
    pub fn as_str(&self) -> &str {
        match self {
            RepoPath::Relative(s) | RepoPath::Absolute(s) => s,
        }
    }
}

/// `path` made absolute against the working directory and normalised lexically (files may be
/// in memory, or unreadable, so the file system is not asked to resolve it).
fn absolute(path: &Path) -> PathBuf {
    use std::path::Component;
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        match std::env::current_dir() {
            Ok(cwd) => cwd.join(path),
            Err(_) => path.to_path_buf(),
        }
    };
    let mut normal = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other.as_os_str()),
        }
    }
    normal
}

/// The repository root of `path`: the nearest folder above it that holds `.git` (a directory,
/// or the file of a worktree or submodule), remembered per folder.
pub fn repository_root(path: &Path) -> Option<PathBuf> {
    use std::collections::HashMap;
    use std::sync::Mutex;
    static ROOTS: Mutex<Option<HashMap<PathBuf, Option<PathBuf>>>> = Mutex::new(None);
    let file = absolute(path);
    let dir = file.parent()?.to_path_buf();
    let mut cache = ROOTS.lock().unwrap_or_else(|e| e.into_inner());
    let cache = cache.get_or_insert_with(HashMap::new);
    if let Some(root) = cache.get(&dir) {
        return root.clone();
    }
    let root = dir
        .ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf);
    cache.insert(dir, root.clone());
    root
}

/// The folder that machine-readable paths of `path` are relative to: its repository root,
/// else the working directory.
pub fn base_of(path: &Path) -> Option<PathBuf> {
    repository_root(path).or_else(|| std::env::current_dir().ok())
}

/// The [`RepoPath`] of `path`.
pub fn repo_path(path: &Path) -> RepoPath {
    use std::path::Component;
    let normal = absolute(path);
    let slashes = |p: &Path| {
        p.components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("/")
    };
    if let Some(rest) = base_of(path)
        .as_deref()
        .and_then(|base| normal.strip_prefix(base).ok())
    {
        if rest.as_os_str().is_empty() {
            return RepoPath::Relative(".".to_string());
        }
        return RepoPath::Relative(slashes(rest));
    }
    if !normal.is_absolute() {
        return RepoPath::Relative(slashes(&normal));
    }
    let text = normal.to_string_lossy().replace('\\', "/");
    RepoPath::Absolute(text)
}

impl SourceFile {
    /// The source span of `range`, a byte range into `value`, where `value` is the text of the
    /// scalar written at `span` (block scalars and quoting change white space and escapes, so
    /// the offsets differ). Non-white-space characters keep their order in the source, so they
    /// are aligned greedily; the result covers the first to the last of them in `range`.
    pub fn value_span(&self, span: Span, value: &str, range: std::ops::Range<usize>) -> Span {
        let written = self.slice(span);
        let mut source = written.char_indices();
        let (mut first, mut last) = (None, None);
        for (i, c) in value.char_indices() {
            if i >= range.end {
                break;
            }
            if c.is_whitespace() {
                continue;
            }
            // Find the same character next in the source; escapes and indentation are skipped.
            let Some((at, _)) = source.by_ref().find(|(_, s)| *s == c) else {
                break;
            };
            if i >= range.start {
                first.get_or_insert(at);
                last = Some(at + c.len_utf8());
            }
        }
        match (first, last) {
            (Some(a), Some(b)) => Span::new(span.start as usize + a, span.start as usize + b),
            _ => span,
        }
    }
}

/// Where the cells of a workbook are in its [`SourceFile`]'s text.
///
/// A workbook has no text of its own, so the loader writes one: each sheet row that holds
/// anything becomes one line, its cells separated by ` │ `. Every value of the spanned tree
/// points into that text like a YAML value points into its file, so the schema check, the
/// rules, exemptions and fingerprints need nothing new. The map turns a span back into a cell
/// for people (`VoR!E12`) and gives machine formats a row and column.
#[derive(Debug, Clone, Default)]
pub struct CellMap {
    /// Sheet names, by index.
    pub sheets: Vec<String>,
    /// One entry per line of the text, in text order.
    pub lines: Vec<CellLine>,
}

/// One line of a workbook's text: one row of one sheet.
#[derive(Debug, Clone, Default)]
pub struct CellLine {
    /// Byte offset where the line starts.
    pub start: usize,
    pub sheet: u32,
    /// 0-based row.
    pub row: u32,
    /// `(start, end, column)` of each cell shown on the line, in order; 0-based column.
    pub cells: Vec<(usize, usize, u32)>,
}

/// A cell of a workbook: sheet name, 1-based row and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellRef<'a> {
    pub sheet: &'a str,
    pub row: u32,
    pub column: u32,
}

impl CellRef<'_> {
    /// The column's letters: 1 → `A`, 27 → `AA`.
    pub fn column_letters(&self) -> String {
        column_letters(self.column.saturating_sub(1))
    }

    /// `E12`, without the sheet.
    pub fn address(&self) -> String {
        format!("{}{}", self.column_letters(), self.row)
    }
}

impl std::fmt::Display for CellRef<'_> {
    /// `VoR!E12`, the sheet quoted as spreadsheets do when its name is not a plain word.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plain = !self.sheet.is_empty()
            && self
                .sheet
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '.');
        if plain {
            write!(f, "{}!{}", self.sheet, self.address())
        } else {
            write!(f, "'{}'!{}", self.sheet.replace('\'', "''"), self.address())
        }
    }
}

/// Letters of a 0-based column index: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_letters(index: u32) -> String {
    let mut n = u64::from(index) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

impl CellMap {
    /// The cell shown at `offset`: the cell it falls in, else the nearest one before it on
    /// the same line (a span of a whole row points at its first cell).
    pub fn cell_at(&self, offset: usize) -> Option<CellRef<'_>> {
        let i = match self.lines.binary_search_by_key(&offset, |l| l.start) {
            Ok(i) => i,
            Err(0) => return None,
            Err(i) => i - 1,
        };
        let line = self.lines.get(i)?;
        let cell = line
            .cells
            .iter()
            .rev()
            .find(|(start, _, _)| *start <= offset)
            .or_else(|| line.cells.first())?;
        Some(CellRef {
            sheet: self
                .sheets
                .get(line.sheet as usize)
                .map_or("", String::as_str),
            row: line.row + 1,
            column: cell.2 + 1,
        })
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
    fn repo_paths_are_relative_to_the_working_directory() {
        assert_eq!(
            repo_path(Path::new("./Älvsjö/2025/../2025/plan.yaml")),
            RepoPath::Relative("Älvsjö/2025/plan.yaml".into())
        );
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(
            repo_path(&cwd.join("med mellanslag").join("plan.yaml")),
            RepoPath::Relative("med mellanslag/plan.yaml".into())
        );
        let outside = repo_path(&cwd.join("..").join("annat").join("plan.yaml"));
        assert!(matches!(outside, RepoPath::Absolute(ref p) if p.ends_with("/annat/plan.yaml")));
    }

    #[test]
    fn value_ranges_map_back_through_block_scalars() {
        let text = "kommentar: |\n  Ej genomförd på grund av\n  sjukskrivning.\n";
        let f = SourceFile::new(Path::new("x.yaml"), text.into());
        let start = text.find("Ej").unwrap();
        let span = Span::new(start, text.len());
        let value = "Ej genomförd på grund av\nsjukskrivning.\n";
        let mapped = f.value_span(span, value, 0.."Ej genomförd".len());
        assert_eq!(f.slice(mapped), "Ej genomförd");
        let word = value.find("sjuk").unwrap();
        let mapped = f.value_span(span, value, word..word + 13);
        assert_eq!(f.slice(mapped), "sjukskrivning");
    }

    #[test]
    fn line_and_column_count_characters_not_bytes() {
        let f = SourceFile::new(Path::new("x.yaml"), "nämnd: a\når: 2025\n".into());
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        let year = f.text.find("2025").unwrap();
        assert_eq!(f.line_col(year), LineCol { line: 2, column: 5 });
    }

    #[test]
    fn cells_are_named_as_spreadsheets_name_them() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(16383), "XFD");
        let map = CellMap {
            sheets: vec!["VoR".into(), "Risker 2025".into()],
            lines: vec![
                CellLine {
                    start: 0,
                    sheet: 0,
                    row: 11,
                    cells: vec![(0, 1, 0), (4, 6, 4)],
                },
                CellLine {
                    start: 7,
                    sheet: 1,
                    row: 0,
                    cells: vec![(7, 8, 1)],
                },
            ],
        };
        assert_eq!(map.cell_at(5).unwrap().to_string(), "VoR!E12");
        assert_eq!(map.cell_at(0).unwrap().to_string(), "VoR!A12");
        assert_eq!(map.cell_at(7).unwrap().to_string(), "'Risker 2025'!B1");
    }

    #[test]
    fn first_line_stops_at_the_line_end() {
        let f = SourceFile::new(Path::new("x.yaml"), "- kommentar: |  \n    text\n".into());
        let span = f.first_line(Span::new(2, f.text.len()));
        assert_eq!(f.slice(span), "kommentar: |");
        assert_eq!(f.first_line(Span::new(50, 60)), Span::new(50, 50));
    }
}
