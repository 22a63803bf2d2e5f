//! CI annotations: GitHub Actions workflow commands and Azure Pipelines
//! logging commands, one line per finding, so findings show on the pull
//! request's changed lines without uploading SARIF.
//!
//! Both are parsed by the CI runner from the job's log, so a name from an
//! input must neither end the command early nor start another: each value
//! is escaped the way the runner unescapes it, after every control
//! character is made visible.

use std::io::{self, Write};

use super::text::visible;
use super::{Location, Report};
use crate::rules::Severity;

/// `::error file=…,line=…,col=…,title=…::message` per finding (GitHub
/// Actions); unknowns as notices, since they fail nothing.
pub fn write_github(report: &Report, out: &mut impl Write) -> io::Result<()> {
    for f in report.findings.iter() {
        let level = match f.severity {
            Severity::Critical | Severity::High => "error",
            Severity::Medium => "warning",
            Severity::Low | Severity::Info => "notice",
        };
        github_command(
            out,
            level,
            &f.location,
            &format!("{} {} ({})", f.code, f.name, f.severity),
            &format!("{} — {}", f.message, f.remediation),
        )?;
    }
    for u in report.unknown.iter() {
        github_command(
            out,
            "notice",
            &u.location,
            &format!("{} {} (unknown)", u.code, u.name),
            &format!("{}: {}", u.resource.name, u.reason),
        )?;
    }
    Ok(())
}

fn github_command(
    out: &mut impl Write,
    level: &str,
    at: &Location,
    title: &str,
    message: &str,
) -> io::Result<()> {
    writeln!(
        out,
        "::{level} file={},line={},col={},title={}::{}",
        github_property(at.file),
        at.line,
        at.column,
        github_property(title),
        github_data(message)
    )
}

/// A command's message, as `@actions/core` escapes it.
fn github_data(text: &str) -> String {
    visible(text)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A command's property value, which also must not hold `:` or `,`.
fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// `##vso[task.logissue type=…;sourcepath=…;linenumber=…;columnnumber=…;code=…]message`
/// per finding (Azure Pipelines); critical and high are errors, the rest
/// warnings (the command has no lower level).
pub fn write_azure(report: &Report, out: &mut impl Write) -> io::Result<()> {
    for f in report.findings.iter() {
        let kind = match f.severity {
            Severity::Critical | Severity::High => "error",
            Severity::Medium | Severity::Low | Severity::Info => "warning",
        };
        writeln!(
            out,
            "##vso[task.logissue type={kind};sourcepath={};linenumber={};columnnumber={};code={};]{}",
            azure_escape(f.location.file),
            f.location.line,
            f.location.column,
            f.code,
            azure_escape(&format!(
                "{} ({}): {} — {}",
                f.code, f.severity, f.message, f.remediation
            ))
        )?;
    }
    Ok(())
}

/// A logging command's value or message, as the Azure Pipelines agent
/// unescapes it: `%` first, then what would end a property or the command.
fn azure_escape(text: &str) -> String {
    visible(text)
        .replace('%', "%AZP25")
        .replace(';', "%3B")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
        .replace(']', "%5D")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_values_cannot_end_or_start_a_command() {
        let name = "a,b:c%\n::error::forged";
        let property = github_property(name);
        assert!(!property.contains([',', ':', '\n']), "{property}");
        let data = github_data(name);
        assert!(!data.contains('\n') && data.contains("%25"), "{data}");
    }

    #[test]
    fn azure_values_cannot_end_or_start_a_command() {
        let escaped = azure_escape("x;y]z%\n##vso[task.complete result=Succeeded]");
        assert!(!escaped.contains([';', ']', '\n']), "{escaped}");
        assert!(escaped.contains("%AZP25"), "{escaped}");
    }
}
