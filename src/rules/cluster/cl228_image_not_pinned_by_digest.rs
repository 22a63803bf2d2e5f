use crate::model::{KubeObject, PodSpec};
use crate::rules::workload::images;
use crate::rules::{Context, Judgement, declare_rule, fail_all};

declare_rule! {
    /// ## What it checks
    /// Images of containers and init containers referenced without a digest
    /// (`@sha256:…`). Mutable tags (`:latest`, none) are CL221's, at a higher
    /// severity. Checkov also asks for `imagePullPolicy: Always`; chanto asks
    /// for the digest instead, which fixes what runs whatever the pull policy
    /// (with a digest, `Always` only re-downloads the same bytes).
    ///
    /// ## Why it matters
    /// A version tag can be pushed again: nodes that pull later run different
    /// code than the one reviewed and scanned, and a compromised registry
    /// account can replace it.
    ///
    /// ## How to fix
    /// Reference `registry/repository:tag@sha256:digest`; let the pipeline or a
    /// bot (Renovate, Dependabot) update digests.
    ///
    /// ## What the fix costs
    /// Every image update is a manifest change.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/containers/images/#image-names
    /// - https://learn.microsoft.com/azure/container-registry/container-registry-image-tag-version
    code: "CL228", name: "image-not-pinned-by-digest", judges: [PodSpec(judge)],
    pillar: Cluster, kind: Exposure, severity: Info, responsibility: Customer, component: Workload,
    since: "0.2.0", status: Preview, title: "Image not pinned by digest",
    remediation: "Reference images by digest (image:tag@sha256:...)",
}

fn judge(_: &Context, _: &KubeObject, spec: &PodSpec) -> Judgement {
    fail_all(
        images(spec)?
            .into_iter()
            .filter(|(_, image, _)| !image.contains("@sha256:"))
            .map(|(c, image, loc)| (loc, format!("container {} uses {image} without a digest", c.name)))
            .collect(),
    )
}
