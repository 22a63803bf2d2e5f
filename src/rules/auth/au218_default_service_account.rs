use crate::model::{BindingSpec, Field, KubeObject, WorkloadFacts};
use crate::rules::{Context, Judgement, declare_rule, fail, fail_all, pass};

declare_rule! {
    /// ## What it checks
    /// That namespaces' `default` service accounts stay unused: a
    /// RoleBinding or ClusterRoleBinding that grants a role to a `default`
    /// service account, and a workload that runs as it (no
    /// `serviceAccountName`, or `default`). Whether its token is mounted is
    /// AU205's.
    ///
    /// ## Why it matters
    /// Every pod of a namespace that names no account runs as `default`:
    /// permissions granted to it go to all of them, including pods added
    /// later for other purposes, and one identity for everything makes audit
    /// logs and workload identity federation useless.
    ///
    /// ## How to fix
    /// Create a service account per workload, name it in the pod spec, and bind
    /// roles (or a workload identity) to that account.
    ///
    /// ## What the fix costs
    /// One ServiceAccount object per workload, and bindings that name it.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts
    /// - https://learn.microsoft.com/azure/aks/workload-identity-overview
    code: "AU218", name: "default-service-account-used", judges: [Binding(binding), Workload(workload)],
    pillar: Auth, kind: Exposure, severity: Low, responsibility: Customer, component: Rbac,
    since: "0.2.0", status: Preview, title: "Default service account bound to a role or used by a workload",
    remediation: "Give each workload its own service account and bind roles to that account",
}

fn binding(_: &Context, object: &KubeObject, binding: &BindingSpec) -> Judgement {
    let violations = binding
        .subjects
        .iter()
        .filter(|s| s.kind == "ServiceAccount" && s.name == "default")
        .map(|s| {
            (
                s.loc,
                format!(
                    "{} {} grants {} {} to the default service account of namespace {}",
                    object.kind,
                    object.name,
                    binding.role_kind,
                    binding.role_name,
                    s.namespace
                        .as_deref()
                        .or(object.namespace.as_deref())
                        .unwrap_or("default")
                ),
            )
        })
        .collect();
    fail_all(violations)
}

fn workload(_: &Context, object: &KubeObject, facts: &WorkloadFacts) -> Judgement {
    match &facts.service_account {
        Field::Set(name, _) if name != "default" => pass(),
        Field::Set(_, loc) => fail(
            *loc,
            format!("the {} runs as the default service account", object.kind),
        ),
        Field::Absent(_) => fail(
            facts.loc,
            format!(
                "the {} names no service account, so it runs as the default one",
                object.kind
            ),
        ),
        Field::Unknown(reason, loc) => crate::rules::unknown(*loc, reason.clone()),
    }
}
