use crate::model::{Cluster, Field};
use crate::rules::{Context, Item, Judgement, declare_rule, fail, not_applicable, pass, unknown};

declare_rule! {
    /// ## What it checks
    /// Clusters with at least one user node pool whose system pools still take
    /// application pods: no `CriticalAddonsOnly=true:NoSchedule` (or
    /// `NoExecute`) taint on a system pool (`nodeTaints`, Terraform's `only_critical_addons_enabled`).
    /// Not applicable to a cluster with system pools only, where applications
    /// have nowhere else to run. Checkov asks for the taint on every cluster;
    /// chanto follows AKS's guidance, which asks for it once user pools exist.
    ///
    /// ## Why it matters
    /// CoreDNS, konnectivity and metrics-server run on the system pool; an
    /// application pod that exhausts a system node, or escapes onto it, takes
    /// the cluster's own components with it.
    ///
    /// ## How to fix
    /// Add the taint to the system pool (`az aks nodepool update
    /// --node-taints CriticalAddonsOnly=true:NoSchedule`), after making sure the
    /// user pools can take the application pods.
    ///
    /// ## What the fix costs
    /// The system pool no longer absorbs application load: size the user pools
    /// for it.
    ///
    /// ## References
    /// - https://learn.microsoft.com/azure/aks/use-system-pools#system-and-user-node-pools
    code: "CL114", name: "system-pool-not-isolated", judges: [Cluster(judge)],
    pillar: Cluster, kind: Exposure, severity: Low, responsibility: Customer, component: NodePool,
    since: "0.2.0", status: Preview, title: "System node pool also runs application pods",
    remediation: "Taint system pools with CriticalAddonsOnly=true:NoSchedule once user pools exist",
}

const TAINT_KEY: &str = "CriticalAddonsOnly";

fn judge(cx: &Context, cluster: Item<Cluster>) -> Judgement {
    cluster.inline_pools.known()?;
    let pools: Vec<_> = cx.inventory.pools_of(cluster.id).map(|(_, p)| p).collect();
    let mut system = Vec::new();
    let mut user = 0;
    for pool in &pools {
        match pool.mode.known()? {
            Field::Set(mode, _) if mode.eq_ignore_ascii_case("User") => user += 1,
            Field::Set(mode, _) if mode.eq_ignore_ascii_case("System") => system.push(*pool),
            Field::Set(mode, loc) => return unknown(*loc, format!("unrecognised pool mode {mode:?}")),
            absent => return unknown(absent.loc(), format!("node pool {} does not say its mode", pool.name)),
        }
    }
    if user == 0 {
        return not_applicable("no user node pool: applications run on the system pool");
    }
    for pool in &system {
        let tainted = match pool.node_taints.known()? {
            Field::Set(taints, _) => taints.iter().any(|t| {
                // NoExecute keeps application pods off as well.
                t.split(['=', ':']).next() == Some(TAINT_KEY)
                    && (t.ends_with(":NoSchedule") || t.ends_with(":NoExecute"))
            }),
            _ => false,
        };
        if !tainted {
            return fail(
                pool.node_taints.loc(),
                format!(
                    "system node pool {} has no {TAINT_KEY}=true:NoSchedule taint, so application pods share it",
                    pool.name
                ),
            );
        }
    }
    pass()
}
