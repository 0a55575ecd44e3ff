//! The committed schemas are the ones the model generates, and every bundled example is
//! well-formed according to them — checked by an independent validator.

mod common;

use std::path::Path;
use std::process::Command;

use ikp_lint::model::DocKind;

fn committed(stem: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("schemas/{stem}.schema.json"));
    std::fs::read_to_string(&path).unwrap_or_default()
}

#[test]
fn committed_schemas_are_fresh() {
    let mut stale = Vec::new();
    for kind in DocKind::ALL {
        let generated = serde_json::to_string_pretty(&ikp_lint::schema::schema_for(kind)).unwrap();
        if committed(kind.schema_stem()).trim() != generated.trim() {
            stale.push(kind.schema_stem());
        }
    }
    let config = serde_json::to_string_pretty(&ikp_lint::schema::config_schema()).unwrap();
    if committed("config").trim() != config.trim() {
        stale.push("config");
    }
    assert!(
        stale.is_empty(),
        "stale schemas {stale:?}: regenerate with `cargo run -q -- schema <kind> > schemas/<stem>.schema.json`"
    );
}

fn examples() -> Vec<(std::path::PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
        .filter_map(|e| {
            let text = std::fs::read_to_string(e.path()).ok()?;
            let typ = text
                .lines()
                .find_map(|l| l.strip_prefix("typ: "))?
                .trim()
                .to_string();
            Some((e.path().to_path_buf(), typ))
        })
        .collect()
}

#[test]
fn every_example_validates_with_check_jsonschema() {
    if !common::require_tool("check-jsonschema") {
        return;
    }
    let found = examples();
    assert!(
        found.len() >= 7,
        "expected the transcribed seeds, found {found:?}"
    );
    for (path, typ) in found {
        let kind = DocKind::from_typ(&typ).expect("known typ");
        let schema = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("schemas/{}.schema.json", kind.schema_stem()));
        let out = Command::new("check-jsonschema")
            .arg("--schemafile")
            .arg(&schema)
            .arg(&path)
            .output()
            .expect("check-jsonschema runs");
        assert!(
            out.status.success(),
            "{} does not validate:\n{}{}",
            path.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
