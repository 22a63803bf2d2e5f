//! The `chanto` command line: argument parsing and output, nothing else.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use crate::data::{self, Answer, Control, Framework};
use crate::load::{HelmOptions, LoadOptions};
use crate::policy::PolicyOptions;
use crate::policy::config;
use crate::report::{self, Format, RenderOptions, Report, TableOptions};
use crate::rules::{self, PodSecurityProfile, Severity};
use crate::scan::{self, RuleOverrides, ScanOptions, Selection};

mod progress;

/// Exit codes a CI can gate on.
pub mod exit {
    /// Nothing at or above `--fail-on`.
    pub const CLEAN: u8 = 0;
    /// Findings at or above `--fail-on`.
    pub const FINDINGS: u8 = 1;
    /// A usage error, or an input that could not be read.
    pub const ERROR: u8 = 2;
}

#[derive(Debug, Parser)]
#[command(
    name = "chanto",
    version,
    about = "Security posture for managed Kubernetes (AKS first), in three pillars: connectivity, cluster, auth",
    long_about = "chanto (ちゃんと, \"properly\") reads what describes an AKS cluster and what it talks \
to — `az aks show` / `az aks list` JSON, ARM/REST resources, ARM templates, Azure Resource Graph \
exports, Terraform (.tf folders and plan JSON) and Kubernetes manifests, for the cluster and its \
registry, storage, Key Vault, databases, firewall and network — and reports what is exposed, in three pillars: Connectivity, Cluster and \
Auth. Every finding names the rule, who owns the fix, and the file and line of the field that \
decides it.",
    after_help = "Examples:\n  chanto scan examples/first-cluster\n  chanto scan examples/secure-baseline   # a cluster with its firewall, registry and Key Vault\n  az aks show -g rg -n aks -o json > aks.json && chanto scan aks.json --format json\n  chanto scan infra/ --select CN,AU1 --fail-on medium\n  chanto scan terraform/envs/prod --var-file prod.tfvars\n  chanto scan examples/kustomize         # overlays built as kustomize builds them\n  chanto scan main.bicep --parameters prod.bicepparam\n  helm template charts/web | chanto scan -\n  chanto baseline write chanto-baseline.json infra/   # accept today's findings\n  chanto scan infra/ --baseline chanto-baseline.json  # then fail only on new ones\n  chanto scan infra/ --format github --output sarif=chanto.sarif   # in GitHub Actions\n  chanto explain CN101\n\nExit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage error or unreadable input."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,

    /// When to colour the output: auto (a terminal, unless NO_COLOR is set;
    /// FORCE_COLOR or CLICOLOR_FORCE force it), always or never
    #[arg(long, value_enum, ignore_case = true, global = true, default_value_t = ColorArg::Auto)]
    color: ColorArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

impl ColorArg {
    /// The choice for every stream: `auto` defers to the terminal and to
    /// `NO_COLOR` / `CLICOLOR_FORCE` (anstream reads them), and honours
    /// `FORCE_COLOR` too, as many CI systems set it.
    fn choice(self) -> anstream::ColorChoice {
        let forced = std::env::var_os("FORCE_COLOR")
            .is_some_and(|v| !v.is_empty() && v != "0" && v != "false");
        match self {
            ColorArg::Always => anstream::ColorChoice::Always,
            ColorArg::Never => anstream::ColorChoice::Never,
            ColorArg::Auto if forced => anstream::ColorChoice::Always,
            ColorArg::Auto => anstream::ColorChoice::Auto,
        }
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Scan files and folders for clusters, Azure resources and manifests, and report findings
    Scan(ScanArgs),
    /// List every rule with its pillar, severity and kind; with
    /// `--framework`, every control of a benchmark or peer tool with the rules
    /// that answer it
    Rules {
        #[arg(long, short, value_enum, ignore_case = true, default_value_t = ListFormat::Table)]
        format: ListFormat,
        /// List a framework's controls instead: cis-aks (CIS AKS Benchmark
        /// v1.8.0), cis-kubernetes, mcsb (Microsoft cloud security
        /// benchmark), azure-policy, or a peer's checks: checkov, kubescape,
        /// trivy
        #[arg(long, value_enum, ignore_case = true, value_name = "NAME")]
        framework: Option<FrameworkArg>,
    },
    /// Print a rule's documentation: what it checks, why, how to fix it, what the fix costs
    Explain {
        /// A rule code or name, e.g. CN101 or api-server-open-to-internet
        code: String,
    },
    /// Write a commented starter chanto.yaml with the talk's six company rules
    Init {
        /// Where to write it
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Overwrite an existing chanto.yaml
        #[arg(long)]
        force: bool,
    },
    /// Show each requirement, the features that answer it and the rules that
    /// decide it; given paths, judge each one on them
    Policy(PolicyArgs),
    /// Accept today's findings for now, so CI gates only new ones
    /// (`chanto scan --baseline FILE`)
    Baseline {
        #[command(subcommand)]
        action: BaselineAction,
    },
    /// Print a shell completion script: `chanto completions bash >
    /// /etc/bash_completion.d/chanto`, or zsh, fish, powershell, elvish
    Completions {
        /// The shell
        #[arg(value_enum, ignore_case = true)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `chanto man > /usr/local/share/man/man1/chanto.1`
    Man,
}

#[derive(Debug, clap::Args)]
struct PolicyArgs {
    /// Files or folders to judge the requirements on (optional)
    paths: Vec<PathBuf>,
    /// The organisation's policy file (default: chanto.yaml found as for scan)
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Judge support windows on this date (YYYY-MM-DD) instead of today
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<jiff::civil::Date>,
    /// Output format
    #[arg(long, short, value_enum, ignore_case = true, default_value_t = ListFormat::Table)]
    format: ListFormat,
    /// A Terraform variable file for every root module (as for scan)
    #[arg(long, value_name = "FILE", value_parser = regular_file)]
    var_file: Vec<PathBuf>,
}

/// What a scan reads and how it judges it: shared by `scan` and
/// `baseline write`, so a baseline is written from the same findings a
/// scan with the same arguments reports.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "What to scan and how to judge it")]
struct Inputs {
    /// Files or folders to scan. Folders are walked recursively, honouring
    /// .gitignore; their *.json, *.jsonc, *.yaml, *.yml and *.tf files are
    /// read and recognised by content. Files named here are read whatever their name;
    /// `-` is standard input (`az aks show … | chanto scan -`), and FIFOs and
    /// /dev/stdin are read as streams. Paths in the report are relative to
    /// --root.
    ///
    /// Default: the current folder, unless --azure or --kube is given.
    paths: Vec<PathBuf>,

    #[command(flatten)]
    live: LiveArgs,

    /// Run only rules whose code starts with one of these prefixes (CN, CL1, AU103)
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    select: Vec<String>,

    /// Skip rules whose code starts with one of these prefixes
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    ignore: Vec<String>,

    /// Judge version and OS support windows on this date (YYYY-MM-DD) instead of today
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<jiff::civil::Date>,

    /// The Pod Security Standards profile the organisation requires; with
    /// `baseline` (the default), restricted-only controls report at low
    /// severity
    #[arg(long, value_enum, ignore_case = true)]
    pod_security: Option<ProfileArg>,

    /// The organisation's policy file (default: chanto.yaml in the scanned
    /// folder or its parents, up to the repository root)
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// Registries images may come from (exact host or *.suffix); replaces the
    /// default *.azurecr.io,mcr.microsoft.com
    #[arg(long = "allowed-registry", value_delimiter = ',', value_name = "HOSTS")]
    allowed_registries: Vec<String>,

    /// Report findings on AKS's own system workloads too (they are
    /// suppressed by default; see data/aks-system-workloads.json)
    #[arg(long)]
    no_default_exemptions: bool,

    /// Refuse files larger than this many MiB
    #[arg(long, value_name = "MIB", default_value_t = 64)]
    max_file_size: u64,

    /// A Terraform variable file (.tfvars or .tfvars.json) for every root
    /// module, read after terraform.tfvars and *.auto.tfvars; may be given
    /// several times, later files winning
    #[arg(long, value_name = "FILE", value_parser = regular_file)]
    var_file: Vec<PathBuf>,

    /// A values file for every Helm chart among the inputs, after the
    /// chart's values.yaml (as `helm template --values`); may be given
    /// several times. Charts are rendered with the `helm` on PATH, or the
    /// one CHANTO_HELM names
    #[arg(long, value_name = "FILE", value_parser = regular_file)]
    helm_values: Vec<PathBuf>,

    /// A value for every Helm chart among the inputs, as `helm template
    /// --set` takes it (e.g. ingress.enabled=true); may be given several
    /// times
    #[arg(long, value_name = "KEY=VALUE")]
    helm_set: Vec<String>,

    /// An ARM parameter file for every template among the inputs, in place
    /// of the NAME.parameters.json found beside each, or a .bicepparam file
    /// (its `using` names the template), as `az deployment group create
    /// --parameters` takes them; may be given several times, each file one
    /// evaluation of the template
    #[arg(long, value_name = "FILE", value_parser = regular_file)]
    parameters: Vec<PathBuf>,

    /// Follow symbolic links that lead out of a scanned folder (by default
    /// they are listed as skipped: a link to / would walk the whole disk)
    #[arg(long)]
    follow_links: bool,

    /// Pass over walked files and folders matching GLOB (relative to the
    /// scanned folder or the repository; without `/`, a name anywhere, as in
    /// .gitignore); may be given several times, and adds to `exclude:` in
    /// chanto.yaml. Files named as PATHS are always read
    #[arg(long, value_name = "GLOB", value_parser = glob)]
    exclude: Vec<String>,

    /// Name files in reports relative to this folder (default: the top level
    /// of the git repository holding the current directory, else the
    /// current directory), so SARIF paths resolve in code scanning
    #[arg(long, value_name = "DIR", value_parser = directory)]
    root: Option<PathBuf>,
}

/// Reading live Azure and clusters: where, as whom, and how hard.
#[derive(Debug, clap::Args)]
#[command(
    next_help_heading = "Reading live Azure and clusters (the `azure` and `kube` features; read-only)"
)]
#[group(id = "live", multiple = true)]
struct LiveArgs {
    /// Read the objects of a running cluster with the kubeconfig's
    /// credentials (certificates, tokens, exec plugins such as kubelogin):
    /// workloads, Services, Ingresses, NetworkPolicies, Namespaces, RBAC,
    /// ServiceAccounts, ConfigMaps, and Secrets by their metadata only.
    /// The identity needs list on them cluster-wide (the built-in `view`
    /// role, plus RBAC objects and Secret metadata)
    #[arg(long, group = "live")]
    kube: bool,

    /// The kubeconfig context (default: its current context)
    #[arg(long, value_name = "NAME", requires = "kube")]
    context: Option<String>,

    /// The kubeconfig file (default: KUBECONFIG, else ~/.kube/config)
    #[arg(long, value_name = "FILE", value_parser = regular_file, requires = "kube")]
    kubeconfig: Option<PathBuf>,

    /// Objects per list request to the cluster (`limit`; the API server
    /// pages the rest with `continue`)
    #[arg(long, value_name = "N", default_value_t = 500, value_parser = clap::value_parser!(u32).range(1..=10_000), requires = "kube")]
    kube_page_size: u32,

    /// Read the clusters and the resources around them from Azure itself:
    /// Resource Graph for every subscription at once, Resource Manager for
    /// rule collection groups, database firewall rules, Defender plans and
    /// role assignments. Credentials: --azure-credential
    #[arg(long, group = "live")]
    azure: bool,

    /// A subscription ID to read (default: every one the identity sees);
    /// may be given several times or comma-separated
    #[arg(long, value_delimiter = ',', value_name = "ID", value_parser = subscription_id, requires = "azure")]
    subscription: Vec<String>,

    /// Read only these resource groups (default: all); may be given several
    /// times or comma-separated
    #[arg(long, value_delimiter = ',', value_name = "NAME", value_parser = resource_group, requires = "azure")]
    resource_group: Vec<String>,

    /// The Azure cloud
    #[arg(long, value_enum, default_value_t = CloudArg::Public, requires = "azure")]
    azure_cloud: CloudArg,

    /// Where the token comes from: `auto` takes a service principal
    /// (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), else workload
    /// identity (AZURE_FEDERATED_TOKEN_FILE), else App Service managed
    /// identity (IDENTITY_ENDPOINT), else `az login`, else `azd auth login`;
    /// a VM's managed identity is `managed-identity`
    #[arg(long, value_enum, default_value_t = CredentialArg::Auto, requires = "azure")]
    azure_credential: CredentialArg,

    /// A Resource Manager endpoint to use in place of the cloud's (an
    /// HTTPS proxy, a test server); the token is still the cloud's
    #[arg(long, value_name = "URL", env = "CHANTO_AZURE_ENDPOINT", value_parser = https_url, requires = "azure")]
    azure_endpoint: Option<String>,

    /// PEM certificates to trust besides the system's (a TLS-inspecting
    /// proxy)
    #[arg(long, value_name = "FILE", value_parser = regular_file, requires = "azure")]
    ca_file: Option<PathBuf>,

    /// Requests to Azure in flight at once
    #[arg(long, value_name = "N", default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..=256), requires = "azure")]
    concurrency: u16,

    /// Seconds one request to Azure or the cluster may take
    #[arg(long, value_name = "SECONDS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600), requires = "live")]
    request_timeout: u64,

    /// Also write what --azure or --kube read under DIR, one file per
    /// resource or kind, so a later `chanto scan DIR --root DIR` gives the
    /// same result offline
    #[arg(long, value_name = "DIR", requires = "live")]
    save: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum CloudArg {
    Public,
    Usgov,
    China,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum CredentialArg {
    Auto,
    Cli,
    ManagedIdentity,
    WorkloadIdentity,
    ServicePrincipal,
}

fn subscription_id(value: &str) -> Result<String, String> {
    if crate::model::is_subscription_id(value) {
        Ok(value.to_ascii_lowercase())
    } else {
        Err("a subscription ID is a GUID (00000000-0000-0000-0000-000000000000)".to_string())
    }
}

fn resource_group(value: &str) -> Result<String, String> {
    if crate::model::is_resource_group_name(value) {
        Ok(value.to_string())
    } else {
        Err(
            "a resource group name has letters, digits, _ - . ( ) and does not end in ."
                .to_string(),
        )
    }
}

fn https_url(value: &str) -> Result<String, String> {
    if value.starts_with("https://") && value.len() > "https://".len() {
        Ok(value.trim_end_matches('/').to_string())
    } else {
        Err("an https:// URL (a token is never sent in the clear)".to_string())
    }
}

/// The `scan --help` heading of the options that shape the report.
const REPORT_HEADING: &str = "The report and the exit code";

#[derive(Debug, clap::Args)]
struct ScanArgs {
    #[command(flatten)]
    inputs: Inputs,

    /// Exit 0 when nothing was found to scan (a CI job over a folder that may
    /// hold no manifests); without it, a scan that read nothing exits 2
    #[arg(help_heading = REPORT_HEADING, long)]
    allow_empty: bool,

    /// Output format [default: table, or what the --output file's extension
    /// says: .json, .sarif, .xml (JUnit), .md, .html]
    #[arg(help_heading = REPORT_HEADING, long, short, value_enum, ignore_case = true)]
    format: Option<Format>,

    /// Write the report to FILE instead of standard output; FORMAT=FILE
    /// (e.g. sarif=results.sarif) adds a report in that format, and may be
    /// given several times while standard output keeps --format
    #[arg(help_heading = REPORT_HEADING, long, short, value_name = "[FORMAT=]FILE")]
    output: Vec<String>,

    /// Exit with 1 when a finding is at or above this severity
    #[arg(help_heading = REPORT_HEADING, long, value_enum, ignore_case = true, default_value_t = FailOn::High)]
    fail_on: FailOn,

    /// Report and gate only findings not in FILE (written by `chanto
    /// baseline write`); the others are counted as in the baseline, and
    /// entries that no longer occur are listed
    #[arg(help_heading = REPORT_HEADING, long, value_name = "FILE", value_parser = regular_file)]
    baseline: Option<PathBuf>,

    /// Print findings and errors only, without a progress bar
    #[arg(help_heading = REPORT_HEADING, long, short, conflicts_with = "verbose")]
    quiet: bool,

    /// Also print skipped files and pass / not-applicable counts
    #[arg(help_heading = REPORT_HEADING, long, short)]
    verbose: bool,

    /// Print a count per rule instead of the findings (table only)
    #[arg(help_heading = REPORT_HEADING, long)]
    statistics: bool,

    /// List suppressed findings (ignore annotations, default exemptions)
    #[arg(help_heading = REPORT_HEADING, long)]
    show_suppressed: bool,
    /// Add a section judging each control of a framework from the rules that
    /// answer it, to every report format (repeatable): cis-aks, cis-kubernetes,
    /// mcsb, azure-policy, checkov, kubescape, trivy
    #[arg(help_heading = REPORT_HEADING, long, value_enum, ignore_case = true, value_name = "NAME")]
    framework: Vec<FrameworkArg>,
}

#[derive(Debug, Subcommand)]
enum BaselineAction {
    /// Write the findings a scan of PATHS reports to FILE: sorted JSON to
    /// commit and review, naming each finding's code, resource and file
    Write {
        /// The baseline file to write
        file: PathBuf,
        #[command(flatten)]
        inputs: Inputs,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ListFormat {
    Table,
    Json,
}

/// The frameworks `--framework` accepts, as [`Framework`] names them.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum FrameworkArg {
    CisAks,
    CisKubernetes,
    Mcsb,
    AzurePolicy,
    Checkov,
    Kubescape,
    Trivy,
}

impl From<FrameworkArg> for Framework {
    fn from(arg: FrameworkArg) -> Framework {
        match arg {
            FrameworkArg::CisAks => Framework::CisAks,
            FrameworkArg::CisKubernetes => Framework::CisKubernetes,
            FrameworkArg::Mcsb => Framework::Mcsb,
            FrameworkArg::AzurePolicy => Framework::AzurePolicy,
            FrameworkArg::Checkov => Framework::Checkov,
            FrameworkArg::Kubescape => Framework::Kubescape,
            FrameworkArg::Trivy => Framework::Trivy,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ProfileArg {
    Baseline,
    Restricted,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FailOn {
    Critical,
    High,
    Medium,
    Low,
    None,
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Critical => Some(Severity::Critical),
            FailOn::High => Some(Severity::High),
            FailOn::Medium => Some(Severity::Medium),
            FailOn::Low => Some(Severity::Low),
            FailOn::None => None,
        }
    }
}

fn parse_date(text: &str) -> Result<jiff::civil::Date, String> {
    text.parse::<jiff::civil::Date>()
        .map_err(|e| format!("expected a date as YYYY-MM-DD: {e}"))
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    cli.color.choice().write_global();
    let code = match cli.command {
        Command::Scan(args) => scan_command(args),
        Command::Rules {
            format,
            framework: Some(framework),
        } => framework_command(format, framework.into()),
        Command::Rules {
            format,
            framework: None,
        } => rules_command(format),
        Command::Explain { code } => explain_command(&code),
        Command::Init { dir, force } => init_command(&dir, force),
        Command::Policy(args) => policy_command(args),
        Command::Baseline {
            action: BaselineAction::Write { file, inputs },
        } => baseline_write_command(&file, inputs),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "chanto", &mut script);
            write_bytes(&script)
        }
        Command::Man => {
            let mut page = Vec::new();
            match clap_mangen::Man::new(Cli::command()).render(&mut page) {
                Ok(()) => write_bytes(&page),
                Err(e) => error(&format!("cannot render the manual page: {e}")),
            }
        }
    };
    ExitCode::from(code)
}

/// A file named by an option must be a regular file: a missing one is a
/// usage error before anything is scanned, and a FIFO or device would
/// block the scan or never end.
fn regular_file(value: &str) -> Result<PathBuf, String> {
    existing(value, std::fs::Metadata::is_file, "regular file")
}

/// `value` as a path to something that exists and `is` what is wanted.
fn existing(
    value: &str,
    is: fn(&std::fs::Metadata) -> bool,
    what: &str,
) -> Result<PathBuf, String> {
    match std::fs::metadata(value) {
        Ok(meta) if is(&meta) => Ok(PathBuf::from(value)),
        Ok(_) => Err(format!("not a {what}")),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(format!("no such {what}")),
        Err(e) => Err(e.to_string()),
    }
}

/// Tells the user how an input was read, on stderr.
fn note(message: &str) {
    let cyan = anstyle::Style::new()
        .fg_color(Some(anstyle::AnsiColor::Cyan.into()))
        .bold();
    let _ = writeln!(anstream::stderr(), "{cyan}note{cyan:#}: {message}");
}

fn error(message: &str) -> u8 {
    let red = anstyle::Style::new()
        .fg_color(Some(anstyle::AnsiColor::Red.into()))
        .bold();
    let _ = writeln!(anstream::stderr(), "{red}error{red:#}: {message}");
    exit::ERROR
}

/// The scan `inputs` ask for, or a usage error.
fn scan_options(inputs: Inputs, baseline: Option<scan::Baseline>) -> Result<ScanOptions, String> {
    let (selection, notes) = Selection {
        select: inputs.select,
        ignore: inputs.ignore,
    }
    .with_peer_ids();
    for text in notes {
        note(&text);
    }
    selection
        .validate()
        .map_err(|unknown| unknown.to_string())?;
    let paths = if inputs.paths.is_empty() && !inputs.live.azure && !inputs.live.kube {
        vec![PathBuf::from(".")]
    } else {
        inputs.paths
    };
    // A live scan alone still finds the policy file where it runs.
    let config = inputs.config.clone().or_else(|| {
        if paths.is_empty() {
            config::discover(&[PathBuf::from(".")])
        } else {
            config::discover(&paths)
        }
    });
    #[cfg(feature = "kube")]
    let kube = live_kube(&inputs.live)?;
    #[cfg(not(feature = "kube"))]
    live_kube(&inputs.live)?;
    #[cfg(feature = "azure")]
    let azure = live_azure(inputs.live)?;
    #[cfg(not(feature = "azure"))]
    live_azure(inputs.live)?;
    Ok(ScanOptions {
        paths,
        as_of: inputs.as_of.unwrap_or_else(today),
        selection,
        rules: RuleOverrides {
            pod_security: inputs.pod_security.map(|p| match p {
                ProfileArg::Baseline => PodSecurityProfile::Baseline,
                ProfileArg::Restricted => PodSecurityProfile::Restricted,
            }),
            allowed_registries: (!inputs.allowed_registries.is_empty())
                .then_some(inputs.allowed_registries),
        },
        config,
        policy: PolicyOptions {
            default_exemptions: !inputs.no_default_exemptions,
        },
        load: LoadOptions {
            max_file_size: inputs.max_file_size.saturating_mul(1 << 20),
            var_files: inputs.var_file,
            follow_links: inputs.follow_links,
            exclude: inputs.exclude,
            root: Some(inputs.root.unwrap_or_else(default_root)),
            helm: HelmOptions {
                values: inputs.helm_values,
                set: inputs.helm_set,
                ..HelmOptions::default()
            },
            parameter_files: inputs.parameters,
            documents: Vec::new(),
            #[cfg(feature = "azure")]
            azure,
            #[cfg(feature = "kube")]
            kube,
        },
        baseline,
    })
}

/// What `--kube` asks for, or why this build cannot do it.
#[cfg(feature = "kube")]
fn live_kube(args: &LiveArgs) -> Result<Option<crate::load::kube_live::KubeOptions>, String> {
    use crate::load::kube_live::KubeOptions;
    if !args.kube {
        return Ok(None);
    }
    Ok(Some(KubeOptions {
        kubeconfig: args.kubeconfig.clone(),
        context: args.context.clone(),
        page_size: args.kube_page_size,
        timeout: std::time::Duration::from_secs(args.request_timeout),
        // Beside Azure's documents when both are read: they never share a name.
        save: args.save.clone(),
    }))
}

#[cfg(not(feature = "kube"))]
fn live_kube(args: &LiveArgs) -> Result<(), String> {
    if args.kube {
        Err("this chanto was built without live Kubernetes: install it with `cargo install chanto --features kube`".to_string())
    } else {
        Ok(())
    }
}

/// What `--azure` asks for, or why this build cannot do it.
#[cfg(feature = "azure")]
fn live_azure(args: LiveArgs) -> Result<Option<crate::load::azure_live::AzureOptions>, String> {
    use crate::load::azure_live::{AzureOptions, Cloud, Credential};
    if !args.azure {
        return Ok(None);
    }
    Ok(Some(AzureOptions {
        subscriptions: args.subscription,
        resource_groups: args.resource_group,
        cloud: match args.azure_cloud {
            CloudArg::Public => Cloud::Public,
            CloudArg::Usgov => Cloud::UsGovernment,
            CloudArg::China => Cloud::China,
        },
        credential: match args.azure_credential {
            CredentialArg::Auto => Credential::Auto,
            CredentialArg::Cli => Credential::AzureCli,
            CredentialArg::ManagedIdentity => Credential::ManagedIdentity,
            CredentialArg::WorkloadIdentity => Credential::WorkloadIdentity,
            CredentialArg::ServicePrincipal => Credential::ServicePrincipal,
        },
        endpoint: args.azure_endpoint,
        ca_file: args.ca_file,
        concurrency: usize::from(args.concurrency),
        timeout: std::time::Duration::from_secs(args.request_timeout),
        save: args.save,
        ..AzureOptions::default()
    }))
}

#[cfg(not(feature = "azure"))]
fn live_azure(args: LiveArgs) -> Result<(), String> {
    if args.azure {
        Err("this chanto was built without live Azure: install it with `cargo install chanto --features azure`".to_string())
    } else {
        Ok(())
    }
}

fn scan_command(args: ScanArgs) -> u8 {
    let baseline = match args
        .baseline
        .as_deref()
        .map(scan::Baseline::read)
        .transpose()
    {
        Ok(baseline) => baseline,
        Err(message) => {
            let file = args.baseline.as_deref().unwrap_or(std::path::Path::new(""));
            return error(&format!("--baseline {}: {message}", file.display()));
        }
    };
    let options = match scan_options(args.inputs, baseline) {
        Ok(options) => options,
        Err(message) => return error(&message),
    };
    #[cfg(feature = "azure")]
    if options.load.azure.is_some() && !args.quiet && std::io::stderr().is_terminal() {
        // The read has no file count to show until it is done.
        let _ = writeln!(
            anstream::stderr(),
            "reading live Azure (Resource Graph, then Resource Manager)…"
        );
    }
    let mut progress = progress::ScanProgress::new(!args.quiet);
    let result = scan::scan_with_progress(&options, |stage| progress.update(stage));
    progress.finish();
    for text in &result.notes {
        note(&format!(
            "{}: {text}",
            result.config_file.as_deref().unwrap_or("chanto.yaml")
        ));
    }
    if policy_file_failed(&result) {
        return policy_file_errors(&result);
    }
    let options_paths = &options.paths;
    // Each framework once, in the order asked for.
    let mut frameworks: Vec<Framework> = Vec::new();
    for framework in args.framework.iter().map(|&f| Framework::from(f)) {
        if !frameworks.contains(&framework) {
            frameworks.push(framework);
        }
    }
    let report = Report::new(&result).with_frameworks(&frameworks);
    let mut stdout_path = None;
    let mut extra = Vec::new();
    for spec in &args.output {
        match spec
            .split_once('=')
            .and_then(|(f, p)| Format::from_str(f, true).ok().map(|f| (f, p)))
        {
            Some((format, path)) => extra.push((format, PathBuf::from(path))),
            None if stdout_path.is_none() => stdout_path = Some(PathBuf::from(spec)),
            None => {
                return error("only one --output without FORMAT= (it replaces standard output)");
            }
        }
    }
    let format = args.format.unwrap_or_else(|| {
        stdout_path
            .as_deref()
            .and_then(format_of_extension)
            .unwrap_or(Format::Table)
    });
    let render = Render {
        report: &report,
        options: RenderOptions {
            table: TableOptions {
                quiet: args.quiet,
                verbose: args.verbose,
                show_suppressed: args.show_suppressed,
                statistics: args.statistics,
                // Only a terminal has a width to fit; files and pipes get
                // whole lines.
                width: (stdout_path.is_none() && std::io::stdout().is_terminal())
                    .then(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
                    .flatten(),
            },
            root_uri: root_uri(options.load.root.as_deref()),
            inputs: options_paths
                .iter()
                .map(|p| p.display().to_string())
                .collect(),
        },
    };
    // Every output is attempted: one that cannot be written must not cost
    // the others (the SARIF upload after a failed HTML artefact).
    let failures: Vec<String> = std::iter::once(render.to(format, stdout_path.as_deref()))
        .chain(
            extra
                .iter()
                .map(|(format, path)| render.to(*format, Some(path))),
        )
        .filter_map(Result::err)
        .collect();
    if !failures.is_empty() {
        for message in &failures {
            error(message);
        }
        return exit::ERROR;
    }
    if stdout_path.is_some() || !matches!(format, Format::Table) {
        // The report went elsewhere; errors still belong on the terminal.
        for e in report.policy_errors.iter().chain(report.errors) {
            error(&e.to_string());
        }
    }
    if result.files_read == 0 && report.scanned.not_followed == 0 && !args.allow_empty {
        // Nothing read is never a pass. Inputs that were recognised but not
        // followed (a chart without helm) are listed above instead, each
        // saying how to scan it.
        return error(&format!(
            "nothing to scan: no input held an AKS cluster, an Azure resource chanto reads or a \
             Kubernetes object{} (--allow-empty makes this exit 0)",
            report
                .skipped_summary()
                .map(|s| format!("; {s}"))
                .unwrap_or_default()
        ));
    }
    if !report.errors.is_empty() || !report.policy_errors.is_empty() {
        exit::ERROR
    } else if report.fails_at(args.fail_on.threshold()) {
        exit::FINDINGS
    } else {
        exit::CLEAN
    }
}

fn baseline_write_command(file: &std::path::Path, inputs: Inputs) -> u8 {
    let options = match scan_options(inputs, None) {
        Ok(options) => options,
        Err(message) => return error(&message),
    };
    let result = scan::scan(&options);
    let problems: Vec<_> = result.policy_errors.iter().chain(&result.errors).collect();
    if !problems.is_empty() {
        // A baseline of what could be read would accept, unseen, whatever
        // the unreadable files hold once they are fixed.
        for e in problems {
            error(&e.to_string());
        }
        return error(&format!("{} not written", file.display()));
    }
    if result.files_read == 0 {
        return error("nothing to scan: no baseline written");
    }
    let baseline = scan::Baseline::of(&result);
    match std::fs::write(file, baseline.to_json()) {
        Ok(()) => write_out(&format!(
            "wrote {} finding(s) to {}\n",
            baseline.findings.len(),
            file.display()
        )),
        Err(e) => error(&format!("cannot write {}: {e}", file.display())),
    }
}

fn rules_command(format: ListFormat) -> u8 {
    let rules = rules::registry();
    let text = match format {
        ListFormat::Json => {
            let list: Vec<_> = rules
                .iter()
                .map(|r| {
                    let m = &r.meta;
                    let mut frameworks = serde_json::Map::new();
                    for control in data::builtin().frameworks.of_rule(m.code) {
                        if let serde_json::Value::Array(ids) = frameworks
                            .entry(control.framework.name())
                            .or_insert_with(|| serde_json::Value::Array(Vec::new()))
                        {
                            ids.push(control.id.clone().into());
                        }
                    }
                    serde_json::json!({
                        "code": m.code, "name": m.name, "title": m.title,
                        "pillar": m.pillar, "severity": m.severity, "kind": m.kind,
                        "responsibility": m.responsibility, "component": m.component,
                        "profile": m.profile, "since": m.since, "status": m.status,
                        "frameworks": frameworks,
                    })
                })
                .collect();
            format!("{}\n", serde_json::Value::Array(list))
        }
        ListFormat::Table => {
            let bold = anstyle::Style::new().bold();
            let mut out = format!(
                "{bold}{:<6}  {:<12}  {:<8}  {:<11}  {:<10}  {:<10}  {:<5}  {}{bold:#}\n",
                "CODE", "PILLAR", "SEVERITY", "KIND", "PSS", "STATUS", "SINCE", "TITLE"
            );
            for r in rules {
                let m = &r.meta;
                out.push_str(&format!(
                    "{:<6}  {:<12}  {:<8}  {:<11}  {:<10}  {:<10}  {:<5}  {}\n",
                    m.code,
                    m.pillar.to_string(),
                    m.severity.to_string(),
                    m.kind.to_string(),
                    m.profile.map(|p| p.to_string()).unwrap_or_default(),
                    m.status.to_string(),
                    m.since,
                    m.title
                ));
            }
            out
        }
    };
    written(anstream::stdout().write_all(text.as_bytes()))
}

/// Every control of a framework with the rules that answer it.
fn framework_command(format: ListFormat, framework: Framework) -> u8 {
    let controls: Vec<&Control> = data::builtin().frameworks.controls(framework).collect();
    let attested = |c: &Control| {
        !c.rules().is_empty()
            && c.rules().iter().all(|code| {
                rules::find(code).is_some_and(|r| r.meta.kind == rules::Kind::Attestation)
            })
    };
    let unanswered = if framework.is_peer() {
        "out of scope"
    } else {
        "not answered"
    };
    let text = match format {
        ListFormat::Json => {
            let list: Vec<_> = controls
                .iter()
                .map(|c| {
                    let reason = match &c.answer {
                        Answer::NotAnswered(why) => Some(why.as_str()),
                        Answer::Rules(_) => None,
                    };
                    serde_json::json!({
                        "id": c.id, "section": c.section, "title": c.title,
                        "rules": c.rules(), "attested": attested(c),
                        unanswered.replace(' ', "_"): reason,
                    })
                })
                .collect();
            format!(
                "{}\n",
                serde_json::json!({
                    "framework": framework.name(), "title": framework.title(), "controls": list,
                })
            )
        }
        ListFormat::Table => {
            let bold = anstyle::Style::new().bold();
            let answered = controls.iter().filter(|c| !c.rules().is_empty()).count();
            let by_attestation = controls.iter().filter(|c| attested(c)).count();
            let mut out = if framework.lists_every_control() {
                format!(
                    "{bold}{}{bold:#}: {} controls, {} answered by rules ({by_attestation} of them by attestations), {} {unanswered}\n\n",
                    framework.title(),
                    controls.len(),
                    answered,
                    controls.len() - answered,
                )
            } else {
                format!(
                    "{bold}{}{bold:#}: the {} controls chanto's rules answer ({by_attestation} by attestations); the others are not listed\n\n",
                    framework.title(),
                    controls.len(),
                )
            };
            let width = controls
                .iter()
                .map(|c| c.id.len())
                .max()
                .unwrap_or(7)
                .max(7);
            out.push_str(&format!(
                "{bold}{:<width$}  {:<24}  {}{bold:#}\n",
                "CONTROL", "RULES", "TITLE"
            ));
            for c in &controls {
                let answer = match &c.answer {
                    Answer::Rules(codes) => codes.join(" "),
                    Answer::NotAnswered(_) => unanswered.to_string(),
                };
                out.push_str(&format!(
                    "{:<width$}  {:<24}  {}\n",
                    c.id,
                    answer,
                    report::visible(&c.title)
                ));
                if let Answer::NotAnswered(why) = &c.answer {
                    out.push_str(&format!(
                        "{:<width$}  {:<24}  {unanswered}: {why}\n",
                        "", ""
                    ));
                }
            }
            out
        }
    };
    written(anstream::stdout().write_all(text.as_bytes()))
}

fn explain_command(code: &str) -> u8 {
    let by_name = || {
        rules::registry()
            .iter()
            .copied()
            .find(|r| r.meta.name.eq_ignore_ascii_case(code))
    };
    let Some(rule) = rules::find(code).or_else(by_name) else {
        let hint = rules::suggest(code)
            .map(|s| format!(" (did you mean {s}?)"))
            .unwrap_or_default();
        return error(&format!(
            "no rule {code:?}{hint}; `chanto rules` lists them"
        ));
    };
    let m = &rule.meta;
    let bold = anstyle::Style::new().bold();
    let text = format!(
        "{bold}{} {}{bold:#} — {}\n\npillar: {} · severity: {} · kind: {} · responsibility: {} · component: {}\n{} since {}\n\n{}\n",
        m.code,
        m.name,
        m.title,
        m.pillar,
        m.severity,
        m.kind,
        m.responsibility,
        m.component,
        m.status,
        m.since,
        m.documentation().trim_end()
    );
    // What the rule answers, framework by framework.
    let mut answers: Vec<(Framework, Vec<String>)> = Vec::new();
    for control in data::builtin().frameworks.of_rule(m.code) {
        // Azure Policy definitions are GUIDs: name them too.
        let id = match control.framework {
            Framework::AzurePolicy => format!("{} ({})", control.id, control.title),
            _ => control.id.clone(),
        };
        match answers.iter_mut().find(|(f, _)| *f == control.framework) {
            Some((_, ids)) => ids.push(id),
            None => answers.push((control.framework, vec![id])),
        }
    }
    answers.sort_by_key(|(f, _)| *f);
    let mut text = text;
    if !answers.is_empty() {
        text.push_str(&format!("\n{bold}## Answers{bold:#}\n"));
        for (framework, ids) in answers {
            text.push_str(&format!("- {}: {}\n", framework.title(), ids.join(", ")));
        }
    }
    written(anstream::stdout().write_all(text.as_bytes()))
}

fn today() -> jiff::civil::Date {
    jiff::tz::TimeZone::UTC
        .to_datetime(jiff::Timestamp::now())
        .date()
}

/// The exit code for a write to standard output: a reader that stopped
/// reading (`chanto rules | head`) is not an error.
fn written(result: std::io::Result<()>) -> u8 {
    match result {
        Ok(()) => exit::CLEAN,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => exit::CLEAN,
        Err(e) => error(&format!("cannot write: {e}")),
    }
}

fn write_bytes(bytes: &[u8]) -> u8 {
    written(std::io::stdout().lock().write_all(bytes))
}

fn write_out(text: &str) -> u8 {
    written(anstream::stdout().write_all(text.as_bytes()))
}

fn init_command(dir: &std::path::Path, force: bool) -> u8 {
    let path = dir.join(config::FILE_NAME);
    if path.exists() && !force {
        return error(&format!("{} exists; --force overwrites it", path.display()));
    }
    match std::fs::write(&path, config::STARTER) {
        Ok(()) => write_out(&format!(
            "wrote {} — the talk's six company rules are built in; add your attestations and waivers\n",
            path.display()
        )),
        Err(e) => error(&format!("cannot write {}: {e}", path.display())),
    }
}

fn policy_command(args: PolicyArgs) -> u8 {
    let config_path = args.config.clone().or_else(|| {
        if args.paths.is_empty() {
            config::discover(&[PathBuf::from(".")])
        } else {
            config::discover(&args.paths)
        }
    });
    let options = ScanOptions {
        paths: args.paths.clone(),
        as_of: args.as_of.unwrap_or_else(today),
        selection: Selection::default(),
        rules: RuleOverrides::default(),
        policy: PolicyOptions::default(),
        load: LoadOptions {
            var_files: args.var_file,
            // Paths in its reasons name files as `scan` does.
            root: Some(default_root()),
            ..LoadOptions::default()
        },
        config: config_path,
        baseline: None,
    };
    let result = scan::scan(&options);
    if policy_file_failed(&result) {
        // Never the built-in P1–P6 in place of the organisation's own.
        return policy_file_errors(&result);
    }
    for e in result.policy_errors.iter().chain(&result.errors) {
        error(&e.to_string());
    }
    let judged = !args.paths.is_empty();
    let text = match args.format {
        ListFormat::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&result.requirements).unwrap_or_default()
        ),
        ListFormat::Table => policy_table(&result, judged),
    };
    let code = write_out(&text);
    if result.errors.is_empty() && result.policy_errors.is_empty() {
        code
    } else {
        exit::ERROR
    }
}

/// Whether the policy file itself could not be read, which stops a scan.
fn policy_file_failed(result: &scan::ScanResult) -> bool {
    result
        .policy_errors
        .iter()
        .any(|e| Some(&e.file) == result.config_file.as_ref())
}

/// The policy file's errors, each located, and exit 2: nothing of the file
/// is replaced by defaults.
fn policy_file_errors(result: &scan::ScanResult) -> u8 {
    for e in &result.policy_errors {
        error(&e.to_string());
    }
    error(&format!(
        "{} is not valid: fix it, or name another with --config",
        result.config_file.as_deref().unwrap_or("the policy file")
    ))
}

fn policy_table(result: &scan::ScanResult, judged: bool) -> String {
    let bold = anstyle::Style::new().bold();
    let dim = anstyle::Style::new().dimmed();
    let mut out = String::new();
    for r in &result.requirements {
        let status = if judged {
            format!("  [{}]", r.status)
        } else {
            String::new()
        };
        out.push_str(&format!("{bold}{} {}{bold:#}{status}\n", r.id, r.title));
        if !r.text.is_empty() {
            out.push_str(&format!("  {dim}{}{dim:#}\n", r.text));
        }
        if !r.features.is_empty() {
            out.push_str(&format!("  features: {}\n", r.features.join("; ")));
        }
        for code in &r.codes {
            let title = rules::find(code)
                .map_or("the organisation's own attestation", |rule| rule.meta.title);
            out.push_str(&format!("  {code}  {title}\n"));
        }
        if judged {
            for f in &r.findings {
                out.push_str(&format!("  - violated by {f}\n"));
            }
            for reason in &r.reasons {
                out.push_str(&format!("  - {reason}\n"));
            }
        }
        out.push('\n');
    }
    out
}

/// Reports go out in 64 KiB writes: a 28 MB JSON report through the default
/// 8 KiB buffer took thousands of write calls.
fn buffered<W: Write>(out: W) -> std::io::BufWriter<W> {
    std::io::BufWriter::with_capacity(1 << 16, out)
}

/// Everything a renderer needs, for each requested output.
struct Render<'a> {
    report: &'a Report<'a>,
    options: RenderOptions,
}

impl Render<'_> {
    /// Writes `format` to `path`, or to standard output, as it is rendered:
    /// a large report is never held whole in memory.
    fn to(&self, format: Format, path: Option<&std::path::Path>) -> Result<(), String> {
        // Colour codes (the table's) and any escape sequence from an input
        // are stripped where colour is off. JSON escapes control characters
        // itself, so its formats skip the byte-by-byte pass. The stripper
        // writes each run of text between codes on its own, so it writes
        // into a buffer, never straight to the file or terminal.
        let strip = !matches!(format, Format::Json | Format::Sarif | Format::Html);
        let written = match path {
            Some(p) => std::fs::File::create(p).and_then(|file| {
                if strip {
                    let inner: Box<dyn Write> = Box::new(buffered(file));
                    self.emit(format, buffered(anstream::StripStream::new(inner)))
                } else {
                    self.emit(format, buffered(file))
                }
            }),
            None if strip => {
                let stdout = std::io::stdout();
                let choice = anstream::AutoStream::choice(&stdout);
                let inner: Box<dyn Write> = Box::new(buffered(stdout.lock()));
                self.emit(format, buffered(anstream::AutoStream::new(inner, choice)))
            }
            None => self.emit(format, buffered(std::io::stdout().lock())),
        };
        match (written, path) {
            (Ok(()), _) => Ok(()),
            // The reader stopped reading (`chanto scan … | head`): not an error.
            (Err(e), None) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            (Err(e), Some(p)) => Err(format!("cannot write {}: {e}", p.display())),
            (Err(e), None) => Err(format!("cannot write the report: {e}")),
        }
    }

    fn emit(&self, format: Format, mut out: impl Write) -> std::io::Result<()> {
        self.write(format, &mut out)?;
        out.flush()
    }

    fn write(&self, format: Format, out: &mut impl Write) -> std::io::Result<()> {
        report::write(format, self.report, &self.options, out)
    }
}

/// The format an `--output` file's extension names, if it names one.
fn format_of_extension(path: &std::path::Path) -> Option<Format> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    match extension.as_str() {
        "json" => Some(Format::Json),
        "sarif" => Some(Format::Sarif),
        "xml" => Some(Format::Junit),
        "md" | "markdown" => Some(Format::Markdown),
        "html" | "htm" => Some(Format::Html),
        _ => None,
    }
}

/// The folder report paths are relative to when `--root` is not given:
/// the repository holding the working directory, else the working
/// directory.
fn default_root() -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    crate::load::repository_root(&cwd).unwrap_or(cwd)
}

/// `--exclude` must be a glob.
fn glob(value: &str) -> Result<String, String> {
    globset::Glob::new(value)
        .map(|_| value.to_string())
        .map_err(|e| e.kind().to_string())
}

/// `--root` must name a folder.
fn directory(value: &str) -> Result<PathBuf, String> {
    existing(value, std::fs::Metadata::is_dir, "folder")
}

/// The root report paths are relative to, as a `file://` URI ending in `/`.
fn root_uri(root: Option<&std::path::Path>) -> String {
    let base = root.map_or_else(|| PathBuf::from("."), PathBuf::from);
    let absolute = std::fs::canonicalize(&base).unwrap_or(base);
    let mut uri = format!(
        "file://{}",
        report::uri_path(&absolute.display().to_string())
    );
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}
