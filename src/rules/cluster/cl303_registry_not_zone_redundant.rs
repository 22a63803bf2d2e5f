use crate::model::{AzureResource, Registry};
use crate::rules::{
    Context, Item, Judgement, declare_rule, not_applicable, require_on, support,
};

declare_rule! {
    /// ## What it checks
    /// Premium container registries without zone redundancy
    /// (`zoneRedundancy: Enabled`, Terraform's `zone_redundancy_enabled`);
    /// absent means disabled. Basic and Standard registries cannot have it:
    /// not applicable (CN301 already asks Premium of registries that must be
    /// private). Checkov's geo-replication check depends on where the pulling
    /// clusters run, which chanto leaves to the architecture review.
    ///
    /// ## Why it matters
    /// Nodes pull images when pods start: a zone outage that takes the registry
    /// with it stops every scale-out and node replacement.
    ///
    /// ## How to fix
    /// Zone redundancy is set when the registry (or a replica) is created:
    /// create a zone-redundant registry and import the images.
    ///
    /// ## What the fix costs
    /// A registry migration; no extra charge for zone redundancy itself.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/container-registry/zone-redundancy
    code: "CL303", name: "registry-not-zone-redundant", judges: [Registry(judge)],
    pillar: Cluster, kind: Exposure, severity: Low, responsibility: Customer, component: Registry,
    since: "0.2.0", status: Preview, title: "Premium registry without zone redundancy",
    remediation: "Create the Premium registry with zone redundancy enabled",
}

fn judge(_: &Context, resource: Item<AzureResource>, registry: &Registry) -> Judgement {
    if !support::premium_registry(registry)? {
        return not_applicable("only Premium registries can be zone redundant");
    }
    // Off unless set: a switch absent from the input is off.
    require_on(
        &registry.zone_redundancy,
        false,
        &format!("registry {} is not zone redundant", resource.name),
    )
}
