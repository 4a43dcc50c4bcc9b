//! The JSON report, the contract (`ARCHITECTURE.md`, schema_version "1").
//!
//! Serde types only. Every list is sorted before it gets here and maps are
//! `BTreeMap`, so the same tree gives byte-identical JSON. Consumers may rely
//! on every key below; keys are added, never removed, without a version bump.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;

pub const SCHEMA_VERSION: &str = "1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Report {
    pub schema_version: String,
    pub tool: Tool,
    /// The audited root as given on the command line.
    pub root: String,
    pub summary: Summary,
    pub files: Vec<FileEntry>,
    pub modules: Vec<Module>,
    pub edges: Vec<Edge>,
    pub globals: Vec<SharedGlobal>,
    pub tables: Vec<Table>,
    pub routes: Vec<Route>,
    pub requests: Vec<Request>,
    pub links: Vec<Link>,
    /// Knots over every import (coupling cycles).
    pub cycles: Vec<Cycle>,
    /// Added: knots over the imports that run when a module loads
    /// (function-local and type-only imports left out): what must move
    /// together or be untied.
    #[serde(default)]
    pub import_cycles: Vec<Cycle>,
    pub hotspots: Vec<Hotspot>,
    pub clusters: Vec<Cluster>,
    /// Directory-level coupling (Martin's Ca/Ce/instability). Added in v1.
    pub packages: Vec<Package>,
    pub diagnostics: Vec<Diagnostic>,
    /// Declared components (`seam.toml`) compared with `clusters`.
    #[serde(default)]
    pub components: Vec<Component>,
    /// Edges between declared components that the declaration does not allow.
    #[serde(default)]
    pub boundary_violations: Vec<BoundaryViolation>,
    /// Route handlers that query tables in their own body (business logic
    /// in the presentation layer), most tables first.
    #[serde(default)]
    pub handler_queries: Vec<HandlerQueries>,
    /// The shared kernel: modules most of the source imports, set apart
    /// from the candidate services. Added in v1 (additive).
    #[serde(default)]
    pub kernel: Kernel,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Kernel {
    /// Kernel modules, most imported first.
    pub modules: Vec<KernelModule>,
    /// A source module imported by at least this many source modules is in
    /// the kernel (5% of them, at least 10), unless it handles routes.
    pub min_users: u32,
    /// Source modules that import some kernel module.
    pub users: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct KernelModule {
    pub id: String,
    /// Source modules importing it.
    pub users: u32,
}

/// Measures of the decomposition into `clusters` from the microservice
/// decomposition literature, on the production import graph (the bucket of
/// uncoupled modules and the kernel left out).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Decomposition {
    pub services: u32,
    pub modules: u32,
    /// Structural modularity: mean density inside services minus mean
    /// coupling between pairs of services (higher is better, at most 1).
    pub structural_modularity: f64,
    /// Inter-partition call percentage: the share of imports between
    /// services that cross a border (lower is better).
    pub icp: f64,
    /// Interface number: modules per service that other services import,
    /// on average (lower is better).
    pub ifn: f64,
    /// Non-extreme distribution: the share of modules in services with fewer
    /// than `ned_bounds[0]` or more than `ned_bounds[1]` modules (lower is better).
    pub ned: f64,
    pub ned_bounds: [u32; 2],
    /// Service sizes in modules, smallest first.
    pub sizes: Vec<u32>,
    /// The largest service's share of the clustered modules.
    pub largest_share: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Summary {
    pub files_analyzed: u32,
    pub files_skipped: u32,
    pub lines: u64,
    /// Analysed files per language (`python`, `javascript`, `typescript`, `tsx`).
    pub languages: BTreeMap<String, u32>,
    /// First-party file modules.
    pub modules: u32,
    pub external_packages: u32,
    /// Import edges between first-party modules.
    pub internal_edges: u32,
    /// All edges in `edges`.
    pub edges: u32,
    pub cycles: u32,
    /// Modules in the largest cycle (0 when there is none).
    pub largest_cycle: u32,
    /// Added: the same for `import_cycles`.
    #[serde(default)]
    pub import_cycles: Option<u32>,
    #[serde(default)]
    pub largest_import_cycle: Option<u32>,
    pub unresolved_imports: u32,
    pub syntax_error_files: u32,
    pub diagnostics: u32,
    /// Python source roots found (root-relative; `""` is the root itself).
    pub python_roots: Vec<String>,
    /// Modularity of the candidate services (`clusters`).
    pub modularity: Option<f64>,
    /// Whether git history was used, and how much of it.
    #[serde(default)]
    pub history: HistorySummary,
    /// How `hotspots[].score` is computed.
    #[serde(default)]
    pub hotspot_formula: String,
    /// Declared against found boundaries; absent when none are declared.
    #[serde(default)]
    pub boundaries: Option<BoundarySummary>,
    /// How good the candidate services are as a decomposition. Added in v1
    /// (additive).
    #[serde(default)]
    pub decomposition: Option<Decomposition>,
    /// What was audited: the project and, in a git checkout, its commit.
    /// Added in v1 (additive).
    #[serde(default)]
    pub source: Source,
}

/// The audited tree's name and version, for a report's reader to know what
/// the figures are of.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Source {
    /// The root folder's name.
    pub project: String,
    /// HEAD's commit, absent outside a git checkout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// HEAD's committer date (`YYYY-MM-DD`, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit_date: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct BoundarySummary {
    pub components: u32,
    /// Modules no declared component owns.
    pub unassigned_modules: u32,
    /// Normalised mutual information of declared and found boundaries over
    /// the declared modules (1: the clusters are the declared components).
    pub agreement: f64,
    pub violations: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Component {
    pub name: String,
    pub globs: Vec<String>,
    /// Components it may import from.
    pub may_use: Vec<String>,
    pub modules: Vec<String>,
    /// Cluster id → how many of this component's modules it holds.
    pub clusters: BTreeMap<String, u32>,
    /// Its modules coupled to nothing (in the bucket, not a cluster).
    #[serde(default)]
    pub uncoupled: u32,
    /// Share of its clustered modules in the cluster that holds most of them.
    pub cohesion: f64,
    /// Other components → their modules in the clusters holding this one.
    pub mixed_with: BTreeMap<String, u32>,
    /// Violations starting in this component.
    pub violations: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct BoundaryViolation {
    pub from: String,
    pub to: String,
    pub from_component: String,
    pub to_component: String,
    /// `import` or `co_change`.
    pub kind: String,
    pub file: String,
    pub line: u32,
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct HistorySummary {
    pub used: bool,
    /// What was read, or why history was not used.
    pub note: String,
    /// The `--since` window, when history was asked for.
    pub since: Option<String>,
    pub commits: u32,
    /// Commits left out for touching too many files.
    pub skipped_commits: u32,
    /// Module pairs above the change-coupling thresholds (`co_change` edges).
    pub co_changes: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FileEntry {
    pub path: String,
    pub language: Option<String>,
    /// `analyzed` or `skipped`.
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Module {
    /// The path for a file module; `ext:python:requests`, `ext:npm:react`.
    pub id: String,
    /// `module` or `external`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Dotted module name (Python), or the package name (external).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub lines: u32,
    pub fan_in: u32,
    pub fan_out: u32,
    pub external_deps: u32,
    pub instability: f64,
    /// File modules: `source`, `test`, `migration`, `fixture`, `vendored`,
    /// `generated`, `script` or `config`; only `source` modules are
    /// clustered into candidate services.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<crate::analyze::roles::Role>,
    /// The rule that decided the role (`under a migrations/ directory`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_rule: Option<String>,
    /// In the history window (file modules, when history was used).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<ModuleHistory>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ModuleHistory {
    pub commits: u32,
    /// Distinct author names.
    pub authors: u32,
    /// Lines added and removed in the window; only with `--churn` (git's
    /// line counts cost over ten times the rest of the history).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines_added: Option<u64>,
    /// With `--churn` only, as `lines_added`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines_removed: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Edge {
    pub from: String,
    pub to: String,
    /// `import` (more kinds as analyses land: `reads_global`, `uses_table`, …).
    pub kind: String,
    /// Evidence: the file and 1-based line of the first statement, and its text.
    pub file: String,
    pub line: u32,
    pub text: String,
    /// `static`, `dynamic`, `require` or `reexport`; absent for edges that
    /// are not imports.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub import_kind: String,
    pub lazy: bool,
    pub type_only: bool,
    pub conditional: bool,
    /// Python's implicit import of a parent package (`--parent-packages`).
    pub implicit: bool,
    /// Statements folded into this edge.
    pub occurrences: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Cycle {
    pub id: String,
    pub size: u32,
    pub modules: Vec<String>,
    /// One shortest cycle through the first module, first module repeated last.
    pub path: Vec<String>,
    /// Added: the fewest imports whose removal unties the knot (exact on
    /// small knots, a heuristic on large ones), with their evidence.
    #[serde(default)]
    pub breaks: Vec<CycleBreak>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CycleBreak {
    pub from: String,
    pub to: String,
    pub file: String,
    pub line: u32,
    pub text: String,
    /// Every statement behind it is inside a function.
    pub lazy: bool,
    /// Every statement behind it is for the type checker only.
    pub type_only: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Package {
    pub package: String,
    pub modules: u32,
    pub afferent: u32,
    pub efferent: u32,
    pub instability: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SharedGlobal {
    pub id: String,
    pub name: String,
    pub module: String,
    pub line: u32,
    pub kind: String,
    pub writers: Vec<String>,
    pub readers: Vec<String>,
    /// Modules that import it by value (`from m import X`) while its module
    /// rebinds it through `global`: their copy goes stale.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stale_copies: Vec<String>,
    /// Ranking: 3 per writing module or stale copy, 1 per reading module, 2
    /// per extra top-level directory involved. `globals[]` is sorted by it.
    #[serde(default)]
    pub risk: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Table {
    pub id: String,
    pub name: String,
    pub models: Vec<String>,
    pub writers: Vec<String>,
    pub readers: Vec<String>,
    /// Tables this one points to (foreign keys, many-to-many, SQLAlchemy
    /// relationships; a join table points to both sides).
    #[serde(default)]
    pub references: Vec<TableReference>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TableReference {
    /// The referenced table's name.
    pub table: String,
    /// `foreign_key`, `one_to_one`, `many_to_many`, `relationship`, `column`.
    pub kind: String,
    /// Where it is declared: `path:Class.field`, or `path:table` for a
    /// `Table()` column.
    pub via: String,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct HandlerQueries {
    /// `module:function` or `module:Class.method`.
    pub handler: String,
    /// The handler's module.
    pub file: String,
    /// Ids of the routes it serves.
    pub routes: Vec<String>,
    /// Table names it writes / reads in its own body.
    pub writes: Vec<String>,
    pub reads: Vec<String>,
    /// Each use with its evidence, in file order.
    pub uses: Vec<HandlerTableUse>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct HandlerTableUse {
    pub table: String,
    pub write: bool,
    pub line: u32,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Route {
    pub id: String,
    pub method: String,
    pub path: String,
    pub file: String,
    pub line: u32,
    pub handler: String,
    pub framework: String,
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Request {
    pub id: String,
    pub method: String,
    pub path: String,
    pub file: String,
    pub line: u32,
    pub via: String,
    /// `data` (a browser call that expects data), `navigation` (template
    /// links, forms), `server` (`url_for`/`reverse` in Python) or `test`.
    /// The endpoint figures and `requests_must_link` count `data` only.
    #[serde(default)]
    pub kind: crate::endpoints::RequestKind,
    /// The wrapper function the call goes through (`web/src/api.ts:get`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wrapper: Option<String>,
    /// Calls that reach the request through wrappers (`path:line`), when
    /// the request sits in a wrapper where its path text is written and
    /// their arguments only fill its placeholders.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub callers: Vec<String>,
    /// The route name it refers to (`url_for('auth.login')`, `{% url 'x' %}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route_name: Option<String>,
    /// Why it links to no route; absent when it links.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unlinked: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Link {
    pub request: String,
    pub route: String,
    pub confidence: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Hotspot {
    pub module: String,
    pub score: f64,
    pub factors: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Cluster {
    pub id: String,
    pub name: String,
    pub modules: Vec<String>,
    pub api: Vec<String>,
    pub routes: Vec<String>,
    pub globals: Vec<String>,
    pub tables: Vec<String>,
    pub cut_cost: f64,
    pub extraction_rank: u32,
    /// Route id → the frontend modules that call it (from `links`).
    #[serde(default)]
    pub route_callers: BTreeMap<String, Vec<String>>,
    /// Test modules attached to the service (they import its modules most).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tests: Vec<String>,
    /// Migrations attached the same way.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub migrations: Vec<String>,
    /// Scripts and configuration that reach the service.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scripts: Vec<String>,
    /// The share of its coupling (import, shared-state, request and
    /// co-change weight) that goes to the kernel.
    #[serde(default)]
    pub kernel_share: f64,
    /// The share of its coupling weight that crosses its border,
    /// `cut_cost / (cut_cost + internal weight)`: the extraction order's
    /// criterion (least entangled first, after services that serve routes
    /// or use tables). Added in v1 (additive).
    #[serde(default)]
    pub entanglement: f64,
    /// Another cluster's id → the summed change-coupling degree of module
    /// pairs across the two (git history; empty without it).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub change_coupling: BTreeMap<String, f64>,
}
