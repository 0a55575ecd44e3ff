//! From cells to the spanned tree: the text that shows the cells, the tables found by their
//! header rows, the metadata block, and each row as the same mapping a YAML file would hold.

use std::collections::HashMap;

use super::formula;
use super::headers::{self, Extra, Field, Table};
use super::read::{Cell, CellValue, Grid, Sheet};
use crate::finding::{Severity, Text};
use crate::source::{CellLine, CellMap, Span, column_letters};
use crate::text;
use crate::tree::{Entry, Node, Value};

/// A problem found while reading the cells; the loader makes it a finding.
#[derive(Debug, Clone)]
pub struct Problem {
    pub code: &'static str,
    pub severity: Severity,
    pub span: Span,
    pub message: Text,
    pub help: Option<Text>,
    /// What the problem is about, for its fingerprint (never a position).
    pub content: String,
}

/// What the profile says about reading cells.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Level names of sannolikhet and konsekvens, lowest first.
    pub likelihood: Vec<String>,
    pub consequence: Vec<String>,
    /// Zone names of the risk matrix (metadata `Kritisk: 3`).
    pub zones: Vec<String>,
    pub extra: Extra,
}

pub struct Built {
    pub text: String,
    pub cells: CellMap,
    /// `None` when nothing in the workbook looks like an ikp document.
    pub root: Option<Node>,
    pub problems: Vec<Problem>,
    /// The workbook had a metadata block or a header row: it is meant as an ikp document.
    pub looks_ours: bool,
    /// Labels of the metadata block left without a value (`Nämnd:`), with their spans: a
    /// missing field is shown there.
    pub empty_labels: Vec<(String, Span)>,
}

pub const SEPARATOR: &str = " │ ";

/// The text of a workbook: one line per non-empty row; the span of each cell.
struct Layout {
    text: String,
    map: CellMap,
    /// Per sheet, parallel to `Sheet::cells`.
    spans: Vec<Vec<Span>>,
}

fn shown(cell: &Cell) -> String {
    let value = match &cell.value {
        CellValue::Empty => match &cell.formula {
            Some(f) => format!("={f}"),
            None => String::new(),
        },
        CellValue::Text(t) => t.clone(),
        CellValue::Int(i) => i.to_string(),
        CellValue::Float(f) => f.to_string(),
        CellValue::Bool(true) => "SANT".into(),
        CellValue::Bool(false) => "FALSKT".into(),
        CellValue::Date(d) => d.clone(),
        CellValue::Error(e) => e.clone(),
    };
    // One line per row: line breaks inside a cell are shown as spaces.
    value.replace(['\n', '\r', '\t'], " ")
}

fn layout(grid: &Grid) -> Layout {
    let mut text = String::new();
    let mut map = CellMap {
        sheets: grid.sheets.iter().map(|s| s.name.clone()).collect(),
        lines: Vec::new(),
    };
    let mut spans = Vec::with_capacity(grid.sheets.len());
    for (si, sheet) in grid.sheets.iter().enumerate() {
        let mut sheet_spans = Vec::with_capacity(sheet.cells.len());
        let mut i = 0;
        while i < sheet.cells.len() {
            let row = sheet.cells[i].row;
            let mut line = CellLine {
                start: text.len(),
                sheet: si as u32,
                row,
                cells: Vec::new(),
            };
            let mut first = true;
            while i < sheet.cells.len() && sheet.cells[i].row == row {
                if !first {
                    text.push_str(SEPARATOR);
                }
                first = false;
                let start = text.len();
                text.push_str(&shown(&sheet.cells[i]));
                let end = text.len();
                line.cells.push((start, end, sheet.cells[i].col));
                sheet_spans.push(Span::new(start, end));
                i += 1;
            }
            text.push('\n');
            map.lines.push(line);
        }
        spans.push(sheet_spans);
    }
    Layout { text, map, spans }
}

/// One sheet with its cells' spans and merged regions, for lookups by position.
struct View<'a> {
    sheet: &'a Sheet,
    spans: &'a [Span],
    /// Covered cell → top-left cell of its merged region (small regions only).
    merged: HashMap<(u32, u32), (u32, u32)>,
    /// Large regions, scanned.
    large: Vec<(u32, u32, u32, u32)>,
}

impl<'a> View<'a> {
    fn new(sheet: &'a Sheet, spans: &'a [Span]) -> Self {
        let mut merged = HashMap::new();
        let mut large = Vec::new();
        for &(r0, c0, r1, c1) in &sheet.merges {
            let area = u64::from(r1.saturating_sub(r0) + 1) * u64::from(c1.saturating_sub(c0) + 1);
            if area <= 4096 {
                for r in r0..=r1 {
                    for c in c0..=c1 {
                        if (r, c) != (r0, c0) {
                            merged.insert((r, c), (r0, c0));
                        }
                    }
                }
            } else if large.len() < 1000 {
                large.push((r0, c0, r1, c1));
            }
        }
        View {
            sheet,
            spans,
            merged,
            large,
        }
    }

    fn own(&self, row: u32, col: u32) -> Option<usize> {
        self.sheet
            .cells
            .binary_search_by_key(&(row, col), |c| (c.row, c.col))
            .ok()
    }

    /// The cell at a position as a person reads it: a cell covered by a merged region shows
    /// the region's value.
    fn at(&self, row: u32, col: u32) -> Option<(&'a Cell, Span)> {
        if let Some(i) = self.own(row, col) {
            return Some((&self.sheet.cells[i], self.spans[i]));
        }
        let top = self.merged.get(&(row, col)).copied().or_else(|| {
            self.large
                .iter()
                .find(|(r0, c0, r1, c1)| (*r0..=*r1).contains(&row) && (*c0..=*c1).contains(&col))
                .map(|(r0, c0, _, _)| (*r0, *c0))
        })?;
        let i = self.own(top.0, top.1)?;
        Some((&self.sheet.cells[i], self.spans[i]))
    }

    fn is_merged_header(&self, row: u32, col: u32) -> bool {
        self.sheet
            .merges
            .iter()
            .any(|&(r0, c0, r1, c1)| r0 == row && c0 == col && (c1 > c0) && r1 == r0)
    }
}

fn text_of(cell: &Cell) -> Option<&str> {
    match &cell.value {
        CellValue::Text(t) => Some(t.as_str()),
        _ => None,
    }
}

fn node(value: Value, span: Span) -> Node {
    Node { value, span }
}

fn str_node(s: &str, span: Span) -> Node {
    node(Value::Str(s.to_string()), span)
}

fn entry(key: &str, key_span: Span, value: Node) -> Entry {
    Entry {
        key: str_node(key, key_span),
        value,
    }
}

/// A table being read: its kind, header columns and the rows so far.
struct TableRead {
    table: Table,
    sheet: usize,
    header_row: u32,
    /// Column → (field, span of the header cell).
    columns: Vec<(u32, Field, Span)>,
    rows: Vec<u32>,
    /// The header row's line span.
    span: Span,
}

pub fn build(grid: &Grid, settings: &Settings) -> Built {
    let Layout { text, map, spans } = layout(grid);
    let views: Vec<View<'_>> = grid
        .sheets
        .iter()
        .zip(&spans)
        .map(|(s, sp)| View::new(s, sp))
        .collect();
    let line_span = |sheet: usize, row: u32| -> Span {
        let Some(line) = map
            .lines
            .iter()
            .find(|l| l.sheet as usize == sheet && l.row == row)
        else {
            return Span::default();
        };
        let (start, end) = (
            line.cells.first().map_or(line.start, |c| c.0),
            line.cells.last().map_or(line.start, |c| c.1),
        );
        Span::new(start, end)
    };
    let mut problems = Vec::new();
    let mut metadata: Vec<Entry> = Vec::new();
    let mut tables: Vec<TableRead> = Vec::new();
    let mut seen_headers: Vec<String> = Vec::new();
    let mut empty_labels: Vec<(String, Span)> = Vec::new();

    for (si, view) in views.iter().enumerate() {
        let sheet = view.sheet;
        if sheet.hidden && !sheet.cells.is_empty() {
            let name = &sheet.name;
            problems.push(Problem {
                code: super::HIDDEN,
                severity: Severity::Info,
                span: spans[si].first().copied().unwrap_or_default(),
                message: text!(
                    "bladet «{name}» är dolt; det läses och kontrolleras som de andra bladen",
                    "the sheet «{name}» is hidden; it is read and checked like the other sheets"
                ),
                help: None,
                content: format!("dolt|{name}"),
            });
        }
        let mut current: Option<TableRead> = None;
        let mut prev_row: Option<u32> = None;
        let mut i = 0;
        while i < sheet.cells.len() {
            let row = sheet.cells[i].row;
            let start = i;
            while i < sheet.cells.len() && sheet.cells[i].row == row {
                i += 1;
            }
            let cells = &sheet.cells[start..i];
            let gap = prev_row.is_some_and(|p| row > p + 1);
            prev_row = Some(row);
            if gap && let Some(t) = current.take() {
                tables.push(t);
            }
            let texts: Vec<(u32, &str)> = cells
                .iter()
                .filter_map(|c| text_of(c).map(|t| (c.col, t)))
                .collect();
            let header = if texts.len() >= 2 && texts.len() * 2 >= cells.len() {
                headers::header_row(&texts, &settings.extra)
            } else {
                None
            };
            if let Some((table, cols)) = header {
                let columns: Vec<(u32, Field, Span)> = cols
                    .into_iter()
                    .map(|(c, f)| (c, f, view.at(row, c).map(|x| x.1).unwrap_or_default()))
                    .collect();
                // A second header row right under the first (merged group headers above
                // S, K, RV): its columns refine the first's.
                if let Some(t) = current.as_mut()
                    && t.table == table
                    && t.rows.is_empty()
                    && t.header_row + 1 == row
                {
                    for (c, f, sp) in columns {
                        t.columns.retain(|(oc, of, _)| *oc != c && *of != f);
                        t.columns.push((c, f, sp));
                    }
                    t.columns.sort_by_key(|x| x.0);
                    t.header_row = row;
                    continue;
                }
                if let Some(t) = current.take() {
                    tables.push(t);
                }
                for &(c, _, sp) in &columns {
                    if view.is_merged_header(row, c) {
                        let at = column_letters(c);
                        let r = row + 1;
                        problems.push(Problem {
                            code: super::WORKBOOK,
                            severity: Severity::Warning,
                            span: sp,
                            message: text!(
                                "rubrikcellen {at}{r} är sammanslagen över flera kolumner; bara den första kolumnen läses under rubriken",
                                "the header cell {at}{r} is merged over several columns; only the first column is read under it"
                            ),
                            help: Some(text!(
                                "dela upp den sammanslagna rubriken så att varje kolumn har en egen rubrik",
                                "split the merged header so that each column has a header of its own"
                            )),
                            content: format!("sammanslagen-rubrik|{}", sheet.name),
                        });
                    }
                }
                current = Some(TableRead {
                    table,
                    sheet: si,
                    header_row: row,
                    columns,
                    rows: Vec::new(),
                    span: line_span(si, row),
                });
                continue;
            }
            if let Some(t) = current.as_mut() {
                // A row with one text and nothing else is a heading inside the table
                // ("Mål 3.1 …"), not a risk.
                let lone_text = cells.len() == 1 && text_of(&cells[0]).is_some();
                // A row of formulas only (an untouched template row, RV = S × K of empty
                // cells) holds nothing anyone typed.
                let only_formulas = cells.iter().all(|c| c.formula.is_some());
                if !lone_text && !only_formulas {
                    t.rows.push(row);
                }
                continue;
            }
            // Outside a table: a metadata line (`År: 2025`, or `År:` | `2025`).
            match metadata_entry(view, cells, &spans[si][start..i], settings) {
                Some(Ok(e)) => {
                    if !metadata.iter().any(|m| m.key.as_str() == e.key.as_str()) {
                        metadata.push(e);
                    }
                    continue;
                }
                Some(Err(label)) => {
                    empty_labels.push(label);
                    continue;
                }
                None => {}
            }
            if seen_headers.len() < 12 {
                for (_, t) in &texts {
                    let t = t.trim();
                    if !t.is_empty()
                        && t.chars().count() <= 40
                        && !seen_headers.iter().any(|s| s == t)
                    {
                        seen_headers.push(t.to_string());
                    }
                }
            }
        }
        if let Some(t) = current.take() {
            tables.push(t);
        }
    }

    let looks_ours = !tables.is_empty()
        || metadata
            .iter()
            .any(|e| matches!(e.key.as_str(), Some("typ" | "nämnd")));
    if tables.is_empty() && metadata.is_empty() {
        return Built {
            text,
            cells: map,
            root: None,
            problems,
            looks_ours,
            empty_labels,
        };
    }
    if tables.is_empty() {
        problems.push(no_header(&seen_headers));
    }

    let mut reader = RowReader {
        views: &views,
        settings,
        problems: &mut problems,
    };
    let mut risks = Vec::new();
    let mut controls = Vec::new();
    let mut followed = Vec::new();
    let mut points = Vec::new();
    let mut spans_of: HashMap<&'static str, Span> = HashMap::new();
    for t in &tables {
        let key = match t.table {
            Table::Risks => "risker",
            Table::Controls | Table::FollowUp => "kontroller",
            Table::KsPoints => "punkter",
        };
        spans_of.entry(key).or_insert(t.span);
        match t.table {
            Table::Risks => risks.extend(reader.risks(t)),
            Table::Controls => controls.extend(reader.controls(t)),
            Table::FollowUp => followed.extend(reader.follow_up(t)),
            Table::KsPoints => points.extend(reader.controls(t)),
        }
    }

    let root_span = Span::new(0, text.len());
    let mut entries: Vec<Entry> = Vec::new();
    let has_typ = metadata.iter().any(|e| e.key.as_str() == Some("typ"));
    if !has_typ {
        let typ = if !followed.is_empty() {
            "uppföljning"
        } else if !points.is_empty() && risks.is_empty() && controls.is_empty() {
            "ks-punkter"
        } else {
            "plan"
        };
        let at = tables.first().map_or(Span::default(), |t| t.span);
        entries.push(entry("typ", at, str_node(typ, at)));
    }
    let (mut matrix, rest): (Vec<Entry>, Vec<Entry>) = metadata.into_iter().partition(|e| {
        e.key.as_str() == Some("totalt")
            || e.key
                .as_str()
                .is_some_and(|k| settings.zones.iter().any(|z| z == k))
    });
    entries.extend(rest);
    if !matrix.is_empty() {
        let span = matrix[0]
            .key
            .span
            .cover(matrix[matrix.len() - 1].value.span);
        let (total, zones): (Vec<Entry>, Vec<Entry>) = matrix
            .drain(..)
            .partition(|e| e.key.as_str() == Some("totalt"));
        let mut m = total;
        if !zones.is_empty() {
            let zspan = zones[0].key.span.cover(zones[zones.len() - 1].value.span);
            m.push(entry("zoner", zspan, node(Value::Map(zones), zspan)));
        }
        entries.push(entry("riskmatris", span, node(Value::Map(m), span)));
    }
    let seq = |items: Vec<Node>, key: &str, spans_of: &HashMap<&str, Span>| {
        let at = spans_of.get(key).copied().unwrap_or_default();
        let span = items.iter().fold(at, |s, n| s.cover(n.span));
        entry(key, at, node(Value::Seq(items), span))
    };
    if !risks.is_empty() {
        entries.push(seq(risks, "risker", &spans_of));
    }
    if !controls.is_empty() || !followed.is_empty() {
        let mut all = controls;
        all.extend(followed);
        entries.push(seq(all, "kontroller", &spans_of));
    }
    if !points.is_empty() {
        entries.push(seq(points, "punkter", &spans_of));
    }
    Built {
        text,
        cells: map,
        root: Some(node(Value::Map(entries), root_span)),
        problems,
        looks_ours,
        empty_labels,
    }
}

fn no_header(seen: &[String]) -> Problem {
    let known = headers::known_titles()
        .iter()
        .take(14)
        .map(|t| format!("«{t}»"))
        .collect::<Vec<_>>()
        .join(", ");
    let saw = if seen.is_empty() {
        "inga".to_string()
    } else {
        seen.iter()
            .map(|s| format!("«{s}»"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let saw_en = if seen.is_empty() {
        "none".to_string()
    } else {
        saw.clone()
    };
    let guesses: Vec<String> = seen
        .iter()
        .filter_map(|s| {
            headers::suggest(s)
                .filter(|t| !t.eq_ignore_ascii_case(s))
                .map(|t| format!("«{s}» → «{t}»"))
        })
        .collect();
    let mut message = text!(
        "ingen rubrikrad hittades: ikp letar efter en rad med kolumnrubriker som {known} …; rubriker som finns i arbetsboken: {saw}",
        "no header row found: ikp looks for a row of column headers such as {known} …; headers in the workbook: {saw_en}"
    );
    if !guesses.is_empty() {
        let g = guesses.join(", ");
        message.sv.push_str(&format!("; menade du {g}?"));
        message.en.push_str(&format!("; did you mean {g}?"));
    }
    Problem {
        code: super::WORKBOOK,
        severity: Severity::Error,
        span: Span::default(),
        message,
        help: Some(text!(
            "skriv en rubrikrad ovanför tabellen, till exempel Nr | Risk | Sannolikhet | Konsekvens | Riskvärde | IKP, eller lägg till kommunens egna rubriker under [excel] i ikp.toml",
            "write a header row above the table, e.g. Nr | Risk | Sannolikhet | Konsekvens | Riskvärde | IKP, or add the municipality's own headers under [excel] in ikp.toml"
        )),
        content: "ingen-rubrikrad".into(),
    }
}

/// `År: 2025` in one cell, or `År:` followed by the value in the next filled cell.
/// `Err` is a label without a value (`Nämnd:` and nothing after it), with the label's span.
type MetaLine = Result<Entry, (String, Span)>;

fn metadata_entry(
    view: &View<'_>,
    cells: &[Cell],
    spans: &[Span],
    settings: &Settings,
) -> Option<MetaLine> {
    let first = cells.first()?;
    let label = text_of(first)?;
    let (label_part, inline) = match label.split_once(':') {
        Some((l, rest)) if !rest.trim().is_empty() => (l, Some(rest.trim())),
        _ => (label, None),
    };
    let key: String = match headers::metadata_key(label_part) {
        Some(k) => k.to_string(),
        None => {
            let norm = headers::normalize(label_part);
            let zone = settings
                .zones
                .iter()
                .find(|z| headers::normalize(z) == norm)?;
            // A zone name alone on a row is a count only when a number follows.
            zone.clone()
        }
    };
    let key_span = spans[0];
    let value = match inline {
        Some(rest) => {
            // The value starts after the colon inside the same cell.
            let offset = label.len() - label.trim_start_matches(label_part).len();
            let at = key_span.start as usize + label.find(rest).unwrap_or(offset);
            Some(meta_value(
                &key,
                &CellValue::Text(rest.to_string()),
                Span::new(at, at + rest.len()),
            ))
        }
        None => cells.get(1).map(|c| meta_value(&key, &c.value, spans[1])),
    };
    let _ = view;
    match value {
        // `Fastställd:` with nothing after it: the field is missing, as in a template.
        None => Some(Err((key, key_span))),
        Some(v) if matches!(v.value, Value::Null) => Some(Err((key, key_span))),
        Some(v) => Some(Ok(entry(&key, key_span, v))),
    }
}

fn meta_value(key: &str, value: &CellValue, span: Span) -> Node {
    let v = match (key, value) {
        (_, CellValue::Empty) => Value::Null,
        ("år" | "totalt" | "antal_kontrollaktiviteter", v) => {
            integer(v).unwrap_or_else(|| plain(v))
        }
        ("fastställd", CellValue::Int(_) | CellValue::Float(_)) => date_serial(value),
        ("typ", CellValue::Text(t)) => Value::Str(t.trim().to_lowercase()),
        (k, v) if k.chars().next().is_some_and(char::is_uppercase) => {
            integer(v).unwrap_or_else(|| plain(v))
        }
        (_, v) => plain(v),
    };
    node(v, span)
}

fn date_serial(value: &CellValue) -> Value {
    match value {
        CellValue::Int(i) if (20_000..80_000).contains(i) => {
            Value::Str(super::read::serial_to_iso(*i as f64))
        }
        CellValue::Float(f) if (20_000.0..80_000.0).contains(f) => {
            Value::Str(super::read::serial_to_iso(*f))
        }
        other => plain(other),
    }
}

/// A cell's value as it stands, for text fields.
fn plain(value: &CellValue) -> Value {
    match value {
        CellValue::Empty => Value::Null,
        CellValue::Text(t) => Value::Str(t.trim().to_string()),
        CellValue::Int(i) => Value::Int(*i),
        CellValue::Float(f) => Value::Float(*f),
        CellValue::Bool(b) => Value::Bool(*b),
        CellValue::Date(d) => Value::Str(d.clone()),
        CellValue::Error(e) => Value::Str(e.clone()),
    }
}

/// An integer as a person reads it: `3`, `3.0`, `"3"` (a number stored as text).
fn integer(value: &CellValue) -> Option<Value> {
    match value {
        CellValue::Int(i) => Some(Value::Int(*i)),
        CellValue::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(Value::Int(*f as i64)),
        CellValue::Float(f) => Some(Value::Float(*f)),
        CellValue::Text(t) => {
            let t = t.trim();
            if let Ok(i) = t.parse::<i64>() {
                return Some(Value::Int(i));
            }
            // Swedish decimal comma: "2,5" is the number 2.5 (not an integer: the schema says so).
            let dot = t.replace(',', ".");
            if t.contains(',')
                && let Ok(f) = dot.parse::<f64>()
            {
                return Some(if f.fract() == 0.0 {
                    Value::Int(f as i64)
                } else {
                    Value::Float(f)
                });
            }
            None
        }
        _ => None,
    }
}

/// A score: a number, a level name of the profile's scale (`Möjlig`) or both (`3 – Möjlig`).
fn score(value: &CellValue, levels: &[String]) -> Value {
    if let Some(v) = integer(value) {
        return v;
    }
    if let CellValue::Text(t) = value {
        let t = t.trim();
        let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty() {
            let rest = t[digits.len()..]
                .trim_start_matches(|c: char| c.is_whitespace() || "–-—:.)".contains(c));
            let named = headers::normalize(rest);
            let fits = named.is_empty() || levels.iter().any(|l| headers::normalize(l) == named);
            if fits && let Ok(i) = digits.parse::<i64>() {
                return Value::Int(i);
            }
        }
        let norm = headers::normalize(t);
        if let Some(i) = levels.iter().position(|l| headers::normalize(l) == norm) {
            return Value::Int(i as i64 + 1);
        }
    }
    plain(value)
}

/// A date field: a date cell, a serial number, or text as written (the schema checks it).
fn date(value: &CellValue) -> Value {
    match value {
        CellValue::Int(_) | CellValue::Float(_) => date_serial(value),
        other => plain(other),
    }
}

/// An id (`K1`, `3.1`): text; a number becomes its text.
fn id(value: &CellValue) -> Value {
    match value {
        CellValue::Int(i) => Value::Str(i.to_string()),
        CellValue::Float(f) => Value::Str(f.to_string()),
        other => plain(other),
    }
}

fn ikp(value: &CellValue) -> Value {
    match value {
        CellValue::Bool(true) => Value::Str("ja".into()),
        CellValue::Bool(false) => Value::Str("nej".into()),
        CellValue::Text(t) => {
            let n = headers::normalize(t);
            if n == "ja" || n == "x" || n == "j" {
                Value::Str("ja".into())
            } else if n == "nej" || n.starts_with("nej ") || n == "endast vor" || n == "n" {
                Value::Str("nej".into())
            } else {
                Value::Str(t.trim().to_string())
            }
        }
        other => plain(other),
    }
}

/// `30`, `38, 39`, `38 och 39` → the risk numbers, each pointing at the cell.
fn risk_list(value: &CellValue, span: Span) -> Value {
    let items = match value {
        CellValue::Text(t) => t
            .split(|c: char| c == ',' || c == ';' || c == '/' || c == '&' || c.is_whitespace())
            .map(str::trim)
            .filter(|s| !s.is_empty() && !s.eq_ignore_ascii_case("och"))
            .map(|s| {
                let s = s.trim_start_matches(['R', 'r', '#']);
                match s.parse::<i64>() {
                    Ok(i) => node(Value::Int(i), span),
                    Err(_) => str_node(s, span),
                }
            })
            .collect(),
        CellValue::Empty => Vec::new(),
        other => vec![node(integer(other).unwrap_or_else(|| plain(other)), span)],
    };
    Value::Seq(items)
}

/// `IKP002: beslutat av nämnden; IKP009` → exemptions.
fn exemptions(value: &CellValue, span: Span) -> Value {
    let CellValue::Text(t) = value else {
        return Value::Seq(Vec::new());
    };
    let items = t
        .split([';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|part| {
            let (code, why) = match part.split_once([':', '–', '-']) {
                Some((c, w)) => (c.trim(), Some(w.trim())),
                None => (part, None),
            };
            let mut e = vec![entry("regel", span, str_node(code, span))];
            if let Some(w) = why.filter(|w| !w.is_empty()) {
                e.push(entry("motivering", span, str_node(w, span)));
            }
            node(Value::Map(e), span)
        })
        .collect();
    Value::Seq(items)
}

struct RowReader<'a, 'b> {
    views: &'a [View<'a>],
    settings: &'a Settings,
    problems: &'b mut Vec<Problem>,
}

impl RowReader<'_, '_> {
    /// The value of one field in one row, or `None` when the cell is empty or unusable
    /// (an error value or a formula ikp cannot compute, each reported).
    fn value(&mut self, t: &TableRead, row: u32, col: u32, field: Field) -> Option<Node> {
        let view = &self.views[t.sheet];
        let (cell, span) = view.at(row, col)?;
        let mut value = cell.value.clone();
        if value == CellValue::Empty
            && let Some(f) = &cell.formula
        {
            match formula::evaluate(f, |r, c| view.at(r, c).map(|x| x.0.value.clone())) {
                Some(v) => value = v,
                None => {
                    let at = format!("{}!{}{}", view.sheet.name, column_letters(col), row + 1);
                    self.problems.push(Problem {
                        code: super::WORKBOOK,
                        severity: Severity::Error,
                        span,
                        message: text!(
                            "cellen {at} har formeln ={f} men inget sparat värde, och ikp kan inte räkna ut den (bara enkla produkter och summor av celler räknas ut); värdet läses inte",
                            "the cell {at} has the formula ={f} but no saved value, and ikp cannot compute it (only plain products and sums of cells are computed); the value is not read"
                        ),
                        help: Some(text!(
                            "öppna arbetsboken i Excel eller LibreOffice och spara den, så sparas formelns värde",
                            "open the workbook in Excel or LibreOffice and save it, so that the formula's value is saved"
                        )),
                        content: format!("formel|{}|{f}", field.key()),
                    });
                    return None;
                }
            }
        }
        if let CellValue::Error(e) = &value {
            let at = format!("{}!{}{}", view.sheet.name, column_letters(col), row + 1);
            let what = field.title();
            self.problems.push(Problem {
                code: super::WORKBOOK,
                severity: Severity::Error,
                span,
                message: text!(
                    "cellen {at} ({what}) innehåller felvärdet {e}: en formel som inte kan räknas ut; värdet saknas därför",
                    "the cell {at} ({what}) holds the error value {e}: a formula that cannot be computed; the value is therefore missing"
                ),
                help: Some(text!(
                    "rätta formeln (en referens till en borttagen cell ger #REF!, text i en räkning ger #VALUE!/#VÄRDEFEL!)",
                    "correct the formula (a reference to a deleted cell gives #REF!, text in a calculation gives #VALUE!)"
                )),
                content: format!("felvärde|{}|{e}", field.key()),
            });
            return None;
        }
        if value == CellValue::Empty {
            return None;
        }
        let v = match field {
            Field::Nr | Field::RiskValue => integer(&value).unwrap_or_else(|| plain(&value)),
            Field::Likelihood => score(&value, &self.settings.likelihood),
            Field::Consequence => score(&value, &self.settings.consequence),
            Field::Ikp => ikp(&value),
            Field::Goal | Field::Id | Field::Control | Field::KsPoint => id(&value),
            Field::Risks => risk_list(&value, span),
            Field::Date | Field::EndDate => date(&value),
            Field::Exemption => exemptions(&value, span),
            _ => match &value {
                CellValue::Int(i) => Value::Str(i.to_string()),
                CellValue::Float(f) => Value::Str(f.to_string()),
                other => plain(other),
            },
        };
        if let Value::Str(s) = &v
            && s.is_empty()
        {
            return None;
        }
        Some(node(v, span))
    }

    fn fields(&mut self, t: &TableRead, row: u32, only: &[Field]) -> Vec<Entry> {
        let mut out = Vec::new();
        for &(col, field, key_span) in &t.columns {
            if !only.is_empty() && !only.contains(&field) {
                continue;
            }
            if let Some(v) = self.value(t, row, col, field) {
                out.push(entry(field.key(), key_span, v));
            }
        }
        out
    }

    fn row_span(&self, t: &TableRead, row: u32) -> Span {
        let view = &self.views[t.sheet];
        let cells: Vec<Span> = t
            .columns
            .iter()
            .filter_map(|(c, _, _)| view.own(row, *c).map(|i| view.spans[i]))
            .collect();
        match (cells.first(), cells.last()) {
            (Some(a), Some(b)) => a.cover(*b),
            _ => view
                .sheet
                .cells
                .iter()
                .position(|c| c.row == row)
                .map_or(t.span, |i| view.spans[i]),
        }
    }

    fn risks(&mut self, t: &TableRead) -> Vec<Node> {
        // An IKP column of crosses: an empty cell there means "not in the plan".
        let view = &self.views[t.sheet];
        let ikp_col = t
            .columns
            .iter()
            .find(|c| c.1 == Field::Ikp)
            .map(|c| (c.0, c.2));
        let crosses = ikp_col.is_some_and(|(col, _)| {
            t.rows.iter().any(|&r| {
                view.at(r, col)
                    .and_then(|(c, _)| text_of(c))
                    .is_some_and(|s| headers::normalize(s) == "x")
            })
        });
        let mut out = Vec::new();
        for &row in &t.rows {
            let mut entries = self.fields(t, row, &[]);
            if entries.is_empty() {
                continue;
            }
            let span = self.row_span(t, row);
            if crosses
                && let Some((_, key_span)) = ikp_col
                && !entries.iter().any(|e| e.key.as_str() == Some("ikp"))
            {
                entries.push(entry("ikp", key_span, str_node("nej", span)));
            }
            out.push(node(Value::Map(entries), span));
        }
        out
    }

    fn controls(&mut self, t: &TableRead) -> Vec<Node> {
        let mut out = Vec::new();
        for &row in &t.rows {
            let entries = self.fields(t, row, &[]);
            if entries.is_empty() {
                continue;
            }
            let span = self.row_span(t, row);
            out.push(node(Value::Map(entries), span));
        }
        out
    }

    /// Rows of control × occasion become controls with their occasions; a row that only
    /// adds an action adds it to the occasion above.
    fn follow_up(&mut self, t: &TableRead) -> Vec<Node> {
        use Field::*;
        const CONTROL: &[Field] = &[
            Control,
            Goal,
            Area,
            Process,
            WorkingMethod,
            SystematicControl,
            Activity,
            Event,
            Method,
        ];
        const OCCASION: &[Field] = &[
            Period,
            Date,
            Status,
            Comment,
            Responsible,
            EndDate,
            Exemption,
        ];
        let mut controls: Vec<(String, Node, Vec<Node>)> = Vec::new();
        for &row in &t.rows {
            let head = self.fields(t, row, CONTROL);
            let occasion = self.fields(t, row, OCCASION);
            let action = self.action(t, row);
            if head.is_empty() && occasion.is_empty() && action.is_none() {
                continue;
            }
            let span = self.row_span(t, row);
            let key = head
                .iter()
                .find(|e| e.key.as_str() == Some("kontroll"))
                .or_else(|| {
                    head.iter()
                        .find(|e| e.key.as_str() == Some("kontrollaktivitet"))
                })
                .or_else(|| head.first())
                .map(|e| format!("{:?}", e.value.value))
                .unwrap_or_default();
            let same = controls.last().is_some_and(|(k, _, _)| *k == key) || head.is_empty();
            if !same || controls.is_empty() {
                controls.push((key, node(Value::Map(head), span), Vec::new()));
            }
            let Some((_, _, occasions)) = controls.last_mut() else {
                continue;
            };
            if occasion.is_empty() && !occasions.is_empty() {
                if let Some(a) = action
                    && let Some(last) = occasions.last_mut()
                {
                    push_action(last, a);
                }
                continue;
            }
            let mut occ = node(Value::Map(occasion), span);
            if let Some(a) = action {
                push_action(&mut occ, a);
            }
            occasions.push(occ);
        }
        controls
            .into_iter()
            .map(|(_, mut control, occasions)| {
                if !occasions.is_empty() {
                    let span = occasions
                        .iter()
                        .fold(occasions[0].span, |s, n| s.cover(n.span));
                    let key_span = t
                        .columns
                        .iter()
                        .find(|c| c.1 == Field::Period || c.1 == Field::Status)
                        .map_or(t.span, |c| c.2);
                    control.span = control.span.cover(span);
                    if let Value::Map(entries) = &mut control.value {
                        entries.push(entry(
                            "tillfällen",
                            key_span,
                            node(Value::Seq(occasions), span),
                        ));
                    }
                }
                control
            })
            .collect()
    }

    fn action(&mut self, t: &TableRead, row: u32) -> Option<(Node, Span)> {
        let mut entries = Vec::new();
        for &(col, field, key_span) in &t.columns {
            let key = match field {
                Field::Action => "åtgärd",
                Field::ActionStatus => "status",
                _ => continue,
            };
            if let Some(v) = self.value(t, row, col, field) {
                entries.push(entry(key, key_span, v));
            }
        }
        if entries.is_empty() {
            return None;
        }
        let span = entries[0]
            .value
            .span
            .cover(entries[entries.len() - 1].value.span);
        let key_span = entries[0].key.span;
        Some((node(Value::Map(entries), span), key_span))
    }
}

fn push_action(occasion: &mut Node, (action, key_span): (Node, Span)) {
    let Value::Map(entries) = &mut occasion.value else {
        return;
    };
    if let Some(e) = entries
        .iter_mut()
        .find(|e| e.key.as_str() == Some("åtgärder"))
    {
        e.value.span = e.value.span.cover(action.span);
        if let Value::Seq(items) = &mut e.value.value {
            items.push(action);
        }
        return;
    }
    let span = action.span;
    entries.push(entry(
        "åtgärder",
        key_span,
        node(Value::Seq(vec![action]), span),
    ));
}
