//! Import cycles: strongly connected components of the module graph (plus
//! self-imports), each with one concrete shortest cycle to show a person
//! and the fewest imports whose removal unties it (a minimum feedback arc
//! set: exact on small knots, the Eades–Lin–Smyth ordering on large ones).
//!
//! Two views: every import (coupling cycles), and only the imports that run
//! when a module loads (import-time cycles): a function-local import or a
//! type-only one does not tie modules at load time, and on real code it
//! turns a few small knots into one that seems to hold half the tree.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use petgraph::algo::tarjan_scc;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

use super::{Cycle, is_module};
use crate::graph::{DepGraph, Edge, EdgeKind};

/// Which imports count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edges {
    /// Every import between modules (implicit parent-package imports aside,
    /// or every package would be a cycle).
    All,
    /// Those that run at load time: not lazy, not type-only.
    ImportTime,
}

impl Edges {
    fn counts(self, e: &Edge) -> bool {
        e.kind == EdgeKind::Import && !e.implicit && (self == Edges::All || e.loads())
    }
}

/// Knots with at most this many edges get an exact minimum break set
/// (of at most [`EXACT_MAX_BREAKS`] edges); larger ones the heuristic.
const EXACT_MAX_EDGES: usize = 24;
const EXACT_MAX_BREAKS: usize = 3;

fn successors(graph: &DepGraph, ix: NodeIndex, edges: Edges) -> Vec<NodeIndex> {
    let g = &graph.graph;
    let mut out: Vec<NodeIndex> = g
        .edges_directed(ix, petgraph::Direction::Outgoing)
        .filter(|e| edges.counts(e.weight()) && is_module(graph, e.target()))
        .map(|e| e.target())
        .collect();
    out.sort_by(|a, b| g[*a].id.cmp(&g[*b].id));
    out.dedup();
    out
}

pub fn cycles(graph: &DepGraph, edges: Edges) -> Vec<Cycle> {
    let g = &graph.graph;
    let counted = g.filter_map(|_, n| Some(n.clone()), |_, e| edges.counts(e).then_some(()));
    let mut out = Vec::new();
    for component in tarjan_scc(&counted) {
        let members: BTreeSet<NodeIndex> = component
            .into_iter()
            .filter(|&ix| is_module(graph, ix))
            .collect();
        let self_loop = members.len() == 1 && {
            let ix = *members.iter().next().expect("one member");
            successors(graph, ix, edges).contains(&ix)
        };
        if members.len() < 2 && !self_loop {
            continue;
        }
        let mut names: Vec<String> = members.iter().map(|&ix| g[ix].id.clone()).collect();
        names.sort();
        let start = graph.node(&names[0]).expect("member exists");
        let path = shortest_cycle(graph, start, &members, edges);
        let mut inner: Vec<(NodeIndex, NodeIndex)> = members
            .iter()
            .flat_map(|&a| {
                successors(graph, a, edges)
                    .into_iter()
                    .filter(|b| members.contains(b))
                    .map(move |b| (a, b))
            })
            .collect();
        // Lazy and type-only imports first: of equally small break sets,
        // the exact search takes the one cheapest to untie.
        inner.sort_by_key(|&(a, b)| {
            !g.edges_connecting(a, b).any(|e| {
                e.weight().kind == EdgeKind::Import && (e.weight().lazy || e.weight().type_only)
            })
        });
        let breaks = feedback_arcs(&members, &inner)
            .into_iter()
            .map(|(a, b)| (g[a].id.clone(), g[b].id.clone()))
            .collect();
        out.push(Cycle {
            modules: names,
            path,
            breaks,
        });
    }
    out.sort_by(|a, b| {
        b.modules
            .len()
            .cmp(&a.modules.len())
            .then(a.modules.cmp(&b.modules))
    });
    out
}

/// Whether the edges left, without `removed`, still hold a cycle.
fn acyclic(
    nodes: &BTreeSet<NodeIndex>,
    edges: &[(NodeIndex, NodeIndex)],
    removed: &[usize],
) -> bool {
    let mut indegree: BTreeMap<NodeIndex, usize> = nodes.iter().map(|&n| (n, 0)).collect();
    let kept: Vec<&(NodeIndex, NodeIndex)> = edges
        .iter()
        .enumerate()
        .filter(|(i, _)| !removed.contains(i))
        .map(|(_, e)| e)
        .collect();
    for (_, b) in &kept {
        *indegree.get_mut(b).expect("member") += 1;
    }
    let mut ready: Vec<NodeIndex> = indegree
        .iter()
        .filter(|(_, d)| **d == 0)
        .map(|(&n, _)| n)
        .collect();
    let mut seen = 0;
    while let Some(n) = ready.pop() {
        seen += 1;
        for (a, b) in &kept {
            if *a == n {
                let d = indegree.get_mut(b).expect("member");
                *d -= 1;
                if *d == 0 {
                    ready.push(*b);
                }
            }
        }
    }
    seen == nodes.len()
}

/// The imports to remove so that the knot has no cycle, sorted.
fn feedback_arcs(
    nodes: &BTreeSet<NodeIndex>,
    edges: &[(NodeIndex, NodeIndex)],
) -> Vec<(NodeIndex, NodeIndex)> {
    // A self-import is always one of them.
    let mut out: Vec<(NodeIndex, NodeIndex)> =
        edges.iter().copied().filter(|(a, b)| a == b).collect();
    let rest: Vec<(NodeIndex, NodeIndex)> = edges.iter().copied().filter(|(a, b)| a != b).collect();
    if rest.len() <= EXACT_MAX_EDGES {
        for k in 1..=EXACT_MAX_BREAKS.min(rest.len()) {
            if let Some(set) = first_breaking_subset(nodes, &rest, k) {
                out.extend(set.into_iter().map(|i| rest[i]));
                out.sort();
                return out;
            }
        }
    }
    // Eades–Lin–Smyth: order the nodes (sinks to the back, sources to the
    // front, else the node with most out- over in-degree first); the edges
    // pointing backwards in that order are the set. Degrees are kept up to
    // date as nodes leave, so a knot of n modules and e imports costs O(n² + e).
    let ids: Vec<NodeIndex> = nodes.iter().copied().collect();
    let at: BTreeMap<NodeIndex, usize> = ids.iter().enumerate().map(|(i, &n)| (n, i)).collect();
    let (mut outs, mut ins) = (vec![Vec::new(); ids.len()], vec![Vec::new(); ids.len()]);
    for (a, b) in &rest {
        outs[at[a]].push(at[b]);
        ins[at[b]].push(at[a]);
    }
    let mut out_degree: Vec<i64> = outs.iter().map(|v| v.len() as i64).collect();
    let mut in_degree: Vec<i64> = ins.iter().map(|v| v.len() as i64).collect();
    let mut alive = vec![true; ids.len()];
    let mut left = ids.len();
    let (mut front, mut back): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    let remove = |n: usize, alive: &mut [bool], out_degree: &mut [i64], in_degree: &mut [i64]| {
        alive[n] = false;
        for &m in &outs[n] {
            in_degree[m] -= 1;
        }
        for &m in &ins[n] {
            out_degree[m] -= 1;
        }
    };
    while left > 0 {
        let mut moved = true;
        while moved {
            moved = false;
            for n in 0..ids.len() {
                if !alive[n] {
                    continue;
                }
                if out_degree[n] == 0 {
                    back.push(n);
                } else if in_degree[n] == 0 {
                    front.push(n);
                } else {
                    continue;
                }
                remove(n, &mut alive, &mut out_degree, &mut in_degree);
                left -= 1;
                moved = true;
            }
        }
        if let Some(n) = (0..ids.len())
            .filter(|&n| alive[n])
            .max_by_key(|&n| (out_degree[n] - in_degree[n], std::cmp::Reverse(n)))
        {
            front.push(n);
            remove(n, &mut alive, &mut out_degree, &mut in_degree);
            left -= 1;
        }
    }
    back.reverse();
    front.extend(back);
    let mut position = vec![0; ids.len()];
    for (i, &n) in front.iter().enumerate() {
        position[n] = i;
    }
    out.extend(
        rest.iter()
            .copied()
            .filter(|(a, b)| position[at[a]] > position[at[b]]),
    );
    out.sort();
    out
}

/// The first set of `k` edges (by index order) whose removal unties the knot.
fn first_breaking_subset(
    nodes: &BTreeSet<NodeIndex>,
    edges: &[(NodeIndex, NodeIndex)],
    k: usize,
) -> Option<Vec<usize>> {
    let mut pick: Vec<usize> = (0..k).collect();
    loop {
        if acyclic(nodes, edges, &pick) {
            return Some(pick);
        }
        // Next combination in lexicographic order.
        let mut i = k;
        loop {
            if i == 0 {
                return None;
            }
            i -= 1;
            if pick[i] < edges.len() - k + i {
                break;
            }
        }
        pick[i] += 1;
        for j in i + 1..k {
            pick[j] = pick[j - 1] + 1;
        }
    }
}

/// Breadth-first search from `start` inside the component back to `start`.
fn shortest_cycle(
    graph: &DepGraph,
    start: NodeIndex,
    members: &BTreeSet<NodeIndex>,
    edges: Edges,
) -> Vec<String> {
    let g = &graph.graph;
    let mut parent: BTreeMap<NodeIndex, NodeIndex> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    let mut seen = BTreeSet::from([start]);
    while let Some(ix) = queue.pop_front() {
        for next in successors(graph, ix, edges) {
            if next == start {
                let mut path = vec![g[start].id.clone()];
                let mut back = vec![];
                let mut cur = ix;
                while cur != start {
                    back.push(g[cur].id.clone());
                    cur = parent[&cur];
                }
                path.extend(back.into_iter().rev());
                path.push(g[start].id.clone());
                return path;
            }
            if members.contains(&next) && seen.insert(next) {
                parent.insert(next, ix);
                queue.push_back(next);
            }
        }
    }
    // Unreachable for a strongly connected component; degrade, never panic.
    members.iter().map(|&ix| g[ix].id.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(i: u32) -> NodeIndex {
        NodeIndex::new(i as usize)
    }

    #[test]
    fn exact_breaks_on_small_knots() {
        // Two triangles sharing the edge 0→1: removing it unties both.
        let nodes: BTreeSet<NodeIndex> = (0..4).map(n).collect();
        let edges = [
            (n(0), n(1)),
            (n(1), n(2)),
            (n(2), n(0)),
            (n(1), n(3)),
            (n(3), n(0)),
        ];
        assert_eq!(feedback_arcs(&nodes, &edges), vec![(n(0), n(1))]);
        // A self-import always breaks; a 2-cycle needs one of its edges.
        let nodes: BTreeSet<NodeIndex> = (0..2).map(n).collect();
        let edges = [(n(0), n(0)), (n(0), n(1)), (n(1), n(0))];
        let breaks = feedback_arcs(&nodes, &edges);
        assert_eq!(breaks.len(), 2);
        assert!(breaks.contains(&(n(0), n(0))));
    }

    #[test]
    fn heuristic_breaks_leave_no_cycle() {
        // A 30-node ring with chords: too many edges for the exact search.
        let nodes: BTreeSet<NodeIndex> = (0..30).map(n).collect();
        let mut edges: Vec<(NodeIndex, NodeIndex)> =
            (0..30).map(|i| (n(i), n((i + 1) % 30))).collect();
        edges.extend((0..30).step_by(3).map(|i| (n(i), n((i + 7) % 30))));
        let breaks = feedback_arcs(&nodes, &edges);
        let removed: Vec<usize> = edges
            .iter()
            .enumerate()
            .filter(|(_, e)| breaks.contains(e))
            .map(|(i, _)| i)
            .collect();
        assert!(acyclic(&nodes, &edges, &removed));
        assert!(!breaks.is_empty() && breaks.len() <= 10, "{breaks:?}");
    }
}
