//! The stable machine-readable contract (`schema: chanto/v1`).

use super::Report;

pub fn render(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).unwrap_or_else(|e| {
        // Serialising plain data structs cannot fail; say so if it ever does.
        format!("{{\"error\": \"could not serialise the report: {e}\"}}")
    });
    text.push('\n');
    text
}
