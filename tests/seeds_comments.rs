//! IKP102 on the real documents: seed 003 reports "Större avvikelser" over comments that say
//! the control was not performed. The caret must be on the words that say so.

use std::path::PathBuf;

use ikp_lint::engine::{CheckOptions, check};

#[test]
fn seed_003_not_performed_under_major_deviation() {
    let report = check(&CheckOptions {
        paths: vec![PathBuf::from("examples/it-forvaltningen/2019")],
        config: None,
    })
    .expect("configuration is valid");
    // The directory also holds the workbook twins (uppfoljning.xlsx): the YAML findings first.
    let in_yaml = |f: &&ikp_lint::finding::Finding| {
        report.files[f.primary.file]
            .path
            .extension()
            .is_some_and(|e| e == "yaml")
    };
    let found: Vec<(usize, String, String)> = report
        .findings
        .iter()
        .filter(|f| f.rule == "IKP102")
        .filter(in_yaml)
        .map(|f| {
            let file = &report.files[f.primary.file];
            let at = file.line_col(f.primary.span.start as usize);
            (
                at.line,
                file.slice(f.primary.span).to_string(),
                f.message.sv.clone(),
            )
        })
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, 25);
    assert_eq!(found[0].1, "Ej genomförd");
    assert!(
        found[0].2.contains("kontrollen inte genomförts"),
        "{found:?}"
    );
    assert_eq!(found[1].0, 79);
    assert_eq!(found[1].1, "inte i dagsläget mäta");
    // The workbook twin: the same words, in the comment's cell.
    let twin: Vec<(String, String)> = report
        .findings
        .iter()
        .filter(|f| f.rule == "IKP102" && !in_yaml(f))
        .map(|f| {
            let file = &report.files[f.primary.file];
            let cell = file
                .cell_at(f.primary.span.start as usize)
                .unwrap()
                .to_string();
            (cell, file.slice(f.primary.span).to_string())
        })
        .collect();
    assert_eq!(
        twin,
        [
            ("Uppföljning!G9".to_string(), "Ej genomförd".to_string()),
            (
                "Uppföljning!G13".to_string(),
                "inte i dagsläget mäta".to_string()
            )
        ]
    );
}

#[test]
fn seed_000_missing_status_gets_a_suggestion_from_the_comment() {
    let report = check(&CheckOptions {
        paths: vec![PathBuf::from("examples/stockholm/servicenamnden/2024")],
        config: None,
    })
    .expect("configuration is valid");
    let suggestions: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.rule == "IKP101")
        .filter_map(|f| f.help.as_ref().map(|h| h.sv.as_str()))
        .filter(|h| h.starts_with("kommentaren tyder på statusen «Ej genomförd»"))
        .collect();
    // "Årlig genomgång …" and "Årlig uppföljning …": "har utgått i år … har inte genomförts".
    assert_eq!(suggestions.len(), 2, "{suggestions:?}");
}
