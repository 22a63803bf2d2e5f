//! Closed sets of Azure values, parsed once by the adapters, whatever the
//! case the input used. A value Azure adds later is `Other` with its text,
//! so rules match exhaustively and a new value is a decision the compiler
//! shows, never a silent pass.

/// Declares an enum of Azure values: each variant with the spellings that
/// mean it (compared without case), and `Other` for anything else.
macro_rules! azure_values {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $($text:literal)|+,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
            /// A value this version of chanto does not know, as written.
            Other(String),
        }

        impl From<String> for $name {
            fn from(text: String) -> Self {
                $(if [$($text),+].iter().any(|t| t.eq_ignore_ascii_case(&text)) {
                    return $name::$variant;
                })+
                $name::Other(text)
            }
        }
    };
}

azure_values! {
    /// `networkProfile.outboundType`: how egress leaves the cluster.
    OutboundType {
        LoadBalancer = "loadBalancer",
        ManagedNatGateway = "managedNATGateway",
        UserAssignedNatGateway = "userAssignedNATGateway",
        UserDefinedRouting = "userDefinedRouting",
        /// No outbound path at all (network-isolated clusters).
        None = "none",
    }
}

azure_values! {
    /// `networkProfile.networkPlugin`.
    NetworkPlugin {
        Azure = "azure",
        Kubenet = "kubenet",
        /// Bring your own CNI.
        None = "none",
    }
}

azure_values! {
    /// `networkProfile.networkPolicy`: the engine that enforces NetworkPolicies.
    NetworkPolicyEngine {
        Azure = "azure",
        Calico = "calico",
        Cilium = "cilium",
        None = "none",
    }
}

azure_values! {
    /// `autoUpgradeProfile.upgradeChannel`.
    UpgradeChannel {
        Patch = "patch",
        Stable = "stable",
        Rapid = "rapid",
        /// Legacy: upgrades node images, never the Kubernetes version.
        NodeImage = "node-image",
        None = "none",
    }
}

azure_values! {
    /// `autoUpgradeProfile.nodeOSUpgradeChannel`.
    NodeOsChannel {
        NodeImage = "NodeImage",
        SecurityPatch = "SecurityPatch",
        /// The OS installs patches; nothing reboots the nodes.
        Unmanaged = "Unmanaged",
        None = "None",
    }
}

azure_values! {
    /// `sku.tier` of a managed cluster (`Paid` is the old name of Standard).
    SkuTier {
        Free = "Free",
        Standard = "Standard" | "Paid",
        Premium = "Premium",
    }
}

azure_values! {
    /// `identity.type` of a resource.
    IdentityType {
        SystemAssigned = "SystemAssigned",
        UserAssigned = "UserAssigned",
        Both = "SystemAssigned, UserAssigned" | "SystemAssigned,UserAssigned",
        None = "None",
    }
}

azure_values! {
    /// `publicNetworkAccess` of a cluster, registry, storage account, Key
    /// Vault or database.
    PublicNetworkAccess {
        Enabled = "Enabled",
        Disabled = "Disabled",
        /// Behind a network security perimeter, which decides access.
        SecuredByPerimeter = "SecuredByPerimeter",
    }
}

azure_values! {
    /// A network rule set's `defaultAction`: what happens to traffic no
    /// rule matches.
    DefaultAction {
        Allow = "Allow",
        Deny = "Deny",
    }
}

azure_values! {
    /// A node pool's `osType`.
    OsType {
        Linux = "Linux",
        Windows = "Windows",
    }
}

azure_values! {
    /// A node pool's `securityProfile.sshAccess`.
    SshAccess {
        LocalUser = "LocalUser",
        Disabled = "Disabled",
        EntraId = "EntraId",
    }
}

azure_values! {
    /// A cluster's `supportPlan`.
    SupportPlan {
        KubernetesOfficial = "KubernetesOfficial",
        LongTermSupport = "AKSLongTermSupport",
    }
}

azure_values! {
    /// A container registry's `sku.name`: network rules need Premium.
    RegistrySku {
        Basic = "Basic",
        Standard = "Standard",
        Premium = "Premium",
    }
}

azure_values! {
    /// A WAF's mode: `Detection` logs attacks, `Prevention` blocks them.
    WafMode {
        Detection = "Detection",
        Prevention = "Prevention",
    }
}

azure_values! {
    /// A route's `nextHopType`.
    NextHopType {
        VirtualAppliance = "VirtualAppliance",
        Internet = "Internet",
        VirtualNetworkGateway = "VirtualNetworkGateway",
        VnetLocal = "VnetLocal",
        None = "None",
    }
}

/// The name Azure gives a value, for messages.
macro_rules! display_as_azure {
    ($($name:ident { $($variant:ident => $text:literal),+ })+) => {$(
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(match self {
                    $($name::$variant => $text,)+
                    $name::Other(text) => text,
                })
            }
        }
    )+};
}

display_as_azure! {
    DefaultAction { Allow => "Allow", Deny => "Deny" }
    RegistrySku { Basic => "Basic", Standard => "Standard", Premium => "Premium" }
    WafMode { Detection => "Detection", Prevention => "Prevention" }
    NextHopType {
        VirtualAppliance => "VirtualAppliance",
        Internet => "Internet",
        VirtualNetworkGateway => "VirtualNetworkGateway",
        VnetLocal => "VnetLocal",
        None => "None"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_parse_whatever_their_case_and_keep_unknown_text() {
        assert_eq!(
            OutboundType::from("UserDefinedRouting".to_string()),
            OutboundType::UserDefinedRouting
        );
        assert_eq!(
            UpgradeChannel::from("NODE-IMAGE".to_string()),
            UpgradeChannel::NodeImage
        );
        assert_eq!(SkuTier::from("paid".to_string()), SkuTier::Standard);
        assert_eq!(
            NetworkPolicyEngine::from("antrea".to_string()),
            NetworkPolicyEngine::Other("antrea".into())
        );
    }
}
