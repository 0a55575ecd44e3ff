//! Workbooks end to end through the real binary: the examples' workbook twins are generated
//! from their YAML (this test is the generator: `IKP_UPDATE_WORKBOOKS=1 cargo test --test
//! workbooks` rewrites them) and must give the same findings at the right cells.

use std::path::{Path, PathBuf};
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

#[allow(dead_code)]
fn _unused(_: &Path) {}
