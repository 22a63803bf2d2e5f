use crate::model::{ContainerKind, Field, KubeObject, PodSpec};
use crate::rules::workload::effective;
use crate::rules::{Context, Judgement, declare_rule, fail_all, not_applicable};

declare_rule! {
    /// ## What it checks
    /// The user and group IDs Linux containers run as, where the manifest sets
    /// them: `runAsUser` or `runAsGroup` (the container's, else the pod's) of
    /// 10000 or below, and a root group (0) in `runAsGroup`, `fsGroup` or
    /// `supplementalGroups`. Not applicable when no ID is set: the image's
    /// `USER` decides, which the manifest cannot show (CL216 requires
    /// `runAsNonRoot`); Trivy reports unset IDs as failures, chanto does not
    /// guess them.
    ///
    /// ## Why it matters
    /// IDs at or below 10000 collide with accounts on the node: a container that
    /// escapes runs as that host user. Group 0 owns many root-owned files.
    ///
    /// ## How to fix
    /// Run as an ID above 10000 (`runAsUser: 10001`, `runAsGroup: 10001`) and
    /// drop group 0 from `fsGroup` and `supplementalGroups`.
    ///
    /// ## What the fix costs
    /// Files the image owns by a lower ID become unreadable: fix their ownership
    /// in the image, or use `fsGroup` for volumes.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
    /// - https://kubernetes.io/docs/concepts/security/linux-kernel-security-constraints/
    code: "CL229", name: "low-user-or-group-id", judges: [LinuxPodSpec(judge)],
    pillar: Cluster, kind: Exposure, severity: Low, responsibility: Customer, component: Workload,
    since: "0.2.0", status: Preview, title: "Container runs with a user or group ID of 10000 or below, or a root group",
    remediation: "Run as user and group IDs above 10000 and keep group 0 out of fsGroup and supplementalGroups",
}

/// IDs up to this one may belong to accounts on the node.
const HOST_ID_RANGE: i64 = 10_000;

fn judge(_: &Context, _: &KubeObject, spec: &PodSpec) -> Judgement {
    let mut violations = Vec::new();
    let mut any_set = false;
    for c in spec.containers.iter().filter(|c| c.kind != ContainerKind::Ephemeral) {
        for (field, what) in [
            (effective(&c.security.run_as_user, &spec.security.run_as_user), "runAsUser"),
            (effective(&c.security.run_as_group, &spec.security.run_as_group), "runAsGroup"),
        ] {
            if let Some((id, loc)) = field.set()? {
                any_set = true;
                if *id <= HOST_ID_RANGE {
                    violations.push((loc, format!("container {} runs with {what} {id}", c.name)));
                }
            }
        }
    }
    if let Some((group, loc)) = spec.security.fs_group.set()? {
        any_set = true;
        if *group == 0 {
            violations.push((loc, "pod sets fsGroup 0 (root)".to_string()));
        }
    }
    if let Field::Set(groups, loc) = spec.security.supplemental_groups.known()? {
        any_set = true;
        if groups.contains(&0) {
            violations.push((*loc, "pod adds supplemental group 0 (root)".to_string()));
        }
    }
    if !any_set {
        return not_applicable("no user or group ID set: the image decides");
    }
    violations.sort_by_key(|(loc, _)| *loc);
    violations.dedup_by(|a, b| a.0 == b.0);
    fail_all(violations)
}
