use crate::model::Cluster;
use crate::rules::{Context, Item, Judgement, declare_rule, support};

declare_rule! {
    /// ## What it checks
    /// An attestation (`code: CL002` in `chanto.yaml`) that the cluster's
    /// validating and mutating admission webhooks were reviewed within the last
    /// 90 days: each one known, owned and expected. Who may change them is
    /// AU210's; what is registered lives in the running cluster. One
    /// evaluation per scanned cluster.
    ///
    /// ## Why it matters
    /// A webhook an attacker registers sees (and can rewrite) every object it
    /// selects; a webhook deleted or set to ignore failures silently switches
    /// policy off.
    ///
    /// ## How to fix
    /// List them (`kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations`),
    /// compare with what the platform installs, and record the review.
    ///
    /// ## What the fix costs
    /// A quarterly review of a short list.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/
    code: "CL002", name: "admission-review-attestation", judges: [Cluster(judge)],
    pillar: Cluster, kind: Attestation, severity: Low, responsibility: Customer, component: ApiServer,
    since: "0.2.0", status: Preview, title: "Attestation: admission webhooks reviewed within 90 days",
    remediation: "Review the cluster's admission webhooks quarterly and attest it in chanto.yaml (CL002)",
}

/// Webhooks are reviewed at least quarterly.
const REVIEW_DAYS: i64 = 90;

fn judge(cx: &Context, cluster: Item<Cluster>) -> Judgement {
    support::attestation(
        cx,
        "CL002",
        cluster.loc,
        Some(REVIEW_DAYS),
        "the admission webhooks were reviewed",
    )
}
