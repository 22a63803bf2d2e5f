use crate::model::{
    AzureResource, Cluster, Field, Inventory, ResourceId, Spec, Subject, subscription_of,
};
use crate::rules::{Context, Evaluation, Rule, RuleMeta, Verdicts, declare_rule};

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
    /// Company rule 3 asks for image scanning (talk s5, s24). Defender scans on
    /// push and re-scans images in use daily, but only when it can reach the
    /// registry: the current scanner works behind Private Link when trusted
    /// services are allowed (`aks-reference.md` §5.9). A closed registry
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
    pub struct RegistryNotScanned {
        code: "CL301",
        name: "registry-not-scanned",
        title: "Registry images cannot be scanned by Defender",
        pillar: Cluster,
        kind: Exposure,
        severity: Medium,
        responsibility: Customer,
        component: Registry,
        remediation: "Allow trusted Microsoft services on the registry and enable Defender for Containers",
    }
}

/// The built-in `AcrPull` role.
const ACR_PULL: &str = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
/// Plans that scan registry images: the current one and its predecessor.
const SCANNING_PLANS: [&str; 2] = ["Containers", "ContainerRegistry"];

impl Rule for RegistryNotScanned {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        let inventory = cx.inventory;
        let evidence = Evidence::gather(inventory);
        for (rid, resource) in inventory.resources.iter().enumerate() {
            let Spec::Registry(registry) = &resource.spec else {
                continue;
            };
            let subject = Subject::Resource(rid);
            let access = &registry.access;
            let closed =
                access.public_network_access.is("Disabled") || access.default_action.is("Deny");
            let bypass_none = access.bypass.is("None");
            // Whether the registry is closed may be unknown, and only matters
            // when trusted services are kept out.
            if !closed && bypass_none {
                let open_question = [&access.public_network_access, &access.default_action]
                    .into_iter()
                    .find_map(|f| match f {
                        Field::Unknown(reason, loc) => Some((reason.clone(), *loc)),
                        _ => None,
                    });
                if let Some((reason, loc)) = open_question {
                    out.push(Evaluation::unknown(subject, loc, reason));
                    continue;
                }
            }
            if closed {
                match &access.bypass {
                    Field::Set(bypass, loc) if bypass.eq_ignore_ascii_case("None") => {
                        out.push(Evaluation::fail(
                            subject,
                            *loc,
                            format!(
                                "registry {} is closed to public networks and does not let trusted Microsoft services through, so Defender cannot scan its images",
                                resource.name
                            ),
                        ));
                        continue;
                    }
                    Field::Unknown(reason, loc) => {
                        out.push(Evaluation::unknown(subject, *loc, reason.clone()));
                        continue;
                    }
                    _ => {}
                }
            }
            out.push(evidence.plan(inventory, rid, subject));
        }
    }
}

/// What the inputs say about Defender plans, gathered once for all
/// registries.
struct Evidence<'a> {
    /// Pricing resources of the plans that scan images, with their tier.
    plans: Vec<(&'a AzureResource, &'a Field<String>)>,
    /// Clusters with the Defender sensor on.
    sensors: Vec<&'a Cluster>,
    /// `AcrPull` assignments: principal and scope.
    pulls: Vec<(&'a str, &'a str)>,
}

impl<'a> Evidence<'a> {
    fn gather(inventory: &'a Inventory) -> Self {
        let mut evidence = Evidence {
            plans: Vec::new(),
            sensors: inventory
                .clusters
                .iter()
                .filter(|c| c.defender.value() == Some(&true))
                .collect(),
            pulls: Vec::new(),
        };
        for r in &inventory.resources {
            match &r.spec {
                Spec::DefenderPlan(tier)
                    if SCANNING_PLANS
                        .iter()
                        .any(|p| r.name.eq_ignore_ascii_case(p)) =>
                {
                    evidence.plans.push((r, tier));
                }
                Spec::RoleAssignment(a) if a.grants(ACR_PULL) => {
                    if let (Some(principal), Some(scope)) = (a.principal.value(), a.scope.value()) {
                        evidence.pulls.push((principal, scope));
                    }
                }
                _ => {}
            }
        }
        evidence
    }

    /// Whether the plan that scans images is on for the registry.
    fn plan(&self, inventory: &Inventory, rid: ResourceId, subject: Subject) -> Evaluation {
        let registry = &inventory.resources[rid];
        let subscription = registry.subscription();
        let same_subscription = |other: Option<&str>| match (subscription, other) {
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            _ => true,
        };
        let pricing = self
            .plans
            .iter()
            .find(|(p, _)| same_subscription(p.subscription()));
        if let Some((plan, tier)) = pricing {
            return match tier {
                Field::Set(tier, _) if tier.eq_ignore_ascii_case("Standard") => {
                    Evaluation::pass(subject)
                }
                Field::Set(tier, loc) => Evaluation::fail(
                    subject,
                    *loc,
                    format!(
                        "Defender plan {} is on the {tier} tier in this subscription: images in registry {} are not scanned",
                        plan.name, registry.name
                    ),
                ),
                Field::Absent(loc) => Evaluation::unknown(
                    subject,
                    *loc,
                    format!("Defender plan {} states no pricing tier", plan.name),
                ),
                Field::Unknown(reason, loc) => Evaluation::unknown(subject, *loc, reason.clone()),
            };
        }
        let sensor_on = self.sensors.iter().any(|c| {
            (subscription.is_some() && same_subscription(c.id.as_deref().and_then(subscription_of)))
                || self.pulls_from(inventory, c, rid)
        });
        if sensor_on {
            Evaluation::pass(subject)
        } else {
            Evaluation::unknown(
                subject,
                registry.loc,
                format!(
                    "whether Defender for Containers scans registry {} is a subscription setting not among the inputs (`az security pricing show -n Containers`)",
                    registry.name
                ),
            )
        }
    }

    /// Whether the cluster's kubelet identity holds `AcrPull` on the
    /// registry, directly or through its resource group or subscription.
    fn pulls_from(&self, inventory: &Inventory, cluster: &Cluster, rid: ResourceId) -> bool {
        let Some(kubelet) = cluster.kubelet_identity.value() else {
            return false;
        };
        let registry_id = inventory.resources[rid]
            .id
            .as_deref()
            .map(str::to_ascii_lowercase);
        self.pulls.iter().any(|(principal, scope)| {
            principal.eq_ignore_ascii_case(kubelet)
                && (inventory.resource_by_id(scope) == Some(rid)
                    || registry_id.as_deref().is_some_and(|id| {
                        let scope = scope.to_ascii_lowercase();
                        id.starts_with(&format!("{}/", scope.trim_end_matches('/')))
                    }))
        })
    }
}
