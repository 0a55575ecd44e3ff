//! Snapshot of what a person sees when the follow-up rules find flaws: one finding of each
//! rule, including the cross-document ones (IKP105 on the plan, IKP106 on the follow-up).

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
    render_to_string(&report, lang).replace('\\', "/")
}

#[test]
fn follow_up_flaws_in_swedish() {
    insta::assert_snapshot!(human("tests/fixtures/uppfoljning", Lang::Sv));
}

#[test]
fn follow_up_flaws_in_english() {
    insta::assert_snapshot!(human("tests/fixtures/uppfoljning", Lang::En));
}
