use crate::model::{KubeObject, PodSpec};
use crate::rules::{Context, Judgement, declare_rule, fail_all};

declare_rule! {
    /// ## What it checks
    /// Volumes other than configMap, csi, downwardAPI, emptyDir, ephemeral,
    /// persistentVolumeClaim, projected and secret (so hostPath, nfs, azureFile, azureDisk,
    /// flexVolume and the other in-tree types fail).
    ///
    /// Pod Security Standards, restricted profile. Read from Pods and from the pod
    /// templates of Deployments, StatefulSets, DaemonSets, ReplicaSets,
    /// ReplicationControllers, Jobs and CronJobs; init and ephemeral containers count.
    ///
    /// ## Why it matters
    /// In-tree volume types mount storage with node credentials and bypass the storage class and
    /// CSI driver controls.
    ///
    /// ## How to fix
    /// Use a `persistentVolumeClaim` (Azure Disk/Files through their CSI drivers) or a `csi`
    /// volume.
    ///
    /// ## What the fix costs
    /// Migrating in-tree volumes needs a new PersistentVolume per workload.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    code: "CL214", name: "restricted-volume-types", judges: [PodSpec(judge)],
    pillar: Cluster, kind: Exposure, severity: Medium, responsibility: Customer, component: Workload, profile: Restricted,
    since: "0.1.0", status: Stable, title: "Volume type outside the restricted set",
    remediation: "Use PVC, CSI, configMap, secret, projected, downwardAPI, emptyDir or ephemeral volumes",
}

fn judge(_: &Context, _: &KubeObject, spec: &PodSpec) -> Judgement {
    fail_all(
        spec.volumes
            .iter()
            .filter(|v| !ALLOWED.contains(&v.source.as_str()))
            .map(|v| (v.loc, format!("volume {} is of type {}", v.name, v.source)))
            .collect(),
    )
}

const ALLOWED: [&str; 8] = [
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "persistentVolumeClaim",
    "projected",
    "secret",
];
