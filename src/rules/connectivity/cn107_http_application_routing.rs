use crate::model::{Field, Subject};
use crate::rules::{Context, Evaluation, Rule, RuleMeta, Verdicts, declare_rule};

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
    pub struct HttpApplicationRouting {
        code: "CN107",
        name: "http-application-routing-enabled",
        title: "Retired HTTP application routing add-on enabled",
        pillar: Connectivity,
        kind: Exposure,
        severity: High,
        responsibility: Customer,
        component: LoadBalancer,
        remediation: "az aks disable-addons --addons http_application_routing; use the app routing add-on instead",
    }
}

impl Rule for HttpApplicationRouting {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        for (id, cluster) in cx.inventory.clusters.iter().enumerate() {
            let subject = Subject::Cluster(id);
            out.push(match cluster.addon_enabled("httpApplicationRouting") {
                Field::Set(true, loc) => Evaluation::fail(
                    subject,
                    loc,
                    "HTTP application routing add-on (retired 2025-03-03) publishes ingresses in public DNS without TLS",
                ),
                Field::Unknown(reason, loc) => Evaluation::unknown(subject, loc, reason),
                _ => Evaluation::pass(subject),
            });
        }
    }
}
