use crate::model::KubeObject;
use crate::rules::{Context, Judgement, declare_rule, fail, pass};

declare_rule! {
    /// ## What it checks
    /// Kubernetes objects written with an `apiVersion` that Kubernetes has
    /// removed in a version older than any AKS supports (1.16 to 1.32), such
    /// as `extensions/v1beta1`, `networking.k8s.io/v1beta1`, `batch/v1beta1`
    /// or `policy/v1beta1`. Custom resources' versions are not judged.
    ///
    /// ## Why it matters
    /// The API server refuses them: the deployment fails, or worse, the
    /// manifest that reviews and scans read is not the one that was applied
    /// (a converted copy elsewhere, or nothing).
    ///
    /// ## How to fix
    /// Move to the replacement version (`kubectl convert`, or the migration
    /// guide) and check the fields that changed.
    ///
    /// ## What the fix costs
    /// Some kinds changed shape (Ingress backends, CronJob, HPA metrics): test
    /// the converted manifest.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/reference/using-api/deprecation-guide/
    code: "CL235", name: "removed-api-version", judges: [Object(judge)],
    pillar: Cluster, kind: Exposure, severity: Low, responsibility: Customer, component: Workload,
    since: "0.2.0", status: Preview, title: "Object written with a removed Kubernetes API version",
    remediation: "Move the object to its current apiVersion (see the Kubernetes deprecation guide)",
}

/// API versions of built-in groups removed before any AKS-supported
/// Kubernetes version, with the release that removed them.
const REMOVED: &[(&str, &str)] = &[
    ("extensions/v1beta1", "1.22"),
    ("apps/v1beta1", "1.16"),
    ("apps/v1beta2", "1.16"),
    ("networking.k8s.io/v1beta1", "1.22"),
    ("rbac.authorization.k8s.io/v1beta1", "1.22"),
    ("rbac.authorization.k8s.io/v1alpha1", "1.22"),
    ("policy/v1beta1", "1.25"),
    ("batch/v1beta1", "1.25"),
    ("batch/v2alpha1", "1.21"),
    ("autoscaling/v2beta1", "1.25"),
    ("autoscaling/v2beta2", "1.26"),
    ("storage.k8s.io/v1beta1", "1.22"),
    ("admissionregistration.k8s.io/v1beta1", "1.22"),
    ("apiextensions.k8s.io/v1beta1", "1.22"),
    ("certificates.k8s.io/v1beta1", "1.22"),
    ("coordination.k8s.io/v1beta1", "1.22"),
    ("scheduling.k8s.io/v1beta1", "1.22"),
    ("discovery.k8s.io/v1beta1", "1.25"),
    ("events.k8s.io/v1beta1", "1.25"),
    ("node.k8s.io/v1beta1", "1.25"),
    ("flowcontrol.apiserver.k8s.io/v1beta1", "1.26"),
    ("flowcontrol.apiserver.k8s.io/v1beta2", "1.29"),
    ("flowcontrol.apiserver.k8s.io/v1beta3", "1.32"),
];

fn judge(_: &Context, object: &KubeObject) -> Option<Judgement> {
    let api = object.api_version.as_ref();
    Some(match REMOVED.iter().find(|(version, _)| *version == api) {
        Some((version, removed)) => fail(
            object.loc,
            format!(
                "the {} uses {version}, removed in Kubernetes {removed}",
                object.kind
            ),
        ),
        None => pass(),
    })
}
