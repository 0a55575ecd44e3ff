//! Bad and awkward workbooks through the real binary: each gives a clear Swedish finding on
//! that file and cell, the exit code a YAML file would give, and leaves the other files'
//! findings intact.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use rust_xlsxwriter::{Format, Formula, Workbook};

struct Run {
    stdout: String,
    code: i32,
}

fn ikp(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_ikp"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

fn json(dir: &Path, file: &str) -> (serde_json::Value, i32) {
    let run = ikp(dir, &["check", "--format", "json", file]);
    (serde_json::from_str(&run.stdout).unwrap(), run.code)
}

/// (rule, sheet!cell, message) of every finding.
fn found(doc: &serde_json::Value) -> Vec<(String, String, String)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let cell = match (f["sheet"].as_str(), f["cell"].as_str()) {
                (Some(s), Some(c)) => format!("{s}!{c}"),
                _ => String::new(),
            };
            (
                f["rule"].as_str().unwrap().to_string(),
                cell,
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// A small plan workbook: metadata, header on row 4, risks below; `extra` may add to the sheet.
fn plan(path: &Path, rows: &[&[&str]], extra: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("VoR").unwrap();
    for (r, (k, v)) in [("Nämnd:", "Testnämnden"), ("År:", "2025")]
        .iter()
        .enumerate()
    {
        ws.write_string(r as u32, 0, *k).unwrap();
        ws.write_string(r as u32, 1, *v).unwrap();
    }
    ws.write_string(2, 0, "Fastställd:").unwrap();
    ws.write_number(2, 1, 45_638.0).unwrap(); // 2024-12-12 as a serial number
    let header = [
        "Nr",
        "Risk",
        "Sannolikhet",
        "Konsekvens",
        "Riskvärde",
        "IKP",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(4, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (5 + r as u32, c as u16);
            if v.is_empty() {
                continue;
            }
            if let Some(f) = v.strip_prefix('=') {
                ws.write_formula(r, c, Formula::new(f)).unwrap();
            } else if let Ok(n) = v.parse::<f64>() {
                ws.write_number(r, c, n).unwrap();
            } else {
                ws.write_string(r, c, *v).unwrap();
            }
        }
    }
    extra(ws);
    wb.save(path).unwrap();
}

const GOOD: &[&[&str]] = &[
    &["1", "Fel i utbetalning", "2", "3", "6", "Nej, endast VoR"],
    &["2", "Mutor och jäv vid upphandling", "3", "3", "9", "Ja"],
];

#[test]
fn a_plan_workbook_reads_as_a_person_reads_it() {
    let d = dir();
    plan(&d.path().join("plan.xlsx"), GOOD, |_| {});
    let (doc, code) = json(d.path(), "plan.xlsx");
    // Risk 2 is "Ja" but has no control (IKP001); the serial date is read as 2024-12-12.
    assert_eq!(
        found(&doc),
        [(
            "IKP001".to_string(),
            "VoR!A7".to_string(),
            "risk 2 (Mutor och jäv vid upphandling) ska ingå i internkontrollplanen men ingen kontroll hanterar den".to_string()
        )]
    );
    assert_eq!(code, 1);
}

#[test]
fn a_file_that_is_no_workbook_is_named_so() {
    let d = dir();
    std::fs::write(d.path().join("plan.xlsx"), "typ: plan\n").unwrap();
    let (doc, code) = json(d.path(), "plan.xlsx");
    let f = found(&doc);
    assert_eq!(f[0].0, "IKP905");
    assert!(
        f[0].2
            .starts_with("filen är ingen arbetsbok: en .xlsx-fil ska vara ett zip-arkiv"),
        "{f:?}"
    );
    assert_eq!(code, 2);
}

#[test]
fn a_truncated_workbook_is_damaged_and_the_others_are_still_checked() {
    let d = dir();
    plan(&d.path().join("hel.xlsx"), GOOD, |_| {});
    let bytes = std::fs::read(d.path().join("hel.xlsx")).unwrap();
    std::fs::write(d.path().join("trasig.xlsx"), &bytes[..bytes.len() / 2]).unwrap();
    let run = ikp(d.path(), &["check", "--format", "json", "."]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let f = found(&doc);
    assert!(
        f.iter()
            .any(|(r, _, m)| r == "IKP905"
                && m.starts_with("arbetsboken är skadad och kan inte öppnas")),
        "{f:?}"
    );
    assert!(
        f.iter().any(|(r, c, _)| r == "IKP001" && c == "VoR!A7"),
        "{f:?}"
    );
    assert_eq!(run.code, 2);
}

#[test]
fn an_encrypted_workbook_says_it_is_password_protected() {
    let d = dir();
    // Office stores an encrypted .xlsx as a compound file (OLE), not as a zip archive.
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.extend(std::iter::repeat_n(0u8, 504));
    std::fs::write(d.path().join("hemlig.xlsx"), &bytes).unwrap();
    let (doc, code) = json(d.path(), "hemlig.xlsx");
    assert_eq!(
        found(&doc)[0].2,
        "arbetsboken är krypterad (lösenordsskyddad) och kan inte läsas; spara en kopia utan lösenord"
    );
    assert_eq!(code, 2);
}

#[test]
fn a_zip_bomb_stops_at_the_unpacked_size_limit() {
    let d = dir();
    std::fs::write(
        d.path().join("ikp.toml"),
        "[\"gränser\"]\nmax_byte = 100000\n",
    )
    .unwrap();
    let file = std::fs::File::create(d.path().join("bomb.xlsx")).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..4 {
        zip.write_all(&zeros).unwrap();
    }
    zip.finish().unwrap();
    let (doc, code) = json(d.path(), "bomb.xlsx");
    let f = found(&doc);
    assert_eq!(f[0].0, "IKP902");
    assert_eq!(
        f[0].2,
        "arbetsboken packas upp till 4194304 byte, mer än gränsen 800000 byte (max_byte × 8 i ikp.toml); en så kallad zip-bomb? Filen kontrolleras inte"
    );
    assert_eq!(code, 2);
}

#[test]
fn the_last_row_and_column_of_a_sheet_cost_nothing() {
    let d = dir();
    // A used range of 1,048,576 rows × 16,384 columns: read cell by cell, never as a grid.
    plan(&d.path().join("plan.xlsx"), GOOD, |ws| {
        ws.write_string(1_048_575, 16_383, "sista cellen").unwrap();
    });
    let (doc, code) = json(d.path(), "plan.xlsx");
    let f = found(&doc);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "IKP001");
    assert_eq!(code, 1);
}

#[test]
fn too_many_cells_stop_at_max_noder() {
    let d = dir();
    std::fs::write(
        d.path().join("ikp.toml"),
        "[\"gränser\"]\nmax_noder = 100\n",
    )
    .unwrap();
    let rows: Vec<Vec<String>> = (1..40)
        .map(|i| {
            vec![
                i.to_string(),
                "Risk".into(),
                "1".into(),
                "1".into(),
                "1".into(),
                "Nej".into(),
            ]
        })
        .collect();
    let rows: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    plan(&d.path().join("plan.xlsx"), &rows, |_| {});
    let (doc, code) = json(d.path(), "plan.xlsx");
    assert_eq!(
        found(&doc)[0].2,
        "arbetsboken har fler än 100 ifyllda celler: gränsen max_noder i ikp.toml är nådd, filen kontrolleras inte"
    );
    assert_eq!(code, 2);
}

#[test]
fn no_header_row_lists_what_it_saw_and_suggests_names() {
    let d = dir();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Blad1").unwrap();
    ws.write_string(0, 0, "Nämnd:").unwrap();
    ws.write_string(0, 1, "Testnämnden").unwrap();
    for (c, h) in ["Löpnr", "Riskk", "Sanolikhet"].iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    wb.save(d.path().join("plan.xlsx")).unwrap();
    let (doc, code) = json(d.path(), "plan.xlsx");
    let f = found(&doc);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "IKP905");
    assert!(f[0].2.starts_with("ingen rubrikrad hittades: ikp letar efter en rad med kolumnrubriker som «Nr», «Mål», «Process»"), "{}", f[0].2);
    assert!(f[0].2.ends_with("rubriker som finns i arbetsboken: «Löpnr», «Riskk», «Sanolikhet»; menade du «Riskk» → «Risk (oönskad händelse)», «Sanolikhet» → «Sannolikhet»?"), "{}", f[0].2);
    assert_eq!(code, 1);
}

#[test]
fn two_risk_tables_on_one_sheet_are_one_register() {
    let d = dir();
    plan(&d.path().join("plan.xlsx"), GOOD, |ws| {
        // A second table further down, after an empty row, repeating risk number 2.
        for (c, h) in ["Nr", "Risk", "S", "K", "RV", "IKP"].iter().enumerate() {
            ws.write_string(10, c as u16, *h).unwrap();
        }
        for (c, v) in ["2", "Dubblett", "1", "1", "1", "Nej"].iter().enumerate() {
            ws.write_string(11, c as u16, *v).unwrap();
        }
    });
    let (doc, _) = json(d.path(), "plan.xlsx");
    let f = found(&doc);
    assert!(
        f.iter().any(|(r, c, _)| r == "IKP006" && c == "VoR!A12"),
        "{f:?}"
    );
}

#[test]
fn merged_group_headers_over_scores_are_read_through_the_row_below() {
    let d = dir();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("VoR").unwrap();
    ws.write_string(0, 0, "Nämnd:").unwrap();
    ws.write_string(0, 1, "Testnämnden").unwrap();
    ws.write_string(1, 0, "År:").unwrap();
    ws.write_number(1, 1, 2025.0).unwrap();
    ws.write_string(3, 0, "Nr").unwrap();
    ws.write_string(3, 1, "Risk").unwrap();
    ws.merge_range(3, 2, 3, 4, "Bedömning", &Format::new())
        .unwrap();
    ws.write_string(3, 5, "IKP").unwrap();
    for (c, h) in ["S", "K", "RV"].iter().enumerate() {
        ws.write_string(4, 2 + c as u16, *h).unwrap();
    }
    for (c, v) in ["1", "Fel", "2", "3", "7", "Nej"].iter().enumerate() {
        match v.parse::<f64>() {
            Ok(n) => ws.write_number(5, c as u16, n).unwrap(),
            Err(_) => ws.write_string(5, c as u16, *v).unwrap(),
        };
    }
    wb.save(d.path().join("plan.xlsx")).unwrap();
    let (doc, _) = json(d.path(), "plan.xlsx");
    let f = found(&doc);
    assert!(
        f.iter().any(|(r, c, _)| r == "IKP003" && c == "VoR!E6"),
        "{f:?}"
    );
}

#[test]
fn hidden_sheets_and_rows_are_checked_and_said_so() {
    let d = dir();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("VoR").unwrap();
    ws.write_string(0, 0, "Nämnd:").unwrap();
    ws.write_string(0, 1, "Testnämnden").unwrap();
    ws.write_string(1, 0, "År:").unwrap();
    ws.write_number(1, 1, 2025.0).unwrap();
    for (c, h) in ["Nr", "Risk", "S", "K", "RV", "IKP"].iter().enumerate() {
        ws.write_string(3, c as u16, *h).unwrap();
    }
    for (c, v) in ["1", "Dold risk", "3", "3", "8", "Nej"].iter().enumerate() {
        match v.parse::<f64>() {
            Ok(n) => ws.write_number(4, c as u16, n).unwrap(),
            Err(_) => ws.write_string(4, c as u16, *v).unwrap(),
        };
    }
    ws.set_row_hidden(4).unwrap();
    let hidden = wb.add_worksheet().set_name("Gammalt").unwrap();
    hidden.write_string(0, 0, "Anteckningar").unwrap();
    hidden.set_hidden(true);
    wb.save(d.path().join("plan.xlsx")).unwrap();
    let (doc, _) = json(d.path(), "plan.xlsx");
    let f = found(&doc);
    assert!(
        f.iter().any(|(r, c, _)| r == "IKP003" && c == "VoR!E5"),
        "the hidden row is checked: {f:?}"
    );
    assert!(
        f.iter().any(|(r, c, m)| r == "IKP906"
            && c == "Gammalt!A1"
            && m == "bladet «Gammalt» är dolt; det läses och kontrolleras som de andra bladen"),
        "{f:?}"
    );
}

#[test]
fn error_values_decimal_commas_text_dates_and_numbers_as_text() {
    let d = dir();
    plan(
        &d.path().join("plan.xlsx"),
        &[
            &["1", "Fel", "#REF!", "3", "6", "Nej"],
            &["2", "Fel", "2,5", "2", "5", "Nej"],
            &["3", "Fel", "2", "3", "=C8*D8", "Nej"],
        ],
        |ws| {
            // A number stored as text is read as the number.
            ws.write_string(8, 0, "4").unwrap();
            ws.write_string(8, 1, "Text-tal").unwrap();
            ws.write_string(8, 2, "2").unwrap();
            ws.write_string(8, 3, "2").unwrap();
            ws.write_string(8, 4, "4").unwrap();
            ws.write_string(8, 5, "Nej").unwrap();
            // A date written as text a person reads but the format does not.
            ws.write_string(2, 1, "12 december 2024").unwrap();
        },
    );
    let (doc, code) = json(d.path(), "plan.xlsx");
    let f = found(&doc);
    assert!(
        f.iter().any(|(r, c, m)| r == "IKP905"
            && c == "VoR!C6"
            && m.starts_with("cellen VoR!C6 (Sannolikhet) innehåller felvärdet #REF!")),
        "{f:?}"
    );
    assert!(
        f.iter().any(|(r, c, _)| r == "IKP910" && c == "VoR!C7"),
        "2,5 is no integer: {f:?}"
    );
    assert!(
        f.iter().any(|(r, c, _)| r == "IKP910" && c == "VoR!B3"),
        "the text date: {f:?}"
    );
    assert!(
        !f.iter().any(|(_, c, _)| c.ends_with("9")),
        "row 9 (numbers as text) is fine: {f:?}"
    );
    assert_eq!(code, 1);
}

#[test]
fn a_workbook_in_a_walk_that_is_not_ours_is_skipped() {
    let d = dir();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Budget").unwrap();
    ws.write_number(1, 0, 12.0).unwrap();
    wb.save(d.path().join("budget.xlsx")).unwrap();
    let run = ikp(d.path(), &["check", "."]);
    assert!(run.stdout.ends_with("0 dokument i 1 fil: 0 fel, 0 varningar, 0 info; 0 undantagna fynd; 0 kända fynd i baslinjen; 1 fil var inte ikp-dokument\n"), "{}", run.stdout);
    assert_eq!(run.code, 0);
}

#[test]
fn human_output_shows_the_row_with_a_caret_under_the_cell() {
    let d = dir();
    plan(
        &d.path().join("plan.xlsx"),
        &[&["1", "Fel", "2", "3", "7", "Nej"]],
        |_| {},
    );
    let run = ikp(d.path(), &["check", "plan.xlsx"]);
    let expected = "\
fel[IKP003]: risk 1 har riskvärde 7 men sannolikhet 2 × konsekvens 3 = 6
  ┌─ plan.xlsx:6:5
  │
6 │ 1 │ Fel │ 2 │ 3 │ 7 │ Nej
  │           -   -   ^ VoR!E6
  │           │   │    
  │           │   VoR!D6: konsekvens 3
  │           VoR!C6: sannolikhet 2
";
    assert!(run.stdout.contains(expected), "{}", run.stdout);
}
