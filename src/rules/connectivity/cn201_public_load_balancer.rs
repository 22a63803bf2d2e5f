use crate::model::{Field, ObjectSpec, Subject};
use crate::rules::{Context, Evaluation, Rule, RuleMeta, declare_rule};

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
    /// balancer, outside any WAF and outside the team's view of what is exposed
    /// (talk s17). Peers flag none of them.
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
    pub struct PublicLoadBalancer {
        code: "CN201",
        name: "public-load-balancer-unrestricted",
        title: "Public LoadBalancer Service open to the whole internet",
        pillar: Connectivity,
        kind: Exposure,
        severity: Medium,
        responsibility: Customer,
        component: LoadBalancer,
        remediation: "Make the Service internal (azure-load-balancer-internal annotation) or set loadBalancerSourceRanges",
    }
}

pub const INTERNAL: &str = "service.beta.kubernetes.io/azure-load-balancer-internal";
const RANGES_ANNOTATION: &str = "service.beta.kubernetes.io/load-balancer-source-ranges";
const OPEN: [&str; 2] = ["0.0.0.0/0", "::/0"];

impl Rule for PublicLoadBalancer {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn object_local(&self) -> bool {
        true
    }

    fn check(&self, cx: &Context, out: &mut Vec<Evaluation>) {
        for (id, object) in cx.inventory.objects.iter().enumerate() {
            let ObjectSpec::Service(service) = &object.spec else {
                continue;
            };
            let subject = Subject::Object(id);
            if !service.service_type.is("LoadBalancer") {
                out.push(Evaluation::not_applicable(
                    subject,
                    "not a LoadBalancer Service",
                ));
                continue;
            }
            if object
                .annotation(INTERNAL)
                .is_some_and(|v| v.eq_ignore_ascii_case("true"))
            {
                out.push(Evaluation::not_applicable(
                    subject,
                    "internal load balancer",
                ));
                continue;
            }
            let ranges = match &service.source_ranges {
                // Without ranges, `type: LoadBalancer` is what makes it public.
                Field::Absent(_) => object
                    .annotation(RANGES_ANNOTATION)
                    .map(|v| {
                        (
                            v.split(',')
                                .map(|r| r.trim().to_string())
                                .collect::<Vec<_>>(),
                            service.annotations_loc,
                        )
                    })
                    .unwrap_or((Vec::new(), service.service_type.loc())),
                Field::Set(ranges, loc) => (ranges.clone(), *loc),
                Field::Unknown(reason, loc) => {
                    out.push(Evaluation::unknown(subject, *loc, reason.clone()));
                    continue;
                }
            };
            out.push(match ranges {
                (r, loc) if r.is_empty() => Evaluation::fail(
                    subject,
                    loc,
                    format!("LoadBalancer Service {} gets a public IP open to the whole internet (no loadBalancerSourceRanges)", object.name),
                ),
                (r, loc) if r.iter().any(|x| OPEN.contains(&x.as_str())) => Evaluation::fail(
                    subject,
                    loc,
                    format!("LoadBalancer Service {} allows 0.0.0.0/0", object.name),
                ),
                _ => Evaluation::pass(subject),
            });
        }
    }
}
