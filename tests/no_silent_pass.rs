//! Never a silent pass (issue 10): a file that may be ours is checked or is an error, loading
//! codes cannot be configured away, configuration is bounded and named, a `plan:` that does
//! not resolve is a warning, and a baseline that could hide anything is refused. Each case
//! runs the real binary next to a good plan whose one known finding (IKP004 at 6:9) must stay.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

const GOOD_PLAN: &str = "\
typ: plan
kommun: Teststad
nämnd: Kulturnämnden
år: 2025
risker:
  - nr: 7
    händelse: Bidrag betalas ut utan beslut
";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn ikp(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_ikp"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("ikp runs");
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

/// A repository (with `.git`, so no ikp.toml above it counts) holding the good plan.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    write(dir.path(), "kultur/plan.yaml", GOOD_PLAN);
    dir
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn check_json(dir: &Path, extra: &[&str]) -> (Value, i32) {
    let mut args = vec!["check", "--format", "json"];
    args.extend(extra);
    let run = ikp(dir, &args);
    let value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", run.stdout, run.stderr));
    (value, run.code)
}

/// The findings of `rule` in a file whose path ends with `file`: (line, column, message).
fn found(json: &Value, rule: &str, file: &str) -> Vec<(u64, u64, String)> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule && f["file"].as_str().unwrap().ends_with(file))
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn assert_good_plan_intact(json: &Value) {
    let hits = found(json, "IKP004", "kultur/plan.yaml");
    assert_eq!(hits.len(), 1, "{json:#}");
    assert_eq!((hits[0].0, hits[0].1), (6, 9));
}

/// Each file of the issue's first bullet, broken, in a walk: IKP901 at the place, exit 2.
/// An unclosed bracket is shown at the bracket a person must close (issue 11), not past the end.
#[test]
fn every_broken_file_in_a_walk_is_a_syntax_error_and_exit_2() {
    let cases: &[(&str, &str, (u64, u64))] = &[
        (
            "plan.json",
            r#"{"typ": "plan", "nämnd": "N", "år": 2025, "risker": [{"nr": 1, "sannolikhet": 5}]"#,
            (1, 1),
        ),
        ("flow.yaml", "{typ: plan, nämnd: N år: 2025}\n", (1, 24)),
        ("quoted.yaml", "'typ': plan\nnämnd: [\n", (2, 8)),
        (
            "escaped.yaml",
            "typ: \"uppf\\u00f6ljning\"\nnämnd: N\når: 2025\nkontroller: [\n",
            (4, 13),
        ),
        ("folded.yaml", "typ: >-\n  plan\nnämnd: [\n", (3, 8)),
        ("complex.yaml", "? typ\n: plan\nnämnd: [\n", (3, 8)),
    ];
    for (name, text, at) in cases {
        let dir = repo();
        write(dir.path(), &format!("r/{name}"), text);
        let (json, code) = check_json(dir.path(), &[]);
        assert_eq!(code, 2, "{name}: {json:#}");
        let hits = found(&json, "IKP901", name);
        assert_eq!(hits.len(), 1, "{name}: {json:#}");
        assert_eq!((hits[0].0, hits[0].1), *at, "{name}");
        assert!(
            hits[0].2.starts_with("syntaxfel: "),
            "{name}: {}",
            hits[0].2
        );
        assert_good_plan_intact(&json);
        assert_eq!(json["summary"]["not_checked"], 1, "{name}");
        // The human summary says it too.
        let human = ikp(dir.path(), &["check"]);
        assert_eq!(human.code, 2);
        assert!(
            human
                .stdout
                .contains("1 fil kunde inte kontrolleras (reglerna kördes inte)"),
            "{}",
            human.stdout
        );
    }
}

/// The same texts, well-formed, are checked as the documents they are.
#[test]
fn valid_variants_of_typ_are_read_as_documents() {
    let dir = repo();
    let follow_up = "typ: \"uppf\\u00f6ljning\"\nkommun: Teststad\nnämnd: Kulturnämnden\når: 2025\nplan: plan.yaml\n";
    write(dir.path(), "kultur/uppf.yaml", follow_up);
    write(
        dir.path(),
        "a/plan.yaml",
        "typ: >-\n  plan\nnämnd: A\når: 2025\nrisker:\n  - nr: 1\n    händelse: x\n",
    );
    write(
        dir.path(),
        "b/plan.yaml",
        "? typ\n: plan\nnämnd: B\når: 2025\nrisker:\n  - nr: 2\n    händelse: y\n",
    );
    let (json, code) = check_json(dir.path(), &[]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(json["summary"]["documents"], 4, "{json:#}");
    assert_eq!(json["summary"]["not_checked"], 0);
    assert_eq!(found(&json, "IKP004", "a/plan.yaml").len(), 1);
    assert_eq!(found(&json, "IKP004", "b/plan.yaml").len(), 1);
    assert_good_plan_intact(&json);
    // The escaped follow-up linked with its plan: no note that it has none.
    assert!(json["notes"].as_array().unwrap().is_empty(), "{json:#}");
}

#[test]
fn a_json_surrogate_pair_is_the_character() {
    let dir = repo();
    let text = r#"{"typ": "plan", "kommun": "Teststad", "nämnd": "Ungdom \ud83d\ude00", "år": 2025, "risker": [{"nr": 3, "händelse": "x"}]}"#;
    write(dir.path(), "u/plan.json", text);
    let (json, code) = check_json(dir.path(), &[]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(json["summary"]["documents"], 2);
    let hits = found(&json, "IKP004", "u/plan.json");
    assert_eq!(hits.len(), 1, "{json:#}");
    // The column counts characters of the original line, escapes and all.
    let column = text[..text.find(r#"3, "h"#).unwrap()].chars().count() + 1;
    assert_eq!((hits[0].0, hits[0].1), (1, column as u64));
    assert_eq!(found(&json, "IKP012", "u/plan.json").len(), 1);
    assert!(
        found(&json, "IKP012", "u/plan.json")[0]
            .2
            .contains("Ungdom 😀")
    );
    assert_good_plan_intact(&json);
}

#[test]
fn our_keys_without_typ_suggest_the_typ_and_fail() {
    let dir = repo();
    write(
        dir.path(),
        "r/plan.yaml",
        "nämnd: N\når: 2025\nrisker:\n  - nr: 1\n",
    );
    write(
        dir.path(),
        "r/uppf.yaml",
        "# uppföljning\nnämnd: N\når: 2025\nbedömning: God\n",
    );
    write(dir.path(), "ci.yml", "name: CI\non: push\n");
    let (json, code) = check_json(dir.path(), &[]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(
        found(&json, "IKP912", "r/plan.yaml"),
        [(
            1,
            1,
            "fältet typ saknas: filen ser ut som en plan men kontrolleras inte utan typ"
                .to_string()
        )]
    );
    assert_eq!(
        found(&json, "IKP912", "r/uppf.yaml"),
        [(
            2,
            1,
            "fältet typ saknas: filen ser ut som en uppföljning men kontrolleras inte utan typ"
                .to_string()
        )]
    );
    let human = ikp(dir.path(), &["check", "--verbose"]);
    assert!(
        human
            .stdout
            .contains("= hjälp: lägg till typ: plan på första raden")
    );
    // The CI file is no document: skipped, and listed with --verbose.
    assert_eq!(json["summary"]["skipped"], 1);
    assert!(
        human
            .stderr
            .contains("hoppade över ./ci.yml: inget ikp-dokument (varken typ eller ikp-fält)"),
        "{}",
        human.stderr
    );
    assert_good_plan_intact(&json);
}

#[test]
fn a_named_file_that_is_no_document_is_exit_2_in_swedish() {
    let dir = repo();
    write(dir.path(), "2026/plan.yaml", "titel: Plan 2026\n");
    let run = ikp(dir.path(), &["check", "2026/plan.yaml", "kultur/plan.yaml"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stdout.contains(
        "fel[IKP912]: filen är inget ikp-dokument: fältet typ saknas överst; ett ikp-dokument börjar med typ: plan, typ: uppföljning eller typ: ks-punkter"
    ), "{}", run.stdout);
    let (json, _) = check_json(dir.path(), &["2026/plan.yaml", "kultur/plan.yaml"]);
    assert_good_plan_intact(&json);
}

#[test]
fn exclude_in_ikp_toml_leaves_a_broken_file_out_but_a_named_one_is_checked() {
    let dir = repo();
    write(dir.path(), "ikp.toml", "exclude = [\"arkiv\"]\n");
    write(dir.path(), "arkiv/gammal.json", "{\"typ\": \"plan\"");
    let (json, code) = check_json(dir.path(), &[]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(json["summary"]["excluded"], 1);
    assert_good_plan_intact(&json);
    let (json, code) = check_json(dir.path(), &["arkiv/gammal.json"]);
    assert_eq!(code, 2);
    assert_eq!(found(&json, "IKP901", "arkiv/gammal.json").len(), 1);
}

#[test]
fn loading_codes_cannot_be_switched_off_or_down() {
    for (code, setting) in [("IKP910", "av"), ("IKP911", "varning"), ("IKP912", "info")] {
        let dir = repo();
        write(
            dir.path(),
            "ikp.toml",
            &format!("[regler]\n{code} = \"{setting}\"\n"),
        );
        let run = ikp(dir.path(), &["check"]);
        assert_eq!(run.code, 2, "{code}");
        assert!(
            run.stdout.contains(&format!(
                "/ikp.toml: {code} under [regler] kan inte stängas av eller sänkas: IKP9xx betyder att ett dokument inte kunde läsas eller kontrolleras"
            )),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn a_document_whose_rules_did_not_run_fails_whatever_the_level_except_never() {
    let dir = repo();
    write(dir.path(), "ikp.toml", "[regler]\nIKP004 = \"info\"\n");
    write(
        dir.path(),
        "r/plan.yaml",
        "typ: plan\nnämnd: N\når: tjugo\nrisker: []\n",
    );
    let (json, code) = check_json(dir.path(), &["--fail-on", "error"]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(found(&json, "IKP910", "r/plan.yaml").len(), 1);
    let (_, code) = check_json(dir.path(), &["--fail-on", "never"]);
    assert_eq!(code, 0);
    // Without the broken document nothing at error level is left: the run passes.
    std::fs::remove_file(dir.path().join("r/plan.yaml")).unwrap();
    let (_, code) = check_json(dir.path(), &["--fail-on", "error"]);
    assert_eq!(code, 0);
}

#[test]
fn baseline_create_refuses_what_it_could_not_check() {
    let dir = repo();
    write(dir.path(), "r/plan.json", "{\"typ\": \"plan\"");
    let run = ikp(dir.path(), &["baseline", "create"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("ikp: baslinjen skrivs inte: alla filer kunde inte läsas och kontrolleras"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join(".ikp-baseline.json").exists());
    // A schema error too: the document's rules never ran.
    write(
        dir.path(),
        "r/plan.json",
        "{\"typ\": \"plan\", \"nämnd\": 1, \"år\": 2025}",
    );
    let run = ikp(dir.path(), &["baseline", "create"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!dir.path().join(".ikp-baseline.json").exists());
}

#[test]
fn an_empty_repository_identity_in_a_baseline_is_refused() {
    let dir = repo();
    write(
        dir.path(),
        "bl.json",
        "{\"format\": \"ikp-baseline\", \"version\": 1, \"tool\": {\"name\": \"ikp\", \"version\": \"0.1.0\"}, \"repository\": [], \"findings\": []}",
    );
    let run = ikp(dir.path(), &["check", "--baseline", "bl.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("ikp: baslinjen bl.json är trasig: fältet \"repository\" är tomt"),
        "{}",
        run.stderr
    );
}

#[test]
fn config_lookup_stops_at_the_repository_root_and_is_named() {
    let outer = tempfile::tempdir().unwrap();
    // Above the repository: would switch IKP004 off.
    write(outer.path(), "ikp.toml", "[regler]\nIKP004 = \"av\"\n");
    let root = outer.path().join("repo");
    std::fs::create_dir_all(root.join(".git")).unwrap();
    write(&root, "kultur/plan.yaml", GOOD_PLAN);
    let (json, _) = check_json(&root, &[]);
    assert_good_plan_intact(&json);
    assert_eq!(json["configs"][0]["file"], Value::Null);
    assert_eq!(json["configs"][0]["shown"], "inbyggd standard (stockholm)");
    // A subfolder's ikp.toml governs its files and is named in every format.
    write(&root, "kultur/ikp.toml", "[regler]\nIKP004 = \"varning\"\n");
    let human = ikp(&root, &["check"]);
    assert!(
        human
            .stdout
            .contains("konfiguration: ./kultur/ikp.toml (1 fil)"),
        "{}",
        human.stdout
    );
    let sarif: Value =
        serde_json::from_str(&ikp(&root, &["check", "--format", "sarif"]).stdout).unwrap();
    assert_eq!(
        sarif["runs"][0]["properties"]["configs"][0]["file"],
        "./kultur/ikp.toml"
    );
    let junit = ikp(&root, &["check", "--format", "junit"]).stdout;
    assert!(
        junit.contains("<property name=\"konfiguration\" value=\"./kultur/ikp.toml\"/>"),
        "{junit}"
    );
}

#[test]
fn absurd_configuration_values_are_errors_in_swedish() {
    let levels: Vec<String> = (0..5000).map(|i| format!("\"n{i}\"")).collect();
    let cases = [
        (
            format!("[skala]\nsannolikhet = [{}]\n", levels.join(", ")),
            "[skala] sannolikhet har 5000 nivåer; en skala har 1–10 nivåer",
        ),
        (
            "[ikp]\n\"tröskel\" = 1000\n".to_string(),
            "[ikp] \"tröskel\" = 1000 ligger utanför skalan: riskvärdet är 1–25 (5 × 5)",
        ),
        (
            "[\"gränser\"]\nmax_djup = 100000\n".to_string(),
            "[\"gränser\"] max_djup = 100000 kan inte användas; tillåtet är 1–255",
        ),
    ];
    for (toml, expected) in cases {
        let dir = repo();
        write(dir.path(), "ikp.toml", &toml);
        let run = ikp(dir.path(), &["check"]);
        assert_eq!(run.code, 2, "{expected}");
        assert!(
            run.stdout.contains(&format!("/ikp.toml: {expected}")),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn a_plan_link_that_does_not_resolve_is_a_warning_and_the_plan_is_still_compared() {
    let dir = repo();
    let follow_up = |plan: &str| {
        format!(
            "typ: uppföljning\nkommun: Teststad\nnämnd: Kulturnämnden\når: 2025\nplan: {plan}\nkontroller:\n  - kontroll: K9\n    kontrollaktivitet: Finns inte i planen\n    tillfällen:\n      - period: T1\n        status: Inga avvikelser\n        kommentar: Stickprov på tio beslut utan avvikelser.\n"
        )
    };
    write(dir.path(), "kultur/a.yaml", &follow_up("/etc/passwd"));
    write(dir.path(), "kultur/b.yaml", &follow_up("Plan.yaml"));
    write(dir.path(), "kultur/c.yaml", &follow_up("c.yaml"));
    write(dir.path(), "kultur/d.yaml", &follow_up("\"\""));
    let (json, _) = check_json(dir.path(), &[]);
    let expect = [
        (
            "kultur/a.yaml",
            "planen «/etc/passwd» finns men kontrollerades inte i den här körningen",
        ),
        (
            "kultur/b.yaml",
            "`plan: Plan.yaml` stavas inte som filen «plan.yaml» (stora och små bokstäver skiljer sig)",
        ),
        (
            "kultur/c.yaml",
            "`plan: c.yaml` pekar på uppföljningen själv, inte på en plan",
        ),
        (
            "kultur/d.yaml",
            "`plan:` är tomt och pekar inte på någon plan",
        ),
    ];
    for (file, start) in expect {
        let hits = found(&json, "IKP092", file);
        assert_eq!(hits.len(), 1, "{file}: {json:#}");
        assert_eq!((hits[0].0, hits[0].1), (5, 7), "{file}");
        assert!(hits[0].2.starts_with(start), "{file}: {}", hits[0].2);
        assert!(
            hits[0]
                .2
                .ends_with("uppföljningen jämförs i stället med planen för samma nämnd och år, ./kultur/plan.yaml"),
            "{}",
            hits[0].2
        );
        // Compared with the plan anyway: K9 is not in it.
        assert_eq!(found(&json, "IKP106", file).len(), 1, "{file}: {json:#}");
    }
    assert_good_plan_intact(&json);
}

#[test]
fn a_plan_that_failed_to_load_is_named_as_such() {
    let dir = repo();
    write(dir.path(), "ny/plan.yaml", "typ: plan\nnämnd: Ny\når: x\n");
    write(
        dir.path(),
        "ny/uppf.yaml",
        "typ: uppföljning\nnämnd: Ny\når: 2025\nplan: plan.yaml\n",
    );
    let (json, code) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let hits = found(&json, "IKP092", "ny/uppf.yaml");
    assert_eq!(
        hits,
        [(
            4,
            7,
            "planen «plan.yaml» kunde inte läsas in (se fynden i den filen); IKP105 och IKP106 har inte körts".to_string()
        )]
    );
    assert_good_plan_intact(&json);
}
