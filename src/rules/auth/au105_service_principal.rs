use crate::model::{Cluster, IdentityType};
use crate::rules::{Context, Item, Judgement, declare_rule, fail, pass, unknown};

declare_rule! {
    /// ## What it checks
    /// The cluster's own Azure identity: a service principal
    /// (`servicePrincipalProfile.clientId` other than `"msi"`) fails; a
    /// system- or user-assigned managed identity (`identity.type`, or
    /// `clientId: "msi"`) passes.
    ///
    /// ## Why it matters
    /// A service principal secret sits in `/etc/kubernetes/azure.json` on
    /// every node and expires after a year by default; an expired one breaks
    /// load balancers and disks, a leaked one works from anywhere.
    ///
    /// ## How to fix
    /// `az aks update -g RG -n NAME --enable-managed-identity`, then upgrade
    /// the node pools so kubelet switches too. ARM: `identity.type:
    /// SystemAssigned` (or `UserAssigned`); Terraform: `identity { type =
    /// "SystemAssigned" }` instead of `service_principal`.
    ///
    /// ## What the fix costs
    /// Role assignments held by the service principal (on the VNet, a
    /// registry, DNS zones) must be granted to the managed identity first.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/use-managed-identity
    code: "AU105", name: "cluster-identity-service-principal", judges: [Cluster(judge)],
    pillar: Auth, kind: Exposure, severity: Medium, responsibility: Customer, component: EntraId,
    since: "0.1.0", status: Stable, title: "Cluster identity is a service principal, not a managed identity",
    remediation: "az aks update --enable-managed-identity, then upgrade node pools",
}

fn judge(_: &Context, cluster: Item<Cluster>) -> Judgement {
    let managed_identity = matches!(
        cluster.identity_type.value(),
        Some(IdentityType::SystemAssigned | IdentityType::UserAssigned)
    );
    if managed_identity {
        return pass();
    }
    match cluster.service_principal_client_id.set()? {
        // `msi` is what AKS shows for a cluster on a managed identity.
        Some((client, _)) if client.eq_ignore_ascii_case("msi") => pass(),
        Some((_, loc)) => fail(
            loc,
            "cluster identity is a service principal: its secret lives on every node and expires",
        ),
        None => unknown(
            cluster.identity_type.known()?.loc(),
            "neither a managed identity nor a service principal is given",
        ),
    }
}
