use crate::model::{Field, Subject};
use crate::rules::{Context, Evaluation, Rule, RuleMeta, Verdicts, declare_rule};

declare_rule! {
    /// ## What it checks
    /// The cluster's own Azure identity: a service principal
    /// (`servicePrincipalProfile.clientId` other than `"msi"`) fails; a
    /// system- or user-assigned managed identity (`identity.type`, or
    /// `clientId: "msi"`) passes.
    ///
    /// ## Why it matters
    /// A service principal secret sits in `/etc/kubernetes/azure.json` on
    /// every node and expires after a year by default; an expired one breaks
    /// load balancers and disks, a leaked one works from anywhere (talk s29,
    /// s30).
    ///
    /// ## How to fix
    /// `az aks update -g RG -n NAME --enable-managed-identity`, then upgrade
    /// the node pools so kubelet switches too. ARM: `identity.type:
    /// SystemAssigned` (or `UserAssigned`); Terraform: `identity { type =
    /// "SystemAssigned" }` instead of `service_principal`.
    ///
    /// ## What the fix costs
    /// Role assignments held by the service principal (on the VNet, a
    /// registry, DNS zones) must be granted to the managed identity first.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/use-managed-identity
    pub struct ServicePrincipal {
        code: "AU105",
        name: "cluster-identity-service-principal",
        title: "Cluster identity is a service principal, not a managed identity",
        pillar: Auth,
        kind: Exposure,
        severity: Medium,
        responsibility: Customer,
        component: EntraId,
        remediation: "az aks update --enable-managed-identity, then upgrade node pools",
    }
}

impl Rule for ServicePrincipal {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        for (id, cluster) in cx.inventory.clusters.iter().enumerate() {
            let subject = Subject::Cluster(id);
            let managed_identity = ["SystemAssigned", "UserAssigned"]
                .iter()
                .any(|t| cluster.identity_type.is(t));
            out.push(match &cluster.service_principal_client_id {
                Field::Set(client, loc) if !client.eq_ignore_ascii_case("msi") && !managed_identity => {
                    Evaluation::fail(
                        subject,
                        *loc,
                        "cluster identity is a service principal: its secret lives on every node and expires",
                    )
                }
                Field::Set(..) => Evaluation::pass(subject),
                _ if managed_identity => Evaluation::pass(subject),
                Field::Unknown(reason, loc) => Evaluation::unknown(subject, *loc, reason.clone()),
                Field::Absent(_) => match &cluster.identity_type {
                    Field::Unknown(reason, loc) => Evaluation::unknown(subject, *loc, reason.clone()),
                    other => Evaluation::unknown(
                        subject,
                        other.loc(),
                        "neither a managed identity nor a service principal is given",
                    ),
                },
            });
        }
    }
}
