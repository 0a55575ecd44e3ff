//! Bytes → the whole pipeline on one document: read as text, parse with limits, schema check,
//! typed model, rules, and both renderers. Besides "no panic, no hang", it checks what must
//! hold for any input: every finding points inside its file, on character boundaries.

#![no_main]

use std::path::PathBuf;

use ikp_lint::engine::check_sources;
use ikp_lint::finding::Lang;
use ikp_lint::render;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Invalid UTF-8 is refused before parsing (tests/hostile.rs covers that path); the lossy
    // text still reaches the parser, so those bytes are not wasted.
    let text = String::from_utf8_lossy(data).into_owned();
    let Ok(report) = check_sources(vec![(PathBuf::from("dok.yaml"), text.clone())], None) else {
        return;
    };
    for finding in &report.findings {
        for label in std::iter::once(&finding.primary).chain(&finding.secondary) {
            let file = report.file(label.file).expect("a finding names a file of the run");
            let range = label.span.range();
            assert!(range.end <= file.text.len(), "span {range:?} past the end");
            assert!(
                file.text.is_char_boundary(range.start) && file.text.is_char_boundary(range.end),
                "span {range:?} splits a character"
            );
        }
    }
    let _ = render::json::render(&report, Lang::Sv);
    let _ = render::human::render_to_string(&report, Lang::En);
});
