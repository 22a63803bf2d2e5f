//! Cluster: platform hygiene — versions, upgrades, runtime protection,
//! encryption, resilience (talk s22–s27).

mod cl101_unsupported_kubernetes_version;
mod cl102_no_auto_upgrade;
mod cl103_node_os_updates_off;
mod cl104_defender_off;
mod cl105_azure_policy_off;
mod cl106_encryption_gaps;
mod cl107_no_resilience;
mod cl108_free_tier_production;
mod cl109_image_cleaner_off;
mod cl110_node_os_unsupported;
mod cl201_privileged_container;
mod cl202_host_namespaces;
mod cl203_host_path_volume;
mod cl204_host_ports;
mod cl205_added_capabilities;
mod cl206_apparmor_profile;
mod cl207_selinux_options;
mod cl208_proc_mount;
mod cl209_seccomp_unconfined;
mod cl210_unsafe_sysctls;
mod cl211_windows_host_process;
mod cl212_probe_host;
mod cl213_ulimits;
mod cl214_restricted_volume_types;
mod cl215_privilege_escalation;
mod cl216_run_as_non_root;
mod cl217_run_as_root_user;
mod cl218_seccomp_required;
mod cl219_capabilities_not_dropped;
mod cl220_registry_not_allowed;
mod cl221_mutable_image_tag;
mod cl222_secret_in_env;
mod cl223_no_resource_limits;
mod cl301_registry_not_scanned;

use jiff::civil::Date;

use super::{Rule, Severity};

pub(super) static RULES: &[&dyn Rule] = &[
    &cl101_unsupported_kubernetes_version::UnsupportedKubernetesVersion,
    &cl102_no_auto_upgrade::NoAutoUpgrade,
    &cl103_node_os_updates_off::NodeOsUpdatesOff,
    &cl104_defender_off::DefenderOff,
    &cl105_azure_policy_off::AzurePolicyOff,
    &cl106_encryption_gaps::EncryptionGaps,
    &cl107_no_resilience::NoResilience,
    &cl108_free_tier_production::FreeTierProduction,
    &cl109_image_cleaner_off::ImageCleanerOff,
    &cl110_node_os_unsupported::NodeOsUnsupported,
    &cl201_privileged_container::PrivilegedContainer,
    &cl202_host_namespaces::HostNamespaces,
    &cl203_host_path_volume::HostPathVolume,
    &cl204_host_ports::HostPorts,
    &cl205_added_capabilities::AddedCapabilities,
    &cl206_apparmor_profile::AppArmorProfile,
    &cl207_selinux_options::SeLinuxOptions,
    &cl208_proc_mount::ProcMount,
    &cl209_seccomp_unconfined::SeccompUnconfined,
    &cl210_unsafe_sysctls::UnsafeSysctls,
    &cl211_windows_host_process::WindowsHostProcess,
    &cl212_probe_host::ProbeHost,
    &cl213_ulimits::Ulimits,
    &cl214_restricted_volume_types::RestrictedVolumeTypes,
    &cl215_privilege_escalation::PrivilegeEscalation,
    &cl216_run_as_non_root::RunAsNonRoot,
    &cl217_run_as_root_user::RunAsRootUser,
    &cl218_seccomp_required::SeccompRequired,
    &cl219_capabilities_not_dropped::CapabilitiesNotDropped,
    &cl220_registry_not_allowed::RegistryNotAllowed,
    &cl221_mutable_image_tag::MutableImageTag,
    &cl222_secret_in_env::SecretInEnv,
    &cl223_no_resource_limits::NoResourceLimits,
    &cl301_registry_not_scanned::RegistryNotScanned,
];

/// How close to an end of support a finding starts (catalogue: 60 days).
const WARN_DAYS: i64 = 60;

/// Past the end: the rule's severity; within [`WARN_DAYS`]: medium, with
/// the date; otherwise no finding.
fn support_window(as_of: Date, end: Date) -> Option<(Option<Severity>, String)> {
    if as_of > end {
        Some((None, format!("out of support since {end}")))
    } else {
        let days = (end - as_of).get_days();
        (i64::from(days) <= WARN_DAYS).then(|| {
            (
                Some(Severity::Medium),
                format!("support ends on {end}, in {days} days"),
            )
        })
    }
}
