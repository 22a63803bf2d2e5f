use crate::model::Cluster;
use crate::rules::{Context, Item, Judgement, declare_rule, require_off};

declare_rule! {
    /// ## What it checks
    /// The retired Kubernetes dashboard add-on
    /// (`addonProfiles.kubeDashboard.enabled`, Terraform's
    /// `kube_dashboard`). AKS removed it with Kubernetes 1.19; a template that
    /// still enables it either fails to deploy or describes a cluster long out
    /// of support (CL101). A dashboard deployed as a workload is CL232's.
    ///
    /// ## Why it matters
    /// The dashboard serves the cluster's state, Secrets included, behind its
    /// own service account; exposed dashboards are a classic way in.
    ///
    /// ## How to fix
    /// Remove the add-on from the template; use the Azure portal's Kubernetes
    /// resources view, which signs in with Entra ID.
    ///
    /// ## What the fix costs
    /// Nothing: the portal view replaces it.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/kubernetes-portal
    code: "CN109", name: "kubernetes-dashboard-addon-enabled", judges: [Cluster(judge)],
    pillar: Connectivity, kind: Exposure, severity: High, responsibility: Customer, component: ApiServer,
    since: "0.2.0", status: Preview, title: "Retired Kubernetes dashboard add-on enabled",
    remediation: "Remove addonProfiles.kubeDashboard; use the Azure portal's Kubernetes resources view",
}

fn judge(_: &Context, cluster: Item<Cluster>) -> Judgement {
    require_off(
        &cluster.addon_enabled("kubeDashboard"),
        "Kubernetes dashboard add-on enabled: a web UI with the cluster's credentials",
    )
}
