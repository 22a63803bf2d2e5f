use crate::model::{DatabaseEngine, Field, Spec};
use crate::rules::{Context, DataService, Judgement, declare_rule, fail, not_applicable, pass};

declare_rule! {
    /// ## What it checks
    /// Registries, storage accounts, Key Vaults and databases whose network
    /// rules admit virtual network subnets (`virtualNetworkRules`, or a SQL
    /// server's child `virtualNetworkRules`), which work only through service
    /// endpoints, while no private endpoint connects to them: neither one among
    /// the inputs nor an approved connection the resource lists. A service
    /// with no virtual network rules (or a Cosmos DB account whose virtual
    /// network filter is off, which ignores them) is not applicable; a
    /// PostgreSQL flexible server has no such rules (it is injected into a
    /// subnet or uses private endpoints).
    ///
    /// ## Why it matters
    /// A service endpoint switches a whole subnet to reach the service type over
    /// the Azure backbone; the service still answers on its public address, and
    /// the subnet can reach every account of that type in Azure, including an
    /// attacker's, which is how data leaves. A private endpoint
    /// gives the one resource a private address in your network and nothing
    /// else.
    ///
    /// ## How to fix
    /// `az network private-endpoint create --connection-name … --group-id
    /// blob|vault|registry|sqlServer …` with its private DNS zone, then remove
    /// the virtual network rules and the subnet's service endpoint.
    /// Terraform: `azurerm_private_endpoint`.
    ///
    /// ## What the fix costs
    /// A private endpoint is billed per hour and per GB, and needs a private
    /// DNS zone linked to every network that resolves the service.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/virtual-network/vnet-integration-for-azure-services#compare-private-endpoints-and-service-endpoints
    /// - https://learn.microsoft.com/azure/private-link/private-endpoint-dns
    code: "CN302", name: "service-endpoint-without-private-endpoint", judges: [DataService(judge)],
    pillar: Connectivity, kind: Exposure, severity: Low, responsibility: Customer, component: Vnet,
    since: "0.1.0", status: Stable, title: "Service reached through a service endpoint instead of a private endpoint",
    remediation: "Connect through a private endpoint and remove the virtual network rules and service endpoints",
}

fn judge(cx: &Context, service: DataService) -> Judgement {
    let DataService { resource, access, what } = service;
    let inventory = cx.inventory;
    let vnet_rules = match &resource.spec {
        Spec::Database(db)
            if matches!(
                db.engine,
                DatabaseEngine::PostgresFlexible | DatabaseEngine::MySqlFlexible
            ) =>
        {
            return not_applicable("flexible servers have no service endpoint rules");
        }
        Spec::Database(db) if db.engine == DatabaseEngine::SqlServer => {
            let rules: Vec<_> = inventory
                .children_of(resource.id)
                .iter()
                .map(|&c| &inventory.resources[c])
                .filter(|c| matches!(c.spec, Spec::ServerVnetRule))
                .collect();
            Field::Set(rules.len(), rules.first().map_or(resource.loc, |r| r.loc))
        }
        _ => access.vnet_rules.clone(),
    };
    let private = access.approved_private_endpoints > 0
        || !inventory.private_endpoints_to(resource.id).is_empty();
    match vnet_rules.set()? {
        Some((&n, _)) if n > 0 && private => pass(),
        Some((&n, loc)) if n > 0 => fail(
            loc,
            format!(
                "{what} {} admits {n} subnet(s) through service endpoints and has no private endpoint",
                resource.name
            ),
        ),
        _ => not_applicable("no virtual network rules: not reached through service endpoints"),
    }
}
