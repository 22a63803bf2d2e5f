use crate::data::Minor;
use crate::model::NodePool;
use crate::rules::{Context, Item, Judgement, declare_rule, fail, not_applicable, pass, unknown};

declare_rule! {
    /// ## What it checks
    /// A node pool that pins its own Kubernetes version (`orchestratorVersion`,
    /// Terraform `orchestrator_version`) against its cluster's: a pool may be
    /// at most three minor versions behind the control plane (two when the
    /// control plane is older than 1.28), and never ahead of it.
    ///
    /// Not applicable to pools that pin no version (they run the cluster's)
    /// and to pools whose cluster is not among the inputs. Unknown when the
    /// cluster's version is.
    ///
    /// ## Why it matters
    /// Outside the supported skew AKS refuses upgrades and operations on the
    /// pool, and kubelets that far behind the API server miss the fixes and
    /// behaviour the control plane assumes; a skewed pool is usually one an
    /// upgrade left behind.
    ///
    /// ## How to fix
    /// `az aks nodepool upgrade -g RG --cluster-name NAME -n POOL
    /// --kubernetes-version 1.xx`, or upgrade the control plane and pools
    /// together with `az aks upgrade`. ARM: the pool's `orchestratorVersion`;
    /// Terraform: `orchestrator_version`.
    ///
    /// ## What the fix costs
    /// Pools upgrade by reimaging nodes: workloads need PodDisruptionBudgets
    /// and capacity to move.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/supported-kubernetes-versions
    /// - https://learn.microsoft.com/azure/aks/upgrade-node-pools
    code: "CL111", name: "node-pool-version-skew", judges: [NodePool(judge)],
    pillar: Cluster, kind: Exposure, severity: Medium, responsibility: Customer, component: NodePool,
    since: "0.2.0", status: Preview, title: "Node pool version outside the supported skew",
    remediation: "Upgrade the node pool to its cluster's version: az aks nodepool upgrade --kubernetes-version",
}

/// From 1.28 the control plane may be three minors ahead of node pools.
const WIDER_SKEW_SINCE: Minor = Minor(1, 28);

fn judge(cx: &Context, pool: Item<NodePool>) -> Judgement {
    let Some((version, loc)) = pool.orchestrator_version.set()? else {
        return not_applicable("the pool runs the cluster's version");
    };
    let Some(cluster) = pool.cluster.map(|c| &cx.inventory.clusters[c]) else {
        return not_applicable("the pool's cluster is not among the inputs");
    };
    let Some((control, _)) = cluster.kubernetes_version.set()? else {
        return unknown(
            cluster.kubernetes_version.loc(),
            "the cluster's Kubernetes version is not among the inputs",
        );
    };
    let (Some(node), Some(control)) = (Minor::parse(version), Minor::parse(control)) else {
        return unknown(loc, format!("unrecognised version {version:?} or {control:?}"));
    };
    let allowed = if control >= WIDER_SKEW_SINCE { 3 } else { 2 };
    if node > control {
        return fail(
            loc,
            format!(
                "node pool {} runs Kubernetes {node}, ahead of its control plane's {control}",
                pool.name
            ),
        );
    }
    let behind = control.1.saturating_sub(node.1);
    if node.0 != control.0 || behind > allowed {
        fail(
            loc,
            format!(
                "node pool {} runs Kubernetes {node}, too far behind its control plane's {control} (AKS supports {allowed} minor versions)",
                pool.name
            ),
        )
    } else {
        pass()
    }
}
