use crate::model::{KubeObject, PodSpec};
use crate::rules::workload::effective;
use crate::rules::{Context, Judgement, declare_rule, fail_all};

declare_rule! {
    /// ## What it checks
    /// Every container must run with seccomp `RuntimeDefault` or `Localhost`, set on the pod or
    /// on the container. Not applicable to Windows pods.
    ///
    /// Pod Security Standards, restricted profile. Read from Pods and from the pod
    /// templates of Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// ReplicationControllers, Jobs and CronJobs; init and ephemeral containers count.
    ///
    /// ## Why it matters
    /// Without a profile the container runtime applies none on many nodes, and the kernel's full
    /// syscall surface is open.
    ///
    /// ## How to fix
    /// Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod.
    ///
    /// ## What the fix costs
    /// Rarely any: RuntimeDefault blocks only syscalls ordinary applications don't make.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    code: "CL218", name: "seccomp-profile-missing", judges: [LinuxPodSpec(judge)],
    pillar: Cluster, kind: Exposure, severity: Medium, responsibility: Customer, component: Workload, profile: Restricted,
    since: "0.1.0", status: Stable, title: "No seccomp profile",
    remediation: "Set seccompProfile.type: RuntimeDefault on the pod",
}

fn judge(_: &Context, _: &KubeObject, spec: &PodSpec) -> Judgement {
    let mut violations = Vec::new();
    for c in &spec.containers {
        let seccomp = effective(&c.security.seccomp_type, &spec.security.seccomp_type);
        match seccomp.set()? {
            Some((t, _))
                if t.eq_ignore_ascii_case("RuntimeDefault") || t.eq_ignore_ascii_case("Localhost") => {}
            Some((t, loc)) => {
                violations.push((loc, format!("container {} runs with seccomp {t}", c.name)))
            }
            None => violations.push((
                seccomp.loc(),
                format!("container {} has no seccomp profile", c.name),
            )),
        }
    }
    fail_all(violations)
}
