use crate::model::Field;
use crate::rules::workload::Check;
use crate::rules::{Context, Rule, RuleMeta, Verdicts, declare_rule, workload};

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
    /// application needs and help an attacker after a compromise. (talk s23)
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
    pub struct CapabilitiesNotDropped {
        code: "CL219",
        name: "capabilities-not-dropped",
        title: "Capabilities not dropped (drop ALL)",
        pillar: Cluster,
        kind: Exposure,
        severity: Medium,
        responsibility: Customer,
        component: Workload,
        remediation: "Drop ALL capabilities; add back only NET_BIND_SERVICE",
        profile: Restricted,
    }
}

impl Rule for CapabilitiesNotDropped {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn object_local(&self) -> bool {
        true
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        workload::each_workload(cx, out, Self::META.profile, |_, spec| {
            if spec.is_windows() {
                return Check::NotApplicable("Windows pod");
            }
            let mut violations = Vec::new();
            for c in &spec.containers {
                match &c.security.capabilities_drop {
                    Field::Set(drop, _) if drop.iter().any(|d| d.eq_ignore_ascii_case("ALL")) => {}
                    Field::Unknown(reason, loc) => return Check::Unknown(reason.clone(), *loc),
                    other => violations.push((
                        other.loc(),
                        format!("container {} does not drop ALL capabilities", c.name),
                    )),
                }
                match &c.security.capabilities_add {
                    Field::Set(add, loc)
                        if add
                            .iter()
                            .any(|a| a.trim_start_matches("CAP_") != "NET_BIND_SERVICE") =>
                    {
                        violations.push((
                            *loc,
                            format!(
                                "container {} adds capabilities other than NET_BIND_SERVICE",
                                c.name
                            ),
                        ));
                    }
                    Field::Unknown(reason, loc) => return Check::Unknown(reason.clone(), *loc),
                    _ => {}
                }
            }
            Check::from_violations(violations)
        });
    }
}
