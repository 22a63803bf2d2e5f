use crate::model::Cluster;
use crate::rules::{Context, Item, Judgement, declare_rule, not_applicable, require_off};

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
    code: "CN103", name: "private-cluster-public-fqdn", judges: [Cluster(judge)],
    pillar: Connectivity, kind: Exposure, severity: Low, responsibility: Shared, component: ApiServer,
    since: "0.1.0", status: Stable, title: "Private cluster publishes a public FQDN",
    remediation: "az aks update --disable-public-fqdn",
}

fn judge(_: &Context, cluster: Item<Cluster>) -> Judgement {
    if !cluster.private_cluster.is_true()? {
        return not_applicable("not a private cluster");
    }
    require_off(
        &cluster.private_cluster_public_fqdn,
        "private cluster publishes a public DNS name for its API server",
    )
}
