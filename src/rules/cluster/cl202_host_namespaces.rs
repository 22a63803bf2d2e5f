use crate::model::Field;
use crate::rules::workload::Check;
use crate::rules::{Context, Rule, RuleMeta, Verdicts, declare_rule, workload};

declare_rule! {
    /// ## What it checks
    /// `hostNetwork`, `hostPID` or `hostIPC` set to true on the pod spec.
    ///
    /// Pod Security Standards, baseline profile. Read from Pods and from the pod
    /// templates of Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// ReplicationControllers, Jobs and CronJobs; init and ephemeral containers count.
    ///
    /// ## Why it matters
    /// With host namespaces a pod sees every process on the node, sniffs node traffic and reaches
    /// node-local services such as the kubelet and the instance metadata endpoint. (talk s23)
    ///
    /// ## How to fix
    /// Remove `hostNetwork`, `hostPID` and `hostIPC`; expose ports through a Service instead.
    ///
    /// ## What the fix costs
    /// Node agents (kube-proxy, CNI) need host networking; keep them in system namespaces.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    pub struct HostNamespaces {
        code: "CL202",
        name: "host-namespaces",
        title: "Pod shares the host's network, PID or IPC namespace",
        pillar: Cluster,
        kind: Exposure,
        severity: High,
        responsibility: Customer,
        component: Workload,
        remediation: "Remove hostNetwork, hostPID and hostIPC",
        profile: Baseline,
    }
}

impl Rule for HostNamespaces {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn object_local(&self) -> bool {
        true
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        workload::each_workload(cx, out, Self::META.profile, |_, spec| {
            let mut violations = Vec::new();
            for (field, name) in [
                (&spec.host_network, "hostNetwork"),
                (&spec.host_pid, "hostPID"),
                (&spec.host_ipc, "hostIPC"),
            ] {
                match field {
                    Field::Set(true, loc) => {
                        violations.push((*loc, format!("pod shares the host's namespace ({name})")))
                    }
                    Field::Unknown(reason, loc) => return Check::Unknown(reason.clone(), *loc),
                    _ => {}
                }
            }
            Check::from_violations(violations)
        });
    }
}
