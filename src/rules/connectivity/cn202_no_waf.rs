use crate::model::{
    AzureResource, Field, IngressSpec, Inventory, KubeObject, ServiceSpec, Spec, WafMode, WafSettings,
};
use crate::rules::{Context, Judgement, declare_rule, fail, not_applicable, pass, unknown};

declare_rule! {
    /// ## What it checks
    /// Public entry points for application traffic and whether a WAF is in
    /// front of them (policy requirement P1: inbound through a WAF):
    /// - a public `LoadBalancer` Service is a layer-4 endpoint with no WAF:
    ///   fail (internal ones are not applicable);
    /// - an Ingress served by the Application Gateway Ingress Controller with a
    ///   `appgw.ingress.kubernetes.io/waf-policy-for-path` annotation passes;
    ///   without it the gateway's own WAF policy decides, which is not among
    ///   these inputs: unknown;
    /// - an Ingress for another controller (NGINX, Traefik, app routing) is
    ///   exposed through that controller's Service, which this rule judges:
    ///   not applicable.
    ///
    /// An Application Gateway ingress without that annotation is judged by
    /// the gateway itself when it is among the inputs: the scanned clusters'
    /// `ingressApplicationGateway` add-on names it (`applicationGatewayId`),
    /// and its WAF policy, or else its inline WAF configuration, must be
    /// enabled in `Prevention` mode. `Detection` only logs attacks: fail; no
    /// WAF at all: fail.
    ///
    /// An Ingress whose hostnames are all listed in `chanto.yaml` under
    /// `organisation.wafs` (a Front Door or gateway outside the inputs) passes.
    ///
    /// ## Why it matters
    /// Application-layer attacks (injection, credential stuffing, scanners)
    /// reach the workload directly when nothing inspects HTTP.
    ///
    /// ## How to fix
    /// Put Application Gateway WAF_v2 (AGIC or Application Gateway for
    /// Containers) or Front Door Premium with a WAF policy in front, and make
    /// the controller's Service internal.
    ///
    /// ## What the fix costs
    /// A gateway to run and pay for, and WAF rules to tune so they do not block
    /// legitimate traffic (start in Detection mode).
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/web-application-firewall/ag/ag-overview
    /// - https://azure.github.io/application-gateway-kubernetes-ingress/annotations/
    code: "CN202", name: "public-endpoint-without-waf", judges: [Service(service), Ingress(ingress)],
    pillar: Connectivity, kind: Exposure, severity: Medium, responsibility: Customer, component: LoadBalancer,
    since: "0.1.0", status: Stable, title: "Public Service or Ingress not behind a WAF",
    remediation: "Publish through Application Gateway WAF or Front Door WAF; make the Service internal",
}

const WAF_POLICY: &str = "appgw.ingress.kubernetes.io/waf-policy-for-path";
const AGIC_CLASSES: [&str; 2] = ["azure/application-gateway", "azure-application-gateway"];
const AGIC_ADDON: &str = "ingressApplicationGateway";

fn service(_: &Context, object: &KubeObject, service: &ServiceSpec) -> Judgement {
    if !service.public_load_balancer()? {
        return not_applicable("not a public LoadBalancer Service");
    }
    fail(
        service.service_type.loc(),
        format!("LoadBalancer Service {} is a public endpoint with no WAF in front", object.name),
    )
}

fn ingress(cx: &Context, object: &KubeObject, ingress: &IngressSpec) -> Judgement {
    let wafs = &cx.options.organisation.wafs;
    if !ingress.hosts.is_empty()
        && ingress.hosts.iter().all(|h| wafs.iter().any(|w| w.eq_ignore_ascii_case(h)))
    {
        return pass();
    }
    match ingress.class.set()? {
        Some((class, loc)) if AGIC_CLASSES.iter().any(|c| class.eq_ignore_ascii_case(c)) => {
            if object.annotation(WAF_POLICY).is_some() {
                return pass();
            }
            gateway_waf(cx.inventory, &object.name).unwrap_or_else(|| {
                unknown(
                    loc,
                    "Application Gateway ingress without a WAF policy annotation: the gateway's own WAF policy decides, and it is not among the inputs",
                )
            })
        }
        _ => not_applicable(
            "served by an in-cluster ingress controller: its Service decides the exposure",
        ),
    }
}

fn gateway_waf(inventory: &Inventory, ingress: &str) -> Option<Judgement> {
    let mut named: Vec<String> = inventory
        .clusters
        .iter()
        .filter_map(|c| c.addon(AGIC_ADDON))
        .filter(|a| a.enabled.value() == Some(&true))
        .filter_map(|a| {
            a.config("applicationGatewayId")
                .value()
                .map(|id| id.to_ascii_lowercase())
        })
        .collect();
    named.sort_unstable();
    named.dedup();
    let [gateway_id] = named.as_slice() else {
        return None;
    };
    let rid = inventory.resource_by_id(gateway_id)?;
    let gateway = &inventory.resources[rid];
    let Spec::ApplicationGateway(settings) = &gateway.spec else {
        return None;
    };
    let (waf, source) = match &settings.waf_policy {
        Field::Set(policy_id, _) => match inventory
            .resource_by_id(policy_id)
            .map(|p| &inventory.resources[p])
        {
            Some(AzureResource {
                spec: Spec::WafPolicy(policy),
                name,
                ..
            }) => (policy, format!("WAF policy {name}")),
            _ => {
                return Some(unknown(
                    settings.waf_policy.loc(),
                    format!(
                        "the WAF policy of gateway {} is not among the inputs",
                        gateway.name
                    ),
                ));
            }
        },
        Field::Unknown(reason, loc) => return Some(unknown(*loc, reason.clone())),
        Field::Absent(_) => (&settings.waf, format!("gateway {}", gateway.name)),
    };
    Some(waf_blocks(waf, ingress, &source))
}

/// Whether a WAF is on and blocks (Prevention mode).
fn waf_blocks(waf: &WafSettings, ingress: &str, source: &str) -> Judgement {
    match (waf.enabled.known()?, waf.mode.known()?) {
        (Field::Set(true, _), Field::Set(WafMode::Prevention, _)) => pass(),
        (Field::Set(true, _), mode) => fail(
            mode.loc(),
            format!(
                "Ingress {ingress} is published by {source}, whose WAF is in {} mode: attacks are logged, not blocked",
                mode.value().unwrap_or(&WafMode::Detection)
            ),
        ),
        (enabled, _) => fail(
            enabled.loc(),
            format!("Ingress {ingress} is published by {source}, which has no WAF enabled"),
        ),
    }
}
