use crate::model::Cluster;
use crate::rules::support::{api_server_private, internet_wide, parse_cidr, whole_internet};
use crate::rules::{Context, Item, Judgement, declare_rule, fail, not_applicable, pass, unknown};

declare_rule! {
    /// ## What it checks
    /// Authorized IP ranges that admit far more than the admins and pipelines
    /// that need the API server: any public IPv4 prefix shorter than /16
    /// (public IPv6 shorter than /32). Private ranges (RFC 1918, CGNAT) and the
    /// special `0.0.0.0/32` (the cluster's own outbound IP only) are fine.
    ///
    /// Not applicable to private clusters, to public clusters without ranges,
    /// and to ranges that admit the whole internet (`0.0.0.0/0`): those are
    /// no ranges at all, and CN101 fails them at its higher severity.
    ///
    /// ## Why it matters
    /// A range like `20.0.0.0/8` turns the allow-list into decoration: the API
    /// server is as exposed as without it.
    ///
    /// ## How to fix
    /// List the exact egress prefixes of admin networks and CI runners:
    /// `az aks update -g RG -n NAME --api-server-authorized-ip-ranges 203.0.113.0/27,198.51.100.8/29`.
    /// ARM: `apiServerAccessProfile.authorizedIPRanges`; Terraform:
    /// `api_server_access_profile.authorized_ip_ranges`.
    ///
    /// ## What the fix costs
    /// Narrow lists go stale when offices or runners change egress IPs; keep
    /// them in the organisation policy (`organisation` CIDRs) so CN902 can warn
    /// before a change locks people out.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges
    code: "CN102", name: "authorized-ranges-too-wide", judges: [Cluster(judge)],
    pillar: Connectivity, kind: Exposure, severity: Medium, responsibility: Shared, component: ApiServer,
    since: "0.1.0", status: Stable, title: "Authorized IP ranges admit too much of the internet",
    remediation: "Replace wide authorized IP ranges with the exact prefixes of admin networks and CI runners",
}

fn judge(_: &Context, cluster: Item<Cluster>) -> Judgement {
    if matches!(api_server_private(&cluster), Ok(true)) {
        return not_applicable("private cluster: the API server has no public endpoint");
    }
    let Some((ranges, loc)) = cluster.authorized_ip_ranges.set()?.filter(|(r, _)| !r.is_empty())
    else {
        return not_applicable("no authorized IP ranges (see CN101)");
    };
    if !whole_internet(ranges).is_empty() {
        return not_applicable("the ranges admit the whole internet: CN101 judges them");
    }
    let parsed: Vec<_> = ranges.iter().map(|r| (r, parse_cidr(r))).collect();
    let listed = |keep: fn(&Option<(std::net::IpAddr, u8)>) -> bool| -> Vec<&str> {
        parsed.iter().filter(|(_, p)| keep(p)).map(|(r, _)| r.as_str()).collect()
    };
    let wide = listed(|p| p.is_some_and(|(ip, len)| internet_wide(ip, len)));
    let unreadable = listed(Option::is_none);
    if !wide.is_empty() {
        fail(
            loc,
            format!("authorized IP ranges {} admit a large part of the internet", wide.join(", ")),
        )
    } else if !unreadable.is_empty() {
        unknown(loc, format!("not a CIDR: {}", unreadable.join(", ")))
    } else {
        pass()
    }
}
