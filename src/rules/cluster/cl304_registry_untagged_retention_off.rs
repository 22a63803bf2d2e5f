use crate::model::{AzureResource, Registry};
use crate::rules::{
    Context, Item, Judgement, declare_rule, not_applicable, require_on, support,
};

declare_rule! {
    /// ## What it checks
    /// Premium container registries without the retention policy for untagged
    /// manifests (`policies.retentionPolicy.status: enabled`, Terraform's
    /// `retention_policy_in_days` or `retention_policy { enabled }`). Not
    /// applicable to Basic and Standard, which do not offer it.
    ///
    /// ## Why it matters
    /// Every push of a tag leaves the previous manifest untagged but pullable
    /// by digest: old, vulnerable images accumulate and stay runnable.
    ///
    /// ## How to fix
    /// `az acr config retention update --registry NAME --status enabled --days 7
    /// --type UntaggedManifests`.
    ///
    /// ## What the fix costs
    /// Workloads pinned to an untagged digest (CL228) lose their image after the
    /// retention period: pin digests of tagged images.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/container-registry/container-registry-retention-policy
    code: "CL304", name: "registry-untagged-retention-off", judges: [Registry(judge)],
    pillar: Cluster, kind: Exposure, severity: Info, responsibility: Customer, component: Registry,
    since: "0.2.0", status: Preview, title: "Registry keeps untagged manifests forever",
    remediation: "Enable the retention policy for untagged manifests on the registry",
}

fn judge(_: &Context, resource: Item<AzureResource>, registry: &Registry) -> Judgement {
    if !support::premium_registry(registry)? {
        return not_applicable("only Premium registries have retention policies");
    }
    // Off unless set: a switch absent from the input is off.
    require_on(
        &registry.untagged_retention,
        false,
        &format!("registry {} keeps untagged manifests forever", resource.name),
    )
}
