//! `seam graph`: the first-party import graph folded to a level (modules,
//! packages = directories, or candidate-service clusters) and written as
//! Graphviz DOT, Mermaid, GraphML (Gephi, yEd) or CSV (spreadsheets, Gephi's
//! edge-table import). Nodes and edges come out sorted, so the same report
//! gives byte-identical text.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::report::Report;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Module,
    Package,
    Cluster,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    Dot,
    Mermaid,
    Graphml,
    Csv,
}

impl std::str::FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "module" => Ok(Level::Module),
            "package" => Ok(Level::Package),
            "cluster" => Ok(Level::Cluster),
            other => Err(format!(
                "unknown level `{other}` (module, package, cluster)"
            )),
        }
    }
}

impl std::str::FromStr for GraphFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "dot" => Ok(GraphFormat::Dot),
            "mermaid" => Ok(GraphFormat::Mermaid),
            "graphml" => Ok(GraphFormat::Graphml),
            "csv" => Ok(GraphFormat::Csv),
            other => Err(format!(
                "unknown format `{other}` (dot, mermaid, graphml, csv)"
            )),
        }
    }
}

/// A node of the folded graph: its id, a label for people, how many modules
/// and lines it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub id: String,
    pub label: String,
    pub modules: u32,
    pub lines: u64,
}

/// An edge of the folded graph: `weight` import edges between modules of
/// `from` and modules of `to`; `evidence` is the first one's `file:line`.
#[derive(Debug, Clone, PartialEq)]
pub struct FoldedEdge {
    pub from: String,
    pub to: String,
    pub weight: u32,
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Folded {
    pub nodes: Vec<Node>,
    pub edges: Vec<FoldedEdge>,
}

/// Name of the node that module `path` belongs to at `level`. Modules in no
/// cluster (the uncoupled bucket) fold into `uncoupled`.
fn owner_map(report: &Report, level: Level) -> BTreeMap<&str, (String, String)> {
    let mut cluster_of: BTreeMap<&str, (String, String)> = BTreeMap::new();
    if level == Level::Cluster {
        for c in &report.clusters {
            for m in &c.modules {
                cluster_of.insert(m, (c.id.clone(), format!("{} ({})", c.name, c.id)));
            }
        }
    }
    report
        .modules
        .iter()
        .filter(|m| m.kind == "module")
        .map(|m| {
            let owner = match level {
                Level::Module => (m.id.clone(), m.id.clone()),
                Level::Package => {
                    let dir = m.id.rsplit_once('/').map_or(".", |(dir, _)| dir);
                    (dir.to_string(), dir.to_string())
                }
                Level::Cluster => cluster_of
                    .get(m.id.as_str())
                    .cloned()
                    .unwrap_or_else(|| ("uncoupled".into(), "uncoupled modules".into())),
            };
            (m.id.as_str(), owner)
        })
        .collect()
}

/// Folds the first-party import edges of `report` to `level`. Edges inside
/// one package or cluster are dropped (they are not between nodes).
pub fn fold(report: &Report, level: Level) -> Folded {
    let owner = owner_map(report, level);
    let mut nodes: BTreeMap<&str, Node> = BTreeMap::new();
    for m in report.modules.iter().filter(|m| m.kind == "module") {
        let (id, label) = &owner[m.id.as_str()];
        let node = nodes.entry(id.as_str()).or_insert_with(|| Node {
            id: id.clone(),
            label: label.clone(),
            modules: 0,
            lines: 0,
        });
        node.modules += 1;
        node.lines += u64::from(m.lines);
    }
    let mut edges: BTreeMap<(&str, &str), FoldedEdge> = BTreeMap::new();
    for e in report.edges.iter().filter(|e| e.kind == "import") {
        let (Some((from, _)), Some((to, _))) =
            (owner.get(e.from.as_str()), owner.get(e.to.as_str()))
        else {
            continue;
        };
        if from == to && level != Level::Module {
            continue;
        }
        edges
            .entry((from.as_str(), to.as_str()))
            .or_insert_with(|| FoldedEdge {
                from: from.clone(),
                to: to.clone(),
                weight: 0,
                evidence: format!("{}:{}", e.file, e.line),
            })
            .weight += 1;
    }
    // A cluster-level graph without the bucket's edges keeps the bucket only
    // when something connects to it.
    let mut folded = Folded {
        nodes: nodes.into_values().collect(),
        edges: edges.into_values().collect(),
    };
    if level == Level::Cluster {
        // The report's order (cluster-2 before cluster-10), the bucket last.
        let rank: BTreeMap<&str, usize> = report
            .clusters
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        folded
            .nodes
            .sort_by_key(|n| rank.get(n.id.as_str()).copied().unwrap_or(usize::MAX));
        let used = |id: &str| folded.edges.iter().any(|e| e.from == id || e.to == id);
        let keep: Vec<bool> = folded
            .nodes
            .iter()
            .map(|n| n.id != "uncoupled" || used(&n.id))
            .collect();
        let mut keep = keep.into_iter();
        folded.nodes.retain(|_| keep.next().unwrap_or(true));
    }
    folded
}

pub fn render(folded: &Folded, format: GraphFormat) -> String {
    match format {
        GraphFormat::Dot => dot(folded),
        GraphFormat::Mermaid => mermaid(folded),
        GraphFormat::Graphml => graphml(folded),
        GraphFormat::Csv => csv(folded),
    }
}

fn dot_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn dot(g: &Folded) -> String {
    let mut out = String::from(
        "digraph seam {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n",
    );
    for n in &g.nodes {
        let _ = writeln!(
            out,
            "  {} [label={}, tooltip={}];",
            dot_quote(&n.id),
            dot_quote(&n.label),
            dot_quote(&format!("{} modules, {} lines", n.modules, n.lines))
        );
    }
    for e in &g.edges {
        let _ = writeln!(
            out,
            "  {} -> {} [weight={}, label=\"{}\", tooltip={}];",
            dot_quote(&e.from),
            dot_quote(&e.to),
            e.weight,
            e.weight,
            dot_quote(&e.evidence)
        );
    }
    out.push_str("}\n");
    out
}

/// Mermaid ids must be plain words: nodes are `n0`, `n1`, … in node order,
/// labels quoted with Mermaid's entity codes for `"`.
fn mermaid(g: &Folded) -> String {
    let index: BTreeMap<&str, usize> = g
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let label = |s: &str| {
        s.replace('"', "#quot;")
            .replace('<', "#lt;")
            .replace('>', "#gt;")
            .replace(['\n', '\r'], " ")
    };
    let mut out = String::from("flowchart LR\n");
    for (i, n) in g.nodes.iter().enumerate() {
        let _ = writeln!(out, "  n{i}[\"{}\"]", label(&n.label));
    }
    for e in &g.edges {
        let _ = writeln!(
            out,
            "  n{} -->|{}| n{}",
            index[e.from.as_str()],
            e.weight,
            index[e.to.as_str()]
        );
    }
    out
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters other than tab/newline are not XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {
                out.push('\u{FFFD}');
            }
            c => out.push(c),
        }
    }
    out
}

fn graphml(g: &Folded) -> String {
    let mut out = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" ",
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ",
        "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns ",
        "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
        "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n",
        "  <key id=\"modules\" for=\"node\" attr.name=\"modules\" attr.type=\"int\"/>\n",
        "  <key id=\"lines\" for=\"node\" attr.name=\"lines\" attr.type=\"long\"/>\n",
        "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n",
        "  <key id=\"evidence\" for=\"edge\" attr.name=\"evidence\" attr.type=\"string\"/>\n",
        "  <graph id=\"seam\" edgedefault=\"directed\">\n",
    ));
    for n in &g.nodes {
        let _ = writeln!(
            out,
            "    <node id=\"{}\"><data key=\"label\">{}</data><data key=\"modules\">{}</data><data key=\"lines\">{}</data></node>",
            xml_escape(&n.id),
            xml_escape(&n.label),
            n.modules,
            n.lines
        );
    }
    for (i, e) in g.edges.iter().enumerate() {
        let _ = writeln!(
            out,
            "    <edge id=\"e{i}\" source=\"{}\" target=\"{}\"><data key=\"weight\">{}</data><data key=\"evidence\">{}</data></edge>",
            xml_escape(&e.from),
            xml_escape(&e.to),
            e.weight,
            xml_escape(&e.evidence)
        );
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

/// RFC 4180: quote a field holding a comma, quote or line break.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The node table (`seam graph --format csv --nodes`), with the column names
/// Gephi's import recognises; every node, also those without edges.
pub fn csv_nodes(g: &Folded) -> String {
    let mut out = String::from("Id,Label,Modules,Lines\n");
    for n in &g.nodes {
        let _ = writeln!(
            out,
            "{},{},{},{}",
            csv_field(&n.id),
            csv_field(&n.label),
            n.modules,
            n.lines
        );
    }
    out
}

/// The edge table, with the column names Gephi's import recognises.
fn csv(g: &Folded) -> String {
    let mut out = String::from("Source,Target,Weight,Evidence\n");
    for e in &g.edges {
        let _ = writeln!(
            out,
            "{},{},{},{}",
            csv_field(&e.from),
            csv_field(&e.to),
            e.weight,
            csv_field(&e.evidence)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_quotes_commas_and_markup_are_escaped_per_format() {
        let g = Folded {
            nodes: vec![
                Node {
                    id: "a \"b\",c<d>&\\".into(),
                    label: "a \"b\",c<d>&\\".into(),
                    modules: 1,
                    lines: 2,
                },
                Node {
                    id: "z".into(),
                    label: "z".into(),
                    modules: 1,
                    lines: 1,
                },
            ],
            edges: vec![FoldedEdge {
                from: "a \"b\",c<d>&\\".into(),
                to: "z".into(),
                weight: 2,
                evidence: "x.py:3".into(),
            }],
        };
        let dot = render(&g, GraphFormat::Dot);
        assert!(
            dot.contains(r#""a \"b\",c<d>&\\" -> "z" [weight=2"#),
            "{dot}"
        );
        let csv = render(&g, GraphFormat::Csv);
        assert_eq!(
            csv,
            "Source,Target,Weight,Evidence\n\"a \"\"b\"\",c<d>&\\\",z,2,x.py:3\n"
        );
        let xml = render(&g, GraphFormat::Graphml);
        assert!(
            xml.contains(r#"<node id="a &quot;b&quot;,c&lt;d&gt;&amp;\">"#),
            "{xml}"
        );
        let mermaid = render(&g, GraphFormat::Mermaid);
        assert!(
            mermaid.contains("n0[\"a #quot;b#quot;,c#lt;d#gt;&\\\"]"),
            "{mermaid}"
        );
        assert!(mermaid.contains("n0 -->|2| n1"), "{mermaid}");
    }

    #[test]
    fn levels_and_formats_parse_and_reject_unknown_names() {
        assert_eq!("cluster".parse::<Level>(), Ok(Level::Cluster));
        assert_eq!("graphml".parse::<GraphFormat>(), Ok(GraphFormat::Graphml));
        assert!(
            "gexf"
                .parse::<GraphFormat>()
                .unwrap_err()
                .contains("dot, mermaid")
        );
        assert!("file".parse::<Level>().is_err());
    }
}
