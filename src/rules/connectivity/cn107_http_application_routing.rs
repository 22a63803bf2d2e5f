use crate::model::Cluster;
use crate::rules::support::retirement;
use crate::rules::{Context, Item, Judgement, declare_rule, require_off};

declare_rule! {
    /// ## What it checks
    /// The `httpApplicationRouting` add-on (key matched case-insensitively).
    ///
    /// ## Why it matters
    /// The add-on was never meant for production: it publishes every Ingress
    /// in a public DNS zone without TLS, and it was retired on 2025-03-03, so
    /// it gets no fixes.
    ///
    /// ## How to fix
    /// `az aks disable-addons -g RG -n NAME --addons http_application_routing`,
    /// then use the application routing add-on (`az aks approuting enable`) or
    /// Application Gateway for Containers. ARM:
    /// `addonProfiles.httpApplicationRouting.enabled: false`; Terraform:
    /// `http_application_routing_enabled = false` (removed in azurerm 4.x).
    ///
    /// ## What the fix costs
    /// Ingress hostnames under the add-on's DNS zone stop resolving: move
    /// them to your own zone before disabling it.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/http-application-routing
    code: "CN107", name: "http-application-routing-enabled", judges: [Cluster(judge)],
    pillar: Connectivity, kind: Exposure, severity: High, responsibility: Customer, component: LoadBalancer,
    since: "0.1.0", status: Stable, title: "Retired HTTP application routing add-on enabled",
    remediation: "az aks disable-addons --addons http_application_routing; use the app routing add-on instead",
}

/// The day AKS retired the add-on.
const RETIREMENT: jiff::civil::Date = jiff::civil::date(2025, 3, 3);

fn judge(cx: &Context, cluster: Item<Cluster>) -> Judgement {
    require_off(
        &cluster.addon_enabled("httpApplicationRouting"),
        &format!(
            "HTTP application routing add-on ({}) publishes ingresses in public DNS without TLS",
            retirement(cx.as_of, RETIREMENT)
        ),
    )
}
