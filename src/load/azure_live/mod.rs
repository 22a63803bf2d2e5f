//! The live Azure reader (`chanto scan --azure`): every resource type chanto
//! models, read with the caller's own Entra ID credentials and nothing
//! written to Azure (the Reader role is enough). Resource Graph lists the
//! resources of every subscription at once; Resource Manager GETs what
//! Graph does not hold (firewall policies' rule collection groups,
//! database firewall rules, clusters' maintenance configurations and
//! diagnostic settings, Defender plans, role assignments). Each answer
//! becomes a [`Document`] in the REST shape the file adapters already read,
//! named as `--save` writes it, so every rule applies unchanged and a
//! saved scan reads back the same.

mod client;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use azure_core::credentials::TokenCredential;
use serde_json::{Value, json};
use tokio::task::JoinSet;

use super::Document;
use super::live::{path_segment, pretty_json, save_documents};
use crate::model::LoadError;
use client::{ApiError, Client};

/// The Azure clouds chanto knows the endpoints of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cloud {
    #[default]
    Public,
    UsGovernment,
    China,
}

impl Cloud {
    /// The Resource Manager endpoint, which is also the token's audience.
    pub fn resource_manager(self) -> &'static str {
        match self {
            Cloud::Public => "https://management.azure.com",
            Cloud::UsGovernment => "https://management.usgovcloudapi.net",
            Cloud::China => "https://management.chinacloudapi.cn",
        }
    }

    fn configuration(self) -> azure_core::cloud::CloudConfiguration {
        use azure_core::cloud::CloudConfiguration;
        match self {
            Cloud::Public => CloudConfiguration::AzurePublic,
            Cloud::UsGovernment => CloudConfiguration::AzureGovernment,
            Cloud::China => CloudConfiguration::AzureChina,
        }
    }
}

/// Where an Entra ID token comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Credential {
    /// A service principal (`AZURE_TENANT_ID`, `AZURE_CLIENT_ID`,
    /// `AZURE_CLIENT_SECRET`), else workload identity
    /// (`AZURE_FEDERATED_TOKEN_FILE`), else App Service / Functions managed
    /// identity (`IDENTITY_ENDPOINT`), else the Azure CLI's sign-in, else
    /// the Azure Developer CLI's.
    #[default]
    Auto,
    AzureCli,
    ManagedIdentity,
    WorkloadIdentity,
    ServicePrincipal,
}

#[derive(Debug, Clone)]
pub struct AzureOptions {
    /// Subscription IDs; none means every subscription the identity sees.
    pub subscriptions: Vec<String>,
    /// Resource group names to keep; none means all.
    pub resource_groups: Vec<String>,
    pub cloud: Cloud,
    pub credential: Credential,
    /// A Resource Manager endpoint in place of the cloud's (a proxy, a
    /// test server); the token is still for the cloud's.
    pub endpoint: Option<String>,
    /// PEM certificates to trust besides the system's (a TLS-inspecting
    /// proxy, a private endpoint's own CA).
    pub ca_file: Option<PathBuf>,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// How long one request may take.
    pub timeout: Duration,
    /// The largest response read.
    pub max_body: u64,
    /// Also write what was read under this folder (`--save`).
    pub save: Option<PathBuf>,
}

impl Default for AzureOptions {
    fn default() -> Self {
        AzureOptions {
            subscriptions: Vec::new(),
            resource_groups: Vec::new(),
            cloud: Cloud::Public,
            credential: Credential::Auto,
            endpoint: None,
            ca_file: None,
            concurrency: 16,
            timeout: Duration::from_secs(60),
            max_body: 64 << 20,
            save: None,
        }
    }
}

/// What a live read produced: the documents, and what could not be read
/// (each named, the rest still read).
#[derive(Debug, Default)]
pub struct AzureRead {
    pub documents: Vec<Document>,
    pub errors: Vec<LoadError>,
}

/// Resource types Resource Graph lists for the rules (lower case, as Graph
/// reports them).
const GRAPH_TYPES: [&str; 17] = [
    "microsoft.containerservice/managedclusters",
    "microsoft.containerregistry/registries",
    "microsoft.storage/storageaccounts",
    "microsoft.keyvault/vaults",
    "microsoft.sql/servers",
    "microsoft.dbforpostgresql/flexibleservers",
    "microsoft.dbformysql/flexibleservers",
    "microsoft.documentdb/databaseaccounts",
    "microsoft.network/privateendpoints",
    "microsoft.network/virtualnetworks",
    "microsoft.network/routetables",
    "microsoft.network/azurefirewalls",
    "microsoft.network/firewallpolicies",
    "microsoft.network/networksecuritygroups",
    "microsoft.network/applicationgateways",
    "microsoft.network/applicationgatewaywebapplicationfirewallpolicies",
    "microsoft.network/natgateways",
];

/// Child collections Graph does not return, listed per parent type: the
/// path under the parent, the file it is saved as, and the API version.
const CHILDREN: [(&str, &str, &str, &str); 7] = [
    (
        "microsoft.network/firewallpolicies",
        "ruleCollectionGroups",
        "ruleCollectionGroups",
        "2024-05-01",
    ),
    (
        "microsoft.sql/servers",
        "firewallRules",
        "firewallRules",
        "2023-08-01",
    ),
    (
        "microsoft.sql/servers",
        "virtualNetworkRules",
        "virtualNetworkRules",
        "2023-08-01",
    ),
    (
        "microsoft.dbforpostgresql/flexibleservers",
        "firewallRules",
        "firewallRules",
        "2024-08-01",
    ),
    (
        "microsoft.dbformysql/flexibleservers",
        "firewallRules",
        "firewallRules",
        "2023-12-30",
    ),
    (
        "microsoft.containerservice/managedclusters",
        "maintenanceConfigurations",
        "maintenanceConfigurations",
        "2025-05-01",
    ),
    // Diagnostic settings are an extension resource of the cluster.
    (
        "microsoft.containerservice/managedclusters",
        "providers/Microsoft.Insights/diagnosticSettings",
        "diagnosticSettings",
        "2021-05-01-preview",
    ),
];

/// Resource Graph answers at most this many subscriptions per query and
/// this many rows per page.
const GRAPH_SUBSCRIPTIONS: usize = 1000;
const GRAPH_PAGE: usize = 1000;

/// Where a read failed, as reports name it.
const SOURCE: &str = "azure";

/// Reads every resource chanto models from the subscriptions `options`
/// name; errors name what could not be read and why.
pub fn read(options: &AzureOptions) -> AzureRead {
    let runtime = match super::live::runtime() {
        Ok(runtime) => runtime,
        Err(message) => return failed(message),
    };
    let mut read = runtime.block_on(read_async(options));
    if let Some(dir) = &options.save
        && let Err(message) = save_documents(&read.documents, dir)
    {
        read.errors.push(error(message));
    }
    read
}

fn failed(message: String) -> AzureRead {
    AzureRead {
        documents: Vec::new(),
        errors: vec![error(message)],
    }
}

fn error(message: String) -> LoadError {
    super::live::read_error(SOURCE, message)
}

async fn read_async(options: &AzureOptions) -> AzureRead {
    let http = match http_client(options) {
        Ok(http) => http,
        Err(message) => return failed(message),
    };
    let audience = options.cloud.resource_manager();
    let token = match token(options, audience).await {
        Ok(token) => token,
        Err(message) => return failed(message),
    };
    let endpoint = options
        .endpoint
        .clone()
        .unwrap_or_else(|| audience.to_string());
    let client = Arc::new(Client::new(
        http,
        endpoint,
        token,
        options.concurrency,
        options.max_body,
    ));
    let mut read = AzureRead::default();

    let subscriptions = match subscriptions(&client, options, &mut read.errors).await {
        Some(subscriptions) => subscriptions,
        None => return read,
    };
    if subscriptions.is_empty() {
        read.errors.push(error(
            "no subscription to read: the identity sees none".to_string(),
        ));
        return read;
    }

    let rows = match graph_rows(&client, &subscriptions, &options.resource_groups).await {
        Ok(rows) => rows,
        Err(e) => {
            read.errors
                .push(error(format!("Resource Graph query failed: {e}")));
            return read;
        }
    };

    // Per subscription: Defender plans and role assignments; per parent:
    // the child collections Graph lacks. All at once, bounded by the
    // client's limit on requests in flight.
    let mut tasks: JoinSet<(String, String, Result<Vec<Value>, ApiError>)> = JoinSet::new();
    for subscription in &subscriptions {
        for (what, path) in [
            (
                "pricings",
                format!(
                    "/subscriptions/{}/providers/Microsoft.Security/pricings?api-version=2024-01-01",
                    encode_segment(subscription)
                ),
            ),
            (
                "roleAssignments",
                format!(
                    "/subscriptions/{}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01",
                    encode_segment(subscription)
                ),
            ),
        ] {
            let client = Arc::clone(&client);
            let display = format!("{SOURCE}/{}/{what}.json", path_segment(subscription));
            let label = format!("{what} of subscription {subscription}");
            tasks.spawn(async move { (display, label, client.list(&path).await) });
        }
    }
    for row in &rows {
        let (Some(id), Some(kind)) = (
            row.get("id").and_then(Value::as_str),
            row.get("type").and_then(Value::as_str),
        ) else {
            continue;
        };
        for (_, child, file, version) in CHILDREN
            .iter()
            .filter(|(parent, ..)| parent.eq_ignore_ascii_case(kind))
        {
            let client = Arc::clone(&client);
            let path = format!("{}/{child}?api-version={version}", encode_path(id));
            let display = format!("{}/{file}.json", row_folder(row));
            let label = format!("{file} of {id}");
            tasks.spawn(async move { (display, label, client.list(&path).await) });
        }
    }

    for row in &rows {
        read.documents.push(Document {
            display: format!("{}.json", row_folder(row)),
            text: pretty_json(row),
        });
    }
    while let Some(done) = tasks.join_next().await {
        match done {
            // An empty list (no Defender plan, no rule collection group)
            // holds nothing to read.
            Ok((_, _, Ok(items))) if items.is_empty() => {}
            Ok((display, _, Ok(items))) => read.documents.push(Document {
                display,
                text: pretty_json(&Value::Array(items)),
            }),
            Ok((_, label, Err(e))) => read
                .errors
                .push(error(format!("cannot read the {label}: {e}{}", hint(&e)))),
            Err(e) => read.errors.push(error(format!("a read stopped: {e}"))),
        }
    }
    unique_names(&mut read.documents);
    read.documents.sort_by(|a, b| a.display.cmp(&b.display));
    read.errors.sort_by(|a, b| a.message.cmp(&b.message));
    read
}

fn http_client(options: &AzureOptions) -> Result<reqwest::Client, String> {
    let mut builder = reqwest::Client::builder()
        .timeout(options.timeout)
        .user_agent(concat!("chanto/", env!("CARGO_PKG_VERSION")));
    if let Some(file) = &options.ca_file {
        let pem = std::fs::read(file).map_err(|e| format!("--ca-file {}: {e}", file.display()))?;
        let certificates = reqwest::Certificate::from_pem_bundle(&pem)
            .map_err(|e| format!("--ca-file {}: {e}", file.display()))?;
        builder = builder.tls_certs_merge(certificates);
    }
    builder
        .build()
        .map_err(|e| format!("cannot set up HTTPS: {e}"))
}

/// A token for Resource Manager from the credential the options choose.
async fn token(options: &AzureOptions, audience: &str) -> Result<String, String> {
    let (name, credential) = credential(options)?;
    let scope = format!("{audience}/.default");
    credential
        .get_token(&[scope.as_str()], None)
        .await
        .map(|t| t.token.secret().to_string())
        .map_err(|e| {
            format!(
                "cannot get an Azure token from {name}: {e} (sign in with `az login`, or see --azure-credential)"
            )
        })
}

fn credential(options: &AzureOptions) -> Result<(&'static str, Arc<dyn TokenCredential>), String> {
    use azure_core::http::ClientOptions;
    use azure_identity::{
        AzureCliCredential, ClientAssertionCredentialOptions, ClientSecretCredential,
        ClientSecretCredentialOptions, DeveloperToolsCredential, ManagedIdentityCredential,
        ManagedIdentityCredentialOptions, WorkloadIdentityCredential,
        WorkloadIdentityCredentialOptions,
    };
    let set = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let client_options = || ClientOptions {
        cloud: Some(Arc::new(options.cloud.configuration())),
        ..ClientOptions::default()
    };
    let chosen = match options.credential {
        Credential::Auto => {
            if set("AZURE_CLIENT_SECRET").is_some() {
                Credential::ServicePrincipal
            } else if set("AZURE_FEDERATED_TOKEN_FILE").is_some() {
                Credential::WorkloadIdentity
            } else if set("IDENTITY_ENDPOINT").is_some() {
                Credential::ManagedIdentity
            } else {
                // The developer tools: the Azure CLI, then the Azure
                // Developer CLI.
                Credential::Auto
            }
        }
        other => other,
    };
    let failed = |name: &str, e: azure_core::Error| format!("{name}: {e}");
    match chosen {
        Credential::ServicePrincipal => {
            let (Some(tenant), Some(client), Some(secret)) = (
                set("AZURE_TENANT_ID"),
                set("AZURE_CLIENT_ID"),
                set("AZURE_CLIENT_SECRET"),
            ) else {
                return Err("a service principal needs AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET".to_string());
            };
            let credential = ClientSecretCredential::new(
                &tenant,
                client,
                secret.into(),
                Some(ClientSecretCredentialOptions {
                    client_options: client_options(),
                }),
            )
            .map_err(|e| failed("the service principal", e))?;
            Ok(("the service principal", credential))
        }
        Credential::WorkloadIdentity => {
            let credential =
                WorkloadIdentityCredential::new(Some(WorkloadIdentityCredentialOptions {
                    credential_options: ClientAssertionCredentialOptions {
                        client_options: client_options(),
                    },
                    ..WorkloadIdentityCredentialOptions::default()
                }))
                .map_err(|e| failed("workload identity", e))?;
            Ok(("workload identity", credential))
        }
        Credential::ManagedIdentity => {
            let credential =
                ManagedIdentityCredential::new(Some(ManagedIdentityCredentialOptions {
                    client_options: client_options(),
                    ..ManagedIdentityCredentialOptions::default()
                }))
                .map_err(|e| failed("the managed identity", e))?;
            Ok(("the managed identity", credential))
        }
        Credential::AzureCli => {
            let credential =
                AzureCliCredential::new(None).map_err(|e| failed("the Azure CLI", e))?;
            Ok(("the Azure CLI", credential))
        }
        Credential::Auto => {
            let name = "the Azure CLI or the Azure Developer CLI";
            let credential = DeveloperToolsCredential::new(None).map_err(|e| failed(name, e))?;
            Ok((name, credential))
        }
    }
}

/// The subscriptions to read: those named, or else every one the identity
/// lists, that it can read; each other one is an error naming it.
async fn subscriptions(
    client: &Arc<Client>,
    options: &AzureOptions,
    errors: &mut Vec<LoadError>,
) -> Option<Vec<String>> {
    let wanted = if options.subscriptions.is_empty() {
        match client.list("/subscriptions?api-version=2022-12-01").await {
            Ok(items) => items
                .iter()
                .filter_map(|s| s.get("subscriptionId").and_then(Value::as_str))
                .map(str::to_string)
                .collect(),
            Err(e) => {
                errors.push(error(format!("cannot list subscriptions: {e}{}", hint(&e))));
                return None;
            }
        }
    } else {
        options.subscriptions.clone()
    };
    let mut checks = JoinSet::new();
    for id in wanted {
        let client = Arc::clone(client);
        checks.spawn(async move {
            let path = format!(
                "/subscriptions/{}?api-version=2022-12-01",
                encode_segment(&id)
            );
            let answer = client.get(&path).await;
            (id, answer)
        });
    }
    let mut readable = Vec::new();
    while let Some(done) = checks.join_next().await {
        match done {
            Ok((id, Ok(_))) => readable.push(id),
            Ok((id, Err(e))) => errors.push(error(format!(
                "subscription {id} cannot be read, so none of its resources are among the inputs: {e}{}",
                hint(&e)
            ))),
            Err(e) => errors.push(error(format!("a read stopped: {e}"))),
        }
    }
    readable.sort();
    readable.dedup();
    Some(readable)
}

/// What to do about a refusal.
fn hint(e: &ApiError) -> &'static str {
    match e.status {
        Some(401) => " (the token was refused: sign in again with `az login`)",
        Some(403) => " (the identity needs the Reader role there)",
        Some(404) => " (no such subscription, or not in this cloud: see --azure-cloud)",
        _ => "",
    }
}

/// Every Resource Graph row of the types chanto reads, page by page.
async fn graph_rows(
    client: &Client,
    subscriptions: &[String],
    resource_groups: &[String],
) -> Result<Vec<Value>, ApiError> {
    let query = graph_query(resource_groups);
    let mut rows = Vec::new();
    for batch in subscriptions.chunks(GRAPH_SUBSCRIPTIONS) {
        let mut skip_token: Option<String> = None;
        loop {
            let mut request_options = json!({ "resultFormat": "objectArray", "$top": GRAPH_PAGE });
            if let Some(token) = &skip_token {
                request_options["$skipToken"] = Value::String(token.clone());
            }
            let body = json!({
                "subscriptions": batch,
                "query": query,
                "options": request_options,
            });
            let mut page = client
                .post(
                    "/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01",
                    &body,
                )
                .await?;
            if let Some(Value::Array(data)) = page.get_mut("data").map(Value::take) {
                rows.extend(data);
            }
            skip_token = page
                .get("$skipToken")
                .and_then(Value::as_str)
                .filter(|t| !t.is_empty())
                .map(str::to_string);
            if skip_token.is_none() {
                break;
            }
        }
    }
    Ok(rows)
}

/// The Kusto query: the types chanto reads, in the resource groups named
/// (checked by [`crate::model::is_resource_group_name`] when parsed, so
/// none holds a quote).
fn graph_query(resource_groups: &[String]) -> String {
    let types: Vec<String> = GRAPH_TYPES.iter().map(|t| format!("'{t}'")).collect();
    let mut query = format!("resources | where type in~ ({})", types.join(", "));
    if !resource_groups.is_empty() {
        let groups: Vec<String> = resource_groups.iter().map(|g| format!("'{g}'")).collect();
        query.push_str(&format!(
            " | where resourceGroup in~ ({})",
            groups.join(", ")
        ));
    }
    query.push_str(" | order by id asc");
    query
}

/// `azure/<subscription>/<resource group>/<type>/<name>`: where a row's
/// document goes, each part reduced to characters safe in a path.
fn row_folder(row: &Value) -> String {
    let field = |key: &str| row.get(key).and_then(Value::as_str).unwrap_or("");
    let id = field("id");
    let from_id = |key: &str| {
        let mut parts = id.split('/');
        parts.find(|p| p.eq_ignore_ascii_case(key))?;
        parts.next()
    };
    let subscription = match field("subscriptionId") {
        "" => from_id("subscriptions").unwrap_or(""),
        s => s,
    };
    let group = match field("resourceGroup") {
        "" => from_id("resourceGroups").unwrap_or(""),
        g => g,
    };
    format!(
        "{SOURCE}/{}/{}/{}/{}",
        path_segment(subscription),
        path_segment(&group.to_ascii_lowercase()),
        path_segment(&field("type").to_ascii_lowercase().replace('/', ".")),
        path_segment(field("name"))
    )
}

/// What a path segment percent-encodes: everything but the unreserved
/// characters of RFC 3986 and the parentheses resource names may hold.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'(')
    .remove(b')');

fn encode_segment(segment: &str) -> String {
    percent_encoding::utf8_percent_encode(segment, SEGMENT).to_string()
}

/// A resource ID as a URL path: each segment percent-encoded, so an ID a
/// server sent cannot add a query or leave the path.
fn encode_path(id: &str) -> String {
    id.split('/')
        .map(encode_segment)
        .collect::<Vec<_>>()
        .join("/")
}

/// Two documents never share a name: a later one gets `~2`, `~3`, ….
fn unique_names(documents: &mut [Document]) {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for d in documents.iter_mut() {
        let count = seen.entry(d.display.clone()).or_default();
        *count += 1;
        if *count > 1 {
            let stem = d.display.trim_end_matches(".json");
            d.display = format!("{stem}~{count}.json");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_a_server_stay_inside_the_saved_folder() {
        assert_eq!(path_segment("../../etc"), ".._.._etc");
        assert_eq!(path_segment(".."), "_");
        assert_eq!(path_segment(""), "_");
        assert_eq!(path_segment("aks/prod\n"), "aks_prod_");
        let row = json!({
            "id": "/subscriptions/s/resourceGroups/RG-A/providers/Microsoft.ContainerService/managedClusters/aks",
            "name": "..",
            "type": "Microsoft.ContainerService/managedClusters",
        });
        assert_eq!(
            row_folder(&row),
            "azure/s/rg-a/microsoft.containerservice.managedclusters/_"
        );
    }

    #[test]
    fn the_query_names_every_type_and_the_resource_groups() {
        let query = graph_query(&["rg-a".to_string()]);
        assert!(query.starts_with(
            "resources | where type in~ ('microsoft.containerservice/managedclusters', "
        ));
        assert!(query.ends_with(" | where resourceGroup in~ ('rg-a') | order by id asc"));
    }

    #[test]
    fn documents_never_share_a_name() {
        let doc = |name: &str| Document {
            display: name.to_string(),
            text: String::new(),
        };
        let mut docs = vec![doc("a.json"), doc("a.json"), doc("b.json"), doc("a.json")];
        unique_names(&mut docs);
        let names: Vec<&str> = docs.iter().map(|d| d.display.as_str()).collect();
        assert_eq!(names, ["a.json", "a~2.json", "b.json", "a~3.json"]);
    }
}
