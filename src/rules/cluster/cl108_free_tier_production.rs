use crate::model::{Cluster, SkuTier};
use crate::rules::{
    Context, Item, Judgement, declare_rule, fail, not_applicable, pass, support, unknown,
};

declare_rule! {
    /// ## What it checks
    /// A production cluster on the Free tier (`sku.tier` `Free` or absent),
    /// which has no financially backed uptime SLA. A cluster counts as
    /// production when `chanto.yaml` says so (`organisation.production`:
    /// cluster name globs or tags); without that declaration, when a tag
    /// `environment`, `env` or `stage` says `prod`, `production` or `prd`.
    /// Otherwise the rule is not applicable.
    ///
    /// ## Why it matters
    /// The Free tier's control plane has no SLA and fewer resources; a
    /// production workload should not depend on it.
    ///
    /// ## How to fix
    /// `az aks update -g RG -n NAME --tier standard`. ARM: `sku.tier:
    /// Standard`; Terraform: `sku_tier = "Standard"`.
    ///
    /// ## What the fix costs
    /// Standard is billed per cluster hour.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/free-standard-pricing-tiers
    code: "CL108", name: "free-tier-production", judges: [Cluster(judge)],
    pillar: Cluster, kind: Exposure, severity: Low, responsibility: Customer, component: ApiServer,
    since: "0.1.0", status: Stable, title: "Production cluster on the Free tier (no uptime SLA)",
    remediation: "az aks update --tier standard",
}

fn judge(cx: &Context, cluster: Item<Cluster>) -> Judgement {
    if !support::production(cx, &cluster)? {
        return not_applicable("not marked as production (tag environment=production)");
    }
    match cluster.sku_tier.or_default(&SkuTier::Free)? {
        (SkuTier::Free, loc) => fail(
            loc,
            "production cluster on the Free tier: no uptime SLA for the control plane",
        ),
        (SkuTier::Other(tier), loc) => unknown(loc, format!("unrecognised sku.tier {tier:?}")),
        (SkuTier::Standard | SkuTier::Premium, _) => pass(),
    }
}
