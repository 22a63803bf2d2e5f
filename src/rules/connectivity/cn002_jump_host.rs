use crate::model::Cluster;
use crate::rules::{Context, Item, Judgement, declare_rule, not_applicable, support};

declare_rule! {
    /// ## What it checks
    /// For every private cluster, an attestation (`code: CN002` in
    /// `chanto.yaml`) that a maintained, access-controlled jump host (or
    /// Bastion / VPN path) exists to reach the API server, reviewed within its
    /// `valid_for` days. Not applicable to public clusters.
    ///
    /// ## Why it matters
    /// A private cluster is only as private as the way in: an unpatched jump
    /// box with shared credentials undoes it, and no way in at all leaves
    /// incidents unhandled.
    ///
    /// ## How to fix
    /// Use Azure Bastion to a patched, Entra-joined jump host (or a VPN), then
    /// attest it with `code: CN002`.
    ///
    /// ## What the fix costs
    /// The jump host is one more machine to patch and watch.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/access-private-cluster
    code: "CN002", name: "jump-host-attestation", judges: [Cluster(judge)],
    pillar: Connectivity, kind: Attestation, severity: Medium, responsibility: Customer, component: ApiServer,
    since: "0.1.0", status: Stable, title: "Attestation: maintained jump host for a private cluster",
    remediation: "Provide Bastion and a maintained jump host; attest it in chanto.yaml (CN002)",
}

fn judge(cx: &Context, cluster: Item<Cluster>) -> Judgement {
    match cluster.private_cluster.set()? {
        Some((true, loc)) => support::attestation(
            cx,
            "CN002",
            loc,
            None,
            "a maintained, access-controlled jump host reaches this private cluster",
        ),
        _ => not_applicable("not a private cluster"),
    }
}
