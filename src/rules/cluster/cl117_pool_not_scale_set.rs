use crate::model::{Field, NodePool};
use crate::rules::{Context, Item, Judgement, declare_rule, fail, pass};

declare_rule! {
    /// ## What it checks
    /// Node pools on availability sets (`type: AvailabilitySet`), which AKS
    /// retired. Absent, AKS creates Virtual Machine Scale Sets; `VirtualMachines`
    /// pools pass too.
    ///
    /// ## Why it matters
    /// Availability-set pools have no cluster autoscaler, no availability zones
    /// and no node image auto-upgrade: the node patching the other rules ask
    /// for (CL103) cannot happen.
    ///
    /// ## How to fix
    /// Migrate to a scale-set based cluster (a new cluster or pool).
    ///
    /// ## What the fix costs
    /// A migration of the workloads to the new pool or cluster.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/availability-sets-on-aks
    code: "CL117", name: "pool-on-availability-set", judges: [NodePool(judge)],
    pillar: Cluster, kind: Exposure, severity: Medium, responsibility: Customer, component: NodePool,
    since: "0.2.0", status: Preview, title: "Node pool on a retired availability set",
    remediation: "Move the workloads to a Virtual Machine Scale Set node pool",
}

fn judge(_: &Context, pool: Item<NodePool>) -> Judgement {
    match pool.pool_type.known()? {
        Field::Set(kind, loc) if kind.eq_ignore_ascii_case("AvailabilitySet") => fail(
            *loc,
            format!("node pool {} runs on an availability set", pool.name),
        ),
        _ => pass(),
    }
}
