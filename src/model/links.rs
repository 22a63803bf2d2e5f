//! Links between Azure resources, and between clusters and the resources
//! they use, by resource ID (case-insensitive), computed once after loading
//! so rules follow them without searching.

use std::collections::HashMap;

use super::{
    ClusterId, Inventory, ObjectSpec, Reference, ResourceId, Spec, id_tail, provider_path,
};

/// The built-in `AcrPull` role: what a cluster's kubelet identity needs on a
/// registry to pull its images.
const ACR_PULL: &str = "7f951dda-4ed3-4680-a7ca-43fe172d538d";

#[derive(Debug, Default)]
pub struct ResourceLinks {
    /// Full resource IDs as live shapes list them, lower-cased.
    by_id: HashMap<String, ResourceId>,
    /// IDs from `/providers/` on, lower-cased: what a template can know.
    by_tail: HashMap<String, Vec<ResourceId>>,
    private_endpoints: HashMap<ResourceId, Vec<ResourceId>>,
    children: HashMap<ResourceId, Vec<ResourceId>>,
    /// Registries, and the clusters whose kubelet identity may pull from them.
    pullers: HashMap<ResourceId, Vec<ClusterId>>,
    /// Key Vaults, and the clusters that keep their etcd encryption key there.
    kms_users: HashMap<ResourceId, Vec<ClusterId>>,
    /// Key Vaults a scanned SecretProviderClass names: what the Secrets
    /// Store CSI driver on the scanned clusters reads.
    csi_vaults: Vec<ResourceId>,
    /// Whether any cluster runs the Container Insights agent.
    container_insights: bool,
    /// Whether any cluster runs the Key Vault Secrets Store CSI driver.
    key_vault_csi: bool,
    /// Defender plans (`Microsoft.Security/pricings`), in input order.
    defender_plans: Vec<ResourceId>,
    /// Azure Firewalls, in input order: what a route's next hop may be.
    firewalls: Vec<ResourceId>,
    /// Subscriptions (lower case) with a cluster whose Defender sensor is
    /// on; `None` stands for such a cluster of unknown subscription.
    sensor_subscriptions: std::collections::HashSet<Option<String>>,
    /// Resources that configure a cluster from outside it: its maintenance
    /// configurations and the diagnostic settings that export its logs.
    cluster_settings: HashMap<ClusterId, Vec<ResourceId>>,
    /// Role assignments by principal (lower case), in input order.
    assignments: HashMap<String, Vec<ResourceId>>,
    /// Whether any role assignment is among the inputs.
    any_assignment: bool,
    any_diagnostic_setting: bool,
    any_maintenance_configuration: bool,
}

/// Marks an ID built by a template's `resourceId()`.
const DEPLOYMENT_SCOPE: &str = "(deployment ";

impl Inventory {
    /// Indexes resources by ID and follows private endpoints and child
    /// resources to what they belong to; call once after loading.
    pub fn link_resources(&mut self) {
        let mut links = ResourceLinks::default();
        for (rid, r) in self.resources.iter().enumerate() {
            if let Some(id) = &r.id {
                links.by_id.insert(id.to_ascii_lowercase(), rid);
            }
            // A resource that is only declared (a template's, or Terraform's,
            // whose ID is its address) is known by type and name.
            let tail = match (&r.id, r.shape.is_live()) {
                (Some(id), true) => id_tail(id),
                _ => {
                    let names: Vec<&str> = r.name.split('/').collect();
                    provider_path(r.arm_type, &names).to_ascii_lowercase()
                }
            };
            links.by_tail.entry(tail).or_default().push(rid);
        }
        self.links = links;

        let mut private_endpoints: HashMap<ResourceId, Vec<ResourceId>> = HashMap::new();
        let mut children: HashMap<ResourceId, Vec<ResourceId>> = HashMap::new();
        for (rid, r) in self.resources.iter().enumerate() {
            if let Spec::PrivateEndpoint(pe) = &r.spec {
                for target in pe.targets.iter().filter_map(|t| t.value()) {
                    if let Some(target) = self.resource_by_id(target) {
                        private_endpoints.entry(target).or_default().push(rid);
                    }
                }
            }
            let parent = match &r.parent {
                Some(Reference::Id(id)) => self.resource_by_id(id),
                Some(Reference::Enclosing(parent)) => Some(*parent),
                Some(Reference::Name(name)) => {
                    let mut found = self.resources.iter().enumerate().filter(|(_, p)| {
                        p.name == *name
                            && r.arm_type.len() > p.arm_type.len()
                            && r.arm_type
                                .get(..p.arm_type.len())
                                .is_some_and(|t| t.eq_ignore_ascii_case(p.arm_type))
                    });
                    match (found.next(), found.next()) {
                        (Some((p, _)), None) => Some(p),
                        _ => None,
                    }
                }
                None => None,
            };
            if let Some(parent) = parent {
                children.entry(parent).or_default().push(rid);
            }
        }
        self.links.private_endpoints = private_endpoints;
        self.links.children = children;
        self.link_clusters();
        self.link_cluster_settings();
        let mut assignments: HashMap<String, Vec<ResourceId>> = HashMap::new();
        for (rid, r) in self.resources.iter().enumerate() {
            if let Spec::RoleAssignment(a) = &r.spec {
                self.links.any_assignment = true;
                if let Some(principal) = a.principal.value() {
                    assignments
                        .entry(principal.to_ascii_lowercase())
                        .or_default()
                        .push(rid);
                }
            }
        }
        self.links.assignments = assignments;
        // A live cluster's objects belong to the scanned cluster whose API
        // server they were read from.
        let clusters = &self.clusters;
        for live in &mut self.live_objects {
            let host = live.server.as_str();
            live.cluster = clusters
                .iter()
                .position(|c| c.fqdns.iter().any(|f| f.eq_ignore_ascii_case(host)));
        }
    }

    /// Ties maintenance configurations (by their parent) and diagnostic
    /// settings (by their target) to the cluster they configure.
    fn link_cluster_settings(&mut self) {
        // Each cluster by its ID (or Terraform address) and by its name,
        // lower-cased, looked up once per setting rather than walked.
        let mut by_id: HashMap<String, ClusterId> = HashMap::new();
        let mut by_name: HashMap<String, Vec<ClusterId>> = HashMap::new();
        for (at, c) in self.clusters.iter().enumerate() {
            if let Some(id) = &c.id {
                by_id.entry(id.to_ascii_lowercase()).or_insert(at);
            }
            by_name
                .entry(c.name.to_ascii_lowercase())
                .or_default()
                .push(at);
        }
        let mut settings: HashMap<ClusterId, Vec<ResourceId>> = HashMap::new();
        for (rid, r) in self.resources.iter().enumerate() {
            match r.spec {
                Spec::DiagnosticSetting(_) => self.links.any_diagnostic_setting = true,
                Spec::MaintenanceConfiguration => self.links.any_maintenance_configuration = true,
                _ => {}
            }
            let target = match (&r.spec, &r.parent) {
                (Spec::MaintenanceConfiguration, Some(Reference::Id(id) | Reference::Name(id))) => {
                    id.as_str()
                }
                (Spec::DiagnosticSetting(setting), _) => match setting.target.value() {
                    Some(target) => target.as_str(),
                    None => continue,
                },
                _ => continue,
            };
            if let Some(cluster) = cluster_named_by(&by_id, &by_name, target) {
                settings.entry(cluster).or_default().push(rid);
            }
        }
        self.links.cluster_settings = settings;
    }

    /// The resources whose spec is `wanted`, in input order.
    fn resources_where(&self, wanted: impl Fn(&Spec) -> bool) -> Vec<ResourceId> {
        self.resources
            .iter()
            .enumerate()
            .filter(|(_, r)| wanted(&r.spec))
            .map(|(rid, _)| rid)
            .collect()
    }

    /// Which clusters pull from which registry (`AcrPull` for the kubelet
    /// identity on the registry, its resource group or its subscription) and
    /// keep their KMS key in which Key Vault.
    fn link_clusters(&mut self) {
        let pulls: Vec<(&str, String)> = self
            .resources
            .iter()
            .filter_map(|r| match &r.spec {
                Spec::RoleAssignment(a) if a.grants(ACR_PULL) => Some((
                    a.principal.value()?.as_str(),
                    a.scope.value()?.to_ascii_lowercase(),
                )),
                _ => None,
            })
            .collect();
        // By principal, so each cluster looks up its own grants: a fleet of
        // clusters and registries is never walked pair by pair.
        let mut scopes_of: HashMap<String, Vec<&str>> = HashMap::new();
        for (principal, scope) in &pulls {
            scopes_of
                .entry(principal.to_ascii_lowercase())
                .or_default()
                .push(scope.as_str());
        }
        let registries: Vec<(ResourceId, String)> = self
            .resources_where(|s| matches!(s, Spec::Registry(_)))
            .into_iter()
            .map(|rid| {
                (
                    rid,
                    self.resources[rid]
                        .id
                        .as_deref()
                        .unwrap_or("")
                        .to_ascii_lowercase(),
                )
            })
            .collect();
        let mut vaults_by_key: HashMap<String, Vec<ResourceId>> = HashMap::new();
        for (rid, r) in self.resources.iter().enumerate() {
            if matches!(r.spec, Spec::KeyVault(_)) {
                if let Some(id) = &r.id {
                    vaults_by_key
                        .entry(id.to_ascii_lowercase())
                        .or_default()
                        .push(rid);
                }
                vaults_by_key
                    .entry(r.name.to_ascii_lowercase())
                    .or_default()
                    .push(rid);
            }
        }
        let mut pullers: HashMap<ResourceId, Vec<ClusterId>> = HashMap::new();
        let mut kms_users: HashMap<ResourceId, Vec<ClusterId>> = HashMap::new();
        for (cid, cluster) in self.clusters.iter().enumerate() {
            if let Some(scopes) = cluster
                .kubelet_identity
                .value()
                .and_then(|k| scopes_of.get(&k.to_ascii_lowercase()))
            {
                let mut granted: Vec<ResourceId> = Vec::new();
                for scope in scopes {
                    match self.resource_by_id(scope) {
                        Some(rid) if matches!(self.resources[rid].spec, Spec::Registry(_)) => {
                            granted.push(rid);
                        }
                        // A resource group or subscription: every registry in it.
                        _ => {
                            let prefix = format!("{}/", scope.trim_end_matches('/'));
                            granted.extend(
                                registries
                                    .iter()
                                    .filter(|(_, id)| id.starts_with(&prefix))
                                    .map(|(rid, _)| *rid),
                            );
                        }
                    }
                }
                granted.sort_unstable();
                granted.dedup();
                for rid in granted {
                    pullers.entry(rid).or_default().push(cid);
                }
            }
            if let Some(kms_vault) = &cluster.kms_key_vault {
                // By ID, or by the vault name a key URL's host starts with.
                let host_name = kms_vault.split('.').next().unwrap_or("");
                let mut vaults: Vec<ResourceId> = [kms_vault.as_str(), host_name]
                    .iter()
                    .filter_map(|k| vaults_by_key.get(&k.to_ascii_lowercase()))
                    .flatten()
                    .copied()
                    .filter(|rid| cluster.keeps_kms_key_in(&self.resources[*rid]))
                    .collect();
                vaults.sort_unstable();
                vaults.dedup();
                for rid in vaults {
                    kms_users.entry(rid).or_default().push(cid);
                }
            }
        }
        let any_addon = |key: &str| {
            self.clusters
                .iter()
                .any(|c| c.addon_enabled(key).value() == Some(&true))
        };
        self.links.container_insights = any_addon("omsagent");
        self.links.key_vault_csi = any_addon("azureKeyvaultSecretsProvider");
        let named: Vec<&str> = self
            .objects
            .iter()
            .filter_map(|o| match &o.spec {
                ObjectSpec::SecretProviderClass { key_vault } => key_vault.as_deref(),
                _ => None,
            })
            .collect();
        self.links.csi_vaults = self
            .resources
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                matches!(r.spec, Spec::KeyVault(_))
                    && named.iter().any(|n| n.eq_ignore_ascii_case(&r.name))
            })
            .map(|(rid, _)| rid)
            .collect();
        self.links.pullers = pullers;
        self.links.kms_users = kms_users;
        self.links.defender_plans = self.resources_where(|s| matches!(s, Spec::DefenderPlan(_)));
        self.links.firewalls = self.resources_where(|s| matches!(s, Spec::Firewall(_)));
        self.links.sensor_subscriptions = self
            .clusters
            .iter()
            .filter(|c| c.defender.value() == Some(&true))
            .map(|c| {
                c.id.as_deref()
                    .and_then(super::subscription_of)
                    .map(str::to_ascii_lowercase)
            })
            .collect();
    }

    /// The scanned resource with that ID. Where one side is only declared
    /// (a template lists no IDs and builds them with a subscription and group
    /// only known at deployment; Terraform knows its resources by address),
    /// IDs match from `/providers/` on, and only when exactly one resource
    /// does.
    pub fn resource_by_id(&self, id: &str) -> Option<ResourceId> {
        let lower = id.to_ascii_lowercase();
        if let Some(&rid) = self.links.by_id.get(&lower) {
            return Some(rid);
        }
        let from_template = lower.contains(DEPLOYMENT_SCOPE);
        let candidates: Vec<ResourceId> = self
            .links
            .by_tail
            .get(&id_tail(&lower))?
            .iter()
            .copied()
            .filter(|&rid| from_template || !self.resources[rid].shape.is_live())
            .collect();
        match candidates.as_slice() {
            [only] => Some(*only),
            _ => None,
        }
    }

    /// Private endpoints among the inputs that connect to the resource.
    pub fn private_endpoints_to(&self, rid: ResourceId) -> &[ResourceId] {
        self.links
            .private_endpoints
            .get(&rid)
            .map_or(&[], Vec::as_slice)
    }

    /// Child resources among the inputs (a server's firewall rules, a
    /// policy's rule collection groups), in input order.
    pub fn children_of(&self, rid: ResourceId) -> &[ResourceId] {
        self.links.children.get(&rid).map_or(&[], Vec::as_slice)
    }

    /// Clusters whose kubelet identity may pull from the registry.
    pub fn clusters_pulling_from(&self, registry: ResourceId) -> &[ClusterId] {
        self.links.pullers.get(&registry).map_or(&[], Vec::as_slice)
    }

    /// Clusters that keep their etcd encryption key in the Key Vault.
    pub fn clusters_keeping_keys_in(&self, vault: ResourceId) -> &[ClusterId] {
        self.links.kms_users.get(&vault).map_or(&[], Vec::as_slice)
    }

    /// The Key Vaults a cluster's nodes reach: the one that keeps its etcd
    /// encryption key, and those the scanned SecretProviderClasses name.
    pub fn key_vaults_used_by(&self, cluster: ClusterId) -> Vec<ResourceId> {
        let mut vaults: Vec<ResourceId> = self
            .links
            .kms_users
            .iter()
            .filter(|(_, users)| users.contains(&cluster))
            .map(|(rid, _)| *rid)
            .chain(self.links.csi_vaults.iter().copied())
            .collect();
        vaults.sort_unstable();
        vaults.dedup();
        vaults
    }

    /// The Azure Firewalls among the inputs, in input order.
    pub fn firewalls(&self) -> impl Iterator<Item = (ResourceId, &super::Firewall)> {
        self.links
            .firewalls
            .iter()
            .filter_map(|rid| match &self.resources[*rid].spec {
                Spec::Firewall(fw) => Some((*rid, fw)),
                _ => None,
            })
    }

    /// Maintenance configurations and diagnostic settings of the cluster
    /// among the inputs, in input order.
    pub fn settings_of(&self, cluster: ClusterId) -> &[ResourceId] {
        self.links
            .cluster_settings
            .get(&cluster)
            .map_or(&[], Vec::as_slice)
    }

    /// The role assignments among the inputs granted to a principal, and
    /// whether there are any role assignments among the inputs at all.
    pub fn assignments_to(&self, principal: &str) -> (&[ResourceId], bool) {
        (
            self.links
                .assignments
                .get(&principal.to_ascii_lowercase())
                .map_or(&[], Vec::as_slice),
            self.links.any_assignment,
        )
    }

    /// Whether any diagnostic setting is among the inputs.
    pub fn has_diagnostic_settings(&self) -> bool {
        self.links.any_diagnostic_setting
    }

    /// Whether any maintenance configuration is among the inputs.
    pub fn has_maintenance_configurations(&self) -> bool {
        self.links.any_maintenance_configuration
    }

    /// The Defender plans among the inputs.
    pub fn defender_plans(&self) -> &[ResourceId] {
        &self.links.defender_plans
    }

    /// Whether a cluster with the Defender sensor on shares `subscription`
    /// (a cluster whose subscription is not known counts for every one).
    pub fn defender_sensor_in(&self, subscription: &str) -> bool {
        let sensors = &self.links.sensor_subscriptions;
        sensors.contains(&None) || sensors.contains(&Some(subscription.to_ascii_lowercase()))
    }

    /// Whether any scanned cluster runs the Container Insights agent.
    pub fn container_insights(&self) -> bool {
        self.links.container_insights
    }

    /// Whether any scanned cluster runs the Key Vault Secrets Store CSI driver.
    pub fn key_vault_csi(&self) -> bool {
        self.links.key_vault_csi
    }
}

/// The cluster a reference names: its full ID (or Terraform address), else
/// the name after `managedClusters/`, or a bare name, when exactly one
/// scanned cluster has it.
fn cluster_named_by(
    by_id: &HashMap<String, ClusterId>,
    by_name: &HashMap<String, Vec<ClusterId>>,
    reference: &str,
) -> Option<ClusterId> {
    let lower = reference.trim_end_matches('/').to_ascii_lowercase();
    if let Some(&at) = by_id.get(&lower) {
        return Some(at);
    }
    let name = match lower.rfind("managedclusters/") {
        Some(at) => &lower[at + "managedclusters/".len()..],
        None if !lower.contains('/') => &lower,
        None => return None,
    };
    match by_name.get(name).map(Vec::as_slice) {
        Some([only]) => Some(*only),
        _ => None,
    }
}
