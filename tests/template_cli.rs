//! `ikp ny`: start a plan and its follow-up from templates, fill them in by script as a person
//! would, and get exactly the findings that were planted.

use std::path::Path;
use std::process::{Command, Output};

fn ikp(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ikp"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("IKP_LANG")
        .output()
        .expect("the ikp binary runs")
}

fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

/// Replace exactly the `nth` (0-based) occurrence of `old`; fails when it is not there.
fn fill(doc: &mut String, old: &str, new: &str, nth: usize) {
    let at = doc
        .match_indices(old)
        .nth(nth)
        .unwrap_or_else(|| panic!("{old:?} #{nth} not in the template:\n{doc}"))
        .0;
    doc.replace_range(at..at + old.len(), new);
}

#[test]
fn a_plan_and_follow_up_from_templates_give_only_the_planted_findings() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join(".git")).unwrap();
    std::fs::create_dir_all(root.join("schemas")).unwrap();
    std::fs::write(root.join("schemas/plan.schema.json"), "{}").unwrap();
    std::fs::write(root.join("ikp.toml"), "profil = \"Stockholm\"\n").unwrap();
    std::fs::create_dir(root.join("2026")).unwrap();

    let out = ikp(&["ny", "plan", "-o", "2026/plan.yaml"], root);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr),
        "ikp: 2026/plan.yaml skrevs; fyll i den och kontrollera med `ikp check 2026/plan.yaml`\n"
    );
    let mut plan = std::fs::read_to_string(root.join("2026/plan.yaml")).unwrap();
    assert!(plan.starts_with("# yaml-language-server: $schema=../schemas/plan.schema.json\n"));
    // A second `ikp ny` never replaces the document.
    let again = ikp(&["ny", "plan", "-o", "2026/plan.yaml"], root);
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again.stderr).contains("2026/plan.yaml finns redan"));

    // The template's year is next year's; this plan is for 2026.
    let year_line = plan
        .lines()
        .find(|l| l.starts_with("år: "))
        .unwrap()
        .to_string();
    fill(&mut plan, &format!("\n{year_line}\n"), "\når: 2026\n", 0);
    for (old, new) in [
        ("\nkommun:\n", "\nkommun: Uppsala\n"),
        ("\nnämnd:\n", "\nnämnd: Kulturnämnden\n"),
        ("\nfastställd:\n", "\nfastställd: 2025-12-10\n"),
        ("    process:\n", "    process: Bidrag till föreningar\n"),
        ("    område:\n", "    område: Ekonomi\n"),
        (
            "    händelse:\n",
            "    händelse: Jäv vid beslut om föreningsbidrag\n",
        ),
        ("    sannolikhet:\n", "    sannolikhet: 3\n"),
        ("    konsekvens:\n", "    konsekvens: 4\n"),
        // Planted: 3 × 4 is 12, not 10 (IKP003).
        ("    riskvärde:\n", "    riskvärde: 10\n"),
        ("    ikp:\n", "    ikp: ja\n"),
        (
            "    kontrollaktivitet:\n",
            "    kontrollaktivitet: Stickprov på fem beslut om bidrag per tertial\n",
        ),
        ("    frekvens:\n", "    frekvens: Tertialvis\n"),
        ("    ansvarig:\n", "    ansvarig: Controller\n"),
        ("    rapporteras_till:\n", "    rapporteras_till: Nämnden\n"),
        ("    tidpunkt:\n", "    tidpunkt: T1, T2, VB\n"),
        ("    metod:\n", "    metod: Stickprov\n"),
    ] {
        fill(&mut plan, old, new, 0);
    }
    std::fs::write(root.join("2026/plan.yaml"), &plan).unwrap();

    let out = ikp(
        &[
            "ny",
            "uppföljning",
            "--plan",
            "2026/plan.yaml",
            "-o",
            "2026/uppfoljning.yaml",
        ],
        root,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let mut fu = std::fs::read_to_string(root.join("2026/uppfoljning.yaml")).unwrap();
    // No schemas/uppfoljning.schema.json in this repository: the line names a file beside it.
    assert!(
        fu.starts_with(
            "# yaml-language-server: $schema=uppfoljning.schema.json\n# Schemat för redigeraren (hjälptexter, kontroll medan du skriver): `ikp schema uppföljning > uppfoljning.schema.json`\n"
        ),
        "{fu}"
    );
    assert!(fu.contains("\nkommun: \"Uppsala\"\nnämnd: \"Kulturnämnden\"\når: 2026\n"));
    assert!(fu.contains("\nplan: \"plan.yaml\"\n"));
    // Every control of the plan, with one empty occasion per period of the profile.
    assert!(fu.contains(
        "  - kontroll: \"K1\"\n    # Stickprov på fem beslut om bidrag per tertial\n    tillfällen:\n      - period: \"T1\"\n        datum:\n        status:\n"
    ));
    assert_eq!(fu.matches("      - period: ").count(), 3);

    fill(
        &mut fu,
        "\nbedömning:\n",
        "\nbedömning: ej tillräcklig\n",
        0,
    );
    fill(
        &mut fu,
        "\nanalys:\n",
        "\nanalys: Ett av stickproven i T2 saknade protokollfört jäv.\n",
        0,
    );
    for (i, date) in ["2026-04-30", "2026-08-31", "2026-12-31"]
        .iter()
        .enumerate()
    {
        fill(
            &mut fu,
            "        datum:\n",
            &format!("        datum: {date}\n"),
            0,
        );
        let status = if i == 1 {
            // Planted: a major deviation without action (IKP103).
            "Större avvikelser"
        } else {
            "Inga avvikelser"
        };
        fill(
            &mut fu,
            "        status:\n",
            &format!("        status: {status}\n"),
            0,
        );
        let comment = match i {
            0 => "Fem beslut granskade; jäv protokollfört i alla.",
            1 => {
                "Två av fem beslut saknade protokollfört jäv för en ledamot som är styrelseledamot i föreningen."
            }
            _ => "Fem beslut granskade i december; jäv protokollfört i alla fem.",
        };
        fill(
            &mut fu,
            "        kommentar:\n",
            &format!("        kommentar: {comment}\n"),
            0,
        );
        fill(
            &mut fu,
            "        ansvarig:\n",
            "        ansvarig: Controller\n",
            0,
        );
    }
    fill(
        &mut fu,
        "\nslutsatser:\n",
        "\nslutsatser: Rutinen för jäv följs inte fullt ut.\n",
        0,
    );
    fill(
        &mut fu,
        "\nåtgärder:\n",
        "\nåtgärder: Nämndsekreteraren påminner om jävsrutinen inför varje sammanträde.\n",
        0,
    );
    std::fs::write(root.join("2026/uppfoljning.yaml"), &fu).unwrap();

    let out = ikp(&["check", "--format", "json", "2026"], root);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(String, String, u64)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap_or("").to_string(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let risk_value_line = plan.lines().position(|l| l == "    riskvärde: 10").unwrap() as u64 + 1;
    let major_line = fu
        .lines()
        .position(|l| l == "        status: Större avvikelser")
        .unwrap() as u64
        + 1;
    assert_eq!(
        found,
        vec![
            (
                "IKP003".to_string(),
                "2026/plan.yaml".to_string(),
                risk_value_line
            ),
            (
                "IKP103".to_string(),
                "2026/uppfoljning.yaml".to_string(),
                major_line
            ),
        ],
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn ks_points_template_and_unknown_kind() {
    let dir = tempfile::tempdir().unwrap();
    let out = ikp(&["ny", "ks-punkter"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let doc = text(&out.stdout);
    assert!(doc.contains("\ntyp: ks-punkter\n"), "{doc}");
    assert!(doc.contains("\npunkter:\n  - id: KS1\n"), "{doc}");

    let out = ikp(&["ny", "risk"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "ikp: okänd dokumenttyp «risk»; välj plan, uppföljning eller ks-punkter\n"
    );
}
