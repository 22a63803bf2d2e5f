//! Connectivity: who and what can reach the control plane, the nodes and the
//! workloads, and where traffic leaves (talk s13–s21).

include!(concat!(env!("OUT_DIR"), "/connectivity.rs"));
