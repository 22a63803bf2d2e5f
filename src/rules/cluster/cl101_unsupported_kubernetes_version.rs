use super::support_window;
use crate::data::Minor;
use crate::model::{Field, Subject};
use crate::rules::{Context, Evaluation, Rule, RuleMeta, Verdicts, declare_rule};

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
    /// platform support (talk s23, s24; company rule 6 "latest updates").
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
    pub struct UnsupportedKubernetesVersion {
        code: "CL101",
        name: "unsupported-kubernetes-version",
        title: "Kubernetes version outside AKS support",
        pillar: Cluster,
        kind: Exposure,
        severity: High,
        responsibility: Shared,
        component: ApiServer,
        remediation: "Upgrade to a supported minor version: az aks upgrade --kubernetes-version",
    }
}

impl Rule for UnsupportedKubernetesVersion {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        let calendar = &cx.data.versions;
        for (id, cluster) in cx.inventory.clusters.iter().enumerate() {
            let subject = Subject::Cluster(id);
            let (version, loc) = match &cluster.kubernetes_version {
                Field::Set(v, loc) => (v, *loc),
                Field::Absent(loc) if cluster.shape.is_live() => {
                    out.push(Evaluation::unknown(
                        subject,
                        *loc,
                        "the input has no Kubernetes version",
                    ));
                    continue;
                }
                Field::Absent(_) => {
                    out.push(Evaluation::not_applicable(
                        subject,
                        "no version pinned: AKS deploys its default supported version",
                    ));
                    continue;
                }
                Field::Unknown(reason, loc) => {
                    out.push(Evaluation::unknown(subject, *loc, reason.clone()));
                    continue;
                }
            };
            let Some(minor) = Minor::parse(version) else {
                out.push(Evaluation::unknown(
                    subject,
                    loc,
                    format!("unrecognised version {version:?}"),
                ));
                continue;
            };
            let lts = cluster.support_plan.is("AKSLongTermSupport");
            let entry = calendar.get(minor);
            let end = entry.map(|e| match e.lts_end_of_life {
                Some(lts_end) if lts => lts_end,
                _ => e.end_of_life,
            });
            out.push(match (end, calendar.oldest()) {
                (Some(end), _) => match support_window(cx.as_of, end) {
                    None => Evaluation::pass(subject),
                    Some((severity, when)) => {
                        let plan = if lts { " (long-term support)" } else { "" };
                        Evaluation::fail(
                            subject,
                            loc,
                            format!("Kubernetes {minor}{plan} is {when}"),
                        )
                        .with_severity(severity)
                    }
                },
                (None, Some(oldest)) if minor < oldest => Evaluation::fail(
                    subject,
                    loc,
                    format!("Kubernetes {minor} is older than {oldest}, long out of AKS support"),
                ),
                _ => Evaluation::unknown(
                    subject,
                    loc,
                    format!(
                        "Kubernetes {minor} is not in the release calendar (data retrieved {})",
                        calendar.retrieved
                    ),
                ),
            });
        }
    }
}
