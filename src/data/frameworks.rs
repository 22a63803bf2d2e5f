//! What each rule answers in the frameworks auditors and peers use: the CIS
//! AKS Benchmark, the CIS Kubernetes Benchmark, the Microsoft cloud security
//! benchmark, Azure Policy built-ins, and the checks of Checkov, kubescape
//! and Trivy. Kept as tab-separated data files (`data/frameworks/`) with
//! their sources; a line is one control and its answer.

use std::fmt;

/// A framework chanto maps its rules to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Framework {
    CisAks,
    CisKubernetes,
    Mcsb,
    AzurePolicy,
    Checkov,
    Kubescape,
    Trivy,
}

impl Framework {
    /// The name users type (`--framework cis-aks`).
    pub fn name(self) -> &'static str {
        match self {
            Framework::CisAks => "cis-aks",
            Framework::CisKubernetes => "cis-kubernetes",
            Framework::Mcsb => "mcsb",
            Framework::AzurePolicy => "azure-policy",
            Framework::Checkov => "checkov",
            Framework::Kubescape => "kubescape",
            Framework::Trivy => "trivy",
        }
    }

    /// What it is, with the version mapped.
    pub fn title(self) -> &'static str {
        match self {
            Framework::CisAks => "CIS Azure Kubernetes Service (AKS) Benchmark v1.8.0",
            Framework::CisKubernetes => "CIS Kubernetes Benchmark v1.10.0 (policies, section 5)",
            Framework::Mcsb => "Microsoft cloud security benchmark v1",
            Framework::AzurePolicy => "Azure Policy built-in definitions for AKS",
            Framework::Checkov => "Checkov checks that apply to AKS",
            Framework::Kubescape => "kubescape controls that apply to AKS",
            Framework::Trivy => "Trivy checks that apply to AKS",
        }
    }

    /// Whether the tables list every control of the framework (the CIS AKS
    /// Benchmark, the peers' in-scope checks), not only those rules answer.
    pub fn lists_every_control(self) -> bool {
        self == Framework::CisAks || self.is_peer()
    }

    /// Whether the framework is a peer tool's list of checks.
    pub fn is_peer(self) -> bool {
        matches!(
            self,
            Framework::Checkov | Framework::Kubescape | Framework::Trivy
        )
    }
}

impl fmt::Display for Framework {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How chanto answers a control.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "value")]
pub enum Answer {
    /// The rules whose verdicts decide it.
    Rules(Vec<String>),
    /// No rule answers it, and why (a check only a live node or vulnerability
    /// data can answer, a control on files AKS owns).
    NotAnswered(String),
}

/// One control of a framework, with its answer.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Control {
    pub framework: Framework,
    pub id: String,
    /// The section a benchmark groups it under, where it has one.
    pub section: String,
    pub title: String,
    pub answer: Answer,
}

impl Control {
    /// The rules that answer it (none when not answered).
    pub fn rules(&self) -> &[String] {
        match &self.answer {
            Answer::Rules(codes) => codes,
            Answer::NotAnswered(_) => &[],
        }
    }
}

/// Every control of every framework, in file order.
#[derive(Debug)]
pub struct Frameworks {
    controls: Vec<Control>,
}

impl Frameworks {
    /// Reads the embedded tables.
    pub fn parse(
        cis_aks: &str,
        peers: &str,
        rules: &str,
        azure_policy: &str,
        titles: &str,
    ) -> Result<Frameworks, String> {
        let mut controls = Vec::new();
        for fields in rows(cis_aks, 4)? {
            controls.push(Control {
                framework: Framework::CisAks,
                id: fields[0].to_string(),
                section: fields[1].to_string(),
                title: fields[2].to_string(),
                answer: answer(fields[3])?,
            });
        }
        for fields in rows(peers, 4)? {
            let framework = match fields[0] {
                "checkov" => Framework::Checkov,
                "kubescape" => Framework::Kubescape,
                "trivy" => Framework::Trivy,
                other => return Err(format!("unknown peer {other:?}")),
            };
            controls.push(Control {
                framework,
                id: fields[1].to_string(),
                section: String::new(),
                title: fields[2].to_string(),
                answer: answer(fields[3])?,
            });
        }
        // The other frameworks are listed rule by rule: turn them around.
        let policy_names: Vec<Vec<&str>> = rows(azure_policy, 2)?;
        let titles: Vec<Vec<&str>> = rows(titles, 3)?;
        let mut inverse: Vec<(Framework, String, String)> = Vec::new();
        for fields in rows(rules, 4)? {
            let code = fields[0];
            for (framework, cell) in [
                (Framework::Mcsb, fields[1]),
                (Framework::CisKubernetes, fields[2]),
                (Framework::AzurePolicy, fields[3]),
            ] {
                for id in cell.split(';').filter(|id| *id != "-") {
                    inverse.push((framework, id.to_string(), code.to_string()));
                }
            }
        }
        inverse.sort();
        for (framework, id, code) in inverse {
            match controls
                .iter_mut()
                .find(|c| c.framework == framework && c.id == id)
            {
                Some(Control {
                    answer: Answer::Rules(codes),
                    ..
                }) => codes.push(code),
                _ => {
                    let title = match framework {
                        Framework::AzurePolicy => policy_names
                            .iter()
                            .find(|n| n[0] == id)
                            .map(|n| n[1].to_string())
                            .ok_or_else(|| format!("Azure Policy {id} has no name"))?,
                        _ => titles
                            .iter()
                            .find(|t| t[0] == framework.name() && t[1] == id)
                            .map(|t| t[2].to_string())
                            .ok_or_else(|| format!("{framework} {id} has no title"))?,
                    };
                    controls.push(Control {
                        framework,
                        id,
                        section: String::new(),
                        title,
                        answer: Answer::Rules(vec![code]),
                    });
                }
            }
        }
        Ok(Frameworks { controls })
    }

    /// The controls of one framework, in its order.
    pub fn controls(&self, framework: Framework) -> impl Iterator<Item = &Control> {
        self.controls
            .iter()
            .filter(move |c| c.framework == framework)
    }

    /// Every control a rule answers, framework by framework.
    pub fn of_rule<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Control> + 'a {
        self.controls
            .iter()
            .filter(move |c| c.rules().iter().any(|r| r == code))
    }

    /// A peer check by its ID (`CKV_K8S_20`, `KSV-0014`, `C-0017`), as
    /// users write it in suppressions; case-insensitive.
    pub fn peer_check(&self, id: &str) -> Option<&Control> {
        self.controls
            .iter()
            .find(|c| c.framework.is_peer() && c.id.eq_ignore_ascii_case(id))
    }
}

/// The rows of a tab-separated table without its `#` comments, each with
/// `width` fields.
fn rows(text: &str, width: usize) -> Result<Vec<Vec<&str>>, String> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let fields: Vec<&str> = l.split('\t').collect();
            if fields.len() == width {
                Ok(fields)
            } else {
                Err(format!("{} fields instead of {width}: {l}", fields.len()))
            }
        })
        .collect()
}

/// `CL215 CL216`, or `out of scope: why` / `not answered: why`.
fn answer(cell: &str) -> Result<Answer, String> {
    if let Some(why) = cell
        .strip_prefix("out of scope: ")
        .or_else(|| cell.strip_prefix("not answered: "))
    {
        return Ok(Answer::NotAnswered(why.to_string()));
    }
    let codes: Vec<String> = cell.split(' ').map(String::from).collect();
    if codes.iter().any(|c| {
        c.len() != 5 || !c.starts_with(['C', 'A']) || !c[2..].bytes().all(|b| b.is_ascii_digit())
    }) {
        return Err(format!("not rule codes: {cell:?}"));
    }
    Ok(Answer::Rules(codes))
}
