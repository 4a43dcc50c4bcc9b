//! Stage 5, **analyze**: pure functions of the graph — coupling metrics per
//! module and per package, and cycles (strongly connected components plus
//! self-imports), each with one concrete shortest cycle to show a person.

pub mod boundaries;
pub mod cluster;
pub mod cycles;
pub mod decomposition;
pub mod hotspots;
mod naming;
pub mod roles;
pub mod services;

use std::collections::{BTreeMap, BTreeSet};

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

use crate::graph::{DepGraph, EdgeKind, NodeKind};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ModuleMetrics {
    /// Distinct first-party modules that import this one (afferent coupling).
    pub fan_in: u32,
    /// Distinct first-party modules this one imports (efferent coupling).
    pub fan_out: u32,
    /// Distinct external packages this one imports.
    pub external_deps: u32,
    /// `fan_out / (fan_in + fan_out)`: 0 is maximally stable, 1 unstable.
    pub instability: f64,
}

/// Martin's package metrics at directory level.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PackageMetrics {
    /// Directory, root-relative (`""` is the root).
    pub package: String,
    pub modules: u32,
    /// Modules outside the package that import one inside (Ca).
    pub afferent: u32,
    /// Modules outside the package imported from inside (Ce).
    pub efferent: u32,
    pub instability: f64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cycle {
    /// Every module of the strongly connected component, sorted.
    pub modules: Vec<String>,
    /// One shortest cycle through the component's first module: `[a, b, a]`.
    pub path: Vec<String>,
    /// The fewest edges (from, to) whose removal leaves no cycle in the
    /// knot: exact on small knots, the Eades–Lin–Smyth heuristic on others.
    pub breaks: Vec<(String, String)>,
}

/// Where the seams are: history, hotspots and candidate services.
#[derive(Debug, Default)]
pub struct Seams {
    /// The history read, or why none was.
    pub history: Option<crate::history::History>,
    pub history_note: String,
    pub since: Option<String>,
    pub hotspots: Vec<hotspots::Hotspot>,
    pub services: Vec<services::Service>,
    pub modularity: f64,
    pub kernel: services::Kernel,
    pub decomposition: decomposition::Metrics,
    /// Declared components against the clusters found (when any are declared).
    pub boundaries: Option<boundaries::Boundaries>,
    /// Every module's role and the rule that decided it.
    pub roles: BTreeMap<String, roles::Assigned>,
    /// Whether tests, migrations and fixtures count in the production views.
    pub include_tests: bool,
}

#[derive(Debug, Default)]
pub struct Analysis {
    pub metrics: BTreeMap<String, ModuleMetrics>,
    pub packages: Vec<PackageMetrics>,
    /// Knots over every import (coupling cycles).
    pub cycles: Vec<Cycle>,
    /// Knots over the imports that run when a module loads: function-local
    /// (lazy) and type-only imports left out. What must move together.
    pub import_cycles: Vec<Cycle>,
}

pub fn analyze(graph: &DepGraph) -> Analysis {
    // Four reads of one graph: on the run's pool, side by side.
    let ((metrics, packages), (cycles, import_cycles)) = rayon::join(
        || rayon::join(|| module_metrics(graph), || package_metrics(graph)),
        || {
            rayon::join(
                || cycles::cycles(graph, cycles::Edges::All),
                || cycles::cycles(graph, cycles::Edges::ImportTime),
            )
        },
    );
    Analysis {
        metrics,
        packages,
        cycles,
        import_cycles,
    }
}

fn is_module(graph: &DepGraph, ix: NodeIndex) -> bool {
    graph.graph[ix].kind == NodeKind::Module
}

fn ratio(part: u32, other: u32) -> f64 {
    if part + other == 0 {
        0.0
    } else {
        f64::from(part) / f64::from(part + other)
    }
}

fn module_metrics(graph: &DepGraph) -> BTreeMap<String, ModuleMetrics> {
    let g = &graph.graph;
    let mut out = BTreeMap::new();
    for (id, ix) in graph.nodes_sorted() {
        if !is_module(graph, ix) {
            continue;
        }
        let mut m = ModuleMetrics::default();
        for e in g.edges_directed(ix, petgraph::Direction::Outgoing) {
            if e.target() == ix || e.weight().kind != EdgeKind::Import {
                continue;
            }
            match g[e.target()].kind {
                NodeKind::Module => m.fan_out += 1,
                NodeKind::External => m.external_deps += 1,
                NodeKind::Route | NodeKind::Global | NodeKind::Table => {}
            }
        }
        m.fan_in = g
            .edges_directed(ix, petgraph::Direction::Incoming)
            .filter(|e| e.source() != ix && e.weight().kind == EdgeKind::Import)
            .count() as u32;
        m.instability = ratio(m.fan_out, m.fan_in);
        out.insert(id.to_string(), m);
    }
    out
}

fn package_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

fn package_metrics(graph: &DepGraph) -> Vec<PackageMetrics> {
    let g = &graph.graph;
    let mut modules: BTreeMap<&str, u32> = BTreeMap::new();
    let mut afferent: BTreeMap<&str, BTreeSet<NodeIndex>> = BTreeMap::new();
    let mut efferent: BTreeMap<&str, BTreeSet<NodeIndex>> = BTreeMap::new();
    for (id, ix) in graph.nodes_sorted() {
        if is_module(graph, ix) {
            *modules.entry(package_of(id)).or_default() += 1;
        }
    }
    for e in g.edge_references() {
        let (a, b) = (e.source(), e.target());
        if !is_module(graph, a) || !is_module(graph, b) || e.weight().kind != EdgeKind::Import {
            continue;
        }
        let (pa, pb) = (package_of(&g[a].id), package_of(&g[b].id));
        if pa != pb {
            efferent.entry(pa).or_default().insert(b);
            afferent.entry(pb).or_default().insert(a);
        }
    }
    modules
        .into_iter()
        .map(|(package, count)| {
            let ca = afferent.get(package).map_or(0, |s| s.len() as u32);
            let ce = efferent.get(package).map_or(0, |s| s.len() as u32);
            PackageMetrics {
                package: package.to_string(),
                modules: count,
                afferent: ca,
                efferent: ce,
                instability: ratio(ce, ca),
            }
        })
        .collect()
}
