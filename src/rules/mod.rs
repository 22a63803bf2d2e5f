//! The rules: one file per rule under its pillar, one registry for all.
//!
//! A rule is data: its metadata and the judges it runs, each over one kind
//! of subject (a cluster, a node pool, a pod spec, a registry, …). The
//! [`engine`] hands each judge its subjects and keeps the verdicts; a judge
//! only decides one subject, and ends as unknown with `?` on any field the
//! input cannot tell. A rule's doc comment is its documentation:
//! [`declare_rule!`] keeps it as [`RuleMeta::doc`], which `chanto explain`
//! and every report read. Files are found by `build.rs`, so a new rule is
//! its file alone.

mod auth;
mod cluster;
mod connectivity;
mod engine;
mod judgement;
pub(crate) mod meta;
mod outcome;
pub(crate) mod support;
pub(crate) mod workload;

use std::sync::LazyLock;

pub(crate) use auth::grants_only_to_platform;
pub use engine::{DataService, Input, Item, Judge, Verdicts};
pub use judgement::{
    Decision, Finding, Judgement, Rated, fail, fail_all, not_applicable, pass, require_off,
    require_on, unknown,
};
pub use meta::{
    Component, Kind, Pillar, PodSecurityProfile, Responsibility, RuleMeta, Severity, Status,
};
pub use outcome::{Evaluation, Outcome, SuppressedBy, Suppression, Tally, Verdict};

use crate::data::Data;
use crate::model::{Attestation, Inventory, Loc, Organisation};

/// What a rule needs besides the subject it judges.
pub struct Context<'a> {
    pub(crate) inventory: &'a Inventory,
    /// The date version and support windows are judged on (`--as-of`).
    pub(crate) as_of: jiff::civil::Date,
    pub(crate) data: &'a Data,
    pub(crate) options: &'a RuleOptions,
}

/// What the organisation decides for the rules (flags, then `chanto.yaml`).
#[derive(Debug, Clone)]
pub struct RuleOptions {
    /// Restricted-only Pod Security controls report at low severity unless
    /// the organisation asks for `restricted`.
    pub pod_security: PodSecurityProfile,
    /// Registries images may come from: exact hosts or `*.suffix` globs.
    pub allowed_registries: Vec<String>,
    pub organisation: Organisation,
    pub attestations: Vec<Attestation>,
    /// Where the policy file keeps its attestations; `None` without a
    /// policy file, when a missing attestation is a to-do, not a finding.
    pub attestations_at: Option<Loc>,
}

impl Default for RuleOptions {
    fn default() -> Self {
        RuleOptions {
            pod_security: PodSecurityProfile::Baseline,
            allowed_registries: vec!["*.azurecr.io".into(), "mcr.microsoft.com".into()],
            organisation: Organisation::default(),
            attestations: Vec::new(),
            attestations_at: None,
        }
    }
}

/// A rule: what it is, and the judges that decide it.
#[derive(Debug)]
pub struct Rule {
    pub meta: RuleMeta,
    pub judges: &'static [Judge],
}

impl Rule {
    /// Whether every judge looks at one Kubernetes object at a time. Such
    /// rules run while each file is loaded, so pod specs need not outlive it.
    pub fn per_object(&self) -> bool {
        self.judges.iter().all(Judge::per_object)
    }

    /// What the rule judges: when none of it is among the inputs, the rule
    /// has nothing to say.
    pub fn input(&self) -> Input {
        self.judges.first().map_or(Input::Clusters, Judge::input)
    }

    /// Every judgement of every subject, into `out`.
    pub fn run(&self, cx: &Context, out: &mut Verdicts) {
        for judge in self.judges {
            judge.run(&self.meta, cx, out);
        }
    }

    /// The rule's unknowns for the kinds it reads that a live read could
    /// not list (once, over the whole inventory, whether the rule runs per
    /// file or across files).
    pub fn record_unlisted(&self, inventory: &Inventory, out: &mut Verdicts) {
        for judge in self.judges {
            judge.record_unlisted(inventory, out);
        }
    }
}

/// Declares a rule: its metadata, with the doc comment as [`RuleMeta::doc`],
/// and its judges, as the file's `RULE`, which `build.rs` registers.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        code: $code:literal, name: $slug:literal, judges: [$($judge:ident($($arg:expr),+)),+ $(,)?],
        pillar: $pillar:ident, kind: $kind:ident, severity: $severity:ident,
        responsibility: $responsibility:ident, component: $component:ident,
        $(profile: $profile:ident,)?
        since: $since:literal, status: $status:ident, title: $title:literal,
        remediation: $remediation:literal $(,)?
    ) => {
        pub(crate) static RULE: $crate::rules::Rule = $crate::rules::Rule {
            meta: $crate::rules::RuleMeta {
                code: $code,
                name: $slug,
                title: $title,
                pillar: $crate::rules::Pillar::$pillar,
                kind: $crate::rules::Kind::$kind,
                severity: $crate::rules::Severity::$severity,
                responsibility: $crate::rules::Responsibility::$responsibility,
                component: $crate::rules::Component::$component,
                remediation: $remediation,
                profile: $crate::rules::declare_rule!(@profile $($profile)?),
                since: $since,
                status: $crate::rules::Status::$status,
                doc: concat!($($doc, "\n"),*),
            },
            judges: &[$($crate::rules::Judge::$judge($($arg),+)),+],
        };
    };
    (@profile) => { None };
    (@profile $profile:ident) => { Some($crate::rules::PodSecurityProfile::$profile) };
}
pub(crate) use declare_rule;

/// Every rule, in code order.
pub fn registry() -> &'static [&'static Rule] {
    static RULES: LazyLock<Vec<&'static Rule>> = LazyLock::new(|| {
        let mut rules: Vec<&'static Rule> = Vec::new();
        rules.extend_from_slice(connectivity::RULES);
        rules.extend_from_slice(cluster::RULES);
        rules.extend_from_slice(auth::RULES);
        rules.sort_by_key(|r| r.meta.code);
        rules
    });
    &RULES
}

pub fn find(code: &str) -> Option<&'static Rule> {
    registry()
        .iter()
        .copied()
        .find(|r| r.meta.code.eq_ignore_ascii_case(code))
}

/// The rule code closest to a mistyped one.
pub fn suggest(code: &str) -> Option<&'static str> {
    registry()
        .iter()
        .map(|r| r.meta.code)
        .map(|c| {
            (
                edit_distance(&c.to_ascii_uppercase(), &code.to_ascii_uppercase()),
                c,
            )
        })
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, c)| c)
}

pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(current + 1);
            prev = current;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let rules = registry();
        for pair in rules.windows(2) {
            assert_ne!(pair[0].meta.code, pair[1].meta.code);
        }
        let mut names: Vec<_> = rules.iter().map(|r| r.meta.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), rules.len(), "duplicate rule name");
        for rule in rules {
            let m = &rule.meta;
            let prefix = match m.pillar {
                Pillar::Connectivity => "CN",
                Pillar::Cluster => "CL",
                Pillar::Auth => "AU",
            };
            assert!(
                m.code.starts_with(prefix),
                "{} is not in its pillar",
                m.code
            );
            assert!(
                m.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                m.name
            );
        }
    }

    #[test]
    fn rule_docs_cite_public_documentation_not_slides_or_private_files() {
        for rule in registry() {
            let doc = rule.meta.documentation();
            let code = rule.meta.code;
            for private in [
                "talk s",
                "the talk",
                "slide",
                "shared/",
                "design/",
                ".md",
                "catalog",
                "peers flag",
            ] {
                assert!(!doc.contains(private), "{code} cites {private:?}:\n{doc}");
            }
            // A slide reference such as "(s14)" or "s23, s24".
            let slide = doc.split(|c: char| !c.is_ascii_alphanumeric()).any(|word| {
                word.len() > 1
                    && word.starts_with('s')
                    && word[1..].bytes().all(|b| b.is_ascii_digit())
            });
            assert!(!slide, "{code} cites a slide:\n{doc}");
            let references = doc.split("## References").nth(1).unwrap_or_default();
            let entries: Vec<&str> = references.lines().filter(|l| l.starts_with("- ")).collect();
            assert!(!entries.is_empty(), "{code} has no references");
            for entry in entries {
                assert!(entry.starts_with("- https://"), "{code}: {entry}");
            }
        }
    }

    #[test]
    fn every_rule_documents_what_why_fix_cost_and_references() {
        for rule in registry() {
            let doc = rule.meta.doc;
            for section in [
                "## What it checks",
                "## Why it matters",
                "## How to fix",
                "## What the fix costs",
                "## References",
            ] {
                assert!(doc.contains(section), "{} lacks {section}", rule.meta.code);
            }
        }
    }
}
