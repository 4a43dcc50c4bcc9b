//! Declared components against found boundaries. Takes the components the
//! architects intend (`seam.toml`: a name, globs of the modules it owns, the
//! components it may use), the dependency graph, the change coupling and the
//! candidate services found; gives per component where its modules landed
//! among the found clusters, and every edge that crosses a declared border
//! it should not cross. Pure; never reads files.

use std::collections::{BTreeMap, BTreeSet};

use globset::{Glob, GlobSet, GlobSetBuilder};
use petgraph::visit::EdgeRef;

use super::cluster::nmi;
use super::services::Service;
use crate::config::ComponentDecl;
use crate::graph::{DepGraph, EdgeKind, NodeKind};
use crate::history::History;

/// One declared component as found in the tree.
#[derive(Debug, Clone, PartialEq)]
pub struct ComponentFinding {
    pub name: String,
    pub globs: Vec<String>,
    pub may_use: Vec<String>,
    /// Modules it owns (the first component whose glob matches owns a module).
    pub modules: Vec<String>,
    /// Found cluster (extraction rank) → how many of its modules are there.
    /// The bucket of uncoupled modules is not a cluster: see `uncoupled`.
    pub clusters: BTreeMap<u32, u32>,
    /// Its modules coupled to nothing (in no cluster).
    pub uncoupled: u32,
    /// The share of its clustered modules in the cluster holding most of
    /// them (1.0: the clustering found this component as one piece, or
    /// inside one).
    pub cohesion: f64,
    /// Modules of other components in the clusters that hold this one's.
    pub mixed_with: BTreeMap<String, u32>,
    pub violations: u32,
}

/// An edge between two declared components that the declaration does not allow.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
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

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Boundaries {
    pub components: Vec<ComponentFinding>,
    /// Modules no declared component owns.
    pub unassigned: u32,
    /// Normalised mutual information between declared and found boundaries
    /// over the modules some component owns and some cluster holds (1.0:
    /// the same partition).
    pub agreement: f64,
    pub violations: Vec<Violation>,
}

/// Compiles each component's globs; an invalid glob is the user's error.
pub fn matchers(declared: &[ComponentDecl]) -> Result<Vec<GlobSet>, String> {
    declared
        .iter()
        .map(|c| {
            let mut builder = GlobSetBuilder::new();
            for glob in &c.globs {
                let glob = Glob::new(glob)
                    .map_err(|e| format!("component `{}`: glob `{glob}`: {e}", c.name))?;
                builder.add(glob);
            }
            builder
                .build()
                .map_err(|e| format!("component `{}`: {e}", c.name))
        })
        .collect()
}

pub fn compare(
    declared: &[ComponentDecl],
    graph: &DepGraph,
    history: Option<&History>,
    services: &[Service],
) -> Result<Option<Boundaries>, String> {
    if declared.is_empty() {
        return Ok(None);
    }
    let sets = matchers(declared)?;
    let g = &graph.graph;
    let modules: Vec<&str> = graph
        .nodes_sorted()
        .filter(|&(_, ix)| g[ix].kind == NodeKind::Module)
        .map(|(id, _)| id)
        .collect();
    let owner: BTreeMap<&str, usize> = modules
        .iter()
        .filter_map(|&m| Some((m, sets.iter().position(|s| s.is_match(m))?)))
        .collect();
    let cluster_of: BTreeMap<&str, u32> = services
        .iter()
        .filter(|s| !s.unconnected)
        // Tests, migrations and scripts count where they are attached.
        .flat_map(|s| {
            s.modules
                .iter()
                .chain(&s.tests)
                .chain(&s.migrations)
                .chain(&s.scripts)
                .map(|m| (m.as_str(), s.extraction_rank))
        })
        .collect();

    let allowed = |a: usize, b: usize| {
        a == b
            || declared[a]
                .may_use
                .iter()
                .any(|name| *name == declared[b].name)
    };
    let mut violations = Vec::new();
    for e in g.edge_references() {
        let w = e.weight();
        if w.kind != EdgeKind::Import || w.implicit {
            continue;
        }
        let (from, to) = (g[e.source()].id.as_str(), g[e.target()].id.as_str());
        if let (Some(&a), Some(&b)) = (owner.get(from), owner.get(to))
            && !allowed(a, b)
        {
            violations.push(Violation {
                from: from.to_string(),
                to: to.to_string(),
                from_component: declared[a].name.clone(),
                to_component: declared[b].name.clone(),
                kind: "import".into(),
                file: w.file.clone(),
                line: w.line,
                text: w.text.clone(),
            });
        }
    }
    // Files that keep changing together across a border the declaration
    // says is there: hidden coupling, whichever direction.
    for c in history.map(|h| h.coupling.as_slice()).unwrap_or_default() {
        if let (Some(&a), Some(&b)) = (owner.get(c.a.as_str()), owner.get(c.b.as_str()))
            && !allowed(a, b)
            && !allowed(b, a)
        {
            violations.push(Violation {
                from: c.a.clone(),
                to: c.b.clone(),
                from_component: declared[a].name.clone(),
                to_component: declared[b].name.clone(),
                kind: "co_change".into(),
                file: c.a.clone(),
                line: 0,
                text: format!(
                    "changed together in {} commits (degree {:.2})",
                    c.shared, c.degree
                ),
            });
        }
    }
    violations
        .sort_by(|x, y| (&x.from, &x.to, &x.kind, x.line).cmp(&(&y.from, &y.to, &y.kind, y.line)));

    let mut components: Vec<ComponentFinding> = declared
        .iter()
        .map(|c| ComponentFinding {
            name: c.name.clone(),
            globs: c.globs.clone(),
            may_use: c.may_use.clone(),
            modules: Vec::new(),
            clusters: BTreeMap::new(),
            uncoupled: 0,
            cohesion: 0.0,
            mixed_with: BTreeMap::new(),
            violations: 0,
        })
        .collect();
    for (&m, &c) in &owner {
        components[c].modules.push(m.to_string());
        match cluster_of.get(m) {
            Some(&k) => *components[c].clusters.entry(k).or_default() += 1,
            None => components[c].uncoupled += 1,
        }
    }
    for v in &violations {
        if let Some(c) = components.iter_mut().find(|c| c.name == v.from_component) {
            c.violations += 1;
        }
    }
    // Who shares the found clusters with each component.
    let mut owners_in_cluster: BTreeMap<u32, BTreeMap<usize, u32>> = BTreeMap::new();
    for (&m, &c) in &owner {
        if let Some(&k) = cluster_of.get(m) {
            *owners_in_cluster
                .entry(k)
                .or_default()
                .entry(c)
                .or_default() += 1;
        }
    }
    for (i, component) in components.iter_mut().enumerate() {
        let largest = component.clusters.values().copied().max().unwrap_or(0);
        let clustered = component.modules.len() as u32 - component.uncoupled;
        component.cohesion = if clustered == 0 {
            0.0
        } else {
            f64::from(largest) / f64::from(clustered)
        };
        let held: BTreeSet<u32> = component.clusters.keys().copied().collect();
        for k in held {
            for (&other, &n) in &owners_in_cluster[&k] {
                if other != i {
                    *component
                        .mixed_with
                        .entry(declared[other].name.clone())
                        .or_default() += n;
                }
            }
        }
    }
    let (declared_labels, found_labels): (Vec<usize>, Vec<usize>) = owner
        .iter()
        .filter_map(|(m, &c)| Some((c, *cluster_of.get(m)? as usize)))
        .unzip();
    let agreement = if declared_labels.is_empty() {
        0.0
    } else {
        nmi(&declared_labels, &found_labels)
    };
    Ok(Some(Boundaries {
        components,
        unassigned: (modules.len() - owner.len()) as u32,
        agreement,
        violations,
    }))
}
