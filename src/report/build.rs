//! Assembles the [`Report`] from the stages' outputs, sorted for determinism.

use std::collections::BTreeMap;

use petgraph::visit::EdgeRef;

use super::model::*;
use crate::analyze::{Analysis, Seams};
use crate::diagnostic::{Diagnostic, DiagnosticKind};
use crate::discover::{Language, Skipped};
use crate::endpoints::Endpoints;
use crate::extract::{FileFacts, ImportKind};
use crate::graph::{DepGraph, EdgeKind, NodeKind};
use crate::resolve::Resolution;

/// Everything the report is built from.
pub struct Inputs<'a> {
    pub root_display: String,
    pub facts: &'a [FileFacts],
    pub skipped: &'a [Skipped],
    pub resolution: &'a Resolution,
    pub endpoints: &'a Endpoints,
    pub graph: &'a DepGraph,
    pub analysis: &'a Analysis,
    pub seams: &'a crate::analyze::Seams,
    pub state: &'a crate::state::State,
    pub source: super::model::Source,
}

/// Four decimals: enough for a ratio, and stable across platforms.
fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

pub fn language_name(language: Language) -> &'static str {
    match language {
        Language::Python => "python",
        Language::JavaScript => "javascript",
        Language::TypeScript => "typescript",
        Language::Tsx => "tsx",
        Language::Html => "html",
        Language::Vue => "vue",
    }
}

fn import_kind_name(kind: ImportKind) -> &'static str {
    match kind {
        ImportKind::Static => "static",
        ImportKind::Dynamic => "dynamic",
        ImportKind::Require => "require",
        ImportKind::Reexport => "reexport",
    }
}

pub fn build(inputs: Inputs) -> Report {
    let Inputs {
        root_display,
        facts,
        skipped,
        resolution,
        endpoints,
        graph,
        analysis,
        seams,
        state,
        source,
    } = inputs;
    let files = files(facts, skipped);
    let modules = super::seams::with_history(modules(graph, analysis, resolution, seams), seams);
    let mut edges = edges(graph);
    edges.extend(super::seams::co_change_edges(seams));
    edges.sort_by(|a, b| (&a.from, &a.to, &a.kind).cmp(&(&b.from, &b.to, &b.kind)));
    let cycles = report_cycles(graph, &analysis.cycles, "cycle");
    let import_cycles = report_cycles(graph, &analysis.import_cycles, "import-cycle");
    let mut diagnostics: Vec<Diagnostic> = facts
        .iter()
        .flat_map(|f| f.diagnostics.iter().cloned())
        .chain(resolution.diagnostics.iter().cloned())
        .chain(endpoints.diagnostics.iter().cloned())
        .collect();
    diagnostics.sort();
    diagnostics.dedup();

    let mut languages: BTreeMap<String, u32> = BTreeMap::new();
    for f in facts {
        *languages
            .entry(language_name(f.language).to_string())
            .or_default() += 1;
    }
    let internal_edges = edges
        .iter()
        .filter(|e| e.kind == "import" && !e.to.starts_with("ext:"))
        .count() as u32;
    let summary = Summary {
        files_analyzed: facts.len() as u32,
        files_skipped: skipped.len() as u32,
        lines: facts.iter().map(|f| u64::from(f.lines)).sum(),
        languages,
        modules: modules.iter().filter(|m| m.kind == "module").count() as u32,
        external_packages: modules.iter().filter(|m| m.kind == "external").count() as u32,
        internal_edges,
        edges: edges.len() as u32,
        cycles: cycles.len() as u32,
        largest_cycle: cycles.iter().map(|c| c.size).max().unwrap_or(0),
        import_cycles: Some(import_cycles.len() as u32),
        largest_import_cycle: Some(import_cycles.iter().map(|c| c.size).max().unwrap_or(0)),
        unresolved_imports: diagnostics
            .iter()
            .filter(|d| d.kind == DiagnosticKind::UnresolvedImport)
            .count() as u32,
        syntax_error_files: facts.iter().filter(|f| f.syntax_errors > 0).count() as u32,
        diagnostics: diagnostics.len() as u32,
        python_roots: resolution.python_roots.clone(),
        modularity: Some(round(seams.modularity)),
        history: super::seams::history_summary(seams),
        hotspot_formula: super::seams::formula(),
        boundaries: super::seams::boundary_summary(seams),
        decomposition: super::seams::decomposition(seams),
        source,
    };
    let packages = analysis
        .packages
        .iter()
        .map(|p| Package {
            package: p.package.clone(),
            modules: p.modules,
            afferent: p.afferent,
            efferent: p.efferent,
            instability: round(p.instability),
        })
        .collect();
    Report {
        schema_version: SCHEMA_VERSION.to_string(),
        tool: Tool {
            name: "seam".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        root: root_display,
        summary,
        files,
        modules,
        edges,
        globals: super::state::globals(state, seams),
        tables: super::state::tables(state, seams),
        routes: routes(endpoints),
        requests: requests(endpoints),
        links: endpoints
            .links
            .iter()
            .map(|l| Link {
                request: l.request.clone(),
                route: l.route.clone(),
                confidence: l.confidence,
            })
            .collect(),
        cycles,
        import_cycles,
        hotspots: super::seams::hotspots(seams),
        clusters: super::seams::clusters(seams),
        packages,
        diagnostics,
        components: super::seams::components(seams),
        boundary_violations: super::seams::boundary_violations(seams),
        handler_queries: super::state::handler_queries(state),
        kernel: super::seams::kernel(seams),
    }
}

fn files(facts: &[FileFacts], skipped: &[Skipped]) -> Vec<FileEntry> {
    let mut files: Vec<FileEntry> = facts
        .iter()
        .map(|f| FileEntry {
            path: f.path.clone(),
            language: Some(language_name(f.language).into()),
            status: "analyzed".into(),
            reason: None,
            lines: Some(f.lines),
            bytes: Some(f.bytes),
        })
        .chain(skipped.iter().map(|s| FileEntry {
            path: s.path.clone(),
            language: Language::from_path(&s.path).map(|l| language_name(l).into()),
            status: "skipped".into(),
            reason: Some(s.reason.clone()),
            lines: None,
            bytes: None,
        }))
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path).then(a.status.cmp(&b.status)));
    files
}

fn modules(
    graph: &DepGraph,
    analysis: &Analysis,
    resolution: &Resolution,
    seams: &Seams,
) -> Vec<Module> {
    graph
        .nodes_sorted()
        .filter(|(_, ix)| matches!(graph.graph[*ix].kind, NodeKind::Module | NodeKind::External))
        .map(|(id, ix)| {
            let node = &graph.graph[ix];
            let m = analysis.metrics.get(id).cloned().unwrap_or_default();
            let is_file = node.kind == NodeKind::Module;
            Module {
                id: id.to_string(),
                kind: if is_file { "module" } else { "external" }.into(),
                path: is_file.then(|| id.to_string()),
                language: node.language.map(|l| language_name(l).into()),
                name: if is_file {
                    resolution.python_names.get(id).cloned()
                } else {
                    id.splitn(3, ':').nth(2).map(str::to_string)
                },
                lines: node.lines,
                fan_in: m.fan_in,
                fan_out: m.fan_out,
                external_deps: m.external_deps,
                instability: round(m.instability),
                history: None,
                role: seams.roles.get(id).map(|a| a.role),
                role_rule: seams.roles.get(id).map(|a| a.rule.clone()),
            }
        })
        .collect()
}

fn edges(graph: &DepGraph) -> Vec<Edge> {
    let g = &graph.graph;
    let mut edges: Vec<Edge> = g
        .edge_references()
        .map(|e| {
            let w = e.weight();
            Edge {
                from: g[e.source()].id.clone(),
                to: g[e.target()].id.clone(),
                kind: edge_kind_name(w.kind).into(),
                file: w.file.clone(),
                line: w.line,
                text: w.text.clone(),
                import_kind: match w.kind {
                    EdgeKind::Import => import_kind_name(w.import_kind).into(),
                    _ => String::new(),
                },
                lazy: w.lazy,
                type_only: w.type_only,
                conditional: w.conditional,
                implicit: w.implicit,
                occurrences: w.occurrences,
            }
        })
        .collect();
    edges.sort_by(|a, b| (&a.from, &a.to, &a.kind).cmp(&(&b.from, &b.to, &b.kind)));
    edges
}

fn edge_kind_name(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Import => "import",
        EdgeKind::Handles => "handles",
        EdgeKind::Requests => "requests",
        EdgeKind::ReadsGlobal => "reads_global",
        EdgeKind::WritesGlobal => "writes_global",
        EdgeKind::UsesTable => "uses_table",
    }
}

fn routes(endpoints: &Endpoints) -> Vec<Route> {
    endpoints
        .routes
        .iter()
        .map(|r| Route {
            id: r.id.clone(),
            method: r.method.clone(),
            path: r.path.clone(),
            file: r.file.clone(),
            line: r.line,
            handler: r.handler.clone(),
            framework: r.framework.clone(),
            name: r.name.clone(),
        })
        .collect()
}

fn requests(endpoints: &Endpoints) -> Vec<Request> {
    endpoints
        .requests
        .iter()
        .map(|r| Request {
            id: r.id.clone(),
            method: r.method.clone(),
            path: r.path.clone(),
            file: r.file.clone(),
            line: r.line,
            via: r.via.clone(),
            kind: r.kind,
            wrapper: r.wrapper.clone(),
            callers: r.callers.clone(),
            route_name: r.route_name.clone(),
            unlinked: r.unlinked.clone(),
        })
        .collect()
}

/// Cycles with the evidence of the imports that break them.
fn report_cycles(graph: &DepGraph, found: &[crate::analyze::Cycle], prefix: &str) -> Vec<Cycle> {
    let g = &graph.graph;
    found
        .iter()
        .enumerate()
        .map(|(i, c)| Cycle {
            id: format!("{prefix}-{}", i + 1),
            size: c.modules.len() as u32,
            modules: c.modules.clone(),
            path: c.path.clone(),
            breaks: c
                .breaks
                .iter()
                .filter_map(|(from, to)| {
                    let (a, b) = (graph.node(from)?, graph.node(to)?);
                    let e = g
                        .edges_connecting(a, b)
                        .find(|e| e.weight().kind == EdgeKind::Import)?
                        .weight();
                    Some(CycleBreak {
                        from: from.clone(),
                        to: to.clone(),
                        file: e.file.clone(),
                        line: e.line,
                        text: e.text.clone(),
                        lazy: e.lazy,
                        type_only: e.type_only,
                    })
                })
                .collect(),
        })
        .collect()
}
