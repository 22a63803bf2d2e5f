//! chanto: security posture for managed Kubernetes, AKS first.
//!
//! The flow runs one way: [`load`] discovers and parses inputs into the
//! normalised [`model`]; [`rules`] evaluate the model; [`policy`] applies the
//! organisation's suppressions; [`report`] renders the results. [`scan`] ties the stages together and [`cli`] is the command line.

pub mod cli;
pub mod data;
pub mod load;
pub mod model;
pub mod policy;
pub mod report;
pub mod rules;
pub mod scan;
