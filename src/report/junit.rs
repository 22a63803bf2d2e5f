//! JUnit XML for CI test tabs: one suite per pillar, a failing test case per
//! finding (rule and resource), an aggregate passing case per rule, unknown
//! and suppressed verdicts as skipped cases that say why.
//!
//! Written event by event with quick-xml, so a report of many findings is
//! never held a second time as a tree of test cases.

use std::io::{self, Write};

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::text::visible;
use super::{ControlStatus, FrameworkSection, Location, Report};
use crate::rules::{self, Pillar, Tally};

/// One pillar's counts, which its suite's attributes carry up front.
#[derive(Default, Clone, Copy)]
struct Counts {
    tests: usize,
    failures: usize,
    skipped: usize,
}

pub fn write(report: &Report, out: &mut impl Write) -> io::Result<()> {
    let tallies = report.tallies;
    let pillar_of = |code: &str| rules::find(code).map(|r| r.meta.pillar);
    let passing = |pillar: Pillar| {
        tallies
            .iter()
            .filter(move |(code, t)| t.passed > 0 && pillar_of(code) == Some(pillar))
    };
    let counts = Pillar::ALL.map(|pillar| {
        let failures = report
            .findings
            .iter()
            .filter(|f| f.pillar == pillar)
            .count();
        let skipped = report.unknown.iter().filter(|u| u.pillar == pillar).count()
            + report
                .suppressed
                .iter()
                .filter(|s| s.pillar == pillar)
                .count();
        Counts {
            tests: failures + skipped + passing(pillar).count(),
            failures,
            skipped,
        }
    });
    // With `--framework`: a suite per framework, a case per control.
    let control_counts: Vec<Counts> = report
        .frameworks
        .iter()
        .map(|section| {
            let with = |wanted: &[ControlStatus]| {
                section
                    .controls
                    .iter()
                    .filter(|c| wanted.contains(&c.status))
                    .count()
            };
            Counts {
                tests: section.controls.len(),
                failures: with(&[ControlStatus::Fail]),
                skipped: section.controls.len()
                    - with(&[
                        ControlStatus::Fail,
                        ControlStatus::Pass,
                        ControlStatus::NotApplicable,
                    ]),
            }
        })
        .collect();
    let total = counts
        .iter()
        .chain(&control_counts)
        .fold(Counts::default(), |sum, c| Counts {
            tests: sum.tests + c.tests,
            failures: sum.failures + c.failures,
            skipped: sum.skipped + c.skipped,
        });

    let mut xml = Writer::new_with_indent(out, b' ', 4);
    xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let total = total.attributes();
    xml.create_element("testsuites")
        .with_attribute(("name", "chanto"))
        .with_attributes(pairs(&total))
        .write_inner_content(|xml| {
            for (pillar, counts) in Pillar::ALL.into_iter().zip(counts) {
                let counts = counts.attributes();
                xml.create_element("testsuite")
                    .with_attribute(("name", pillar.title()))
                    .with_attributes(pairs(&counts))
                    .write_inner_content(|xml| cases(xml, report, pillar, passing(pillar)))?;
            }
            for (section, counts) in report.frameworks.iter().zip(&control_counts) {
                let counts = counts.attributes();
                xml.create_element("testsuite")
                    .with_attribute(("name", section.title))
                    .with_attributes(pairs(&counts))
                    .write_inner_content(|xml| controls(xml, section))?;
            }
            Ok(())
        })?;
    xml.write_indent()
}

/// One pillar's test cases: a failure per finding, a skipped case per
/// unknown or suppressed verdict, a passing case per rule that passed.
fn cases<'t, W: Write>(
    xml: &mut Writer<W>,
    report: &Report,
    pillar: Pillar,
    passing: impl Iterator<Item = &'t (&'static str, Tally)>,
) -> io::Result<()> {
    for f in report.findings.iter().filter(|f| f.pillar == pillar) {
        let message = format!(
            "{} [{}] {}",
            f.code,
            f.severity.as_str(),
            visible(f.message)
        );
        let description = format!("{}\nfix: {}", at(&f.location), f.remediation);
        case(xml, f.code, &f.resource.name).write_inner_content(|xml| {
            xml.create_element("failure")
                .with_attribute(("message", message.as_str()))
                .with_attribute(("type", f.severity.as_str()))
                .write_text_content(BytesText::new(&description))?;
            Ok(())
        })?;
    }
    for u in report.unknown.iter().filter(|u| u.pillar == pillar) {
        let message = format!("unknown: {} ({})", visible(u.reason), at(&u.location));
        skipped(xml, u.code, &u.resource.name, &message)?;
    }
    for s in report.suppressed.iter().filter(|s| s.pillar == pillar) {
        let message = format!("suppressed: {} ({})", visible(s.reason), at(&s.location));
        skipped(xml, s.code, &s.resource.name, &message)?;
    }
    for (code, tally) in passing {
        let name = format!("{} resource(s) pass", tally.passed);
        case(xml, code, &name).write_empty()?;
    }
    Ok(())
}

/// One framework's test cases: a failure per failing control, a skipped
/// case per control the scan could not decide or no rule answers.
fn controls<W: Write>(xml: &mut Writer<W>, section: &FrameworkSection) -> io::Result<()> {
    for c in &section.controls {
        let name = format!("{} {}", visible(&c.id), visible(&c.title));
        let testcase = xml
            .create_element("testcase")
            .with_attribute(("name", name.as_str()))
            .with_attribute((
                "classname",
                format!("chanto.{}", section.framework).as_str(),
            ));
        let message = format!(
            "{} ({})",
            c.status,
            c.reason
                .as_deref()
                .map_or_else(|| c.rules.join(" "), visible_owned)
        );
        match c.status {
            ControlStatus::Pass | ControlStatus::NotApplicable => {
                testcase.write_empty()?;
            }
            ControlStatus::Fail => {
                testcase.write_inner_content(|xml| {
                    xml.create_element("failure")
                        .with_attribute(("message", message.as_str()))
                        .write_empty()?;
                    Ok(())
                })?;
            }
            _ => {
                testcase.write_inner_content(|xml| {
                    xml.create_element("skipped")
                        .with_attribute(("message", message.as_str()))
                        .write_empty()?;
                    Ok(())
                })?;
            }
        }
    }
    Ok(())
}

fn visible_owned(text: &str) -> String {
    visible(text).into_owned()
}

impl Counts {
    /// The counting attributes of `testsuites` and `testsuite`.
    fn attributes(self) -> [(&'static str, String); 4] {
        [
            ("tests", self.tests.to_string()),
            ("skipped", self.skipped.to_string()),
            ("failures", self.failures.to_string()),
            ("errors", "0".to_string()),
        ]
    }
}

fn pairs<'a>(attributes: &'a [(&'static str, String)]) -> impl Iterator<Item = (&'a str, &'a str)> {
    attributes
        .iter()
        .map(|(name, value)| (*name, value.as_str()))
}

fn case<'w, W: Write>(
    xml: &'w mut Writer<W>,
    code: &str,
    resource: &str,
) -> quick_xml::writer::ElementWriter<'w, W> {
    xml.create_element("testcase")
        .with_attribute(("name", format!("{code} {}", visible(resource)).as_str()))
        .with_attribute(("classname", format!("chanto.{code}").as_str()))
}

fn skipped<W: Write>(
    xml: &mut Writer<W>,
    code: &str,
    resource: &str,
    message: &str,
) -> io::Result<()> {
    case(xml, code, resource).write_inner_content(|xml| {
        xml.create_element("skipped")
            .with_attribute(("message", message))
            .write_empty()?;
        Ok(())
    })?;
    Ok(())
}

fn at(location: &Location) -> String {
    format!("{}:{}", visible(location.file), location.line)
}
