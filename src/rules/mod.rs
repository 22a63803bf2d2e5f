//! The rules: one file per rule under its pillar, one registry for all.
//!
//! A rule's doc comment is its documentation; [`declare_rule!`] keeps it as
//! [`RuleMeta::doc`], which `chanto explain` and every report read.

mod auth;
mod cluster;
mod connectivity;
pub(crate) mod meta;
pub mod support;
pub mod workload;

use std::sync::LazyLock;

pub use meta::{Component, Kind, Pillar, PodSecurityProfile, Responsibility, RuleMeta, Severity};

use crate::data::Data;
use crate::model::{Attestation, Inventory, Loc, Organisation, Subject};

/// What a rule needs besides the inventory.
pub struct Context<'a> {
    pub inventory: &'a Inventory,
    /// The date version and support windows are judged on (`--as-of`).
    pub as_of: jiff::civil::Date,
    pub data: &'a Data,
    pub options: &'a RuleOptions,
}

/// What the organisation decides for the rules (flags now, the policy file later).
#[derive(Debug, Clone)]
pub struct RuleOptions {
    /// Restricted-only Pod Security controls report at low severity unless
    /// the organisation asks for `restricted`.
    pub pod_security: PodSecurityProfile,
    /// Registries images may come from: exact hosts or `*.suffix` globs.
    pub allowed_registries: Vec<String>,
    pub organisation: Organisation,
    pub attestations: Vec<Attestation>,
}

impl Default for RuleOptions {
    fn default() -> Self {
        RuleOptions {
            pod_security: PodSecurityProfile::Baseline,
            allowed_registries: vec!["*.azurecr.io".into(), "mcr.microsoft.com".into()],
            organisation: Organisation::default(),
            attestations: Vec::new(),
        }
    }
}

pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    /// Whether the rule judges each Kubernetes object on its own. Such rules
    /// run while each file is loaded, so pod specs need not outlive it.
    fn object_local(&self) -> bool {
        false
    }
    /// One evaluation per subject the rule looks at.
    fn check(&self, cx: &Context, out: &mut Verdicts);
}

/// Where a rule's evaluations go: findings and unknowns are kept, passes
/// and not-applicable verdicts only counted, so a rule over a hundred
/// thousand objects never holds a verdict for each.
#[derive(Debug, Default)]
pub struct Verdicts {
    pub kept: Vec<Evaluation>,
    pub passed: usize,
    pub not_applicable: usize,
}

impl Verdicts {
    pub fn push(&mut self, evaluation: Evaluation) {
        match evaluation.verdict {
            Verdict::Pass => self.passed += 1,
            Verdict::NotApplicable { .. } => self.not_applicable += 1,
            Verdict::Fail { .. } | Verdict::Unknown { .. } => self.kept.push(evaluation),
        }
    }
}

/// A rule's judgement on one subject.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub subject: Subject,
    pub verdict: Verdict,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// A finding: `loc` is the field that decides it.
    Fail {
        message: String,
        loc: Loc,
        /// Some rules rate one case lower than their default (a version that
        /// is near its end of support rather than past it).
        severity: Option<Severity>,
    },
    Pass,
    NotApplicable {
        reason: String,
    },
    /// The input cannot tell; never counted as a pass.
    Unknown {
        reason: String,
        loc: Loc,
    },
}

impl Evaluation {
    pub fn fail(subject: Subject, loc: Loc, message: impl Into<String>) -> Self {
        Evaluation {
            subject,
            verdict: Verdict::Fail {
                message: message.into(),
                loc,
                severity: None,
            },
        }
    }

    pub fn pass(subject: Subject) -> Self {
        Evaluation {
            subject,
            verdict: Verdict::Pass,
        }
    }

    pub fn not_applicable(subject: Subject, reason: impl Into<String>) -> Self {
        Evaluation {
            subject,
            verdict: Verdict::NotApplicable {
                reason: reason.into(),
            },
        }
    }

    pub fn unknown(subject: Subject, loc: Loc, reason: impl Into<String>) -> Self {
        Evaluation {
            subject,
            verdict: Verdict::Unknown {
                reason: reason.into(),
                loc,
            },
        }
    }

    /// Rates a finding other than its rule's default; `None` keeps it.
    pub fn with_severity(mut self, severity: impl Into<Option<Severity>>) -> Self {
        if let Verdict::Fail { severity: s, .. } = &mut self.verdict {
            *s = severity.into();
        }
        self
    }
}

/// Declares a rule's struct and its metadata; the doc comment becomes
/// [`RuleMeta::doc`].
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            code: $code:literal,
            name: $slug:literal,
            title: $title:literal,
            pillar: $pillar:ident,
            kind: $kind:ident,
            severity: $severity:ident,
            responsibility: $responsibility:ident,
            component: $component:ident,
            remediation: $remediation:literal
            $(, profile: $profile:ident)? $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl $name {
            pub const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
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
                doc: concat!($($doc, "\n"),*),
            };
        }
    };
    (@profile) => { None };
    (@profile $profile:ident) => { Some($crate::rules::PodSecurityProfile::$profile) };
}
pub(crate) use declare_rule;

/// Every rule, in code order.
pub fn registry() -> &'static [&'static dyn Rule] {
    static RULES: LazyLock<Vec<&'static dyn Rule>> = LazyLock::new(|| {
        let mut rules: Vec<&'static dyn Rule> = Vec::new();
        rules.extend_from_slice(connectivity::RULES);
        rules.extend_from_slice(cluster::RULES);
        rules.extend_from_slice(auth::RULES);
        rules.sort_by_key(|r| r.meta().code);
        rules
    });
    &RULES
}

pub fn find(code: &str) -> Option<&'static dyn Rule> {
    registry()
        .iter()
        .copied()
        .find(|r| r.meta().code.eq_ignore_ascii_case(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let rules = registry();
        for pair in rules.windows(2) {
            assert_ne!(pair[0].meta().code, pair[1].meta().code);
        }
        let mut names: Vec<_> = rules.iter().map(|r| r.meta().name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), rules.len(), "duplicate rule name");
        for rule in rules {
            let m = rule.meta();
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
    fn every_rule_documents_what_why_fix_cost_and_references() {
        for rule in registry() {
            let doc = rule.meta().doc;
            for section in [
                "## What it checks",
                "## Why it matters",
                "## How to fix",
                "## What the fix costs",
                "## References",
            ] {
                assert!(
                    doc.contains(section),
                    "{} lacks {section}",
                    rule.meta().code
                );
            }
        }
    }
}
