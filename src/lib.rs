//! chanto: security posture for managed Kubernetes, AKS first.
//!
//! The flow runs one way: [`load`] discovers and parses inputs into the
//! normalised [`model`]; [`rules`] judge the model; [`policy`] applies the
//! organisation's suppressions and requirements; [`report`] renders the
//! results. [`scan`] ties the stages together and [`cli`] is the command
//! line.
//!
//! As a library, the front door is small and documented:
//!
//! ```no_run
//! use chanto::report::{self, Format, RenderOptions, Report};
//! use chanto::scan::{ScanOptions, scan};
//!
//! let options = ScanOptions::new(vec!["infra/".into()], "2026-11-28".parse().unwrap());
//! let result = scan(&options);
//! let report = Report::new(&result);
//! report::write(Format::Json, &report, &RenderOptions::default(), &mut std::io::stdout())
//!     .unwrap();
//! ```
//!
//! [`model`] and [`rules`] are public so that a result can be read in full
//! (every finding names its rule's metadata and its subject in the model);
//! the parsers, adapters and data tables are not.

pub mod cli;
pub(crate) mod data;
pub mod load;
pub mod model;
pub mod policy;
pub mod report;
pub mod rules;
pub mod scan;
