//! Auth: who and what can act on the cluster — Entra ID, Kubernetes RBAC,
//! local accounts, the cluster's and workloads' Azure identities.

mod rbac;

pub(crate) use rbac::grants_only_to_platform;

include!(concat!(env!("OUT_DIR"), "/auth.rs"));
