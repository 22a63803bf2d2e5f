//! Stable identities for findings: what code scanning deduplicates alerts
//! by and what a baseline remembers. An identity survives line shifts and
//! unrelated edits, and is unique within a scan.

use std::collections::HashMap;
use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use crate::model::Inventory;
use crate::rules::{Outcome, Verdict};

/// One identity per outcome, in the outcomes' order: 16 hex digits of the
/// SHA-256 of
/// - the rule's code;
/// - the resource: its type and Azure resource ID or Terraform address
///   when it has one (lower-cased, as Azure compares IDs), else the file,
///   namespace and name — never the display name alone, so two clusters
///   named alike in two resource groups or two overlays stay apart;
/// - which of the rule's checks failed: the message (or an unknown's
///   reason) without its digits, so a version bump or a changed length
///   keeps the identity while a different check does not.
///
/// Outcomes that would still share an identity (two containers both
/// unnamed) are told apart by their order among themselves.
pub fn fingerprints(inventory: &Inventory, outcomes: &[Outcome]) -> Vec<String> {
    // Counted by digest, so no identity is kept past its own outcome.
    let mut seen: HashMap<[u8; 32], usize> = HashMap::new();
    outcomes
        .iter()
        .map(|outcome| {
            let mut identity = identity(inventory, outcome);
            let mut digest: [u8; 32] = Sha256::digest(identity.as_bytes()).into();
            let count = seen.entry(digest).or_insert(0);
            *count += 1;
            if *count > 1 {
                identity.push_str(&format!("\u{0}#{count}"));
                digest = Sha256::digest(identity.as_bytes()).into();
            }
            let mut id = String::with_capacity(16);
            for byte in &digest[..8] {
                let _ = write!(id, "{byte:02x}");
            }
            id
        })
        .collect()
}

fn identity(inventory: &Inventory, outcome: &Outcome) -> String {
    let resource = inventory.resource(outcome.evaluation.subject);
    let (loc, text) = match &outcome.evaluation.verdict {
        Verdict::Fail { loc, message, .. } => (loc, message.as_str()),
        Verdict::Unknown { loc, reason } => (loc, reason.as_str()),
    };
    let place = match &resource.id {
        Some(id) => id.to_ascii_lowercase(),
        None => format!(
            "{}\u{0}{}\u{0}{}",
            inventory.file(loc.file),
            resource.namespace.unwrap_or_default(),
            resource.name
        ),
    };
    let check: String = text.chars().filter(|c| !c.is_ascii_digit()).collect();
    let kind = match outcome.evaluation.verdict {
        Verdict::Fail { .. } => "fail",
        Verdict::Unknown { .. } => "unknown",
    };
    // NUL separates the parts: no input text can forge a boundary.
    format!(
        "{}\u{0}{kind}\u{0}{}\u{0}{place}\u{0}{check}",
        outcome.rule.code, resource.kind
    )
}
