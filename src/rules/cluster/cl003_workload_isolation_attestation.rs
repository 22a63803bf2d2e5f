use crate::model::Cluster;
use crate::rules::{Context, Item, Judgement, declare_rule, support};

declare_rule! {
    /// ## What it checks
    /// An attestation (`code: CL003` in `chanto.yaml`) that workloads the
    /// organisation does not trust (other tenants' code, user-supplied
    /// plugins, AI agents running generated code) run isolated: in their own
    /// cluster, or in pod sandboxing (Kata, `runtimeClassName:
    /// kata-vm-isolation`) on dedicated node pools with network policies and
    /// resource ceilings. Whether a workload is trusted is not in any
    /// manifest. The statement counts for at most 365 days. One evaluation per
    /// scanned cluster.
    ///
    /// ## Why it matters
    /// Containers share the node's kernel: Kubernetes namespaces are not a
    /// boundary against hostile code.
    ///
    /// ## How to fix
    /// Decide which workloads are untrusted, move them to separate clusters or
    /// sandboxed pools, and record the decision.
    ///
    /// ## What the fix costs
    /// Sandboxed pods start slower and need supported VM sizes; separate
    /// clusters cost their own control plane.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/use-pod-sandboxing
    /// - https://kubernetes.io/docs/concepts/security/multi-tenancy/
    code: "CL003", name: "workload-isolation-attestation", judges: [Cluster(judge)],
    pillar: Cluster, kind: Attestation, severity: Low, responsibility: Customer, component: NodePool,
    since: "0.2.0", status: Preview, title: "Attestation: untrusted workloads run isolated",
    remediation: "Isolate untrusted workloads in separate clusters or sandboxed pools and attest it in chanto.yaml (CL003)",
}

/// The decision is revisited at least yearly.
const VALID_DAYS: i64 = 365;

fn judge(cx: &Context, cluster: Item<Cluster>) -> Judgement {
    support::attestation(
        cx,
        "CL003",
        cluster.loc,
        Some(VALID_DAYS),
        "untrusted workloads run isolated from the others",
    )
}
