use crate::rules::workload::decide;
use crate::rules::{Context, Rule, RuleMeta, Verdicts, declare_rule, workload};

declare_rule! {
    /// ## What it checks
    /// `securityContext.ulimits` on any container. Part of the baseline profile since Kubernetes
    /// 1.37.
    ///
    /// Pod Security Standards, baseline profile. Read from Pods and from the pod
    /// templates of Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// ReplicationControllers, Jobs and CronJobs; init and ephemeral containers count.
    ///
    /// ## Why it matters
    /// Raising resource limits per container can exhaust node resources shared with other pods. (talk s23)
    ///
    /// ## How to fix
    /// Remove `securityContext.ulimits`; size the workload with requests and limits instead.
    ///
    /// ## What the fix costs
    /// Software tuned with high file-descriptor limits needs node-level configuration instead.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    pub struct Ulimits {
        code: "CL213",
        name: "container-ulimits",
        title: "Container sets ulimits",
        pillar: Cluster,
        kind: Exposure,
        severity: Low,
        responsibility: Customer,
        component: Workload,
        remediation: "Remove securityContext.ulimits",
        profile: Baseline,
    }
}

impl Rule for Ulimits {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn object_local(&self) -> bool {
        true
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        workload::each_workload(cx, out, Self::META.profile, |_, spec| {
            decide(workload::container_fields(
                spec,
                |c| [&c.security.ulimits],
                |()| Some("sets ulimits".to_string()),
            ))
        });
    }
}
