//! Community detection for candidate services: the Leiden algorithm (Traag,
//! Waltman & van Eck 2019) for modularity. Each level runs local moving,
//! then the refinement phase (inside every community, well-connected
//! singletons merge into well-connected sub-communities), then aggregates
//! the *refined* partition while starting the next level from the unrefined
//! one. Refined communities are connected, so every community returned is.
//! The refinement takes the best merge instead of a random one (Leiden's
//! θ → 0 limit); a final pass splits anything disconnected, as a guard.
//!
//! Pure and deterministic: nodes are visited in an order shuffled by a seeded
//! generator, so the same graph and seed give the same partition. Written
//! here because no maintained Rust crate offered weighted Leiden with a seed
//! and no heavy graph framework attached.

use std::collections::BTreeMap;

/// An undirected weighted graph as an adjacency list; `adj[i]` holds
/// `(j, w)` once per neighbour (self-loops allowed, stored once).
#[derive(Debug, Clone, Default)]
pub struct WeightedGraph {
    pub adj: Vec<Vec<(usize, f64)>>,
}

impl WeightedGraph {
    pub fn new(n: usize) -> Self {
        WeightedGraph {
            adj: vec![Vec::new(); n],
        }
    }

    /// Builds from undirected edges; parallel edges add up (in the order
    /// given), and each node's neighbours come out in ascending order.
    pub fn from_edges(n: usize, edges: impl IntoIterator<Item = (usize, usize, f64)>) -> Self {
        // A stable counting sort by the smaller end, then a dense accumulator
        // per bucket: a BTreeMap keyed by pair cost a node per edge, and
        // aggregation builds a graph like this at every level.
        let edges: Vec<(usize, usize, f64)> = edges
            .into_iter()
            // Drops `w <= 0.0` only, as before (NaN stays).
            .filter(|&(_, _, w)| w > 0.0 || w.is_nan())
            .map(|(a, b, w)| (a.min(b), a.max(b), w))
            .collect();
        let mut start = vec![0usize; n + 1];
        for &(a, _, _) in &edges {
            start[a + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut bucketed = vec![(0usize, 0.0f64); edges.len()];
        for &(a, b, w) in &edges {
            bucketed[fill[a]] = (b, w);
            fill[a] += 1;
        }
        drop(edges);
        let mut g = WeightedGraph::new(n);
        let mut sums = Accumulator::new(n);
        for a in 0..n {
            for &(b, w) in &bucketed[start[a]..start[a + 1]] {
                sums.add(b, w);
            }
            for &(b, w) in sums.sorted() {
                g.adj[a].push((b, w));
                if a != b {
                    g.adj[b].push((a, w));
                }
            }
            sums.clear();
        }
        g
    }

    pub fn len(&self) -> usize {
        self.adj.len()
    }

    pub fn is_empty(&self) -> bool {
        self.adj.is_empty()
    }

    /// Weighted degree; a self-loop counts twice, as in the modularity formula.
    fn degree(&self, i: usize) -> f64 {
        self.adj[i]
            .iter()
            .map(|&(j, w)| if j == i { 2.0 * w } else { w })
            .sum()
    }

    fn total_weight(&self) -> f64 {
        (0..self.len()).map(|i| self.degree(i)).sum::<f64>() / 2.0
    }
}

/// Sums weights per key (a community, a neighbour) in the order added, and
/// lists the keys touched in ascending order, as a `BTreeMap` would, but
/// reused across nodes: a map allocated per node per sweep dominated the
/// clustering time. Keys must be below the capacity given.
struct Accumulator {
    sum: Vec<f64>,
    touched: Vec<bool>,
    keys: Vec<usize>,
    out: Vec<(usize, f64)>,
}

impl Accumulator {
    fn new(capacity: usize) -> Self {
        Accumulator {
            sum: vec![0.0; capacity],
            touched: vec![false; capacity],
            keys: Vec::new(),
            out: Vec::new(),
        }
    }

    /// Same arithmetic as `*map.entry(key).or_default() += w`.
    fn add(&mut self, key: usize, w: f64) {
        if !self.touched[key] {
            self.touched[key] = true;
            self.keys.push(key);
        }
        self.sum[key] += w;
    }

    /// The sum for `key`, 0.0 when untouched (as `map.get(..).unwrap_or(0.0)`).
    fn get(&self, key: usize) -> f64 {
        self.sum[key]
    }

    /// The keys touched, in the order first added.
    fn keys(&self) -> &[usize] {
        &self.keys
    }

    /// `(key, sum)` for every key touched, keys ascending (ties among
    /// equal gains go to the first, so the order matters).
    fn sorted(&mut self) -> &[(usize, f64)] {
        self.keys.sort_unstable();
        self.out.clear();
        self.out.extend(self.keys.iter().map(|&k| (k, self.sum[k])));
        &self.out
    }

    fn clear(&mut self) {
        for &k in &self.keys {
            self.sum[k] = 0.0;
            self.touched[k] = false;
        }
        self.keys.clear();
    }
}

/// Newman's modularity of a partition (`community[i]` per node; labels are
/// small, as dense arrays are sized by the largest).
pub fn modularity(g: &WeightedGraph, community: &[usize]) -> f64 {
    let m = g.total_weight();
    if m == 0.0 {
        return 0.0;
    }
    let k = community[..g.len()]
        .iter()
        .copied()
        .max()
        .map_or(0, |c| c + 1);
    let mut internal = vec![0.0; k];
    let mut degree = vec![0.0; k];
    let mut present = vec![false; k];
    for i in 0..g.len() {
        present[community[i]] = true;
        degree[community[i]] += g.degree(i);
        for &(j, w) in &g.adj[i] {
            if community[i] == community[j] {
                // Each non-loop edge is seen from both ends.
                internal[community[i]] += if i == j { 2.0 * w } else { w };
            }
        }
    }
    // Summed in ascending community order, as before over a BTreeMap.
    (0..k)
        .filter(|&c| present[c])
        .map(|c| internal[c] / (2.0 * m) - (degree[c] / (2.0 * m)).powi(2))
        .sum()
}

/// A small deterministic generator (xorshift64*), enough to shuffle visits.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// One pass of local moving: each node goes to the neighbouring community
/// with the best modularity gain, until no node moves. Returns whether
/// anything moved.
fn local_moving(g: &WeightedGraph, community: &mut [usize], rng: &mut Rng) -> bool {
    let m2 = 2.0 * g.total_weight();
    if m2 == 0.0 {
        return false;
    }
    let degree: Vec<f64> = (0..g.len()).map(|i| g.degree(i)).collect();
    let mut tot = vec![0.0; g.len()];
    for i in 0..g.len() {
        tot[community[i]] += degree[i];
    }
    let mut order: Vec<usize> = (0..g.len()).collect();
    rng.shuffle(&mut order);
    let mut links = Accumulator::new(g.len());
    let mut moved_any = false;
    loop {
        let mut moved = false;
        for &i in &order {
            let own = community[i];
            for &(j, w) in &g.adj[i] {
                if j != i {
                    links.add(community[j], w);
                }
            }
            tot[own] -= degree[i];
            let gain = |c: usize, k: f64| k - tot[c] * degree[i] / m2;
            let mut best = (own, gain(own, links.get(own)));
            // The scan below keeps the first of near-equal gains in key
            // order, so it needs the keys sorted. A gain that beats every
            // other by the margin wins in any order: then no sort is needed.
            let (mut top, mut runner_up) = (best, f64::NEG_INFINITY);
            for &c in links.keys().iter().filter(|&&c| c != own) {
                let g_c = gain(c, links.get(c));
                if g_c > top.1 {
                    runner_up = top.1;
                    top = (c, g_c);
                } else {
                    runner_up = runner_up.max(g_c);
                }
            }
            if top.1 > runner_up + 1e-12 {
                best = top;
            } else {
                for &(c, k) in links.sorted() {
                    let g_c = gain(c, k);
                    if g_c > best.1 + 1e-12 {
                        best = (c, g_c);
                    }
                }
            }
            links.clear();
            tot[best.0] += degree[i];
            if best.0 != own {
                community[i] = best.0;
                moved = true;
                moved_any = true;
            }
        }
        if !moved {
            return moved_any;
        }
    }
}

/// A community that is not connected is split into its connected
/// components (Leiden guarantees this already; kept as a guard).
fn split_disconnected(g: &WeightedGraph, community: &mut [usize]) {
    let mut next = community.iter().copied().max().map_or(0, |m| m + 1);
    let mut seen = vec![false; g.len()];
    let mut labelled = vec![false; next];
    let mut stack = Vec::new();
    for start in 0..g.len() {
        if seen[start] {
            continue;
        }
        let c = community[start];
        let label = if !std::mem::replace(&mut labelled[c], true) {
            c
        } else {
            next += 1;
            next - 1
        };
        stack.push(start);
        seen[start] = true;
        while let Some(i) = stack.pop() {
            community[i] = label;
            for &(j, _) in &g.adj[i] {
                if !seen[j] && community[j] == c {
                    seen[j] = true;
                    stack.push(j);
                }
            }
        }
    }
}

/// Renumbers communities 0..k in order of first appearance.
fn compact(community: &mut [usize]) -> usize {
    let k = community.iter().copied().max().map_or(0, |m| m + 1);
    let mut map = vec![usize::MAX; k];
    let mut n = 0;
    for c in community.iter_mut() {
        if map[*c] == usize::MAX {
            map[*c] = n;
            n += 1;
        }
        *c = map[*c];
    }
    n
}

fn aggregate(g: &WeightedGraph, community: &[usize], k: usize) -> WeightedGraph {
    let mut edges = Vec::new();
    for i in 0..g.len() {
        for &(j, w) in &g.adj[i] {
            if i <= j {
                edges.push((community[i], community[j], w));
            }
        }
    }
    WeightedGraph::from_edges(k, edges)
}

/// The refinement phase: inside each community of `community`, nodes start
/// alone; a node still alone that is well connected to its community joins
/// the well-connected sub-community of the same community that gains the
/// most modularity (if any gains). Returns the refined partition.
fn refine(g: &WeightedGraph, community: &[usize], rng: &mut Rng) -> Vec<usize> {
    let n = g.len();
    let mut refined: Vec<usize> = (0..n).collect();
    let m2 = 2.0 * g.total_weight();
    if m2 == 0.0 {
        return refined;
    }
    let degree: Vec<f64> = (0..n).map(|i| g.degree(i)).collect();
    let k = community.iter().copied().max().map_or(0, |m| m + 1);
    let mut community_degree = vec![0.0; k];
    for i in 0..n {
        community_degree[community[i]] += degree[i];
    }
    // Weight from a node to the rest of its own community.
    let inside: Vec<f64> = (0..n)
        .map(|i| {
            g.adj[i]
                .iter()
                .filter(|&&(j, _)| j != i && community[j] == community[i])
                .map(|&(_, w)| w)
                .sum()
        })
        .collect();
    // Per refined community: total degree, weight to the rest of its
    // community, and size.
    let mut sub_degree = degree.clone();
    let mut sub_outside = inside.clone();
    let mut size = vec![1usize; n];
    let well_connected =
        |out: f64, d: f64, c: usize| out >= d * (community_degree[c] - d) / m2 - 1e-12;
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    let mut links = Accumulator::new(n);
    for v in order {
        let c = community[v];
        if size[refined[v]] != 1 || !well_connected(inside[v], degree[v], c) {
            continue;
        }
        for &(u, w) in &g.adj[v] {
            if u != v && community[u] == c {
                links.add(refined[u], w);
            }
        }
        let mut best: Option<(usize, f64, f64)> = None;
        for &(t, w) in links.sorted() {
            if t == refined[v] || !well_connected(sub_outside[t], sub_degree[t], c) {
                continue;
            }
            let gain = w - degree[v] * sub_degree[t] / m2;
            if gain > best.map_or(1e-12, |b| b.1 + 1e-12) {
                best = Some((t, gain, w));
            }
        }
        links.clear();
        if let Some((t, _, w)) = best {
            let own = refined[v];
            size[own] = 0;
            size[t] += 1;
            sub_degree[t] += degree[v];
            sub_outside[t] += inside[v] - 2.0 * w;
            refined[v] = t;
        }
    }
    refined
}

/// Partitions the graph; returns the community of each node (0..k) and the
/// partition's modularity. Like `leidenalg`, it runs Leiden again from the
/// partition found until modularity stops improving (at most 10 runs).
pub fn cluster(g: &WeightedGraph, seed: u64) -> (Vec<usize>, f64) {
    let mut rng = Rng(seed.max(1));
    let mut membership: Vec<usize> = (0..g.len()).collect();
    let mut q = modularity(g, &membership);
    for _ in 0..10 {
        let next = leiden(g, membership.clone(), &mut rng);
        let next_q = modularity(g, &next);
        if next_q <= q + 1e-12 {
            break;
        }
        (membership, q) = (next, next_q);
    }
    (membership, q)
}

/// One run of Leiden from `initial`: levels of local moving, refinement and
/// aggregation until the refinement leaves every node alone.
fn leiden(g: &WeightedGraph, initial: Vec<usize>, rng: &mut Rng) -> Vec<usize> {
    // Original node → node of the current level.
    let mut node_of: Vec<usize> = (0..g.len()).collect();
    let mut level = g.clone();
    let mut community = initial;
    // Every level aggregates at least one pair, so this ends; the cap is a guard.
    for _ in 0..g.len().max(1) {
        local_moving(&level, &mut community, rng);
        compact(&mut community);
        let mut refined = refine(&level, &community, rng);
        let k = compact(&mut refined);
        if k == level.len() {
            break;
        }
        let mut next = vec![0; k];
        for v in 0..level.len() {
            next[refined[v]] = community[v];
        }
        for m in node_of.iter_mut() {
            *m = refined[*m];
        }
        level = aggregate(&level, &refined, k);
        community = next;
    }
    let mut membership: Vec<usize> = node_of.iter().map(|&v| community[v]).collect();
    split_disconnected(g, &mut membership);
    compact(&mut membership);
    membership
}

/// Normalised mutual information between two labelings (for tests and for
/// comparing found and declared boundaries).
pub fn nmi(a: &[usize], b: &[usize]) -> f64 {
    let n = a.len() as f64;
    let mut joint: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    let mut pa: BTreeMap<usize, f64> = BTreeMap::new();
    let mut pb: BTreeMap<usize, f64> = BTreeMap::new();
    for (&x, &y) in a.iter().zip(b) {
        *joint.entry((x, y)).or_default() += 1.0;
        *pa.entry(x).or_default() += 1.0;
        *pb.entry(y).or_default() += 1.0;
    }
    let h = |p: &BTreeMap<usize, f64>| -> f64 { p.values().map(|c| -(c / n) * (c / n).ln()).sum() };
    let mi: f64 = joint
        .iter()
        .map(|(&(x, y), &c)| (c / n) * ((c / n) / ((pa[&x] / n) * (pb[&y] / n))).ln())
        .sum();
    let denom = (h(&pa) + h(&pb)) / 2.0;
    if denom == 0.0 { 1.0 } else { mi / denom }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Zachary's karate club (78 edges, nodes 0..34), as `a-b` pairs.
    const KARATE_EDGES: &str = "\
        1-0 2-0 2-1 3-0 3-1 3-2 4-0 5-0 6-0 6-4 6-5 7-0 7-1 7-2 7-3 8-0 8-2 9-2 10-0 10-4 \
        10-5 11-0 12-0 12-3 13-0 13-1 13-2 13-3 16-5 16-6 17-0 17-1 19-0 19-1 21-0 21-1 \
        25-23 25-24 27-2 27-23 27-24 28-2 29-23 29-26 30-1 30-8 31-0 31-24 31-25 31-28 32-2 \
        32-8 32-14 32-15 32-18 32-20 32-22 32-23 32-29 32-30 32-31 33-8 33-9 33-13 33-14 \
        33-15 33-18 33-19 33-20 33-22 33-23 33-26 33-27 33-28 33-29 33-30 33-31 33-32";

    fn karate() -> WeightedGraph {
        let edges: Vec<(usize, usize, f64)> = KARATE_EDGES
            .split_whitespace()
            .map(|pair| {
                let (a, b) = pair.split_once('-').unwrap();
                (a.parse().unwrap(), b.parse().unwrap(), 1.0)
            })
            .collect();
        assert_eq!(edges.len(), 78);
        WeightedGraph::from_edges(34, edges)
    }

    #[test]
    fn karate_club_modularity_reaches_the_known_optimum_region() {
        let g = karate();
        let best = (1..=5)
            .map(|seed| cluster(&g, seed).1)
            .fold(f64::MIN, f64::max);
        let (_, q) = cluster(&g, 1);
        assert!(q >= 0.41, "modularity {q} with seed 1");
        assert!(best <= 0.4198 + 1e-9, "above the known optimum: {best}");
    }

    #[test]
    fn planted_groups_are_recovered() {
        // Stochastic block model: 6 groups of 30, p_in 0.3, p_out 0.01.
        let (groups, size) = (6, 30);
        let n = groups * size;
        let mut rng = Rng(42);
        let mut edges = Vec::new();
        for i in 0..n {
            for j in i + 1..n {
                let p = if i / size == j / size { 0.3 } else { 0.01 };
                if (rng.next() % 10_000) as f64 / 10_000.0 < p {
                    edges.push((i, j, 1.0));
                }
            }
        }
        let g = WeightedGraph::from_edges(n, edges);
        let truth: Vec<usize> = (0..n).map(|i| i / size).collect();
        let (found, q) = cluster(&g, 7);
        let score = nmi(&truth, &found);
        assert!(score >= 0.9, "NMI {score}, modularity {q}");
    }

    #[test]
    fn deterministic_for_a_seed_and_communities_are_connected() {
        let g = karate();
        assert_eq!(cluster(&g, 3), cluster(&g, 3));
        // Two disjoint triangles never share a community.
        let t = WeightedGraph::from_edges(
            6,
            [
                (0, 1, 1.0),
                (1, 2, 1.0),
                (0, 2, 1.0),
                (3, 4, 1.0),
                (4, 5, 1.0),
                (3, 5, 1.0),
            ],
        );
        let (c, _) = cluster(&t, 1);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[0], c[2]);
        assert_ne!(c[0], c[3]);
    }

    #[test]
    fn every_seed_does_well_and_refinement_stays_inside_communities() {
        let g = karate();
        for seed in 1..=20 {
            let (c, q) = cluster(&g, seed);
            assert!(q >= 0.41, "seed {seed}: modularity {q}");
            assert!((modularity(&g, &c) - q).abs() < 1e-12);
        }
        // Two communities given; refinement only ever splits them.
        let halves: Vec<usize> = (0..34).map(|i| usize::from(i >= 17)).collect();
        let refined = refine(&g, &halves, &mut Rng(5));
        for i in 0..34 {
            for j in 0..34 {
                if refined[i] == refined[j] {
                    assert_eq!(halves[i], halves[j], "{i} and {j}");
                }
            }
        }
        assert!(
            refined
                .iter()
                .collect::<std::collections::BTreeSet<_>>()
                .len()
                < 34
        );
    }

    /// The implementation before the dense accumulators, kept to prove the
    /// new one gives the same partitions and modularity, bit for bit.
    mod reference {
        use super::super::{Rng, WeightedGraph};
        use std::collections::BTreeMap;

        pub fn from_edges(
            n: usize,
            edges: impl IntoIterator<Item = (usize, usize, f64)>,
        ) -> WeightedGraph {
            let mut sums: BTreeMap<(usize, usize), f64> = BTreeMap::new();
            for (a, b, w) in edges {
                if w <= 0.0 {
                    continue;
                }
                let key = (a.min(b), a.max(b));
                *sums.entry(key).or_default() += w;
            }
            let mut g = WeightedGraph::new(n);
            for ((a, b), w) in sums {
                g.adj[a].push((b, w));
                if a != b {
                    g.adj[b].push((a, w));
                }
            }
            g
        }

        pub fn modularity(g: &WeightedGraph, community: &[usize]) -> f64 {
            let m = g.total_weight();
            if m == 0.0 {
                return 0.0;
            }
            let mut internal: BTreeMap<usize, f64> = BTreeMap::new();
            let mut degree: BTreeMap<usize, f64> = BTreeMap::new();
            for i in 0..g.len() {
                *degree.entry(community[i]).or_default() += g.degree(i);
                for &(j, w) in &g.adj[i] {
                    if community[i] == community[j] {
                        *internal.entry(community[i]).or_default() +=
                            if i == j { 2.0 * w } else { w };
                    }
                }
            }
            degree
                .iter()
                .map(|(c, d)| {
                    internal.get(c).copied().unwrap_or(0.0) / (2.0 * m) - (d / (2.0 * m)).powi(2)
                })
                .sum()
        }

        fn local_moving(g: &WeightedGraph, community: &mut [usize], rng: &mut Rng) -> bool {
            let m2 = 2.0 * g.total_weight();
            if m2 == 0.0 {
                return false;
            }
            let degree: Vec<f64> = (0..g.len()).map(|i| g.degree(i)).collect();
            let mut tot = vec![0.0; g.len()];
            for i in 0..g.len() {
                tot[community[i]] += degree[i];
            }
            let mut order: Vec<usize> = (0..g.len()).collect();
            rng.shuffle(&mut order);
            let mut moved_any = false;
            loop {
                let mut moved = false;
                for &i in &order {
                    let own = community[i];
                    let mut links: BTreeMap<usize, f64> = BTreeMap::new();
                    for &(j, w) in &g.adj[i] {
                        if j != i {
                            *links.entry(community[j]).or_default() += w;
                        }
                    }
                    tot[own] -= degree[i];
                    let gain = |c: usize, k: f64| k - tot[c] * degree[i] / m2;
                    let mut best = (own, gain(own, links.get(&own).copied().unwrap_or(0.0)));
                    for (&c, &k) in &links {
                        let g_c = gain(c, k);
                        if g_c > best.1 + 1e-12 {
                            best = (c, g_c);
                        }
                    }
                    tot[best.0] += degree[i];
                    if best.0 != own {
                        community[i] = best.0;
                        moved = true;
                        moved_any = true;
                    }
                }
                if !moved {
                    return moved_any;
                }
            }
        }

        fn split_disconnected(g: &WeightedGraph, community: &mut [usize]) {
            let mut next = community.iter().copied().max().map_or(0, |m| m + 1);
            let mut seen = vec![false; g.len()];
            let mut first_of: BTreeMap<usize, bool> = BTreeMap::new();
            for start in 0..g.len() {
                if seen[start] {
                    continue;
                }
                let c = community[start];
                let label = if first_of.insert(c, true).is_none() {
                    c
                } else {
                    next += 1;
                    next - 1
                };
                let mut stack = vec![start];
                seen[start] = true;
                while let Some(i) = stack.pop() {
                    community[i] = label;
                    for &(j, _) in &g.adj[i] {
                        if !seen[j] && community[j] == c {
                            seen[j] = true;
                            stack.push(j);
                        }
                    }
                }
            }
        }

        pub fn compact(community: &mut [usize]) -> usize {
            let mut map: BTreeMap<usize, usize> = BTreeMap::new();
            for c in community.iter_mut() {
                let n = map.len();
                *c = *map.entry(*c).or_insert(n);
            }
            map.len()
        }

        fn aggregate(g: &WeightedGraph, community: &[usize], k: usize) -> WeightedGraph {
            let mut edges = Vec::new();
            for i in 0..g.len() {
                for &(j, w) in &g.adj[i] {
                    if i <= j {
                        edges.push((community[i], community[j], w));
                    }
                }
            }
            from_edges(k, edges)
        }

        pub fn refine(g: &WeightedGraph, community: &[usize], rng: &mut Rng) -> Vec<usize> {
            let n = g.len();
            let mut refined: Vec<usize> = (0..n).collect();
            let m2 = 2.0 * g.total_weight();
            if m2 == 0.0 {
                return refined;
            }
            let degree: Vec<f64> = (0..n).map(|i| g.degree(i)).collect();
            let k = community.iter().copied().max().map_or(0, |m| m + 1);
            let mut community_degree = vec![0.0; k];
            for i in 0..n {
                community_degree[community[i]] += degree[i];
            }
            let inside: Vec<f64> = (0..n)
                .map(|i| {
                    g.adj[i]
                        .iter()
                        .filter(|&&(j, _)| j != i && community[j] == community[i])
                        .map(|&(_, w)| w)
                        .sum()
                })
                .collect();
            let mut sub_degree = degree.clone();
            let mut sub_outside = inside.clone();
            let mut size = vec![1usize; n];
            let well_connected =
                |out: f64, d: f64, c: usize| out >= d * (community_degree[c] - d) / m2 - 1e-12;
            let mut order: Vec<usize> = (0..n).collect();
            rng.shuffle(&mut order);
            for v in order {
                let c = community[v];
                if size[refined[v]] != 1 || !well_connected(inside[v], degree[v], c) {
                    continue;
                }
                let mut links: BTreeMap<usize, f64> = BTreeMap::new();
                for &(u, w) in &g.adj[v] {
                    if u != v && community[u] == c {
                        *links.entry(refined[u]).or_default() += w;
                    }
                }
                let mut best: Option<(usize, f64, f64)> = None;
                for (&t, &w) in &links {
                    if t == refined[v] || !well_connected(sub_outside[t], sub_degree[t], c) {
                        continue;
                    }
                    let gain = w - degree[v] * sub_degree[t] / m2;
                    if gain > best.map_or(1e-12, |b| b.1 + 1e-12) {
                        best = Some((t, gain, w));
                    }
                }
                if let Some((t, _, w)) = best {
                    let own = refined[v];
                    size[own] = 0;
                    size[t] += 1;
                    sub_degree[t] += degree[v];
                    sub_outside[t] += inside[v] - 2.0 * w;
                    refined[v] = t;
                }
            }
            refined
        }

        pub fn cluster(g: &WeightedGraph, seed: u64) -> (Vec<usize>, f64) {
            let mut rng = Rng(seed.max(1));
            let mut membership: Vec<usize> = (0..g.len()).collect();
            let mut q = modularity(g, &membership);
            for _ in 0..10 {
                let next = leiden(g, membership.clone(), &mut rng);
                let next_q = modularity(g, &next);
                if next_q <= q + 1e-12 {
                    break;
                }
                (membership, q) = (next, next_q);
            }
            (membership, q)
        }

        fn leiden(g: &WeightedGraph, initial: Vec<usize>, rng: &mut Rng) -> Vec<usize> {
            let mut node_of: Vec<usize> = (0..g.len()).collect();
            let mut level = g.clone();
            let mut community = initial;
            for _ in 0..g.len().max(1) {
                local_moving(&level, &mut community, rng);
                compact(&mut community);
                let mut refined = refine(&level, &community, rng);
                let k = compact(&mut refined);
                if k == level.len() {
                    break;
                }
                let mut next = vec![0; k];
                for v in 0..level.len() {
                    next[refined[v]] = community[v];
                }
                for m in node_of.iter_mut() {
                    *m = refined[*m];
                }
                level = aggregate(&level, &refined, k);
                community = next;
            }
            let mut membership: Vec<usize> = node_of.iter().map(|&v| community[v]).collect();
            split_disconnected(g, &mut membership);
            compact(&mut membership);
            membership
        }
    }

    fn same_graph(a: &WeightedGraph, b: &WeightedGraph) -> bool {
        a.adj.len() == b.adj.len()
            && a.adj.iter().zip(&b.adj).all(|(x, y)| {
                x.len() == y.len()
                    && x.iter()
                        .zip(y)
                        .all(|(p, q)| p.0 == q.0 && p.1.to_bits() == q.1.to_bits())
            })
    }

    /// A random weighted multigraph: parallel edges, self-loops, a few dense
    /// clumps and isolated nodes. Weights are small integers (many exact
    /// ties, so the order candidates are tried in shows) or have long binary
    /// fractions (so summation order shows), some not positive (dropped).
    fn random_edges(
        rng: &mut Rng,
        n: usize,
        mean_degree: usize,
        integral: bool,
    ) -> Vec<(usize, usize, f64)> {
        let mut edges = Vec::new();
        let clumps = 1 + (rng.next() % 8) as usize;
        for _ in 0..n * mean_degree / 2 {
            let a = (rng.next() % n as u64) as usize;
            let b = if rng.next().is_multiple_of(3) {
                // Mostly inside a's clump, so there are communities to find.
                let width = n.div_ceil(clumps);
                let base = a / width * width;
                (base + (rng.next() % width as u64) as usize).min(n - 1)
            } else {
                (rng.next() % n as u64) as usize
            };
            let w = match rng.next() % 10 {
                _ if integral => (1 + rng.next() % 3) as f64,
                0 => 1.0,
                1 => 0.0,
                2 => -0.5,
                _ => (rng.next() % 100_000) as f64 / 7_919.0 + 1e-3,
            };
            edges.push((a, b, w));
        }
        edges
    }

    #[test]
    fn same_partitions_as_the_map_based_implementation() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut compared = 0;
        for round in 0..80 {
            let n = 10 + (rng.next() % 391) as usize;
            let mean_degree = [1, 2, 3, 5, 8, 13, 30][round % 7];
            let edges = random_edges(&mut rng, n, mean_degree, round % 2 == 0);
            let g = WeightedGraph::from_edges(n, edges.iter().copied());
            assert!(
                same_graph(&g, &reference::from_edges(n, edges)),
                "graph {round}"
            );
            for seed in [1, 2, 3, 17, 1_000_003] {
                let (new, old) = (cluster(&g, seed), reference::cluster(&g, seed));
                assert_eq!(new.0, old.0, "graph {round}, n {n}, seed {seed}");
                assert_eq!(
                    new.1.to_bits(),
                    old.1.to_bits(),
                    "graph {round}, seed {seed}"
                );
                compared += 1;
            }
            // Arbitrary labelings, not only compact ones found by `cluster`.
            let labels: Vec<usize> = (0..n).map(|_| (rng.next() % 40) as usize * 3).collect();
            assert_eq!(
                modularity(&g, &labels).to_bits(),
                reference::modularity(&g, &labels).to_bits()
            );
            let (mut a, mut b) = (labels.clone(), labels.clone());
            assert_eq!(compact(&mut a), reference::compact(&mut b));
            assert_eq!(a, b);
            let mut r = (Rng(round as u64 + 1), Rng(round as u64 + 1));
            assert_eq!(
                refine(&g, &a, &mut r.0),
                reference::refine(&g, &b, &mut r.1)
            );
        }
        assert_eq!(compared, 400);
    }

    #[test]
    fn modularity_of_trivial_partitions() {
        let g = WeightedGraph::from_edges(2, [(0, 1, 1.0)]);
        assert!((modularity(&g, &[0, 0]) - 0.0).abs() < 1e-12);
        assert!((modularity(&g, &[0, 1]) + 0.5).abs() < 1e-12);
        assert_eq!(nmi(&[0, 0, 1, 1], &[5, 5, 7, 7]), 1.0);
    }
}
