use crate::model::{Field, Subject};
use crate::rules::{Context, Evaluation, Rule, RuleMeta, Verdicts, declare_rule};

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
    pub struct NodeSsh {
        code: "AU109",
        name: "node-ssh-enabled",
        title: "SSH access to nodes not disabled",
        pillar: Auth,
        kind: Exposure,
        severity: Low,
        responsibility: Customer,
        component: NodePool,
        remediation: "az aks nodepool update --ssh-access disabled (or create clusters with --no-ssh-key)",
    }
}

impl Rule for NodeSsh {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        for (id, cluster) in cx.inventory.clusters.iter().enumerate() {
            let subject = Subject::Cluster(id);
            out.push(match (&cluster.ssh_public_keys, &cluster.inline_pools) {
                (Field::Unknown(reason, loc), _) => {
                    Evaluation::unknown(subject, *loc, reason.clone())
                }
                // The key is there; whether any pool still accepts SSH is not.
                (Field::Set(n, _), Field::Unknown(reason, loc)) if *n > 0 => {
                    Evaluation::unknown(subject, *loc, format!("node pools unknown: {reason}"))
                }
                (Field::Set(n, loc), _) if *n > 0 => {
                    let linux = cx
                        .inventory
                        .pools_of(id)
                        .map(|(_, p)| p)
                        .filter(|p| !p.os_type.is("Windows"));
                    let mut open = Vec::new();
                    let mut unreadable = None;
                    for pool in linux {
                        match &pool.ssh_access {
                            Field::Set(access, _) if access.eq_ignore_ascii_case("Disabled") => {}
                            Field::Unknown(reason, loc) => {
                                unreadable.get_or_insert((reason, *loc));
                            }
                            _ => open.push(pool.name.as_str()),
                        }
                    }
                    match (open.is_empty(), unreadable) {
                        (false, _) => Evaluation::fail(
                            subject,
                            *loc,
                            format!(
                                "nodes carry an SSH key and pools {} accept SSH",
                                open.join(", ")
                            ),
                        ),
                        (true, Some((reason, loc))) => {
                            Evaluation::unknown(subject, loc, reason.clone())
                        }
                        (true, None) => Evaluation::pass(subject),
                    }
                }
                _ => Evaluation::pass(subject),
            });
        }
    }
}
