//! The CI outputs of `ikp check`, end to end through the binary: SARIF against the official
//! schema, JUnit against the JUnit XSD (with an independent validator), GitHub workflow
//! commands, GitLab Code Quality, `--output`, fail levels and determinism.

mod ci_common;

use ci_common::*;

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

#[test]
fn sarif_of_the_bundled_examples_validates_against_the_official_schema() {
    let run = ikp(&repo_root(), &["check", "examples/", "--format", "sarif"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let sarif = json(&run.stdout);
    if let Err(errors) = validate_sarif(&sarif) {
        panic!("SARIF is not valid:\n{}", errors.join("\n"));
    }
    let driver = &sarif["runs"][0]["tool"]["driver"];
    let rules = driver["rules"].as_array().unwrap();
    assert!(rules.iter().any(|r| r["id"] == "IKP004"));
    let ikp004 = rules.iter().find(|r| r["id"] == "IKP004").unwrap();
    assert_eq!(
        ikp004["helpUri"],
        "https://github.com/ikp-lint/ikp/blob/main/docs/rules.md#ikp004"
    );
    assert!(
        ikp004["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("## Vad den gör")
    );
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().all(|r| {
        r["partialFingerprints"]["ikpFingerprint/v1"]
            .as_str()
            .is_some_and(|p| p.len() == 32)
    }));
    let uri = |r: &serde_json::Value| {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    let ikp004 = |file: &str| {
        results
            .iter()
            .find(|r| r["ruleId"] == "IKP004" && uri(r) == file)
            .expect("risk 70 of Servicenämnden lacks its scores")
    };
    let result = ikp004("examples/stockholm/servicenamnden/2025/plan.yaml");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        609
    );
    // Its workbook twin: the region is the cell (row 70, column A) and the message names it.
    let result = ikp004("examples/stockholm/servicenamnden/2025/plan.xlsx");
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(70), Some(1))
    );
    assert!(
        result["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with("VoR!A70: risk 70 saknar sannolikhet, konsekvens, riskvärde")
    );
}

#[test]
fn junit_of_the_bundled_examples_validates_against_the_junit_xsd() {
    if !require_tool(xmlschema_available(), "Python-paketet xmlschema") {
        return;
    }
    let run = ikp(&repo_root(), &["check", "examples/", "--format", "junit"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let xsd = repo_root().join("tests/external-schemas/JUnit.xsd");
    if let Err(why) = validate_xml(&run.stdout, &xsd) {
        panic!("JUnit is not valid: {why}\n{}", run.stdout);
    }
    assert!(run.stdout.contains(
        "<failure message=\"risk 70 saknar sannolikhet, konsekvens, riskvärde\" type=\"IKP004\">"
    ));
    assert!(run.stdout.contains("timestamp=\"2025-01-01T12:00:00\""));
}

#[test]
fn paths_with_spaces_and_swedish_letters_work_in_every_format() {
    let repo = alvsjo_repository();
    let dir = repo.path();

    // SARIF: percent-encoded relative URIs, relatedLocations, valid.
    let run = ikp(dir, &["check", "--format", "sarif"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let sarif = json(&run.stdout);
    if let Err(errors) = validate_sarif(&sarif) {
        panic!("SARIF is not valid:\n{}", errors.join("\n"));
    }
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(uris.contains(
        &"%C3%84lvsj%C3%B6%20stadsdelsn%C3%A4mnd/2025/internkontrollplan%202025%2C%20rev%202.yaml"
    ));
    assert!(
        uris.contains(&"%C3%84lvsj%C3%B6%20stadsdelsn%C3%A4mnd/2025/uppf%C3%B6ljning%20T1.yaml")
    );
    let duplicate = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "IKP903")
        .expect("the duplicate key is reported");
    assert_eq!(
        duplicate["relatedLocations"][0]["physicalLocation"]["region"]["startLine"],
        10
    );

    // GitHub: the file property escapes the comma; the path itself is plain.
    let run = ikp(dir, &["check", "--format", "github"]);
    assert!(run.stdout.contains(
        "::error file=Älvsjö stadsdelsnämnd/2025/internkontrollplan 2025%2C rev 2.yaml,line=15,col=9,"
    ), "{}", run.stdout);

    // GitLab: plain relative paths.
    let run = ikp(dir, &["check", "--format", "gitlab"]);
    let issues = json(&run.stdout);
    let paths: Vec<&str> = issues
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["location"]["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&PLAN_PATH), "{paths:?}");
    assert!(paths.contains(&FOLLOW_UP_PATH), "{paths:?}");

    // JSON and human name the file as given.
    let run = ikp(dir, &["check", "--format", "json"]);
    assert!(run.stdout.contains("internkontrollplan 2025, rev 2.yaml"));
    let run = ikp(dir, &["check", "--color", "never"]);
    assert!(
        run.stdout.contains("uppföljning T1.yaml:11:9"),
        "{}",
        run.stdout
    );

    // JUnit: valid with these names too.
    if require_tool(xmlschema_available(), "Python-paketet xmlschema") {
        let run = ikp(dir, &["check", "--format", "junit"]);
        let xsd = repo_root().join("tests/external-schemas/JUnit.xsd");
        if let Err(why) = validate_xml(&run.stdout, &xsd) {
            panic!("JUnit is not valid: {why}\n{}", run.stdout);
        }
        assert!(
            run.stdout
                .contains("<testsuite name=\"Älvsjö stadsdelsnämnd/2025/uppföljning T1.yaml\"")
        );
    }
}

#[test]
fn files_outside_the_working_directory_get_absolute_file_uris() {
    let repo = alvsjo_repository();
    let plan = repo.path().join(PLAN_PATH);
    let elsewhere = tempfile::tempdir().unwrap();
    let run = ikp(
        elsewhere.path(),
        &["check", plan.to_str().unwrap(), "--format", "sarif"],
    );
    let sarif = json(&run.stdout);
    validate_sarif(&sarif).unwrap();
    let uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        ["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert!(uri.starts_with("file:///"), "{uri}");
    assert!(
        uri.ends_with("/%C3%84lvsj%C3%B6%20stadsdelsn%C3%A4mnd/2025/internkontrollplan%202025%2C%20rev%202.yaml"),
        "{uri}"
    );
}

#[test]
fn output_file_gets_the_report_and_the_terminal_the_summary() {
    let repo = alvsjo_repository();
    let dir = repo.path();
    let stdout_report = ikp(dir, &["check", "--format", "gitlab"]).stdout;
    let run = ikp(
        dir,
        &[
            "check",
            "--format",
            "gitlab",
            "--output",
            "rapporter/kodkvalitet.json",
        ],
    );
    // The directory does not exist: exit 2, nothing written anywhere.
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("katalogen «rapporter» finns inte"),
        "{}",
        run.stderr
    );
    assert!(!dir.join("rapporter").exists());

    std::fs::create_dir(dir.join("rapporter")).unwrap();
    let run = ikp(
        dir,
        &[
            "check",
            "--format",
            "gitlab",
            "--output",
            "rapporter/kodkvalitet.json",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let written = std::fs::read_to_string(dir.join("rapporter/kodkvalitet.json")).unwrap();
    assert_eq!(written, stdout_report);
    assert_eq!(
        run.stdout.trim(),
        "1 dokument i 2 filer: 3 fel, 0 varningar, 0 info; 0 undantagna fynd; 0 kända fynd i baslinjen; 0 filer var inte ikp-dokument; 1 fil kunde inte kontrolleras (reglerna kördes inte)"
    );
    let names: Vec<String> = std::fs::read_dir(dir.join("rapporter"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["kodkvalitet.json"], "no temporary file is left");

    // Human output to a file: the full report, without colour codes.
    let run = ikp(dir, &["check", "--output", "rapporter/granskning.txt"]);
    assert_eq!(run.code, 1);
    let text = std::fs::read_to_string(dir.join("rapporter/granskning.txt")).unwrap();
    assert!(text.contains("fel[IKP004]: risk 2 saknar sannolikhet, riskvärde"));
    assert!(!text.contains('\u{1b}'));
}

#[test]
fn output_to_a_directory_or_an_unwritable_place_or_a_checked_file_is_refused() {
    let repo = alvsjo_repository();
    let dir = repo.path();
    let run = ikp(
        dir,
        &[
            "check",
            "--format",
            "sarif",
            "--output",
            "Älvsjö stadsdelsnämnd",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("är en katalog"), "{}", run.stderr);

    #[cfg(target_os = "linux")]
    {
        let run = ikp(
            dir,
            &["check", "--format", "sarif", "--output", "/sys/ikp.sarif"],
        );
        assert_eq!(run.code, 2);
        assert!(
            run.stderr.contains("kan inte skriva «/sys/ikp.sarif»"),
            "{}",
            run.stderr
        );
    }

    let run = ikp(dir, &["check", "--format", "json", "--output", PLAN_PATH]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("ikp skriver aldrig över dem"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.join(PLAN_PATH)).unwrap(),
        PLAN_ALVSJO
    );
}

/// A risk register of 120 risks, none assessed: more findings than any CI service annotates.
fn big_register() -> String {
    let mut plan =
        String::from("typ: plan\nkommun: Stockholm\nnämnd: Servicenämnden\når: 2026\nrisker:\n");
    for nr in 1..=120 {
        plan.push_str(&format!(
            "  - nr: {nr}\n    process: Kontaktcentertjänst\n    händelse: Felaktig information lämnas till berörd person ({nr})\n"
        ));
    }
    plan
}

#[test]
fn exit_code_follows_fail_on_and_never_the_number_of_annotations() {
    let repo = repository(&[("servicenamnden/2026/plan.yaml", &big_register())]);
    let dir = repo.path();
    let run = ikp(dir, &["check", "--format", "github"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout
            .lines()
            .filter(|l| l.starts_with("::error "))
            .count(),
        120
    );
    assert!(run.stderr.contains("120 fel"), "{}", run.stderr);
    for (level, code) in [("error", 1), ("warning", 1), ("info", 1), ("never", 0)] {
        let run = ikp(dir, &["check", "--format", "github", "--fail-on", level]);
        assert_eq!(run.code, code, "--fail-on {level}");
    }
    // A warning only fails from --fail-on warning down.
    std::fs::write(
        dir.join("ikp.toml"),
        "profil = \"stockholm\"\n[regler]\nIKP004 = \"varning\"\n",
    )
    .unwrap();
    for (level, code) in [("error", 0), ("warning", 1), ("info", 1), ("never", 0)] {
        let run = ikp(dir, &["check", "--format", "sarif", "--fail-on", level]);
        assert_eq!(run.code, code, "--fail-on {level}: {}", run.stderr);
    }
}

#[test]
fn junit_fails_only_at_the_fail_level_and_lists_the_rest() {
    let repo = alvsjo_repository();
    let dir = repo.path();
    std::fs::write(
        dir.join("ikp.toml"),
        "profil = \"stockholm\"\n[regler]\nIKP004 = \"varning\"\n",
    )
    .unwrap();
    let run = ikp(dir, &["check", "--format", "junit"]);
    assert!(run.stdout.contains("<testcase name=\"IKP004 saknad-riskbedomning\" classname=\"Stockholm.Älvsjö stadsdelsnämnd.2025.plan\" time=\"0\"/>"), "{}", run.stdout);
    assert!(run.stdout.contains("(under gränsen för --fail-on)"));
    let run = ikp(dir, &["check", "--format", "junit", "--fail-on", "warning"]);
    assert!(
        run.stdout.contains(
            "<failure message=\"risk 2 saknar sannolikhet, riskvärde (+1 fler)\" type=\"IKP004\">"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn output_is_deterministic_across_runs_and_thread_counts() {
    for format in ["sarif", "junit", "github", "gitlab", "json", "human"] {
        let one = ikp_env(
            &repo_root(),
            &["check", "examples/", "--format", format, "--color", "never"],
            &[("RAYON_NUM_THREADS", "1")],
        );
        let two = ikp_env(
            &repo_root(),
            &["check", "examples/", "--format", format, "--color", "never"],
            &[("RAYON_NUM_THREADS", "2")],
        );
        let again = ikp(
            &repo_root(),
            &["check", "examples/", "--format", format, "--color", "never"],
        );
        assert_eq!(one.stdout, two.stdout, "{format}");
        assert_eq!(one.stdout, again.stdout, "{format}");
    }
}

#[test]
fn github_annotations_as_a_reviewer_sees_them() {
    let repo = alvsjo_repository();
    let run = ikp(repo.path(), &["check", "--format", "github"]);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn gitlab_code_quality_as_gitlab_reads_it() {
    let repo = alvsjo_repository();
    let run = ikp(repo.path(), &["check", "--format", "gitlab"]);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn junit_as_a_ci_server_reads_it() {
    let repo = alvsjo_repository();
    let run = ikp(repo.path(), &["check", "--format", "junit"]);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn sarif_results_as_code_scanning_reads_them() {
    let repo = alvsjo_repository();
    let run = ikp(repo.path(), &["check", "--format", "sarif"]);
    let sarif = json(&run.stdout);
    insta::assert_snapshot!(serde_json::to_string_pretty(&sarif["runs"][0]["results"]).unwrap());
}
