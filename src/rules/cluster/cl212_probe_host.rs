use crate::rules::workload::decide;
use crate::rules::{Context, Rule, RuleMeta, Verdicts, declare_rule, workload};

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
    /// only the node can reach. (talk s23)
    ///
    /// ## How to fix
    /// Remove `host`; probes then target the pod's own IP.
    ///
    /// ## What the fix costs
    /// None for ordinary probes.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    pub struct ProbeHost {
        code: "CL212",
        name: "probe-or-lifecycle-host",
        title: "Probe or lifecycle hook aimed at another host",
        pillar: Cluster,
        kind: Exposure,
        severity: Medium,
        responsibility: Customer,
        component: Workload,
        remediation: "Remove host from probes and lifecycle handlers",
        profile: Baseline,
    }
}

impl Rule for ProbeHost {
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
                |c| &c.probe_hosts,
                |host| Some(format!("probes host {host}")),
            ))
        });
    }
}
