//! The data the report page's script works on (module drill-down panels, the
//! dependency structure matrix, search), embedded in the page as JSON.
//!
//! Built from the [`Report`] only. Strings from the audited code end up inside
//! a `<script type="application/json">` element, where HTML escaping does not
//! apply, so [`embed`] escapes `<`, `>`, `&` and the JavaScript line
//! separators as `\uXXXX`: no file name or string literal can close the
//! element or start markup.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::super::model::Report;

/// The matrix stays readable up to about this many rows.
const MAX_DSM_GROUPS: usize = 40;

#[derive(Serialize)]
pub struct PageData {
    /// The names of a node row's columns, in order ([`NODE_FIELDS`]).
    pub node_fields: &'static [&'static str],
    /// Every node an edge touches: modules, external packages, and the ids of
    /// other node kinds (globals, tables, routes) as analyses add them. Each
    /// is a row, not an object: 3,500 nodes would repeat their 14 keys.
    pub nodes: Vec<NodeData>,
    /// `[from, to, kind, file, line, text]`, indices into `nodes`; `file`
    /// is empty when it is the `from` node's path (nearly always).
    pub edges: Vec<(usize, usize, String, String, u32, String)>,
    pub cycles: Vec<CycleData>,
    pub dsm: Dsm,
}

/// The order [`NodeData`] serializes its fields in.
pub const NODE_FIELDS: &[&str] = &[
    "id",
    "kind",
    "name",
    "language",
    "lines",
    "fan_in",
    "fan_out",
    "external_deps",
    "instability",
    "role",
    "cycle",
    "service",
    "commits",
    "support",
];

pub struct NodeData {
    pub id: String,
    /// `module`, `external`, or the prefix of another node kind's id.
    pub kind: String,
    pub name: String,
    pub language: String,
    pub lines: u32,
    pub fan_in: u32,
    pub fan_out: u32,
    pub external_deps: u32,
    pub instability: f64,
    /// `test (under a tests/ directory)`: the module's role and its rule.
    pub role: String,
    /// Index into `cycles`, when the module sits in one.
    pub cycle: Option<usize>,
    /// `[rank, "3. name"]` of the candidate service holding it.
    pub service: Option<(u32, String)>,
    /// Commits and distinct authors in the history window.
    pub commits: Option<(u32, u32)>,
    /// Not production code: a test, fixture or migration (its edges are
    /// listed apart in the panel).
    pub support: bool,
}

impl Serialize for NodeData {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeTuple;
        let mut row = serializer.serialize_tuple(NODE_FIELDS.len())?;
        row.serialize_element(&self.id)?;
        row.serialize_element(&self.kind)?;
        row.serialize_element(&self.name)?;
        row.serialize_element(&self.language)?;
        row.serialize_element(&self.lines)?;
        row.serialize_element(&self.fan_in)?;
        row.serialize_element(&self.fan_out)?;
        row.serialize_element(&self.external_deps)?;
        row.serialize_element(&self.instability)?;
        row.serialize_element(&self.role)?;
        row.serialize_element(&self.cycle)?;
        row.serialize_element(&self.service)?;
        row.serialize_element(&self.commits)?;
        row.serialize_element(&self.support)?;
        row.end()
    }
}

#[derive(Serialize)]
pub struct CycleData {
    pub id: String,
    pub path: Vec<usize>,
    pub size: u32,
}

/// Dependency structure matrix over directory groups: `cells` are
/// `[row, column, imports, cyclic]` for the non-empty cells, where a row
/// imports from a column, and `cyclic` says some of those imports lie on an
/// import cycle.
#[derive(Serialize)]
pub struct Dsm {
    pub groups: Vec<String>,
    /// Group of each node (`null` for non-modules).
    pub node_group: Vec<Option<usize>>,
    pub cells: Vec<(usize, usize, u32, bool)>,
}

fn node_kind(id: &str, report_kind: Option<&str>) -> String {
    match report_kind {
        Some(kind) => kind.to_string(),
        None => id.split(':').next().unwrap_or("node").to_string(),
    }
}

pub fn page_data(report: &Report) -> PageData {
    let service_of: BTreeMap<&str, (u32, String)> = report
        .clusters
        .iter()
        .flat_map(|c| {
            let label = format!("{}. {}", c.extraction_rank, c.name);
            c.modules
                .iter()
                .map(move |m| (m.as_str(), (c.extraction_rank, label.clone())))
        })
        .collect();
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut nodes: Vec<NodeData> = Vec::new();
    for m in &report.modules {
        index.insert(&m.id, nodes.len());
        nodes.push(NodeData {
            id: m.id.clone(),
            kind: node_kind(&m.id, Some(&m.kind)),
            name: m.name.clone().unwrap_or_default(),
            language: m.language.clone().unwrap_or_default(),
            lines: m.lines,
            fan_in: m.fan_in,
            fan_out: m.fan_out,
            external_deps: m.external_deps,
            instability: m.instability,
            role: match (&m.role, &m.role_rule) {
                (Some(role), Some(rule)) => format!("{} ({rule})", role.name()),
                _ => String::new(),
            },
            cycle: None,
            service: service_of.get(m.id.as_str()).cloned(),
            commits: m.history.as_ref().map(|h| (h.commits, h.authors)),
            support: m.role.is_some_and(|r| {
                matches!(
                    r,
                    crate::analyze::roles::Role::Test
                        | crate::analyze::roles::Role::Fixture
                        | crate::analyze::roles::Role::Migration
                )
            }),
        });
    }
    for e in &report.edges {
        for id in [&e.from, &e.to] {
            if !index.contains_key(id.as_str()) {
                index.insert(id, nodes.len());
                nodes.push(NodeData {
                    id: id.clone(),
                    kind: node_kind(id, None),
                    name: String::new(),
                    language: String::new(),
                    lines: 0,
                    fan_in: 0,
                    fan_out: 0,
                    external_deps: 0,
                    instability: 0.0,
                    role: String::new(),
                    cycle: None,
                    service: None,
                    commits: None,
                    support: false,
                });
            }
        }
    }
    let edges: Vec<_> = report
        .edges
        .iter()
        .map(|e| {
            (
                index[e.from.as_str()],
                index[e.to.as_str()],
                e.kind.clone(),
                if e.file == e.from {
                    String::new()
                } else {
                    e.file.clone()
                },
                e.line,
                e.text.clone(),
            )
        })
        .collect();
    let mut cycles = Vec::new();
    // The matrix marks what must move together: import-time knots.
    for (i, c) in report.import_cycles.iter().enumerate() {
        for m in &c.modules {
            if let Some(&ix) = index.get(m.as_str()) {
                nodes[ix].cycle = Some(i);
            }
        }
        cycles.push(CycleData {
            id: c.id.clone(),
            path: c
                .path
                .iter()
                .filter_map(|m| index.get(m.as_str()).copied())
                .collect(),
            size: c.size,
        });
    }
    let dsm = dsm(&nodes, &edges);
    PageData {
        node_fields: NODE_FIELDS,
        nodes,
        edges,
        cycles,
        dsm,
    }
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

fn dsm(nodes: &[NodeData], edges: &[(usize, usize, String, String, u32, String)]) -> Dsm {
    let modules: Vec<usize> = (0..nodes.len())
        .filter(|&i| nodes[i].kind == "module")
        .collect();
    let paths: Vec<&str> = modules.iter().map(|&i| nodes[i].id.as_str()).collect();
    let assigned = group_modules(&paths);
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
    let mut cells: BTreeMap<(usize, usize), (u32, bool)> = BTreeMap::new();
    for (from, to, kind, ..) in edges {
        if kind != "import" {
            continue;
        }
        let (Some(a), Some(b)) = (node_group[*from], node_group[*to]) else {
            continue;
        };
        let cyclic = nodes[*from].cycle.is_some() && nodes[*from].cycle == nodes[*to].cycle;
        let cell = cells.entry((a, b)).or_default();
        cell.0 += 1;
        cell.1 |= cyclic;
    }
    Dsm {
        groups,
        node_group,
        cells: cells
            .into_iter()
            .map(|((a, b), (n, cyclic))| (a, b, n, cyclic))
            .collect(),
    }
}

/// JSON safe to place inside `<script type="application/json">`.
pub fn embed(data: &PageData) -> String {
    let json = serde_json::to_string(data).expect("page data serializes");
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_json_cannot_close_its_script_element() {
        let data = PageData {
            node_fields: NODE_FIELDS,
            nodes: vec![],
            edges: vec![(
                0,
                0,
                "import".into(),
                "</script><script>alert(1)</script>".into(),
                1,
                "a & b \u{2028}".into(),
            )],
            cycles: vec![],
            dsm: Dsm {
                groups: vec![],
                node_group: vec![],
                cells: vec![],
            },
        };
        let text = embed(&data);
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        assert!(!text.contains('\u{2028}'));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["edges"][0][3], "</script><script>alert(1)</script>");
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
    fn directory_prefixes() {
        assert_eq!(dir_prefix("a/b/c.py", 1), "a");
        assert_eq!(dir_prefix("a/b/c.py", 5), "a/b");
        assert_eq!(dir_prefix("c.py", 1), "(root)");
    }
}
