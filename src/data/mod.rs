//! Date tables the rules read, kept as data files with their source and date
//! (`data/` at the repository root) and embedded in the binary.

mod frameworks;

use std::sync::LazyLock;

pub use frameworks::{Answer, Control, Framework, Frameworks};

use jiff::civil::Date;
use serde::Deserialize;

pub struct Data {
    pub versions: VersionCalendar,
    pub os_skus: OsSkuTable,
    pub system_workloads: SystemWorkloads,
    pub egress: EgressTable,
    pub frameworks: Frameworks,
}

/// The tables shipped with this build.
pub fn builtin() -> &'static Data {
    static DATA: LazyLock<Data> = LazyLock::new(|| Data {
        versions: parse(include_str!("../../data/aks-kubernetes-versions.json")),
        os_skus: parse(include_str!("../../data/aks-node-os-skus.json")),
        system_workloads: parse(include_str!("../../data/aks-system-workloads.json")),
        egress: parse(include_str!("../../data/aks-egress.json")),
        frameworks: Frameworks::parse(
            include_str!("../../data/frameworks/cis-aks-1.8.tsv"),
            include_str!("../../data/frameworks/peer-checks.tsv"),
            include_str!("../../data/frameworks/rules.tsv"),
            include_str!("../../data/frameworks/azure-policy.tsv"),
            include_str!("../../data/frameworks/titles.tsv"),
        )
        .expect("embedded framework tables are valid"),
    });
    &DATA
}

fn parse<T: for<'de> Deserialize<'de>>(text: &str) -> T {
    // The files are part of the source tree and tested; a broken one is a
    // build defect, not bad user input.
    serde_json::from_str(text).expect("embedded data file is valid")
}

/// A Kubernetes minor version, `1.31` → `(1, 31)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Minor(pub u32, pub u32);

impl Minor {
    /// Reads `1.31`, `1.31.2` or `v1.31.2`.
    pub fn parse(version: &str) -> Option<Minor> {
        let mut parts = version.trim().trim_start_matches('v').split('.');
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next()?.parse().ok()?;
        Some(Minor(major, minor))
    }
}

impl std::fmt::Display for Minor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.0, self.1)
    }
}

impl<'de> Deserialize<'de> for Minor {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Minor::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("bad minor {s:?}")))
    }
}

#[derive(Debug, Deserialize)]
pub struct VersionCalendar {
    pub retrieved: Date,
    pub versions: Vec<VersionSupport>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct VersionSupport {
    pub minor: Minor,
    pub end_of_life: Date,
    pub lts_end_of_life: Option<Date>,
}

impl VersionCalendar {
    pub fn get(&self, minor: Minor) -> Option<&VersionSupport> {
        self.versions.iter().find(|v| v.minor == minor)
    }

    pub fn oldest(&self) -> Option<Minor> {
        self.versions.iter().map(|v| v.minor).min()
    }
}

/// The file also says when it was retrieved, for the people who update it.
#[derive(Debug, Deserialize)]
pub struct OsSkuTable {
    pub skus: Vec<OsSkuSupport>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct OsSkuSupport {
    pub os_sku: String,
    /// The entry applies only below this Kubernetes version.
    pub kubernetes_below: Option<Minor>,
    pub name: String,
    pub end_of_support: Date,
}

impl OsSkuTable {
    /// The support entry for a pool's OS SKU; `kubernetes` is needed only for
    /// SKUs whose meaning changed with the version.
    pub fn lookup(&self, os_sku: &str, kubernetes: Option<Minor>) -> Lookup<'_> {
        let mut needs_version = false;
        for sku in self
            .skus
            .iter()
            .filter(|s| s.os_sku.eq_ignore_ascii_case(os_sku))
        {
            match (sku.kubernetes_below, kubernetes) {
                (None, _) => return Lookup::Found(sku),
                (Some(below), Some(k)) if k < below => return Lookup::Found(sku),
                (Some(_), Some(_)) => {}
                (Some(_), None) => needs_version = true,
            }
        }
        if needs_version {
            Lookup::NeedsVersion
        } else {
            Lookup::NotListed
        }
    }
}

pub enum Lookup<'a> {
    Found(&'a OsSkuSupport),
    NotListed,
    NeedsVersion,
}

/// Workloads AKS installs itself, exempt from findings by default.
#[derive(Debug, Deserialize)]
pub struct SystemWorkloads {
    pub reason: String,
    pub namespaces: Vec<String>,
    pub exempt_namespace_subjects: Vec<String>,
    pub names: Vec<String>,
}

impl SystemWorkloads {
    pub fn covers(&self, namespace: &str, name: &str) -> bool {
        self.namespaces.iter().any(|n| n == namespace)
            && self
                .names
                .iter()
                .any(|pattern| match pattern.strip_suffix('*') {
                    Some(prefix) => name.starts_with(prefix),
                    None => name == pattern,
                })
    }
}

/// Endpoints a cluster with restricted egress must reach (`aks-reference.md` §3).
#[derive(Debug, Deserialize)]
pub struct EgressTable {
    pub retrieved: Date,
    /// The firewall FQDN tag that covers every `tagged` endpoint.
    pub fqdn_tag: String,
    pub endpoints: Vec<Endpoint>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Endpoint {
    /// A host or `*.suffix`; `{region}` stands for the cluster's region.
    pub fqdn: String,
    pub port: u16,
    #[serde(default)]
    pub tagged: bool,
    #[serde(default)]
    pub when: Option<Needed>,
    /// A service tag that network rules can allow instead of the name.
    #[serde(default)]
    pub service_tag: Option<String>,
    /// The resource type whose private endpoints carry this traffic
    /// instead of the firewall.
    #[serde(default)]
    pub private_endpoint_for: Option<String>,
    pub purpose: String,
}

/// When an endpoint is needed beyond every cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Needed {
    /// The API server has a public endpoint.
    PublicApiServer,
    /// The add-on with that key is enabled.
    Addon(String),
    /// The Defender for Containers sensor is on.
    Defender,
}

impl<'de> Deserialize<'de> for Needed {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        match s.as_str() {
            "public-api-server" => Ok(Needed::PublicApiServer),
            "defender" => Ok(Needed::Defender),
            _ => s
                .strip_prefix("addon:")
                .map(|key| Needed::Addon(key.to_string()))
                .ok_or_else(|| serde::de::Error::custom(format!("unknown condition {s:?}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_names_a_public_source() {
        for text in [
            include_str!("../../data/aks-kubernetes-versions.json"),
            include_str!("../../data/aks-node-os-skus.json"),
            include_str!("../../data/aks-system-workloads.json"),
            include_str!("../../data/aks-egress.json"),
        ] {
            let table: serde_json::Value = serde_json::from_str(text).unwrap();
            let source = table["source"].as_str().unwrap_or_default();
            assert!(source.contains("https://"), "{source}");
            assert!(
                !source.contains("shared/") && !source.contains(".md "),
                "{source}"
            );
        }
    }

    #[test]
    fn embedded_tables_parse_and_are_ordered() {
        let data = builtin();
        assert!(data.versions.versions.len() >= 10);
        for pair in data.versions.versions.windows(2) {
            assert!(pair[0].minor < pair[1].minor);
            assert!(pair[0].end_of_life <= pair[1].end_of_life);
        }
        assert!(!data.os_skus.skus.is_empty());
        assert!(data.system_workloads.covers("kube-system", "kube-proxy"));
        assert!(
            data.system_workloads
                .covers("kube-system", "coredns-autoscaler")
        );
        assert!(!data.system_workloads.covers("kube-system", "kured"));
        assert!(!data.system_workloads.covers("shop", "coredns"));
        assert!(data.egress.endpoints.iter().any(|e| e.tagged));
        assert!(
            data.egress
                .endpoints
                .iter()
                .any(|e| e.when == Some(Needed::Addon("azureKeyvaultSecretsProvider".into())))
        );
    }

    #[test]
    fn azure_linux_depends_on_the_kubernetes_version() {
        let table = &builtin().os_skus;
        assert!(matches!(
            table.lookup("azurelinux", Some(Minor(1, 31))),
            Lookup::Found(_)
        ));
        assert!(matches!(
            table.lookup("AzureLinux", Some(Minor(1, 32))),
            Lookup::NotListed
        ));
        assert!(matches!(
            table.lookup("AzureLinux", None),
            Lookup::NeedsVersion
        ));
        assert!(matches!(table.lookup("Ubuntu", None), Lookup::NotListed));
    }

    #[test]
    fn minors_parse_from_any_version_spelling() {
        assert_eq!(Minor::parse("1.31.2"), Some(Minor(1, 31)));
        assert_eq!(Minor::parse("v1.9"), Some(Minor(1, 9)));
        assert_eq!(Minor::parse("latest"), None);
    }
}
