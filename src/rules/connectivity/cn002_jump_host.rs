use crate::model::{Field, Subject};
use crate::rules::{Context, Evaluation, Rule, RuleMeta, Verdicts, declare_rule, support};

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
    /// incidents unhandled (talk s21).
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
    pub struct JumpHost {
        code: "CN002",
        name: "jump-host-attestation",
        title: "Attestation: maintained jump host for a private cluster",
        pillar: Connectivity,
        kind: Attestation,
        severity: Medium,
        responsibility: Customer,
        component: ApiServer,
        remediation: "Provide Bastion and a maintained jump host; attest it in chanto.yaml (CN002)",
    }
}

impl Rule for JumpHost {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        for (id, cluster) in cx.inventory.clusters.iter().enumerate() {
            let subject = Subject::Cluster(id);
            out.push(match &cluster.private_cluster {
                Field::Set(true, loc) => support::attestation(
                    cx,
                    subject,
                    "CN002",
                    *loc,
                    None,
                    "a maintained, access-controlled jump host reaches this private cluster",
                ),
                Field::Unknown(reason, loc) => Evaluation::unknown(subject, *loc, reason.clone()),
                _ => Evaluation::not_applicable(subject, "not a private cluster"),
            });
        }
    }
}
