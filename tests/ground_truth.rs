//! chanto's findings on a seeded corpus equal what the generator recorded:
//! no false positive, no miss.

mod corpus;

use chanto::load::LoadOptions;
use chanto::rules::Verdict;
use chanto::scan::{ScanOptions, Selection, scan};

const CODES: [&str; 23] = [
    "CL201", "CL202", "CL203", "CL204", "CL205", "CL206", "CL207", "CL208", "CL209", "CL210",
    "CL211", "CL212", "CL213", "CL214", "CL215", "CL216", "CL217", "CL218", "CL219", "CN201",
    "CN203", "AU201", "CL222",
];

#[test]
fn findings_on_a_generated_corpus_equal_the_recorded_truth() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus::generate(dir.path(), 3000, 20261128).unwrap();
    // Clusters in the scan change CL222's severity, never whether it fires.
    corpus::generate_clusters(dir.path(), 40, 20261128).unwrap();
    let result = scan(&ScanOptions {
        paths: vec![dir.path().to_path_buf()],
        as_of: "2026-11-28".parse().unwrap(),
        selection: Selection {
            select: CODES.iter().map(|c| c.to_string()).collect(),
            ignore: vec![],
        },
        rules: Default::default(),
        policy: Default::default(),
        load: LoadOptions::default(),
        config: None,
        baseline: None,
    });
    assert!(
        result.errors.is_empty(),
        "{:?}",
        &result.errors[..result.errors.len().min(3)]
    );
    assert_eq!(result.files_read, corpus.files + 40);
    assert_eq!(result.inventory.clusters.len(), 40);
    let found: corpus::Truth = result
        .outcomes
        .iter()
        // A default exemption (the platform's own RBAC bindings) keeps its
        // finding, marked suppressed: not one a user acts on.
        .filter(|o| matches!(o.evaluation.verdict, Verdict::Fail { .. }) && o.suppression.is_none())
        .map(|o| {
            (
                o.rule.code.to_string(),
                result
                    .inventory
                    .resource(o.evaluation.subject)
                    .name
                    .into_owned(),
            )
        })
        .collect();
    let unknown: Vec<_> = result
        .outcomes
        .iter()
        .filter(|o| matches!(o.evaluation.verdict, Verdict::Unknown { .. }))
        .collect();
    assert!(
        unknown.is_empty(),
        "{} unknowns, e.g. {:?}",
        unknown.len(),
        unknown.first()
    );
    let false_positives: Vec<_> = found.difference(&corpus.truth).take(10).collect();
    let misses: Vec<_> = corpus.truth.difference(&found).take(10).collect();
    assert!(
        false_positives.is_empty() && misses.is_empty(),
        "false positives {false_positives:?}\nmisses {misses:?}"
    );
    // The corpus exercises every code it is checked on.
    for code in CODES {
        assert!(
            corpus.truth.iter().any(|(c, _)| c == code),
            "{code} never generated"
        );
    }
    assert!(corpus.truth.len() > 1000, "{}", corpus.truth.len());
}
