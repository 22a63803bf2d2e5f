//! What a scan keeps of the rules' judgements: findings and unknowns, with
//! any suppression the organisation's policy put on them, and the count of
//! everything else. Scan, policy and reports all read these.

use super::{RuleMeta, Severity};
use crate::model::{Loc, Subject};

/// One rule's finding or unknown on one subject. Passes and not-applicable
/// verdicts are only counted ([`Tally`]), so memory follows the findings,
/// not the size of the corpus.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub rule: &'static RuleMeta,
    pub evaluation: Evaluation,
    /// Set when the organisation suppressed this finding or unknown; boxed,
    /// as few are, so each outcome is 24 bytes smaller.
    pub suppression: Option<Box<Suppression>>,
}

/// How many subjects a rule passed or found not applicable.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub passed: usize,
    pub not_applicable: usize,
}

/// A kept judgement: a finding or an unknown, on one subject.
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
    /// The input cannot tell; never counted as a pass.
    Unknown { reason: String, loc: Loc },
}

/// Who suppressed a finding.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SuppressedBy {
    Annotation,
    Waiver,
    DefaultExemption,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub by: SuppressedBy,
    pub reason: String,
}
