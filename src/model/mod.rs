//! The normalised inventory: every input shape ends up here, and rules only
//! ever read these types.

mod cluster;
mod field;

pub use cluster::{Addon, Cluster, ClusterShape, NodePool};
pub use field::{Field, Resolved};

/// Index of a scanned file in [`Inventory::files`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A place in a scanned file: 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    pub file: FileId,
    pub line: u32,
    pub col: u32,
}

pub type ClusterId = usize;
pub type PoolId = usize;
pub type ObjectId = usize;

/// A Kubernetes object read from a manifest.
#[derive(Debug, Clone)]
pub struct KubeObject {
    pub api_version: String,
    pub kind: String,
    pub name: String,
    pub namespace: Option<String>,
    pub loc: Loc,
}

/// Everything one scan read, with links between the pieces computed once.
#[derive(Debug, Default)]
pub struct Inventory {
    /// Display paths, relative to the scanned root where possible.
    pub files: Vec<String>,
    pub clusters: Vec<Cluster>,
    pub pools: Vec<NodePool>,
    pub objects: Vec<KubeObject>,
}

impl Inventory {
    pub fn file(&self, id: FileId) -> &str {
        &self.files[id.0 as usize]
    }

    pub fn pools_of(&self, cluster: ClusterId) -> impl Iterator<Item = (PoolId, &NodePool)> {
        self.pools
            .iter()
            .enumerate()
            .filter(move |(_, p)| p.cluster == Some(cluster))
    }
}

/// What a finding is about, as reported to users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    Cluster(ClusterId),
    NodePool(PoolId),
    Object(ObjectId),
}

/// The user-facing identity of a subject.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ResourceRef {
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    pub namespace: Option<String>,
    pub id: Option<String>,
}

pub const CLUSTER_TYPE: &str = "Microsoft.ContainerService/managedClusters";
pub const POOL_TYPE: &str = "Microsoft.ContainerService/managedClusters/agentPools";

impl Inventory {
    pub fn resource(&self, subject: Subject) -> ResourceRef {
        match subject {
            Subject::Cluster(id) => {
                let c = &self.clusters[id];
                ResourceRef {
                    kind: CLUSTER_TYPE.to_string(),
                    name: c.name.clone(),
                    namespace: None,
                    id: c.id.clone(),
                }
            }
            Subject::NodePool(id) => {
                let p = &self.pools[id];
                let cluster = p.cluster.map(|c| &self.clusters[c]);
                let cluster_name = cluster.map_or(p.cluster_name.as_str(), |c| c.name.as_str());
                ResourceRef {
                    kind: POOL_TYPE.to_string(),
                    name: format!("{cluster_name}/{}", p.name),
                    namespace: None,
                    id: cluster
                        .and_then(|c| c.id.as_ref())
                        .map(|id| format!("{id}/agentPools/{}", p.name)),
                }
            }
            Subject::Object(id) => {
                let o = &self.objects[id];
                ResourceRef {
                    kind: o.kind.clone(),
                    name: o.name.clone(),
                    namespace: o.namespace.clone(),
                    id: None,
                }
            }
        }
    }
}
