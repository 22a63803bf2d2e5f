use crate::model::Cluster;
use crate::rules::{Context, Item, Judgement, declare_rule, support};

declare_rule! {
    /// ## What it checks
    /// An attestation (`code: AU001` in `chanto.yaml`) that privileged Azure
    /// roles on the cluster (Owner, Contributor, Azure Kubernetes Service
    /// Cluster Admin / RBAC Cluster Admin) are PIM-eligible rather than
    /// permanent, with an access review in the last 90 days. The review counts
    /// for at most 90 days whatever `valid_for` says. One evaluation per
    /// scanned cluster.
    ///
    /// ## Why it matters
    /// Standing admin rights accumulate; just-in-time elevation with reviews
    /// keeps "limit who can access" (policy requirement P5) true over time.
    ///
    /// ## How to fix
    /// Make the role assignments eligible in Privileged Identity Management,
    /// schedule a quarterly access review, and record the last review.
    ///
    /// ## What the fix costs
    /// Elevation takes a minute and may need approval: keep a monitored
    /// break-glass path for incidents.
    ///
    /// ## References
    /// - https://learn.microsoft.com/entra/id-governance/privileged-identity-management/pim-configure
    code: "AU001", name: "pim-review-attestation", judges: [Cluster(judge)],
    pillar: Auth, kind: Attestation, severity: Medium, responsibility: Customer, component: EntraId,
    since: "0.1.0", status: Stable, title: "Attestation: privileged roles through PIM, reviewed within 90 days",
    remediation: "Make privileged roles PIM-eligible, review them quarterly and attest it in chanto.yaml (AU001)",
}

/// Privileged access is reviewed at least every 90 days.
const REVIEW_DAYS: i64 = 90;

fn judge(cx: &Context, cluster: Item<Cluster>) -> Judgement {
    support::attestation(
        cx,
        "AU001",
        cluster.loc,
        Some(REVIEW_DAYS),
        "privileged Azure roles go through PIM with a recent access review",
    )
}
