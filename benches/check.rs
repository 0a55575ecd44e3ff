//! Single-document load + check, next to the parser alone, on the largest real examples.
//!
//! ```text
//! cargo bench --bench check
//! ```
//!
//! `saphyr-events` is the yardstick (the parser's events, nothing built); `tree` builds the
//! spanned tree with limits; `check` is everything `ikp check` does for one file: read from
//! memory, tree, schema, typed model, rules. Whole-repository throughput is measured by
//! `bench/compare.sh`.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ikp_lint::engine::check_sources;
use ikp_lint::source::SourceFile;
use ikp_lint::tree::{Limits, parse};
use saphyr_parser::{Event, Parser};

const DOCUMENTS: &[&str] = &[
    "examples/stockholm/servicenamnden/2025/plan.yaml",
    "examples/stockholm/stadsdelsnamnd-2018/2018/uppfoljning.yaml",
];

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for relative in DOCUMENTS {
        let text = std::fs::read_to_string(root.join(relative)).expect("the example exists");
        let name = relative.trim_start_matches("examples/");
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("saphyr-events", |b| {
            b.iter(|| {
                let mut events = 0usize;
                for next in Parser::new_from_str(black_box(&text)) {
                    match next {
                        Ok((Event::StreamEnd, _)) | Err(_) => break,
                        Ok(_) => events += 1,
                    }
                }
                events
            })
        });
        group.bench_function("tree", |b| {
            b.iter(|| {
                let file = SourceFile::new(Path::new("dok.yaml"), black_box(text.clone()));
                parse(&file, &Limits::default()).map(|root| root.is_some())
            })
        });
        group.bench_function("check", |b| {
            b.iter(|| {
                let report = check_sources(
                    vec![(PathBuf::from("dok.yaml"), black_box(text.clone()))],
                    None,
                )
                .expect("the built-in configuration is valid");
                report.findings.len()
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
