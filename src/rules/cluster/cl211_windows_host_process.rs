use crate::rules::workload::{decide, true_flags};
use crate::rules::{Context, Rule, RuleMeta, Verdicts, declare_rule, workload};

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
    /// equivalent of privileged. (talk s23)
    ///
    /// ## How to fix
    /// Remove `hostProcess: true`.
    ///
    /// ## What the fix costs
    /// Windows node agents need it; keep them in system namespaces.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    pub struct WindowsHostProcess {
        code: "CL211",
        name: "windows-host-process",
        title: "Windows HostProcess container",
        pillar: Cluster,
        kind: Exposure,
        severity: High,
        responsibility: Customer,
        component: Workload,
        remediation: "Remove windowsOptions.hostProcess: true",
        profile: Baseline,
    }
}

impl Rule for WindowsHostProcess {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn object_local(&self) -> bool {
        true
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        workload::each_workload(cx, out, Self::META.profile, |_, spec| {
            decide(true_flags(
                spec,
                Some((
                    &spec.security.windows_host_process,
                    "pod runs as a Windows HostProcess",
                )),
                |c| &c.security.windows_host_process,
                "runs as a Windows HostProcess container",
            ))
        });
    }
}
