//! Broken and hostile input never crashes seam, hangs it, or costs the user a
//! report. The committed half of the tree is `testdata/hostile/` (see its
//! EXPECTED.md); what git cannot hold is made here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// Names a hostile repository might hold.
const ODD_NAMES: &[&str] = &[
    "with space.py",
    "quote'and\"double.py",
    "<b>bold<\\b>.py",
    "<script>alert(1)<script>.py",
    "<img src=x onerror=alert(2)>.py",
    "caf\u{e9}_\u{65e5}\u{672c}.py",
    "rtl\u{202e}yp.txt.py",
];

fn build_tree() -> tempfile::TempDir {
    let tree = tempfile::tempdir().unwrap();
    let root = tree.path();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/hostile"),
        root,
    );
    std::fs::remove_file(root.join("EXPECTED.md")).unwrap();
    std::fs::remove_file(root.join(".gitattributes")).unwrap();
    for name in ODD_NAMES {
        std::fs::write(root.join(name), "import ok_module\n").unwrap();
    }
    std::fs::write(root.join("ok_module.py"), "X = 1\n").unwrap();
    // 20,000 levels of brackets and of arrow functions, then an import.
    let depth = 20_000;
    let py = format!(
        "x = {}{}\nimport deep_target\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    std::fs::write(root.join("deep_nesting.py"), py).unwrap();
    std::fs::write(root.join("deep_target.py"), "").unwrap();
    let js = format!(
        "import \"./ok.js\";\nconst f = {}1{};\nfetch(\"/api/deep\");\n",
        "() => (\n".repeat(depth),
        ")".repeat(depth)
    );
    std::fs::write(root.join("deep_arrows.js"), js).unwrap();
    // 1,000 nested functions (one-space indents) around a query and a read
    // of a module global: scopes and owner reads stay linear.
    let mut defs = String::from("from shopapp.models import Order\nREG = {}\n");
    for i in 0..1000 {
        defs.push_str(&format!("{}def f{i}(REG2=None):\n", " ".repeat(i)));
    }
    defs.push_str(&format!(
        "{}return Order.objects.filter(k=REG)\n",
        " ".repeat(1000)
    ));
    std::fs::write(root.join("deep_defs.py"), defs).unwrap();
    std::fs::create_dir_all(root.join("shopapp")).unwrap();
    std::fs::write(
        root.join("shopapp/models.py"),
        "from django.db import models\n\nclass Order(models.Model):\n    pass\n",
    )
    .unwrap();
    // A 3 MB single line and a 20 MB minified bundle: over the size limit.
    std::fs::write(
        root.join("one_line.js"),
        "var a=1;".repeat(3 * 1024 * 1024 / 8),
    )
    .unwrap();
    std::fs::write(
        root.join("bundle.js"),
        "var b=2;".repeat(20 * 1024 * 1024 / 8),
    )
    .unwrap();
    // Under the limit but minified: 200 KB on one line.
    std::fs::write(root.join("app.bundle.js"), "x=1;".repeat(50_000)).unwrap();
    std::fs::write(root.join("vendor.min.js"), "x=1;").unwrap();
    // A directory named like a source file, holding a real one.
    std::fs::create_dir(root.join("pkg.py")).unwrap();
    std::fs::write(root.join("pkg.py/inside.py"), "import os\n").unwrap();
    // 60 levels deep.
    let mut deep = root.to_path_buf();
    for _ in 0..60 {
        deep.push("d");
    }
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(deep.join("bottom.py"), "import os\n").unwrap();
    // Extraction of this file panics (debug builds only); the run goes on.
    std::fs::write(root.join("__seam_test_panic__.py"), "import os\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(root, root.join("loop")).unwrap();
        symlink("/", root.join("to_root")).unwrap();
        symlink(root.join("nowhere.py"), root.join("dangling.py")).unwrap();
        symlink(root.join("ok.js"), root.join("alias.js")).unwrap();
        let fifo = root.join("fifo.py");
        let status = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(status.is_ok_and(|s| s.success()), "mkfifo works");
    }
    tree
}

fn audit(root: &Path, out: &Path) -> (Value, String, String) {
    let assert = Command::cargo_bin("seam")
        .unwrap()
        .arg("audit")
        .arg(root)
        .arg("--out")
        .arg(out)
        .arg("--no-cache")
        .timeout(std::time::Duration::from_secs(120))
        .assert()
        .success();
    let json = std::fs::read(out.join("report.json")).unwrap();
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    (serde_json::from_slice(&json).unwrap(), html, stderr)
}

fn skipped(report: &Value) -> BTreeMap<String, String> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "skipped")
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn edges(report: &Value) -> Vec<(String, String)> {
    report["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "import")
        .map(|e| {
            (
                e["from"].as_str().unwrap().to_string(),
                e["to"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn diagnostics(report: &Value, file: &str) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"] == file)
        .map(|d| d["kind"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn hostile_tree_gives_a_complete_report() {
    let tree = build_tree();
    let out = tempfile::tempdir().unwrap();
    let (report, html, _) = audit(tree.path(), out.path());

    let skipped = skipped(&report);
    let reason = |path: &str| skipped.get(path).cloned().unwrap_or_default();
    assert!(reason("binary.py").starts_with("binary"), "{skipped:#?}");
    assert!(reason("nul.js").starts_with("binary"), "{skipped:#?}");
    assert!(
        reason("one_line.js").starts_with("too large"),
        "{skipped:#?}"
    );
    assert!(reason("bundle.js").starts_with("too large"), "{skipped:#?}");
    assert!(
        reason("app.bundle.js").starts_with("minified"),
        "{skipped:#?}"
    );
    assert!(
        reason("vendor.min.js").starts_with("minified"),
        "{skipped:#?}"
    );
    #[cfg(unix)]
    {
        assert!(
            reason("fifo.py").starts_with("not a regular file"),
            "{skipped:#?}"
        );
        assert_eq!(
            reason("to_root/"),
            "symlink leads outside the root",
            "{skipped:#?}"
        );
        assert!(reason("loop").contains("loop"), "{skipped:#?}");
        assert!(!reason("dangling.py").is_empty(), "{skipped:#?}");
    }

    let edges = edges(&report);
    let has = |from: &str, to: &str| edges.contains(&(from.to_string(), to.to_string()));
    for target in [
        "latin1.py",
        "bom.py",
        "crlf.py",
        "broken.py",
        "tabs.py",
        "invalid_utf8.py",
    ] {
        assert!(has("good.py", target), "good.py -> {target} in {edges:?}");
    }
    for (from, to) in [
        ("latin1.py", "ext:python:os"),
        ("invalid_utf8.py", "ext:python:json"),
        ("bom.py", "ext:python:sys"),
        ("crlf.py", "ext:python:re"),
        ("broken.py", "ext:python:math"),
        ("tabs.py", "ext:python:csv"),
        ("unbalanced.js", "ok.js"),
        ("deep_nesting.py", "deep_target.py"),
        ("deep_arrows.js", "ok.js"),
        ("pkg.py/inside.py", "ext:python:os"),
    ] {
        assert!(has(from, to), "{from} -> {to} in {edges:?}");
    }
    for name in ODD_NAMES {
        assert!(has(name, "ok_module.py"), "{name:?} -> ok_module.py");
    }
    // The query 1,000 functions deep reaches its table, in its scope.
    let deep_query = report["edges"].as_array().unwrap().iter().any(|e| {
        e["from"] == "deep_defs.py" && e["to"] == "table:shopapp_order" && e["line"] == 1003
    });
    assert!(deep_query, "{:#?}", report["tables"]);
    // tsconfig with comments and trailing commas: its alias resolves.
    assert!(has("web/src/main.ts", "web/src/util.ts"), "{edges:?}");
    // A broken package.json is a diagnostic naming it; the run went on.
    assert!(
        diagnostics(&report, "web/package.json").contains(&"config".to_string()),
        "{:#?}",
        report["diagnostics"]
    );
    // Requests survive too, even after 20,000 levels of nesting.
    let requests: Vec<(String, String)> = report["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["file"].as_str().unwrap().to_string(),
                r["path"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for (file, path) in [
        ("web/src/main.ts", "/api/health"),
        ("deep_arrows.js", "/api/deep"),
    ] {
        assert!(
            requests.contains(&(file.to_string(), path.to_string())),
            "{file}: {path} in {requests:?}"
        );
    }
    let deep_file = format!("{}bottom.py", "d/".repeat(60));
    assert!(has(&deep_file, "ext:python:os"));

    assert!(diagnostics(&report, "latin1.py").contains(&"encoding".to_string()));
    assert!(diagnostics(&report, "invalid_utf8.py").contains(&"encoding".to_string()));
    assert!(diagnostics(&report, "broken.py").contains(&"syntax_error".to_string()));
    assert!(diagnostics(&report, "unbalanced.js").contains(&"syntax_error".to_string()));
    assert!(
        diagnostics(&report, "bom.py").is_empty(),
        "a BOM is not an error"
    );
    // The panicking file is reported and the run went on.
    if cfg!(debug_assertions) {
        assert!(
            diagnostics(&report, "__seam_test_panic__.py").contains(&"internal_error".to_string())
        );
    }
    // Line numbers survive CRLF.
    let crlf_line = report["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["from"] == "crlf.py")
        .unwrap()["line"]
        .clone();
    assert_eq!(crlf_line, 2);
    // Hostile names are escaped in the HTML.
    assert!(!html.contains("<b>bold"));
    // No file name smuggled a script or an element in.
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("<img src=x"));
    for name in ODD_NAMES {
        if name.contains('<') {
            assert!(!html.contains(name), "{name:?} appears unescaped");
        }
    }
    assert!(html.contains("&#60;b&#62;bold&#60;"));
}

#[test]
fn determinism_whatever_the_thread_count() {
    let tree = build_tree();
    let out = tempfile::tempdir().unwrap();
    let run = |threads: &str, name: &str| -> Vec<u8> {
        let dir: PathBuf = out.path().join(name);
        Command::cargo_bin("seam")
            .unwrap()
            .args([
                "audit",
                "--quiet",
                "--no-cache",
                "--threads",
                threads,
                "--out",
            ])
            .arg(&dir)
            .arg(tree.path())
            .assert()
            .success();
        std::fs::read(dir.join("report.json")).unwrap()
    };
    let one = run("1", "one");
    assert_eq!(one, run("2", "two"));
    assert_eq!(one, run("4", "four"));
    assert_eq!(one, run("1", "again"), "a second run is byte-identical");
}

#[test]
fn an_unwritable_output_folder_is_exit_two_and_leaves_nothing() {
    let tree = tempfile::tempdir().unwrap();
    std::fs::write(tree.path().join("a.py"), "import os\n").unwrap();
    // A path under a regular file cannot be created, even by root.
    let blocker = tree.path().join("blocker");
    std::fs::write(&blocker, "not a folder").unwrap();
    let assert = Command::cargo_bin("seam")
        .unwrap()
        .arg("audit")
        .arg(tree.path())
        .arg("--out")
        .arg(blocker.join("out"))
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("cannot write the report"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&blocker).unwrap(), "not a folder");
}

#[test]
fn an_existing_report_survives_a_failed_run() {
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("report.json"), "OLD").unwrap();
    let assert = Command::cargo_bin("seam")
        .unwrap()
        .args(["audit", "/no/such/tree", "--out"])
        .arg(out.path())
        .assert()
        .code(2);
    // A missing path is a clear error naming it, not a panic.
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("/no/such/tree"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(out.path().join("report.json")).unwrap(),
        "OLD"
    );
    let leftovers: Vec<_> = std::fs::read_dir(out.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary files left");
}

/// A broken `seam.toml` or `pyproject.toml` is a clear error naming the file
/// and line, exit 2, and no report — never a silent default.
#[test]
fn broken_config_files_name_file_and_line_and_exit_two() {
    let cases = [
        ("seam.toml", "[audit]\nthreads = \n", "seam.toml:2"),
        (
            "pyproject.toml",
            "[project]\nname = \"x\"\n\n[tool.seam]\nexclude = \"notalist\"\n",
            "pyproject.toml:5",
        ),
        ("pyproject.toml", "[project\nname = 1\n", "pyproject.toml:1"),
    ];
    for (name, text, expected) in cases {
        let tree = tempfile::tempdir().unwrap();
        std::fs::write(tree.path().join("a.py"), "import os\n").unwrap();
        std::fs::write(tree.path().join(name), text).unwrap();
        let out = tree.path().join("out");
        let assert = Command::cargo_bin("seam")
            .unwrap()
            .arg("audit")
            .arg(tree.path())
            .arg("--out")
            .arg(&out)
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(stderr.contains(expected), "{name}: {stderr}");
        assert!(!out.join("report.json").exists(), "{name}: no report");
    }
}
