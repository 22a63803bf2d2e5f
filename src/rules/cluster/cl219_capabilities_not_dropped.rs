use crate::model::{KubeObject, PodSpec};
use crate::rules::{Context, Judgement, declare_rule, fail_all};

declare_rule! {
    /// ## What it checks
    /// Every container must drop `ALL` capabilities and may add back only `NET_BIND_SERVICE`. Not
    /// applicable to Windows pods.
    ///
    /// Pod Security Standards, restricted profile. Read from Pods and from the pod
    /// templates of Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// ReplicationControllers, Jobs and CronJobs; init and ephemeral containers count.
    ///
    /// ## Why it matters
    /// Default capabilities (CHOWN, SETUID, NET_RAW in some runtimes…) are more than almost any
    /// application needs and help an attacker after a compromise.
    ///
    /// ## How to fix
    /// `capabilities: {drop: [ALL]}`, adding `NET_BIND_SERVICE` only to bind ports below 1024.
    ///
    /// ## What the fix costs
    /// Processes that change ownership or users at start (some official images' entrypoints) need
    /// rebuilding.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    code: "CL219", name: "capabilities-not-dropped", judges: [LinuxPodSpec(judge)],
    pillar: Cluster, kind: Exposure, severity: Medium, responsibility: Customer, component: Workload, profile: Restricted,
    since: "0.1.0", status: Stable, title: "Capabilities not dropped (drop ALL)",
    remediation: "Drop ALL capabilities; add back only NET_BIND_SERVICE",
}

fn judge(_: &Context, _: &KubeObject, spec: &PodSpec) -> Judgement {
    let mut violations = Vec::new();
    for c in &spec.containers {
        let drop = &c.security.capabilities_drop;
        if !drop.set()?.is_some_and(|(d, _)| d.iter().any(|d| d.eq_ignore_ascii_case("ALL"))) {
            violations.push((
                drop.loc(),
                format!("container {} does not drop ALL capabilities", c.name),
            ));
        }
        if let Some((add, loc)) = c.security.capabilities_add.set()?
            && add.iter().any(|a| a.trim_start_matches("CAP_") != "NET_BIND_SERVICE")
        {
            violations.push((
                loc,
                format!("container {} adds capabilities other than NET_BIND_SERVICE", c.name),
            ));
        }
    }
    fail_all(violations)
}
