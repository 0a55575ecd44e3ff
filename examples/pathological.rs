//! The pathological corpus: inputs inside the default limits that once took minutes or
//! gigabytes (issue 10). Each must now be checked in well under a second.
//!
//! ```text
//! cargo run --release --example pathological -- DIR
//! ```
//!
//! Writes into `DIR`:
//! - `kopierad/uppfoljning.yaml`: 60,000 follow-up entries without ids that share one comment
//!   (IKP108 compared every copy with every earlier one);
//! - `utan-id/plan.yaml` + `utan-id/uppfoljning.yaml`: 20,000 plan controls and 20,000 follow-up
//!   entries without ids (IKP105/106 compared every entry with every control);
//! - `lang-rad/plan.json`: one 15 MB line holding 200 long values, each with a finding (every
//!   finding quoted the whole line);
//! - `nycklar/plan.yaml`: 1,000,000 keys (the node limit).
//!
//! The output is the same every time: nothing is random.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("användning: pathological KATALOG");
        return ExitCode::from(2);
    };
    match write_all(Path::new(&dir)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pathological: {e}");
            ExitCode::from(2)
        }
    }
}

const HEAD: &str = "nämnd: Nämnden för prov\når: 2025\n";

fn write(dir: &Path, name: &str, text: &str) -> std::io::Result<()> {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, text)
}

fn write_all(dir: &Path) -> std::io::Result<()> {
    write(dir, "kopierad/uppfoljning.yaml", &copied_comments(60_000))?;
    let (plan, follow_up) = without_ids(20_000);
    write(dir, "utan-id/plan.yaml", &plan)?;
    write(dir, "utan-id/uppfoljning.yaml", &follow_up)?;
    write(dir, "lang-rad/plan.json", &long_line(200, 75_000))?;
    write(dir, "nycklar/plan.yaml", &many_keys(1_000_000))?;
    Ok(())
}

/// `n` entries without ids, each with one occasion and the same long comment.
pub fn copied_comments(n: usize) -> String {
    let mut s = format!("typ: uppföljning\n{HEAD}kontroller:\n");
    for _ in 0..n {
        s.push_str(
            "  - kontrollaktivitet: Stickprov av fakturor\n    tillfällen:\n      - status: Inga avvikelser\n        kommentar: Vid månatliga uppföljningar har inga avvikelser uppdagats under perioden.\n",
        );
    }
    s
}

/// A plan with `n` controls and a follow-up with `n` entries, none with an id; every entry's
/// activity differs from every control's, so nothing matches.
pub fn without_ids(n: usize) -> (String, String) {
    let mut plan = format!("typ: plan\n{HEAD}kontroller:\n");
    let mut fu = format!("typ: uppföljning\n{HEAD}kontroller:\n");
    for i in 0..n {
        let _ = writeln!(
            plan,
            "  - id: K{i}\n    process: Ekonomi\n    kontrollaktivitet: Planens kontroll nummer {i}"
        );
        let _ = writeln!(
            fu,
            "  - process: Ekonomi\n    kontrollaktivitet: Uppföljd kontroll nummer {i}\n    tillfällen:\n      - status: Inga avvikelser"
        );
    }
    (plan, fu)
}

/// A JSON plan on one line: `n` risks, each with a text of `len` characters and a likelihood
/// off the scale.
pub fn long_line(n: usize, len: usize) -> String {
    let text = "x".repeat(len);
    let mut s = String::from(r#"{"typ": "plan", "nämnd": "N", "år": 2025, "risker": ["#);
    for i in 0..n {
        if i > 0 {
            s.push_str(", ");
        }
        let _ = write!(
            s,
            r#"{{"nr": {}, "risk": "{text}", "sannolikhet": 9, "konsekvens": 9}}"#,
            i + 1
        );
    }
    s.push_str("]}\n");
    s
}

/// A plan with `n` keys: one mapping of `n` small entries under a key the schema does not know.
pub fn many_keys(n: usize) -> String {
    let mut s = format!("typ: plan\n{HEAD}extra:\n");
    for i in 0..n {
        let _ = writeln!(s, "  k{i}: 1");
    }
    s
}
