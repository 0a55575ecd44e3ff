//! The command line as a user meets it: exit codes, positions, Swedish messages, JSON.

mod common;

use common::{ikp, stderr, stdout};

#[test]
fn format_errors_are_reported_at_the_exact_value_and_key() {
    let out = ikp(&["check", "tests/fixtures/trasig/plan-fel.yaml"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let text = stdout(&out);
    // Wrong type: `sannolikhet: tre` on line 11, column 18.
    assert!(
        text.contains("«sannolikhet» ska vara ett heltal, men är text («tre»)"),
        "{text}"
    );
    assert!(
        text.contains("tests/fixtures/trasig/plan-fel.yaml:11:18"),
        "{text}"
    );
    // Unknown key `ansvarg` on line 15, column 5.
    assert!(text.contains("okänt fält «ansvarg»"), "{text}");
    assert!(
        text.contains("tests/fixtures/trasig/plan-fel.yaml:15:5"),
        "{text}"
    );
    // Impossible date on line 6, column 13.
    assert!(
        text.contains("«fastställd» är inget giltigt datum («2024-02-30»)"),
        "{text}"
    );
    assert!(
        text.contains("tests/fixtures/trasig/plan-fel.yaml:6:13"),
        "{text}"
    );
}

#[test]
fn json_output_is_valid_and_carries_positions() {
    let out = ikp(&["check", "--format", "json", "tests/fixtures/trasig"]);
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(doc["version"], 1);
    let findings = doc["findings"].as_array().expect("findings array");
    assert_eq!(findings.len(), 3);
    for f in findings {
        for field in [
            "rule",
            "severity",
            "message",
            "file",
            "line",
            "column",
            "end_line",
            "end_column",
            "related",
        ] {
            assert!(!f[field].is_null(), "missing {field} in {f}");
        }
    }
    let unknown = findings
        .iter()
        .find(|f| f["rule"] == "IKP911")
        .expect("IKP911");
    assert_eq!(
        (unknown["line"].as_u64(), unknown["column"].as_u64()),
        (Some(15), Some(5))
    );
    assert_eq!(doc["summary"]["errors"], 3);
}

#[test]
fn english_messages_on_request() {
    let out = ikp(&[
        "check",
        "--lang",
        "en",
        "tests/fixtures/trasig/plan-fel.yaml",
    ]);
    let text = stdout(&out);
    assert!(
        text.contains("error[IKP911]: unknown field «ansvarg»"),
        "{text}"
    );
}

#[test]
fn a_clean_plan_exits_zero() {
    let out = ikp(&["check", "tests/fixtures/ren"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("1 dokument i 1 fil: 0 fel"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_missing_path_is_a_usage_error() {
    let out = ikp(&["check", "finns/inte.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("finns/inte.yaml"), "{}", stdout(&out));
}

#[test]
fn a_bad_configuration_exits_two_and_names_the_file() {
    let out = ikp(&["check", "tests/fixtures/konfig-trasig"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out) + &stderr(&out);
    assert!(text.contains("konfig-trasig/ikp.toml"), "{text}");
    assert!(text.contains("okänd regel «IKP999»"), "{text}");
}

#[test]
fn unknown_arguments_exit_two() {
    let out = ikp(&["check", "--formatt", "json"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn exemptions_are_counted_listed_and_checked() {
    let out = ikp(&["check", "--show-exemptions", "tests/fixtures/undantag"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    // Risk 2 is exempted with a justification: listed, not failed.
    assert!(text.contains("1 undantaget fynd"), "{text}");
    assert!(
        text.contains("motivering: Risken bedöms i samband med ny lokalförsörjningsplan i mars"),
        "{text}"
    );
    assert!(!text.contains("fel[IKP004]: risk 2"), "{text}");
    // Risk 3's exemption has no justification: it does not apply, and is itself an error.
    assert!(text.contains("fel[IKP004]: risk 3 saknar"), "{text}");
    assert!(
        text.contains("fel[IKP091]: undantaget från IKP004 saknar motivering"),
        "{text}"
    );
    // Risk 1's exemption matches nothing: stale.
    assert!(
        text.contains("varning[IKP090]: undantaget från IKP004 behövs inte"),
        "{text}"
    );
}

#[test]
fn explain_prints_the_rule_documentation() {
    let out = ikp(&["explain", "IKP004"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("## Vad den gör"), "{text}");
    assert!(text.contains("Grund:"), "{text}");
    let en = stdout(&ikp(&["explain", "ikp004", "--lang", "en"]));
    assert!(en.contains("## What it does"), "{en}");
    assert_eq!(ikp(&["explain", "IKP999"]).status.code(), Some(2));
}

#[test]
fn rules_lists_every_code() {
    let text = stdout(&ikp(&["rules"]));
    for rule in ikp_lint::rules::registry() {
        assert!(
            text.contains(rule.meta().code),
            "{} missing",
            rule.meta().code
        );
    }
}

#[test]
fn other_yaml_in_a_repository_is_skipped_quietly() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ci.yml"), "on: push\njobs: {}\n").unwrap();
    std::fs::copy("tests/fixtures/ren/plan.yaml", dir.path().join("plan.yaml")).unwrap();
    let out = ikp(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("1 fil var inte ikp-dokument"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn lean_and_full_runs_give_the_same_fingerprints() {
    // `ikp check` keeps only findings (lean); baselines are made from the same identities.
    let out = ikp(&["check", "--format", "json", "examples"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let mut lean: Vec<String> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["fingerprint"].as_str().unwrap_or_default().to_string())
        .collect();
    let full = ikp_lint::engine::check(&ikp_lint::engine::CheckOptions {
        paths: vec!["examples".into()],
        config: None,
    })
    .expect("configuration is valid");
    let prints = ikp_lint::fingerprint::Fingerprinter::new(&full);
    // JSON gives each finding its unique fingerprint (repeats of one base are numbered).
    let mut expected: Vec<String> = prints.unique(&full.findings);
    lean.sort();
    expected.sort();
    assert!(!lean.is_empty());
    assert_eq!(lean, expected);
    assert!(lean.iter().all(|p| !p.is_empty()));
}
