//! Bytes → the comment analyser (`ikp_lint::analysis`): whatever a person writes under
//! `kommentar:` must be analysed without a panic or a hang.

#![no_main]

use std::sync::OnceLock;

use ikp_lint::analysis::{Lexicon, analyse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    let lexicon = LEXICON.get_or_init(Lexicon::swedish);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = analyse(text, lexicon);
    }
});
