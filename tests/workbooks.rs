//! Workbooks end to end through the real binary: the examples' workbook twins are generated
//! from their YAML (this test is the generator: `IKP_UPDATE_WORKBOOKS=1 cargo test --test
//! workbooks` rewrites them) and must give the same findings at the right cells.

use std::path::PathBuf;
use std::process::Command;

use ikp_lint::config::Config;
use ikp_lint::source::SourceFile;
use ikp_lint::tree::{Limits, parse};
use ikp_lint::workbook::write::{self, PlanLayout};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn yaml(path: &str) -> ikp_lint::tree::Node {
    let path = root().join(path);
    let text = std::fs::read_to_string(&path).unwrap();
    let source = SourceFile::new(&path, text);
    parse(&source, &Limits::default()).unwrap().unwrap()
}

fn profile(toml: &str) -> ikp_lint::config::Profile {
    Config::load(&root().join(toml)).unwrap().profile
}

/// The workbook twins of the examples and how each is made.
fn twins() -> Vec<(&'static str, Vec<u8>)> {
    let stockholm = profile("examples/stockholm/ikp.toml");
    let fyrgradig = profile("examples/it-forvaltningen/ikp.toml");
    let mut plan003 = yaml("examples/it-forvaltningen/2019/plan.yaml");
    let _ = &mut plan003;
    let mut follow003 = yaml("examples/it-forvaltningen/2019/uppfoljning.yaml");
    // The twin follows up the twin plan.
    if let ikp_lint::tree::Value::Map(entries) = &mut follow003.value
        && let Some(e) = entries.iter_mut().find(|e| e.key.as_str() == Some("plan"))
    {
        e.value.value = ikp_lint::tree::Value::Str("plan.xlsx".into());
    }
    vec![
        (
            "examples/stockholm/servicenamnden/2025/plan.xlsx",
            write::plan(
                &yaml("examples/stockholm/servicenamnden/2025/plan.yaml"),
                PlanLayout::TwoSheets,
                &stockholm,
                false,
            )
            .unwrap(),
        ),
        (
            "examples/it-forvaltningen/2019/plan.xlsx",
            write::plan(&plan003, PlanLayout::OneSheet, &fyrgradig, false).unwrap(),
        ),
        (
            "examples/it-forvaltningen/2019/uppfoljning.xlsx",
            write::follow_up(&follow003, &fyrgradig, false).unwrap(),
        ),
    ]
}

#[test]
fn the_example_workbooks_are_up_to_date() {
    let update = std::env::var_os("IKP_UPDATE_WORKBOOKS").is_some();
    for (path, bytes) in twins() {
        let full = root().join(path);
        if update {
            std::fs::write(&full, &bytes).unwrap();
            continue;
        }
        let committed = std::fs::read(&full).unwrap_or_default();
        assert!(
            committed == bytes,
            "{path} is not what its YAML gives; run IKP_UPDATE_WORKBOOKS=1 cargo test --test workbooks"
        );
    }
}

fn ikp() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ikp"))
}

fn run(args: &[&str]) -> (String, i32) {
    let out = ikp().args(args).current_dir(root()).output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// (rule, fingerprint, cell) of every finding of a run in JSON.
fn findings(args: &[&str]) -> Vec<(String, String, String)> {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let (out, _) = run(&all);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut v: Vec<_> = doc["findings"]
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
                f["fingerprint"].as_str().unwrap().to_string(),
                cell,
            )
        })
        .collect();
    v.sort();
    v
}

fn without_cells(v: Vec<(String, String, String)>) -> Vec<(String, String)> {
    v.into_iter().map(|(r, f, _)| (r, f)).collect()
}

#[test]
fn each_twin_finds_what_its_yaml_finds_with_the_same_fingerprints() {
    for stem in [
        "examples/stockholm/servicenamnden/2025/plan",
        "examples/it-forvaltningen/2019/plan",
        "examples/it-forvaltningen/2019/uppfoljning",
    ] {
        // A follow-up is checked with its plan: alone, its `plan:` link (plan.yaml in one,
        // plan.xlsx in the other) is an IKP092 warning whose content differs by design.
        let with_plan = |ext: &str| {
            let mut files = vec![format!("{stem}.{ext}")];
            if stem.ends_with("uppfoljning") {
                files.push(stem.replace("uppfoljning", &format!("plan.{ext}")));
            }
            files
        };
        let (yaml, xlsx) = (with_plan("yaml"), with_plan("xlsx"));
        let yaml = findings(&yaml.iter().map(String::as_str).collect::<Vec<_>>());
        let xlsx = findings(&xlsx.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(!yaml.is_empty(), "{stem}");
        assert!(
            xlsx.iter().all(|(_, _, cell)| !cell.is_empty()),
            "{stem}: {xlsx:?}"
        );
        assert_eq!(without_cells(yaml), without_cells(xlsx), "{stem}");
    }
}

#[test]
fn the_servicenamnden_twin_points_at_the_cells() {
    let xlsx = findings(&["examples/stockholm/servicenamnden/2025/plan.xlsx"]);
    let cells: Vec<(&str, &str)> = xlsx
        .iter()
        .map(|(r, _, c)| (r.as_str(), c.as_str()))
        .collect();
    assert_eq!(
        cells,
        [
            ("IKP002", "VoR!A43"),
            ("IKP004", "VoR!A70"),
            ("IKP007", "VoR!B7"),
            ("IKP013", "VoR!B4")
        ]
    );
}

#[test]
fn import_then_check_finds_what_the_workbook_finds() {
    let dir = tempfile::tempdir().unwrap();
    for (stem, name, toml) in [
        (
            "examples/stockholm/servicenamnden/2025/plan",
            "plan",
            "examples/stockholm/ikp.toml",
        ),
        (
            "examples/it-forvaltningen/2019/plan",
            "plan",
            "examples/it-forvaltningen/ikp.toml",
        ),
        (
            "examples/it-forvaltningen/2019/uppfoljning",
            "uppfoljning",
            "examples/it-forvaltningen/ikp.toml",
        ),
    ] {
        // The import sits beside a copy of the examples' ikp.toml so the same profile applies.
        let sub = dir.path().join(stem.replace('/', "_"));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::copy(root().join(toml), sub.join("ikp.toml")).unwrap();
        let out = sub.join(format!("{name}.yaml"));
        let (_, code) = run(&[
            "import",
            &format!("{stem}.xlsx"),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{stem}");
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.contains("  # "), "every item names its cell: {text}");
        let imported = findings(&[out.to_str().unwrap()]);
        let workbook = findings(&[&format!("{stem}.xlsx")]);
        assert_eq!(without_cells(imported), without_cells(workbook), "{stem}");
    }
}

fn ikp_in(dir: &std::path::Path, args: &[&str]) -> (String, String, i32) {
    let out = ikp().args(args).current_dir(dir).output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn rules_of(json: &str) -> Vec<(String, String)> {
    let doc: serde_json::Value = serde_json::from_str(json).unwrap();
    let mut v: Vec<(String, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                format!(
                    "{}!{}",
                    f["sheet"].as_str().unwrap_or(""),
                    f["cell"].as_str().unwrap_or("")
                ),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn untouched_templates_say_only_what_is_still_empty() {
    let d = tempfile::tempdir().unwrap();
    for (kind, file, expected) in [
        (
            "plan",
            "plan.xlsx",
            vec![("IKP912", "VoR!A3"), ("IKP912", "VoR!A4")],
        ),
        (
            "ks-punkter",
            "ks.xlsx",
            vec![("IKP912", "KS-punkter!A2"), ("IKP912", "KS-punkter!A3")],
        ),
    ] {
        let (_, err, code) = ikp_in(
            d.path(),
            &["mall", kind, "--profil", "Stockholm", "-o", file],
        );
        assert_eq!(code, 0, "{err}");
        assert_eq!(err, format!("ikp: skrev {file}\n"));
        let (out, _, code) = ikp_in(d.path(), &["check", "--format", "json", file]);
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(r, c)| (r.to_string(), c.to_string()))
            .collect();
        assert_eq!(rules_of(&out), expected, "{kind}");
        assert_eq!(code, 1);
    }
}

#[test]
fn a_follow_up_template_from_a_plan_has_every_control_and_occasion() {
    let d = tempfile::tempdir().unwrap();
    let plan = root().join("examples/stockholm/servicenamnden/2025/plan.yaml");
    std::fs::copy(&plan, d.path().join("plan.yaml")).unwrap();
    let (_, err, code) = ikp_in(
        d.path(),
        &[
            "mall",
            "uppföljning",
            "--profil",
            "stockholm",
            "--plan",
            "plan.yaml",
            "-o",
            "uppföljning.xlsx",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (out, _, _) = ikp_in(d.path(), &["check", "--format", "json", "."]);
    let found = rules_of(&out);
    // 12 controls × T1, T2, VB: each occasion still lacks its status, nothing else is wrong
    // with the follow-up: no control forgotten (IKP105), none invented (IKP106).
    let missing: Vec<_> = found.iter().filter(|(r, _)| r == "IKP101").collect();
    assert_eq!(missing.len(), 36, "{found:?}");
    assert!(
        missing.iter().any(|(_, c)| c == "Uppföljning!A9"),
        "{found:?}"
    );
    let follow_up: Vec<_> = found
        .iter()
        .filter(|(r, c)| c.starts_with("Uppföljning!") && r != "IKP101")
        .collect();
    assert!(follow_up.is_empty(), "{follow_up:?}");
    // The same run also reads a workbook and a YAML plan side by side.
    assert!(found.iter().any(|(r, _)| r == "IKP002"), "{found:?}");
}

#[test]
fn a_municipality_names_its_own_columns_in_ikp_toml() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("ikp.toml"),
        "profil = \"stockholm\"\n[excel]\nkolumner = { \"Vad kan hända\" = \"händelse\", \"Bedömd sannolikhet\" = \"sannolikhet\" }\n",
    )
    .unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Risker").unwrap();
    ws.write_string(0, 0, "Nämnd:").unwrap();
    ws.write_string(0, 1, "Testnämnden").unwrap();
    ws.write_string(1, 0, "År:").unwrap();
    ws.write_number(1, 1, 2025.0).unwrap();
    ws.write_string(2, 0, "Fastställd:").unwrap();
    ws.write_string(2, 1, "2024-12-01").unwrap();
    for (c, h) in ["Nr", "Vad kan hända?", "Bedömd sannolikhet", "K", "RV"]
        .iter()
        .enumerate()
    {
        ws.write_string(4, c as u16, *h).unwrap();
    }
    for (c, v) in [1.0, 0.0, 2.0, 2.0, 5.0].iter().enumerate() {
        if c == 1 {
            ws.write_string(5, 1, "Mutor").unwrap();
        } else {
            ws.write_number(5, c as u16, *v).unwrap();
        }
    }
    wb.save(d.path().join("plan.xlsx")).unwrap();
    let (out, _, _) = ikp_in(d.path(), &["check", "--format", "json", "plan.xlsx"]);
    assert_eq!(
        rules_of(&out),
        [("IKP003".to_string(), "Risker!E6".to_string())]
    );
}
