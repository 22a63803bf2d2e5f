//! The pipeline runs one way (discover → load → model → rules → policy →
//! scan → report → cli): no stage imports one after it. Read from the
//! sources, so a stray `use` fails here rather than in review.

use std::path::Path;

/// Each stage and the stages it may import (besides itself).
const ALLOWED: &[(&str, &[&str])] = &[
    ("data", &[]),
    ("model", &[]),
    ("load", &["model", "data"]),
    ("rules", &["model", "data"]),
    ("policy", &["model", "rules", "data", "load"]),
    ("scan", &["model", "rules", "data", "load", "policy"]),
    ("report", &["model", "rules", "data", "policy", "scan"]),
    (
        "cli",
        &["model", "rules", "data", "load", "policy", "scan", "report"],
    ),
];

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The stages a file names as `crate::stage`.
fn imports(text: &str) -> Vec<&str> {
    text.match_indices("crate::")
        .map(|(at, prefix)| {
            let rest = &text[at + prefix.len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .collect()
}

#[test]
fn no_stage_imports_a_later_one() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    let mut checked = 0;
    let mut wrong = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&root).unwrap();
        let first = relative.components().next().unwrap().as_os_str();
        let stage = first.to_str().unwrap().trim_end_matches(".rs");
        let Some((_, allowed)) = ALLOWED.iter().find(|(s, _)| *s == stage) else {
            continue;
        };
        checked += 1;
        let text = std::fs::read_to_string(file).unwrap();
        for used in imports(&text) {
            if used != stage && !allowed.contains(&used) {
                wrong.push(format!("{} imports crate::{used}", relative.display()));
            }
        }
    }
    assert!(checked > 50, "only {checked} files checked");
    wrong.sort();
    wrong.dedup();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn the_check_sees_a_forbidden_import() {
    assert_eq!(
        imports("use crate::load::tree;\nfn f() { crate::scan::scan(); }"),
        ["load", "scan"]
    );
}
