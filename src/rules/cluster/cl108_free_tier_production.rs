use crate::model::{Field, Resolved, Subject};
use crate::rules::{Context, Evaluation, Rule, RuleMeta, Verdicts, declare_rule};

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
    /// production workload should not depend on it (talk s20).
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
    pub struct FreeTierProduction {
        code: "CL108",
        name: "free-tier-production",
        title: "Production cluster on the Free tier (no uptime SLA)",
        pillar: Cluster,
        kind: Exposure,
        severity: Low,
        responsibility: Customer,
        component: ApiServer,
        remediation: "az aks update --tier standard",
    }
}

const ENV_TAGS: [&str; 3] = ["environment", "env", "stage"];
const PRODUCTION: [&str; 3] = ["prod", "production", "prd"];

impl Rule for FreeTierProduction {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        for (id, cluster) in cx.inventory.clusters.iter().enumerate() {
            let subject = Subject::Cluster(id);
            if let Field::Unknown(reason, loc) = &cluster.tags {
                out.push(Evaluation::unknown(subject, *loc, reason.clone()));
                continue;
            }
            let org = &cx.options.organisation;
            let declared = !org.production_clusters.is_empty() || !org.production_tags.is_empty();
            let production = if declared {
                org.production_clusters.iter().any(|g| {
                    globset::Glob::new(g).is_ok_and(|g| g.compile_matcher().is_match(&cluster.name))
                }) || org
                    .production_tags
                    .iter()
                    .any(|(k, v)| cluster.tag(k).is_some_and(|t| t.eq_ignore_ascii_case(v)))
            } else {
                ENV_TAGS
                    .iter()
                    .filter_map(|t| cluster.tag(t))
                    .any(|v| PRODUCTION.iter().any(|p| v.eq_ignore_ascii_case(p)))
            };
            if !production {
                out.push(Evaluation::not_applicable(
                    subject,
                    "not marked as production (tag environment=production)",
                ));
                continue;
            }
            out.push(match cluster.sku_tier.or_default("Free".into()) {
                Resolved::Unknown(reason, loc) => Evaluation::unknown(subject, loc, reason),
                Resolved::Known(tier, loc) if tier.eq_ignore_ascii_case("Free") => {
                    Evaluation::fail(
                        subject,
                        loc,
                        "production cluster on the Free tier: no uptime SLA for the control plane",
                    )
                }
                Resolved::Known(..) => Evaluation::pass(subject),
            });
        }
    }
}
