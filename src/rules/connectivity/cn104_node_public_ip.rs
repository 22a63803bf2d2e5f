use crate::model::{Field, Subject};
use crate::rules::{Context, Evaluation, Rule, RuleMeta, Verdicts, declare_rule, support};

declare_rule! {
    /// ## What it checks
    /// Every node pool, the second and later ones included, for
    /// `enableNodePublicIP: true`: each node then has its own public IP.
    ///
    /// ## Why it matters
    /// Nodes become directly reachable from the internet, bypassing the load
    /// balancer, the firewall and any WAF (talk s17). Anything listening on a
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
    pub struct NodePublicIp {
        code: "CN104",
        name: "node-public-ip",
        title: "Node pool gives nodes public IPs",
        pillar: Connectivity,
        kind: Exposure,
        severity: High,
        responsibility: Customer,
        component: NodePool,
        remediation: "Replace the pool with one created without --enable-node-public-ip",
    }
}

impl Rule for NodePublicIp {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        support::unknown_pool_lists(cx, out);
        for (id, pool) in cx.inventory.pools.iter().enumerate() {
            let subject = Subject::NodePool(id);
            out.push(match &pool.enable_node_public_ip {
                Field::Set(true, loc) => Evaluation::fail(
                    subject,
                    *loc,
                    format!("node pool {} gives every node a public IP", pool.name),
                ),
                Field::Unknown(reason, loc) => Evaluation::unknown(subject, *loc, reason.clone()),
                _ => Evaluation::pass(subject),
            });
        }
    }
}
