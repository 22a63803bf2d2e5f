use crate::model::Cluster;
use crate::rules::{Context, Item, Judgement, declare_rule, support};

declare_rule! {
    /// ## What it checks
    /// That the organisation attests, in `chanto.yaml` under `attestations`
    /// with `code: CN001`, that access to the Azure management plane (portal,
    /// CLI, ARM) requires MFA through Conditional Access — and that the
    /// attestation was reviewed within its `valid_for` days of the scan date.
    /// One evaluation per scanned cluster: missing points at the cluster,
    /// stale at the attestation.
    ///
    /// ## Why it matters
    /// Whoever holds Owner or Contributor on the subscription can turn every
    /// cluster setting off, fetch admin credentials or run commands on nodes;
    /// no configuration file shows whether that sign-in needs a second factor.
    ///
    /// ## How to fix
    /// Require MFA for the "Microsoft Azure Management" cloud app in a
    /// Conditional Access policy, then record it:
    /// `attestations: [{code: CN001, statement: ..., owner: ..., evidence: <policy link>, reviewed: YYYY-MM-DD, valid_for: 180}]`.
    ///
    /// ## What the fix costs
    /// Break-glass accounts need an exclusion that is monitored; automation
    /// must use workload identities, not user accounts.
    ///
    /// ## References
    /// - https://learn.microsoft.com/entra/identity/conditional-access/howto-conditional-access-policy-azure-management
    code: "CN001", name: "management-plane-mfa-attestation", judges: [Cluster(judge)],
    pillar: Connectivity, kind: Attestation, severity: High, responsibility: Customer, component: Arm,
    since: "0.1.0", status: Stable, title: "Attestation: Azure management plane requires MFA",
    remediation: "Require MFA for Azure management in Conditional Access and attest it in chanto.yaml (CN001)",
}

fn judge(cx: &Context, cluster: Item<Cluster>) -> Judgement {
    support::attestation(
        cx,
        "CN001",
        cluster.loc,
        None,
        "Azure management-plane access requires MFA",
    )
}
