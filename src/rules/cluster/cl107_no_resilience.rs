use crate::model::{Field, Loc, Subject};
use crate::rules::{Context, Evaluation, Rule, RuleMeta, Verdicts, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Across a cluster's node pools: whether any pool runs the cluster
    /// autoscaler (`enableAutoScaling`), and whether any pool spans
    /// availability zones (`availabilityZones`). Each gap is its own finding.
    /// Unknown when the cluster's pools are not among the inputs.
    ///
    /// ## Why it matters
    /// A cluster that cannot add nodes or survive a zone outage turns a load
    /// spike or a datacentre failure into downtime; availability is part of
    /// security (talk s23).
    ///
    /// ## How to fix
    /// `az aks nodepool update --enable-cluster-autoscaler --min-count 2
    /// --max-count 5`; zones can only be set when a pool is created
    /// (`--zones 1 2 3`). ARM: `agentPoolProfiles[].enableAutoScaling`,
    /// `availabilityZones`; Terraform: `auto_scaling_enabled`, `zones`.
    ///
    /// ## What the fix costs
    /// Zone-redundant pools need zone-redundant storage for stateful
    /// workloads, and cross-zone traffic is billed.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/cluster-autoscaler
    /// - https://learn.microsoft.com/azure/aks/availability-zones
    pub struct NoResilience {
        code: "CL107",
        name: "no-autoscaling-or-zones",
        title: "Cluster autoscaler off on every pool, or a single availability zone",
        pillar: Cluster,
        kind: Exposure,
        severity: Low,
        responsibility: Customer,
        component: NodePool,
        remediation: "Enable the cluster autoscaler and create node pools across availability zones",
    }
}

impl Rule for NoResilience {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Verdicts) {
        for (id, cluster) in cx.inventory.clusters.iter().enumerate() {
            let subject = Subject::Cluster(id);
            let pools: Vec<_> = cx.inventory.pools_of(id).map(|(_, p)| p).collect();
            if let Field::Unknown(reason, loc) = &cluster.inline_pools {
                out.push(Evaluation::unknown(subject, *loc, reason.clone()));
                continue;
            }
            if pools.is_empty() {
                out.push(Evaluation::unknown(
                    subject,
                    cluster.loc,
                    "the cluster's node pools are not among the inputs",
                ));
                continue;
            }
            let autoscaling: Vec<Field<bool>> =
                pools.iter().map(|p| p.auto_scaling.clone()).collect();
            out.push(none_of(
                subject,
                &autoscaling,
                |on| *on,
                "cluster autoscaler is off on every node pool",
            ));
            let zoned: Vec<Field<bool>> = pools
                .iter()
                .map(|p| p.availability_zones.clone().map(|z| z.len() > 1))
                .collect();
            out.push(none_of(
                subject,
                &zoned,
                |z| *z,
                "no node pool spans availability zones",
            ));
        }
    }
}

/// Fails when no pool has the property, pointing at the first pool's field;
/// unknown when no pool has it for sure but some can't be read.
fn none_of(
    subject: Subject,
    fields: &[Field<bool>],
    has: impl Fn(&bool) -> bool,
    message: &str,
) -> Evaluation {
    if fields.iter().any(|f| f.value().is_some_and(&has)) {
        return Evaluation::pass(subject);
    }
    if let Some(Field::Unknown(reason, loc)) =
        fields.iter().find(|f| matches!(f, Field::Unknown(..)))
    {
        return Evaluation::unknown(subject, *loc, reason.clone());
    }
    let loc: Loc = fields[0].loc();
    Evaluation::fail(subject, loc, message)
}
