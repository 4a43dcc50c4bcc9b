//! The data the report page's script works on (module drill-down panels, the
//! dependency structure matrix, search), embedded in the page as JSON.
//!
//! Built from the [`Report`] only. Strings from the audited code end up inside
//! a `<script type="application/json">` element, where HTML escaping does not
//! apply, so [`embed`] escapes `<`, `>`, `&` and the JavaScript line
//! separators as `\uXXXX`: no file name or string literal can close the
//! element or start markup.

use std::collections::BTreeMap;

use serde::Serialize;

use super::super::model::Report;
use super::dsm::{Dsm, dsm};

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

#[derive(Default)]
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
                    ..NodeData::default()
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
    let dsm = dsm(report, &nodes);
    PageData {
        node_fields: NODE_FIELDS,
        nodes,
        edges,
        cycles,
        dsm,
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
            dsm: Dsm::default(),
        };
        let text = embed(&data);
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        assert!(!text.contains('\u{2028}'));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["edges"][0][3], "</script><script>alert(1)</script>");
    }
}
