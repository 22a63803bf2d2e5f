use crate::model::Cluster;
use crate::rules::{Context, Item, Judgement, declare_rule, support};

declare_rule! {
    /// ## What it checks
    /// An attestation (`code: CL001` in `chanto.yaml`) that the cluster admits
    /// only images whose signature it verifies (Notation or cosign, enforced
    /// at admission by Ratify with Azure Policy, Kyverno or Gatekeeper), and
    /// that images arriving in the registry are scanned before use. No
    /// configuration chanto reads shows this end to end: the policy lives in
    /// the cluster and the signing keys in the build pipeline. The statement
    /// counts for at most 180 days. One evaluation per scanned cluster.
    ///
    /// ## Why it matters
    /// A digest (CL228) says which bytes run, not who built them: signature
    /// verification stops an image pushed with stolen registry credentials.
    ///
    /// ## How to fix
    /// Sign images in the pipeline (Notation with a Key Vault certificate),
    /// enforce verification at admission, and record the attestation with the
    /// policy's name. ACR's Docker Content Trust is deprecated: use Notary
    /// Project signatures.
    ///
    /// ## What the fix costs
    /// Unsigned images (third-party charts) must be signed on import or
    /// exempted explicitly.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/container-registry/container-registry-tutorial-sign-build-push
    /// - https://learn.microsoft.com/azure/aks/image-integrity
    code: "CL001", name: "image-signature-attestation", judges: [Cluster(judge)],
    pillar: Cluster, kind: Attestation, severity: Medium, responsibility: Customer, component: Registry,
    since: "0.2.0", status: Preview, title: "Attestation: only signed, verified images are admitted",
    remediation: "Sign images in the pipeline, verify signatures at admission, and attest it in chanto.yaml (CL001)",
}

/// How long the statement holds before it must be made again.
const VALID_DAYS: i64 = 180;

fn judge(cx: &Context, cluster: Item<Cluster>) -> Judgement {
    support::attestation(
        cx,
        "CL001",
        cluster.loc,
        Some(VALID_DAYS),
        "only signed images whose signature is verified at admission run",
    )
}
