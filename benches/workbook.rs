//! Workbooks end to end: the 70-risk plan of the examples as a workbook, and generated sheets
//! of 1,000 and 10,000 risks (to see that time grows linearly with rows).
//!
//! ```text
//! cargo bench --bench workbook
//! ```
//!
//! `check` is what `ikp check plan.xlsx` does: read the file, unzip, cells, tree, schema,
//! model, rules (the nearest ikp.toml applies). `read+build` stops at the spanned tree.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ikp_lint::config::Config;
use ikp_lint::engine::{CheckOptions, check};

fn sheet(rows: u32, path: &Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("VoR").expect("a valid name");
    let put = |ws: &mut rust_xlsxwriter::Worksheet, r: u32, c: u16, v: &str| {
        ws.write_string(r, c, v).expect("in range");
    };
    put(ws, 0, 0, "Nämnd:");
    put(ws, 0, 1, "Benchnämnden");
    put(ws, 1, 0, "År:");
    ws.write_number(1, 1, 2025.0).expect("in range");
    for (c, h) in ["Nr", "Process", "Risk", "S", "K", "RV", "IKP"]
        .iter()
        .enumerate()
    {
        put(ws, 3, c as u16, h);
    }
    for i in 0..rows {
        let r = 4 + i;
        let s = f64::from(i % 5 + 1);
        let k = f64::from(i % 3 + 1);
        ws.write_number(r, 0, f64::from(i + 1)).expect("in range");
        put(ws, r, 1, "Ekonomi och inköp");
        put(
            ws,
            r,
            2,
            &format!("Risk {i}: fel i utbetalning eller jäv vid upphandling"),
        );
        ws.write_number(r, 3, s).expect("in range");
        ws.write_number(r, 4, k).expect("in range");
        ws.write_number(r, 5, s * k).expect("in range");
        put(ws, r, 6, "Nej, endast VoR");
    }
    wb.save(path).expect("the bench directory is writable");
}

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut files: Vec<(String, PathBuf)> = vec![(
        "servicenamnden-plan-70-risker".into(),
        root.join("examples/stockholm/servicenamnden/2025/plan.xlsx"),
    )];
    for rows in [1_000u32, 10_000] {
        let path = dir.path().join(format!("vor-{rows}.xlsx"));
        sheet(rows, &path);
        files.push((format!("genererad-{rows}-rader"), path));
    }
    let config = Config::builtin_default().expect("the built-in configuration is valid");
    for (name, path) in files {
        let bytes = std::fs::read(&path).expect("the workbook exists");
        let mut group = c.benchmark_group(format!("workbook/{name}"));
        group.sample_size(10);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function("read+build", |b| {
            b.iter(|| {
                ikp_lint::workbook::load(black_box(&bytes), "xlsx", &config)
                    .map(|built| built.text.len())
                    .unwrap_or(0)
            })
        });
        group.bench_function("check", |b| {
            b.iter(|| {
                let report = check(&CheckOptions {
                    paths: vec![black_box(path.clone())],
                    config: None,
                })
                .expect("the configuration is valid");
                report.findings.len()
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
