use crate::model::{Cluster, OutboundType};
use crate::rules::{Context, Item, Judgement, declare_rule, fail, pass, unknown};

declare_rule! {
    /// ## What it checks
    /// The cluster's `outboundType`. Only `userDefinedRouting` (a route table
    /// sending egress to a firewall or NVA) and `none` (a network-isolated
    /// cluster) put control in the egress path. `loadBalancer` (the default)
    /// and the NAT gateway types let every pod reach any address.
    ///
    /// ## Why it matters
    /// Policy requirement P2, "only necessary outbound traffic", cannot be met
    /// without something that filters egress by destination; a compromised
    /// pod can otherwise exfiltrate data or fetch tooling freely.
    ///
    /// ## How to fix
    /// Route egress through Azure Firewall: a route table with `0.0.0.0/0` to
    /// the firewall on the node subnet, then `az aks update -g RG -n NAME
    /// --outbound-type userDefinedRouting`. ARM:
    /// `networkProfile.outboundType`; Terraform:
    /// `network_profile.outbound_type = "userDefinedRouting"`.
    ///
    /// ## What the fix costs
    /// The firewall must allow every endpoint AKS and its add-ons need
    /// (`AzureKubernetesService` FQDN tag), or nodes fail to pull images,
    /// register or upgrade (CN901 checks this).
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/egress-outboundtype
    /// - https://learn.microsoft.com/azure/aks/limit-egress-traffic
    code: "CN105", name: "egress-not-controlled", judges: [Cluster(judge)],
    pillar: Connectivity, kind: Exposure, severity: Medium, responsibility: Customer, component: Egress,
    since: "0.1.0", status: Stable, title: "Egress does not pass through a firewall",
    remediation: "Route egress through a firewall: outboundType userDefinedRouting with a route table to Azure Firewall",
}

fn judge(_: &Context, cluster: Item<Cluster>) -> Judgement {
    let (kind, loc) = cluster.outbound_type.or_default(&OutboundType::LoadBalancer)?;
    let through = match kind {
        OutboundType::UserDefinedRouting | OutboundType::None => return pass(),
        OutboundType::LoadBalancer => "loadBalancer",
        OutboundType::ManagedNatGateway => "managedNATGateway",
        OutboundType::UserAssignedNatGateway => "userAssignedNATGateway",
        OutboundType::Other(kind) => return unknown(loc, format!("unrecognised outboundType {kind:?}")),
    };
    fail(loc, format!("egress leaves through {through} with no firewall in the path"))
}
