use crate::model::NodePool;
use crate::rules::{Context, Item, Judgement, declare_rule, require_off};

declare_rule! {
    /// ## What it checks
    /// Every node pool, the second and later ones included, for
    /// `enableNodePublicIP: true`: each node then has its own public IP.
    ///
    /// ## Why it matters
    /// Nodes become directly reachable from the internet, bypassing the load
    /// balancer, the firewall and any WAF. Anything listening on a
    /// node port or host port is exposed.
    ///
    /// ## How to fix
    /// Public IPs can't be removed from an existing pool: create a new pool
    /// without them and move workloads (`az aks nodepool add` without
    /// `--enable-node-public-ip`, then `az aks nodepool delete`). ARM:
    /// `agentPoolProfiles[].enableNodePublicIP: false`; Terraform:
    /// `node_public_ip_enabled = false`.
    ///
    /// ## What the fix costs
    /// Workloads that relied on per-node addresses (game servers, some VoIP)
    /// need a load balancer or a NAT gateway with known IPs instead.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/use-node-public-ips
    code: "CN104", name: "node-public-ip", judges: [NodePool(judge)],
    pillar: Connectivity, kind: Exposure, severity: High, responsibility: Customer, component: NodePool,
    since: "0.1.0", status: Stable, title: "Node pool gives nodes public IPs",
    remediation: "Replace the pool with one created without --enable-node-public-ip",
}

fn judge(_: &Context, pool: Item<NodePool>) -> Judgement {
    require_off(
        &pool.enable_node_public_ip,
        &format!("node pool {} gives every node a public IP", pool.name),
    )
}
