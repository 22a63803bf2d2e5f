use crate::model::{Field, KubeObject, Loc, ObjectSpec, ServiceSpec, Subject};
use crate::rules::{Context, Evaluation, Rule, RuleMeta, Verdicts, declare_rule};

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

const INTERNAL: &str = "service.beta.kubernetes.io/azure-load-balancer-internal";
const RANGES_ANNOTATION: &str = "service.beta.kubernetes.io/load-balancer-source-ranges";
const OPEN: [&str; 2] = ["0.0.0.0/0", "::/0"];

/// Whether a Service gets a public IP on the cluster's load balancer:
/// `type: LoadBalancer` without the internal annotation. An error (reason,
/// place) when its type can't be read.
pub fn public_load_balancer(
    object: &KubeObject,
    service: &ServiceSpec,
) -> Result<bool, (String, Loc)> {
    if let Field::Unknown(reason, loc) = &service.service_type {
        return Err((reason.clone(), *loc));
    }
    let internal = object
        .annotation(INTERNAL)
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    Ok(service.service_type.is("LoadBalancer") && !internal)
}

impl Rule for PublicLoadBalancer {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn object_local(&self) -> bool {
        true
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        for (id, object) in cx.inventory.objects.iter().enumerate() {
            let ObjectSpec::Service(service) = &object.spec else {
                continue;
            };
            let subject = Subject::Object(id);
            match public_load_balancer(object, service) {
                Err((reason, loc)) => {
                    out.push(Evaluation::unknown(subject, loc, reason));
                    continue;
                }
                Ok(false) => {
                    out.push(Evaluation::not_applicable(
                        subject,
                        "not a public LoadBalancer Service",
                    ));
                    continue;
                }
                Ok(true) => {}
            }
            // Kubernetes reads the annotation only when the spec lists no ranges.
            let (ranges, loc) = match &service.source_ranges {
                Field::Set(ranges, loc) if !ranges.is_empty() => (ranges.clone(), *loc),
                Field::Unknown(reason, loc) => {
                    out.push(Evaluation::unknown(subject, *loc, reason.clone()));
                    continue;
                }
                _ => match object.annotation(RANGES_ANNOTATION) {
                    Some(v) => (
                        v.split(',')
                            .map(|r| r.trim().to_string())
                            .filter(|r| !r.is_empty())
                            .collect(),
                        service.annotations_loc,
                    ),
                    // Without ranges, `type: LoadBalancer` is what makes it public.
                    None => (Vec::new(), service.service_type.loc()),
                },
            };
            out.push(if ranges.is_empty() {
                Evaluation::fail(
                    subject,
                    loc,
                    format!("LoadBalancer Service {} gets a public IP open to the whole internet (no loadBalancerSourceRanges)", object.name),
                )
            } else if ranges.iter().any(|r| OPEN.contains(&r.as_str())) {
                Evaluation::fail(
                    subject,
                    loc,
                    format!("LoadBalancer Service {} allows 0.0.0.0/0", object.name),
                )
            } else {
                Evaluation::pass(subject)
            });
        }
    }
}
