use crate::model::{KubeObject, PodSpec};
use crate::rules::workload::container_fields;
use crate::rules::{Context, Judgement, declare_rule, fail_all};

declare_rule! {
    /// ## What it checks
    /// A `host` on a liveness, readiness or startup probe, or on a postStart/preStop hook
    /// (`httpGet` or `tcpSocket`). Part of the baseline profile since Kubernetes 1.34.
    ///
    /// Pod Security Standards, baseline profile. Read from Pods and from the pod
    /// templates of Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// ReplicationControllers, Jobs and CronJobs; init and ephemeral containers count.
    ///
    /// ## Why it matters
    /// The kubelet makes those requests from the node, so a pod can use them to reach addresses
    /// only the node can reach.
    ///
    /// ## How to fix
    /// Remove `host`; probes then target the pod's own IP.
    ///
    /// ## What the fix costs
    /// None for ordinary probes.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    code: "CL212", name: "probe-or-lifecycle-host", judges: [PodSpec(judge)],
    pillar: Cluster, kind: Exposure, severity: Medium, responsibility: Customer, component: Workload, profile: Baseline,
    since: "0.1.0", status: Stable, title: "Probe or lifecycle hook aimed at another host",
    remediation: "Remove host from probes and lifecycle handlers",
}

fn judge(_: &Context, _: &KubeObject, spec: &PodSpec) -> Judgement {
    fail_all(container_fields(
        spec,
        |c| &c.probe_hosts,
        |host| Some(format!("probes host {host}")),
    )?)
}
