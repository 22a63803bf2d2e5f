use crate::model::{KubeObject, NAMESPACE_SET_AT_DEPLOYMENT, WorkloadFacts};
use crate::rules::{Context, Judgement, declare_rule, fail, pass, unknown};

declare_rule! {
    /// ## What it checks
    /// Workloads placed in the `default` namespace, and workloads of your own
    /// in `kube-system` (AKS's own components there are exempt by default). A
    /// manifest without `metadata.namespace` is unknown: it lands in whatever
    /// namespace `kubectl apply -n`, the kubeconfig context or the deploying
    /// tool says, which the file does not show (Checkov counts it as
    /// `default`; chanto does not guess). Kustomize's and Helm's namespaces
    /// are applied before this rule sees the object.
    ///
    /// ## Why it matters
    /// Namespaces are the boundary RBAC, network policies (CN203), quotas
    /// (CL225) and Pod Security admission apply to; `default` usually has none of
    /// them, and workloads in `kube-system` sit beside the cluster's own
    /// credentials and escape most policies (Azure Policy excludes it).
    ///
    /// ## How to fix
    /// Give each application its own namespace, set `metadata.namespace` (or
    /// Kustomize's `namespace:`), and keep `kube-system` for AKS.
    ///
    /// ## What the fix costs
    /// Moving a workload means recreating it and its Services in the new
    /// namespace.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
    /// - https://learn.microsoft.com/azure/aks/operator-best-practices-cluster-isolation
    code: "CL230", name: "workload-in-shared-namespace", judges: [Workload(judge)],
    pillar: Cluster, kind: Exposure, severity: Low, responsibility: Customer, component: Workload,
    since: "0.2.0", status: Preview, title: "Workload in the default or kube-system namespace",
    remediation: "Deploy each application into its own namespace",
}

fn judge(_: &Context, object: &KubeObject, _: &WorkloadFacts) -> Judgement {
    match object.namespace.as_deref() {
        None => unknown(
            object.loc,
            format!(
                "the {} sets no namespace: it is the one the deploying tool or kubeconfig context chooses",
                object.kind
            ),
        ),
        Some(NAMESPACE_SET_AT_DEPLOYMENT) => unknown(
            object.loc,
            format!(
                "the {}'s namespace is only known at deployment (a reference to another resource)",
                object.kind
            ),
        ),
        Some("default") => fail(
            object.loc,
            format!("the {} runs in the default namespace", object.kind),
        ),
        Some("kube-system") => fail(
            object.loc,
            format!(
                "the {} runs in kube-system beside the cluster's own components",
                object.kind
            ),
        ),
        Some(_) => pass(),
    }
}
