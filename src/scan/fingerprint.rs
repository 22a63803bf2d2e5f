//! Stable identities for findings: what code scanning deduplicates alerts
//! by and what a baseline remembers. An identity survives line shifts and
//! unrelated edits, and is unique within a scan.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::model::Inventory;
use crate::rules::{Outcome, Verdict};

/// A finding's identity: the first 64 bits of a SHA-256, written as 16
/// hex digits (8 bytes per outcome in memory, however many there are).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint(u64);

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl FromStr for Fingerprint {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.len() != 16 {
            return Err(format!("{text:?} is not 16 hex digits"));
        }
        u64::from_str_radix(text, 16)
            .map(Fingerprint)
            .map_err(|_| format!("{text:?} is not 16 hex digits"))
    }
}

impl serde::Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Fingerprint {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// One identity per outcome, in the outcomes' order: the SHA-256 of
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
/// unnamed) are told apart by their order among themselves; the suffix
/// is what makes each identity unique, whatever the first 64 bits say.
pub fn fingerprints(inventory: &Inventory, outcomes: &[Outcome]) -> Vec<Fingerprint> {
    // Hashing is most of the work, and each outcome's is its own: in
    // parallel. Only the rare repeats are hashed again, with their suffix.
    let first: Vec<Fingerprint> = outcomes
        .par_iter()
        .map(|outcome| digest(&identity(inventory, outcome)))
        .collect();
    let mut seen: HashMap<Fingerprint, usize> = HashMap::with_capacity(first.len());
    first
        .into_iter()
        .zip(outcomes)
        .map(|(fingerprint, outcome)| {
            let count = seen.entry(fingerprint).or_insert(0);
            *count += 1;
            if *count == 1 {
                return fingerprint;
            }
            digest(&format!("{}\u{0}#{count}", identity(inventory, outcome)))
        })
        .collect()
}

/// The first 64 bits of the SHA-256 of `identity`.
fn digest(identity: &str) -> Fingerprint {
    let digest = Sha256::digest(identity.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    Fingerprint(u64::from_be_bytes(first))
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
