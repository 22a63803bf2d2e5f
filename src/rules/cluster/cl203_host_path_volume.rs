use crate::model::{KubeObject, PodSpec};
use crate::rules::{Context, Judgement, declare_rule, fail_all};

declare_rule! {
    /// ## What it checks
    /// Any volume of type `hostPath`.
    ///
    /// Pod Security Standards, baseline profile. Read from Pods and from the pod
    /// templates of Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// ReplicationControllers, Jobs and CronJobs; init and ephemeral containers count.
    ///
    /// ## Why it matters
    /// A hostPath mount reads or writes the node's file system: kubelet credentials, container
    /// runtime sockets, other pods' data.
    ///
    /// ## How to fix
    /// Use a `persistentVolumeClaim`, `emptyDir`, `configMap` or `secret` volume instead.
    ///
    /// ## What the fix costs
    /// Log shippers and node agents read host paths by design; keep them in exempted system
    /// namespaces.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    code: "CL203", name: "host-path-volume", judges: [PodSpec(judge)],
    pillar: Cluster, kind: Exposure, severity: High, responsibility: Customer, component: Workload, profile: Baseline,
    since: "0.1.0", status: Stable, title: "hostPath volume",
    remediation: "Replace hostPath volumes with PVC, emptyDir, configMap or secret volumes",
}

fn judge(_: &Context, _: &KubeObject, spec: &PodSpec) -> Judgement {
    fail_all(
        spec.volumes
            .iter()
            .filter(|v| v.source == "hostPath")
            .map(|v| (v.loc, format!("volume {} mounts a hostPath", v.name)))
            .collect(),
    )
}
