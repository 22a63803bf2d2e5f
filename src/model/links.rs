//! Links between Azure resources, by resource ID (case-insensitive), computed
//! once after loading so rules follow them without searching.

use std::collections::HashMap;

use super::{Inventory, Reference, ResourceId, Spec, id_tail, provider_path};

#[derive(Debug, Default)]
pub struct ResourceLinks {
    /// Full resource IDs as live shapes list them, lower-cased.
    by_id: HashMap<String, ResourceId>,
    /// IDs from `/providers/` on, lower-cased: what a template can know.
    by_tail: HashMap<String, Vec<ResourceId>>,
    private_endpoints: HashMap<ResourceId, Vec<ResourceId>>,
    children: HashMap<ResourceId, Vec<ResourceId>>,
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
}
