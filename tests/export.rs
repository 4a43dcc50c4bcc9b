//! `seam graph` (every format at every level, on a saved report and on a
//! fresh audit) and `seam diff` (a change to the demo that adds a cycle, an
//! import across a component boundary and a coupled module: exit 1 with each
//! named; the reverse diff: exit 0 with each removed).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn seam() -> Command {
    Command::cargo_bin("seam").unwrap()
}

fn demo_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/demo");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(&from).unwrap();
        if rel.starts_with(".seam-cache") {
            continue;
        }
        let target: PathBuf = dir.path().join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    dir
}

const COMPONENTS: [&str; 4] = [
    "--component",
    "utils=backend/shop/utils/**",
    "--component",
    "views=backend/shop/views/**:utils",
];

/// Audits `dir` into `out`, returning the report path.
fn audit(dir: &Path, out: &Path) -> PathBuf {
    let output = seam()
        .arg("audit")
        .arg(dir)
        .arg("--out")
        .arg(out)
        .args(["--no-cache", "--no-history", "--quiet"])
        .args(COMPONENTS)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    out.join("report.json")
}

fn run(cmd: &mut Command) -> (i32, String) {
    let output = cmd.output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn graph_every_format_at_every_level() {
    let dir = demo_copy();
    let out = tempfile::tempdir().unwrap();
    let report_path = audit(dir.path(), out.path());
    let report = read_json(&report_path);
    let first_party_imports: Vec<&Value> = report["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "import" && !e["to"].as_str().unwrap().starts_with("ext:"))
        .collect();
    let graph = |level: &str, format: &str| {
        let (code, text) = run(seam()
            .args(["graph", "--report"])
            .arg(&report_path)
            .args(["--level", level, "--format", format]));
        assert_eq!(code, 0, "{level} {format}");
        text
    };

    // Module level: one CSV row per first-party import edge, weights 1.
    let csv = graph("module", "csv");
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("Source,Target,Weight,Evidence"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), first_party_imports.len());
    let e = first_party_imports[0];
    let row = format!(
        "{},{},1,{}:{}",
        e["from"].as_str().unwrap(),
        e["to"].as_str().unwrap(),
        e["file"].as_str().unwrap(),
        e["line"]
    );
    assert!(rows.contains(&row.as_str()), "{row} not in\n{csv}");

    // Package level: the demo's models → services import is one of the
    // forbidden-direction edges; weights add up to the cross-directory imports.
    let csv = graph("package", "csv");
    assert!(
        csv.contains(
            "backend/shop/models,backend/shop/services,1,backend/shop/models/orders.py:18"
        ),
        "{csv}"
    );
    let dir_of = |p: &str| p.rsplit_once('/').map_or(".", |(d, _)| d).to_string();
    let crossing = first_party_imports
        .iter()
        .filter(|e| dir_of(e["from"].as_str().unwrap()) != dir_of(e["to"].as_str().unwrap()))
        .count();
    let total: usize = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(2).unwrap().parse::<usize>().unwrap())
        .sum();
    assert_eq!(total, crossing);

    // The node table has every package, also those without edges.
    let nodes = run(seam()
        .args(["graph", "--report"])
        .arg(&report_path)
        .args(["--level", "package", "--format", "csv", "--nodes"]))
    .1;
    assert_eq!(nodes.lines().next(), Some("Id,Label,Modules,Lines"));
    let packages: std::collections::BTreeSet<String> = report["modules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["kind"] == "module")
        .map(|m| dir_of(m["id"].as_str().unwrap()))
        .collect();
    assert_eq!(nodes.lines().count() - 1, packages.len(), "{nodes}");
    assert!(
        nodes.contains("\nbackend/shop/models,backend/shop/models,5,"),
        "{nodes}"
    );
    let (code, _) = run(seam()
        .args(["graph", "--nodes", "--format", "dot", "--report"])
        .arg(&report_path));
    assert_eq!(code, 2);

    // DOT: every package a node, edges with weights.
    let dot = graph("package", "dot");
    assert!(dot.starts_with("digraph seam {\n"), "{dot}");
    assert!(dot.trim_end().ends_with('}'));
    assert!(
        dot.contains("\"backend/shop/models\" -> \"backend/shop/services\" [weight=1"),
        "{dot}"
    );
    assert_eq!(dot.matches("->").count(), csv.lines().count() - 1);

    // Mermaid: plain node ids, quoted labels, one arrow per edge.
    let mermaid = graph("cluster", "mermaid");
    assert!(mermaid.starts_with("flowchart LR\n"));
    let clusters = report["clusters"].as_array().unwrap();
    // Nodes in the report's cluster order, labelled with name and id.
    for (i, c) in clusters.iter().enumerate() {
        let node = format!(
            "  n{i}[\"{} ({})\"]\n",
            c["name"].as_str().unwrap(),
            c["id"].as_str().unwrap()
        );
        assert!(mermaid.contains(&node), "{node} not in\n{mermaid}");
    }
    let cluster_csv = graph("cluster", "csv");
    assert_eq!(
        mermaid.matches("-->|").count(),
        cluster_csv.lines().count() - 1
    );
    assert!(mermaid.matches("-->|").count() >= 2, "{mermaid}");

    // GraphML: well-formed XML, a node per module, an edge per import.
    let graphml = graph("module", "graphml");
    let doc = roxmltree::Document::parse(&graphml).expect("well-formed GraphML");
    let count = |tag: &str| doc.descendants().filter(|n| n.has_tag_name(tag)).count();
    let modules = report["modules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["kind"] == "module")
        .count();
    assert_eq!(count("node"), modules);
    assert_eq!(count("edge"), first_party_imports.len());

    // A fresh audit gives the same graph as the saved report.
    let (code, fresh) = run(seam()
        .arg("graph")
        .arg(dir.path())
        .args(["--no-cache", "--level", "package", "--format", "dot"])
        .args(COMPONENTS));
    assert_eq!(code, 0);
    assert_eq!(fresh, dot);

    // --output writes the file.
    let file = out.path().join("g.graphml");
    let (code, stdout) = run(seam()
        .args(["graph", "--report"])
        .arg(&report_path)
        .args(["--format", "graphml", "--output"])
        .arg(&file));
    assert_eq!((code, stdout.as_str()), (0, ""));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), graphml);
}

#[test]
fn graph_rejects_a_missing_report_with_exit_two() {
    let (code, _) = run(seam().args(["graph", "--report", "/nonexistent/report.json"]));
    assert_eq!(code, 2);
    let (code, _) = run(seam().args(["diff", "/nonexistent/a.json", "/nonexistent/b.json"]));
    assert_eq!(code, 2);
}

#[test]
fn diff_names_new_cycles_boundary_imports_and_coupling_and_exits_one() {
    let dir = demo_copy();
    let before = tempfile::tempdir().unwrap();
    let old = audit(dir.path(), before.path());

    // utils → views: against the declaration (utils may use nothing) and,
    // since views import utils, a new cycle.
    let money = dir.path().join("backend/shop/utils/money.py");
    let text = std::fs::read_to_string(&money).unwrap();
    std::fs::write(&money, format!("from shop.views import cart\n{text}")).unwrap();
    // A new module importing five others: coupling +5.
    std::fs::write(
        dir.path().join("backend/shop/utils/hub.py"),
        "from shop import config\nfrom shop.utils import money\nfrom shop.utils import validation\nfrom shop.services import pricing\nfrom shop.models import catalog\n",
    )
    .unwrap();
    let after = tempfile::tempdir().unwrap();
    let new = audit(dir.path(), after.path());

    let (code, text) = run(seam().arg("diff").arg(&old).arg(&new));
    assert_eq!(code, 1, "{text}");
    assert!(
        text.starts_with("seam diff: coupling got worse: "),
        "{text}"
    );
    assert!(
        text.contains("added backend/shop/utils/money.py → backend/shop/views/cart.py (utils → views) (not allowed) at backend/shop/utils/money.py:1"),
        "{text}"
    );
    assert!(
        text.contains("backend/shop/utils/hub.py +5: fan-in 0 → 0, fan-out 0 → 5"),
        "{text}"
    );
    assert!(text.contains(" cycle, "), "{text}");

    let (code, json) = run(seam()
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .args(["--format", "json"]));
    assert_eq!(code, 1);
    let d: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(d["worse"], true);
    let cycles = d["cycles"].as_array().unwrap();
    assert!(
        cycles
            .iter()
            .any(|c| (c["change"] == "new" || c["change"] == "grown")
                && c["modules"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|m| m == "backend/shop/utils/money.py")),
        "{json}"
    );
    assert_eq!(d["totals"]["modules"], 1);
    assert_eq!(d["reasons"].as_array().unwrap().len(), 3, "{json}");

    // Markdown for a pull-request comment.
    let (code, md) = run(seam()
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .args(["--format", "markdown"]));
    assert_eq!(code, 1);
    assert!(md.starts_with("### seam diff: coupling got worse"), "{md}");
    assert!(
        md.contains("- added `backend/shop/utils/money.py` → `backend/shop/views/cart.py`"),
        "{md}"
    );

    // The other way round everything is an improvement: exit 0.
    let (code, text) = run(seam().arg("diff").arg(&new).arg(&old));
    assert_eq!(code, 0, "{text}");
    assert!(
        text.starts_with("seam diff: coupling did not get worse"),
        "{text}"
    );
    assert!(
        text.contains("removed backend/shop/utils/money.py → backend/shop/views/cart.py"),
        "{text}"
    );
    assert!(text.contains("backend/shop/utils/hub.py -5"), "{text}");

    // A higher threshold hides the +5 module but not the rest.
    let (code, json) =
        run(seam()
            .arg("diff")
            .arg(&old)
            .arg(&new)
            .args(["--format", "json", "--threshold", "6"]));
    assert_eq!(code, 1);
    let d: Value = serde_json::from_str(&json).unwrap();
    assert!(
        !d["coupling"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["module"] == "backend/shop/utils/hub.py"),
        "{json}"
    );

    // Same report twice: nothing to say, exit 0.
    let (code, text) = run(seam().arg("diff").arg(&old).arg(&old));
    assert_eq!(code, 0);
    assert_eq!(
        text,
        "seam diff: coupling did not get worse\nmodules +0, internal imports +0, cycles +0, largest cycle +0, boundary violations +0\n"
    );
}
