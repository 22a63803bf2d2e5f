use crate::model::Cluster;
use crate::rules::{Context, Item, Judgement, declare_rule, not_applicable, require_on};

declare_rule! {
    /// ## What it checks
    /// On a private cluster, whether `az aks command invoke` (run command) is
    /// left enabled (`apiServerAccessProfile.disableRunCommand` not true).
    /// Not applicable to public clusters.
    ///
    /// ## Why it matters
    /// Run command gives anyone with the right Azure role kubectl access to a
    /// private cluster through ARM, around the private network and the jump
    /// host it was meant to require.
    ///
    /// ## How to fix
    /// `az aks update -g RG -n NAME --disable-run-command`. ARM:
    /// `apiServerAccessProfile.disableRunCommand: true`; Terraform:
    /// `run_command_enabled = false`.
    ///
    /// ## What the fix costs
    /// Break-glass access then needs the jump host or VPN (CN002); keep one
    /// working before disabling it.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/access-private-cluster
    code: "AU108", name: "run-command-enabled", judges: [Cluster(judge)],
    pillar: Auth, kind: Exposure, severity: Low, responsibility: Customer, component: ApiServer,
    since: "0.1.0", status: Stable, title: "Run command left enabled on a private cluster",
    remediation: "az aks update --disable-run-command",
}

fn judge(_: &Context, cluster: Item<Cluster>) -> Judgement {
    if !cluster.private_cluster.is_true()? {
        return not_applicable("not a private cluster");
    }
    require_on(
        &cluster.disable_run_command,
        false,
        "run command is enabled: kubectl reaches the private cluster through ARM",
    )
}
