//! JUnit XML for CI test tabs: one suite per pillar, a failing test case per
//! finding (rule and resource), an aggregate passing case per rule, unknown
//! and suppressed verdicts as skipped cases that say why.

use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, TestSuite};

use super::{Location, Report};
use crate::rules::{self, Pillar};
use crate::scan::Tally;

pub fn render(report: &Report, tallies: &[(&'static str, Tally)]) -> String {
    let mut junit = quick_junit::Report::new("chanto");
    for pillar in Pillar::ALL {
        let mut suite = TestSuite::new(pillar.title());
        for f in report.findings.iter().filter(|f| f.pillar == pillar) {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status
                .set_message(format!(
                    "{} [{}] {}",
                    f.code,
                    f.severity.as_str(),
                    f.message
                ))
                .set_type(f.severity.as_str())
                .set_description(format!("{}\nfix: {}", at(&f.location), f.remediation));
            suite.add_test_case(case(f.code, &f.resource.name, status));
        }
        for u in report.unknown.iter().filter(|u| u.pillar == pillar) {
            let mut status = TestCaseStatus::skipped();
            status.set_message(format!("unknown: {} ({})", u.reason, at(&u.location)));
            suite.add_test_case(case(u.code, &u.resource.name, status));
        }
        for s in report.suppressed.iter().filter(|s| s.pillar == pillar) {
            let mut status = TestCaseStatus::skipped();
            status.set_message(format!("suppressed: {} ({})", s.reason, at(&s.location)));
            suite.add_test_case(case(s.code, &s.resource.name, status));
        }
        for (code, tally) in tallies.iter().filter(|(_, t)| t.passed > 0) {
            if rules::find(code).is_some_and(|r| r.meta().pillar == pillar) {
                let name = format!("{} resource(s) pass", tally.passed);
                suite.add_test_case(case(code, &name, TestCaseStatus::success()));
            }
        }
        junit.add_test_suite(suite);
    }
    junit.to_string().unwrap_or_default()
}

fn case(code: &str, resource: &str, status: TestCaseStatus) -> TestCase {
    let mut case = TestCase::new(format!("{code} {resource}"), status);
    case.set_classname(format!("chanto.{code}"));
    case
}

fn at(location: &Location) -> String {
    format!("{}:{}", location.file, location.line)
}
