use crate::model::{AzureResource, DefaultAction, PublicNetworkAccess, Registry};
use crate::rules::{Context, Item, Judgement, declare_rule, fail, pass, support, unknown};

declare_rule! {
    /// ## What it checks
    /// Whether Microsoft Defender for Containers can scan a registry's images:
    /// - reach: a registry closed to public networks (public access off, or a
    ///   `Deny` default action) must let trusted Microsoft services through
    ///   (`networkRuleBypassOptions: AzureServices`, the default); `None`
    ///   fails, and is unknown while whether the registry is closed is;
    /// - plan: a `Microsoft.Security/pricings` resource for `Containers` (or
    ///   the legacy `ContainerRegistry`) in the registry's subscription decides:
    ///   `Standard` passes, `Free` fails. Without one, a cluster with the
    ///   Defender sensor on that pulls from the registry (`AcrPull` granted to
    ///   its kubelet identity) or shares its subscription shows the plan is
    ///   on; otherwise the plan is not among the inputs and the verdict is
    ///   unknown.
    ///
    /// ## Why it matters
    /// Policy requirement P3 asks for image scanning. Defender scans on
    /// push and re-scans images in use daily, but only when it can reach the
    /// registry: the current scanner works behind Private Link when trusted
    /// services are allowed. A closed registry
    /// without that exception silently gets no vulnerability reports.
    ///
    /// ## How to fix
    /// `az acr update -n NAME --allow-trusted-services true` (ARM
    /// `properties.networkRuleBypassOptions: AzureServices`; Terraform
    /// `network_rule_bypass_option = "AzureServices"`), and enable the plan:
    /// `az security pricing create -n Containers --tier Standard`.
    ///
    /// ## What the fix costs
    /// The plan is billed per vCore of the subscription's clusters. Trusted
    /// services can reach the registry past its network rules, but still need
    /// an identity with a role on it.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/defender-for-cloud/agentless-vulnerability-assessment-azure
    /// - https://learn.microsoft.com/azure/container-registry/allow-access-trusted-services
    code: "CL301", name: "registry-not-scanned", judges: [Registry(judge)],
    pillar: Cluster, kind: Exposure, severity: Medium, responsibility: Customer, component: Registry,
    since: "0.1.0", status: Stable, title: "Registry images cannot be scanned by Defender",
    remediation: "Allow trusted Microsoft services on the registry and enable Defender for Containers",
}

/// Plans that scan registry images: the current one and its predecessor.
const SCANNING_PLANS: [&str; 2] = ["Containers", "ContainerRegistry"];

fn judge(cx: &Context, resource: Item<AzureResource>, registry: &Registry) -> Judgement {
    let access = &registry.access;
    let closed = access.public_network_access.holds(&PublicNetworkAccess::Disabled)
        || access.default_action.holds(&DefaultAction::Deny);
    // Whether the registry is closed may be unknown, and only matters when
    // trusted services are kept out.
    if !closed && access.bypass.is("None") {
        access.public_network_access.known()?;
        access.default_action.known()?;
    }
    if closed && let Some((bypass, loc)) = access.bypass.set()? && bypass.eq_ignore_ascii_case("None") {
        return fail(
            loc,
            format!(
                "registry {} is closed to public networks and does not let trusted Microsoft services through, so Defender cannot scan its images",
                resource.name
            ),
        );
    }
    scanning_plan(cx, resource)
}

/// Whether the plan that scans images is on for the registry: its pricing
/// in the registry's subscription, else a cluster with the Defender sensor
/// in that subscription or pulling from the registry.
fn scanning_plan(cx: &Context, registry: Item<AzureResource>) -> Judgement {
    let inventory = cx.inventory;
    let subscription = registry.subscription();
    let pricing = support::defender_plan(inventory, &SCANNING_PLANS, subscription);
    if let Some((plan, tier)) = pricing {
        return match tier.set()? {
            Some((tier, _)) if tier.eq_ignore_ascii_case("Standard") => pass(),
            Some((tier, loc)) => fail(
                loc,
                format!(
                    "Defender plan {} is on the {tier} tier in this subscription: images in registry {} are not scanned",
                    plan.name, registry.name
                ),
            ),
            None => unknown(tier.loc(), format!("Defender plan {} states no pricing tier", plan.name)),
        };
    }
    let pullers = inventory.clusters_pulling_from(registry.id);
    let sensor_on = subscription.is_some_and(|s| inventory.defender_sensor_in(s))
        || pullers.iter().any(|id| inventory.clusters[*id].defender.value() == Some(&true));
    if sensor_on {
        pass()
    } else {
        unknown(
            registry.loc,
            format!(
                "whether Defender for Containers scans registry {} is a subscription setting not among the inputs (`az security pricing show -n Containers`)",
                registry.name
            ),
        )
    }
}
