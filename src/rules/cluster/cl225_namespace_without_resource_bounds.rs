use crate::model::{Namespace, ObjectKind};
use crate::rules::{Context, Judgement, declare_rule, fail, not_applicable, pass};

declare_rule! {
    /// ## What it checks
    /// Every namespace that runs workloads for a `LimitRange` and a
    /// `ResourceQuota` in that namespace among the inputs.
    ///
    /// Not applicable to namespaces without workloads.
    ///
    /// ## Why it matters
    /// Without a quota one team's namespace can take every node of the pool;
    /// without a LimitRange, containers that set no requests or limits (CL223,
    /// CL224) get none.
    ///
    /// ## How to fix
    /// Add a `ResourceQuota` sized for the namespace and a `LimitRange` with
    /// default requests and limits.
    ///
    /// ## What the fix costs
    /// Deployments over the quota are refused: size it with headroom for
    /// rolling updates.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/policy/resource-quotas/
    /// - https://kubernetes.io/docs/concepts/policy/limit-range/
    code: "CL225", name: "namespace-without-resource-bounds", judges: [Namespace(judge)],
    pillar: Cluster, kind: Exposure, severity: Low, responsibility: Customer, component: Workload,
    since: "0.2.0", status: Preview, title: "Namespace with workloads and no LimitRange or ResourceQuota",
    remediation: "Add a ResourceQuota and a LimitRange with defaults to the namespace",
}

fn judge(cx: &Context, namespace: &Namespace) -> Judgement {
    if namespace.workloads.is_empty() {
        return not_applicable("no workloads in this namespace");
    }
    let has = |kind: &ObjectKind| {
        cx.inventory
            .objects_of_kind(kind)
            .any(|o| o.effective_namespace() == Some(namespace.name.as_str()))
    };
    let missing: Vec<&str> = [ObjectKind::LimitRange, ObjectKind::ResourceQuota]
        .iter()
        .filter(|kind| !has(kind))
        .map(ObjectKind::as_str)
        .collect();
    if missing.is_empty() {
        return pass();
    }
    fail(
        namespace.loc,
        format!(
            "namespace {} runs workloads without a {}",
            namespace.name,
            missing.join(" or a ")
        ),
    )
}
