//! Snapshots of what a person sees. A change of wording shows up here for review
//! (`cargo insta review`).

use std::path::PathBuf;

use ikp_lint::engine::{CheckOptions, check};
use ikp_lint::finding::Lang;
use ikp_lint::render::human::render_to_string;

fn human(path: &str, lang: Lang) -> String {
    let options = CheckOptions {
        paths: vec![PathBuf::from(path)],
        config: None,
    };
    let report = check(&options).expect("configuration is valid");
    render_to_string(&report, lang)
}

#[test]
fn format_errors_in_swedish() {
    insta::assert_snapshot!(human("tests/fixtures/trasig", Lang::Sv));
}

#[test]
fn format_errors_in_english() {
    insta::assert_snapshot!(human("tests/fixtures/trasig", Lang::En));
}

#[test]
fn exemptions() {
    insta::assert_snapshot!(human("tests/fixtures/undantag", Lang::Sv));
}
