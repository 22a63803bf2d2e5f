use crate::model::{Resolved, Subject};
use crate::rules::{Context, Evaluation, Rule, RuleMeta, Verdicts, declare_rule};

declare_rule! {
    /// ## What it checks
    /// The cluster's `outboundType`. Only `userDefinedRouting` (a route table
    /// sending egress to a firewall or NVA) and `none` (a network-isolated
    /// cluster) put control in the egress path. `loadBalancer` (the default)
    /// and the NAT gateway types let every pod reach any address.
    ///
    /// ## Why it matters
    /// The company rule "only necessary outbound traffic" (talk s5, rule 2)
    /// cannot be met without something that filters egress by destination;
    /// a compromised pod can otherwise exfiltrate data or fetch tooling freely
    /// (s14, s19).
    ///
    /// ## How to fix
    /// Route egress through Azure Firewall: a route table with `0.0.0.0/0` to
    /// the firewall on the node subnet, then `az aks update -g RG -n NAME
    /// --outbound-type userDefinedRouting`. ARM:
    /// `networkProfile.outboundType`; Terraform:
    /// `network_profile.outbound_type = "userDefinedRouting"`.
    ///
    /// ## What the fix costs
    /// The firewall must allow every endpoint AKS and its add-ons need
    /// (`AzureKubernetesService` FQDN tag), or nodes fail to pull images,
    /// register or upgrade (talk s19; CN901 checks this).
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/egress-outboundtype
    /// - https://learn.microsoft.com/azure/aks/limit-egress-traffic
    pub struct EgressNotControlled {
        code: "CN105",
        name: "egress-not-controlled",
        title: "Egress does not pass through a firewall",
        pillar: Connectivity,
        kind: Exposure,
        severity: Medium,
        responsibility: Customer,
        component: Egress,
        remediation: "Route egress through a firewall: outboundType userDefinedRouting with a route table to Azure Firewall",
    }
}

impl Rule for EgressNotControlled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        for (id, cluster) in cx.inventory.clusters.iter().enumerate() {
            let subject = Subject::Cluster(id);
            out.push(
                match cluster.outbound_type.or_default("loadBalancer".into()) {
                    Resolved::Unknown(reason, loc) => Evaluation::unknown(subject, loc, reason),
                    Resolved::Known(kind, loc) => match kind.to_ascii_lowercase().as_str() {
                        "userdefinedrouting" | "none" => Evaluation::pass(subject),
                        "loadbalancer" | "managednatgateway" | "userassignednatgateway" => {
                            Evaluation::fail(
                                subject,
                                loc,
                                format!(
                                    "egress leaves through {kind} with no firewall in the path"
                                ),
                            )
                        }
                        _ => Evaluation::unknown(
                            subject,
                            loc,
                            format!("unrecognised outboundType {kind:?}"),
                        ),
                    },
                },
            );
        }
    }
}
