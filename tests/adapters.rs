//! The adapters, checked on the model they produce, with no rule run: the
//! same cluster as az CLI output, an ARM resource, a template, a Resource
//! Graph row and Terraform gives equal `Cluster` and `NodePool` values,
//! places aside, and a difference names the adapter and the field that
//! drifted.

use std::path::PathBuf;

use chanto::load::{LoadOptions, load};

const SHAPES: &str = "tests/fixtures/shapes";

/// A value's pretty `Debug` without its places (`Loc { … }`, nested too).
fn without_places(value: &impl std::fmt::Debug) -> String {
    let text = format!("{value:#?}");
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("Loc {") {
        out.push_str(&rest[..at]);
        let mut depth = 0;
        let end = rest[at..]
            .char_indices()
            .find_map(|(i, c)| {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                (c == '}' && depth == 0).then_some(at + i + 1)
            })
            .unwrap_or(rest.len());
        out.push_str("Loc");
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Each top-level field of a value's pretty `Debug`, places removed.
fn fields(value: &impl std::fmt::Debug) -> Vec<(String, String)> {
    let text = without_places(value);
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines().skip(1) {
        let trimmed = line.trim();
        let top = line.len() - line.trim_start().len() == 4;
        match trimmed.split_once(": ") {
            Some((name, rest)) if top => out.push((name.to_string(), rest.to_string())),
            _ => {
                if let Some((_, value)) = out.last_mut() {
                    value.push(' ');
                    value.push_str(trimmed);
                }
            }
        }
    }
    out
}

fn loaded(file: &str) -> chanto::model::Inventory {
    let loaded = load(&[PathBuf::from(SHAPES).join(file)], &LoadOptions::default());
    assert!(loaded.errors.is_empty(), "{file}: {:?}", loaded.errors);
    loaded.inventory
}

/// Fields that differ by what a shape can know, not by an adapter's reading.
fn inherent(shape: &str, field: &str) -> bool {
    match field {
        // Where the value came from, and what the shape calls the resource.
        "shape" | "loc" | "api_version" | "id" => true,
        // A template declares the version it asks for, where live shapes
        // report the patch version that runs; its second pool is a child
        // resource, not an inline profile.
        "kubernetes_version" | "inline_pools" => {
            shape == "arm-template.json" || shape == "terraform"
        }
        // The provider has no service principal `msi` marker nor pod
        // identity, and its add-ons are blocks of their own, not the API's
        // `addonProfiles` map: their switches are compared apart.
        "service_principal_client_id" | "pod_identity" | "addons" => shape == "terraform",
        _ => false,
    }
}

fn drift(reference: &[(String, String)], other: &[(String, String)], shape: &str) -> Vec<String> {
    reference
        .iter()
        .zip(other)
        .filter(|((field, a), (_, b))| a != b && !inherent(shape, field))
        .map(|((field, a), (_, b))| format!("{shape} reads {field} as {b}, az-cli.json as {a}"))
        .collect()
}

/// The add-ons rules read.
const ADDONS: [&str; 5] = [
    "azurepolicy",
    "httpApplicationRouting",
    "azureKeyvaultSecretsProvider",
    "omsagent",
    "ingressApplicationGateway",
];

fn by_name(inventory: &chanto::model::Inventory) -> Vec<&chanto::model::NodePool> {
    let mut pools: Vec<_> = inventory.pools.iter().collect();
    pools.sort_by(|a, b| a.name.cmp(&b.name));
    pools
}

#[test]
fn the_same_cluster_in_every_shape_gives_equal_model_values() {
    let reference = loaded("az-cli.json");
    assert_eq!(reference.clusters.len(), 1);
    assert_eq!(reference.pools.len(), 2);
    let cluster = fields(&reference.clusters[0]);
    assert!(
        cluster
            .iter()
            .any(|(f, v)| f == "network_plugin" && v.contains("Azure"))
    );
    let mut drifted = Vec::new();
    for shape in [
        "arm-resource.json",
        "arm-template.json",
        "resource-graph.json",
        "terraform",
    ] {
        let other = loaded(shape);
        assert_eq!(other.clusters.len(), 1, "{shape}");
        assert_eq!(other.pools.len(), 2, "{shape}");
        drifted.extend(drift(&cluster, &fields(&other.clusters[0]), shape));
        for addon in ADDONS {
            let on = |c: &chanto::model::Cluster| c.addon_enabled(addon).is_true();
            let (a, b) = (on(&reference.clusters[0]), on(&other.clusters[0]));
            if a != b {
                drifted.push(format!(
                    "{shape} reads add-on {addon} as {b:?}, az-cli.json as {a:?}"
                ));
            }
        }
        for (a, b) in by_name(&reference).into_iter().zip(by_name(&other)) {
            drifted.extend(drift(&fields(a), &fields(b), shape));
        }
    }
    assert!(drifted.is_empty(), "{drifted:#?}");
}

#[test]
fn a_drifted_field_is_named_with_its_adapter() {
    let a = vec![("outbound_type".to_string(), "Set(LoadBalancer)".to_string())];
    let b = vec![("outbound_type".to_string(), "Absent".to_string())];
    assert_eq!(
        drift(&a, &b, "x.json"),
        ["x.json reads outbound_type as Absent, az-cli.json as Set(LoadBalancer)"]
    );
}
