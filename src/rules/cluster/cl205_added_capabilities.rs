use crate::model::{KubeObject, PodSpec};
use crate::rules::workload::container_fields;
use crate::rules::{Context, Judgement, declare_rule, fail_all};

declare_rule! {
    /// ## What it checks
    /// `securityContext.capabilities.add` with anything outside the container runtime's default
    /// set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE,
    /// SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT).
    ///
    /// Pod Security Standards, baseline profile. Read from Pods and from the pod
    /// templates of Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// ReplicationControllers, Jobs and CronJobs; init and ephemeral containers count.
    ///
    /// ## Why it matters
    /// Capabilities such as SYS_ADMIN, NET_ADMIN or SYS_PTRACE are most of root: they let a
    /// process escape the container or tamper with the node's network.
    ///
    /// ## How to fix
    /// Remove the extra capabilities; if one is really needed, document it and exempt that
    /// workload.
    ///
    /// ## What the fix costs
    /// Network tooling (NET_ADMIN) and debuggers (SYS_PTRACE) stop working; run them only in
    /// break-glass namespaces.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    code: "CL205", name: "added-capabilities", judges: [PodSpec(judge)],
    pillar: Cluster, kind: Exposure, severity: Medium, responsibility: Customer, component: Workload, profile: Baseline,
    since: "0.1.0", status: Stable, title: "Capabilities added beyond the default set",
    remediation: "Remove capabilities outside the default set from capabilities.add",
}

fn judge(_: &Context, _: &KubeObject, spec: &PodSpec) -> Judgement {
    fail_all(container_fields(
        spec,
        |c| [&c.security.capabilities_add],
        |caps| {
            let extra: Vec<&str> = caps
                .iter()
                .map(String::as_str)
                .filter(|cap| !DEFAULT_CAPABILITIES.contains(&cap.trim_start_matches("CAP_")))
                .collect();
            (!extra.is_empty()).then(|| format!("adds {}", extra.join(", ")))
        },
    )?)
}

/// The container runtime's default capabilities, which baseline allows adding.
const DEFAULT_CAPABILITIES: [&str; 13] = [
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];
