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
