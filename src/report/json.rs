//! The stable machine-readable contract (`schema: chanto/v1`).

use std::io::{self, Write};

use super::Report;

/// Streams the report to `out`, so a large report is never held twice.
pub fn write(report: &Report, out: &mut impl Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

pub fn render(report: &Report) -> String {
    let mut buffer = Vec::new();
    // Writing into memory can't fail; the report holds only plain data.
    let _ = write(report, &mut buffer);
    String::from_utf8(buffer).unwrap_or_default()
}
