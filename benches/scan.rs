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

    // 200 Bicep files with modules and parameter files: the aks-baseline
    // stamp (a 1,440-line cluster, its registry, five modules and its
    // .bicepparam) 25 times over. Target: under 0.5 s on the CI machine.
    let stamps = tempfile::tempdir().expect("temporary directory");
    let stamp = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/samples/bicep/aks-baseline/workload-team");
    for i in 0..25 {
        copy_dir(&stamp, &stamps.path().join(format!("stamp{i}")));
    }
    let bicep = stamps.path().to_path_buf();
    c.bench_function("load 200 Bicep files with modules and .bicepparam", |b| {
        b.iter(|| load::load(black_box(std::slice::from_ref(&bicep)), &options))
    });

    // A fleet's estate as Resource Graph exports it: 1,000 clusters and the
    // six resources around each. Scaled to 10,000 (`cargo run --release
    // --example corpus -- OUT 0 0 42 10000`), the target is under 1 s.
    let fleet = tempfile::tempdir().expect("temporary directory");
    corpus::generate_graph_export(fleet.path(), 1000, 7).expect("graph export");
    let fleet_options = ScanOptions::new(vec![fleet.path().to_path_buf()], as_of);
    c.bench_function(
        "scan a Resource Graph export of 1,000 clusters and their surroundings",
        |b| b.iter(|| scan::scan(black_box(&fleet_options))),
    );

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

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("copy target");
    for entry in std::fs::read_dir(from).expect("copy source") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

criterion_group!(scan_benches, benches);
criterion_main!(scan_benches);
