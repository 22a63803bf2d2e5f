//! One self-contained HTML file: the talk's architecture as inline SVG, each
//! component coloured by its worst finding, a findings list with filters,
//! the policy verdicts and the scan's inputs. Nothing is fetched.
//!
//! The page is a fixed template; all scan data is embedded once as JSON and
//! rendered by the page's own script with `textContent`, so nothing from an
//! input (a resource named `<script>`) can become markup.

use std::io::{self, Write};

use serde::Serialize;

use super::Report;
use super::text::is_invisible_control;

const TEMPLATE: &str = include_str!("html/report.html");
const PLACEHOLDER: &str = "/*CHANTO_DATA*/";

#[derive(Serialize)]
struct Data<'r, 'a> {
    report: &'r Report<'a>,
    /// The files and folders the scan was given.
    inputs: &'r [String],
}

pub fn write(report: &Report, inputs: &[String], out: &mut impl Write) -> io::Result<()> {
    let (head, tail) = TEMPLATE.split_once(PLACEHOLDER).unwrap_or((TEMPLATE, ""));
    out.write_all(head.as_bytes())?;
    serde_json::to_writer(ScriptSafe(&mut *out), &Data { report, inputs })
        .map_err(io::Error::from)?;
    out.write_all(tail.as_bytes())
}

/// Inside `<script>`, only `<` can end the element early (`</script>`); in
/// JSON it can only occur within strings, where `\u003c` means the same.
/// Characters HTML calls parse errors or that act instead of showing (C1
/// controls, DEL, noncharacters, line separators, bidirectional overrides)
/// are escaped the same way, so the page's bytes carry none of them.
struct ScriptSafe<W>(W);

fn needs_script_escape(c: char) -> bool {
    c == '<' || is_invisible_control(c)
}

impl<W: Write> Write for ScriptSafe<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // serde_json writes whole characters, so a valid buffer is the rule.
        let Ok(text) = std::str::from_utf8(buf) else {
            self.0.write_all(buf)?;
            return Ok(buf.len());
        };
        let mut start = 0;
        for (i, c) in text.char_indices() {
            if needs_script_escape(c) {
                self.0.write_all(&buf[start..i])?;
                write!(self.0, "\\u{:04x}", u32::from(c))?;
                start = i + c.len_utf8();
            }
        }
        self.0.write_all(&buf[start..])?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_safe_escapes_every_angle_bracket_and_nothing_else() {
        let mut out = Vec::new();
        ScriptSafe(&mut out)
            .write_all(b"{\"n\":\"</script><b>\"}")
            .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"n":"\u003c/script>\u003cb>"}"#
        );
    }

    #[test]
    fn script_safe_escapes_what_acts_instead_of_showing() {
        let mut out = Vec::new();
        ScriptSafe(&mut out)
            .write_all("{\"n\":\"a\u{85}\u{202e}\u{ffff}é\"}".as_bytes())
            .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"n":"a\u0085\u202e\uffffé"}"#
        );
    }

    #[test]
    fn the_template_has_its_placeholder_once() {
        assert_eq!(super::TEMPLATE.matches(super::PLACEHOLDER).count(), 1);
    }
}
