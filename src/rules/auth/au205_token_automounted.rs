use crate::model::{Field, KubeObject, ObjectKind, ObjectSpec, WorkloadFacts};
use crate::rules::{Context, Judgement, declare_rule, fail, pass};

declare_rule! {
    /// ## What it checks
    /// Pods that get a service-account token mounted: `automountServiceAccountToken`
    /// is not `false` on the pod spec, nor on its ServiceAccount when that is
    /// among the inputs.
    ///
    /// ## Why it matters
    /// Most workloads never call the Kubernetes API, yet every compromised pod
    /// with a token can query it with the service account's rights — and
    /// RBAC mistakes turn that into escalation.
    ///
    /// ## How to fix
    /// Set `automountServiceAccountToken: false` on the pod spec or its
    /// ServiceAccount; workloads that do call the API keep it, with a
    /// dedicated, minimal ServiceAccount.
    ///
    /// ## What the fix costs
    /// Workloads that call the API (operators, controllers) fail until they get
    /// the token back explicitly.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting
    code: "AU205", name: "service-account-token-automounted", judges: [Workload(judge)],
    pillar: Auth, kind: Exposure, severity: Low, responsibility: Customer, component: Rbac,
    since: "0.1.0", status: Stable, title: "Service-account token automounted",
    remediation: "Set automountServiceAccountToken: false on the pod or its ServiceAccount",
}

fn judge(cx: &Context, object: &KubeObject, facts: &WorkloadFacts) -> Judgement {
    let pod_field = facts.automount_token.known()?;
    let account = facts.service_account.value().map_or("default", String::as_str);
    match pod_field {
        Field::Set(false, _) => return pass(),
        // The pod's own setting wins over its ServiceAccount's.
        Field::Set(true, loc) => {
            return fail(*loc, format!("pod mounts a token for service account {account}"));
        }
        Field::Absent(_) | Field::Unknown(..) => {}
    }
    let account_off = cx
        .inventory
        .object_named(&ObjectKind::ServiceAccount, object.effective_namespace(), account)
        .is_some_and(|o| {
            matches!(o.spec, ObjectSpec::ServiceAccount { automount: Field::Set(false, _) })
        });
    if account_off {
        pass()
    } else {
        fail(pod_field.loc(), format!("pod mounts a token for service account {account}"))
    }
}
