//! Candidate services: modules clustered on a weighted, undirected view of
//! the graph (imports, change coupling, shared globals and tables), and per
//! cluster what cutting it out would take — the API other clusters use, the
//! routes it serves, the state it shares, the weight of the edges it cuts —
//! ranked least entangled first among those serving routes or touching
//! tables, then the rest (the strangler-fig order).
//!
//! Modules nearly every part imports (the models package, the error types,
//! the HTTP wrapper) are a shared kernel, set apart before clustering: they
//! would glue everything into one service, and an architect keeps them as a
//! library or a platform layer rather than cutting them.

use std::collections::{BTreeMap, BTreeSet};

use petgraph::Direction;
use petgraph::visit::EdgeRef;

use super::cluster::{WeightedGraph, cluster, modularity};
use super::decomposition;
use super::naming::{cluster_name, disambiguate};
use super::roles::{Assigned, Role};
pub use crate::config::ServiceWeights;
use crate::extract::FileFacts;
use crate::graph::{DepGraph, EdgeKind, NodeKind};
use crate::history::History;
use crate::resolve::{Resolution, Target};

#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub name: String,
    pub modules: Vec<String>,
    /// `path:name` (or `path` for a whole module) that other clusters import.
    pub api: Vec<String>,
    /// Routes whose handlers live here.
    pub routes: Vec<String>,
    /// Route → the frontend modules that call it.
    pub route_callers: BTreeMap<String, Vec<String>>,
    /// Globals and tables this cluster shares with others (node ids).
    pub shared: Vec<String>,
    pub cut_cost: f64,
    pub internal: f64,
    pub extraction_rank: u32,
    /// The bucket of modules nothing couples: listed last, not a service.
    pub unconnected: bool,
    /// Tests, migrations, and scripts or configuration attached to the
    /// service whose modules they import most (they are not clustered).
    pub tests: Vec<String>,
    pub migrations: Vec<String>,
    pub scripts: Vec<String>,
    /// The share of its coupling that goes to the kernel.
    pub kernel_share: f64,
    /// Extraction rank of another service → the summed change-coupling
    /// degree of module pairs across the two (from git history).
    pub change_coupling: BTreeMap<u32, f64>,
}

impl Service {
    /// The share of its coupling that crosses its border.
    pub fn entanglement(&self) -> f64 {
        let total = self.cut_cost + self.internal;
        if total == 0.0 {
            0.0
        } else {
            self.cut_cost / total
        }
    }
}

/// The shared kernel: modules imported by at least `min_users` source
/// modules, each with how many import it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Kernel {
    pub modules: Vec<(String, usize)>,
    pub min_users: usize,
    /// Source modules importing some kernel module.
    pub users: usize,
}

/// What [`services`] finds.
#[derive(Debug, Clone, Default)]
pub struct Candidates {
    pub services: Vec<Service>,
    /// Of the clustering graph, the partition reported.
    pub modularity: f64,
    pub kernel: Kernel,
    pub metrics: decomposition::Metrics,
}

/// A source module imported by at least this share of the source modules,
/// and by at least [`KERNEL_MIN_USERS`], is in the kernel (unless it
/// handles routes: those are a service's API).
pub const KERNEL_SHARE: f64 = 0.05;
pub const KERNEL_MIN_USERS: usize = 10;

/// Globals and tables touched by more modules than this do not pull modules
/// together when clustering; they are still listed as shared state.
pub const MAX_STATE_USERS: usize = 100;

pub fn services(
    graph: &DepGraph,
    facts: &[FileFacts],
    resolution: &Resolution,
    history: Option<&History>,
    weights: &ServiceWeights,
    seed: u64,
    roles: &BTreeMap<String, Assigned>,
) -> Candidates {
    let g = &graph.graph;
    // Only production source is clustered: tests, migrations, fixtures,
    // vendored and generated code, scripts and configuration are not
    // candidate services (the first and last are attached below).
    let is_source = |id: &str| roles.get(id).is_none_or(|a| a.role == Role::Source);
    let mut modules: Vec<(&str, petgraph::graph::NodeIndex)> = graph
        .nodes_sorted()
        .filter(|&(id, ix)| g[ix].kind == NodeKind::Module && is_source(id))
        .collect();
    let kernel = kernel(graph, &modules);
    let in_kernel: BTreeSet<&str> = kernel.modules.iter().map(|(m, _)| m.as_str()).collect();
    modules.retain(|(id, _)| !in_kernel.contains(id));
    if modules.is_empty() {
        return Candidates {
            kernel,
            ..Candidates::default()
        };
    }
    let position: BTreeMap<&str, usize> = modules
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    let mut edges: Vec<(usize, usize, f64)> = Vec::new();
    let mut imports: Vec<(usize, usize)> = Vec::new();
    // Per clustered module, the weight of its imports of kernel modules.
    let mut to_kernel = vec![0.0; modules.len()];
    let mut state_users: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for e in g.edge_references() {
        let (from, to) = (&g[e.source()], &g[e.target()]);
        let Some(&a) = position.get(from.id.as_str()) else {
            continue;
        };
        match (e.weight().kind, to.kind) {
            (EdgeKind::Import, NodeKind::Module) if !e.weight().implicit => {
                if let Some(&b) = position.get(to.id.as_str()) {
                    edges.push((a, b, weights.import));
                    imports.push((a, b));
                } else if in_kernel.contains(to.id.as_str()) {
                    to_kernel[a] += weights.import;
                }
            }
            (_, NodeKind::Global | NodeKind::Table) => {
                state_users.entry(to.id.clone()).or_default().insert(a);
            }
            _ => {}
        }
    }
    for users in state_users.values() {
        // `settings`, a users table: what every part touches draws no border
        // (and would add n² edges).
        if users.len() > MAX_STATE_USERS {
            continue;
        }
        let users: Vec<usize> = users.iter().copied().collect();
        let share = weights.shared_state / (users.len().max(2) - 1) as f64;
        for (i, &a) in users.iter().enumerate() {
            for &b in &users[i + 1..] {
                edges.push((a, b, share));
            }
        }
    }
    // Off by default: a headless split keeps the frontend apart, and one
    // generic API service of the frontend calling every route would glue
    // the frontend to the backend's largest service.
    let routes = g
        .node_indices()
        .filter(|&ix| g[ix].kind == NodeKind::Route && weights.request > 0.0);
    for route in routes {
        let ends = |kind: EdgeKind, direction: Direction| -> Vec<usize> {
            g.edges_directed(route, direction)
                .filter(|e| e.weight().kind == kind)
                .filter_map(|e| {
                    let other = if direction == Direction::Incoming {
                        e.source()
                    } else {
                        e.target()
                    };
                    position.get(g[other].id.as_str()).copied()
                })
                .collect()
        };
        let handlers = ends(EdgeKind::Handles, Direction::Outgoing);
        for caller in ends(EdgeKind::Requests, Direction::Incoming) {
            for &handler in &handlers {
                edges.push((caller, handler, weights.request));
            }
        }
    }
    if let Some(h) = history {
        for c in &h.coupling {
            if let (Some(&a), Some(&b)) = (position.get(c.a.as_str()), position.get(c.b.as_str())) {
                edges.push((a, b, weights.co_change * c.degree));
            }
        }
    }
    let weighted = WeightedGraph::from_edges(modules.len(), edges.iter().copied());
    let (mut membership, _) = cluster(&weighted, seed);
    let bucket = bucket_islands(&weighted, &mut membership);
    split_oversized(&edges, &mut membership, bucket, seed);
    merge_fragments(&edges, &mut membership, bucket);
    // Of the partition reported (the bucket included).
    let modularity = modularity(&weighted, &membership);

    let k = membership.iter().copied().max().map_or(0, |m| m + 1);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); k];
    for (i, &c) in membership.iter().enumerate() {
        members[c].push(i);
    }
    let mut cut = vec![0.0; k];
    let mut internal = vec![0.0; k];
    for &(a, b, w) in &edges {
        if membership[a] == membership[b] {
            internal[membership[a]] += w;
        } else {
            cut[membership[a]] += w;
            cut[membership[b]] += w;
        }
    }
    // Each module's coupling inside its own cluster: the cluster's hub names
    // it when directories alone do not tell two clusters apart.
    let mut inner_degree = vec![0.0; modules.len()];
    for &(a, b, w) in &edges {
        if membership[a] == membership[b] && a != b {
            inner_degree[a] += w;
            inner_degree[b] += w;
        }
    }
    let api = api_by_cluster(facts, resolution, &position, &membership);
    let touches_tables: BTreeSet<&str> = state_users
        .iter()
        .filter(|(id, _)| id.starts_with("table:"))
        .flat_map(|(_, users)| users.iter().map(|&u| modules[u].0))
        .collect();
    let mut out: Vec<Service> = (0..k)
        .map(|c| {
            let ids: Vec<String> = members[c]
                .iter()
                .map(|&i| modules[i].0.to_string())
                .collect();
            let inside: BTreeSet<usize> = members[c].iter().copied().collect();
            let (routes, route_callers) = routes_served(graph, &members[c], &modules);
            let shared = state_users
                .iter()
                .filter(|(_, users)| {
                    users.iter().any(|u| inside.contains(u))
                        && users.iter().any(|u| !inside.contains(u))
                })
                .map(|(id, _)| id.clone())
                .collect();
            let unconnected = bucket == Some(c);
            let kernel_weight: f64 = members[c].iter().map(|&i| to_kernel[i]).sum();
            let coupling = internal[c] + cut[c] + kernel_weight;
            Service {
                kernel_share: if coupling > 0.0 {
                    kernel_weight / coupling
                } else {
                    0.0
                },
                unconnected,
                name: if unconnected {
                    format!("(uncoupled modules and islands under {MIN_SERVICE_MODULES})")
                } else {
                    cluster_name(&ids)
                },
                api: api
                    .get(&c)
                    .map(|s| s.iter().cloned().collect())
                    .unwrap_or_default(),
                modules: ids,
                routes,
                route_callers,
                shared,
                cut_cost: cut[c],
                internal: internal[c],
                extraction_rank: 0,
                tests: Vec::new(),
                migrations: Vec::new(),
                scripts: Vec::new(),
                change_coupling: BTreeMap::new(),
            }
        })
        .collect();
    let hubs: Vec<&str> = members
        .iter()
        .map(|m| {
            m.iter()
                .max_by(|&&x, &&y| {
                    inner_degree[x]
                        .total_cmp(&inner_degree[y])
                        .then(modules[y].0.cmp(modules[x].0))
                })
                .map_or("", |&i| modules[i].0)
        })
        .collect();
    disambiguate(&mut out, &hubs);
    // Least entangled first: the share of a cluster's coupling that crosses
    // its border, then smaller clusters first.
    // A plan starts with a service an API could stand in front of: one that
    // serves routes or touches tables; islands of helpers come after.
    let serves = |s: &Service| {
        !s.routes.is_empty()
            || s.modules
                .iter()
                .any(|m| touches_tables.contains(m.as_str()))
    };
    out.sort_by(|a, b| {
        a.unconnected
            .cmp(&b.unconnected)
            .then(serves(b).cmp(&serves(a)))
            .then(a.entanglement().total_cmp(&b.entanglement()))
            .then(a.modules.len().cmp(&b.modules.len()))
            .then(a.modules.cmp(&b.modules))
    });
    for (i, s) in out.iter_mut().enumerate() {
        s.extraction_rank = i as u32 + 1;
    }
    // Which services change together: co-changing module pairs across two
    // services (a cut there means coordinated releases).
    if let Some(h) = history {
        let rank_of: BTreeMap<&str, u32> = out
            .iter()
            .filter(|s| !s.unconnected)
            .flat_map(|s| s.modules.iter().map(|m| (m.as_str(), s.extraction_rank)))
            .collect();
        let mut pairs: Vec<(u32, u32, f64)> = Vec::new();
        for c in &h.coupling {
            if let (Some(&a), Some(&b)) = (rank_of.get(c.a.as_str()), rank_of.get(c.b.as_str()))
                && a != b
            {
                pairs.push((a, b, c.degree));
            }
        }
        for (a, b, degree) in pairs {
            *out[a as usize - 1].change_coupling.entry(b).or_default() += degree;
            *out[b as usize - 1].change_coupling.entry(a).or_default() += degree;
        }
    }
    attach(graph, roles, &mut out);
    let partition: Vec<Option<usize>> = membership
        .iter()
        .map(|&c| (bucket != Some(c)).then_some(c))
        .collect();
    Candidates {
        services: out,
        modularity,
        kernel,
        metrics: decomposition::measure(&partition, &imports),
    }
}

/// The modules most of the source imports ([`KERNEL_SHARE`]); a route
/// handler never is one.
fn kernel(graph: &DepGraph, modules: &[(&str, petgraph::graph::NodeIndex)]) -> Kernel {
    let g = &graph.graph;
    let source: BTreeSet<petgraph::graph::NodeIndex> = modules.iter().map(|&(_, ix)| ix).collect();
    let min_users = KERNEL_MIN_USERS.max((KERNEL_SHARE * modules.len() as f64).ceil() as usize);
    let handlers = graph.route_handlers();
    let mut found = Vec::new();
    let mut users: BTreeSet<petgraph::graph::NodeIndex> = BTreeSet::new();
    for &(id, ix) in modules {
        if handlers.contains(id) {
            continue;
        }
        let importers: BTreeSet<petgraph::graph::NodeIndex> = g
            .edges_directed(ix, Direction::Incoming)
            .filter(|e| {
                e.weight().kind == EdgeKind::Import
                    && !e.weight().implicit
                    && e.source() != ix
                    && source.contains(&e.source())
            })
            .map(|e| e.source())
            .collect();
        if importers.len() >= min_users {
            found.push((id.to_string(), importers.len()));
            users.extend(importers);
        }
    }
    found.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Kernel {
        modules: found,
        min_users,
        users: users.len(),
    }
}

/// Puts each test, migration, script and configuration module beside the
/// service whose modules it imports most (ties: the earlier in the
/// extraction order); one that imports no service's module stays unlisted.
fn attach(graph: &DepGraph, roles: &BTreeMap<String, Assigned>, services: &mut [Service]) {
    let g = &graph.graph;
    let service_of: BTreeMap<&str, usize> = services
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.unconnected)
        .flat_map(|(i, s)| s.modules.iter().map(move |m| (m.as_str(), i)))
        .collect();
    let mut placed: Vec<(usize, Role, String)> = Vec::new();
    for (id, ix) in graph.nodes_sorted() {
        let Some(role) = roles.get(id).map(|a| a.role) else {
            continue;
        };
        if !matches!(
            role,
            Role::Test | Role::Migration | Role::Script | Role::Config
        ) {
            continue;
        }
        let mut counts: BTreeMap<usize, u32> = BTreeMap::new();
        for e in g.edges_directed(ix, Direction::Outgoing) {
            if e.weight().kind == EdgeKind::Import
                && let Some(&s) = service_of.get(g[e.target()].id.as_str())
            {
                *counts.entry(s).or_default() += e.weight().occurrences.max(1);
            }
        }
        let best = counts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(&s, _)| s);
        if let Some(s) = best {
            placed.push((s, role, id.to_string()));
        }
    }
    for (s, role, id) in placed {
        let list = match role {
            Role::Test => &mut services[s].tests,
            Role::Migration => &mut services[s].migrations,
            _ => &mut services[s].scripts,
        };
        list.push(id);
    }
}

/// What modules in other clusters import from each cluster.
fn api_by_cluster(
    facts: &[FileFacts],
    resolution: &Resolution,
    position: &BTreeMap<&str, usize>,
    membership: &[usize],
) -> BTreeMap<usize, BTreeSet<String>> {
    let mut api: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for import in resolution.imports() {
        let Target::Module { path } = &import.target else {
            continue;
        };
        let (Some(&a), Some(&b)) = (
            position.get(import.from(facts)),
            position.get(path.as_str()),
        ) else {
            continue;
        };
        if membership[a] == membership[b] || import.implicit {
            continue;
        }
        let entry = api.entry(membership[b]).or_default();
        let names = &import.raw(facts).names;
        if names.is_empty()
            || path.rsplit('/').next().is_some_and(|f| {
                let stem = f.split('.').next().unwrap_or(f);
                names.iter().any(|n| n == stem)
            })
        {
            entry.insert(path.to_string());
        } else {
            for name in names {
                entry.insert(format!("{path}:{name}"));
            }
        }
    }
    api
}

fn routes_served(
    graph: &DepGraph,
    members: &[usize],
    modules: &[(&str, petgraph::graph::NodeIndex)],
) -> (Vec<String>, BTreeMap<String, Vec<String>>) {
    let g = &graph.graph;
    let mut routes = BTreeSet::new();
    let mut callers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for &i in members {
        for e in g.edges_directed(modules[i].1, Direction::Incoming) {
            if e.weight().kind != EdgeKind::Handles {
                continue;
            }
            let route = e.source();
            routes.insert(g[route].id.clone());
            let mut from: Vec<String> = g
                .edges_directed(route, Direction::Incoming)
                .filter(|r| r.weight().kind == EdgeKind::Requests)
                .map(|r| g[r.source()].id.clone())
                .collect();
            if !from.is_empty() {
                from.sort();
                from.dedup();
                callers.insert(g[route].id.clone(), from);
            }
        }
    }
    (routes.into_iter().collect(), callers)
}

/// A candidate holding more than this share of the clustered modules is
/// most of the monolith, not a cut: it is clustered again on its own.
pub const MAX_SERVICE_SHARE: f64 = 0.3;
/// A cluster smaller than this is cut whole, whatever its share (a small
/// app has two or three services).
pub const MIN_SPLIT_MODULES: usize = 60;

/// Splits every cluster over [`MAX_SERVICE_SHARE`] of the modules outside
/// the bucket by clustering its own subgraph (modularity on the whole graph
/// cannot see structure below a size: its resolution limit). A cluster
/// whose subgraph does not split stays whole.
fn split_oversized(
    edges: &[(usize, usize, f64)],
    membership: &mut [usize],
    bucket: Option<usize>,
    seed: u64,
) {
    let clustered = membership.iter().filter(|&&c| Some(c) != bucket).count();
    let mut whole: BTreeSet<usize> = BTreeSet::new();
    loop {
        let k = membership.iter().copied().max().map_or(0, |m| m + 1);
        let mut size = vec![0usize; k];
        for &c in membership.iter() {
            size[c] += 1;
        }
        let Some(big) = (0..k).find(|&c| {
            Some(c) != bucket
                && !whole.contains(&c)
                && size[c] >= MIN_SPLIT_MODULES
                && size[c] as f64 > MAX_SERVICE_SHARE * clustered as f64
        }) else {
            return;
        };
        let inside: Vec<usize> = (0..membership.len())
            .filter(|&i| membership[i] == big)
            .collect();
        let local: BTreeMap<usize, usize> =
            inside.iter().enumerate().map(|(l, &i)| (i, l)).collect();
        let sub = WeightedGraph::from_edges(
            inside.len(),
            edges
                .iter()
                .filter_map(|&(a, b, w)| Some((*local.get(&a)?, *local.get(&b)?, w))),
        );
        let (parts, _) = cluster(&sub, seed);
        if parts.iter().all(|&p| p == parts[0]) {
            whole.insert(big);
            continue;
        }
        // The part holding the cluster's first module keeps its number.
        let first = parts[0];
        let mut renumber: BTreeMap<usize, usize> = BTreeMap::new();
        for (l, &i) in inside.iter().enumerate() {
            if parts[l] != first {
                let next = k + renumber.len();
                membership[i] = *renumber.entry(parts[l]).or_insert(next);
            }
        }
    }
}

/// A cluster under [`MIN_SERVICE_MODULES`] that is coupled to others is a
/// fragment of a service, not one (two modules of `paperless_ai`): it joins
/// the cluster it is coupled to most.
fn merge_fragments(edges: &[(usize, usize, f64)], membership: &mut [usize], bucket: Option<usize>) {
    let k = membership.iter().copied().max().map_or(0, |m| m + 1);
    let mut size = vec![0usize; k];
    for &c in membership.iter() {
        size[c] += 1;
    }
    let mut into: BTreeMap<usize, usize> = BTreeMap::new();
    for c in (0..k).filter(|&c| Some(c) != bucket && size[c] > 0 && size[c] < MIN_SERVICE_MODULES) {
        let mut weight: BTreeMap<usize, f64> = BTreeMap::new();
        for &(a, b, w) in edges {
            let (ca, cb) = (membership[a], membership[b]);
            if ca == c && cb != c && Some(cb) != bucket {
                *weight.entry(cb).or_default() += w;
            } else if cb == c && ca != c && Some(ca) != bucket {
                *weight.entry(ca).or_default() += w;
            }
        }
        // Into the heaviest neighbour that is not itself a fragment.
        if let Some((&to, _)) = weight
            .iter()
            .filter(|(to, _)| size[**to] >= MIN_SERVICE_MODULES)
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
        {
            into.insert(c, to);
        }
    }
    for m in membership.iter_mut() {
        if let Some(&to) = into.get(m) {
            *m = to;
        }
    }
}

/// A cluster coupled to nothing outside itself with fewer modules than this
/// is an island, not a candidate service (two templates that include each
/// other, a script and its helper).
pub const MIN_SERVICE_MODULES: usize = 5;

/// Modules coupled to nothing, and islands, would each be a "service" that
/// is trivially first to extract: they share one bucket, listed last.
/// Returns the bucket's community, when there is one.
fn bucket_islands(g: &WeightedGraph, membership: &mut [usize]) -> Option<usize> {
    let k = membership.iter().copied().max().map_or(0, |m| m + 1);
    let mut size = vec![0usize; k];
    let mut crosses = vec![false; k];
    for (i, &c) in membership.iter().enumerate() {
        size[c] += 1;
        if g.adj[i].iter().any(|&(j, _)| membership[j] != c) {
            crosses[c] = true;
        }
    }
    let islands: Vec<usize> = (0..k)
        .filter(|&c| !crosses[c] && size[c] < MIN_SERVICE_MODULES)
        .collect();
    if islands.len() < 2 {
        return None;
    }
    let bucket = islands[0];
    for m in membership.iter_mut() {
        if islands.contains(m) {
            *m = bucket;
        }
    }
    // Renumber 0.. in order of first appearance.
    let mut seen = BTreeMap::new();
    for m in membership.iter_mut() {
        let next = seen.len();
        *m = *seen.entry(*m).or_insert(next);
    }
    seen.get(&bucket).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn islands_share_one_bucket_and_services_stay() {
        // A 5-module ring (a service), two pairs and two lone modules.
        let mut edges: Vec<(usize, usize, f64)> = (0..5).map(|i| (i, (i + 1) % 5, 1.0)).collect();
        edges.extend([(5, 6, 1.0), (7, 8, 1.0)]);
        let g = WeightedGraph::from_edges(11, edges);
        let mut membership = vec![0, 0, 0, 0, 0, 1, 1, 2, 2, 3, 4];
        let bucket = bucket_islands(&g, &mut membership);
        assert_eq!(bucket, Some(1));
        assert_eq!(membership, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
        // One lone module alone is left as it is.
        let g = WeightedGraph::from_edges(2, []);
        let mut membership = vec![0, 1];
        assert_eq!(bucket_islands(&g, &mut membership), Some(0));
        let g = WeightedGraph::from_edges(6, (0..5).map(|i| (i, (i + 1) % 5, 1.0)));
        let mut membership = vec![0, 0, 0, 0, 0, 1];
        assert_eq!(bucket_islands(&g, &mut membership), None);
    }

    fn clique(from: usize, n: usize) -> Vec<(usize, usize, f64)> {
        (from..from + n)
            .flat_map(|a| (a + 1..from + n).map(move |b| (a, b, 1.0)))
            .collect()
    }

    #[test]
    fn an_oversized_cluster_is_split_along_its_own_structure() {
        // Two 40-module cliques joined by one edge, reported as one cluster
        // next to a 20-module one: 80 of 100 is over the share, and its
        // own subgraph splits in two.
        let mut edges = clique(0, 40);
        edges.extend(clique(40, 40));
        edges.push((0, 40, 1.0));
        edges.extend(clique(80, 20));
        let mut membership: Vec<usize> = (0..100).map(|i| usize::from(i >= 80)).collect();
        split_oversized(&edges, &mut membership, None, 1);
        assert!(membership[..40].iter().all(|&c| c == membership[0]));
        assert!(membership[40..80].iter().all(|&c| c == membership[40]));
        assert_ne!(membership[0], membership[40]);
        assert!(membership[80..].iter().all(|&c| c == 1));

        // One clique has nothing to split along; a cluster under
        // MIN_SPLIT_MODULES is cut whole whatever its share.
        let mut edges = clique(0, 80);
        edges.extend(clique(80, 20));
        let mut membership: Vec<usize> = (0..100).map(|i| usize::from(i >= 80)).collect();
        let before = membership.clone();
        split_oversized(&edges, &mut membership, None, 1);
        assert_eq!(membership, before);
        let mut edges = clique(0, 25);
        edges.extend(clique(25, 25));
        edges.push((0, 25, 1.0));
        let mut membership = vec![0; 60];
        membership[50..].fill(1);
        let before = membership.clone();
        split_oversized(&edges, &mut membership, Some(1), 1);
        assert_eq!(membership, before);
    }

    #[test]
    fn a_fragment_joins_the_service_it_couples_to_most() {
        // Two six-module services, a pair coupled to both (more to the
        // first), and a pair coupled to nothing but itself.
        let mut edges = clique(0, 6);
        edges.extend(clique(6, 6));
        edges.extend([(12, 13, 1.0), (12, 0, 2.0), (13, 1, 1.0), (13, 6, 1.0)]);
        edges.push((14, 15, 1.0));
        let mut membership = vec![0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 3, 3];
        merge_fragments(&edges, &mut membership, None);
        assert_eq!(membership[12..14], [0, 0]);
        assert_eq!(membership[14..], [3, 3]);
        assert!(membership[6..12].iter().all(|&c| c == 1));
    }
}
