use crate::model::{Field, NodePool};
use crate::rules::{Context, Item, Judgement, declare_rule, fail, pass, unknown};

declare_rule! {
    /// ## What it checks
    /// Node pools whose OS disk is a managed disk (`osDiskType: Managed`)
    /// rather than ephemeral. When the type is not given, AKS picks ephemeral
    /// if the VM size's cache or temp disk fits the OS disk and managed
    /// otherwise, which the input does not show: unknown.
    ///
    /// ## Why it matters
    /// An ephemeral OS disk lives on the host and is reset on every reimage: a
    /// node never keeps state an attacker wrote, node image upgrades are
    /// faster, and there is no separate disk to encrypt or leak.
    ///
    /// ## How to fix
    /// Create pools with `--node-osdisk-type Ephemeral` on a VM size whose
    /// cache or temp disk holds the OS disk (the OS disk type cannot be changed
    /// in place: add a pool and move workloads).
    ///
    /// ## What the fix costs
    /// A new node pool, and VM sizes with enough local storage.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/concepts-storage#ephemeral-os-disk
    code: "CL115", name: "os-disk-not-ephemeral", judges: [NodePool(judge)],
    pillar: Cluster, kind: Exposure, severity: Info, responsibility: Customer, component: NodePool,
    since: "0.2.0", status: Preview, title: "Node pool OS disk is not ephemeral",
    remediation: "Use ephemeral OS disks (--node-osdisk-type Ephemeral) on a VM size that fits them",
}

fn judge(_: &Context, pool: Item<NodePool>) -> Judgement {
    match pool.os_disk_type.known()? {
        Field::Set(kind, _) if kind.eq_ignore_ascii_case("Ephemeral") => pass(),
        Field::Set(kind, loc) => fail(
            *loc,
            format!("node pool {} uses a {kind} OS disk", pool.name),
        ),
        absent => unknown(
            absent.loc(),
            format!(
                "node pool {} does not set osDiskType: AKS chooses by the VM size",
                pool.name
            ),
        ),
    }
}
