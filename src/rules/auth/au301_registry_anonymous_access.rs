use crate::model::{AzureResource, Registry, RegistrySku};
use crate::rules::{Context, Item, Judgement, declare_rule, not_applicable, require_off};

declare_rule! {
    /// ## What it checks
    /// Two switches on every container registry, each its own evaluation:
    /// - `adminUserEnabled`: a single shared user name and password with push
    ///   and pull rights (default off);
    /// - `anonymousPullEnabled`: pulls without any credential (default off,
    ///   Standard and Premium only).
    ///
    /// ## Why it matters
    /// The admin credential is static, shared, not tied to a person and not
    /// covered by Entra ID sign-in policies or PIM; whoever copies it can push
    /// an image that every cluster then runs. Anonymous pull lets anyone who
    /// reaches the registry read every image, with whatever is baked into it.
    /// Pull and push with Entra identities instead of shared secrets.
    ///
    /// ## How to fix
    /// Grant the cluster's kubelet identity `AcrPull` (`az aks update
    /// --attach-acr`) and CI a managed identity or a repository-scoped token,
    /// then `az acr update -n NAME --admin-enabled false
    /// --anonymous-pull-enabled false`. ARM: `properties.adminUserEnabled`,
    /// `properties.anonymousPullEnabled`; Terraform: `admin_enabled`,
    /// `anonymous_pull_enabled`.
    ///
    /// ## What the fix costs
    /// Anything that logs in with the admin password (old pipelines, a
    /// `docker login` in a script, image pull secrets in namespaces) stops
    /// working until it moves to an identity or token.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/container-registry/container-registry-authentication#admin-account
    /// - https://learn.microsoft.com/azure/container-registry/anonymous-pull-access
    code: "AU301", name: "registry-shared-or-anonymous-access", judges: [Registry(admin_user), Registry(anonymous_pull)],
    pillar: Auth, kind: Exposure, severity: High, responsibility: Customer, component: Registry,
    since: "0.1.0", status: Stable, title: "Registry admin user or anonymous pull enabled",
    remediation: "Disable the admin user and anonymous pull; pull with the kubelet identity (AcrPull)",
}

fn admin_user(_: &Context, resource: Item<AzureResource>, registry: &Registry) -> Judgement {
    require_off(
        &registry.admin_user,
        &format!(
            "registry {} has the admin user enabled: a shared password with push rights",
            resource.name
        ),
    )
}

fn anonymous_pull(_: &Context, resource: Item<AzureResource>, registry: &Registry) -> Judgement {
    if registry.sku.holds(&RegistrySku::Basic) {
        return not_applicable("anonymous pull does not exist on the Basic tier");
    }
    require_off(
        &registry.anonymous_pull,
        &format!(
            "registry {} allows anonymous pull: anyone who reaches it reads every image",
            resource.name
        ),
    )
}
