use crate::model::{AzureResource, Registry};
use crate::rules::{
    Context, Item, Judgement, declare_rule, not_applicable, require_on, support,
};

declare_rule! {
    /// ## What it checks
    /// Premium container registries without dedicated data endpoints
    /// (`dataEndpointEnabled`, Terraform's `data_endpoint_enabled`). Not
    /// applicable to Basic and Standard, which do not offer them.
    ///
    /// ## Why it matters
    /// Without them, image layers are served from the region's shared
    /// `*.blob.core.windows.net` storage: a firewall (CN105) that lets nodes
    /// pull must allow a wildcard that every storage account in Azure shares,
    /// an exfiltration path. Dedicated endpoints
    /// (`REGISTRY.REGION.data.azurecr.io`) let the rule name this registry
    /// only.
    ///
    /// ## How to fix
    /// `az acr update --name NAME --data-endpoint-enabled`, then allow the data
    /// endpoint's FQDN in the firewall instead of the storage wildcard.
    ///
    /// ## What the fix costs
    /// The firewall rules change with it.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/container-registry/container-registry-dedicated-data-endpoints
    code: "CN303", name: "registry-data-endpoint-off", judges: [Registry(judge)],
    pillar: Connectivity, kind: Exposure, severity: Low, responsibility: Customer, component: Registry,
    since: "0.2.0", status: Preview, title: "Premium registry without dedicated data endpoints",
    remediation: "Enable dedicated data endpoints on the registry and allow them instead of *.blob.core.windows.net",
}

fn judge(_: &Context, resource: Item<AzureResource>, registry: &Registry) -> Judgement {
    if !support::premium_registry(registry)? {
        return not_applicable("only Premium registries have dedicated data endpoints");
    }
    // Off unless set: a switch absent from the input is off.
    require_on(
        &registry.data_endpoint,
        false,
        &format!("registry {} serves layers from shared storage endpoints, not its own data endpoint", resource.name),
    )
}
