use crate::model::{KubeObject, PodSpec};
use crate::rules::workload::true_flags;
use crate::rules::{Context, Judgement, declare_rule, fail_all};

declare_rule! {
    /// ## What it checks
    /// `securityContext.windowsOptions.hostProcess: true` on the pod or a container.
    ///
    /// Pod Security Standards, baseline profile. Read from Pods and from the pod
    /// templates of Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// ReplicationControllers, Jobs and CronJobs; init and ephemeral containers count.
    ///
    /// ## Why it matters
    /// A HostProcess container runs directly on the Windows node with its privileges: the Windows
    /// equivalent of privileged.
    ///
    /// ## How to fix
    /// Remove `hostProcess: true`.
    ///
    /// ## What the fix costs
    /// Windows node agents need it; keep them in system namespaces.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    code: "CL211", name: "windows-host-process", judges: [PodSpec(judge)],
    pillar: Cluster, kind: Exposure, severity: High, responsibility: Customer, component: Workload, profile: Baseline,
    since: "0.1.0", status: Stable, title: "Windows HostProcess container",
    remediation: "Remove windowsOptions.hostProcess: true",
}

fn judge(_: &Context, _: &KubeObject, spec: &PodSpec) -> Judgement {
    fail_all(true_flags(
        spec,
        Some((
            &spec.security.windows_host_process,
            "pod runs as a Windows HostProcess",
        )),
        |c| &c.security.windows_host_process,
        "runs as a Windows HostProcess container",
    )?)
}
