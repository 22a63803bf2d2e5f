use crate::model::{Cluster, DatabaseEngine, Spec, subscription_of};
use crate::rules::{
    Context, DataService, Item, Judgement, declare_rule, fail, not_applicable, pass, support,
    unknown,
};

declare_rule! {
    /// ## What it checks
    /// The Microsoft Defender for Cloud plan that protects each Azure service
    /// the cluster uses, in that service's subscription: Key Vaults
    /// (`KeyVaults`), storage accounts (`StorageAccounts`), Azure SQL
    /// (`SqlServers`), PostgreSQL and MySQL flexible servers
    /// (`OpenSourceRelationalDatabases`), Cosmos DB (`CosmosDbs`), and for
    /// every cluster's subscription Defender for Resource Manager (`Arm`). A
    /// plan on the `Free` tier fails; a plan not among the inputs is unknown.
    /// Registries and clusters are CL104's and CL301's. Checkov also asks for
    /// Defender for Servers, App Service and SQL on machines: AKS nodes are
    /// covered by Defender for Containers and the others are not part of an
    /// AKS deployment, so chanto asks only for the plans of services among
    /// the inputs.
    ///
    /// ## Why it matters
    /// Defender's threat detection is what notices a stolen workload identity
    /// reading every secret in a vault, mass downloads from storage, SQL
    /// injection, or suspicious management operations on the cluster.
    ///
    /// ## How to fix
    /// `az security pricing create -n KeyVaults --tier standard` (and the
    /// other plans), or `azurerm_security_center_subscription_pricing`.
    ///
    /// ## What the fix costs
    /// Each plan is billed per resource or per transaction.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/defender-for-cloud/defender-for-cloud-introduction
    /// - https://learn.microsoft.com/azure/defender-for-cloud/defender-for-resource-manager-introduction
    code: "CL302", name: "defender-plan-off", judges: [Cluster(resource_manager), DataService(service)],
    pillar: Cluster, kind: Exposure, severity: Low, responsibility: Customer, component: Arm,
    since: "0.2.0", status: Preview, title: "Defender plan off for a service the cluster uses",
    remediation: "Turn on the Defender for Cloud plan for the service (az security pricing create --tier standard)",
}

fn service(cx: &Context, service: DataService) -> Judgement {
    let resource = service.resource;
    let plan = match &resource.spec {
        Spec::KeyVault(_) => "KeyVaults",
        Spec::Storage(_) => "StorageAccounts",
        Spec::Database(db) => match db.engine {
            DatabaseEngine::SqlServer => "SqlServers",
            DatabaseEngine::PostgresFlexible | DatabaseEngine::MySqlFlexible => {
                "OpenSourceRelationalDatabases"
            }
            DatabaseEngine::Cosmos => "CosmosDbs",
        },
        _ => return not_applicable("registries are protected by Defender for Containers (CL301)"),
    };
    judge_plan(cx, plan, resource.subscription(), resource.loc, &resource.name)
}

fn resource_manager(cx: &Context, cluster: Item<Cluster>) -> Judgement {
    let subscription = cluster.item.id.as_deref().and_then(subscription_of);
    judge_plan(cx, "Arm", subscription, cluster.loc, &cluster.name)
}

/// The plan's tier in the subscription (a plan of unknown subscription
/// counts for every one).
fn judge_plan(
    cx: &Context,
    plan: &str,
    subscription: Option<&str>,
    at: crate::model::Loc,
    name: &str,
) -> Judgement {
    let found = support::defender_plan(cx.inventory, &[plan], subscription).map(|(_, tier)| tier);
    match found {
        Some(tier) => match tier.set()? {
            Some((tier, _)) if tier.eq_ignore_ascii_case("Standard") => pass(),
            Some((tier, loc)) => fail(
                loc,
                format!("Defender plan {plan} is on the {tier} tier: {name} has no threat detection"),
            ),
            None => unknown(tier.loc(), format!("Defender plan {plan} states no pricing tier")),
        },
        None => unknown(
            at,
            format!("Defender plan {plan} for {name} is a subscription setting not among the inputs (`az security pricing show -n {plan}`)"),
        ),
    }
}
