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
            // Every module's Case has a `code` and an `expect`.
            vec![$({
                let case = $case;
                (case.code, case.expect.expected())
            }),+]
        }
    };
}

#[path = "../support/mod.rs"]
mod support;

mod cluster;
mod surroundings;
mod workloads;

use chanto::model::Subject;
use chanto::rules::{Judge, Severity, SuppressedBy, Verdict, registry};
use chanto::scan::ScanResult;

/// The verdict a case expects, for the coverage test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    Fail,
    Pass,
    NotApplicable,
    Unknown,
    Exempt,
}

/// What a case expects of its rule, and where.
#[derive(Debug)]
pub enum Expect {
    /// A finding on `resource` at the line holding `marker` (its `nth`
    /// occurrence, from 1) plus `offset`, rated `severity` when given.
    Fail {
        resource: &'static str,
        marker: &'static str,
        nth: usize,
        offset: i64,
        severity: Option<Severity>,
    },
    /// No finding or unknown, and at least one subject passes (others may
    /// be outside the rule's precondition).
    Pass,
    /// No finding or unknown, and the rule's precondition excluded a
    /// subject (or, for a rule of several checks, one of its checks).
    NotApplicable,
    /// An unknown at the line of `marker`, on `resource` when given.
    Unknown {
        resource: Option<&'static str>,
        marker: &'static str,
    },
    /// An unknown on `resource` at the line of `marker` plus `offset`.
    UnknownAt {
        resource: &'static str,
        marker: &'static str,
        offset: i64,
    },
    /// No finding and no unknown: passed or not applicable.
    Clean,
    /// A finding on `resource` at the line of `marker`, suppressed by the
    /// default exemption for what the platform manages: counted and shown,
    /// never passed.
    Exempt {
        resource: &'static str,
        marker: &'static str,
    },
}

impl Expect {
    pub fn expected(&self) -> Expected {
        match self {
            Expect::Fail { .. } => Expected::Fail,
            Expect::Pass => Expected::Pass,
            Expect::NotApplicable => Expected::NotApplicable,
            Expect::Unknown { .. } | Expect::UnknownAt { .. } => Expected::Unknown,
            Expect::Exempt { .. } => Expected::Exempt,
            Expect::Clean => unreachable!("clean is a property, not a case of the catalogue"),
        }
    }
}

/// A finding on `resource` at the first line holding `marker`.
pub fn fail(resource: &'static str, marker: &'static str) -> Expect {
    fail_nth(resource, marker, 1)
}

/// A finding on `resource` at the `nth` line holding `marker`.
pub fn fail_nth(resource: &'static str, marker: &'static str, nth: usize) -> Expect {
    Expect::Fail {
        resource,
        marker,
        nth,
        offset: 0,
        severity: None,
    }
}

/// Checks the verdicts of `code` in `result` against `expect`; lines are
/// found in `text`, the one scanned file.
pub fn check(result: &ScanResult, code: &str, expect: &Expect, text: &str) {
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    let outcomes: Vec<_> = result.outcomes_of(code).collect();
    let tally = result.tally(code);
    assert!(
        !outcomes.is_empty() || tally.passed + tally.not_applicable > 0,
        "{code} evaluated nothing"
    );
    let name = |s: Subject| result.inventory.resource(s).name;
    let line_of = |marker: &str, nth: usize| i64::from(support::nth_line_of(text, marker, nth));
    let context = || format!("{code} expecting {expect:?}; got {outcomes:#?} and {tally:?}");
    match expect {
        Expect::Fail {
            resource,
            marker,
            nth,
            offset,
            severity,
        } => {
            let line = line_of(marker, *nth) + offset;
            let hit = outcomes
                .iter()
                .find_map(|o| match &o.evaluation.verdict {
                    Verdict::Fail { loc, severity, .. }
                        if i64::from(loc.line) == line
                            && name(o.evaluation.subject) == *resource =>
                    {
                        Some(severity.unwrap_or(o.rule.severity))
                    }
                    _ => None,
                })
                .unwrap_or_else(|| {
                    panic!("no finding on {resource} at line {line}: {}", context())
                });
            if let Some(want) = severity {
                assert_eq!(hit, *want, "{}", context());
            }
        }
        Expect::Pass => assert!(outcomes.is_empty() && tally.passed > 0, "{}", context()),
        Expect::NotApplicable => assert!(
            outcomes.is_empty() && tally.not_applicable > 0,
            "{}",
            context()
        ),
        Expect::Clean => assert!(outcomes.is_empty(), "{}", context()),
        Expect::UnknownAt {
            resource,
            marker,
            offset,
        } => {
            let line = line_of(marker, 1) + offset;
            let found = outcomes.iter().any(|o| {
                matches!(&o.evaluation.verdict, Verdict::Unknown { loc, .. } if i64::from(loc.line) == line)
                    && name(o.evaluation.subject) == *resource
            });
            assert!(found, "no unknown at line {line}: {}", context());
        }
        Expect::Unknown { resource, marker } => {
            let line = line_of(marker, 1);
            let found = outcomes.iter().any(|o| {
                matches!(&o.evaluation.verdict, Verdict::Unknown { loc, .. } if i64::from(loc.line) == line)
                    && resource.is_none_or(|r| name(o.evaluation.subject) == r)
            });
            assert!(found, "no unknown at line {line}: {}", context());
        }
        Expect::Exempt { resource, marker } => {
            let line = line_of(marker, 1);
            let exempt = outcomes.iter().any(|o| {
                matches!(&o.evaluation.verdict, Verdict::Fail { loc, .. } if i64::from(loc.line) == line)
                    && name(o.evaluation.subject) == *resource
                    && o.suppression
                        .as_ref()
                        .is_some_and(|s| s.by == SuppressedBy::DefaultExemption)
            });
            assert!(exempt, "no exempted finding at line {line}: {}", context());
        }
    }
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
