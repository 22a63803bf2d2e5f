//! Cluster: platform hygiene — versions, upgrades, runtime protection,
//! encryption, resilience.

use jiff::civil::Date;

use super::Severity;

include!(concat!(env!("OUT_DIR"), "/cluster.rs"));

/// How close to an end of support a finding starts: 60 days.
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
