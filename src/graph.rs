//! Stage 4, **graph**: resolved facts in, one typed dependency graph out.
//!
//! [`DepGraph`] wraps a petgraph `DiGraph`; nodes are deduplicated through a
//! `BTreeMap` keyed by node id, so building is deterministic. Several import
//! statements from one module to another fold into one edge that keeps the
//! first statement as evidence and counts the rest.

use std::collections::BTreeMap;

use petgraph::graph::{DiGraph, NodeIndex};
use serde::{Deserialize, Serialize};

use crate::discover::Language;
use crate::extract::{FileFacts, ImportKind};
use crate::resolve::{Resolution, Target};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    Module,
    External,
    /// A backend route: `route:GET /api/users`.
    Route,
    /// Shared module-level or browser state: `global:app/ext.py:cache`.
    Global,
    /// A database table: `table:orders`.
    Table,
}

#[derive(Debug, Clone)]
pub struct Node {
    /// `app/models.py` for a file, `ext:python:requests` / `ext:npm:react`.
    pub id: String,
    pub kind: NodeKind,
    pub language: Option<Language>,
    pub lines: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    Import,
    /// Route → the module whose function handles it.
    Handles,
    /// Frontend module → a route it calls.
    Requests,
    /// Module → a global it reads / writes.
    ReadsGlobal,
    WritesGlobal,
    /// Module → a table it queries or changes.
    UsesTable,
}

/// An edge and the evidence for it.
impl Edge {
    /// Runs when the importing module loads: neither lazy nor type-only.
    pub fn loads(&self) -> bool {
        !(self.lazy || self.type_only)
    }
}

#[derive(Debug, Clone)]
pub struct Edge {
    pub kind: EdgeKind,
    pub file: String,
    pub line: u32,
    pub text: String,
    pub import_kind: ImportKind,
    /// No statement behind this edge runs when the module loads, and some
    /// are inside a function.
    pub lazy: bool,
    /// No statement behind this edge runs when the module loads, and some
    /// are for the type checker only.
    pub type_only: bool,
    pub conditional: bool,
    /// Python's implicit import of a parent package.
    pub implicit: bool,
    /// How many import statements this edge stands for.
    pub occurrences: u32,
}

#[derive(Debug, Default)]
pub struct DepGraph {
    pub graph: DiGraph<Node, Edge>,
    ids: BTreeMap<String, NodeIndex>,
}

pub fn external_id(ecosystem: &str, name: &str) -> String {
    format!("ext:{ecosystem}:{name}")
}

impl DepGraph {
    pub fn node(&self, id: &str) -> Option<NodeIndex> {
        self.ids.get(id).copied()
    }

    fn add_node(&mut self, node: Node) -> NodeIndex {
        if let Some(&index) = self.ids.get(&node.id) {
            return index;
        }
        let id = node.id.clone();
        let index = self.graph.add_node(node);
        self.ids.insert(id, index);
        index
    }

    /// Node ids in sorted order with their indices.
    pub fn nodes_sorted(&self) -> impl Iterator<Item = (&str, NodeIndex)> {
        self.ids.iter().map(|(id, &ix)| (id.as_str(), ix))
    }

    pub fn build(facts: &[FileFacts], resolution: &Resolution) -> DepGraph {
        let mut g = DepGraph::default();
        for file in facts {
            g.add_node(Node {
                id: file.path.clone(),
                kind: NodeKind::Module,
                language: Some(file.language),
                lines: file.lines,
            });
        }
        let mut edges: BTreeMap<(NodeIndex, NodeIndex), Edge> = BTreeMap::new();
        for import in resolution.imports() {
            let to = match &import.target {
                Target::Module { path } => match g.node(path) {
                    Some(ix) => ix,
                    // A `.d.ts`-only or otherwise unparsed target still counts.
                    None => g.add_node(Node {
                        id: path.to_string(),
                        kind: NodeKind::Module,
                        language: Language::from_path(path),
                        lines: 0,
                    }),
                },
                Target::External { ecosystem, name } => g.add_node(Node {
                    id: external_id(ecosystem, name),
                    kind: NodeKind::External,
                    language: None,
                    lines: 0,
                }),
                Target::Unresolved { .. } => continue,
            };
            let (file, raw) = (import.from(facts), import.raw(facts));
            let from = g.node(file).expect("importer is a parsed file");
            let edge = Edge {
                kind: EdgeKind::Import,
                file: file.to_string(),
                line: raw.line,
                text: raw.text.to_string(),
                import_kind: raw.kind,
                lazy: raw.lazy,
                type_only: raw.type_only,
                conditional: raw.conditional,
                implicit: import.implicit,
                occurrences: 1,
            };
            edges
                .entry((from, to))
                .and_modify(|e| {
                    e.occurrences += 1;
                    // The edge ties the modules at load time when any of
                    // its statements runs then; one under `if TYPE_CHECKING:`
                    // and one inside a function tie nothing at load time.
                    if edge.loads() || e.loads() {
                        e.lazy = false;
                        e.type_only = false;
                    } else {
                        e.lazy |= edge.lazy;
                        e.type_only |= edge.type_only;
                    }
                    e.conditional &= edge.conditional;
                    e.implicit &= edge.implicit;
                    if edge.line < e.line {
                        e.line = edge.line;
                        e.text = edge.text.clone();
                        e.import_kind = edge.import_kind;
                    }
                })
                .or_insert(edge);
        }
        for ((from, to), edge) in edges {
            g.graph.add_edge(from, to, edge);
        }
        g
    }
}

impl DepGraph {
    /// Adds `Global` and `Table` nodes with `ReadsGlobal`/`WritesGlobal`/
    /// `UsesTable` edges from the modules that touch them, one edge per
    /// module, node and kind, the first touch as evidence.
    pub fn add_state(&mut self, state: &crate::state::State) {
        let mut edges: BTreeMap<(NodeIndex, NodeIndex, EdgeKind), Edge> = BTreeMap::new();
        let mut touch =
            |g: &mut DepGraph, id: &str, kind: NodeKind, t: &crate::state::Touch, edge_kind| {
                let to = g.add_node(Node {
                    id: id.to_string(),
                    kind,
                    language: None,
                    lines: 0,
                });
                let Some(from) = g.node(&t.file) else {
                    return;
                };
                let edge = Edge {
                    kind: edge_kind,
                    file: t.file.clone(),
                    line: t.line,
                    text: t.text.clone(),
                    import_kind: ImportKind::Static,
                    lazy: false,
                    type_only: false,
                    conditional: false,
                    implicit: false,
                    occurrences: 1,
                };
                edges
                    .entry((from, to, edge_kind))
                    .and_modify(|e| e.occurrences += 1)
                    .or_insert(edge);
            };
        for global in &state.globals {
            for t in &global.touches {
                let kind = if t.write {
                    EdgeKind::WritesGlobal
                } else {
                    EdgeKind::ReadsGlobal
                };
                touch(self, &global.id, NodeKind::Global, t, kind);
            }
        }
        for table in &state.tables {
            self.add_node(Node {
                id: table.id.clone(),
                kind: NodeKind::Table,
                language: None,
                lines: 0,
            });
            for t in &table.touches {
                touch(self, &table.id, NodeKind::Table, t, EdgeKind::UsesTable);
            }
        }
        for ((from, to, _), edge) in edges {
            self.graph.add_edge(from, to, edge);
        }
    }

    /// Adds `Route` nodes, `Handles` edges (route → handler module) and
    /// `Requests` edges (calling module → route), one edge per pair with the
    /// first call as evidence and the rest counted.
    pub fn add_endpoints(&mut self, endpoints: &crate::endpoints::Endpoints) {
        let mut edges: BTreeMap<(NodeIndex, NodeIndex), Edge> = BTreeMap::new();
        let mut route_ix = BTreeMap::new();
        let evidence = |kind, file: &str, line, text: String| Edge {
            kind,
            file: file.to_string(),
            line,
            text,
            import_kind: ImportKind::Static,
            lazy: false,
            type_only: false,
            conditional: false,
            implicit: false,
            occurrences: 1,
        };
        for route in &endpoints.routes {
            let ix = self.add_node(Node {
                id: route.id.clone(),
                kind: NodeKind::Route,
                language: None,
                lines: 0,
            });
            route_ix.insert(route.id.as_str(), ix);
            let Some(handler) = self.node(&route.handler_file) else {
                continue;
            };
            let text = format!("{} {} → {}", route.method, route.path, route.handler);
            let edge = evidence(EdgeKind::Handles, &route.file, route.line, text);
            fold(&mut edges, (ix, handler), edge);
        }
        let requests: BTreeMap<&str, &crate::endpoints::Request> = endpoints
            .requests
            .iter()
            .map(|r| (r.id.as_str(), r))
            .collect();
        for link in &endpoints.links {
            let (Some(request), Some(&to)) = (
                requests.get(link.request.as_str()),
                route_ix.get(link.route.as_str()),
            ) else {
                continue;
            };
            let Some(from) = self.node(&request.file) else {
                continue;
            };
            let text = format!("{} {} ({})", request.method, request.path, request.via);
            let edge = evidence(EdgeKind::Requests, &request.file, request.line, text);
            fold(&mut edges, (from, to), edge);
            // A module reaching the request through a wrapper calls the
            // route too.
            for caller in &request.callers {
                let Some((file, line)) = caller.rsplit_once(':') else {
                    continue;
                };
                let Some(from) = self.node(file) else {
                    continue;
                };
                let text = format!(
                    "{} {} (through {}:{})",
                    request.method, request.path, request.file, request.line
                );
                let edge = evidence(EdgeKind::Requests, file, line.parse().unwrap_or(0), text);
                fold(&mut edges, (from, to), edge);
            }
        }
        for ((from, to), edge) in edges {
            self.graph.add_edge(from, to, edge);
        }
    }
}

impl DepGraph {
    /// Modules that handle some route.
    pub fn route_handlers(&self) -> std::collections::BTreeSet<&str> {
        let g = &self.graph;
        g.edge_references()
            .filter(|e| e.weight().kind == EdgeKind::Handles)
            .map(|e| g[petgraph::visit::EdgeRef::target(&e)].id.as_str())
            .collect()
    }
}

fn fold(
    edges: &mut BTreeMap<(NodeIndex, NodeIndex), Edge>,
    key: (NodeIndex, NodeIndex),
    edge: Edge,
) {
    edges
        .entry(key)
        .and_modify(|e| {
            e.occurrences += 1;
            if (&edge.file, edge.line) < (&e.file, e.line) {
                e.file = edge.file.clone();
                e.line = edge.line;
                e.text = edge.text.clone();
            }
        })
        .or_insert(edge);
}
