use std::collections::HashSet;

use crate::model::{ContainerKind, Field, KubeObject, PodSpec};
use crate::rules::{Context, Judgement, declare_rule, fail_all};

declare_rule! {
    /// ## What it checks
    /// What makes a workload's manifest say something other than what runs,
    /// or run other than its owners expect:
    /// - `serviceAccount` (deprecated) without `serviceAccountName`;
    /// - an env var defined twice in one container (the last one wins,
    ///   silently);
    /// - `hostAliases`, which rewrite every container's `/etc/hosts`;
    /// - a Deployment with `strategy.type: Recreate`, or a StatefulSet or
    ///   DaemonSet with `updateStrategy.type: OnDelete` (no rolling update);
    /// - a pod template without any of the recommended labels
    ///   (`app.kubernetes.io/name`, `app.kubernetes.io/instance`,
    ///   `app.kubernetes.io/part-of`, `app`), which network policies,
    ///   Services and cost reports select on.
    ///
    /// ## Why it matters
    /// Each is a way for review to miss what the cluster does: a name
    /// resolved to another address, an env value overridden below the one read,
    /// an update that takes the whole service down, a policy that selects
    /// nothing.
    ///
    /// ## How to fix
    /// Use `serviceAccountName`; remove the duplicate variable; resolve names
    /// through DNS instead of `hostAliases`; use `RollingUpdate`; label the pod
    /// template.
    ///
    /// ## What the fix costs
    /// Nothing the workload depends on, once each item is understood.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/
    /// - https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy
    /// - https://kubernetes.io/docs/tasks/network/customize-hosts-file-for-pods/
    code: "CL234", name: "manifest-hygiene", judges: [PodSpec(judge)],
    pillar: Cluster, kind: Exposure, severity: Info, responsibility: Customer, component: Workload,
    since: "0.2.0", status: Preview, title: "Workload manifest that hides or disrupts what runs",
    remediation: "Use serviceAccountName, unique env vars, DNS over hostAliases, rolling updates and recommended labels",
}

/// Labels that identify the application to selectors and people.
const IDENTIFYING_LABELS: [&str; 4] = [
    "app.kubernetes.io/name",
    "app.kubernetes.io/instance",
    "app.kubernetes.io/part-of",
    "app",
];

fn judge(_: &Context, object: &KubeObject, spec: &PodSpec) -> Judgement {
    let mut violations = Vec::new();
    if let Some(loc) = spec.deprecated_service_account {
        violations.push((loc, "uses the deprecated serviceAccount field".to_string()));
    }
    for c in spec.containers.iter().filter(|c| c.kind != ContainerKind::Ephemeral) {
        let mut seen = HashSet::new();
        for env in &c.env {
            if !seen.insert(env.name.as_str()) {
                violations.push((
                    env.loc,
                    format!("container {} defines {} twice", c.name, env.name),
                ));
            }
        }
    }
    if let Field::Set((), loc) = spec.host_aliases.known()? {
        violations.push((*loc, "rewrites /etc/hosts with hostAliases".to_string()));
    }
    if let Some((strategy, loc)) = spec.update_strategy.set()?
        && (strategy == "Recreate" || strategy == "OnDelete")
    {
        violations.push((loc, format!("updates with {strategy}, not a rolling update")));
    }
    // A label whose value is only known at deployment still has its key.
    if spec.labels_complete
        && !spec
            .labels
            .iter()
            .any(|(k, _)| IDENTIFYING_LABELS.contains(&k.as_str()))
    {
        violations.push((
            spec.labels_loc,
            format!(
                "the {} labels its pods with none of {}",
                object.kind,
                IDENTIFYING_LABELS.join(", ")
            ),
        ));
    }
    violations.sort_by_key(|(loc, _)| *loc);
    fail_all(violations)
}
