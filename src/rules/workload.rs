//! Shared shape of the rules that judge pod specs: one evaluation per
//! workload, failing on the first field that breaks the control and naming
//! every container that does.

use super::{Context, Evaluation, PodSecurityProfile, Severity, Verdicts};
use crate::model::{
    Container, ContainerKind, Field, KubeObject, Loc, PodSpec, SecurityContext, Subject,
    WorkloadFacts,
};

/// Where a control is broken and how, in spec order.
pub type Violations = Vec<(Loc, String)>;

/// A field the input cannot tell: why, and where.
pub type Unreadable = (String, Loc);

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
    pub fn from_violations(violations: Violations) -> Check {
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

    fn evaluate(self, subject: Subject) -> Evaluation {
        match self {
            Check::Pass => Evaluation::pass(subject),
            Check::Fail(loc, message, severity) => {
                Evaluation::fail(subject, loc, message).with_severity(severity)
            }
            Check::Unknown(reason, loc) => Evaluation::unknown(subject, loc, reason),
            Check::NotApplicable(reason) => Evaluation::not_applicable(subject, reason),
        }
    }
}

/// Runs `check` on every workload. Restricted-profile controls are rated
/// low unless the organisation asks for the restricted profile.
pub fn each_workload(
    cx: &Context,
    out: &mut Verdicts,
    profile: Option<PodSecurityProfile>,
    check: impl Fn(&KubeObject, &PodSpec) -> Check,
) {
    let downgrade = profile == Some(PodSecurityProfile::Restricted)
        && cx.options.pod_security == PodSecurityProfile::Baseline;
    for (id, object, spec) in cx.inventory.workloads() {
        let mut judged = check(object, spec);
        if downgrade {
            judged = judged.rated(Severity::Low);
        }
        out.push(judged.evaluate(Subject::Object(id)));
    }
}

/// Runs `check` on every workload's facts: for rules that also read other
/// objects, and so run after every file is loaded.
pub fn each_workload_facts(
    cx: &Context,
    out: &mut Verdicts,
    check: impl Fn(&KubeObject, &WorkloadFacts) -> Check,
) {
    for (id, object, facts) in cx.inventory.workload_facts() {
        out.push(check(object, facts).evaluate(Subject::Object(id)));
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
) -> Result<Violations, Unreadable> {
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

/// Checks one field of the pod's security context and of every
/// container's; `bad` says what is wrong with a value, and each violation
/// names who set it. An unknown value is returned as the error.
pub fn security_fields<T>(
    spec: &PodSpec,
    field: impl Fn(&SecurityContext) -> &Field<T>,
    bad: impl Fn(&T) -> Option<String>,
) -> Result<Violations, Unreadable> {
    let mut violations = Vec::new();
    if let Some((what, loc)) = judge(field(&spec.security), &bad)? {
        violations.push((loc, format!("pod {what}")));
    }
    violations.extend(container_fields(spec, |c| [field(&c.security)], bad)?);
    Ok(violations)
}

/// Checks fields of every container (one, or each entry of a list); `bad`
/// says what is wrong with a value. An unknown value is returned as the
/// error.
pub fn container_fields<'a, T: 'a, I>(
    spec: &'a PodSpec,
    fields: impl Fn(&'a Container) -> I,
    bad: impl Fn(&T) -> Option<String>,
) -> Result<Violations, Unreadable>
where
    I: IntoIterator<Item = &'a Field<T>>,
{
    let mut violations = Vec::new();
    for c in &spec.containers {
        for field in fields(c) {
            // The name is only formatted for a violation: most specs pass.
            if let Some((what, loc)) = judge(field, &bad)? {
                violations.push((loc, format!("container {} {what}", c.name)));
            }
        }
    }
    Ok(violations)
}

fn judge<T>(
    field: &Field<T>,
    bad: impl Fn(&T) -> Option<String>,
) -> Result<Option<(String, Loc)>, Unreadable> {
    match field {
        Field::Set(value, loc) => Ok(bad(value).map(|what| (what, *loc))),
        Field::Unknown(reason, loc) => Err((reason.clone(), *loc)),
        Field::Absent(_) => Ok(None),
    }
}

/// The images of containers and init containers (ephemeral debug containers
/// aren't deployed), or the first one that can't be read.
pub fn images(spec: &PodSpec) -> Result<Vec<(&Container, &str, Loc)>, Unreadable> {
    let mut images = Vec::new();
    for c in spec
        .containers
        .iter()
        .filter(|c| c.kind != ContainerKind::Ephemeral)
    {
        match &c.image {
            Field::Set(image, loc) => images.push((c, image.as_str(), *loc)),
            Field::Unknown(reason, loc) => return Err((reason.clone(), *loc)),
            Field::Absent(_) => {}
        }
    }
    Ok(images)
}

/// `Ok(violations)` becomes pass or fail, `Err` unknown.
pub fn decide(result: Result<Violations, Unreadable>) -> Check {
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
