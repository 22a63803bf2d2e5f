use crate::model::{Cluster, Field};
use crate::rules::support::{api_server_private, whole_internet};
use crate::rules::{Context, Item, Judgement, declare_rule, fail, not_applicable, pass};

declare_rule! {
    /// ## What it checks
    /// A cluster whose API server has a public endpoint (not a private cluster,
    /// public network access not disabled) and no authorized IP ranges, so
    /// anyone on the internet can reach kube-apiserver. Ranges that admit the
    /// whole internet (`0.0.0.0/0`, `::/0`, or ranges that together cover a
    /// whole address family) are no ranges, and fail the same way.
    ///
    /// Not applicable to private clusters: their API server has no public
    /// endpoint, so authorized IP ranges cannot even be set (Checkov's ARM
    /// check CKV_AZURE_6 and kubescape's C-0247 still ask for them).
    ///
    /// ## Why it matters
    /// kubectl traffic is management traffic. An API server
    /// open to the internet is exposed to credential stuffing, token theft
    /// replay and every future kube-apiserver vulnerability.
    ///
    /// ## How to fix
    /// Make the cluster private, or restrict the public endpoint:
    /// `az aks update -g RG -n NAME --api-server-authorized-ip-ranges 203.0.113.0/24`.
    /// ARM: `properties.apiServerAccessProfile.authorizedIPRanges` (or
    /// `enablePrivateCluster: true` at creation). Terraform:
    /// `api_server_access_profile { authorized_ip_ranges = [...] }`.
    ///
    /// ## What the fix costs
    /// Every admin network, CI runner and the cluster's own egress IPs must be
    /// in the list, or people and pipelines are locked out (CN902). A private
    /// cluster needs a jump host or `az aks command invoke` (CN002, AU108).
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges
    /// - https://learn.microsoft.com/azure/aks/private-clusters
    code: "CN101", name: "api-server-open-to-internet", judges: [Cluster(judge)],
    pillar: Connectivity, kind: Exposure, severity: High, responsibility: Shared, component: ApiServer,
    since: "0.1.0", status: Stable, title: "API server reachable from the whole internet",
    remediation: "Set authorized IP ranges (az aks update --api-server-authorized-ip-ranges) or make the cluster private",
}

fn judge(_: &Context, cluster: Item<Cluster>) -> Judgement {
    let ranges = &cluster.authorized_ip_ranges;
    if let Field::Set(listed, loc) = ranges
        && !listed.is_empty()
    {
        // A range that admits the internet is no range.
        let open = whole_internet(listed);
        if open.is_empty() {
            return pass();
        }
        return fail(
            *loc,
            format!(
                "API server has a public endpoint and its authorized IP ranges {} admit the whole internet",
                open.join(", ")
            ),
        );
    }
    if api_server_private(&cluster)? {
        return not_applicable("private cluster: the API server has no public endpoint");
    }
    fail(
        ranges.known()?.loc(),
        "API server has a public endpoint and no authorized IP ranges: anyone on the internet can reach it",
    )
}
