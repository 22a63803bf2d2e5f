use super::support_window;
use crate::data::Minor;
use crate::model::{Cluster, Field, Loc, NodePool, SupportPlan};
use crate::rules::{Context, Item, Judgement, Rated, declare_rule, fail, not_applicable, pass, unknown};

declare_rule! {
    /// ## What it checks
    /// The Kubernetes minor version the cluster runs (`currentKubernetesVersion`,
    /// else `kubernetesVersion`) against the AKS release calendar on the scan
    /// date (`--as-of`): a finding when it is past its end of support, and a
    /// medium one within 60 days of it. Clusters on the Long Term Support plan
    /// (`supportPlan: AKSLongTermSupport`) are judged on the LTS date.
    ///
    /// Each node pool on a minor version other than its cluster's
    /// (`orchestratorVersion`, Terraform `orchestrator_version`) is judged
    /// the same way, as the pool's finding; the others run the cluster's.
    ///
    /// Not applicable to templates that pin no version (AKS deploys its
    /// default, supported one). Unknown for versions newer than the calendar
    /// shipped with chanto (`data/aks-kubernetes-versions.json`).
    ///
    /// ## Why it matters
    /// AKS supports three minor versions (N-2). Outside that window the
    /// cluster gets no security patches, no Kubernetes fixes and only
    /// platform support (policy requirement P6 "latest updates").
    ///
    /// ## How to fix
    /// `az aks get-upgrades -g RG -n NAME`, then `az aks upgrade -g RG -n NAME
    /// --kubernetes-version 1.xx` one minor at a time, and set an auto-upgrade
    /// channel (CL102). ARM: `kubernetesVersion`; Terraform:
    /// `kubernetes_version`.
    ///
    /// ## What the fix costs
    /// Each minor upgrade can remove deprecated APIs; check workloads with
    /// the deprecated API usage insights before upgrading production.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/supported-kubernetes-versions
    /// - https://learn.microsoft.com/azure/aks/long-term-support
    code: "CL101", name: "unsupported-kubernetes-version", judges: [Cluster(judge), NodePool(pool)],
    pillar: Cluster, kind: Exposure, severity: High, responsibility: Shared, component: ApiServer,
    since: "0.1.0", status: Stable, title: "Kubernetes version outside AKS support",
    remediation: "Upgrade to a supported minor version: az aks upgrade --kubernetes-version",
}

fn judge(cx: &Context, cluster: Item<Cluster>) -> Judgement {
    let (version, loc) = match cluster.kubernetes_version.known()? {
        Field::Set(v, loc) => (v, *loc),
        Field::Absent(loc) if cluster.shape.is_live() => {
            return unknown(*loc, "the input has no Kubernetes version");
        }
        _ => return not_applicable("no version pinned: AKS deploys its default supported version"),
    };
    let lts = cluster.support_plan.holds(&SupportPlan::LongTermSupport);
    supported(cx, version, loc, lts, None)
}

/// A pool on a minor version of its own; the others run the cluster's,
/// which the cluster's judgement covers (live shapes list every pool's
/// version even when it is the cluster's).
fn pool(cx: &Context, pool: Item<NodePool>) -> Judgement {
    let Some((version, loc)) = pool.orchestrator_version.set()? else {
        return not_applicable("the pool runs the cluster's version");
    };
    let cluster = pool.cluster.map(|c| &cx.inventory.clusters[c]);
    let cluster_minor = cluster
        .and_then(|c| c.kubernetes_version.value())
        .and_then(|v| Minor::parse(v));
    if cluster_minor.is_some() && cluster_minor == Minor::parse(version) {
        return not_applicable("the pool runs the cluster's minor version");
    }
    let lts = cluster.is_some_and(|c| c.support_plan.holds(&SupportPlan::LongTermSupport));
    supported(cx, version, loc, lts, Some(&pool.name))
}

/// Judges a version against the release calendar on the scan's date; `pool`
/// names the node pool that runs it, when it is not the cluster's.
fn supported(cx: &Context, version: &str, loc: Loc, lts: bool, pool: Option<&str>) -> Judgement {
    let runs = |minor: Minor, plan: &str, what: &str| match pool {
        None => format!("Kubernetes {minor}{plan} is {what}"),
        Some(name) => format!("node pool {name} runs Kubernetes {minor}{plan}, {what}"),
    };
    let Some(minor) = Minor::parse(version) else {
        return unknown(loc, format!("unrecognised version {version:?}"));
    };
    let calendar = &cx.data.versions;
    let end = calendar.get(minor).map(|e| match e.lts_end_of_life {
        Some(lts_end) if lts => lts_end,
        _ => e.end_of_life,
    });
    match (end, calendar.oldest()) {
        (Some(end), _) => match support_window(cx.as_of, end) {
            None => pass(),
            Some((severity, when)) => {
                let plan = if lts { " (long-term support)" } else { "" };
                fail(loc, runs(minor, plan, &when)).rated(severity)
            }
        },
        (None, Some(oldest)) if minor < oldest => fail(
            loc,
            runs(minor, "", &format!("older than {oldest}, long out of AKS support")),
        ),
        _ => unknown(
            loc,
            format!(
                "Kubernetes {minor} is not in the release calendar (data retrieved {})",
                calendar.retrieved
            ),
        ),
    }
}
