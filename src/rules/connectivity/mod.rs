//! Connectivity: who and what can reach the control plane, the nodes and the
//! workloads, and where traffic leaves.

include!(concat!(env!("OUT_DIR"), "/connectivity.rs"));
