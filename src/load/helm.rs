//! Helm charts: a folder with a `Chart.yaml` is rendered with `helm
//! template` when a `helm` binary is there (its templates are Go templates,
//! never YAML to parse), and rendered output — from the binary, standard
//! input or a file — is split on the `# Source:` comments Helm writes, so
//! each object is read as part of the template that made it, at its line
//! within the rendered document.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::normalise;

/// The file that makes a folder a chart.
const CHART_FILE: &str = "Chart.yaml";

/// The comment `helm template` writes above each rendered document.
const SOURCE: &str = "# Source: ";

/// Names the `helm` binary to run; without it, `helm` from `PATH`.
pub const HELM_ENV: &str = "CHANTO_HELM";

/// How a chart is rendered: the values files and `--set` assignments the
/// command line gives, after the chart's own `values.yaml`.
#[derive(Debug, Clone)]
pub struct HelmOptions {
    pub values: Vec<PathBuf>,
    pub set: Vec<String>,
    /// The `helm` to run; without it, the one `CHANTO_HELM` names, else
    /// `helm` from `PATH`.
    pub binary: Option<PathBuf>,
    /// How long `helm template` may run: a chart renders in seconds, so
    /// past this it is stuck, is stopped, and the scan goes on without it.
    pub timeout: std::time::Duration,
}

impl Default for HelmOptions {
    fn default() -> Self {
        HelmOptions {
            values: Vec::new(),
            set: Vec::new(),
            binary: None,
            timeout: std::time::Duration::from_secs(120),
        }
    }
}

/// The chart folders among `files` that are not inside another chart (a
/// subchart in `charts/` is rendered with its parent).
pub(super) fn charts<'p>(files: impl Iterator<Item = &'p Path>) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = files
        .filter(|p| p.file_name().is_some_and(|n| n == CHART_FILE))
        .map(|p| normalise(p.parent().unwrap_or(Path::new("."))))
        .collect();
    dirs.sort();
    dirs.dedup();
    let nested: Vec<bool> = dirs
        .iter()
        .map(|d| dirs.iter().any(|o| o != d && d.starts_with(o)))
        .collect();
    dirs.into_iter()
        .zip(nested)
        .filter(|(_, nested)| !nested)
        .map(|(d, _)| d)
        .collect()
}

/// Whether a file belongs to one of `charts` (its templates, values and
/// subcharts are the chart's, not manifests).
pub(super) fn in_chart(charts: &[PathBuf], path: &Path) -> bool {
    !charts.is_empty() && {
        let path = normalise(path);
        charts.iter().any(|c| path.starts_with(c))
    }
}

/// Why a chart was not rendered.
pub(super) enum NotRendered {
    /// No `helm` binary to run.
    NoHelm,
    /// `helm template` failed, with what it said.
    Failed(String),
}

/// `helm template` of the chart in `dir`: its standard output, up to
/// `max_size` bytes.
pub(super) fn render(
    dir: &Path,
    options: &HelmOptions,
    max_size: u64,
) -> Result<String, NotRendered> {
    let helm = options
        .binary
        .clone()
        .map(Into::into)
        .or_else(|| std::env::var_os(HELM_ENV))
        .unwrap_or_else(|| "helm".into());
    let mut command = Command::new(helm);
    // A folder named like a flag (`--set`) must stay the chart's path.
    let chart = if dir.is_relative() {
        Path::new(".").join(dir)
    } else {
        dir.to_path_buf()
    };
    command.arg("template").arg(chart);
    for values in &options.values {
        command.arg("--values").arg(values);
    }
    for set in &options.set {
        command.arg("--set").arg(set);
    }
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => NotRendered::NoHelm,
            _ => NotRendered::Failed(e.to_string()),
        })?;
    // Read both pipes beside the wait, so a chart that prints much cannot
    // block helm, and a helm that never ends is stopped.
    let limit = max_size.saturating_add(1);
    let out = child.stdout.take().map(|out| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let mut out = out;
            let _ = (&mut out).take(limit).read_to_end(&mut bytes);
            // Past the limit the rest is drained, not kept, so helm can
            // finish and the size is reported rather than a hang.
            let _ = std::io::copy(&mut out, &mut std::io::sink());
            bytes
        })
    });
    let err = child.stderr.take().map(|err| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = err.take(64 * 1024).read_to_string(&mut text);
            text
        })
    });
    let deadline = std::time::Instant::now() + options.timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(NotRendered::Failed(format!(
                    "helm template did not finish within {} s; stopped",
                    options.timeout.as_secs()
                )));
            }
            Err(e) => return Err(NotRendered::Failed(e.to_string())),
        }
    };
    let stdout = out.and_then(|t| t.join().ok()).unwrap_or_default();
    let stderr = err.and_then(|t| t.join().ok()).unwrap_or_default();
    if !status.success() {
        let said = stderr
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no message");
        return Err(NotRendered::Failed(format!("helm template failed: {said}")));
    }
    if u64::try_from(stdout.len()).unwrap_or(u64::MAX) > max_size {
        return Err(NotRendered::Failed(
            "helm template printed more than --max-file-size".to_string(),
        ));
    }
    String::from_utf8(stdout)
        .map_err(|_| NotRendered::Failed("helm template printed non-UTF-8 text".into()))
}

/// Whether YAML text is Helm's rendered output: a document that opens with
/// a `# Source:` comment.
pub(super) fn is_rendered(text: &str) -> bool {
    // One substring search rejects every other manifest before the split.
    text.contains(SOURCE.trim_end()) && documents(text).any(|d| d.source.is_some())
}

/// One document of a rendered stream.
#[derive(Debug, PartialEq)]
pub(super) struct Document<'t> {
    /// The template that made it (`chart/templates/x.yaml`), if Helm said.
    pub source: Option<&'t str>,
    /// The line of the stream the document's text starts on, 1-based.
    pub first_line: u32,
    /// The document's text, after its `# Source:` comment.
    pub text: &'t str,
}

/// The documents of a YAML stream, split on `---` lines; each one's
/// `# Source:` comment (before any content) names its template.
pub(super) fn documents(text: &str) -> impl Iterator<Item = Document<'_>> {
    let mut starts = vec![(0usize, 1u32)];
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        offset += line.len();
        if line.trim_end() == "---" {
            let next = u32::try_from(index + 2).unwrap_or(u32::MAX);
            starts.push((offset, next));
        }
    }
    let ends: Vec<usize> = starts
        .iter()
        .skip(1)
        .map(|(o, _)| *o)
        .chain([text.len()])
        .collect();
    starts
        .into_iter()
        .zip(ends)
        .filter_map(move |((start, line), end)| {
            let mut chunk = &text[start..end];
            // The separator that ends this document belongs to the next.
            if let Some(stripped) = chunk
                .strip_suffix("---\n")
                .or_else(|| chunk.strip_suffix("---\r\n"))
            {
                chunk = stripped;
            }
            let mut source = None;
            let mut first_line = line;
            let mut rest = chunk;
            // Comments and blank lines before the content: one may name the source.
            while let Some((head, tail)) = rest.split_once('\n') {
                let trimmed = head.trim();
                if let Some(name) = trimmed.strip_prefix(SOURCE.trim_end()).map(str::trim) {
                    source = Some(name).filter(|n| !n.is_empty());
                    rest = tail;
                    first_line = first_line.saturating_add(1);
                    break;
                }
                if trimmed.is_empty() || trimmed.starts_with('#') {
                    rest = tail;
                    first_line = first_line.saturating_add(1);
                    continue;
                }
                break;
            }
            (!rest.trim().is_empty()).then_some(Document {
                source,
                first_line,
                text: rest,
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_split_on_their_source_comments() {
        let stream = "---\n# Source: web/templates/sa.yaml\napiVersion: v1\nkind: ServiceAccount\n---\n# Source: web/templates/deploy.yaml\napiVersion: apps/v1\nkind: Deployment\n";
        let docs: Vec<Document> = documents(stream).collect();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].source, Some("web/templates/sa.yaml"));
        assert_eq!(docs[0].first_line, 3);
        assert!(docs[0].text.starts_with("apiVersion: v1\n"));
        assert_eq!(docs[1].source, Some("web/templates/deploy.yaml"));
        assert_eq!(docs[1].first_line, 7);
        assert!(is_rendered(stream));
        assert!(!is_rendered(
            "apiVersion: v1\nkind: Pod\n# Source: not first\n"
        ));
    }

    #[test]
    fn only_charts_outside_other_charts_are_rendered() {
        let files = [
            Path::new("repo/web/Chart.yaml"),
            Path::new("repo/web/charts/db/Chart.yaml"),
            Path::new("repo/web/templates/x.yaml"),
            Path::new("repo/api/Chart.yaml"),
        ];
        let charts = charts(files.into_iter());
        assert_eq!(
            charts,
            [PathBuf::from("repo/api"), PathBuf::from("repo/web")]
        );
        assert!(in_chart(&charts, Path::new("repo/web/templates/x.yaml")));
        assert!(!in_chart(&charts, Path::new("repo/webapp/x.yaml")));
    }
}
