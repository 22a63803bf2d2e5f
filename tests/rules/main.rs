//! Every rule, case by case: one test per case, each asserting the code,
//! the resource and the line, and a test that every rule in the registry
//! has a failing and a passing case, and a not-applicable one where it has
//! a precondition.
//!
//! - `cluster`: 1xx and 9xx rules, on a hardened cluster patched per case;
//! - `workloads`: 2xx rules, on hardened Kubernetes objects;
//! - `surroundings`: 3xx rules and CN901, on a cluster's Azure resources.

/// Declares one `#[test]` per case (run by the module's `run`), and a
/// function named by the group that says what each case expects of which
/// rule.
macro_rules! cases {
    ($group:ident; $($(#[$attr:meta])* $name:ident: $case:expr;)+) => {
        $(
            $(#[$attr])*
            #[test]
            fn $name() {
                run(&$case);
            }
        )+

        pub fn $group() -> Vec<(&'static str, crate::Expected)> {
            use crate::Summary;
            vec![$($case.summary()),+]
        }
    };
}

#[path = "../support/mod.rs"]
mod support;

mod cluster;
mod surroundings;
mod workloads;

use chanto::rules::{Judge, registry};

/// What a case expects of its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    Fail,
    Pass,
    NotApplicable,
    Unknown,
}

pub trait Summary {
    fn summary(&self) -> (&'static str, Expected);
}

/// Whether a rule can find its subject not applicable: a judge of a kind
/// that can, or a judge body that says so.
fn has_precondition(code: &str) -> bool {
    let rule = chanto::rules::find(code).unwrap();
    if rule
        .judges
        .iter()
        .any(|j| matches!(j, Judge::LinuxPodSpec(_)))
    {
        return true;
    }
    let pillar = match &code[..2] {
        "CN" => "connectivity",
        "CL" => "cluster",
        _ => "auth",
    };
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src/rules")
        .join(pillar);
    let prefix = format!("{}_", code.to_ascii_lowercase());
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .unwrap_or_else(|| panic!("no rule file for {code} in {}", dir.display()));
    std::fs::read_to_string(file.path())
        .unwrap()
        .contains("not_applicable(")
}

#[test]
fn every_rule_has_a_failing_a_passing_and_where_it_can_a_not_applicable_case() {
    let mut cases = cluster::summaries();
    cases.extend(workloads::summaries());
    cases.extend(surroundings::summaries());
    let mut missing = Vec::new();
    for rule in registry() {
        let code = rule.meta.code;
        let has = |expected| cases.contains(&(code, expected));
        let mut wanted = vec![Expected::Fail, Expected::Pass];
        if has_precondition(code) {
            wanted.push(Expected::NotApplicable);
        }
        for expected in wanted {
            if !has(expected) {
                missing.push(format!("{code}: no {expected:?} case"));
            }
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}
