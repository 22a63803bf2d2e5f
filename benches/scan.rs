//! The scan's hot paths on a generated corpus: loading each input format,
//! evaluating every rule, rendering the JSON report.
//!
//! cargo bench --bench scan

#[path = "../tests/corpus/mod.rs"]
mod corpus;

use std::hint::black_box;
use std::path::PathBuf;

use chanto::load::{self, LoadOptions};
use chanto::report::{self, Format, RenderOptions, Report};
use chanto::rules::RuleOptions;
use chanto::scan::{self, ScanOptions, Selection};
use criterion::{Criterion, criterion_group, criterion_main};

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let manifests = dir.path().join("k8s");
    let clusters = dir.path().join("clusters");
    std::fs::create_dir_all(&manifests).expect("k8s dir");
    std::fs::create_dir_all(&clusters).expect("clusters dir");
    let generated = corpus::generate(&manifests, 2000, 7).expect("manifests");
    eprintln!(
        "corpus: {} manifest files ({} expected findings), 200 clusters",
        generated.files,
        generated.truth.len()
    );
    corpus::generate_clusters(&clusters, 200, 7).expect("clusters");
    let as_of = "2026-11-28".parse().expect("date");
    let options = LoadOptions::default();

    c.bench_function("load 2,000 YAML manifests", |b| {
        b.iter(|| load::load(black_box(std::slice::from_ref(&manifests)), &options))
    });
    c.bench_function("load 200 AKS clusters (4 JSON shapes and Terraform)", |b| {
        b.iter(|| load::load(black_box(std::slice::from_ref(&clusters)), &options))
    });

    let loaded = load::load(&[dir.path().to_path_buf()], &options);
    let selection = Selection::default();
    let rules = RuleOptions::default();
    c.bench_function("evaluate every rule", |b| {
        b.iter(|| scan::evaluate(black_box(&loaded.inventory), as_of, &selection, &rules))
    });

    let result = scan::scan(&ScanOptions::new(vec![PathBuf::from(dir.path())], as_of));
    c.bench_function("build and render the JSON report", |b| {
        b.iter(|| {
            let report = Report::new(black_box(&result));
            report::write(
                Format::Json,
                &report,
                &RenderOptions::default(),
                &mut std::io::sink(),
            )
        })
    });
}

criterion_group!(scan_benches, benches);
criterion_main!(scan_benches);
