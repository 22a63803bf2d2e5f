use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// Image Cleaner (Eraser), `securityProfile.imageCleaner.enabled`.
    ///
    /// ## Why it matters
    /// Images a node pulled once stay on its disk; vulnerable ones can be
    /// started again without a pull, and scanners keep reporting them.
    ///
    /// ## How to fix
    /// `az aks update -g RG -n NAME --enable-image-cleaner
    /// --image-cleaner-interval-hours 48`. ARM:
    /// `securityProfile.imageCleaner`; Terraform:
    /// `image_cleaner_enabled = true`, `image_cleaner_interval_hours`.
    ///
    /// ## What the fix costs
    /// Removed images are pulled again when needed: slower pod starts and
    /// more registry traffic after a clean.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/image-cleaner
    code: "CL109", name: "image-cleaner-off", judges: [SwitchOn(|c| c.image_cleaner.clone(), false, IMAGE_CLEANER_OFF)],
    pillar: Cluster, kind: Exposure, severity: Low, responsibility: Customer, component: NodePool,
    since: "0.1.0", status: Stable, title: "Image cleaner off: stale vulnerable images stay on nodes",
    remediation: "az aks update --enable-image-cleaner",
}

const IMAGE_CLEANER_OFF: &str = "image cleaner is off: unused vulnerable images stay on the nodes";
