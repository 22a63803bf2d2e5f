use crate::model::{Field, Subject};
use crate::rules::{Context, Evaluation, Rule, RuleMeta, Verdicts, declare_rule};

declare_rule! {
    /// ## What it checks
    /// A private cluster that still publishes a public DNS name for its
    /// private API endpoint (`enablePrivateClusterPublicFQDN`). `az aks create
    /// --enable-private-cluster` turns it on unless told `--disable-public-fqdn`;
    /// the API (and Terraform) leave it off when the field is omitted.
    ///
    /// Not applicable to public clusters.
    ///
    /// ## Why it matters
    /// The name resolves to a private IP, so it opens no endpoint, but it
    /// publishes the cluster's existence and internal address to anyone who
    /// queries public DNS.
    ///
    /// ## How to fix
    /// `az aks update -g RG -n NAME --disable-public-fqdn`. ARM:
    /// `apiServerAccessProfile.enablePrivateClusterPublicFQDN: false`;
    /// Terraform: `private_cluster_public_fqdn_enabled = false`.
    ///
    /// ## What the fix costs
    /// Clients then need a private DNS zone linked to their network (or the
    /// `system` zone reachable) to resolve the API server; `privateDNSZone:
    /// none` together with no public FQDN is not supported.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/private-clusters#disable-a-public-fqdn
    pub struct PrivateClusterPublicFqdn {
        code: "CN103",
        name: "private-cluster-public-fqdn",
        title: "Private cluster publishes a public FQDN",
        pillar: Connectivity,
        kind: Exposure,
        severity: Low,
        responsibility: Shared,
        component: ApiServer,
        remediation: "az aks update --disable-public-fqdn",
    }
}

impl Rule for PrivateClusterPublicFqdn {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        for (id, cluster) in cx.inventory.clusters.iter().enumerate() {
            let subject = Subject::Cluster(id);
            out.push(match &cluster.private_cluster {
                Field::Unknown(reason, loc) => Evaluation::unknown(subject, *loc, reason.clone()),
                Field::Set(true, _) => match &cluster.private_cluster_public_fqdn {
                    Field::Set(true, loc) => Evaluation::fail(
                        subject,
                        *loc,
                        "private cluster publishes a public DNS name for its API server",
                    ),
                    Field::Unknown(reason, loc) => {
                        Evaluation::unknown(subject, *loc, reason.clone())
                    }
                    Field::Set(false, _) | Field::Absent(_) => Evaluation::pass(subject),
                },
                _ => Evaluation::not_applicable(subject, "not a private cluster"),
            });
        }
    }
}
