use crate::rules::workload::{decide, true_flags};
use crate::rules::{Context, Rule, RuleMeta, Verdicts, declare_rule, workload};

declare_rule! {
    /// ## What it checks
    /// Any container, init container or ephemeral container with `securityContext.privileged:
    /// true` (YAML `yes`/`on` included).
    ///
    /// Pod Security Standards, baseline profile. Read from Pods and from the pod
    /// templates of Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// ReplicationControllers, Jobs and CronJobs; init and ephemeral containers count.
    ///
    /// ## Why it matters
    /// A privileged container has every capability and the host's devices: it is root on the
    /// node, so one compromised pod owns the node and every pod on it (talk s23). (talk s23)
    ///
    /// ## How to fix
    /// Remove `privileged: true`; grant the one capability the process needs instead
    /// (`capabilities.add`).
    ///
    /// ## What the fix costs
    /// Software that really manages the node (CSI node plugins, CNI agents) needs it; run those
    /// in a dedicated namespace exempted by policy rather than loosening the rule everywhere.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    pub struct PrivilegedContainer {
        code: "CL201",
        name: "privileged-container",
        title: "Privileged container",
        pillar: Cluster,
        kind: Exposure,
        severity: High,
        responsibility: Customer,
        component: Workload,
        remediation: "Remove securityContext.privileged: true",
        profile: Baseline,
    }
}

impl Rule for PrivilegedContainer {
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
                None,
                |c| &c.security.privileged,
                "runs privileged",
            ))
        });
    }
}
