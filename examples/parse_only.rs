//! The yardstick for `ikp check`'s throughput: read every `.yaml`/`.yml`/`.json` file under the
//! given paths and run `saphyr-parser` over it, events only, nothing built. `bench/compare.sh`
//! times this next to `ikp check` on the same files (target: checking costs at most 1.5× this).
//!
//! ```text
//! cargo run --release --example parse_only -- DIR...
//! ```
//!
//! Files are parsed in parallel with rayon, as `ikp check` does, so both use every core.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;
use saphyr_parser::{Event, Parser};
use walkdir::WalkDir;

fn main() -> ExitCode {
    let roots: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if roots.is_empty() {
        eprintln!("användning: parse_only KATALOG...");
        return ExitCode::from(2);
    }
    let mut files = Vec::new();
    for root in &roots {
        for entry in WalkDir::new(root).sort_by_file_name().into_iter().flatten() {
            let is_ours = entry
                .path()
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"));
            if entry.file_type().is_file() && is_ours {
                files.push(entry.into_path());
            }
        }
    }
    let bytes = AtomicU64::new(0);
    let events = AtomicU64::new(0);
    let errors = AtomicU64::new(0);
    files.par_iter().for_each(|path| {
        let Ok(text) = std::fs::read_to_string(path) else {
            errors.fetch_add(1, Ordering::Relaxed);
            return;
        };
        bytes.fetch_add(text.len() as u64, Ordering::Relaxed);
        let mut n = 0u64;
        for next in Parser::new_from_str(&text) {
            match next {
                Ok((Event::StreamEnd, _)) => break,
                Ok(_) => n += 1,
                Err(_) => {
                    errors.fetch_add(1, Ordering::Relaxed);
                    break;
                }
            }
        }
        events.fetch_add(n, Ordering::Relaxed);
    });
    eprintln!(
        "{} filer, {} byte, {} händelser, {} fel",
        files.len(),
        bytes.load(Ordering::Relaxed),
        events.load(Ordering::Relaxed),
        errors.load(Ordering::Relaxed)
    );
    ExitCode::SUCCESS
}
