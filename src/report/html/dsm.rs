//! The dependency structure matrices of the page data: imports between
//! directory groups, and between the candidate services (a proposed cut).
//!
//! Part of the HTML view model, built from the [`Report`] and the page's node
//! list; it never changes what the JSON report holds. Both matrices come in
//! layered order: the group import graph (load-time imports) condensed into
//! strongly connected components, each group after the groups it imports,
//! the groups of a knot (a component of several groups) kept together. A cell
//! above the diagonal then points upward: an import inside a knot, or a lazy
//! or type-only import.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use serde::Serialize;

use super::super::model::Report;
use super::data::NodeData;

/// The matrix stays readable up to about this many rows.
const MAX_DSM_GROUPS: usize = 40;

#[derive(Serialize, Default)]
pub struct Dsm {
    pub directories: Matrix,
    pub services: Matrix,
    /// Edges (indices into the page's `edges`) that are function-local
    /// imports, and the other type-only ones: neither runs at load time.
    pub lazy: Vec<usize>,
    pub type_only: Vec<usize>,
}

/// One matrix, groups in layered order. `cells` are `[row, column, imports,
/// cyclic, deferred]` for the non-empty cells, where a row imports from a
/// column, `cyclic` says some of those imports lie on an import-time cycle
/// between modules, and `deferred` counts the lazy and type-only ones.
#[derive(Serialize, Default)]
pub struct Matrix {
    pub groups: Vec<String>,
    /// Short names for the column headers (the full name is in `groups`).
    pub labels: Vec<String>,
    /// Per group: 0 when it imports no other group at load time, else one
    /// more than the deepest layer it imports.
    pub layers: Vec<u32>,
    /// Per group: the knot (groups importing each other at load time) it
    /// sits in, numbered from 0 down the matrix.
    pub knots: Vec<Option<usize>>,
    /// Group of each node (`null` for nodes in none).
    pub node_group: Vec<Option<usize>>,
    pub cells: Vec<(usize, usize, u32, bool, u32)>,
    /// What the groups are and what is left out, said on the page.
    pub note: String,
}

/// An import between two nodes of the page data (indices), as the
/// matrices count it.
struct Import {
    from: usize,
    to: usize,
    deferred: bool,
    cyclic: bool,
}

pub fn dsm(report: &Report, nodes: &[NodeData]) -> Dsm {
    let index: BTreeMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let (mut lazy, mut type_only) = (Vec::new(), Vec::new());
    let mut imports = Vec::new();
    for (i, e) in report.edges.iter().enumerate() {
        if e.kind != "import" {
            continue;
        }
        if e.lazy {
            lazy.push(i);
        } else if e.type_only {
            type_only.push(i);
        }
        let (from, to) = (index[e.from.as_str()], index[e.to.as_str()]);
        imports.push(Import {
            from,
            to,
            deferred: e.lazy || e.type_only,
            cyclic: nodes[from].cycle.is_some() && nodes[from].cycle == nodes[to].cycle,
        });
    }
    Dsm {
        directories: directories(nodes, &imports),
        services: services(report, nodes, &index, &imports),
        lazy,
        type_only,
    }
}

fn directories(nodes: &[NodeData], imports: &[Import]) -> Matrix {
    let modules: Vec<usize> = (0..nodes.len())
        .filter(|&i| nodes[i].kind == "module")
        .collect();
    let paths: Vec<&str> = modules.iter().map(|&i| nodes[i].id.as_str()).collect();
    let assigned = group_modules(&paths);
    // Alphabetical, so that ties within a layer read by name.
    let groups: Vec<String> = assigned
        .iter()
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let position: BTreeMap<&str, usize> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| (g.as_str(), i))
        .collect();
    let mut node_group = vec![None; nodes.len()];
    for (&i, group) in modules.iter().zip(&assigned) {
        node_group[i] = Some(position[group.as_str()]);
    }
    let note = format!(
        "Groups are directories: the top-level ones, the largest split into their \
         subdirectories while there are at most {MAX_DSM_GROUPS} groups."
    );
    matrix(groups, node_group, imports, note, directory_label)
}

/// The candidate services in extraction order (ties within a layer keep it),
/// then the shared kernel as a group of its own, each split by language
/// where it mixes them; modules in neither (tests, migrations, scripts,
/// config) are left out and counted in the note.
fn services(
    report: &Report,
    nodes: &[NodeData],
    index: &BTreeMap<&str, usize>,
    imports: &[Import],
) -> Matrix {
    if report.clusters.is_empty() {
        let note = "The report has no candidate services.".to_string();
        let node_group = vec![None; nodes.len()];
        return matrix(Vec::new(), node_group, imports, note, service_label);
    }
    let mut clusters: Vec<_> = report.clusters.iter().collect();
    clusters.sort_by_key(|c| (c.extraction_rank, c.id.as_str()));
    let mut groups: Vec<String> = clusters.iter().map(|c| c.name.clone()).collect();
    let mut node_group = vec![None; nodes.len()];
    let members = clusters
        .iter()
        .map(|c| c.modules.iter().map(String::as_str).collect::<Vec<_>>())
        .chain([report
            .kernel
            .modules
            .iter()
            .map(|m| m.id.as_str())
            .collect()]);
    for (g, modules) in members.enumerate() {
        for m in modules {
            if let Some(&i) = index.get(m) {
                node_group[i] = Some(g);
            }
        }
    }
    let kernel = report.kernel.modules.len();
    if kernel > 0 {
        groups.push("(shared kernel)".to_string());
    }
    let mut left_out: BTreeMap<&str, usize> = BTreeMap::new();
    for m in &report.modules {
        if m.kind == "module"
            && index
                .get(m.id.as_str())
                .is_some_and(|&i| node_group[i].is_none())
        {
            *left_out
                .entry(m.role.map_or("unclassified", |r| r.name()))
                .or_default() += 1;
        }
    }
    let (groups, node_group, split) = split_by_language(groups, node_group, nodes);
    let note = services_note(clusters.len(), kernel, split, &left_out);
    matrix(groups, node_group, imports, note, service_label)
}

/// Imports never cross languages, so a group of Python and TypeScript
/// modules is two unrelated halves to this matrix, and shown as one it would
/// knot backend and frontend together (the shared kernel, the bucket of
/// uncoupled modules): such a group becomes one per language family, in the
/// given order. Also says whether any group was split.
fn split_by_language(
    names: Vec<String>,
    node_group: Vec<Option<usize>>,
    nodes: &[NodeData],
) -> (Vec<String>, Vec<Option<usize>>, bool) {
    let mut families: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); names.len()];
    for (i, g) in node_group.iter().enumerate() {
        if let Some(g) = *g {
            families[g].insert(language_family(&nodes[i].language));
        }
    }
    let mut part: BTreeMap<(usize, &str), usize> = BTreeMap::new();
    let mut split_names = Vec::new();
    for (g, name) in names.iter().enumerate() {
        if families[g].len() < 2 {
            part.extend(families[g].iter().map(|&f| ((g, f), split_names.len())));
            split_names.push(name.clone());
            continue;
        }
        for &f in &families[g] {
            part.insert((g, f), split_names.len());
            // `(shared kernel, Python)`, `orders (Python)`.
            split_names.push(match name.strip_suffix(')') {
                Some(head) if name.starts_with('(') => format!("{head}, {f})"),
                _ => format!("{name} ({f})"),
            });
        }
    }
    let split = split_names.len() > names.len();
    let node_group = node_group
        .iter()
        .enumerate()
        .map(|(i, g)| g.map(|g| part[&(g, language_family(&nodes[i].language))]))
        .collect();
    (split_names, node_group, split)
}

/// `kernel` modules; `split` when some group was split by language.
fn services_note(
    services: usize,
    kernel: usize,
    split: bool,
    left_out: &BTreeMap<&str, usize>,
) -> String {
    let mut note = format!("Groups are the {services} candidate services");
    if kernel > 0 {
        note += &format!(
            " and the shared kernel ({})",
            count(kernel, "module", "modules")
        );
    }
    note += ".";
    if split {
        note += " A group of Python and JS/TS modules shows once per language: imports never cross them.";
    }
    let total: usize = left_out.values().sum();
    if total > 0 {
        let roles: Vec<String> = left_out.iter().map(|(r, n)| format!("{n} {r}")).collect();
        note += &format!(
            " Left out: {} in no service ({}).",
            count(total, "module", "modules"),
            roles.join(", ")
        );
    }
    note
}

/// Python, or the ECMAScript side (HTML and Vue files import through their
/// script blocks, as `Language::is_ecma` has it).
fn language_family(language: &str) -> &'static str {
    if language == "python" {
        "Python"
    } else {
        "JS/TS"
    }
}

/// Column labels are read vertically in about 30 characters.
const LABEL_CHARS: usize = 30;

/// A directory by its last segments: `…/components/chat`.
fn directory_label(name: &str) -> String {
    let mut rest = name;
    while rest.chars().count() > LABEL_CHARS - 2 {
        match rest.split_once('/') {
            Some((_, tail)) => rest = tail,
            None => break,
        }
    }
    if rest.len() == name.len() {
        name.to_string()
    } else {
        format!("…/{rest}")
    }
}

/// A service named around a module by that module's file name, which is
/// what tells two services of the same directories apart.
fn service_label(name: &str) -> String {
    match name.split_once(" around ") {
        Some((_, module)) if name.chars().count() > LABEL_CHARS => {
            format!("… around {}", module.rsplit('/').next().unwrap_or(module))
        }
        _ => name.to_string(),
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Counts the imports between groups (given in tie-break order) and lays the
/// groups out in layers, renumbering everything to the shown order.
fn matrix(
    groups: Vec<String>,
    node_group: Vec<Option<usize>>,
    imports: &[Import],
    note: String,
    label: fn(&str) -> String,
) -> Matrix {
    let mut cells: BTreeMap<(usize, usize), (u32, bool, u32)> = BTreeMap::new();
    let mut load_time: BTreeMap<(usize, usize), u32> = BTreeMap::new();
    for i in imports {
        let (Some(a), Some(b)) = (node_group[i.from], node_group[i.to]) else {
            continue;
        };
        let cell = cells.entry((a, b)).or_default();
        cell.0 += 1;
        cell.1 |= i.cyclic;
        cell.2 += u32::from(i.deferred);
        if !i.deferred && a != b {
            *load_time.entry((a, b)).or_default() += 1;
        }
    }
    let layout = layered(groups.len(), &load_time);
    let mut shown_at = vec![0; groups.len()];
    for (k, &g) in layout.order.iter().enumerate() {
        shown_at[g] = k;
    }
    Matrix {
        labels: layout.order.iter().map(|&g| label(&groups[g])).collect(),
        groups: layout.order.iter().map(|&g| groups[g].clone()).collect(),
        layers: layout.order.iter().map(|&g| layout.layers[g]).collect(),
        knots: layout.order.iter().map(|&g| layout.knots[g]).collect(),
        node_group: node_group.iter().map(|g| g.map(|g| shown_at[g])).collect(),
        cells: {
            let mut cells: Vec<_> = cells
                .into_iter()
                .map(|((a, b), (n, cyclic, deferred))| {
                    (shown_at[a], shown_at[b], n, cyclic, deferred)
                })
                .collect();
            cells.sort_unstable();
            cells
        },
        note,
    }
}

/// Groups in layered order: `order[k]` is the group shown k-th; `layers`
/// and `knots` are indexed by group.
struct Layout {
    order: Vec<usize>,
    layers: Vec<u32>,
    knots: Vec<Option<usize>>,
}

/// Condenses the import graph (`(importer, imported) → imports`) into its
/// strongly connected components and orders them by layer, providers first;
/// ties keep the groups' given order. A knot's groups stay together, ordered
/// so that the imports pointing upward inside it weigh little.
fn layered(count: usize, imports: &BTreeMap<(usize, usize), u32>) -> Layout {
    let mut graph = DiGraph::<(), ()>::with_capacity(count, imports.len());
    for _ in 0..count {
        graph.add_node(());
    }
    for &(a, b) in imports.keys() {
        graph.add_edge(NodeIndex::new(a), NodeIndex::new(b), ());
    }
    // tarjan_scc yields components in postorder: every component after the
    // ones it imports, so a single pass settles each layer.
    let components = tarjan_scc(&graph);
    let mut component = vec![0; count];
    for (c, members) in components.iter().enumerate() {
        for m in members {
            component[m.index()] = c;
        }
    }
    let mut imported: Vec<Vec<usize>> = vec![Vec::new(); components.len()];
    for &(a, b) in imports.keys() {
        if component[a] != component[b] {
            imported[component[a]].push(component[b]);
        }
    }
    let mut layer = vec![0u32; components.len()];
    for c in 0..components.len() {
        layer[c] = imported[c].iter().map(|&d| layer[d] + 1).max().unwrap_or(0);
    }
    let mut ranked: Vec<(u32, usize, Vec<usize>)> = components
        .into_iter()
        .enumerate()
        .map(|(c, members)| {
            let mut members: Vec<usize> = members.iter().map(|m| m.index()).collect();
            members.sort_unstable();
            (layer[c], members[0], members)
        })
        .collect();
    ranked.sort_unstable_by_key(|(layer, first, _)| (*layer, *first));
    let mut layout = Layout {
        order: Vec::with_capacity(count),
        layers: vec![0; count],
        knots: vec![None; count],
    };
    let mut knots = 0;
    for (layer, _, members) in ranked {
        let knot = (members.len() > 1).then(|| {
            knots += 1;
            knots - 1
        });
        for g in untangle(members, imports) {
            layout.layers[g] = layer;
            layout.knots[g] = knot;
            layout.order.push(g);
        }
    }
    layout
}

/// Orders a knot so that few imports point upward, with Eades, Lin and
/// Smyth's greedy heuristic for the feedback arc set (exact is NP-hard): a
/// member importing none of the members still unplaced goes on top, one that
/// none of them imports to the bottom, else the member they lean on most (net
/// of its own imports into them) on top. Ties keep the given order.
fn untangle(mut left: Vec<usize>, imports: &BTreeMap<(usize, usize), u32>) -> Vec<usize> {
    let weight = |a: usize, b: usize| imports.get(&(a, b)).copied().unwrap_or(0);
    let (mut top, mut bottom) = (Vec::new(), Vec::new());
    while !left.is_empty() {
        let up = |g: usize| left.iter().map(|&h| weight(g, h)).sum::<u32>();
        let down = |g: usize| left.iter().map(|&h| weight(h, g)).sum::<u32>();
        if let Some(k) = (0..left.len()).find(|&k| up(left[k]) == 0) {
            top.push(left.remove(k));
        } else if let Some(k) = (0..left.len()).find(|&k| down(left[k]) == 0) {
            bottom.push(left.remove(k));
        } else {
            let k = (0..left.len())
                .max_by_key(|&k| {
                    let g = left[k];
                    (i64::from(down(g)) - i64::from(up(g)), Reverse(k))
                })
                .expect("left is not empty");
            top.push(left.remove(k));
        }
    }
    top.extend(bottom.into_iter().rev());
    top
}

fn dir_prefix(path: &str, depth: usize) -> String {
    let dirs: Vec<&str> = path.split('/').collect();
    let dirs = &dirs[..dirs.len() - 1];
    if dirs.is_empty() {
        return "(root)".to_string();
    }
    dirs[..depth.min(dirs.len())].join("/")
}

/// Groups modules by directory: starts from the top-level directories and
/// keeps splitting the largest group into its subdirectories while the matrix
/// stays readable, so a big `zerver/` becomes `zerver/lib`, `zerver/views`, …
/// while small siblings stay whole.
fn group_modules(paths: &[&str]) -> Vec<String> {
    let depth_of = |g: &str| {
        if g == "(root)" {
            0
        } else {
            g.matches('/').count() + 1
        }
    };
    let mut assigned: Vec<String> = paths.iter().map(|p| dir_prefix(p, 1)).collect();
    loop {
        let mut sizes: BTreeMap<&str, usize> = BTreeMap::new();
        for g in &assigned {
            *sizes.entry(g.as_str()).or_default() += 1;
        }
        let count = sizes.len();
        let mut candidates: Vec<(&str, usize)> = sizes.into_iter().collect();
        candidates.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let mut split = None;
        for (group, _) in candidates {
            let depth = depth_of(group);
            let parts: BTreeSet<String> = paths
                .iter()
                .zip(&assigned)
                .filter(|(_, g)| g.as_str() == group)
                .map(|(p, _)| dir_prefix(p, depth + 1))
                .collect();
            if parts.len() > 1 && count - 1 + parts.len() <= MAX_DSM_GROUPS {
                split = Some((group.to_string(), depth + 1));
                break;
            }
        }
        let Some((group, depth)) = split else {
            return assigned;
        };
        for (p, g) in paths.iter().zip(assigned.iter_mut()) {
            if *g == group {
                *g = dir_prefix(p, depth);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn imports(pairs: &[(usize, usize, u32)]) -> BTreeMap<(usize, usize), u32> {
        pairs.iter().map(|&(a, b, n)| ((a, b), n)).collect()
    }

    #[test]
    fn an_acyclic_chain_lands_providers_first() {
        // 0 web imports 1 api, 1 api imports 2 core; 3 docs imports nothing.
        let layout = layered(4, &imports(&[(0, 1, 2), (1, 2, 1)]));
        assert_eq!(layout.order, vec![2, 3, 1, 0]);
        assert_eq!(layout.layers, vec![2, 1, 0, 0]);
        assert_eq!(layout.knots, vec![None; 4]);
    }

    #[test]
    fn a_knot_stays_together_and_alone_points_upward() {
        // 1 and 3 import each other; 0 imports 3, 4 imports 0, 2 is alone.
        let knot = imports(&[(1, 3, 4), (3, 1, 1), (0, 3, 1), (4, 0, 1)]);
        let layout = layered(5, &knot);
        let at: BTreeMap<usize, usize> = layout
            .order
            .iter()
            .enumerate()
            .map(|(k, &g)| (g, k))
            .collect();
        assert_eq!(at[&1].abs_diff(at[&3]), 1, "{:?}", layout.order);
        assert_eq!(layout.knots[1], Some(0));
        assert_eq!(layout.knots[3], Some(0));
        // Inside the knot the lighter import points upward: 3 before 1.
        assert!(at[&3] < at[&1]);
        for &(a, b) in knot.keys() {
            let upward = at[&b] > at[&a];
            assert_eq!(upward, (a, b) == (3, 1), "{a} imports {b}");
        }
        assert!(at[&1] < at[&0] && at[&0] < at[&4]);
    }

    #[test]
    fn a_knot_is_ordered_so_little_points_upward() {
        // Everyone imports 2 shop, which imports 3 views, which imports
        // everyone: the one upward import is shop → views, though shop
        // imports more than 0 utils does.
        let knot = imports(&[
            (0, 2, 2),
            (1, 2, 4),
            (3, 2, 5),
            (2, 3, 5),
            (3, 0, 3),
            (3, 1, 3),
            (1, 0, 1),
        ]);
        let layout = layered(4, &knot);
        assert_eq!(layout.order, vec![2, 0, 1, 3]);
        assert_eq!(layout.knots, vec![Some(0); 4]);
    }

    #[test]
    fn only_knots_and_deferred_imports_sit_above_the_diagonal() {
        // Nodes 0..6 in groups a a b c c d: b and c import each other at load
        // time, d imports a lazily, a imports d at load time.
        let node_group = vec![Some(0), Some(0), Some(1), Some(2), Some(2), Some(3)];
        let import = |from, to, deferred| Import {
            from,
            to,
            deferred,
            cyclic: false,
        };
        let edges = [
            import(2, 3, false),
            import(4, 2, false),
            import(3, 1, false),
            import(5, 0, true),
            import(0, 5, false),
            import(0, 1, false),
        ];
        let names = ["a", "b", "c", "d"].map(String::from).to_vec();
        let m = matrix(names, node_group, &edges, String::new(), directory_label);
        assert_eq!(m.groups, vec!["d", "a", "b", "c"]);
        assert_eq!(m.knots, vec![None, None, Some(0), Some(0)]);
        assert_eq!(m.node_group[5], Some(0));
        let mut above = Vec::new();
        for &(row, col, n, _, deferred) in &m.cells {
            if col > row {
                let knot = m.knots[row].is_some() && m.knots[row] == m.knots[col];
                assert!(knot || deferred == n, "{row},{col} above the diagonal");
                above.push((row, col));
            }
        }
        // d → a (lazy) and one import between b and c.
        assert_eq!(above.len(), 2);
        assert!(m.cells.contains(&(1, 1, 1, false, 0)));
    }

    #[test]
    fn a_group_of_two_languages_becomes_two() {
        let node = |id: &str, language: &str| NodeData {
            id: id.into(),
            kind: "module".into(),
            language: language.into(),
            lines: 1,
            ..NodeData::default()
        };
        let nodes = [
            node("api/orders.py", "python"),
            node("core/db.py", "python"),
            node("web/store.ts", "typescript"),
            node("web/base.html", "html"),
            node("ext:npm:react", ""),
        ];
        let names = ["orders", "(shared kernel)"].map(String::from).to_vec();
        let node_group = vec![Some(0), Some(1), Some(1), Some(1), None];
        let (names, node_group, split) = split_by_language(names, node_group, &nodes);
        assert!(split);
        assert_eq!(
            names,
            [
                "orders",
                "(shared kernel, JS/TS)",
                "(shared kernel, Python)"
            ]
        );
        assert_eq!(node_group, [Some(0), Some(2), Some(1), Some(1), None]);
    }

    #[test]
    fn big_directories_are_split_small_ones_kept() {
        let paths = [
            "z/lib/a.py",
            "z/lib/b.py",
            "z/views/c.py",
            "z/d.py",
            "w/e.js",
        ];
        assert_eq!(
            group_modules(&paths),
            vec!["z/lib", "z/lib", "z/views", "z", "w"]
        );
    }

    #[test]
    fn column_labels_keep_what_tells_groups_apart() {
        let long = "src-ui/src/app/components/document-notes";
        assert_eq!(directory_label(long), "…/components/document-notes");
        assert_eq!(directory_label("zerver/lib"), "zerver/lib");
        let service = "src-ui/src/app/components + src-ui/src/app/data around \
                       src-ui/src/app/components/document-detail/document-detail.component.ts";
        assert_eq!(
            service_label(service),
            "… around document-detail.component.ts"
        );
        assert_eq!(service_label("zerver + scripts"), "zerver + scripts");
    }

    #[test]
    fn directory_prefixes() {
        assert_eq!(dir_prefix("a/b/c.py", 1), "a");
        assert_eq!(dir_prefix("a/b/c.py", 5), "a/b");
        assert_eq!(dir_prefix("c.py", 1), "(root)");
    }
}
