//! Small verdict helpers shared by the rules.

use super::{Context, Evaluation};
use crate::model::{Cluster, Field, Subject};

/// A switch that must be on: set true passes; set false, or absent with a
/// `false` platform default, fails with `message`; unknown stays unknown.
pub fn require_on(
    subject: Subject,
    field: &Field<bool>,
    platform_default: bool,
    message: &str,
) -> Evaluation {
    match field {
        Field::Set(true, _) => Evaluation::pass(subject),
        Field::Absent(_) if platform_default => Evaluation::pass(subject),
        Field::Set(false, loc) | Field::Absent(loc) => Evaluation::fail(subject, *loc, message),
        Field::Unknown(reason, loc) => Evaluation::unknown(subject, *loc, reason.clone()),
    }
}

/// Whether the API server has no public endpoint: a private cluster, or
/// public network access switched off. An error (reason, place) when the
/// input cannot tell.
pub fn api_server_private(cluster: &Cluster) -> Result<bool, (String, crate::model::Loc)> {
    if cluster.public_network_access.is("Disabled") {
        return Ok(true);
    }
    match &cluster.private_cluster {
        Field::Set(private, _) => Ok(*private),
        Field::Absent(_) => Ok(false),
        Field::Unknown(reason, loc) => Err((reason.clone(), *loc)),
    }
}

/// Pool rules see only the pools the input lists. A cluster whose pool list
/// a template computes at deployment gets an unknown from each of them, so
/// its pools are never silently passed.
pub fn unknown_pool_lists(cx: &Context, out: &mut Vec<Evaluation>) {
    for (id, cluster) in cx.inventory.clusters.iter().enumerate() {
        if let Field::Unknown(reason, loc) = &cluster.inline_pools {
            out.push(Evaluation::unknown(
                Subject::Cluster(id),
                *loc,
                reason.clone(),
            ));
        }
    }
}
