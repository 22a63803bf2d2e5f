use crate::rules::workload::decide;
use crate::rules::{Context, Rule, RuleMeta, Verdicts, declare_rule, workload};

declare_rule! {
    /// ## What it checks
    /// `runAsUser: 0` on the pod or a container.
    ///
    /// Pod Security Standards, restricted profile. Read from Pods and from the pod
    /// templates of Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// ReplicationControllers, Jobs and CronJobs; init and ephemeral containers count.
    ///
    /// ## Why it matters
    /// UID 0 inside the container is UID 0 on the node unless user namespaces are in use. (talk s23)
    ///
    /// ## How to fix
    /// Set a non-zero `runAsUser`, or remove it and use an image with a non-root `USER`.
    ///
    /// ## What the fix costs
    /// As for CL216.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    pub struct RunAsRootUser {
        code: "CL217",
        name: "run-as-root-user",
        title: "Runs as user 0",
        pillar: Cluster,
        kind: Exposure,
        severity: Medium,
        responsibility: Customer,
        component: Workload,
        remediation: "Set a non-zero runAsUser",
        profile: Restricted,
    }
}

impl Rule for RunAsRootUser {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn object_local(&self) -> bool {
        true
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        workload::each_workload(cx, out, Self::META.profile, |_, spec| {
            decide(workload::security_fields(
                spec,
                |sc| &sc.run_as_user,
                |uid| (*uid == 0).then(|| "runs as user 0".to_string()),
            ))
        });
    }
}
