use crate::rules::workload::decide;
use crate::rules::{Context, Rule, RuleMeta, Verdicts, declare_rule, workload};

declare_rule! {
    /// ## What it checks
    /// Any container port with a `hostPort` other than 0.
    ///
    /// Pod Security Standards, baseline profile. Read from Pods and from the pod
    /// templates of Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// ReplicationControllers, Jobs and CronJobs; init and ephemeral containers count.
    ///
    /// ## Why it matters
    /// A host port opens the node's own address to the pod, bypassing Services, NetworkPolicies
    /// on the pod network, and any load balancer rules (talk s17). (talk s23)
    ///
    /// ## How to fix
    /// Remove `hostPort`; publish through a Service.
    ///
    /// ## What the fix costs
    /// Pods with host ports can only run once per node, so removing them also frees scheduling.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    pub struct HostPorts {
        code: "CL204",
        name: "host-ports",
        title: "Container binds a host port",
        pillar: Cluster,
        kind: Exposure,
        severity: Medium,
        responsibility: Customer,
        component: Workload,
        remediation: "Remove hostPort from container ports",
        profile: Baseline,
    }
}

impl Rule for HostPorts {
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
                |c| &c.host_ports,
                |port| (*port != 0).then(|| format!("binds host port {port}")),
            ))
        });
    }
}
