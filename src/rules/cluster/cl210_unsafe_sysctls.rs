use crate::model::{KubeObject, PodSpec};
use crate::rules::{Context, Judgement, declare_rule, fail_all};

declare_rule! {
    /// ## What it checks
    /// `securityContext.sysctls` names outside the safe set of the current standard:
    /// kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_unprivileged_port_start,
    /// net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_local_reserved_ports,
    /// net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl,
    /// net.ipv4.tcp_keepalive_probes.
    ///
    /// Pod Security Standards, baseline profile. Read from Pods and from the pod
    /// templates of Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// ReplicationControllers, Jobs and CronJobs; init and ephemeral containers count.
    ///
    /// ## Why it matters
    /// Sysctls outside that set are not isolated per pod: they change the node's kernel for every
    /// pod on it.
    ///
    /// ## How to fix
    /// Remove the sysctl, or set it on the node pool (`linuxOSConfig.sysctls` on AKS) where it
    /// belongs.
    ///
    /// ## What the fix costs
    /// The kubelet must also allow unsafe sysctls (`allowedUnsafeSysctls`), which weakens every
    /// pod on the pool.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    code: "CL210", name: "unsafe-sysctls", judges: [PodSpec(judge)],
    pillar: Cluster, kind: Exposure, severity: Medium, responsibility: Customer, component: Workload, profile: Baseline,
    since: "0.1.0", status: Stable, title: "Unsafe sysctls",
    remediation: "Remove unsafe sysctls from the pod",
}

fn judge(_: &Context, _: &KubeObject, spec: &PodSpec) -> Judgement {
    fail_all(
        spec.sysctls
            .iter()
            .filter(|(name, _)| !SAFE_SYSCTLS.contains(&name.as_str()))
            .map(|(name, loc)| (*loc, format!("pod sets unsafe sysctl {name}")))
            .collect(),
    )
}

const SAFE_SYSCTLS: [&str; 10] = [
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
];
