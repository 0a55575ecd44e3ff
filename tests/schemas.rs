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

/// Words that mark a description as English. Code in backticks is left out first (`true`,
/// `off`), and the list avoids words that are also Swedish ("in", "i", "for").
const ENGLISH: &[&str] = &[
    "the",
    "of",
    "and",
    "is",
    "are",
    "which",
    "when",
    "that",
    "with",
    "from",
    "this",
    "rather",
    "than",
    "each",
    "every",
    "it",
    "its",
    "be",
    "or",
    "to",
    "on",
    "an",
    "by",
    "not",
    "a",
    "exemption",
    "setting",
    "severity",
    "limits",
    "municipality",
    "phrases",
    "field",
    "value",
    "rule",
    "should",
    "must",
    "written",
    "given",
];

fn walk(stem: &str, pointer: &str, node: &serde_json::Value, problems: &mut Vec<String>) {
    match node {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::String(description)) = map.get("description") {
                let prose: String = description
                    .split('`')
                    .step_by(2)
                    .collect::<Vec<_>>()
                    .join(" ");
                let english: Vec<&str> = prose
                    .split(|c: char| !c.is_alphabetic())
                    .filter(|w| ENGLISH.contains(&w.to_lowercase().as_str()))
                    .collect();
                if !english.is_empty() {
                    problems.push(format!(
                        "{stem}{pointer}: English words {english:?} in «{description}»"
                    ));
                }
            }
            if map.get("default") == Some(&serde_json::Value::Null) {
                problems.push(format!(
                    "{stem}{pointer}: `default: null` (an editor would insert null)"
                ));
            }
            if map.contains_key("$ref") {
                problems.push(format!(
                    "{stem}{pointer}: a $ref (its definition's description would hide the field's)"
                ));
            }
            if let Some(serde_json::Value::Object(properties)) = map.get("properties") {
                for (name, property) in properties {
                    if property.get("description").is_none() {
                        problems.push(format!("{stem}{pointer}/{name}: no description"));
                    }
                }
            }
            for (key, value) in map {
                walk(stem, &format!("{pointer}/{key}"), value, problems);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(stem, &format!("{pointer}/{i}"), item, problems);
            }
        }
        _ => {}
    }
}

#[test]
fn every_schema_describes_every_field_in_swedish() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let mut problems = Vec::new();
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("schemas/ exists") {
        let path = entry.expect("readable entry").path();
        if path.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable schema");
        let schema: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
        let stem = path.file_name().unwrap_or_default().to_string_lossy();
        walk(&stem, "", &schema, &mut problems);
        seen += 1;
    }
    assert_eq!(seen, 4, "expected the four schemas in schemas/");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_english_word_check_finds_english() {
    let mut problems = Vec::new();
    let schema = serde_json::json!({
        "properties": {
            "regel": { "description": "An exemption from a rule." },
            "nr": { "type": "integer" },
            "ok": { "description": "Skriv `true` eller `false`." }
        }
    });
    walk("t", "", &schema, &mut problems);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].contains("nr: no description"), "{problems:?}");
    assert!(problems[1].contains("\"An\""), "{problems:?}");
}

/// Every `pattern` in the schemas, with where it is.
fn patterns(pointer: &str, node: &serde_json::Value, out: &mut Vec<(String, String)>) {
    match node {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::String(p)) = map.get("pattern") {
                out.push((pointer.to_string(), p.clone()));
            }
            for (k, v) in map {
                patterns(&format!("{pointer}/{k}"), v, out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                patterns(&format!("{pointer}/{i}"), v, out);
            }
        }
        _ => {}
    }
}

#[test]
fn editors_read_the_patterns_as_ikp_does() {
    // yaml-language-server compiles patterns as JavaScript regular expressions with the `u`
    // flag; ikp's validator must accept and refuse exactly the same spellings.
    if !common::require_tool("node") {
        return;
    }
    let samples = [
        "ja",
        "JA",
        "Ja",
        "nej",
        "Nej, endast VoR",
        "nej,  endast vor",
        "jä",
        "kanske",
        "Tillräcklig",
        "tillracklig",
        "INTE HELT TILLRÄCKLIG",
        "Otillräcklig",
        "bra",
        "plan",
        "Plan",
        "uppfoljning",
        "Uppföljning",
        "KS-punkter",
        "ks punkter",
        "",
    ];
    let mut found = Vec::new();
    for kind in DocKind::ALL {
        let schema: serde_json::Value =
            serde_json::from_str(&committed(kind.schema_stem())).expect("schema is JSON");
        patterns(kind.schema_stem(), &schema, &mut found);
    }
    assert!(
        found.len() >= 5,
        "expected the vocabulary patterns: {found:?}"
    );
    let script = "const [pats, samples] = JSON.parse(require('fs').readFileSync(0, 'utf8'));\
                  console.log(JSON.stringify(pats.map(p => samples.map(s => new RegExp(p, 'u').test(s)))));";
    let input = serde_json::json!([found.iter().map(|(_, p)| p).collect::<Vec<_>>(), samples]);
    let mut child = Command::new("node")
        .arg("-e")
        .arg(script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("node runs");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(input.to_string().as_bytes())
            .expect("written");
    }
    let out = child.wait_with_output().expect("node finishes");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let js: Vec<Vec<bool>> = serde_json::from_slice(&out.stdout).expect("node's answer");
    for ((at, pattern), js) in found.iter().zip(js) {
        let validator = jsonschema::validator_for(&serde_json::json!({ "pattern": pattern }))
            .expect("ikp compiles the pattern");
        for (sample, js) in samples.iter().zip(js) {
            assert_eq!(
                validator.is_valid(&serde_json::json!(sample)),
                js,
                "{at}: ikp and JavaScript disagree on «{sample}»"
            );
        }
    }
}
