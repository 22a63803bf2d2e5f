use crate::model::NodePool;
use crate::rules::{Context, Item, Judgement, declare_rule, fail, pass, unknown};

declare_rule! {
    /// ## What it checks
    /// Node pools whose `maxPods` is set below 50. Unset, AKS applies its
    /// default for the network plugin (110 for overlay and kubenet, 30 for
    /// classic Azure CNI), which the pool alone does not tell: unknown.
    ///
    /// ## Why it matters
    /// The DaemonSets AKS and security tooling run (Defender, Azure Policy,
    /// CSI drivers, monitoring) take a dozen slots per node: with few pods per
    /// node, they crowd out applications and upgrades run out of room, which
    /// pushes teams to disable them.
    ///
    /// ## How to fix
    /// Create pools with `--max-pods 50` or more (set at creation; add a pool
    /// and move workloads), sizing the subnet for it with classic Azure CNI.
    ///
    /// ## What the fix costs
    /// More IP addresses per node with classic Azure CNI.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/azure-cni-overview#maximum-pods-per-node
    code: "CL116", name: "few-pods-per-node", judges: [NodePool(judge)],
    pillar: Cluster, kind: Exposure, severity: Info, responsibility: Customer, component: NodePool,
    since: "0.2.0", status: Preview, title: "Node pool allows fewer than 50 pods per node",
    remediation: "Create node pools with --max-pods 50 or more",
}

/// Checkov's threshold, which AKS's guidance for CNI pools matches.
const MIN_PODS: i64 = 50;

fn judge(_: &Context, pool: Item<NodePool>) -> Judgement {
    match pool.max_pods.set()? {
        Some((pods, _)) if *pods >= MIN_PODS => pass(),
        Some((pods, loc)) => fail(
            loc,
            format!("node pool {} allows only {pods} pods per node", pool.name),
        ),
        None => unknown(
            pool.max_pods.loc(),
            format!(
                "node pool {} does not set maxPods: the default depends on the network plugin",
                pool.name
            ),
        ),
    }
}
