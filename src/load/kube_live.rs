//! The live Kubernetes reader (`chanto scan --kube`): the objects chanto's
//! rules read, listed in every namespace with the kubeconfig's own
//! credentials (client certificates, tokens, exec plugins such as
//! `kubelogin`), page by page. Nothing is written to the cluster.
//!
//! What the rules see is what a manifest would say: objects a controller
//! owns (a Deployment's ReplicaSets and Pods, a CronJob's Jobs) are left out
//! so each finding lands on the object someone edits; Secrets are listed by
//! their metadata alone, never their values; server-side bookkeeping
//! (`managedFields`, the last-applied annotation that may hold a Secret's
//! data) is dropped. A kind the identity may not list is named, and the
//! rules that need it become unknown.

use std::path::PathBuf;
use std::time::Duration;

use kube::api::{Api, ApiResource, DynamicObject, GroupVersionKind, ListParams};
use serde_json::{Value, json};

use super::Document;
use crate::model::{LoadError, ObjectKind, Unlisted};

#[derive(Debug, Clone)]
pub struct KubeOptions {
    /// The kubeconfig file; default `KUBECONFIG`, else `~/.kube/config`.
    pub kubeconfig: Option<PathBuf>,
    /// The context to use; default the kubeconfig's current one.
    pub context: Option<String>,
    /// Objects per list request.
    pub page_size: u32,
    /// How long one request may take.
    pub timeout: Duration,
    /// Also write what was read under this folder (`--save`).
    pub save: Option<PathBuf>,
}

impl Default for KubeOptions {
    fn default() -> Self {
        KubeOptions {
            kubeconfig: None,
            context: None,
            page_size: 500,
            timeout: Duration::from_secs(60),
            save: None,
        }
    }
}

/// What a live read produced.
#[derive(Debug, Default)]
pub struct KubeRead {
    pub documents: Vec<Document>,
    pub errors: Vec<LoadError>,
    /// Kinds that could not be listed, and why.
    pub unlisted: Vec<Unlisted>,
}

/// A kind to list: group, version, kind, plural.
struct Listed {
    group: &'static str,
    version: &'static str,
    kind: &'static str,
    plural: &'static str,
}

const fn listed(
    group: &'static str,
    version: &'static str,
    kind: &'static str,
    plural: &'static str,
) -> Listed {
    Listed {
        group,
        version,
        kind,
        plural,
    }
}

/// Every kind a rule reads. Secrets are listed by metadata only; the
/// Gateway API's routes only where their CRDs are installed.
const KINDS: [Listed; 25] = [
    listed("", "v1", "Namespace", "namespaces"),
    listed("", "v1", "Pod", "pods"),
    listed("apps", "v1", "Deployment", "deployments"),
    listed("apps", "v1", "StatefulSet", "statefulsets"),
    listed("apps", "v1", "DaemonSet", "daemonsets"),
    listed("apps", "v1", "ReplicaSet", "replicasets"),
    listed("", "v1", "ReplicationController", "replicationcontrollers"),
    listed("batch", "v1", "Job", "jobs"),
    listed("batch", "v1", "CronJob", "cronjobs"),
    listed("", "v1", "Service", "services"),
    listed("networking.k8s.io", "v1", "Ingress", "ingresses"),
    listed(
        "networking.k8s.io",
        "v1",
        "NetworkPolicy",
        "networkpolicies",
    ),
    listed("rbac.authorization.k8s.io", "v1", "Role", "roles"),
    listed(
        "rbac.authorization.k8s.io",
        "v1",
        "RoleBinding",
        "rolebindings",
    ),
    listed(
        "rbac.authorization.k8s.io",
        "v1",
        "ClusterRole",
        "clusterroles",
    ),
    listed(
        "rbac.authorization.k8s.io",
        "v1",
        "ClusterRoleBinding",
        "clusterrolebindings",
    ),
    listed("", "v1", "ServiceAccount", "serviceaccounts"),
    listed("", "v1", "ConfigMap", "configmaps"),
    listed("", "v1", "LimitRange", "limitranges"),
    listed("", "v1", "ResourceQuota", "resourcequotas"),
    listed(
        "autoscaling",
        "v2",
        "HorizontalPodAutoscaler",
        "horizontalpodautoscalers",
    ),
    listed("gateway.networking.k8s.io", "v1", "HTTPRoute", "httproutes"),
    listed("gateway.networking.k8s.io", "v1", "GRPCRoute", "grpcroutes"),
    listed("", "v1", "Secret", "secrets"),
    listed(
        "secrets-store.csi.x-k8s.io",
        "v1",
        "SecretProviderClass",
        "secretproviderclasses",
    ),
];

/// Controllers whose objects are left out: the owner is listed itself.
const CONTROLLERS: [&str; 6] = [
    "Deployment",
    "ReplicaSet",
    "StatefulSet",
    "DaemonSet",
    "Job",
    "CronJob",
];

/// Where a read failed, as reports name it.
const SOURCE: &str = "kube";

/// A list restarted this often after 410 Gone (its continue token expired)
/// is given up.
const MAX_RESTARTS: u32 = 3;

pub fn read(options: &KubeOptions) -> KubeRead {
    let runtime = match super::live::runtime() {
        Ok(runtime) => runtime,
        Err(message) => return failed(message),
    };
    let mut read = runtime.block_on(read_async(options));
    if let Some(dir) = &options.save
        && let Err(message) = super::live::save_documents(&read.documents, dir)
    {
        read.errors.push(error(message));
    }
    read
}

fn failed(message: String) -> KubeRead {
    KubeRead {
        errors: vec![error(message)],
        ..KubeRead::default()
    }
}

fn error(message: String) -> LoadError {
    super::live::read_error(SOURCE, message)
}

async fn read_async(options: &KubeOptions) -> KubeRead {
    let (client, server) = match client(options).await {
        Ok(connected) => connected,
        Err(message) => return failed(message),
    };
    let context = options.context.as_deref().unwrap_or("current-context");
    let folder = format!("{SOURCE}/{}", super::live::path_segment(context));
    let mut read = KubeRead::default();
    for listed in &KINDS {
        match list(&client, listed, options.page_size).await {
            Ok(items) if items.is_empty() => {}
            Ok(items) => read.documents.push(Document {
                display: format!("{folder}/{}.json", listed.plural),
                text: super::live::pretty_json(&json!({
                    "apiVersion": "v1",
                    "kind": "List",
                    super::LIVE_API_SERVER: server,
                    "items": items,
                })),
            }),
            // Not served: a custom resource whose driver is not installed.
            Err(Failure::Status(404, _)) => {}
            Err(failure) => {
                let reason = match failure {
                    Failure::Status(status, message) => format!(
                        "listing {} was refused (HTTP {status}: {message}){}",
                        listed.plural,
                        if status == 403 {
                            "; the identity needs list on it in every namespace"
                        } else {
                            ""
                        }
                    ),
                    Failure::Other(message) => format!("cannot list {}: {message}", listed.plural),
                };
                read.errors.push(error(reason.clone()));
                read.unlisted.push(Unlisted {
                    kind: ObjectKind::from(listed.kind),
                    reason,
                });
            }
        }
    }
    // In the order a walk of the saved folder reads them, so a saved read
    // reports in the same order.
    read.documents.sort_by(|a, b| a.display.cmp(&b.display));
    read
}

/// A client for the kubeconfig's context (or, in a pod with neither a
/// kubeconfig nor a context named, its service account), and its API
/// server's host.
async fn client(options: &KubeOptions) -> Result<(kube::Client, String), String> {
    use kube::config::{KubeConfigOptions, Kubeconfig};
    let context = KubeConfigOptions {
        context: options.context.clone(),
        ..KubeConfigOptions::default()
    };
    let config = match (&options.kubeconfig, &options.context) {
        (Some(path), _) => {
            let kubeconfig = Kubeconfig::read_from(path)
                .map_err(|e| format!("cannot read the kubeconfig: {e}"))?;
            kube::Config::from_custom_kubeconfig(kubeconfig, &context)
                .await
                .map_err(|e| format!("cannot use the kubeconfig: {e}"))
        }
        (None, Some(_)) => kube::Config::from_kubeconfig(&context)
            .await
            .map_err(|e| format!("cannot use the kubeconfig: {e}")),
        (None, None) => kube::Config::infer().await.map_err(|e| {
            format!("no kubeconfig and not in a pod: {e} (name one with --kubeconfig)")
        }),
    };
    let mut config = config?;
    config.connect_timeout = Some(options.timeout);
    config.read_timeout = Some(options.timeout);
    let server = config.cluster_url.host().unwrap_or_default().to_string();
    kube::Client::try_from(config)
        .map(|client| (client, server))
        .map_err(|e| format!("cannot set up the Kubernetes client: {e}"))
}

enum Failure {
    Status(u16, String),
    Other(String),
}

/// Every object of one kind in every namespace, page by page; a list whose
/// continue token expired (410 Gone) starts again.
async fn list(client: &kube::Client, listed: &Listed, page: u32) -> Result<Vec<Value>, Failure> {
    let gvk = GroupVersionKind::gvk(listed.group, listed.version, listed.kind);
    let resource = ApiResource::from_gvk_with_plural(&gvk, listed.plural);
    let api: Api<DynamicObject> = Api::all_with(client.clone(), &resource);
    let mut restarts = 0;
    'restart: loop {
        let mut items = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut params = ListParams::default().limit(page);
            if let Some(token) = &token {
                params = params.continue_token(token);
            }
            let page = if listed.kind == "Secret" {
                // Metadata only: a Secret's values never leave the cluster.
                api.list_metadata(&params).await.map(|list| {
                    let next = list.metadata.continue_.clone();
                    let objects: Vec<Value> = list
                        .items
                        .into_iter()
                        .map(|item| json!({ "apiVersion": "v1", "kind": "Secret", "metadata": item.metadata }))
                        .collect();
                    (objects, next)
                })
            } else {
                api.list(&params).await.map(|list| {
                    let next = list.metadata.continue_.clone();
                    let objects: Vec<Value> = list
                        .items
                        .iter()
                        .filter_map(|item| serde_json::to_value(item).ok())
                        .map(|mut object| {
                            // A list's items carry no kind of their own.
                            object["apiVersion"] = json!(resource.api_version);
                            object["kind"] = json!(listed.kind);
                            object
                        })
                        .collect();
                    (objects, next)
                })
            };
            match page {
                Ok((objects, next)) => {
                    items.extend(objects.into_iter().filter(|o| !owned(o)).map(tidy));
                    token = next.filter(|t| !t.is_empty());
                    if token.is_none() {
                        return Ok(items);
                    }
                }
                Err(kube::Error::Api(status)) if status.code == 410 && restarts < MAX_RESTARTS => {
                    restarts += 1;
                    continue 'restart;
                }
                Err(kube::Error::Api(status)) => {
                    return Err(Failure::Status(status.code, status.message.clone()));
                }
                Err(e) => return Err(Failure::Other(e.to_string())),
            }
        }
    }
}

/// Whether a controller chanto also lists owns the object.
fn owned(object: &Value) -> bool {
    object["metadata"]["ownerReferences"]
        .as_array()
        .is_some_and(|owners| {
            owners.iter().any(|o| {
                o["controller"] == json!(true)
                    && o["kind"].as_str().is_some_and(|k| CONTROLLERS.contains(&k))
            })
        })
}

/// The object without what the server keeps for itself.
fn tidy(mut object: Value) -> Value {
    if let Some(metadata) = object.get_mut("metadata").and_then(Value::as_object_mut) {
        metadata.remove("managedFields");
        if let Some(annotations) = metadata
            .get_mut("annotations")
            .and_then(Value::as_object_mut)
        {
            annotations.remove("kubectl.kubernetes.io/last-applied-configuration");
        }
    }
    object
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_controller_owns_is_left_to_the_controller() {
        let pod =
            json!({"metadata": {"ownerReferences": [{"kind": "ReplicaSet", "controller": true}]}});
        assert!(owned(&pod));
        let adopted =
            json!({"metadata": {"ownerReferences": [{"kind": "Node", "controller": true}]}});
        assert!(!owned(&adopted), "a static pod is listed");
        assert!(!owned(&json!({"metadata": {}})));
    }

    #[test]
    fn the_last_applied_annotation_never_leaves() {
        let secret = json!({"metadata": {
            "managedFields": [{}],
            "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{\"data\":{\"password\":\"aHVudGVyMg==\"}}", "team": "a"}
        }});
        let kept = tidy(secret).to_string();
        assert!(
            !kept.contains("aHVudGVyMg")
                && !kept.contains("managedFields")
                && kept.contains("team")
        );
    }
}
