//! Issue 10, parts 4 and 5, through the real binary: every file ikp writes goes through one
//! guarded, atomic write, and nothing a document contains reaches a terminal raw.

mod ci_common;

use std::path::Path;

use ci_common::*;

const CONFIG: &str = "profil = \"stockholm\"\n";

/// A repository with a plan and an `ikp.toml`. The shared fixture's follow-up has a duplicate
/// key, and a baseline is never written while a document's rules did not run (issue 10, part 2),
/// so it is left out here: these tests are about what may be written.
fn repo() -> tempfile::TempDir {
    let dir = repository(&[(PLAN_PATH, PLAN_ALVSJO)]);
    std::fs::write(dir.path().join("ikp.toml"), CONFIG).unwrap();
    dir
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn no_temporary_files(dir: &Path) {
    for entry in walk(dir) {
        let name = entry.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            !(name.starts_with(".ikp-") && name.ends_with(".tmp")),
            "temporary file left: {}",
            entry.display()
        );
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() && !path.is_symlink() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn report_onto_a_checked_plan_is_refused_and_the_plan_is_intact() {
    let repo = repo();
    let dir = repo.path();
    for args in [
        vec!["report", ".", "-o", PLAN_PATH],
        vec!["check", ".", "--format", "json", "-o", PLAN_PATH],
        vec!["baseline", "create", ".", "-o", PLAN_PATH],
    ] {
        let run = ikp(dir, &args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert_eq!(
            run.stderr.trim_end(),
            format!(
                "ikp: {PLAN_PATH} är en av filerna som kontrolleras; ikp skriver aldrig över dem: välj en annan fil"
            ),
            "{args:?}"
        );
        assert_eq!(
            std::fs::read_to_string(dir.join(PLAN_PATH)).unwrap(),
            PLAN_ALVSJO
        );
    }
    no_temporary_files(dir);
}

#[test]
fn the_config_and_the_baseline_in_use_are_never_written() {
    let repo = repo();
    let dir = repo.path();
    let run = ikp(dir, &["check", ".", "-o", "ikp.toml"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr.trim_end(),
        "ikp: ikp.toml är en konfigurationsfil (ikp.toml) för de kontrollerade filerna; ikp skriver aldrig över den: välj en annan fil"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("ikp.toml")).unwrap(),
        CONFIG
    );

    let run = ikp(
        dir,
        &["report", ".", "--config", "ikp.toml", "-o", "ikp.toml"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("ikp.toml")).unwrap(),
        CONFIG
    );

    let run = ikp(dir, &["baseline", "create", ".", "-o", "bl.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let baseline = std::fs::read_to_string(dir.join("bl.json")).unwrap();
    let run = ikp(
        dir,
        &[
            "check",
            ".",
            "--baseline",
            "bl.json",
            "--format",
            "json",
            "-o",
            "bl.json",
        ],
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr.trim_end(),
        "ikp: bl.json är baslinjen som används (--baseline); ikp skriver aldrig över den: välj en annan fil"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("bl.json")).unwrap(),
        baseline
    );
    // Pruning rewrites the baseline itself: that is its job.
    let run = ikp(dir, &["baseline", "prune", ".", "--baseline", "bl.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    no_temporary_files(dir);
}

#[cfg(unix)]
#[test]
fn a_symlink_is_refused_and_neither_it_nor_its_target_changes() {
    let repo = repo();
    let dir = repo.path();
    std::os::unix::fs::symlink(PLAN_PATH, dir.join("rapport.html")).unwrap();
    std::fs::write(dir.join("annan.txt"), "orörd").unwrap();
    std::os::unix::fs::symlink("annan.txt", dir.join("ut.json")).unwrap();
    let run = ikp(dir, &["report", ".", "-o", "rapport.html"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr.trim_end(),
        format!(
            "ikp: «rapport.html» är en symbolisk länk (till «{PLAN_PATH}»); ikp skriver inte genom länkar: ange målfilen direkt eller ta bort länken"
        )
    );
    let run = ikp(dir, &["check", ".", "--format", "json", "-o", "ut.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("är en symbolisk länk"),
        "{}",
        run.stderr
    );
    assert!(
        std::fs::symlink_metadata(dir.join("ut.json"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("annan.txt")).unwrap(),
        "orörd"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join(PLAN_PATH)).unwrap(),
        PLAN_ALVSJO
    );
    no_temporary_files(dir);
}

#[cfg(unix)]
#[test]
fn a_device_or_a_fifo_is_refused_and_left_in_place() {
    use std::os::unix::fs::FileTypeExt;
    let repo = repo();
    let dir = repo.path();
    let run = ikp(dir, &["check", ".", "-o", "/dev/null"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr.trim_end(),
        "ikp: «/dev/null» är ingen vanlig fil (en enhet, en namngiven pipe eller en socket); ikp skriver bara vanliga filer: välj en annan sökväg"
    );
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    let fifo = dir.join("rör");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let run = ikp(dir, &["report", ".", "-o", "rör"]);
        assert_eq!(run.code, 2);
        assert!(run.stderr.contains("är ingen vanlig fil"), "{}", run.stderr);
        assert!(
            std::fs::symlink_metadata(&fifo)
                .unwrap()
                .file_type()
                .is_fifo()
        );
    } else {
        assert!(std::env::var("CI").is_err(), "mkfifo is missing");
    }
    no_temporary_files(dir);
}

#[cfg(unix)]
#[test]
fn the_targets_permissions_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let repo = repo();
    let dir = repo.path();
    let out = dir.join("hemlig.json");
    std::fs::write(&out, "gammal").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o600)).unwrap();
    // Outside the checked folder, so it is neither an input nor ikp's own output.
    let checked = "Älvsjö stadsdelsnämnd";
    let run = ikp(
        dir,
        &["check", checked, "--format", "json", "-o", "hemlig.json"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let meta = std::fs::metadata(&out).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    assert!(std::fs::read_to_string(&out).unwrap().contains("\"tool\""));
    let run = ikp(
        dir,
        &["report", checked, "-o", "hemlig.json", "--format", "csv"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn its_own_output_in_the_checked_folder_is_replaced_on_the_next_run() {
    let repo = repo();
    let dir = repo.path();
    for (format, file) in [
        ("json", "ikp.json"),
        ("sarif", "ikp.sarif.json"),
        ("gitlab", "gl-code-quality-report.json"),
    ] {
        let first = ikp(dir, &["check", ".", "--format", format, "-o", file]);
        assert_eq!(first.code, 1, "{format}: {}", first.stderr);
        let findings = std::fs::read_to_string(dir.join(file)).unwrap();
        let again = ikp(dir, &["check", ".", "--format", format, "-o", file]);
        assert_eq!(again.code, 1, "{format} again: {}", again.stderr);
        // The output is no document: the same documents and findings every time.
        assert!(
            first.stdout.starts_with("1 dokument i "),
            "{}",
            first.stdout
        );
        assert!(
            again.stdout.starts_with("1 dokument i "),
            "{}",
            again.stdout
        );
        assert!(again.stdout.contains(": 2 fel, "), "{}", again.stdout);
        // The same findings (only the count of skipped files grows by the earlier outputs).
        let fingerprints = |text: &str| {
            text.lines()
                .filter(|l| l.contains("\"fingerprint\"") || l.contains("ikpFingerprint/v1"))
                .map(str::trim)
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        let now = std::fs::read_to_string(dir.join(file)).unwrap();
        assert_eq!(fingerprints(&now).len(), 2, "{format}");
        assert!(fingerprints(&now) == fingerprints(&findings), "{format}");
    }
    let before = names(dir);
    assert!(before.contains(&"ikp.json".to_string()), "{before:?}");
    no_temporary_files(dir);
    // A JSON file that only looks like ours but carries a `typ` is a document: refused.
    std::fs::write(
        dir.join("falsk.json"),
        r#"{"typ": "plan", "version": 1, "tool": {"name": "ikp"}}"#,
    )
    .unwrap();
    let run = ikp(dir, &["check", ".", "--format", "json", "-o", "falsk.json"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("ikp skriver aldrig över dem"),
        "{}",
        run.stderr
    );
}

/// SIGTERM at random moments during `report -o`: never a temporary file left, and the target
/// is either the old file or a whole new report.
#[cfg(unix)]
#[test]
fn sigterm_during_report_leaves_no_temporary_file() {
    let repo = repo();
    let dir = repo.path();
    // A bigger register makes the run long enough to be interrupted while writing.
    let big = ci_formats_big_register(3000);
    std::fs::write(dir.join("stor.yaml"), big).unwrap();
    std::fs::write(dir.join("rapport.html"), "gammal").unwrap();
    let mut interrupted = 0;
    for i in 0..60u64 {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ikp"))
            .args(["report", ".", "-o", "rapport.html"])
            .current_dir(dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(5 + (i * 37) % 400));
        // SAFETY-free: `kill` from the shell sends SIGTERM to the child's pid.
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let status = child.wait().unwrap();
        if !status.success() {
            interrupted += 1;
        }
        no_temporary_files(dir);
        let text = std::fs::read_to_string(dir.join("rapport.html")).unwrap();
        assert!(
            text == "gammal" || text.trim_end().ends_with("</html>"),
            "half a report: {} bytes",
            text.len()
        );
    }
    assert!(interrupted > 0, "no run was interrupted");
}

fn ci_formats_big_register(n: usize) -> String {
    let mut s =
        String::from("typ: plan\nkommun: Stockholm\nnämnd: Stora nämnden\når: 2025\nrisker:\n");
    for i in 1..=n {
        s.push_str(&format!(
            "  - nr: {i}\n    händelse: Risk nummer {i} med en lång beskrivning av vad som kan hända\n    sannolikhet: 3\n"
        ));
    }
    s
}

const FORGED: &str = "typ: plan\nkommun: Stockholm\nnämnd: \"N\\n::error file=forged.yaml,line=1::FORGED\\n::add-mask::ikp\\e[2J\\u202Eevil\\u200B\\rX\"\når: 2025\nrisker:\n  - nr: 1\n    händelse: Risk\n";

#[test]
fn document_text_never_starts_a_workflow_command_or_reaches_the_terminal_raw() {
    let repo = repository(&[("plan.yaml", FORGED)]);
    let dir = repo.path();
    let human = ikp(dir, &["check", "."]);
    assert_eq!(human.code, 1, "{}", human.stderr);
    for line in human.stdout.lines() {
        assert!(!line.starts_with("::"), "a forged workflow command: {line}");
    }
    assert!(human.stdout.contains("varning[IKP012]: riskanalysen för N\n ::error file=forged.yaml,line=1::FORGED\n ::add-mask::ikp␛[2J\\u{202E}evil\\u{200B}\\u{D}X 2025 har ingen risk som gäller oegentligheter\n"), "{}", human.stdout);
    let github = ikp(dir, &["check", ".", "--format", "github"]);
    assert_eq!(github.code, 1);
    let lines: Vec<&str> = github.stdout.lines().collect();
    // One workflow command per finding (IKP004, IKP012, IKP013), none forged.
    assert_eq!(lines.len(), 3, "{}", github.stdout);
    for line in &lines {
        assert!(
            ["::error file=plan.yaml,", "::warning file=plan.yaml,"]
                .iter()
                .any(|p| line.starts_with(p)),
            "{line}"
        );
    }
    for out in [&human.stdout, &github.stdout] {
        for raw in ['\u{1b}', '\u{202e}', '\u{200b}', '\r'] {
            assert!(!out.contains(raw), "raw {raw:?} in\n{out}");
        }
    }
}

/// Fingerprints of every format for the same run, in the findings' order.
fn fingerprints(dir: &Path, args: &[&str]) -> [Vec<String>; 3] {
    let run = |format: &str| {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--format", format]);
        let run = ikp(dir, &all);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        serde_json::from_str::<serde_json::Value>(&run.stdout).unwrap()
    };
    let sarif = run("sarif");
    let gitlab = run("gitlab");
    let json = run("json");
    let strings = |v: &serde_json::Value, key: &str| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.pointer(key).unwrap().as_str().unwrap().to_string())
            .collect()
    };
    [
        strings(
            &sarif["runs"][0]["results"],
            "/partialFingerprints/ikpFingerprint~1v1",
        ),
        strings(&gitlab, "/fingerprint"),
        strings(&json["findings"], "/fingerprint"),
    ]
}

#[test]
fn one_fingerprint_per_finding_the_same_in_every_format() {
    let [sarif, gitlab, json] = fingerprints(&repo_root(), &["check", "examples/"]);
    // 76 findings in the YAML examples and 24 in their workbook twins.
    assert_eq!(sarif.len(), 100);
    let unique: std::collections::HashSet<&String> = sarif.iter().collect();
    assert_eq!(
        unique.len(),
        sarif.len(),
        "two findings share a fingerprint"
    );
    assert_eq!(sarif, gitlab);
    assert_eq!(sarif, json);
}

/// A repository (with `.git`) holding a plan two folders down.
fn git_repository() -> tempfile::TempDir {
    let dir = repository(&[("stockholm/servicenamnden/2025/plan.yaml", PLAN_ALVSJO)]);
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

const PLAN_IN_REPO: &str = "stockholm/servicenamnden/2025/plan.yaml";

/// The path every CI format gives for the first finding.
fn paths(dir: &Path, target: &str) -> Vec<String> {
    let out = |format: &str| {
        let run = ikp(dir, &["check", target, "--format", format]);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        run.stdout
    };
    let value = |text: String| serde_json::from_str::<serde_json::Value>(&text).unwrap();
    let sarif = value(out("sarif"));
    let run = &sarif["runs"][0];
    let location = &run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(location["uriBaseId"], "%SRCROOT%");
    let base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        base.starts_with("file:///") && base.ends_with('/'),
        "{base}"
    );
    let github = out("github");
    let github_file = github
        .lines()
        .next()
        .unwrap()
        .split("file=")
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .to_string();
    let junit = out("junit");
    let junit_file = junit
        .split("<testsuite name=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    vec![
        location["uri"].as_str().unwrap().to_string(),
        value(out("gitlab"))[0]["location"]["path"]
            .as_str()
            .unwrap()
            .to_string(),
        github_file,
        junit_file,
        value(out("json"))["findings"][0]["file"]
            .as_str()
            .unwrap()
            .to_string(),
    ]
}

#[test]
fn paths_are_relative_to_the_repository_root_wherever_ikp_is_started() {
    let repo = git_repository();
    let root = repo.path();
    let expected = vec![PLAN_IN_REPO.to_string(); 5];
    assert_eq!(paths(root, "."), expected);
    assert_eq!(paths(&root.join("stockholm"), "."), expected);
    assert_eq!(
        paths(&root.join("stockholm/servicenamnden"), "2025/plan.yaml"),
        expected
    );
    let elsewhere = tempfile::tempdir().unwrap();
    assert_eq!(
        paths(elsewhere.path(), root.join("stockholm").to_str().unwrap()),
        expected
    );
    assert_eq!(
        paths(&root.join("stockholm"), "../stockholm/servicenamnden"),
        expected
    );
}

/// A plan of `n` risks, none assessed: `n` IKP004 findings.
fn unassessed(n: usize) -> String {
    let mut s = String::from(
        "typ: plan\nkommun: Stockholm\nnämnd: Stora nämnden\når: 2025\nfastställd: 2024-12-01\nrisker:\n",
    );
    for i in 1..=n {
        s.push_str(&format!(
            "  - nr: {i}\n    händelse: Mutor och jäv nummer {i}\n"
        ));
    }
    s
}

#[test]
fn findings_per_file_are_capped_with_one_summary_finding() {
    let repo = repository(&[("plan.yaml", &unassessed(10_500))]);
    let run = ikp(repo.path(), &["check", ".", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 10_001);
    let last = &findings[10_000];
    assert_eq!(last["rule"], "IKP904");
    assert_eq!(last["severity"], "error");
    assert_eq!(
        last["message"],
        "ytterligare 500 fynd i filen visas inte (500 fel, 0 varningar, 0 info): högst 10000 fynd per fil visas"
    );
    // It stands where the first finding not shown would have stood: risk 10,001.
    assert_eq!(last["line"], 4 + 2 + 2 * 10_000 + 1);
    assert!(findings[..10_000].iter().all(|f| f["rule"] == "IKP004"));
}

/// One 15 MB line holding 200 long values, each with a finding: the human output once
/// quoted the whole line 200 times (4.5 GB). The size is asserted, not the time.
#[test]
fn a_fifteen_megabyte_line_gives_bounded_output() {
    let text = "x".repeat(75_000);
    let mut line = String::from(r#"{"typ": "plan", "nämnd": "N", "år": 2025, "risker": ["#);
    for i in 0..200 {
        if i > 0 {
            line.push_str(", ");
        }
        line.push_str(&format!(
            r#"{{"nr": {}, "risk": "{text}", "sannolikhet": 9}}"#,
            i + 1
        ));
    }
    line.push_str("]}\n");
    assert!(line.len() > 15_000_000);
    let repo = repository(&[("plan.json", &line)]);
    let run = ikp(repo.path(), &["check", "."]);
    assert_eq!(run.code, 1, "{}", &run.stderr[..run.stderr.len().min(2000)]);
    assert_eq!(
        run.stdout.matches("fel[IKP911]: okänt fält «risk»").count(),
        200
    );
    assert!(
        run.stdout.len() < 200 * 1500,
        "{} bytes of output",
        run.stdout.len()
    );
    // Every quoted line is cut, the caret column stays right: the 200th «risk» key.
    let last_column = line.rfind("\"risk\"").unwrap() + 1;
    let last_column = line[..last_column].chars().count();
    assert!(
        run.stdout.contains(&format!("plan.json:1:{last_column}\n")),
        "no header for column {last_column}"
    );
    for l in run.stdout.lines().filter(|l| l.starts_with("1 │ ")) {
        assert!(l.chars().count() <= 4 + 2 + 200, "{}", l.chars().count());
    }
}
