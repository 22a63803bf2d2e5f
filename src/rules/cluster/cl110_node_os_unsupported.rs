use super::support_window;
use crate::data::{Lookup, Minor};
use crate::model::{Field, NodePool, OsType};
use crate::rules::{Context, Item, Judgement, Rated, declare_rule, fail, pass, unknown};

declare_rule! {
    /// ## What it checks
    /// Each node pool's OS (`osSKU`, or the default for `osType` when no SKU
    /// is set) against its end of support on the scan date
    /// (`data/aks-node-os-skus.json`): Azure Linux 2.0 (`CBLMariner`, or
    /// `AzureLinux` below Kubernetes 1.32), Windows Server 2019 and 2022.
    /// A medium finding within 60 days of the date. Where the OS depends on
    /// the Kubernetes version, the pool's own `orchestratorVersion` decides,
    /// else the cluster's; a pool version the input cannot tell makes the
    /// verdict unknown rather than borrowing the cluster's.
    ///
    /// ## Why it matters
    /// Past its end of support a node image gets no security updates, and AKS
    /// eventually removes the images, so the pool can no longer scale or
    /// upgrade.
    ///
    /// ## How to fix
    /// Add a pool with a supported SKU and move workloads:
    /// `az aks nodepool add ... --os-sku AzureLinux` (Kubernetes 1.32+) or
    /// `--os-sku Windows2022`, or `az aks nodepool update --os-sku` where an
    /// in-place migration is supported. ARM: `agentPoolProfiles[].osSKU`;
    /// Terraform: `os_sku`.
    ///
    /// ## What the fix costs
    /// Windows containers must be rebuilt on a matching base image for a new
    /// Windows Server version.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/upgrade-os-version
    /// - https://learn.microsoft.com/azure/azure-linux/support-cycle
    code: "CL110", name: "node-os-unsupported", judges: [NodePool(judge)],
    pillar: Cluster, kind: Exposure, severity: High, responsibility: Customer, component: NodePool,
    since: "0.1.0", status: Stable, title: "Node OS SKU past its end of support",
    remediation: "Move the pool to a supported OS SKU (az aks nodepool add --os-sku ...)",
}

/// Windows pools without an explicit SKU get Windows Server 2022 from
/// Kubernetes 1.25 on, 2019 before.
const WINDOWS_2022_DEFAULT_SINCE: Minor = Minor(1, 25);

fn judge(cx: &Context, pool: Item<NodePool>) -> Judgement {
    let kubernetes = match &pool.orchestrator_version {
        Field::Set(v, _) => Minor::parse(v),
        // A pool that names no version runs the control plane's.
        Field::Absent(_) => pool
            .cluster
            .and_then(|c| cx.inventory.clusters[c].kubernetes_version.value().cloned())
            .and_then(|v| Minor::parse(&v)),
        // One the input cannot tell is not the control plane's: pools lag
        // behind it, and the OS behind an osSKU may change with the version.
        Field::Unknown(..) => None,
    };
    let (sku, loc) = match (pool.os_sku.known()?, &pool.os_type) {
        (Field::Set(sku, loc), _) => (sku.clone(), *loc),
        // Without an osSKU, the OS type decides the default.
        (_, Field::Unknown(reason, loc)) => return unknown(*loc, reason.clone()),
        (absent, os) if os.holds(&OsType::Windows) => match kubernetes {
            Some(k) if k >= WINDOWS_2022_DEFAULT_SINCE => ("Windows2022".to_string(), absent.loc()),
            Some(_) => ("Windows2019".to_string(), absent.loc()),
            None => {
                return unknown(absent.loc(), "Windows pool without osSKU or Kubernetes version");
            }
        },
        _ => return pass(),
    };
    match cx.data.os_skus.lookup(&sku, kubernetes) {
        Lookup::NotListed => pass(),
        Lookup::NeedsVersion => unknown(
            loc,
            format!("{sku} means a different OS depending on the Kubernetes version, which the input does not give"),
        ),
        Lookup::Found(entry) => match support_window(cx.as_of, entry.end_of_support) {
            None => pass(),
            Some((severity, when)) => fail(
                loc,
                format!("node pool {} runs {} ({sku}), {when}", pool.name, entry.name),
            )
            .rated(severity),
        },
    }
}
