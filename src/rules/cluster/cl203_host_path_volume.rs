use crate::rules::workload::Check;
use crate::rules::{Context, Rule, RuleMeta, Verdicts, declare_rule, workload};

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
    /// runtime sockets, other pods' data. (talk s23)
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
    pub struct HostPathVolume {
        code: "CL203",
        name: "host-path-volume",
        title: "hostPath volume",
        pillar: Cluster,
        kind: Exposure,
        severity: High,
        responsibility: Customer,
        component: Workload,
        remediation: "Replace hostPath volumes with PVC, emptyDir, configMap or secret volumes",
        profile: Baseline,
    }
}

impl Rule for HostPathVolume {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn object_local(&self) -> bool {
        true
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        workload::each_workload(cx, out, Self::META.profile, |_, spec| {
            Check::from_violations(
                spec.volumes
                    .iter()
                    .filter(|v| v.source == "hostPath")
                    .map(|v| (v.loc, format!("volume {} mounts a hostPath", v.name)))
                    .collect(),
            )
        });
    }
}
