use crate::model::{Field, Subject};
use crate::rules::{Context, Evaluation, Rule, RuleMeta, Verdicts, declare_rule, support};

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
    pub struct RunCommandEnabled {
        code: "AU108",
        name: "run-command-enabled",
        title: "Run command left enabled on a private cluster",
        pillar: Auth,
        kind: Exposure,
        severity: Low,
        responsibility: Customer,
        component: ApiServer,
        remediation: "az aks update --disable-run-command",
    }
}

impl Rule for RunCommandEnabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        for (id, cluster) in cx.inventory.clusters.iter().enumerate() {
            let subject = Subject::Cluster(id);
            out.push(match &cluster.private_cluster {
                Field::Unknown(reason, loc) => Evaluation::unknown(subject, *loc, reason.clone()),
                Field::Set(true, _) => support::require_on(
                    subject,
                    &cluster.disable_run_command,
                    false,
                    "run command is enabled: kubectl reaches the private cluster through ARM",
                ),
                _ => Evaluation::not_applicable(subject, "not a private cluster"),
            });
        }
    }
}
