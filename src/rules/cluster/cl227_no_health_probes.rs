use crate::model::{ContainerKind, Field, KubeObject, ObjectKind, PodSpec};
use crate::rules::{Context, Judgement, declare_rule, fail_all, not_applicable};

declare_rule! {
    /// ## What it checks
    /// Containers of long-running workloads (not Jobs or CronJobs, whose pods
    /// end) without a `livenessProbe` or a `readinessProbe`. Init and
    /// ephemeral containers are not probed.
    ///
    /// ## Why it matters
    /// Without a readiness probe a Service sends traffic to pods that cannot
    /// answer yet; without a liveness probe a hung process is never
    /// restarted. Availability is part of security.
    ///
    /// ## How to fix
    /// Add both probes on a cheap endpoint of the application.
    ///
    /// ## What the fix costs
    /// A liveness probe that fails under load restarts healthy pods: give it a
    /// generous threshold.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
    code: "CL227", name: "no-health-probes", judges: [PodSpec(judge)],
    pillar: Cluster, kind: Exposure, severity: Info, responsibility: Customer, component: Workload,
    since: "0.2.0", status: Preview, title: "Container without liveness or readiness probe",
    remediation: "Add livenessProbe and readinessProbe to every long-running container",
}

fn judge(_: &Context, object: &KubeObject, spec: &PodSpec) -> Judgement {
    if matches!(object.kind, ObjectKind::Job | ObjectKind::CronJob) {
        return not_applicable("a Job's pods run to completion");
    }
    let mut violations = Vec::new();
    for c in spec.containers.iter().filter(|c| c.kind == ContainerKind::Regular) {
        let missing: Vec<&str> = [
            (c.liveness_probe.known()?, "livenessProbe"),
            (c.readiness_probe.known()?, "readinessProbe"),
        ]
        .iter()
        .filter(|(f, _)| matches!(f, Field::Absent(_)))
        .map(|(_, what)| *what)
        .collect();
        if !missing.is_empty() {
            violations.push((
                c.loc,
                format!("container {} has no {}", c.name, missing.join(" or ")),
            ));
        }
    }
    fail_all(violations)
}
