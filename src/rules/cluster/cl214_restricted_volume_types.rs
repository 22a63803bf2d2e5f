use crate::rules::workload::Check;

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
use crate::rules::{Context, Rule, RuleMeta, Verdicts, declare_rule, workload};

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
    /// CSI driver controls. (talk s23)
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
    pub struct RestrictedVolumeTypes {
        code: "CL214",
        name: "restricted-volume-types",
        title: "Volume type outside the restricted set",
        pillar: Cluster,
        kind: Exposure,
        severity: Medium,
        responsibility: Customer,
        component: Workload,
        remediation: "Use PVC, CSI, configMap, secret, projected, downwardAPI, emptyDir or ephemeral volumes",
        profile: Restricted,
    }
}

impl Rule for RestrictedVolumeTypes {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn object_local(&self) -> bool {
        true
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        workload::each_workload(cx, out, Self::META.profile, |_, spec| {
            Check::from_violations(
                spec.volumes
                    .iter()
                    .filter(|v| !ALLOWED.contains(&v.source.as_str()))
                    .map(|v| (v.loc, format!("volume {} is of type {}", v.name, v.source)))
                    .collect(),
            )
        });
    }
}
