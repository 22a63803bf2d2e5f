use super::support_window;
use crate::data::Minor;
use crate::model::{Cluster, Field, SupportPlan};
use crate::rules::{Context, Item, Judgement, Rated, declare_rule, fail, not_applicable, pass, unknown};

declare_rule! {
    /// ## What it checks
    /// The Kubernetes minor version the cluster runs (`currentKubernetesVersion`,
    /// else `kubernetesVersion`) against the AKS release calendar on the scan
    /// date (`--as-of`): a finding when it is past its end of support, and a
    /// medium one within 60 days of it. Clusters on the Long Term Support plan
    /// (`supportPlan: AKSLongTermSupport`) are judged on the LTS date.
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
    code: "CL101", name: "unsupported-kubernetes-version", judges: [Cluster(judge)],
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
    let Some(minor) = Minor::parse(version) else {
        return unknown(loc, format!("unrecognised version {version:?}"));
    };
    let calendar = &cx.data.versions;
    let lts = cluster.support_plan.holds(&SupportPlan::LongTermSupport);
    let end = calendar.get(minor).map(|e| match e.lts_end_of_life {
        Some(lts_end) if lts => lts_end,
        _ => e.end_of_life,
    });
    match (end, calendar.oldest()) {
        (Some(end), _) => match support_window(cx.as_of, end) {
            None => pass(),
            Some((severity, when)) => {
                let plan = if lts { " (long-term support)" } else { "" };
                fail(loc, format!("Kubernetes {minor}{plan} is {when}")).rated(severity)
            }
        },
        (None, Some(oldest)) if minor < oldest => fail(
            loc,
            format!("Kubernetes {minor} is older than {oldest}, long out of AKS support"),
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
