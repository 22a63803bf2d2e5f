use crate::model::{
    AzureResource, DatabaseEngine, DefaultAction, Field, Inventory, Loc, PublicNetworkAccess, Registry,
    RegistrySku, Spec,
};
use crate::rules::support::{internet_wide, parse_cidr};
use crate::rules::{Context, DataService, Item, Judgement, declare_rule, fail, pass, unknown};

declare_rule! {
    /// ## What it checks
    /// Whether a container registry, storage account, Key Vault or database
    /// answers on its public endpoint, by each service's own switches:
    /// - `publicNetworkAccess: Disabled` (or `SecuredByPerimeter`) passes;
    /// - otherwise registry, storage, Key Vault and Cosmos DB fall back to
    ///   their network rule set: default action `Allow` (the default when the
    ///   rule set is absent) fails; `Deny` passes unless an IP rule admits a
    ///   large part of the internet (shorter than /16), or, on Cosmos DB,
    ///   `0.0.0.0`, which admits every Azure datacenter;
    /// - Basic and Standard registries cannot restrict their public endpoint:
    ///   public access on fails;
    /// - SQL and PostgreSQL servers keep their rules in child `firewallRules`:
    ///   a rule from `0.0.0.0` to `0.0.0.0` ("allow Azure services", which
    ///   means every tenant's) or over a wide public range fails; when no
    ///   firewall rule is among the inputs the verdict is unknown;
    /// - a PostgreSQL flexible server injected into a subnet has no public
    ///   endpoint and passes.
    ///
    /// ## Why it matters
    /// A cluster is only as private as what it talks to. Policy requirement P4
    /// forbids public endpoints on storage and databases, and private
    /// endpoints answer it: images, secrets and data then never cross the
    /// internet, and a leaked key is useless from outside.
    ///
    /// ## How to fix
    /// Create a private endpoint in the cluster's network, then turn public
    /// access off: `az acr update --public-network-enabled false`,
    /// `az storage account update --public-network-access Disabled`,
    /// `az keyvault update --public-network-access Disabled`,
    /// `az sql server update --enable-public-network false`. ARM:
    /// `properties.publicNetworkAccess`; Terraform:
    /// `public_network_access_enabled = false`.
    ///
    /// ## What the fix costs
    /// Everything that reached the service over the internet (CI runners,
    /// developer machines, the portal's data plane) needs a path through the
    /// private network, and the private DNS zone must resolve for the cluster.
    /// Keep "trusted Microsoft services" allowed where Defender or backups
    /// need it (CL301).
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/private-link/private-endpoint-overview
    /// - https://learn.microsoft.com/azure/container-registry/container-registry-private-link
    /// - https://learn.microsoft.com/azure/storage/common/storage-network-security
    /// - https://learn.microsoft.com/azure/key-vault/general/network-security
    /// - https://learn.microsoft.com/azure/azure-sql/database/firewall-configure
    code: "CN301", name: "service-public-network-access", judges: [DataService(judge)],
    pillar: Connectivity, kind: Exposure, severity: High, responsibility: Customer, component: Storage,
    since: "0.1.0", status: Stable, title: "Registry, storage, Key Vault or database allows public network access",
    remediation: "Reach the service through a private endpoint and disable public network access",
}

fn judge(cx: &Context, service: DataService) -> Judgement {
    let DataService { resource, access, what } = service;
    let inventory = cx.inventory;
    let public = access.public_network_access.known()?;
    match public {
        Field::Set(PublicNetworkAccess::Disabled, _) => return pass(),
        // The perimeter's access rules decide, and chanto does not read them.
        Field::Set(PublicNetworkAccess::SecuredByPerimeter, loc) => {
            return unknown(
                *loc,
                format!(
                    "{what} {} is secured by a network security perimeter, whose access rules are not among the inputs",
                    resource.name
                ),
            );
        }
        Field::Set(PublicNetworkAccess::Other(value), loc) => {
            return unknown(*loc, format!("unrecognised publicNetworkAccess {value:?}"));
        }
        _ => {}
    }
    let has_private_endpoint = access.approved_private_endpoints > 0
        || !inventory.private_endpoints_to(resource.id).is_empty();
    let despite = if has_private_endpoint {
        " although it has a private endpoint"
    } else {
        ""
    };
    let public_loc = public.loc();

    match &resource.spec {
        Spec::Registry(Registry {
            sku: Field::Set(sku @ (RegistrySku::Basic | RegistrySku::Standard), _),
            ..
        }) => {
            return fail(public_loc,
                format!(
                    "{what} {} accepts pulls from any network{despite}: public network access is on and the {sku} tier cannot restrict it (network rules need Premium)",
                    resource.name
                ),
            );
        }
        Spec::Database(db)
            if matches!(
                db.engine,
                DatabaseEngine::SqlServer
                    | DatabaseEngine::PostgresFlexible
                    | DatabaseEngine::MySqlFlexible
            ) =>
        {
            return server_firewall(inventory, resource, what, public_loc);
        }
        _ => {}
    }

    match access.default_action.set()? {
        Some((DefaultAction::Deny, _)) => {
            let cosmos =
                matches!(&resource.spec, Spec::Database(db) if db.engine == DatabaseEngine::Cosmos);
            match access.ip_rules.set()? {
                Some((rules, loc)) => {
                    let wide: Vec<&str> = rules
                        .iter()
                        .map(String::as_str)
                        .filter(|r| {
                            (cosmos && r.trim() == "0.0.0.0")
                                || parse_cidr(r).is_some_and(|(ip, len)| internet_wide(ip, len))
                        })
                        .collect();
                    if wide.is_empty() {
                        pass()
                    } else {
                        fail(loc,
                            format!(
                                "{what} {} admits {} on its public endpoint{despite}",
                                resource.name,
                                wide.join(", ")
                            ),
                        )
                    }
                }
                None => pass(),
            }
        }
        Some((action, loc)) => fail(loc,
            format!(
                "{what} {} accepts connections from any network{despite}: the network rule set's default action is {action}",
                resource.name
            ),
        ),
        None => {
            let (loc, why) = match public {
                Field::Set(..) => (
                    public_loc,
                    "public network access is enabled and no network rule set restricts it",
                ),
                _ => (
                    access.default_action.loc(),
                    "no network rule set restricts its public endpoint",
                ),
            };
            fail(loc,
                format!(
                    "{what} {} accepts connections from any network{despite}: {why}",
                    resource.name
                ),
            )
        }
    }
}

/// SQL and PostgreSQL servers: their child firewall rules decide who reaches
/// the public endpoint.
fn server_firewall(
    inventory: &Inventory,
    resource: Item<AzureResource>,
    what: &str,
    public_loc: Loc,
) -> Judgement {
    let rules: Vec<&AzureResource> = inventory
        .children_of(resource.id)
        .iter()
        .map(|&c| &inventory.resources[c])
        .filter(|c| matches!(c.spec, Spec::ServerFirewallRule(_)))
        .collect();
    if rules.is_empty() {
        return unknown(public_loc,
            format!(
                "public network access is on; who reaches {what} {} depends on its firewall rules, which are child resources not among the inputs (`az sql server firewall-rule list`, `az postgres flexible-server firewall-rule list`, `az mysql flexible-server firewall-rule list`)",
                resource.name
            ),
        );
    }
    for rule in rules {
        let Spec::ServerFirewallRule(range) = &rule.spec else {
            continue;
        };
        let (Some((start, _)), Some((end, _))) = (range.start.set()?, range.end.set()?) else {
            continue;
        };
        let parsed = start
            .parse::<std::net::Ipv4Addr>()
            .ok()
            .zip(end.parse::<std::net::Ipv4Addr>().ok());
        let Some((first, last)) = parsed else {
            return unknown(range.start.loc(),
                format!(
                    "firewall rule {} is not an IPv4 range: {start}–{end}",
                    rule.name
                ),
            );
        };
        let (first, last) = (u32::from(first), u32::from(last));
        let problem = if first == 0 && last == 0 {
            Some("allows every Azure service, including other customers' resources".to_string())
        } else if wide_range(first, last) {
            Some(format!("admits {start}–{end} from the internet"))
        } else {
            None
        };
        if let Some(problem) = problem {
            return fail(range.start.loc(),
                format!(
                    "{what} {}: firewall rule {} {problem}",
                    resource.name,
                    rule.name.rsplit('/').next().unwrap_or_default()
                ),
            );
        }
    }
    pass()
}

/// Whether a range holds a /16's worth of addresses or more and its
/// covering prefix is public space, as CN102 judges authorized ranges.
fn wide_range(first: u32, last: u32) -> bool {
    let covering = u8::try_from((first ^ last).leading_zeros()).unwrap_or(32);
    last.saturating_sub(first) >= u32::from(u16::MAX)
        && internet_wide(std::net::IpAddr::V4(first.into()), covering)
}
