//! The stable machine-readable contract (`schema: chanto/v1`).

use std::io::{self, Write};

use super::Report;

/// Streams the report to `out`, so a large report is never held twice.
pub fn write(report: &Report, out: &mut impl Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report).map_err(io::Error::from)?;
    out.write_all(b"\n")
}
