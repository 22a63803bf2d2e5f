//! The organisation's requirements, and the built-in profile: the six
//! company rules the talk starts from (s5), mapped to the features that
//! answer them on AKS and the rule codes that decide them (`catalog.md`).

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    pub id: String,
    pub title: String,
    pub text: String,
    /// The features the talk names for it.
    pub features: Vec<String>,
    pub codes: Vec<String>,
}

fn requirement(
    id: &str,
    title: &str,
    text: &str,
    features: &[&str],
    codes: &[&str],
) -> Requirement {
    Requirement {
        id: id.to_string(),
        title: title.to_string(),
        text: text.to_string(),
        features: features.iter().map(|f| f.to_string()).collect(),
        codes: codes.iter().map(|c| c.to_string()).collect(),
    }
}

/// P1–P6, as the talk's company policy states them (s5).
pub fn default_profile() -> Vec<Requirement> {
    vec![
        requirement(
            "P1",
            "Inbound traffic passes a WAF",
            "External traffic must always pass through a WAF. Application traffic enters through Application Gateway WAF or Front Door; kubectl traffic is management traffic, governed by CN101/CN102 instead.",
            &[
                "Application Gateway WAF_v2 (AGIC)",
                "Front Door Premium with WAF",
                "internal load balancers",
            ],
            &["CN201", "CN202"],
        ),
        requirement(
            "P2",
            "Only necessary egress",
            "Outbound traffic other than what is needed must not be allowed: a firewall in the egress path, with the endpoints AKS requires allowed.",
            &[
                "outboundType userDefinedRouting",
                "Azure Firewall with the AzureKubernetesService FQDN tag",
            ],
            &["CN105", "CN901"],
        ),
        requirement(
            "P3",
            "Antivirus",
            "Antivirus software must be installed: on a managed cluster, runtime protection and image scanning.",
            &[
                "Microsoft Defender for Containers",
                "registry vulnerability scanning",
            ],
            &["CL104", "CL301"],
        ),
        requirement(
            "P4",
            "No public endpoints on storage and databases",
            "Storage and databases must not have endpoints reachable from outside; only internal access is allowed.",
            &[
                "Private Endpoints for ACR, Storage, Key Vault and databases",
                "public network access disabled",
            ],
            &["CN301", "CN302"],
        ),
        requirement(
            "P5",
            "Limit who can access",
            "Users who can access the system must be limited.",
            &[
                "Entra ID integration",
                "local accounts disabled",
                "Kubernetes and Azure RBAC",
                "PIM",
                "authorized IP ranges or a private cluster",
            ],
            &[
                "AU101", "AU102", "AU103", "AU104", "AU201", "AU001", "CN101",
            ],
        ),
        requirement(
            "P6",
            "Latest updates applied",
            "The latest updates must be applied.",
            &[
                "supported Kubernetes version (N-2)",
                "cluster auto-upgrade channel",
                "node OS upgrade channel",
                "supported node OS",
            ],
            &["CL101", "CL102", "CL103", "CL110"],
        ),
    ]
}
