use crate::model::{KubeObject, ServiceSpec};
use crate::rules::{Context, Judgement, declare_rule, fail, not_applicable, pass};

declare_rule! {
    /// ## What it checks
    /// Services of `type: LoadBalancer` that get a public IP — no
    /// `service.beta.kubernetes.io/azure-load-balancer-internal: "true"`
    /// annotation — and admit the whole internet: no
    /// `loadBalancerSourceRanges` (nor the
    /// `service.beta.kubernetes.io/load-balancer-source-ranges` annotation),
    /// or a range of `0.0.0.0/0` / `::/0`.
    ///
    /// Not applicable to other Service types and to internal load balancers.
    ///
    /// ## Why it matters
    /// Every such Service is a new public endpoint on the cluster's load
    /// balancer, outside any WAF and outside the team's view of what is exposed.
    /// Checkov, kubescape and Trivy do not read `loadBalancerSourceRanges`.
    ///
    /// ## How to fix
    /// Make it internal (`service.beta.kubernetes.io/azure-load-balancer-internal:
    /// "true"`) and publish through an Application Gateway / WAF, or restrict
    /// `spec.loadBalancerSourceRanges` to the callers' prefixes.
    ///
    /// ## What the fix costs
    /// Clients outside the allowed ranges lose access; an internal load balancer
    /// needs a route in (App Gateway, Front Door with Private Link, VPN).
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/internal-lb
    /// - https://learn.microsoft.com/azure/aks/load-balancer-standard#restrict-inbound-traffic-to-specific-ip-ranges
    code: "CN201", name: "public-load-balancer-unrestricted", judges: [Service(judge)],
    pillar: Connectivity, kind: Exposure, severity: Medium, responsibility: Customer, component: LoadBalancer,
    since: "0.1.0", status: Stable, title: "Public LoadBalancer Service open to the whole internet",
    remediation: "Make the Service internal (azure-load-balancer-internal annotation) or set loadBalancerSourceRanges",
}

fn judge(_: &Context, object: &KubeObject, service: &ServiceSpec) -> Judgement {
    if !service.public_load_balancer()? {
        return not_applicable("not a public LoadBalancer Service");
    }
    match service.source_ranges.set()? {
        Some((ranges, loc)) if ranges.iter().any(|r| OPEN.contains(&r.as_str())) => {
            fail(loc, format!("LoadBalancer Service {} allows 0.0.0.0/0", object.name))
        }
        Some((ranges, _)) if !ranges.is_empty() => pass(),
        // Without ranges, `type: LoadBalancer` is what makes it public.
        _ => fail(
            service.service_type.loc(),
            format!(
                "LoadBalancer Service {} gets a public IP open to the whole internet (no loadBalancerSourceRanges)",
                object.name
            ),
        ),
    }
}

const OPEN: [&str; 2] = ["0.0.0.0/0", "::/0"];
