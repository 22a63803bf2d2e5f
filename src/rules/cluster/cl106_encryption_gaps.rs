use crate::model::{Cluster, Field, NodePool};
use crate::rules::{Context, Item, Judgement, Rated, Severity, declare_rule, fail, pass, require_on};

declare_rule! {
    /// ## What it checks
    /// Three layers of encryption at rest, each its own evaluation:
    /// - every node pool: host-based encryption (`enableEncryptionAtHost`),
    ///   which also covers temp and cache disks (medium);
    /// - the cluster: a customer-managed disk encryption set
    ///   (`diskEncryptionSetID`) for OS and data disks (low);
    /// - the cluster: KMS etcd encryption with a Key Vault key
    ///   (`securityProfile.azureKeyVaultKms.enabled`) for Secrets (low), or
    ///   infrastructure encryption of Kubernetes objects with service-managed
    ///   keys (`securityProfile.kubernetesResourceObjectEncryptionProfile.infrastructureEncryption:
    ///   Enabled`), which also encrypts Secrets at rest.
    ///
    /// ## Why it matters
    /// Azure encrypts managed disks with platform keys by default; host
    /// encryption closes the gap for temp disks and caches, and customer keys
    /// let the organisation revoke access to the data.
    ///
    /// ## How to fix
    /// Host encryption: `az aks nodepool add ... --enable-encryption-at-host`
    /// (needs the `EncryptionAtHost` feature on the subscription); ARM
    /// `agentPoolProfiles[].enableEncryptionAtHost`, Terraform
    /// `host_encryption_enabled`. Disk encryption set: `--node-osdisk-diskencryptionset-id`
    /// at creation; ARM `diskEncryptionSetID`, Terraform `disk_encryption_set_id`.
    /// KMS: `az aks update --enable-azure-keyvault-kms --azure-keyvault-kms-key-id ...`;
    /// ARM `securityProfile.azureKeyVaultKms`, Terraform `key_management_service`.
    ///
    /// ## What the fix costs
    /// Customer keys must be rotated and kept reachable: a deleted or
    /// disabled key makes nodes or Secrets unreadable. KMS with a private Key
    /// Vault needs API server VNet integration.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/enable-host-encryption
    /// - https://learn.microsoft.com/azure/aks/azure-disk-customer-managed-keys
    /// - https://learn.microsoft.com/azure/aks/use-kms-etcd-encryption
    /// - https://learn.microsoft.com/rest/api/aks/managed-clusters/create-or-update
    code: "CL106", name: "encryption-at-rest-gaps", judges: [NodePool(host_encryption), Cluster(disk_encryption_set), Cluster(kms)],
    pillar: Cluster, kind: Exposure, severity: Medium, responsibility: Customer, component: Etcd,
    since: "0.1.0", status: Stable, title: "Host encryption, customer-managed disk keys or KMS etcd encryption missing",
    remediation: "Enable host encryption on node pools; add a disk encryption set and KMS etcd encryption",
}

fn host_encryption(_: &Context, pool: Item<NodePool>) -> Judgement {
    require_on(
        &pool.encryption_at_host,
        false,
        &format!("node pool {} has host encryption off: temp disks and caches are unencrypted", pool.name),
    )
}

fn disk_encryption_set(_: &Context, cluster: Item<Cluster>) -> Judgement {
    match cluster.disk_encryption_set.known()? {
        Field::Set(..) => pass(),
        absent => fail(
            absent.loc(),
            "no disk encryption set: node disks use platform-managed keys only",
        ),
    }
    .rated(Severity::Low)
}

fn kms(_: &Context, cluster: Item<Cluster>) -> Judgement {
    // Infrastructure encryption encrypts Kubernetes objects, Secrets among
    // them, at rest with service-managed keys: what KMS is asked for here.
    if let Some((setting, _)) = cluster.infrastructure_encryption.set()?
        && setting.eq_ignore_ascii_case("Enabled")
    {
        return pass();
    }
    require_on(
        &cluster.kms,
        false,
        "no KMS etcd encryption: Secrets are encrypted with platform keys only",
    )
    .rated(Severity::Low)
}
