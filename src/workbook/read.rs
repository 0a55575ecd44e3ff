//! Reading a workbook file into plain cells: which sheets, which cells, what each holds
//! (value, formula), which regions are merged. Nothing here knows about plans.

use crate::finding::Text;
use crate::text;

/// What a cell holds, as the file stores it.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Empty,
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A date stored as a serial number (days since 1899-12-30), with its ISO form.
    Date(String),
    /// An error value: `#REF!`, `#VÄRDE!` (`#VALUE!`) …
    Error(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// 0-based row and column.
    pub row: u32,
    pub col: u32,
    pub value: CellValue,
    /// The formula without its `=`, when the cell has one.
    pub formula: Option<String>,
}

/// A merged region, inclusive 0-based `(first row, first col, last row, last col)`.
pub type Merge = (u32, u32, u32, u32);

#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub name: String,
    pub hidden: bool,
    /// Non-empty cells in (row, column) order.
    pub cells: Vec<Cell>,
    pub merges: Vec<Merge>,
}

#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub sheets: Vec<Sheet>,
}

/// Why a workbook could not be read at all.
#[derive(Debug, Clone)]
pub struct ReadError {
    pub message: Text,
    /// A limit was reached (IKP902) rather than a broken file.
    pub limit: bool,
}

impl ReadError {
    fn broken(message: Text) -> Self {
        ReadError {
            message,
            limit: false,
        }
    }
}

/// Limits of reading, derived from `[gränser]`.
#[derive(Debug, Clone, Copy)]
pub struct ReadLimits {
    /// Largest total uncompressed size of the archive's parts (`max_byte` × 8: the XML of a
    /// workbook is several times larger than the packed file).
    pub max_unpacked: u64,
    /// Most non-empty cells in the whole workbook (`max_noder`).
    pub max_cells: usize,
    /// Longest text of one cell (`max_textlängd`).
    pub max_text: usize,
}

#[cfg(feature = "excel")]
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Read the cells of a workbook from its bytes. `ext` is the lower-case file extension.
pub fn read(bytes: &[u8], ext: &str, limits: ReadLimits) -> Result<Grid, ReadError> {
    // calamine can panic on hostile input (an overflowing cell reference, found by fuzzing
    // with overflow checks): one broken file must never stop the run.
    #[cfg(not(feature = "excel"))]
    {
        let _ = (bytes, ext, limits);
        Err(ReadError::broken(text!(
            "arbetsböcker kan inte läsas i den här versionen av ikp (webbsidan): spara bladet som YAML med `ikp import` eller granska det med kommandoradsverktyget",
            "workbooks cannot be read by this build of ikp (the web page): save the sheet as YAML with `ikp import` or check it with the command-line tool"
        )))
    }
    #[cfg(feature = "excel")]
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        reader::read_inner(bytes, ext, limits)
    }))
    .unwrap_or_else(|_| {
        Err(ReadError::broken(text!(
            "arbetsboken kan inte läsas: den är skadad (läsaren gav upp vid en ogiltig cell)",
            "the workbook cannot be read: it is damaged (the reader gave up at an invalid cell)"
        )))
    })
}

/// Everything that needs calamine and zip (the `excel` feature, on by default; the browser
/// page builds without it because zip pulls in getrandom 0.4 with wasm-bindgen).
#[cfg(feature = "excel")]
mod reader {
    use super::*;
    use calamine::{Data, DataRef, Reader, SheetVisible, Sheets};
    use std::io::Cursor;

    pub(super) fn read_inner(
        bytes: &[u8],
        ext: &str,
        limits: ReadLimits,
    ) -> Result<Grid, ReadError> {
        let is_zip = bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06");
        let is_cfb = bytes.starts_with(CFB_MAGIC);
        if matches!(ext, "xlsx" | "xlsm" | "ods") && is_cfb {
            // Office stores a password-protected .xlsx as an encrypted compound file.
            return Err(ReadError::broken(text!(
                "arbetsboken är krypterad (lösenordsskyddad) och kan inte läsas; spara en kopia utan lösenord",
                "the workbook is encrypted (password protected) and cannot be read; save a copy without a password"
            )));
        }
        if !is_zip && !is_cfb {
            return Err(ReadError::broken(text!(
                "filen är ingen arbetsbok: en .{ext}-fil ska vara ett zip-arkiv (xlsx, xlsm, ods) eller en Excel 97-fil (xls); den kan vara skadad eller ha fel filändelse",
                "the file is not a workbook: a .{ext} file is a zip archive (xlsx, xlsm, ods) or an Excel 97 file (xls); it may be damaged or have the wrong extension"
            )));
        }
        if is_zip {
            check_archive(bytes, limits)?;
        }
        let cursor = Cursor::new(bytes);
        let bad = |e: &dyn std::fmt::Display| ReadError::broken(open_error(&e.to_string()));
        let mut sheets: Sheets<_> = match (is_zip, ext) {
            (true, "ods") => {
                Sheets::Ods(calamine::open_workbook_from_rs(cursor).map_err(|e| bad(&e))?)
            }
            (true, _) => {
                Sheets::Xlsx(calamine::open_workbook_from_rs(cursor).map_err(|e| bad(&e))?)
            }
            (false, _) => {
                Sheets::Xls(calamine::open_workbook_from_rs(cursor).map_err(|e| bad(&e))?)
            }
        };
        let meta: Vec<(String, bool)> = sheets
            .sheets_metadata()
            .iter()
            .filter(|s| s.typ == calamine::SheetType::WorkSheet)
            .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
            .collect();
        let mut grid = Grid::default();
        let mut count = 0usize;
        for (name, hidden) in meta {
            let mut sheet = Sheet {
                name: name.clone(),
                hidden,
                ..Sheet::default()
            };
            match &mut sheets {
                Sheets::Xlsx(x) => {
                    read_xlsx_cells(x, &name, &mut sheet, &mut count, limits)?;
                    if let Ok(merges) = x.merge_cells_by_sheet_name(&name) {
                        sheet.merges = merges.iter().map(dims).collect();
                    }
                }
                other => {
                    let range = other
                        .worksheet_range(&name)
                        .map_err(|e| ReadError::broken(open_error(&e.to_string())))?;
                    let formulas = other.worksheet_formula(&name).ok();
                    for (row, col, data) in range.used_cells() {
                        let (r, c) = (
                            row as u32 + range.start().map_or(0, |s| s.0),
                            col as u32 + range.start().map_or(0, |s| s.1),
                        );
                        let formula = formulas
                            .as_ref()
                            .and_then(|f| f.get_value((r, c)))
                            .filter(|f| !f.is_empty())
                            .cloned();
                        let value = match (data, &formula) {
                            (Data::String(s), Some(_)) if s.is_empty() => {
                                CellValue::Text(String::new())
                            }
                            (d, _) => value_of(d),
                        };
                        push(&mut sheet, r, c, value, formula, &mut count, limits)?;
                    }
                    if let Sheets::Xls(x) = other
                        && let Ok(merges) = x.merge_cells_by_sheet_name(&name)
                    {
                        sheet.merges = merges.iter().map(dims).collect();
                    }
                }
            }
            sheet.cells.sort_by_key(|c| (c.row, c.col));
            grid.sheets.push(sheet);
        }
        Ok(grid)
    }

    fn dims(d: &calamine::Dimensions) -> Merge {
        (d.start.0, d.start.1, d.end.0, d.end.1)
    }

    /// Cell by cell, so a sheet that claims a million rows and 16,384 columns costs only the
    /// cells it holds (calamine's ranges are dense).
    fn read_xlsx_cells<RS: std::io::Read + std::io::Seek>(
        x: &mut calamine::Xlsx<RS>,
        name: &str,
        sheet: &mut Sheet,
        count: &mut usize,
        limits: ReadLimits,
    ) -> Result<(), ReadError> {
        let mut reader = x
            .worksheet_cells_reader(name)
            .map_err(|e| ReadError::broken(open_error(&e.to_string())))?;
        loop {
            let next = reader
                .next_cell_with_formula()
                .map_err(|e| ReadError::broken(open_error(&e.to_string())))?;
            let Some(cell) = next else { break };
            let formula = cell.formula.filter(|f| !f.is_empty());
            let value = match (&cell.value, &formula) {
                // A formula whose saved value is the empty text (`=IF(…;"";…)`) has a value.
                (DataRef::String(s), Some(_)) if s.is_empty() => CellValue::Text(String::new()),
                (DataRef::SharedString(""), Some(_)) => CellValue::Text(String::new()),
                (v, _) => value_of_ref(v),
            };
            if value == CellValue::Empty && formula.is_none() {
                continue;
            }
            push(sheet, cell.pos.0, cell.pos.1, value, formula, count, limits)?;
        }
        Ok(())
    }

    fn push(
        sheet: &mut Sheet,
        row: u32,
        col: u32,
        value: CellValue,
        formula: Option<String>,
        count: &mut usize,
        limits: ReadLimits,
    ) -> Result<(), ReadError> {
        if let CellValue::Text(t) = &value
            && t.len() > limits.max_text
        {
            let max = limits.max_text;
            let at = crate::source::column_letters(col);
            let row = row + 1;
            let name = &sheet.name;
            return Err(ReadError {
                message: text!(
                    "cellen {name}!{at}{row} har en text längre än {max} byte: gränsen max_textlängd i ikp.toml är nådd, filen kontrolleras inte",
                    "the cell {name}!{at}{row} holds a text longer than {max} bytes: the limit max_textlängd in ikp.toml is reached, the file is not checked"
                ),
                limit: true,
            });
        }
        *count += 1;
        if *count > limits.max_cells {
            let max = limits.max_cells;
            return Err(ReadError {
                message: text!(
                    "arbetsboken har fler än {max} ifyllda celler: gränsen max_noder i ikp.toml är nådd, filen kontrolleras inte",
                    "the workbook has more than {max} filled cells: the limit max_noder in ikp.toml is reached, the file is not checked"
                ),
                limit: true,
            });
        }
        sheet.cells.push(Cell {
            row,
            col,
            value,
            formula,
        });
        Ok(())
    }

    /// A zip archive's parts must unpack within the limit (a zip bomb is a small file that
    /// unpacks to gigabytes) and must not be encrypted.
    fn check_archive(bytes: &[u8], limits: ReadLimits) -> Result<(), ReadError> {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            ReadError::broken(text!(
                "arbetsboken är skadad och kan inte öppnas (zip-arkivet är trasigt eller avkortat: {e})",
                "the workbook is damaged and cannot be opened (the zip archive is broken or truncated: {e})"
            ))
        })?;
        let mut total: u64 = 0;
        for i in 0..archive.len() {
            let Ok(part) = archive.by_index_raw(i) else {
                return Err(ReadError::broken(text!(
                    "arbetsboken är skadad: en del av zip-arkivet kan inte läsas",
                    "the workbook is damaged: a part of the zip archive cannot be read"
                )));
            };
            if part.encrypted() {
                return Err(ReadError::broken(text!(
                    "arbetsboken är krypterad (lösenordsskyddad) och kan inte läsas; spara en kopia utan lösenord",
                    "the workbook is encrypted (password protected) and cannot be read; save a copy without a password"
                )));
            }
            total = total.saturating_add(part.size());
        }
        if total > limits.max_unpacked {
            let max = limits.max_unpacked;
            return Err(ReadError {
                message: text!(
                    "arbetsboken packas upp till {total} byte, mer än gränsen {max} byte (max_byte × 8 i ikp.toml); en så kallad zip-bomb? Filen kontrolleras inte",
                    "the workbook unpacks to {total} bytes, more than the limit of {max} bytes (max_byte × 8 in ikp.toml); a zip bomb? The file is not checked"
                ),
                limit: true,
            });
        }
        Ok(())
    }

    fn open_error(detail: &str) -> Text {
        let lower = detail.to_lowercase();
        if lower.contains("password") || lower.contains("encrypt") {
            return text!(
                "arbetsboken är krypterad (lösenordsskyddad) och kan inte läsas; spara en kopia utan lösenord",
                "the workbook is encrypted (password protected) and cannot be read; save a copy without a password"
            );
        }
        text!(
            "arbetsboken kan inte läsas: den är skadad eller inte en arbetsbok i Excel- eller OpenDocument-format ({detail})",
            "the workbook cannot be read: it is damaged or not an Excel or OpenDocument workbook ({detail})"
        )
    }

    fn value_of(data: &Data) -> CellValue {
        match data {
            Data::Int(i) => CellValue::Int(*i),
            Data::Float(f) => CellValue::Float(*f),
            Data::String(s) => text_value(s),
            Data::Bool(b) => CellValue::Bool(*b),
            Data::DateTime(d) => CellValue::Date(serial_to_iso(d.as_f64())),
            Data::DateTimeIso(s) => CellValue::Date(s.get(..10).unwrap_or(s).to_string()),
            Data::DurationIso(s) => CellValue::Text(s.clone()),
            Data::Error(e) => CellValue::Error(error_name(e)),
            Data::Empty => CellValue::Empty,
        }
    }

    fn value_of_ref(data: &DataRef<'_>) -> CellValue {
        match data {
            DataRef::Int(i) => CellValue::Int(*i),
            DataRef::Float(f) => CellValue::Float(*f),
            DataRef::String(s) => text_value(s),
            DataRef::SharedString(s) => text_value(s),
            DataRef::Bool(b) => CellValue::Bool(*b),
            DataRef::DateTime(d) => CellValue::Date(serial_to_iso(d.as_f64())),
            DataRef::DateTimeIso(s) => CellValue::Date(s.get(..10).unwrap_or(s).to_string()),
            DataRef::DurationIso(s) => CellValue::Text(s.clone()),
            DataRef::Error(e) => CellValue::Error(error_name(e)),
            DataRef::Empty => CellValue::Empty,
        }
    }

    fn text_value(s: &str) -> CellValue {
        const ERRORS: &[&str] = &[
            "#REF!",
            "#VALUE!",
            "#DIV/0!",
            "#N/A",
            "#NAME?",
            "#NUM!",
            "#NULL!",
            "#VÄRDE!",
            "#REFERENS!",
            "#VÄRDEFEL!",
            "#SAKNAS!",
            "#NAMN?",
            "#DIVISION/0!",
            "#OGILTIGT!",
            "#NAMN!",
            "Err:502",
            "Err:504",
        ];
        if s.is_empty() {
            CellValue::Empty
        } else if ERRORS.contains(&s.trim()) {
            // A CSV or a LibreOffice export writes the error as text.
            CellValue::Error(s.trim().to_string())
        } else {
            CellValue::Text(s.to_string())
        }
    }

    fn error_name(e: &calamine::CellErrorType) -> String {
        use calamine::CellErrorType::*;
        match e {
            // As the file stores them; Swedish Excel shows #REFERENS!, #VÄRDEFEL! …
            Div0 => "#DIV/0!",
            NA => "#N/A",
            Name => "#NAME?",
            Null => "#NULL!",
            Num => "#NUM!",
            Ref => "#REF!",
            Value => "#VALUE!",
            GettingData => "#GETTING_DATA",
        }
        .to_string()
    }
}

/// A date serial (days since 1899-12-30, as Excel and LibreOffice count) as `YYYY-MM-DD`.
pub fn serial_to_iso(serial: f64) -> String {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return format!("{serial}");
    }
    // Days since 1970-01-01.
    let days = serial.floor() as i64 - 25_569;
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Howard Hinnant's days → civil date algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_dates_become_iso_dates() {
        assert_eq!(serial_to_iso(45_638.0), "2024-12-12");
        assert_eq!(serial_to_iso(1.0), "1899-12-31");
        assert_eq!(serial_to_iso(43_830.5), "2019-12-31");
    }

    #[test]
    fn bytes_that_are_no_workbook_say_so() {
        let limits = ReadLimits {
            max_unpacked: 1 << 20,
            max_cells: 1000,
            max_text: 1000,
        };
        let e = read(b"hej", "xlsx", limits).unwrap_err();
        assert!(e.message.sv.starts_with("filen är ingen arbetsbok"));
        let e = read(b"PK\x03\x04trasig", "xlsx", limits).unwrap_err();
        assert!(
            e.message.sv.starts_with("arbetsboken är skadad"),
            "{}",
            e.message.sv
        );
    }
}
