use crate::model::{Cluster, Field, Spec};
use crate::rules::{Context, Item, Judgement, declare_rule, fail_all, not_applicable, unknown};

declare_rule! {
    /// ## What it checks
    /// Azure role assignments that give a cluster's kubelet identity (the
    /// identity nodes pull images with) more than pulling on a registry:
    /// `AcrPush`, `AcrDelete`, `AcrImageSigner`, `Contributor` or `Owner`, at
    /// whatever scope. Unknown when the kubelet identity's object ID is not in
    /// the input (templates learn it at deployment) or no role assignments are
    /// among the inputs; not applicable to a cluster whose nodes use its
    /// service principal (AU105 asks for a managed identity).
    ///
    /// ## Why it matters
    /// Every node holds the kubelet identity: with push rights, code that
    /// escapes to a node can replace the images every cluster pulling from the
    /// registry runs.
    ///
    /// ## How to fix
    /// Grant `AcrPull` on the registry only (`az aks update --attach-acr`) and
    /// remove the other assignments; push from the build pipeline's identity.
    ///
    /// ## What the fix costs
    /// Anything that pushed from inside the cluster (in-cluster builds) needs
    /// its own identity.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/container-registry/container-registry-roles
    /// - https://learn.microsoft.com/azure/aks/cluster-container-registry-integration
    code: "AU303", name: "kubelet-registry-write-access", judges: [Cluster(judge)],
    pillar: Auth, kind: Exposure, severity: Medium, responsibility: Customer, component: EntraId,
    since: "0.2.0", status: Preview, title: "Kubelet identity can do more than pull from registries",
    remediation: "Give the kubelet identity AcrPull only; push from the pipeline's identity",
}

/// Built-in roles that write to a registry, by GUID.
const WRITE_ROLES: &[(&str, &str)] = &[
    ("8311e382-0749-4cb8-b61a-304f252e45ec", "AcrPush"),
    ("c2f4ef07-c644-48eb-af81-4b1b4947fb11", "AcrDelete"),
    ("6cef56e8-d556-48e5-a04f-b8e64114680f", "AcrImageSigner"),
    ("b24988ac-6180-42a0-ab88-20f7382dd24c", "Contributor"),
    ("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner"),
];

fn judge(cx: &Context, cluster: Item<Cluster>) -> Judgement {
    let kubelet = match cluster.kubelet_identity.known()? {
        Field::Set(id, _) => id,
        _ if cluster
            .service_principal_client_id
            .value()
            .is_some_and(|id| !id.eq_ignore_ascii_case("msi")) =>
        {
            return not_applicable("nodes pull as the cluster's service principal (AU105)");
        }
        absent => {
            return unknown(
                absent.loc(),
                "the kubelet identity's object ID is not in the input (it is known once deployed)",
            );
        }
    };
    let (granted, any) = cx.inventory.assignments_to(kubelet);
    if !any {
        return unknown(
            cluster.loc,
            format!("no role assignments among the inputs (`az role assignment list --assignee {kubelet} --all`)"),
        );
    }
    fail_all(
        granted
            .iter()
            .map(|&rid| &cx.inventory.resources[rid])
            .filter_map(|r| match &r.spec {
                Spec::RoleAssignment(a) => Some((r, a)),
                _ => None,
            })
            .filter_map(|(r, a)| {
                let (_, role) = WRITE_ROLES.iter().find(|(guid, _)| a.grants(guid))?;
                Some((
                    r.loc,
                    format!(
                        "the kubelet identity of cluster {} holds {role} at {}",
                        cluster.name,
                        a.scope.value().map_or("an unknown scope", String::as_str)
                    ),
                ))
            })
            .collect(),
    )
}
