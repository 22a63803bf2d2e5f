use crate::model::{ContainerKind, Field, KubeObject, PodSpec};
use crate::rules::{Context, Judgement, declare_rule, fail_all};

declare_rule! {
    /// ## What it checks
    /// Containers and init containers of Linux pods whose
    /// `securityContext.readOnlyRootFilesystem` is not `true` (there is no pod
    /// level setting). Windows pods are not applicable: Windows does not
    /// support it.
    ///
    /// ## Why it matters
    /// A writable root filesystem lets an attacker drop tools and change the
    /// application's own files; a read-only one keeps the running container
    /// what the image says.
    ///
    /// ## How to fix
    /// Set `readOnlyRootFilesystem: true` and mount an `emptyDir` where the
    /// application writes (`/tmp`, caches).
    ///
    /// ## What the fix costs
    /// Applications that write beside their binaries fail at start: find the
    /// paths and mount volumes there.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
    code: "CL226", name: "writable-root-filesystem", judges: [LinuxPodSpec(judge)],
    pillar: Cluster, kind: Exposure, severity: Low, responsibility: Customer, component: Workload,
    since: "0.2.0", status: Preview, title: "Container root filesystem is writable",
    remediation: "Set securityContext.readOnlyRootFilesystem: true and mount emptyDir where the app writes",
}

fn judge(_: &Context, _: &KubeObject, spec: &PodSpec) -> Judgement {
    let mut violations = Vec::new();
    for c in spec.containers.iter().filter(|c| c.kind != ContainerKind::Ephemeral) {
        match c.security.read_only_root_filesystem.known()? {
            Field::Set(true, _) => {}
            Field::Set(false, loc) => violations.push((
                *loc,
                format!("container {} sets readOnlyRootFilesystem: false", c.name),
            )),
            _ => violations.push((
                c.loc,
                format!("container {} does not set readOnlyRootFilesystem", c.name),
            )),
        }
    }
    fail_all(violations)
}
