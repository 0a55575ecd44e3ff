//! The browser page (`target/web/ikp.html`, built by `scripts/build-web`) in real Chromium,
//! opened from `file://` and driven by `tests/browser/check-page.mjs` (playwright-core):
//!
//! - given `examples/` as a folder it shows exactly the findings of
//!   `ikp check --format json examples/` (rule, file, lines, columns, entity, severity, the
//!   Swedish message and help) and the same summary line; in English too;
//! - what it saves (JSON, SARIF, the auditors' report as HTML and CSV) is byte for byte what
//!   the CLI writes;
//! - no request leaves the page, nothing is logged as an error, axe-core finds no serious or
//!   critical violation, the tab order reaches every control with a visible focus;
//! - a broken file, an alias bomb and a 20 MB file dropped with good files: each gets its
//!   finding, the good files theirs, and the main thread is never blocked for long.
//!
//! Needs the page, `chromium`, `node` and `tests/browser/node_modules` (`scripts/build-web`,
//! `scripts/install-test-tools.sh`). Without them the test fails under CI (`CI` set) and is
//! skipped, loudly, elsewhere. `IKP_WEB_SCREENSHOT=docs/webb.png` saves the screenshot.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const DRIVER: &str = "tests/browser/check-page.mjs";
const PAGE: &str = "target/web/ikp.html";

fn chromium() -> PathBuf {
    std::env::var_os("IKP_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

fn missing_tools() -> Vec<String> {
    let mut missing = Vec::new();
    if !Path::new(PAGE).is_file() {
        missing.push(format!("{PAGE} (scripts/build-web)"));
    }
    if !chromium().is_file() {
        missing.push(format!("chromium ({})", chromium().display()));
    }
    if !Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        missing.push("node".to_string());
    }
    for module in ["playwright-core", "axe-core"] {
        let path = format!("tests/browser/node_modules/{module}/package.json");
        if !Path::new(&path).is_file() {
            missing.push(format!("tests/browser/node_modules/{module}"));
        }
    }
    missing
}

fn tools_present(test: &str) -> bool {
    let missing = missing_tools();
    if missing.is_empty() {
        return true;
    }
    let what = missing.join(", ");
    if std::env::var_os("CI").is_some() {
        panic!("{test}: missing {what}; run scripts/build-web and scripts/install-test-tools.sh");
    }
    eprintln!("\n*** SKIPPED {test}: missing {what} ***\n");
    false
}

/// Run the driver and return what it saw; the driver's own failure fails the test.
fn drive(args: &[&str]) -> Value {
    let out = Command::new("node")
        .arg(DRIVER)
        .arg(PAGE)
        .args(args)
        // The page dates the report with the local date, the CLI with UTC's.
        .env("TZ", "UTC")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let seen: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "driver output is not JSON ({e}):\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert!(
        seen["error"].is_null(),
        "the driver failed: {}",
        seen["error"]
    );
    seen
}

fn ikp(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_ikp"))
        .current_dir(dir)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(out.status.code().is_some_and(|c| c <= 2), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The CLI's last line in human form: the summary.
fn summary(dir: &Path, paths: &[&str], lang: &str) -> String {
    let mut args = vec!["check", "--color", "never", "--lang", lang];
    args.extend(paths);
    let text = ikp(dir, &args, &[]);
    text.lines().last().unwrap_or("").to_string()
}

/// The CLI's findings in the fields the page shows.
fn cli_findings(json: &Value) -> Vec<Value> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            serde_json::json!({
                "rule": f["rule"], "file": f["file"], "line": f["line"], "column": f["column"],
                "end_line": f["end_line"], "end_column": f["end_column"], "entity": f["entity"],
                "severity": f["severity"], "message": f["message"], "help": f["help"],
            })
        })
        .collect()
}

/// The page's findings in the same fields (help without its "Åtgärd: " heading).
fn page_findings(seen: &Value, help_heading: &str) -> Vec<Value> {
    seen["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let help = f["help"]
                .as_str()
                .map(|h| Value::from(h.strip_prefix(help_heading).unwrap_or(h)))
                .unwrap_or(Value::Null);
            serde_json::json!({
                "rule": f["rule"], "file": f["file"], "line": f["line"], "column": f["column"],
                "end_line": f["end_line"], "end_column": f["end_column"], "entity": f["entity"],
                "severity": f["severity"], "message": f["message"], "help": help,
            })
        })
        .collect()
}

/// The CLI's messages render `code` as plain backticks; the page shows them as code: compare
/// the text without them.
fn without_backticks(v: Vec<Value>) -> Vec<Value> {
    v.into_iter()
        .map(|mut f| {
            for key in ["message", "help"] {
                if let Some(s) = f[key].as_str() {
                    f[key] = Value::from(s.replace('`', ""));
                }
            }
            f
        })
        .collect()
}

fn assert_clean(seen: &Value) {
    let requests = seen["requests"].as_array().unwrap();
    // The worker's script and the downloads are blob: URLs the page made itself, in memory.
    let outside: Vec<_> = requests
        .iter()
        .filter(|u| !u.as_str().unwrap_or("").starts_with("blob:null/"))
        .collect();
    assert!(outside.is_empty(), "requests left the page: {outside:?}");
    assert_eq!(seen["pageErrors"], Value::Array(vec![]), "{seen:#}");
    let errors: Vec<_> = seen["console"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["type"] == "error" || m["type"] == "warning")
        .collect();
    assert!(errors.is_empty(), "console: {errors:?}");
    let csp = seen["csp"].as_str().unwrap();
    for part in [
        "default-src 'none'",
        "connect-src 'none'",
        "worker-src blob:",
    ] {
        assert!(csp.contains(part), "{csp}");
    }
}

fn today_utc() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        / 86_400;
    let (mut y, mut d) = (1970i64, days as i64);
    loop {
        let len = if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 {
            366
        } else {
            365
        };
        if d < len {
            break;
        }
        d -= len;
        y += 1;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let months = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let mut m = 0;
    while d >= months[m] {
        d -= months[m];
        m += 1;
    }
    format!("{y:04}-{:02}-{:02}", m + 1, d + 1)
}

/// Copy a folder, leaving out workbooks.
fn copy_without_workbooks(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_without_workbooks(&path, &target);
        } else if !path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ["xlsx", "xlsm", "xls", "ods"].contains(&e))
        {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

#[test]
fn the_page_checks_the_examples_exactly_as_the_cli_does() {
    if !tools_present("the_page_checks_the_examples_exactly_as_the_cli_does") {
        return;
    }
    // The page is built without workbook support (the `excel` feature: zip needs wasm-bindgen
    // on wasm32), so both check a copy of examples/ without its workbook twins.
    let copy = tempfile::tempdir().unwrap();
    copy_without_workbooks(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples"),
        &copy.path().join("examples"),
    );
    let root = copy.path();
    let folder = root.join("examples");
    let folder = folder.to_str().unwrap();
    let saves = tempfile::tempdir().unwrap();
    let save_dir = saves.path().to_str().unwrap();
    let screenshot = std::env::var("IKP_WEB_SCREENSHOT").ok();
    let mut args = vec![
        "--folder",
        folder,
        "--save",
        "json,sarif,html,csv",
        "--save-dir",
        save_dir,
        "--axe",
        "--tabs",
        "--english",
    ];
    if let Some(path) = &screenshot {
        args.extend(["--screenshot", path]);
    }
    let seen = drive(&args);
    assert_clean(&seen);

    // The findings, one for one, in the CLI's order.
    let json_text = ikp(root, &["check", "--format", "json", "examples/"], &[]);
    let json: Value = serde_json::from_str(&json_text).unwrap();
    let expected = without_backticks(cli_findings(&json));
    assert_eq!(
        expected.len(),
        76,
        "the examples' findings changed: {json_text}"
    );
    assert_eq!(
        without_backticks(page_findings(&seen, "Åtgärd: ")),
        expected
    );
    assert_eq!(
        seen["summary"].as_str().unwrap(),
        summary(root, &["examples/"], "sv")
    );
    assert!(
        seen["summary"]
            .as_str()
            .unwrap()
            .starts_with("7 dokument i 9 filer: 62 fel, 14 varningar"),
        "{}",
        seen["summary"]
    );
    assert_eq!(seen["statusRole"], "status");
    // Every finding marks its span in the quoted lines.
    for f in seen["findings"].as_array().unwrap() {
        if f["file"] != "examples/ci/gitlab-ci.yml" {
            assert!(!f["marked"].as_array().unwrap().is_empty(), "{f}");
        }
    }
    // The plans' risk matrices.
    assert_eq!(seen["matrices"], 2, "{seen:#}");

    // In English.
    let json_en: Value = serde_json::from_str(&ikp(
        root,
        &["check", "--format", "json", "--lang", "en", "examples/"],
        &[],
    ))
    .unwrap();
    assert_eq!(
        seen["english"]["heading"],
        "ikp – review internal-control plans"
    );
    assert_eq!(
        seen["english"]["summary"].as_str().unwrap(),
        summary(root, &["examples/"], "en")
    );
    assert_eq!(
        without_backticks(page_findings(&seen["english"], "Fix: ")),
        without_backticks(cli_findings(&json_en))
    );

    // What it saves is what the CLI writes.
    let saved = |format: &str| {
        let path = seen["saved"][format]["path"].as_str().unwrap();
        std::fs::read_to_string(path).unwrap()
    };
    assert_eq!(saved("json"), json_text);
    // The same SARIF but for where the repository lies on disk: the CLI names its root's
    // `file://` URI in `originalUriBaseIds`, a page has no disk to name.
    let without_root = |text: &str| {
        let mut sarif: Value = serde_json::from_str(text).unwrap();
        sarif["runs"][0]
            .as_object_mut()
            .unwrap()
            .remove("originalUriBaseIds");
        sarif
    };
    assert_eq!(
        without_root(&saved("sarif")),
        without_root(&ikp(
            root,
            &["check", "--format", "sarif", "examples/"],
            &[]
        ))
    );
    let date = today_utc();
    let env = [("IKP_REPORT_DATE", date.as_str())];
    assert_eq!(saved("html"), ikp(root, &["report", "examples/"], &env));
    assert_eq!(
        saved("csv"),
        ikp(root, &["report", "--format", "csv", "examples/"], &env)
    );
    assert_eq!(seen["saved"]["html"]["name"], "ikp-rapport.html");

    // Accessibility: axe-core, and the keyboard.
    let serious: Vec<_> = seen["axe"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["impact"] == "serious" || v["impact"] == "critical")
        .collect();
    assert!(serious.is_empty(), "axe-core: {serious:#?}");
    let controls = seen["tabs"]["controls"].as_array().unwrap();
    let reached = seen["tabs"]["reached"].as_array().unwrap();
    for control in controls {
        let hit = reached.iter().find(|r| r["id"] == *control);
        let hit = hit.unwrap_or_else(|| panic!("Tab never reaches {control}: {reached:?}"));
        assert_eq!(hit["outline"], true, "no visible focus on {control}");
    }
    for id in [
        "lang", "files", "folder", "profile", "html", "csv", "json", "sarif",
    ] {
        assert!(
            controls.iter().any(|c| c == id),
            "control {id} missing: {controls:?}"
        );
    }
    eprintln!(
        "page timings (ms): {}; main thread's longest pause {} ms",
        seen["timings"], seen["mainThreadMaxGapMs"]
    );
}

#[test]
fn a_hostile_drop_gives_each_file_its_finding_and_keeps_the_page_responsive() {
    if !tools_present("a_hostile_drop_gives_each_file_its_finding_and_keeps_the_page_responsive") {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    write(
        "trasig.yaml",
        b"typ: plan\nnamnd: [Kultur\nrisker:\n  - nr: 1\n",
    );
    let mut bomb = String::from(
        "typ: plan\nnämnd: Bomben\når: 2025\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n",
    );
    for i in 1..12 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        bomb.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    write("bomb.yaml", bomb.as_bytes());
    let mut big =
        String::from("typ: plan\nkommun: Stor\nnämnd: Stora nämnden\når: 2025\nrisker:\n");
    let mut nr = 0;
    while big.len() < 20 * 1024 * 1024 {
        nr += 1;
        big.push_str(&format!(
            "  - nr: {nr}\n    händelse: Risk nummer {nr} i en mycket stor plan\n    sannolikhet: 2\n    konsekvens: 3\n"
        ));
    }
    write("stor.yaml", big.as_bytes());
    for name in ["plan.yaml", "uppfoljning.yaml"] {
        let text = std::fs::read(root.join("examples/it-forvaltningen/2019").join(name)).unwrap();
        write(name, &text);
    }
    let names = [
        "trasig.yaml",
        "bomb.yaml",
        "stor.yaml",
        "plan.yaml",
        "uppfoljning.yaml",
    ];
    let paths: Vec<String> = names
        .iter()
        .map(|n| dir.path().join(n).display().to_string())
        .collect();
    let seen = drive(&["--drop", &paths.join(","), "--timeout-ms", "120000"]);
    assert_clean(&seen);

    // The CLI, given the same files by name, finds the same.
    let mut args = vec!["check", "--format", "json"];
    args.extend(names);
    let json: Value = serde_json::from_str(&ikp(dir.path(), &args, &[])).unwrap();
    assert_eq!(
        without_backticks(page_findings(&seen, "Åtgärd: ")),
        without_backticks(cli_findings(&json))
    );
    let rules_of = |file: &str| -> Vec<String> {
        seen["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["file"] == file)
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(rules_of("trasig.yaml"), ["IKP901"]);
    assert_eq!(rules_of("bomb.yaml"), ["IKP902"]);
    assert_eq!(rules_of("stor.yaml"), ["IKP900"]);
    assert!(!rules_of("plan.yaml").is_empty(), "{seen:#}");
    assert!(!rules_of("uppfoljning.yaml").is_empty(), "{seen:#}");
    assert_eq!(
        seen["summary"].as_str().unwrap(),
        summary(dir.path(), &names, "sv")
    );
    // Checking ran in the worker: the main thread kept answering.
    let gap = seen["mainThreadMaxGapMs"].as_f64().unwrap();
    assert!(gap < 1000.0, "the main thread was blocked for {gap} ms");
    eprintln!(
        "hostile drop: main thread's longest pause {gap} ms; timings {}",
        seen["timings"]
    );
}
