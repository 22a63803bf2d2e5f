//! One self-contained HTML file: the talk's architecture as inline SVG, each
//! component coloured by its worst finding, a findings list with filters,
//! the policy verdicts and the scan's inputs. Nothing is fetched.
//!
//! The page is a fixed template; all scan data is embedded once as JSON and
//! rendered by the page's own script with `textContent`, so nothing from an
//! input (a resource named `<script>`) can become markup.

use serde::Serialize;

use super::Report;

const TEMPLATE: &str = include_str!("html/report.html");
const PLACEHOLDER: &str = "/*CHANTO_DATA*/";

#[derive(Serialize)]
struct Data<'a> {
    report: &'a Report<'a>,
    /// The files and folders the scan was given.
    inputs: &'a [String],
}

pub fn render(report: &Report, inputs: &[String]) -> String {
    let json = serde_json::to_string(&Data { report, inputs }).unwrap_or_else(|_| "{}".to_string());
    // Inside <script>, only `<` can end the element early (`</script>`); in
    // JSON it can only occur within strings, where `\u003c` means the same.
    TEMPLATE.replace(PLACEHOLDER, &json.replace('<', "\\u003c"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_template_has_its_placeholder_once() {
        assert_eq!(super::TEMPLATE.matches(super::PLACEHOLDER).count(), 1);
    }
}
