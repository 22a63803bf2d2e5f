//! Connectivity: who and what can reach the control plane, the nodes and the
//! workloads, and where traffic leaves (talk s13–s21).

mod cn001_management_plane_mfa;
mod cn002_jump_host;
mod cn101_api_server_open_to_internet;
mod cn102_authorized_ranges_too_wide;
mod cn103_private_cluster_public_fqdn;
mod cn104_node_public_ip;
mod cn105_egress_not_controlled;
mod cn106_no_network_policy;
mod cn107_http_application_routing;
mod cn108_kubenet;
mod cn201_public_load_balancer;
mod cn202_no_waf;
mod cn203_no_default_deny;
mod cn301_service_public_access;
mod cn302_service_endpoint_without_private_endpoint;
mod cn901_firewall_blocks_aks;
mod cn902_ranges_lock_out;

use super::Rule;

pub(super) static RULES: &[&dyn Rule] = &[
    &cn001_management_plane_mfa::ManagementPlaneMfa,
    &cn002_jump_host::JumpHost,
    &cn101_api_server_open_to_internet::ApiServerOpenToInternet,
    &cn102_authorized_ranges_too_wide::AuthorizedRangesTooWide,
    &cn103_private_cluster_public_fqdn::PrivateClusterPublicFqdn,
    &cn104_node_public_ip::NodePublicIp,
    &cn105_egress_not_controlled::EgressNotControlled,
    &cn106_no_network_policy::NoNetworkPolicy,
    &cn107_http_application_routing::HttpApplicationRouting,
    &cn108_kubenet::Kubenet,
    &cn201_public_load_balancer::PublicLoadBalancer,
    &cn202_no_waf::NoWaf,
    &cn203_no_default_deny::NoDefaultDeny,
    &cn301_service_public_access::ServicePublicAccess,
    &cn302_service_endpoint_without_private_endpoint::ServiceEndpointWithoutPrivateEndpoint,
    &cn901_firewall_blocks_aks::FirewallBlocksAks,
    &cn902_ranges_lock_out::RangesLockOut,
];
