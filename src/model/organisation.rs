//! What the organisation states about itself in its policy file: facts the
//! rules need (CIDRs, production clusters, WAFs) and dated attestations of
//! controls no configuration file shows.

use jiff::civil::Date;

use super::Loc;

#[derive(Debug, Clone, Default)]
pub struct Organisation {
    pub ci_cidrs: Vec<String>,
    pub admin_cidrs: Vec<String>,
    /// Cluster name globs that are production.
    pub production_clusters: Vec<String>,
    /// Tags (`key`, `value`) that mark a cluster as production.
    pub production_tags: Vec<(String, String)>,
    /// Hostnames a WAF fronts (Front Door, an App Gateway outside the inputs).
    pub wafs: Vec<String>,
}

/// A dated statement about a control no configuration file shows.
#[derive(Debug, Clone)]
pub struct Attestation {
    pub code: String,
    pub statement: String,
    pub owner: String,
    pub evidence: Option<String>,
    pub reviewed: Date,
    pub valid_for_days: i64,
    pub loc: Loc,
}

impl Attestation {
    /// The first day the statement is no longer valid.
    pub fn stale_from(&self) -> Date {
        self.reviewed
            .checked_add(jiff::Span::new().days(self.valid_for_days))
            .unwrap_or(Date::MAX)
    }
}
