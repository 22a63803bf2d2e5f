use crate::model::{Field, Subject};
use crate::rules::support::{internet_wide, parse_cidr};
use crate::rules::{Context, Evaluation, Rule, RuleMeta, Verdicts, declare_rule, support};

declare_rule! {
    /// ## What it checks
    /// Authorized IP ranges that admit far more than the admins and pipelines
    /// that need the API server: `0.0.0.0/0`, `::/0`, or any public IPv4 prefix
    /// shorter than /16 (public IPv6 shorter than /32). Private ranges
    /// (RFC 1918, CGNAT) and the special `0.0.0.0/32` (the cluster's own
    /// outbound IP only) are fine.
    ///
    /// Not applicable to private clusters, nor to public clusters without
    /// ranges (that is CN101).
    ///
    /// ## Why it matters
    /// A range like `0.0.0.0/0` turns the allow-list into decoration: the API
    /// server is as exposed as without it (talk s14).
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
    pub struct AuthorizedRangesTooWide {
        code: "CN102",
        name: "authorized-ranges-too-wide",
        title: "Authorized IP ranges admit too much of the internet",
        pillar: Connectivity,
        kind: Exposure,
        severity: Medium,
        responsibility: Shared,
        component: ApiServer,
        remediation: "Replace wide authorized IP ranges with the exact prefixes of admin networks and CI runners",
    }
}

impl Rule for AuthorizedRangesTooWide {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        for (id, cluster) in cx.inventory.clusters.iter().enumerate() {
            let subject = Subject::Cluster(id);
            out.push(
                match (
                    support::api_server_private(cluster),
                    &cluster.authorized_ip_ranges,
                ) {
                    (Ok(true), _) => Evaluation::not_applicable(
                        subject,
                        "private cluster: the API server has no public endpoint",
                    ),
                    (_, Field::Unknown(reason, loc)) => {
                        Evaluation::unknown(subject, *loc, reason.clone())
                    }
                    (_, Field::Absent(_)) => {
                        Evaluation::not_applicable(subject, "no authorized IP ranges (see CN101)")
                    }
                    (_, Field::Set(ranges, _)) if ranges.is_empty() => {
                        Evaluation::not_applicable(subject, "no authorized IP ranges (see CN101)")
                    }
                    (_, Field::Set(ranges, loc)) => {
                        let parsed: Vec<_> = ranges.iter().map(|r| (r, parse_cidr(r))).collect();
                        let wide: Vec<&str> = parsed
                            .iter()
                            .filter(|(_, p)| p.is_some_and(|(ip, len)| internet_wide(ip, len)))
                            .map(|(r, _)| r.as_str())
                            .collect();
                        let unreadable: Vec<&str> = parsed
                            .iter()
                            .filter(|(_, p)| p.is_none())
                            .map(|(r, _)| r.as_str())
                            .collect();
                        if !wide.is_empty() {
                            Evaluation::fail(
                                subject,
                                *loc,
                                format!(
                                    "authorized IP ranges {} admit a large part of the internet",
                                    wide.join(", ")
                                ),
                            )
                        } else if !unreadable.is_empty() {
                            Evaluation::unknown(
                                subject,
                                *loc,
                                format!("not a CIDR: {}", unreadable.join(", ")),
                            )
                        } else {
                            Evaluation::pass(subject)
                        }
                    }
                },
            );
        }
    }
}
