use crate::model::{Cluster, OsType, SshAccess};
use crate::rules::{Context, Item, Judgement, declare_rule, fail, pass, unknown};

declare_rule! {
    /// ## What it checks
    /// An SSH public key on the nodes (`linuxProfile.ssh.publicKeys`) while
    /// some Linux node pool still accepts SSH (its
    /// `securityProfile.sshAccess` is not `Disabled`).
    ///
    /// ## Why it matters
    /// A long-lived key on every node is a way in that bypasses Kubernetes
    /// RBAC and audit logs; whoever holds the private key is root on the
    /// nodes.
    ///
    /// ## How to fix
    /// `az aks nodepool update -g RG --cluster-name NAME -n POOL --ssh-access disabled`
    /// for each pool, or create clusters with `--no-ssh-key`. ARM:
    /// `agentPoolProfiles[].securityProfile.sshAccess: Disabled`; Terraform:
    /// leave out `linux_profile`.
    ///
    /// ## What the fix costs
    /// Node debugging goes through `kubectl debug node/...` instead.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/manage-ssh-node-access
    code: "AU109", name: "node-ssh-enabled", judges: [Cluster(judge)],
    pillar: Auth, kind: Exposure, severity: Low, responsibility: Customer, component: NodePool,
    since: "0.1.0", status: Stable, title: "SSH access to nodes not disabled",
    remediation: "az aks nodepool update --ssh-access disabled (or create clusters with --no-ssh-key)",
}

fn judge(cx: &Context, cluster: Item<Cluster>) -> Judgement {
    let Some((_, key_loc)) = cluster.ssh_public_keys.set()?.filter(|(n, _)| **n > 0) else {
        return pass();
    };
    // The key is there; whether any pool still accepts SSH is not.
    if let Err(pools) = cluster.inline_pools.known() {
        return unknown(pools.loc, format!("node pools unknown: {}", pools.reason));
    }
    let linux = cx
        .inventory
        .pools_of(cluster.id)
        .map(|(_, p)| p)
        .filter(|p| !p.os_type.holds(&OsType::Windows));
    let mut open = Vec::new();
    let mut unreadable = None;
    for pool in linux {
        match pool.ssh_access.set() {
            Ok(Some((SshAccess::Disabled, _))) => {}
            Err(unknown) => {
                unreadable.get_or_insert(unknown);
            }
            _ => open.push(pool.name.as_str()),
        }
    }
    match (open.is_empty(), unreadable) {
        (false, _) => fail(
            key_loc,
            format!("nodes carry an SSH key and pools {} accept SSH", open.join(", ")),
        ),
        (true, Some(unknown)) => Err(unknown),
        (true, None) => pass(),
    }
}
