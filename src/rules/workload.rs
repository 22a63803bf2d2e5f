//! Shared shape of the rules that judge pod specs: one evaluation per
//! workload, failing on the first field that breaks the control and naming
//! every container that does.

use super::{Context, Evaluation, PodSecurityProfile, Severity};
use crate::model::{Container, Field, KubeObject, Loc, PodSpec, Subject, WorkloadFacts};

/// A rule's judgement on one pod spec.
pub enum Check {
    Pass,
    /// A finding; the severity, when given, replaces the rule's own.
    Fail(Loc, String, Option<Severity>),
    Unknown(String, Loc),
    NotApplicable(&'static str),
}

impl Check {
    /// Fails on the first violation, listing all of them.
    pub fn from_violations(violations: Vec<(Loc, String)>) -> Check {
        match violations.first() {
            None => Check::Pass,
            Some((loc, _)) => Check::Fail(
                *loc,
                violations
                    .iter()
                    .map(|(_, m)| m.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
                None,
            ),
        }
    }

    /// Rates a failing check other than the rule's default severity.
    pub fn rated(self, severity: Severity) -> Check {
        match self {
            Check::Fail(loc, message, _) => Check::Fail(loc, message, Some(severity)),
            other => other,
        }
    }
}

/// Runs `check` on every workload. Restricted-profile controls are rated
/// low unless the organisation asks for the restricted profile.
pub fn each_workload(
    cx: &Context,
    out: &mut Vec<Evaluation>,
    profile: Option<PodSecurityProfile>,
    check: impl Fn(&KubeObject, &PodSpec) -> Check,
) {
    let downgrade = profile == Some(PodSecurityProfile::Restricted)
        && cx.options.pod_security == PodSecurityProfile::Baseline;
    for (id, object, spec) in cx.inventory.workloads() {
        let subject = Subject::Object(id);
        out.push(match check(object, spec) {
            Check::Pass => Evaluation::pass(subject),
            Check::Fail(loc, message, severity) => Evaluation::fail(subject, loc, message)
                .with_severity(if downgrade {
                    Some(Severity::Low)
                } else {
                    severity
                }),
            Check::Unknown(reason, loc) => Evaluation::unknown(subject, loc, reason),
            Check::NotApplicable(reason) => Evaluation::not_applicable(subject, reason),
        });
    }
}

/// Runs `check` on every workload's facts: for rules that also read other
/// objects, and so run after every file is loaded.
pub fn each_workload_facts(
    cx: &Context,
    out: &mut Vec<Evaluation>,
    check: impl Fn(&KubeObject, &WorkloadFacts) -> Check,
) {
    for (id, object, facts) in cx.inventory.workload_facts() {
        let subject = Subject::Object(id);
        out.push(match check(object, facts) {
            Check::Pass => Evaluation::pass(subject),
            Check::Fail(loc, message, severity) => {
                Evaluation::fail(subject, loc, message).with_severity(severity)
            }
            Check::Unknown(reason, loc) => Evaluation::unknown(subject, loc, reason),
            Check::NotApplicable(reason) => Evaluation::not_applicable(subject, reason),
        });
    }
}

/// Collects violations of a boolean field that must not be true, on the pod
/// (`pod_field`) and on every container (`container_field`). An unknown
/// value is returned as the error.
pub fn true_flags(
    spec: &PodSpec,
    pod_field: Option<(&Field<bool>, &str)>,
    container_field: impl Fn(&Container) -> &Field<bool>,
    what: &str,
) -> Result<Vec<(Loc, String)>, (String, Loc)> {
    let mut violations = Vec::new();
    if let Some((field, message)) = pod_field {
        match field {
            Field::Set(true, loc) => violations.push((*loc, message.to_string())),
            Field::Unknown(reason, loc) => return Err((reason.clone(), *loc)),
            _ => {}
        }
    }
    for c in &spec.containers {
        match container_field(c) {
            Field::Set(true, loc) => {
                violations.push((*loc, format!("container {} {what}", c.name)))
            }
            Field::Unknown(reason, loc) => return Err((reason.clone(), *loc)),
            _ => {}
        }
    }
    Ok(violations)
}

/// `Ok(violations)` becomes pass or fail, `Err` unknown.
pub fn decide(result: Result<Vec<(Loc, String)>, (String, Loc)>) -> Check {
    match result {
        Ok(violations) => Check::from_violations(violations),
        Err((reason, loc)) => Check::Unknown(reason, loc),
    }
}

/// The value a container effectively gets: its own setting, else the pod's.
pub fn effective<'a, T>(container: &'a Field<T>, pod: &'a Field<T>) -> &'a Field<T> {
    match container {
        Field::Absent(_) => pod,
        set => set,
    }
}
