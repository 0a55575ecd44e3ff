//! What a person sees for the plan rules' findings: a snapshot of the human output on a small
//! made-up plan (tests/fixtures/plan) with one flaw per rule shown, so that any change of
//! wording, caret or help is seen in review.

use ikp_lint::engine::{CheckOptions, check};
use ikp_lint::finding::Lang;
use ikp_lint::render::human::render_to_string;

fn output(lang: Lang) -> String {
    let report = check(&CheckOptions {
        paths: vec!["tests/fixtures/plan".into()],
        config: None,
    })
    .expect("the fixture's ikp.toml is valid");
    render_to_string(&report, lang)
}

#[test]
fn plan_findings_in_swedish() {
    insta::assert_snapshot!(output(Lang::Sv));
}

#[test]
fn plan_findings_in_english() {
    insta::assert_snapshot!(output(Lang::En));
}
