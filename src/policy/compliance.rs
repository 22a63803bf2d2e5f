//! Each of the organisation's requirements, judged from the rules that decide
//! it. Unknown is never shown as compliant: a requirement is compliant only
//! when every code it names was evaluated and none failed or stayed unknown.

use jiff::civil::Date;
use serde::Serialize;

use super::config::Config;
use super::requirements::Requirement;
use crate::model::{Attestation, Inventory};
use crate::rules::{self, Kind, Outcome, Tally, Verdict};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Compliant,
    Attested,
    Waived,
    Unknown,
    Stale,
    Violated,
}

crate::rules::meta::display_as_serde_name!(Status);

#[derive(Debug, Clone, Serialize)]
pub struct RequirementVerdict {
    pub id: String,
    pub title: String,
    pub text: String,
    pub features: Vec<String>,
    pub codes: Vec<String>,
    pub status: Status,
    /// The findings that violate it (`CODE resource`).
    pub findings: Vec<String>,
    /// Why it is unknown, stale or waived.
    pub reasons: Vec<String>,
    /// The organisation's attestations that count towards it (a control
    /// no configuration shows), with who made them and when.
    pub attestations: Vec<AttestationUsed>,
}

/// An attestation from `chanto.yaml` that a requirement rests on.
#[derive(Debug, Clone, Serialize)]
pub struct AttestationUsed {
    pub code: String,
    pub statement: String,
    pub owner: String,
    pub reviewed: String,
    /// The first day it is stale.
    pub valid_until: String,
}

pub fn judge(
    requirements: &[Requirement],
    config: &Config,
    inventory: &Inventory,
    outcomes: &[Outcome],
    todo: &[Outcome],
    tallies: &[(&'static str, Tally)],
    as_of: Date,
) -> Vec<RequirementVerdict> {
    requirements
        .iter()
        .map(|r| judge_one(r, config, inventory, outcomes, todo, tallies, as_of))
        .collect()
}

fn judge_one(
    requirement: &Requirement,
    config: &Config,
    inventory: &Inventory,
    outcomes: &[Outcome],
    todo: &[Outcome],
    tallies: &[(&'static str, Tally)],
    as_of: Date,
) -> RequirementVerdict {
    let mut status = Status::Compliant;
    let mut findings = Vec::new();
    let mut reasons = Vec::new();
    let mut attested = Vec::new();
    let mut all_attestations = true;
    let describe = |a: &crate::model::Attestation| AttestationUsed {
        code: a.code.clone(),
        statement: a.statement.clone(),
        owner: a.owner.clone(),
        reviewed: a.reviewed.to_string(),
        valid_until: a.stale_from().to_string(),
    };

    for code in &requirement.codes {
        let attestation = config
            .attestations
            .iter()
            .find(|a| a.code.eq_ignore_ascii_case(code));
        let Some(rule) = rules::find(code) else {
            // The organisation's own attestation code.
            match judge_attestation(code, attestation, as_of) {
                Some((s, reason)) => {
                    status = status.max(s);
                    reasons.push(reason);
                }
                None => attested.extend(attestation.map(describe)),
            }
            continue;
        };
        let is_attestation = rule.meta.kind == Kind::Attestation;
        all_attestations &= is_attestation;
        if todo.iter().any(|o| o.rule.code == rule.meta.code) {
            status = status.max(Status::Unknown);
            reasons.push(format!(
                "{code}: not attested yet (no chanto.yaml; `chanto init` writes one)"
            ));
            continue;
        }
        let of_code: Vec<&Outcome> = outcomes
            .iter()
            .filter(|o| o.rule.code == rule.meta.code)
            .collect();
        let Some((_, tally)) = tallies.iter().find(|(c, _)| *c == rule.meta.code) else {
            status = status.max(Status::Unknown);
            reasons.push(format!("{code}: not evaluated (not selected)"));
            continue;
        };
        if of_code.is_empty() && tally.passed + tally.not_applicable == 0 {
            status = status.max(Status::Unknown);
            reasons.push(format!("{code}: {}", rule.input().missing()));
            continue;
        }
        if is_attestation
            && let Some(a) = attestation
            && as_of >= a.stale_from()
        {
            status = status.max(Status::Stale);
            reasons.push(format!(
                "{code}: attestation stale since {}",
                a.stale_from()
            ));
            continue;
        }
        if is_attestation && of_code.is_empty() {
            attested.extend(attestation.map(describe));
        }
        for o in of_code {
            let name = inventory.resource(o.evaluation.subject).name;
            match (&o.evaluation.verdict, &o.suppression) {
                (Verdict::Fail { .. }, None) => {
                    status = status.max(Status::Violated);
                    findings.push(format!("{code} {name}"));
                }
                (Verdict::Unknown { reason, .. }, None) => {
                    status = status.max(Status::Unknown);
                    reasons.push(format!("{code} {name}: {reason}"));
                }
                (Verdict::Fail { .. } | Verdict::Unknown { .. }, Some(s)) => {
                    status = status.max(Status::Waived);
                    reasons.push(format!("{code} {name} suppressed: {}", s.reason));
                }
            }
        }
    }
    if status == Status::Compliant && all_attestations && !requirement.codes.is_empty() {
        status = Status::Attested;
    }
    findings.dedup();
    RequirementVerdict {
        id: requirement.id.clone(),
        title: requirement.title.clone(),
        text: requirement.text.clone(),
        features: requirement.features.clone(),
        codes: requirement.codes.clone(),
        status,
        findings,
        reasons,
        attestations: attested,
    }
}

/// The organisation's own attestation: stale or missing, with why.
fn judge_attestation(
    code: &str,
    attestation: Option<&Attestation>,
    as_of: Date,
) -> Option<(Status, String)> {
    match attestation {
        Some(a) if as_of >= a.stale_from() => Some((
            Status::Stale,
            format!("{code}: attestation stale since {}", a.stale_from()),
        )),
        Some(_) => None,
        None => Some((Status::Violated, format!("{code}: no attestation"))),
    }
}
