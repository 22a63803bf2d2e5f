use crate::model::{Cluster, Spec};
use crate::rules::{Context, Item, Judgement, declare_rule, fail, pass, unknown};

declare_rule! {
    /// ## What it checks
    /// That a diagnostic setting exports the cluster's Kubernetes audit log:
    /// the `kube-audit` or `kube-audit-admin` category, or the `audit` or
    /// `allLogs` category group. Diagnostic settings are resources of their
    /// own (`Microsoft.Insights/diagnosticSettings` with the cluster as scope,
    /// `azurerm_monitor_diagnostic_setting`); when none is among the inputs
    /// at all, the verdict is unknown (Azure Policy often deploys them), not a
    /// finding. Checkov and Trivy instead ask for the Container Insights agent
    /// (`omsagent`), which collects container logs and metrics but not the
    /// control plane's audit log; chanto asks for what records who did what.
    ///
    /// ## Why it matters
    /// Azure runs the API server: its audit log is the only record of who
    /// read a Secret, exec'ed into a pod or changed a binding, and it is kept
    /// only if exported.
    ///
    /// ## How to fix
    /// Add a diagnostic setting on the cluster with `kube-audit-admin` (writes
    /// only, far cheaper) or `kube-audit` to a Log Analytics workspace or a
    /// storage account.
    ///
    /// ## What the fix costs
    /// Log ingestion is billed by volume: `kube-audit` on a busy cluster is
    /// large; `kube-audit-admin` leaves out reads.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/monitor-aks#aks-control-planeresource-logs
    /// - https://learn.microsoft.com/azure/azure-monitor/essentials/diagnostic-settings
    code: "CL112", name: "no-audit-log", judges: [Cluster(judge)],
    pillar: Cluster, kind: Exposure, severity: Medium, responsibility: Shared, component: ApiServer,
    since: "0.2.0", status: Preview, title: "Kubernetes audit log not exported",
    remediation: "Add a diagnostic setting on the cluster sending kube-audit-admin (or kube-audit) to Log Analytics",
}

/// Log categories and groups that include the audit log.
const AUDIT: [&str; 4] = ["kube-audit", "kube-audit-admin", "audit", "allLogs"];

fn judge(cx: &Context, cluster: Item<Cluster>) -> Judgement {
    let inventory = cx.inventory;
    let settings: Vec<_> = inventory
        .settings_of(cluster.id)
        .iter()
        .map(|&rid| &inventory.resources[rid])
        .filter_map(|r| match &r.spec {
            Spec::DiagnosticSetting(setting) => Some((r, setting)),
            _ => None,
        })
        .collect();
    if settings.iter().any(|(_, s)| {
        s.logs
            .iter()
            .any(|(log, _)| AUDIT.iter().any(|a| a.eq_ignore_ascii_case(log)))
    }) {
        return pass();
    }
    if let Some((setting, _)) = settings.first() {
        return fail(
            setting.loc,
            format!(
                "diagnostic setting {} of cluster {} exports no audit log (kube-audit, kube-audit-admin)",
                setting.name, cluster.name
            ),
        );
    }
    if inventory.has_diagnostic_settings() {
        return fail(
            cluster.loc,
            format!("no diagnostic setting exports the audit log of cluster {}", cluster.name),
        );
    }
    unknown(
        cluster.loc,
        "no diagnostic settings among the inputs: add `az monitor diagnostic-settings list --resource <cluster ID>` output",
    )
}
