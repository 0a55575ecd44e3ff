//! Prints the analysis of each argument (or of standard input): claim and evidence.
//!
//! `cargo run --example analyse_comment -- "Inga avvikelser noterades."`

use std::io::{Read, Write};

use ikp_lint::analysis::{Lexicon, analyse, suggested_outcome};

fn main() {
    let lex = Lexicon::swedish();
    let mut texts: Vec<String> = std::env::args().skip(1).collect();
    if texts.is_empty() {
        let mut s = String::new();
        if std::io::stdin().read_to_string(&mut s).is_ok() {
            texts.push(s);
        }
    }
    let mut out = std::io::stdout().lock();
    for text in texts {
        let a = analyse(&text, &lex);
        let _ = writeln!(
            out,
            "{}  (suggests {:?}; {} pieces of evidence)",
            a.claim,
            suggested_outcome(&a),
            a.evidence.len()
        );
        for e in a.evidence.iter().take(20) {
            let _ = writeln!(
                out,
                "  {:<22} {:?}  <= {}",
                e.claim.as_str(),
                &text[e.range.clone()],
                e.phrase
            );
        }
    }
}
