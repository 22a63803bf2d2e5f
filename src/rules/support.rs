//! Small helpers shared by rules of more than one pillar.

use std::net::{IpAddr, Ipv4Addr};

use super::{Context, Judgement, fail, pass};
use crate::model::{
    AzureResource, Cluster, Field, Inventory, Loc, PublicNetworkAccess, Registry, RegistrySku,
    Spec, Unknown,
};

/// Whether the API server has no public endpoint: a private cluster, or
/// public network access switched off.
pub fn api_server_private(cluster: &Cluster) -> Result<bool, Unknown> {
    if cluster
        .public_network_access
        .holds(&PublicNetworkAccess::Disabled)
    {
        return Ok(true);
    }
    cluster.private_cluster.is_true()
}

/// `a.b.c.d/n`, `a.b.c.d` (a /32) or an IPv6 prefix.
pub fn parse_cidr(text: &str) -> Option<(IpAddr, u8)> {
    let (ip, len) = match text.trim().split_once('/') {
        Some((ip, len)) => (ip.parse::<IpAddr>().ok()?, len.parse::<u8>().ok()?),
        None => {
            let ip = text.trim().parse::<IpAddr>().ok()?;
            (ip, if ip.is_ipv4() { 32 } else { 128 })
        }
    };
    let max = if ip.is_ipv4() { 32 } else { 128 };
    (len <= max).then_some((ip, len))
}

/// Whether `outer` contains all of `inner`; CIDRs of different families
/// never contain each other.
pub fn cidr_contains(outer: (IpAddr, u8), inner: (IpAddr, u8)) -> bool {
    let same_prefix = |a: u128, b: u128, width: u32| {
        let shift = width - u32::from(outer.1);
        shift >= width || a >> shift == b >> shift
    };
    outer.1 <= inner.1
        && match (outer.0, inner.0) {
            (IpAddr::V4(o), IpAddr::V4(i)) => {
                same_prefix(u32::from(o).into(), u32::from(i).into(), 32)
            }
            (IpAddr::V6(o), IpAddr::V6(i)) => same_prefix(o.into(), i.into(), 128),
            _ => false,
        }
}

/// The ranges that admit every internet address of a family on their own
/// (`0.0.0.0/0`, `::/0`), or, when none does, all of them if together they
/// cover one family's whole address space (`0.0.0.0/1` and `128.0.0.0/1`).
/// Empty when the ranges leave some of the internet out.
pub fn whole_internet(ranges: &[String]) -> Vec<&str> {
    let parsed: Vec<(&str, (IpAddr, u8))> = ranges
        .iter()
        .filter_map(|r| parse_cidr(r).map(|cidr| (r.as_str(), cidr)))
        .collect();
    let alone: Vec<&str> = parsed
        .iter()
        .filter(|(_, (_, len))| *len == 0)
        .map(|(r, _)| *r)
        .collect();
    if !alone.is_empty() {
        return alone;
    }
    for v4 in [true, false] {
        let width: u32 = if v4 { 32 } else { 128 };
        // Each range as the interval [first, last] of its family's space.
        let mut spans: Vec<(u128, u128)> = parsed
            .iter()
            .filter(|(_, (ip, _))| ip.is_ipv4() == v4)
            .map(|(_, (ip, len))| {
                let bits = match ip {
                    IpAddr::V4(a) => u128::from(u32::from(*a)),
                    IpAddr::V6(a) => u128::from(*a),
                };
                let host = width - u32::from(*len);
                let size_minus_one = if host >= 128 {
                    u128::MAX
                } else {
                    (1u128 << host) - 1
                };
                let first = bits & !size_minus_one;
                (first, first.saturating_add(size_minus_one))
            })
            .collect();
        spans.sort_unstable();
        let top = if v4 { u128::from(u32::MAX) } else { u128::MAX };
        let mut next = 0u128;
        let mut covered = false;
        for (first, last) in spans {
            if first > next {
                break;
            }
            if last >= top {
                covered = true;
                break;
            }
            next = next.max(last + 1);
        }
        if covered {
            return parsed
                .iter()
                .filter(|(_, (ip, _))| ip.is_ipv4() == v4)
                .map(|(r, _)| *r)
                .collect();
        }
    }
    Vec::new()
}

/// A retirement in the words of the day judged on: "retires on D" before
/// it, "retired since D" from it (`--as-of` ages the message).
pub fn retirement(as_of: jiff::civil::Date, date: jiff::civil::Date) -> String {
    if as_of < date {
        format!("retires on {date}")
    } else {
        format!("retired since {date}")
    }
}

/// Judges an attestation the organisation must keep in `chanto.yaml`:
/// missing fails at the file's `attestations` section, stale fails at the
/// attestation itself. Without a policy file there is no finding: the scan
/// lists what to attest as a to-do, at `subject_at` for context.
/// `max_days` caps how long any review stays valid.
pub fn attestation(
    cx: &Context,
    code: &str,
    subject_at: Loc,
    max_days: Option<i64>,
    what: &str,
) -> Judgement {
    let Some(a) = cx
        .options
        .attestations
        .iter()
        .find(|a| a.code.eq_ignore_ascii_case(code))
    else {
        return fail(
            cx.options.attestations_at.unwrap_or(subject_at),
            format!("no attestation that {what} ({code} under attestations in chanto.yaml)"),
        );
    };
    let days = max_days.map_or(a.valid_for_days, |m| a.valid_for_days.min(m));
    let stale_from = a
        .reviewed
        .checked_add(jiff::Span::new().days(days))
        .unwrap_or(jiff::civil::Date::MAX);
    if cx.as_of >= stale_from {
        fail(
            a.loc,
            format!(
                "attestation {code} stale since {stale_from} (reviewed {}, valid for {days} days; owner {})",
                a.reviewed, a.owner
            ),
        )
    } else {
        pass()
    }
}

/// Private IPv4 blocks: a prefix inside one of them is not internet space.
const PRIVATE_V4: [(Ipv4Addr, u8); 4] = [
    (Ipv4Addr::new(10, 0, 0, 0), 8),
    (Ipv4Addr::new(172, 16, 0, 0), 12),
    (Ipv4Addr::new(192, 168, 0, 0), 16),
    (Ipv4Addr::new(100, 64, 0, 0), 10),
];

/// Whether a prefix spans a large part of the public internet: shorter than
/// /16 (IPv4) or /32 (IPv6) and not inside private address space.
pub fn internet_wide(ip: IpAddr, len: u8) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let inside_private = PRIVATE_V4.iter().any(|(block, block_len)| {
                len >= *block_len && mask(v4, *block_len) == u32::from(*block)
            });
            len < 16 && !inside_private
        }
        IpAddr::V6(v6) => {
            let unique_local = (v6.segments()[0] & 0xfe00) == 0xfc00 && len >= 7;
            len < 32 && !unique_local
        }
    }
}

fn mask(ip: Ipv4Addr, len: u8) -> u32 {
    let bits = u32::from(ip);
    if len == 0 {
        0
    } else {
        bits & (u32::MAX << (32 - u32::from(len)))
    }
}

const ENV_TAGS: [&str; 3] = ["environment", "env", "stage"];
const PRODUCTION: [&str; 3] = ["prod", "production", "prd"];

/// Whether the organisation counts the cluster as production: by the names
/// and tags its policy file declares, else by an `environment` (`env`,
/// `stage`) tag of `prod`, `production` or `prd`. Unknown when its tags are.
pub fn production(cx: &Context, cluster: &Cluster) -> Result<bool, Unknown> {
    cluster.tags.known()?;
    let org = &cx.options.organisation;
    let declared = !org.production_clusters.is_empty() || !org.production_tags.is_empty();
    Ok(if declared {
        org.production_clusters.iter().any(|g| {
            globset::Glob::new(g).is_ok_and(|g| g.compile_matcher().is_match(&cluster.name))
        }) || org
            .production_tags
            .iter()
            .any(|(k, v)| cluster.tag(k).is_some_and(|t| t.eq_ignore_ascii_case(v)))
    } else {
        ENV_TAGS
            .iter()
            .filter_map(|t| cluster.tag(t))
            .any(|v| PRODUCTION.iter().any(|p| v.eq_ignore_ascii_case(p)))
    })
}

/// Whether the registry is on the Premium tier, where its resilience and
/// network switches exist; unknown when the input cannot tell.
pub fn premium_registry(registry: &Registry) -> Result<bool, Unknown> {
    Ok(matches!(
        registry.sku.known()?,
        Field::Set(RegistrySku::Premium, _)
    ))
}

/// The first Defender for Cloud plan among the inputs named one of
/// `names` in `subscription` (a plan or a resource of unknown subscription
/// matches any), with its pricing tier.
pub fn defender_plan<'a>(
    inventory: &'a Inventory,
    names: &[&str],
    subscription: Option<&str>,
) -> Option<(&'a AzureResource, &'a Field<String>)> {
    inventory
        .defender_plans()
        .iter()
        .map(|rid| &inventory.resources[*rid])
        .find_map(|plan| match &plan.spec {
            Spec::DefenderPlan(tier)
                if names.iter().any(|n| plan.name.eq_ignore_ascii_case(n))
                    && match (subscription, plan.subscription()) {
                        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                        _ => true,
                    } =>
            {
                Some((plan, tier))
            }
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wide(text: &str) -> bool {
        let (ip, len) = parse_cidr(text).unwrap();
        internet_wide(ip, len)
    }

    #[test]
    fn internet_wide_prefixes_are_too_wide_private_ones_are_not() {
        assert!(wide("0.0.0.0/0"));
        assert!(wide("20.0.0.0/8"));
        assert!(wide("::/0"));
        assert!(!wide("0.0.0.0/32"));
        assert!(!wide("10.0.0.0/8"));
        assert!(!wide("172.16.0.0/12"));
        assert!(!wide("203.0.113.0/24"));
        assert!(!wide("198.51.100.7"));
        assert!(parse_cidr("10.0.0.0/33").is_none());
        assert!(parse_cidr("office").is_none());
    }

    #[test]
    fn ranges_that_cover_a_whole_family_are_the_whole_internet() {
        let ranges = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let r = ranges(&["203.0.113.0/24", "0.0.0.0/0"]);
        assert_eq!(whole_internet(&r), ["0.0.0.0/0"]);
        let r = ranges(&["0.0.0.0/1", "128.0.0.0/1"]);
        assert_eq!(whole_internet(&r), ["0.0.0.0/1", "128.0.0.0/1"]);
        let r = ranges(&["::/0"]);
        assert_eq!(whole_internet(&r), ["::/0"]);
        assert!(whole_internet(&ranges(&["0.0.0.0/1", "128.0.0.0/2"])).is_empty());
        assert!(whole_internet(&ranges(&["20.0.0.0/8", "203.0.113.0/24"])).is_empty());
    }

    #[test]
    fn retirements_age_with_the_date_judged_on() {
        let date = jiff::civil::date(2028, 3, 31);
        assert_eq!(
            retirement(jiff::civil::date(2026, 11, 28), date),
            "retires on 2028-03-31"
        );
        assert_eq!(retirement(date, date), "retired since 2028-03-31");
    }

    #[test]
    fn containment() {
        let c = |s: &str| parse_cidr(s).unwrap();
        assert!(cidr_contains(c("203.0.113.0/24"), c("203.0.113.8/29")));
        assert!(cidr_contains(c("0.0.0.0/0"), c("198.51.100.7")));
        assert!(!cidr_contains(c("203.0.113.0/29"), c("203.0.113.0/24")));
        assert!(!cidr_contains(c("203.0.113.0/24"), c("198.51.100.0/24")));
        assert!(!cidr_contains(c("::/0"), c("10.0.0.0/8")));
    }
}
