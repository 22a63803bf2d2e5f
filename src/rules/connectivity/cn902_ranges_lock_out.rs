use crate::model::{Field, Subject};
use crate::rules::support::{cidr_contains, parse_cidr};
use crate::rules::{Context, Evaluation, Rule, RuleMeta, Verdicts, declare_rule, support};

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
    /// the over-hardening side of the balance (talk s14, s32).
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
    pub struct RangesLockOut {
        code: "CN902",
        name: "authorized-ranges-lock-out",
        title: "Authorized IP ranges exclude the organisation's CI or admin networks",
        pillar: Connectivity,
        kind: Breakage,
        severity: Medium,
        responsibility: Customer,
        component: ApiServer,
        remediation: "Add the declared CI and admin CIDRs to the API server's authorized IP ranges",
    }
}

impl Rule for RangesLockOut {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        let org = &cx.options.organisation;
        let declared: Vec<&String> = org.ci_cidrs.iter().chain(&org.admin_cidrs).collect();
        for (id, cluster) in cx.inventory.clusters.iter().enumerate() {
            let subject = Subject::Cluster(id);
            if matches!(support::api_server_private(cluster), Ok(true)) {
                out.push(Evaluation::not_applicable(subject, "private cluster"));
                continue;
            }
            let (ranges, loc) = match &cluster.authorized_ip_ranges {
                Field::Set(r, loc) if !r.is_empty() => (r, *loc),
                Field::Unknown(reason, loc) => {
                    out.push(Evaluation::unknown(subject, *loc, reason.clone()));
                    continue;
                }
                _ => {
                    out.push(Evaluation::not_applicable(
                        subject,
                        "no authorized IP ranges (see CN101)",
                    ));
                    continue;
                }
            };
            if declared.is_empty() {
                out.push(Evaluation::unknown(
                    subject,
                    loc,
                    "chanto.yaml declares no organisation.ci_cidrs or admin_cidrs to check the ranges against",
                ));
                continue;
            }
            let allowed: Vec<_> = ranges.iter().filter_map(|r| parse_cidr(r)).collect();
            let missing: Vec<&str> = declared
                .iter()
                .filter(|d| {
                    parse_cidr(d).is_some_and(|inner| {
                        !allowed.iter().any(|outer| cidr_contains(*outer, inner))
                    })
                })
                .map(|d| d.as_str())
                .collect();
            out.push(if missing.is_empty() {
                Evaluation::pass(subject)
            } else {
                Evaluation::fail(
                    subject,
                    loc,
                    format!(
                        "authorized IP ranges lock out declared networks {}",
                        missing.join(", ")
                    ),
                )
            });
        }
    }
}
