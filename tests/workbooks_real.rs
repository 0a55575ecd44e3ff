//! Workbooks written by real producers, not only by our own writer: openpyxl (the way scripts
//! write workbooks: formulas without saved values) and LibreOffice (`soffice --headless
//! --convert-to`, which computes and saves every formula's value, and writes .ods and .xls).
//! Both are installed by scripts/install-test-tools.sh; in CI a missing tool fails the test.

use std::path::Path;
use std::process::Command;

fn available(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn require(ok: bool, what: &str) -> bool {
    if ok {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{what} saknas i CI; kör scripts/install-test-tools.sh"
    );
    eprintln!("SKIPPED: {what} saknas (kör scripts/install-test-tools.sh)");
    false
}

fn openpyxl() -> bool {
    require(
        available("python3", &["-c", "import openpyxl"]),
        "Python-paketet openpyxl",
    )
}

fn soffice() -> bool {
    require(
        available("soffice", &["--version"]),
        "LibreOffice (soffice)",
    )
}

fn python(dir: &Path, script: &str) {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `soffice --headless --convert-to <to> <file>` in `dir`, with a profile of its own so that
/// tests running at the same time do not share one.
fn convert(dir: &Path, file: &str, to: &str, out_dir: &str) {
    let name: String = to.chars().filter(char::is_ascii_alphanumeric).collect();
    let profile = dir.join(format!("lo-profil-{name}"));
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--calc",
            "--convert-to",
            to,
            "--outdir",
            out_dir,
            file,
        ])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn check(dir: &Path, file: &str) -> (Vec<(String, String, String)>, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_ikp"))
        .args(["check", "--format", "json", file])
        .current_dir(dir)
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut found: Vec<_> = doc["findings"]
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
        .collect();
    found.sort();
    (found, out.status.code().unwrap_or(-1))
}

fn rules_at(found: &[(String, String, String)]) -> Vec<(&str, &str)> {
    found
        .iter()
        .map(|(r, c, _)| (r.as_str(), c.as_str()))
        .collect()
}

/// A register as a script writes it: RV as formulas, no saved values; one formula ikp cannot
/// compute (IF), one with a wrong product (risk 2: RV = S × S).
const SCRIPTED: &str = r#"
import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "VoR"
ws["A1"] = "Nämnd:"; ws["B1"] = "Testnämnden"
ws["A2"] = "År:"; ws["B2"] = 2025
ws["A3"] = "Fastställd:"; ws["B3"] = "2024-12-10"
ws.append([])
ws.append(["Nr", "Process", "Oönskad händelse", "S", "K", "RV", "Ingår i IKP"])
ws.append([1, "Inköp", "Mutor vid upphandling", 3, 4, "=D6*E6", "X"])
ws.append([2, None, "Fel leverantör", "2 – Mindre sannolikt", "3 – Kännbar", 6, None])
ws.append([3, None, "Fel i fakturor", 2, 3, "=D8*D8", None])
ws.append([4, None, "Jäv", 2, 2, '=IF(D9>1,D9*E9,0)', None])
ws.merge_cells("B6:B9")
wb.save("skript.xlsx")
"#;

#[test]
fn a_workbook_written_by_a_script_without_saved_values() {
    if !openpyxl() {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    python(d.path(), SCRIPTED);
    let (found, code) = check(d.path(), "skript.xlsx");
    assert_eq!(
        rules_at(&found),
        [
            // Risk 1 (3 × 4 = 12, computed from =D6*E6) is marked X but has no control.
            ("IKP001", "VoR!A6"),
            // Risk 3: =D8*D8 gives 4, not 2 × 3.
            ("IKP003", "VoR!F8"),
            // Risk 4: IF is not a plain product; ikp says so instead of reading it as empty,
            // and the risk has no value.
            ("IKP004", "VoR!A9"),
            ("IKP905", "VoR!F9"),
        ],
        "{found:?}"
    );
    assert_eq!(
        found[3].2,
        "cellen VoR!F9 har formeln =IF(D9>1,D9*E9,0) men inget sparat värde, och ikp kan inte räkna ut den (bara enkla produkter och summor av celler räknas ut); värdet läses inte"
    );
    assert_eq!(code, 1);
}

#[test]
fn libreoffice_saves_the_values_and_writes_ods_and_xls() {
    if !openpyxl() || !soffice() {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    python(d.path(), SCRIPTED);
    std::fs::create_dir(d.path().join("lo")).unwrap();
    convert(d.path(), "skript.xlsx", "xlsx:Calc MS Excel 2007 XML", "lo");
    convert(d.path(), "skript.xlsx", "ods", "lo");
    convert(d.path(), "skript.xlsx", "xls:MS Excel 97", "lo");
    // LibreOffice computed and saved every formula, the IF too (2 × 2 = 4 = S × K).
    for file in ["lo/skript.xlsx", "lo/skript.ods", "lo/skript.xls"] {
        let (found, code) = check(d.path(), file);
        assert_eq!(
            rules_at(&found),
            [("IKP001", "VoR!A6"), ("IKP003", "VoR!F8")],
            "{file}: {found:?}"
        );
        assert_eq!(code, 1, "{file}");
    }
}

#[test]
fn a_template_resaved_by_libreoffice_keeps_its_dropdowns_and_says_what_is_empty() {
    if !openpyxl() || !soffice() {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ikp"))
        .args(["mall", "plan", "--profil", "stockholm", "-o", "mall.xlsx"])
        .current_dir(d.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    std::fs::create_dir(d.path().join("lo")).unwrap();
    convert(d.path(), "mall.xlsx", "xlsx:Calc MS Excel 2007 XML", "lo");
    for file in ["mall.xlsx", "lo/mall.xlsx"] {
        let (found, code) = check(d.path(), file);
        assert_eq!(
            found,
            [
                (
                    "IKP912".to_string(),
                    "VoR!A3".to_string(),
                    "fältet «nämnd» saknas i dokumentet".to_string()
                ),
                (
                    "IKP912".to_string(),
                    "VoR!A4".to_string(),
                    "fältet «år» saknas i dokumentet".to_string()
                ),
            ],
            "{file}"
        );
        assert_eq!(code, 1);
    }
    // The dropdowns survive LibreOffice: read them back with openpyxl.
    python(
        d.path(),
        r#"
import openpyxl
ws = openpyxl.load_workbook("lo/mall.xlsx")["VoR"]
lists = sorted(v.formula1 for v in ws.data_validations.dataValidation)
assert any("3 – Möjlig" in f for f in lists), lists
assert any("4 – Allvarlig" in f for f in lists), lists
assert any("Ja,Nej (endast VoR)" in f for f in lists), lists
# The header row is frozen in the template (a headless LibreOffice does not keep the view).
assert openpyxl.load_workbook("mall.xlsx")["VoR"].freeze_panes == "A9"
"#,
    );
    // Filled in as staff would (choices from the lists), saved by LibreOffice: the RV formula
    // is computed by LibreOffice and the plan is checked like any other.
    python(
        d.path(),
        r#"
import openpyxl
wb = openpyxl.load_workbook("lo/mall.xlsx")
ws = wb["VoR"]
ws["B3"] = "Testnämnden"; ws["B4"] = 2025; ws["B5"] = "2024-12-10"
ws["A10"] = 1; ws["F10"] = "Mutor vid inköp"; ws["G10"] = "3 – Möjlig"; ws["H10"] = "4 – Allvarlig"; ws["J10"] = "Nej (endast VoR)"
wb.save("ifylld.xlsx")
"#,
    );
    convert(d.path(), "ifylld.xlsx", "xlsx:Calc MS Excel 2007 XML", "lo");
    let (found, _) = check(d.path(), "lo/ifylld.xlsx");
    assert_eq!(
        rules_at(&found),
        [("IKP002", "VoR!A10")],
        "RV 12 ≥ 9 left out of the plan: {found:?}"
    );
}
