//! What the rules that judge pod specs share: collecting every container
//! that breaks a control, in spec order, for [`super::fail_all`]. An unknown
//! field is the error.

use crate::model::{Container, ContainerKind, Field, Loc, PodSpec, SecurityContext, Unknown};

/// Where a control is broken and how, in spec order.
pub type Violations = Vec<(Loc, String)>;

/// Collects violations of a boolean field that must not be true, on the pod
/// (`pod_field`) and on every container (`container_field`). An unknown
/// value is returned as the error.
pub fn true_flags(
    spec: &PodSpec,
    pod_field: Option<(&Field<bool>, &str)>,
    container_field: impl Fn(&Container) -> &Field<bool>,
    what: &str,
) -> Result<Violations, Unknown> {
    let mut violations = Vec::new();
    if let Some((field, message)) = pod_field
        && let Some((true, loc)) = field.set()?
    {
        violations.push((loc, message.to_string()));
    }
    for c in &spec.containers {
        if let Some((true, loc)) = container_field(c).set()? {
            violations.push((loc, format!("container {} {what}", c.name)));
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
) -> Result<Violations, Unknown> {
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
) -> Result<Violations, Unknown>
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
) -> Result<Option<(String, Loc)>, Unknown> {
    Ok(field
        .set()?
        .and_then(|(value, loc)| bad(value).map(|what| (what, loc))))
}

/// The images of containers and init containers (ephemeral debug containers
/// aren't deployed), or the first one that can't be read.
pub fn images(spec: &PodSpec) -> Result<Vec<(&Container, &str, Loc)>, Unknown> {
    let mut images = Vec::new();
    for c in spec
        .containers
        .iter()
        .filter(|c| c.kind != ContainerKind::Ephemeral)
    {
        if let Some((image, loc)) = c.image.set()? {
            images.push((c, image.as_str(), loc));
        }
    }
    Ok(images)
}

/// The value a container effectively gets: its own setting, else the pod's.
pub fn effective<'a, T>(container: &'a Field<T>, pod: &'a Field<T>) -> &'a Field<T> {
    match container {
        Field::Absent(_) => pod,
        set => set,
    }
}
