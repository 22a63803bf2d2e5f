use crate::model::{KubeObject, PodSpec};
use crate::rules::{Context, Judgement, declare_rule, fail_all};

declare_rule! {
    /// ## What it checks
    /// `hostNetwork`, `hostPID` or `hostIPC` set to true on the pod spec.
    ///
    /// Pod Security Standards, baseline profile. Read from Pods and from the pod
    /// templates of Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// ReplicationControllers, Jobs and CronJobs; init and ephemeral containers count.
    ///
    /// ## Why it matters
    /// With host namespaces a pod sees every process on the node, sniffs node traffic and reaches
    /// node-local services such as the kubelet and the instance metadata endpoint.
    ///
    /// ## How to fix
    /// Remove `hostNetwork`, `hostPID` and `hostIPC`; expose ports through a Service instead.
    ///
    /// ## What the fix costs
    /// Node agents (kube-proxy, CNI) need host networking; keep them in system namespaces.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    code: "CL202", name: "host-namespaces", judges: [PodSpec(judge)],
    pillar: Cluster, kind: Exposure, severity: High, responsibility: Customer, component: Workload, profile: Baseline,
    since: "0.1.0", status: Stable, title: "Pod shares the host's network, PID or IPC namespace",
    remediation: "Remove hostNetwork, hostPID and hostIPC",
}

fn judge(_: &Context, _: &KubeObject, spec: &PodSpec) -> Judgement {
    let mut violations = Vec::new();
    for (field, name) in [
        (&spec.host_network, "hostNetwork"),
        (&spec.host_pid, "hostPID"),
        (&spec.host_ipc, "hostIPC"),
    ] {
        if let Some((true, loc)) = field.set()? {
            violations.push((loc, format!("pod shares the host's namespace ({name})")));
        }
    }
    fail_all(violations)
}
