use crate::model::Cluster;
use crate::rules::support::{api_server_private, cidr_contains, parse_cidr};
use crate::rules::{Context, Item, Judgement, declare_rule, fail, not_applicable, pass, unknown};

declare_rule! {
    /// ## What it checks
    /// On a public cluster with authorized IP ranges: every CIDR the
    /// organisation declares in `chanto.yaml` (`organisation.ci_cidrs` and
    /// `organisation.admin_cidrs`) must fall inside one of the ranges.
    /// Unknown when the policy file declares none; not applicable to private
    /// clusters and to clusters without ranges (CN101).
    ///
    /// The cluster's own egress IPs also need to be allowed (or the special
    /// `0.0.0.0/32`), but the cluster resource lists them only as resource
    /// IDs; they are checked once public IP resources are among the inputs.
    ///
    /// ## Why it matters
    /// Tightening authorized ranges (CN101, CN102) without the pipelines' and
    /// admins' egress addresses locks out deployments and the people on call:
    /// the over-hardening side of the balance.
    ///
    /// ## How to fix
    /// Add the missing prefixes:
    /// `az aks update --api-server-authorized-ip-ranges <all ranges>`, or move
    /// the runners into the VNet and make the cluster private.
    ///
    /// ## What the fix costs
    /// Each added prefix widens who can reach the API server; keep runner
    /// egress on fixed, owned IPs (NAT gateway) rather than shared pools.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges
    code: "CN902", name: "authorized-ranges-lock-out", judges: [Cluster(judge)],
    pillar: Connectivity, kind: Breakage, severity: Medium, responsibility: Customer, component: ApiServer,
    since: "0.1.0", status: Stable, title: "Authorized IP ranges exclude the organisation's CI or admin networks",
    remediation: "Add the declared CI and admin CIDRs to the API server's authorized IP ranges",
}

fn judge(cx: &Context, cluster: Item<Cluster>) -> Judgement {
    if matches!(api_server_private(&cluster), Ok(true)) {
        return not_applicable("private cluster");
    }
    let Some((ranges, loc)) = cluster.authorized_ip_ranges.set()?.filter(|(r, _)| !r.is_empty())
    else {
        return not_applicable("no authorized IP ranges (see CN101)");
    };
    let org = &cx.options.organisation;
    let declared: Vec<&String> = org.ci_cidrs.iter().chain(&org.admin_cidrs).collect();
    if declared.is_empty() {
        return unknown(
            loc,
            "chanto.yaml declares no organisation.ci_cidrs or admin_cidrs to check the ranges against",
        );
    }
    let allowed: Vec<_> = ranges.iter().filter_map(|r| parse_cidr(r)).collect();
    let missing: Vec<&str> = declared
        .iter()
        .filter(|d| {
            parse_cidr(d).is_some_and(|inner| !allowed.iter().any(|outer| cidr_contains(*outer, inner)))
        })
        .map(|d| d.as_str())
        .collect();
    if missing.is_empty() {
        pass()
    } else {
        fail(
            loc,
            format!("authorized IP ranges lock out declared networks {}", missing.join(", ")),
        )
    }
}
