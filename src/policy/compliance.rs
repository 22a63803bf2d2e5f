//! Each of the organisation's requirements, judged from the rules that decide
//! it. Unknown is never shown as compliant: a requirement is compliant only
//! when every code it names was evaluated and none failed or stayed unknown.

use jiff::civil::Date;
use serde::Serialize;

use super::config::Config;
use super::requirements::Requirement;
use std::borrow::Cow;

use crate::model::{Attestation, Inventory, Subject};
use crate::rules::{self, Input, Kind, Outcome, Tally, Verdict};

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

/// One cluster's verdict on each requirement, in a fleet.
#[derive(Debug, Clone, Serialize)]
pub struct ClusterCompliance {
    /// The cluster, as reports name it.
    pub cluster: String,
    /// Per requirement, in the profile's order.
    pub requirements: Vec<ClusterRequirement>,
}

/// A requirement as one cluster's own resources decide it.
#[derive(Debug, Clone, Serialize)]
pub struct ClusterRequirement {
    pub id: String,
    /// `null` when no rule of the requirement judges a cluster or its node
    /// pools (storage, Services, bindings): the fleet's verdict decides it.
    pub status: Option<Status>,
}

/// What every verdict is judged with.
pub struct Evidence<'a> {
    pub config: &'a Config,
    pub inventory: &'a Inventory,
    pub outcomes: &'a [Outcome],
    /// Attestations still to write (no policy file).
    pub todo: &'a [Outcome],
    pub tallies: &'a [(&'static str, Tally)],
    pub as_of: Date,
}

impl Evidence<'_> {
    fn todo_codes(&self) -> Vec<&'static str> {
        let mut codes: Vec<&'static str> = self.todo.iter().map(|o| o.rule.code).collect();
        codes.sort_unstable();
        codes.dedup();
        codes
    }
}

impl From<&Attestation> for AttestationUsed {
    fn from(a: &Attestation) -> Self {
        AttestationUsed {
            code: a.code.clone(),
            statement: a.statement.clone(),
            owner: a.owner.clone(),
            reviewed: a.reviewed.to_string(),
            valid_until: a.stale_from().to_string(),
        }
    }
}

pub fn judge(requirements: &[Requirement], evidence: &Evidence) -> Vec<RequirementVerdict> {
    let outcomes: Vec<&Outcome> = evidence.outcomes.iter().collect();
    let todo = evidence.todo_codes();
    requirements
        .iter()
        .map(|r| judge_one(r, &r.codes, evidence, &outcomes, &todo))
        .collect()
}

/// With more than one cluster: each cluster's verdict on each requirement,
/// from the rules that judge a cluster and its node pools, over that
/// cluster's outcomes alone. A rule judges every cluster, so a cluster
/// without an outcome of it passed it (or it did not apply).
pub fn judge_clusters(requirements: &[Requirement], evidence: &Evidence) -> Vec<ClusterCompliance> {
    let inventory = evidence.inventory;
    if inventory.clusters.len() < 2 {
        return Vec::new();
    }
    let mut by_cluster: Vec<Vec<&Outcome>> = vec![Vec::new(); inventory.clusters.len()];
    for o in evidence.outcomes {
        if let Some(c) = inventory.cluster_of(o.evaluation.subject) {
            by_cluster[c].push(o);
        }
    }
    let todo = evidence.todo_codes();
    let codes_judging = |inputs: &[Input]| -> Vec<Vec<String>> {
        requirements
            .iter()
            .map(|r| {
                r.codes
                    .iter()
                    .filter(|c| rules::find(c).is_some_and(|rule| inputs.contains(&rule.input())))
                    .cloned()
                    .collect()
            })
            .collect()
    };
    let per_cluster = codes_judging(&[Input::Clusters]);
    // A cluster whose objects were read live is judged on them too.
    let live: Vec<usize> = inventory
        .live_objects
        .iter()
        .filter_map(|l| l.cluster)
        .collect();
    let with_objects = codes_judging(&[
        Input::Clusters,
        Input::Workloads,
        Input::ServicesOrIngresses,
        Input::Namespaces,
        Input::RbacBindings,
        Input::Objects,
    ]);
    by_cluster
        .iter()
        .enumerate()
        .map(|(c, outcomes)| ClusterCompliance {
            cluster: inventory
                .cluster_labels
                .get(c)
                .cloned()
                .unwrap_or_else(|| inventory.clusters[c].name.clone()),
            requirements: requirements
                .iter()
                .zip(if live.contains(&c) {
                    &with_objects
                } else {
                    &per_cluster
                })
                .map(|(r, codes)| ClusterRequirement {
                    id: r.id.clone(),
                    status: (!codes.is_empty())
                        .then(|| judge_one(r, codes, evidence, outcomes, &todo).status),
                })
                .collect(),
        })
        .collect()
}

/// `requirement` judged by `codes` (all of its codes, or those one cluster
/// decides) over `outcomes`.
fn judge_one(
    requirement: &Requirement,
    codes: &[String],
    evidence: &Evidence,
    outcomes: &[&Outcome],
    todo: &[&'static str],
) -> RequirementVerdict {
    let Evidence {
        config,
        inventory,
        tallies,
        as_of,
        ..
    } = *evidence;
    let mut status = Status::Compliant;
    let mut findings = Vec::new();
    let mut reasons = Vec::new();
    let mut attested = Vec::new();
    let mut all_attestations = true;
    let describe = AttestationUsed::from;

    for code in codes {
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
        if todo.binary_search(&rule.meta.code).is_ok() {
            status = status.max(Status::Unknown);
            reasons.push(format!(
                "{code}: not attested yet (no chanto.yaml; `chanto init` writes one)"
            ));
            continue;
        }
        let of_code: Vec<&Outcome> = outcomes
            .iter()
            .filter(|o| o.rule.code == rule.meta.code)
            .copied()
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
            // A fleet's clusters by their labels: two may share a name.
            let name = match o.evaluation.subject {
                Subject::Cluster(c) => inventory.cluster_labels.get(c).map(String::as_str),
                _ => None,
            }
            .map_or_else(
                || inventory.resource(o.evaluation.subject).name,
                Cow::Borrowed,
            );
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
    if status == Status::Compliant && all_attestations && !codes.is_empty() {
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
