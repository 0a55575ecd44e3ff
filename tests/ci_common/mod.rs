//! Shared helpers for the CLI tests: run the real `ikp` binary, build small plan repositories
//! in temporary directories, and find external tools.

#![allow(dead_code)] // Each test file uses its own part.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// Run `ikp args…` in `dir` with a fixed clock and host, so that output is repeatable.
pub fn ikp(dir: &Path, args: &[&str]) -> Run {
    ikp_env(dir, args, &[])
}

pub fn ikp_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ikp"));
    cmd.args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1735732800")
        .env("HOSTNAME", "ci-runner");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("ikp runs").into()
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Write `files` (relative path, text) under a new temporary directory.
pub fn repository(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// A stadsdelsnämnd's plan for 2025 with two risks not yet assessed (IKP004 twice).
pub const PLAN_ALVSJO: &str = "\
typ: plan
kommun: Stockholm
nämnd: Älvsjö stadsdelsnämnd
år: 2025
fastställd: 2024-12-12
risker:
  - nr: 1
    process: Ekonomiadministration
    arbetssätt: Attest av leverantörsfakturor
    händelse: Fakturor attesteras av person som saknar attesträtt
    sannolikhet: 3
    konsekvens: 4
    riskvärde: 12
    ikp: ja
  - nr: 2
    process: Upphandling och inköp
    arbetssätt: Direktupphandling
    händelse: Direktupphandling dokumenteras inte
    konsekvens: 3
    ikp: nej
  - nr: 3
    process: Systematiskt informationssäkerhetsarbete
    arbetssätt: Behörighetshantering
    händelse: Behörigheter tas inte bort när en medarbetare slutar
    ikp: nej
  - nr: 5
    process: Upphandling och inköp
    arbetssätt: Beställning av konsulttjänster
    händelse: Mutor eller jäv vid beställning av konsulttjänster
    sannolikhet: 2
    konsekvens: 4
    riskvärde: 8
    ikp: nej
kontroller:
  - id: K1
    risker: [1]
    kontrollaktivitet: Stickprov på 20 attesterade fakturor per tertial mot attestförteckningen
    frekvens: Tertialvis
    ansvarig: Controller
";

/// A follow-up in which `kommentar` was written twice for one occasion (IKP903, with the first
/// place as a related location).
pub const FOLLOW_UP_DUPLICATE: &str = "\
typ: uppföljning
kommun: Stockholm
nämnd: Älvsjö stadsdelsnämnd
år: 2025
kontroller:
  - kontroll: K1
    tillfällen:
      - period: T1
        status: Inga avvikelser
        kommentar: Stickprov på 20 fakturor utan anmärkning.
        kommentar: Stickprov genomfört.
";

/// The plan and follow-up of Älvsjö in folders whose names have spaces, commas and
/// Swedish letters.
pub const PLAN_PATH: &str = "Älvsjö stadsdelsnämnd/2025/internkontrollplan 2025, rev 2.yaml";
pub const FOLLOW_UP_PATH: &str = "Älvsjö stadsdelsnämnd/2025/uppföljning T1.yaml";

pub fn alvsjo_repository() -> tempfile::TempDir {
    repository(&[
        (PLAN_PATH, PLAN_ALVSJO),
        (FOLLOW_UP_PATH, FOLLOW_UP_DUPLICATE),
    ])
}

/// Is an external tool available? If not: fail under CI, otherwise say loudly that the test
/// is skipped and return false.
pub fn require_tool(available: bool, what: &str) -> bool {
    if available {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("{what} saknas i CI; kör scripts/install-test-tools.sh");
    }
    eprintln!("SKIPPED: {what} saknas (run scripts/install-test-tools.sh)");
    false
}

/// Python's `xmlschema` package, an XML Schema validator independent of this code base.
pub fn xmlschema_available() -> bool {
    Command::new("python3")
        .args(["-c", "import xmlschema"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Validate `xml` against `xsd` with `xmlschema`; Err carries the validator's explanation.
pub fn validate_xml(xml: &str, xsd: &Path) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("rapport.xml");
    std::fs::write(&file, xml).unwrap();
    let out = Command::new("python3")
        .args([
            "-c",
            "import sys, xmlschema; xmlschema.XMLSchema(sys.argv[1]).validate(sys.argv[2])",
        ])
        .arg(xsd)
        .arg(&file)
        .output()
        .expect("python3 runs");
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// Validate a SARIF log against the official SARIF 2.1.0 schema (draft-07).
pub fn validate_sarif(sarif: &serde_json::Value) -> Result<(), Vec<String>> {
    let schema_text =
        std::fs::read_to_string(repo_root().join("tests/external-schemas/sarif-schema-2.1.0.json"))
            .unwrap();
    let schema: serde_json::Value = serde_json::from_str(&schema_text).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(sarif)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}
