use crate::model::{Cluster, Field, NodePool};
use crate::rules::{Context, Item, Judgement, declare_rule, fail, pass, unknown};

declare_rule! {
    /// ## What it checks
    /// Across a cluster's node pools: whether any pool runs the cluster
    /// autoscaler (`enableAutoScaling`), and whether any pool spans
    /// availability zones (`availabilityZones`). Each gap is its own finding.
    /// Unknown when the cluster's pools are not among the inputs.
    ///
    /// ## Why it matters
    /// A cluster that cannot add nodes or survive a zone outage turns a load
    /// spike or a datacentre failure into downtime; availability is part of
    /// security.
    ///
    /// ## How to fix
    /// `az aks nodepool update --enable-cluster-autoscaler --min-count 2
    /// --max-count 5`; zones can only be set when a pool is created
    /// (`--zones 1 2 3`). ARM: `agentPoolProfiles[].enableAutoScaling`,
    /// `availabilityZones`; Terraform: `auto_scaling_enabled`, `zones`.
    ///
    /// ## What the fix costs
    /// Zone-redundant pools need zone-redundant storage for stateful
    /// workloads, and cross-zone traffic is billed.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/cluster-autoscaler
    /// - https://learn.microsoft.com/azure/aks/availability-zones
    code: "CL107", name: "no-autoscaling-or-zones", judges: [ClusterParts(judge)],
    pillar: Cluster, kind: Exposure, severity: Low, responsibility: Customer, component: NodePool,
    since: "0.1.0", status: Stable, title: "Cluster autoscaler off on every pool, or a single availability zone",
    remediation: "Enable the cluster autoscaler and create node pools across availability zones",
}

fn judge(cx: &Context, cluster: Item<Cluster>) -> Vec<Judgement> {
    let pools: Vec<&NodePool> = cx.inventory.pools_of(cluster.id).map(|(_, p)| p).collect();
    if let Err(unknown) = cluster.inline_pools.known() {
        return vec![Err(unknown)];
    }
    if pools.is_empty() {
        return vec![unknown(cluster.loc, "the cluster's node pools are not among the inputs")];
    }
    let autoscaling: Vec<Field<bool>> = pools.iter().map(|p| p.auto_scaling.clone()).collect();
    let zoned: Vec<Field<bool>> = pools
        .iter()
        .map(|p| p.availability_zones.clone().map(|z| z.len() > 1))
        .collect();
    vec![
        none_of(&autoscaling, "cluster autoscaler is off on every node pool"),
        none_of(&zoned, "no node pool spans availability zones"),
    ]
}

/// Fails when no pool has the property, pointing at the first pool's field;
/// unknown when no pool has it for sure but some can't be read.
fn none_of(fields: &[Field<bool>], message: &str) -> Judgement {
    if fields.iter().any(|f| f.value() == Some(&true)) {
        return pass();
    }
    for field in fields {
        field.known()?;
    }
    fail(fields[0].loc(), message)
}

