//! Command-line arguments (clap derive), turned into a validated
//! [`AuditConfig`] before any work starts.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use seam::config::{AuditConfig, DEFAULT_MAX_FILE_BYTES};
use seam::config_file::SeamToml;
use seam::error::SetupError;

#[derive(Debug, Parser)]
#[command(
    name = "seam",
    version,
    about = "Audit the coupling of a web monolith before you split it"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Audit a repository: writes report.json and report.html into --out.
    Audit(AuditArgs),
    /// Print the backend routes, the frontend requests and their links as a
    /// table (stdout); with --openapi also write openapi.json into --out.
    Endpoints(EndpointsArgs),
    /// Check the rules of seam.toml: exit 0 clean, 1 on new violations.
    Check(CheckArgs),
    /// Write a commented starter seam.toml into PATH.
    Init(InitArgs),
    /// Print the JSON Schema of report.json (stdout).
    Schema,
    /// Compare two reports: new and removed cycles, imports across declared
    /// components, coupling changes; exit 1 when coupling got worse.
    Diff(DiffArgs),
    /// Write the import graph at module, package or cluster level as DOT,
    /// Mermaid, GraphML or CSV.
    Graph(GraphArgs),
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The report before (report.json of the base branch).
    pub old: PathBuf,
    /// The report after.
    pub new: PathBuf,
    /// Output format (markdown for a pull-request comment).
    #[arg(long, default_value = "text", value_parser = ["text", "json", "markdown"])]
    pub format: String,
    /// Mention a module when its fan-in + fan-out moved by this many imports.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub threshold: u32,
    /// Write the result to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    #[command(flatten)]
    pub audit: AuditArgs,
    /// Output format.
    #[arg(long, default_value = "dot", value_parser = ["dot", "mermaid", "graphml", "csv"])]
    pub format: String,
    /// Nodes are modules, packages (directories) or candidate-service clusters.
    #[arg(long, default_value = "module", value_parser = ["module", "package", "cluster"])]
    pub level: String,
    /// Export a saved report.json instead of auditing PATH.
    #[arg(long, value_name = "REPORT")]
    pub report: Option<PathBuf>,
    /// With --format csv: the node table (Id,Label,Modules,Lines) instead of
    /// the edge table.
    #[arg(long)]
    pub nodes: bool,
    /// Write the graph to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub audit: AuditArgs,
    /// Output format.
    #[arg(long, default_value = "text", value_parser = ["text", "json", "sarif", "github"])]
    pub format: String,
    /// Write the results to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Check a saved report.json instead of auditing PATH.
    #[arg(long, value_name = "REPORT")]
    pub report: Option<PathBuf>,
    /// Baseline file (default: PATH/seam-baseline.json).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record today's violations as the baseline and exit 0.
    #[arg(long)]
    pub update_baseline: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Replace an existing seam.toml.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct EndpointsArgs {
    #[command(flatten)]
    pub audit: AuditArgs,
    /// Tab-separated values instead of an aligned table.
    #[arg(long)]
    pub tsv: bool,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Root of the repository to audit.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Folder the reports are written to.
    #[arg(long, default_value = "seam-report")]
    pub out: PathBuf,
    /// Skip files and folders matching this glob (root-relative, repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Only analyse source files matching this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,
    /// Skip source files larger than this many bytes.
    #[arg(long, value_name = "BYTES", help = format!("Skip source files larger than this many bytes [default: {DEFAULT_MAX_FILE_BYTES}]"))]
    pub max_file_size: Option<u64>,
    /// An extra Python source root, root-relative (repeatable). Roots are also
    /// found from the package structure.
    #[arg(long, value_name = "DIR")]
    pub python_root: Vec<String>,
    /// A TypeScript config to use for its folder instead of the tsconfig.json
    /// found there, root-relative (repeatable), e.g. `web/tsconfig.app.json`.
    #[arg(long, value_name = "FILE")]
    pub tsconfig: Vec<String>,
    /// Also draw edges to the parent packages' `__init__.py` that Python runs
    /// when it imports a submodule.
    #[arg(long)]
    pub parent_packages: bool,
    /// Worker threads (default: one per core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Parse every file again instead of reusing facts cached by earlier runs.
    #[arg(long)]
    pub no_cache: bool,
    /// Where the facts cache lives (default: PATH/.seam-cache; safe to delete).
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Print how long each stage took.
    #[arg(long)]
    pub timings: bool,
    /// Leave git history out (no change frequency or change coupling).
    #[arg(long)]
    pub no_history: bool,
    /// Count tests, migrations and fixtures in hotspots, shared globals and
    /// table users (by default those views are production code only).
    #[arg(long)]
    pub include_tests: bool,
    /// How far back history is read (any `git log --since` value; default:
    /// one year before the newest commit).
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Commits touching more files than this are left out of the history.
    #[arg(long, value_name = "FILES", default_value_t = seam::history::DEFAULT_MAX_FILES_PER_COMMIT)]
    pub max_commit_files: usize,
    /// Change coupling: minimum commits of each of the two files.
    #[arg(long, value_name = "N", default_value_t = seam::history::MIN_REVISIONS)]
    pub min_revisions: u32,
    /// Change coupling: minimum commits the two files share.
    #[arg(long, value_name = "N", default_value_t = seam::history::MIN_SHARED)]
    pub min_shared_commits: u32,
    /// Change coupling: minimum degree, shared commits / mean commits of the two (0..1).
    #[arg(long, value_name = "DEGREE", default_value_t = seam::history::MIN_DEGREE)]
    pub min_coupling: f64,
    /// Also count each file's lines added and removed in the history window
    /// (git's line counts: over ten times as long to read).
    #[arg(long)]
    pub churn: bool,
    /// Seed of the clustering (same seed, same candidate services; default 1).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Settings file (default: seam.toml at PATH, else [tool.seam] in its
    /// pyproject.toml).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// No progress output.
    #[arg(long, short)]
    pub quiet: bool,
    /// Also write openapi.json: an OpenAPI 3.1 draft of the endpoints the
    /// frontend actually calls.
    #[arg(long)]
    pub openapi: bool,
    /// A request function seam cannot see into, as NAME:URL[:METHOD]
    /// (repeatable): `channel.patch:0.url:PATCH`, `legacyApi.send:0:arg1`.
    #[arg(long, value_name = "SPEC")]
    pub request_wrapper: Vec<String>,
    /// An intended component, as NAME=GLOB[,GLOB…][:USES,…] (repeatable):
    /// the report compares it with the boundaries found and lists the
    /// imports into components it does not USE.
    #[arg(long, value_name = "SPEC")]
    pub component: Vec<String>,
}

impl AuditArgs {
    pub fn to_config(&self, progress: bool) -> Result<AuditConfig, SetupError> {
        self.load_config(progress).map(|(config, _)| config)
    }

    /// The run's settings: `seam.toml` (or `[tool.seam]`, or `--config`)
    /// first, the command line on top; and the file itself for its rules.
    pub fn load_config(&self, progress: bool) -> Result<(AuditConfig, SeamToml), SetupError> {
        let mut config = AuditConfig::new(&self.path)?;
        let (file, _) = seam::config_file::load(&config.root, self.config.as_deref())?;
        file.apply(&mut config);
        config.exclude.extend(self.exclude.iter().cloned());
        config.include.extend(self.include.iter().cloned());
        if let Some(max) = self.max_file_size {
            config.max_file_bytes = max;
        }
        config.tsconfigs.extend(self.tsconfig.iter().cloned());
        config.python_roots.extend(
            self.python_root
                .iter()
                .map(|r| r.trim_matches('/').to_string()),
        );
        config.parent_package_edges = self.parent_packages;
        for spec in &self.request_wrapper {
            let wrapper = seam::config::RequestWrapper::from_spec(spec)
                .map_err(|e| SetupError::Usage(format!("--request-wrapper {e}")))?;
            config.request_wrappers.push(wrapper);
        }
        config.threads = self.threads;
        config.progress = progress;
        config.include_tests = self.include_tests;
        config.history = (!self.no_history).then(|| seam::history::HistoryOptions {
            since: self.since.clone(),
            max_files_per_commit: self.max_commit_files,
            min_revisions: self.min_revisions,
            min_shared: self.min_shared_commits,
            min_degree: self.min_coupling,
            churn: self.churn,
        });
        if let Some(seed) = self.seed {
            config.seed = seed;
        }
        for spec in &self.component {
            let component = seam::config::ComponentDecl::from_spec(spec)
                .map_err(|e| SetupError::Usage(format!("--component {e}")))?;
            config.components.push(component);
        }
        config.cache_dir = match (&self.no_cache, &self.cache_dir) {
            (true, _) => None,
            (false, Some(dir)) => Some(dir.clone()),
            (false, None) => Some(config.default_cache_dir()),
        };
        Ok((config, file))
    }
}
