//! Properties of the loader and the risk-value rules that must hold for every document, not
//! only for the examples: checked with `proptest` on generated plans and on arbitrary text.
//!
//! - no finding points outside its file, and every span lies on character boundaries;
//! - positions survive CRLF line endings and re-indentation: the same finding, at the same
//!   text, with the same line and column where only the line endings differ;
//! - what a finding is about (its subject: the basis of exemptions and baseline fingerprints)
//!   does not change when the document is only reformatted;
//! - IKP004 fires for exactly the risks that lack a score, naming exactly what is missing.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use ikp_lint::engine::{Report, check_sources};
use ikp_lint::source::SourceFile;
use ikp_lint::tree::{self, Limits, Node, Value};
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct Risk {
    event: String,
    likelihood: Option<i64>,
    consequence: Option<i64>,
    risk_value: Option<i64>,
}

#[derive(Debug, Clone)]
struct Plan {
    committee: String,
    risks: Vec<Risk>,
}

/// How a plan is written out: the same content, formatted differently.
#[derive(Debug, Clone, Copy)]
struct Style {
    indent: usize,
    crlf: bool,
    reversed_keys: bool,
    comments: bool,
}

const PLAIN: Style = Style {
    indent: 2,
    crlf: false,
    reversed_keys: false,
    comments: false,
};

/// Text as people write it in plans: Swedish letters, punctuation, now and then a sign from
/// outside the Basic Multilingual Plane.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-ZåäöÅÄÖé0-9 ,.:#'\"-]{1,12}( [a-zåäö€𝄞–]{1,10}){0,4}"
}

fn score() -> impl Strategy<Value = Option<i64>> {
    prop::option::weighted(0.8, 1i64..=5)
}

fn plan() -> impl Strategy<Value = Plan> {
    let risk = (text(), score(), score(), score()).prop_map(|(event, s, k, rv)| Risk {
        event,
        likelihood: s,
        consequence: k,
        risk_value: rv.and(s.zip(k).map(|(s, k)| s * k)).or(rv),
    });
    (text(), prop::collection::vec(risk, 1..8))
        .prop_map(|(committee, risks)| Plan { committee, risks })
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn render(plan: &Plan, style: Style) -> String {
    let pad = |level: usize| " ".repeat(level * style.indent);
    let mut out = String::new();
    if style.comments {
        out.push_str("# Internkontrollplan, utkast\n");
    }
    out.push_str("typ: plan\n");
    out.push_str(&format!("nämnd: {}\n", quoted(&plan.committee)));
    out.push_str("år: 2025\nrisker:\n");
    for (i, r) in plan.risks.iter().enumerate() {
        let mut fields = vec![
            format!("nr: {}", i + 1),
            format!("händelse: {}", quoted(&r.event)),
        ];
        for (name, v) in [
            ("sannolikhet", r.likelihood),
            ("konsekvens", r.consequence),
            ("riskvärde", r.risk_value),
        ] {
            if let Some(v) = v {
                fields.push(format!("{name}: {v}"));
            }
        }
        if style.reversed_keys {
            fields.reverse();
        }
        for (j, field) in fields.iter().enumerate() {
            let lead = if j == 0 {
                format!("{}- ", pad(1))
            } else {
                format!("{}  ", pad(1))
            };
            out.push_str(&lead);
            out.push_str(field);
            out.push('\n');
            if style.comments && j == 0 {
                out.push_str(&format!("{}  # bedömd av controller\n", pad(1)));
            }
        }
    }
    if style.crlf {
        out = out.replace('\n', "\r\n");
    }
    out
}

fn check(text: &str) -> Report {
    check_sources(vec![(PathBuf::from("plan.yaml"), text.to_string())], None).unwrap()
}

/// Every label of every finding lies inside its file and on character boundaries.
fn assert_labels_in_bounds(report: &Report) -> Result<(), TestCaseError> {
    for f in report
        .findings
        .iter()
        .chain(report.exempted.iter().map(|e| &e.finding))
    {
        for label in std::iter::once(&f.primary).chain(&f.secondary) {
            let file = report
                .file(label.file)
                .expect("the label's file is in the report");
            let range = label.span.range();
            prop_assert!(
                range.start <= range.end && range.end <= file.text.len(),
                "{f}: {range:?}"
            );
            prop_assert!(
                file.text.is_char_boundary(range.start) && file.text.is_char_boundary(range.end),
                "{f}: {range:?} splits a character"
            );
        }
    }
    Ok(())
}

/// (rule, subject, message, the text the finding points at): what must not change when a
/// document is only reformatted.
fn essence(report: &Report) -> BTreeSet<(String, String, String, String, String)> {
    report
        .findings
        .iter()
        .map(|f| {
            let file = report.file(f.primary.file).unwrap();
            (
                f.rule.to_string(),
                f.subject.entity.clone(),
                f.subject.content.clone(),
                f.message.sv.clone(),
                file.slice(f.primary.span).to_string(),
            )
        })
        .collect()
}

fn positions(report: &Report) -> Vec<(String, usize, usize)> {
    report
        .findings
        .iter()
        .map(|f| {
            let at = report
                .file(f.primary.file)
                .unwrap()
                .line_col(f.primary.span.start as usize);
            (f.rule.to_string(), at.line, at.column)
        })
        .collect()
}

/// Every node of a parsed tree, keys included.
fn nodes(node: &Node, out: &mut Vec<Node>) {
    out.push(node.clone());
    match &node.value {
        Value::Seq(items) => items.iter().for_each(|n| nodes(n, out)),
        Value::Map(entries) => {
            for e in entries {
                nodes(&e.key, out);
                nodes(&e.value, out);
            }
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn findings_point_inside_their_file(plan in plan(), crlf: bool, indent in 2usize..5) {
        let style = Style { indent, crlf, ..PLAIN };
        let report = check(&render(&plan, style));
        assert_labels_in_bounds(&report)?;
    }

    #[test]
    fn arbitrary_text_never_breaks_the_loader(text in "(?s).{0,400}") {
        let report = check(&text);
        assert_labels_in_bounds(&report)?;
    }

    #[test]
    fn near_miss_yaml_never_breaks_the_loader(
        lines in prop::collection::vec(
            "(typ: plan|nämnd: [a-zä]{1,5}|år: [0-9]{1,5}|risker:|  - nr: [0-9]{1,3}|    sannolikhet: [0-9a-z]{0,2}|  [&*!|>{}\\[\\]-]{1,3} ?[a-z]{0,3}|\t|\u{feff}|\r)",
            0..30,
        )
    ) {
        let report = check(&lines.join("\n"));
        assert_labels_in_bounds(&report)?;
    }

    #[test]
    fn spans_of_the_tree_are_exact_and_on_character_boundaries(plan in plan(), crlf: bool) {
        let text = render(&plan, Style { crlf, ..PLAIN });
        let file = SourceFile::new(Path::new("plan.yaml"), text.clone());
        let root = tree::parse(&file, &Limits::default()).unwrap().unwrap();
        let mut all = Vec::new();
        nodes(&root, &mut all);
        for node in &all {
            let range = node.span.range();
            prop_assert!(range.end <= text.len());
            prop_assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        }
        // A quoted event's span is its quoted text; a number's span is its digits.
        for node in &all {
            match &node.value {
                Value::Str(s) if text[node.span.range()].starts_with('"') => {
                    prop_assert_eq!(&text[node.span.range()], quoted(s));
                }
                Value::Int(i) => prop_assert_eq!(&text[node.span.range()], i.to_string()),
                _ => {}
            }
        }
    }

    #[test]
    fn crlf_line_endings_keep_every_position(plan in plan()) {
        let lf = check(&render(&plan, PLAIN));
        let crlf = check(&render(&plan, Style { crlf: true, ..PLAIN }));
        prop_assert_eq!(positions(&lf), positions(&crlf));
        prop_assert_eq!(essence(&lf), essence(&crlf));
    }

    #[test]
    fn reformatting_keeps_what_findings_are_about(
        plan in plan(),
        indent in 2usize..5,
        reversed_keys: bool,
        comments: bool,
        crlf: bool,
    ) {
        let before = check(&render(&plan, PLAIN));
        let after = check(&render(&plan, Style { indent, crlf, reversed_keys, comments }));
        prop_assert_eq!(essence(&before), essence(&after));
    }

    #[test]
    fn ikp004_fires_for_exactly_the_risks_that_lack_a_score(plan in plan()) {
        let report = check(&render(&plan, PLAIN));
        let mut expected = BTreeSet::new();
        for (i, r) in plan.risks.iter().enumerate() {
            let missing: Vec<&str> = [
                (r.likelihood, "sannolikhet"),
                (r.consequence, "konsekvens"),
                (r.risk_value, "riskvärde"),
            ]
            .iter()
            .filter(|(v, _)| v.is_none())
            .map(|(_, name)| *name)
            .collect();
            if !missing.is_empty() {
                expected.insert(format!("risk {} saknar {}", i + 1, missing.join(", ")));
            }
        }
        let found: BTreeSet<String> = report
            .findings
            .iter()
            .filter(|f| f.rule == "IKP004")
            .map(|f| f.message.sv.clone())
            .collect();
        prop_assert_eq!(found, expected);
    }
}
