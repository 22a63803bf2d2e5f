//! What a judge returns for one subject, and the helpers that build it.
//!
//! A [`Judgement`] is `Ok` with a decision, or `Err` with what the input
//! cannot tell, so a judge reads fields with `?` and an unknown field ends
//! it as unknown, naming the field.

use super::Severity;
use crate::model::{Field, Loc, Unknown};

/// A judge's answer on one subject.
pub type Judgement = Result<Decision, Unknown>;

#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    Pass,
    /// The rule's precondition does not hold (a private cluster has no
    /// authorized IP ranges to judge); counted, never a pass.
    NotApplicable(&'static str),
    Fail(Finding),
}

/// What is wrong, and the field a user edits to fix it.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub loc: Loc,
    pub message: String,
    /// Replaces the rule's own severity for this case, when set.
    pub severity: Option<Severity>,
}

pub fn pass() -> Judgement {
    Ok(Decision::Pass)
}

pub fn fail(loc: Loc, message: impl Into<String>) -> Judgement {
    Ok(Decision::Fail(Finding {
        loc,
        message: message.into(),
        severity: None,
    }))
}

pub fn not_applicable(reason: &'static str) -> Judgement {
    Ok(Decision::NotApplicable(reason))
}

pub fn unknown(loc: Loc, reason: impl Into<String>) -> Judgement {
    Err(Unknown::new(loc, reason))
}

/// Rates a finding other than its rule's default; `None` keeps the rule's.
pub trait Rated {
    fn rated(self, severity: impl Into<Option<Severity>>) -> Self;
}

impl Rated for Judgement {
    fn rated(mut self, severity: impl Into<Option<Severity>>) -> Self {
        if let Ok(Decision::Fail(finding)) = &mut self {
            finding.severity = severity.into();
        }
        self
    }
}

/// Fails at the first of `violations` (in spec order), naming all of them;
/// passes when there are none.
pub fn fail_all(violations: Vec<(Loc, String)>) -> Judgement {
    match violations.first() {
        None => pass(),
        Some((loc, _)) => fail(
            *loc,
            violations
                .iter()
                .map(|(_, m)| m.as_str())
                .collect::<Vec<_>>()
                .join("; "),
        ),
    }
}

/// A switch that must be on: set true passes; set false, or absent with a
/// `false` platform default, fails with `message`.
pub fn require_on(field: &Field<bool>, platform_default: bool, message: &str) -> Judgement {
    match field.known()? {
        Field::Set(true, _) => pass(),
        Field::Absent(_) if platform_default => pass(),
        off => fail(off.loc(), message),
    }
}

/// A switch that must stay off and is off by default: set true fails.
pub fn require_off(field: &Field<bool>, message: &str) -> Judgement {
    match field.set()? {
        Some((true, loc)) => fail(loc, message),
        _ => pass(),
    }
}
