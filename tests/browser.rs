//! The HTML report in a real browser: headless Chromium driven by
//! playwright-core (`tests/browser/report.test.mjs`). Fails on any console
//! error, page error, dialog or network request; screenshots land in
//! `target/browser-artifacts/`. Without Chromium or playwright-core the tests
//! say so and skip, except in CI (`CI=true`), where that is a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The browser and driver, or `None` (with the reason printed) to skip.
fn browser_tools() -> Option<(PathBuf, PathBuf)> {
    let chromium = std::env::var_os("SEAM_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    let script = manifest().join("tests/browser/report.test.mjs");
    let driver = manifest().join("tests/browser/node_modules/playwright-core");
    let node_ok = Command::new("node").arg("--version").output().is_ok();
    let missing = [
        (!chromium.exists()).then(|| format!("Chromium ({})", chromium.display())),
        (!driver.exists()).then(|| "playwright-core (npm ci --prefix tests/browser)".to_string()),
        (!node_ok).then(|| "node".to_string()),
    ];
    let missing: Vec<String> = missing.into_iter().flatten().collect();
    if missing.is_empty() {
        return Some((chromium, script));
    }
    let message = format!("browser tests need {}", missing.join(", "));
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{message}: in CI a missing browser is a failure");
    }
    // Visible with `cargo test -- --nocapture`; the test passes as skipped.
    std::io::Write::write_all(
        &mut std::io::stderr(),
        format!("SKIPPED: {message}\n").as_bytes(),
    )
    .ok();
    None
}

fn audit(root: &Path, out: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_seam"))
        .arg("audit")
        .arg(root)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .status()
        .expect("seam runs");
    assert!(status.success());
}

fn drive(chromium: &Path, script: &Path, report: &Path, artifacts: &str, mode: &str) {
    let artifacts = manifest().join("target/browser-artifacts").join(artifacts);
    let output = Command::new("node")
        .arg(script)
        .arg(report)
        .arg(&artifacts)
        .arg(mode)
        .env("SEAM_CHROMIUM", chromium)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "browser test failed:\n{stdout}\n{stderr}"
    );
}

/// The decision views (`tests/browser/views.test.mjs`) on one report.
fn drive_views(chromium: &Path, report: &Path, artifacts: &str, mode: &str) {
    let script = manifest().join("tests/browser/views.test.mjs");
    drive(chromium, &script, report, artifacts, mode);
}

#[test]
fn decision_views_work_on_the_demo() {
    let Some((chromium, _)) = browser_tools() else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    audit(&manifest().join("testdata/demo"), out.path());
    drive_views(&chromium, &out.path().join("report.html"), "views", "views");
}

/// A tree of zulip's size: 2,400 Python modules in 40 packages that import
/// each other, 560 Flask routes, and 100 TypeScript pages fetching them.
fn write_large_tree(root: &Path) {
    let write = |path: String, text: String| {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "backend/shop/__init__.py".into(),
        "from flask import Flask\n\napp = Flask(__name__)\n".into(),
    );
    for p in 0..40 {
        write(format!("backend/shop/pkg{p}/__init__.py"), String::new());
        for m in 0..60 {
            let imports: String = (1..4)
                .map(|k| {
                    let q = (p + k * m) % 40;
                    let n = (m * 7 + k) % 60;
                    format!("from shop.pkg{q} import mod{n}\n")
                })
                .collect();
            write(
                format!("backend/shop/pkg{p}/mod{m}.py"),
                format!("{imports}\n\ndef work(x):\n    return x + {m}\n"),
            );
        }
        let routes: String = (0..14)
            .map(|r| {
                format!(
                    "@app.route(\"/api/pkg{p}/item{r}\", methods=[\"GET\"])\ndef item{r}():\n    return mod{r}.work({r})\n\n"
                )
            })
            .collect();
        let imports: String = (0..14)
            .map(|r| format!("from shop.pkg{p} import mod{r}\n"))
            .collect();
        write(
            format!("backend/shop/pkg{p}/views.py"),
            format!("from shop import app\n{imports}\n{routes}"),
        );
    }
    for page in 0..100 {
        let calls: String = (0..4)
            .map(|c| {
                let (p, r) = ((page + c) % 40, (page * 3 + c) % 14);
                format!("export const load{c} = () => fetch(\"/api/pkg{p}/item{r}\");\n")
            })
            .collect();
        write(format!("frontend/src/page{page}.ts"), calls);
    }
}

#[test]
fn decision_views_hold_at_zulip_size() {
    let Some((chromium, _)) = browser_tools() else {
        return;
    };
    let tree = tempfile::tempdir().unwrap();
    write_large_tree(tree.path());
    let out = tempfile::tempdir().unwrap();
    audit(tree.path(), out.path());
    drive_views(&chromium, &out.path().join("report.html"), "large", "large");
}

#[test]
fn demo_report_works_in_chromium() {
    let Some((chromium, script)) = browser_tools() else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    audit(&manifest().join("testdata/demo"), out.path());
    drive(
        &chromium,
        &script,
        &out.path().join("report.html"),
        "demo",
        "interactive",
    );
}

/// File names and string literals from the audited code try to inject markup
/// and script; none of it may run.
#[test]
fn hostile_names_and_literals_never_run_as_script() {
    let Some((chromium, script)) = browser_tools() else {
        return;
    };
    let tree = tempfile::tempdir().unwrap();
    let names = [
        "<img src=x onerror=\"window.__pwned=1\">.js",
        "'quote\" onmouseover='window.__pwned=2'.js",
        "rtl\u{202e}sj.evil.js",
        "<script>window.__pwned=3<\\script>.py",
    ];
    for name in names {
        std::fs::write(tree.path().join(name), "export const x = 1;\n").unwrap();
    }
    let main = format!(
        "import a from \"./{}\";\n\
         import b from \"./{}?</script><script>window.__pwned=4</script>\";\n\
         import c from \"./{}\";\n\
         import \"</script><img src=x onerror=window.__pwned=5>\";\n\
         export default [a, b, c];\n",
        names[0].replace('"', "\\\""),
        names[1].replace('"', "\\\""),
        names[2]
    );
    std::fs::write(tree.path().join("main.js"), main).unwrap();
    std::fs::write(
        tree.path().join("app.py"),
        "import os  # </script><script>window.__pwned=6</script>\nfrom \"<b>\" import x\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    audit(tree.path(), out.path());
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    assert!(!html.contains("<img src=x"), "unescaped markup in the HTML");
    assert_eq!(
        html.matches("<script").count(),
        3,
        "only seam's own scripts (the theme, the data, the page)"
    );
    drive(
        &chromium,
        &script,
        &out.path().join("report.html"),
        "hostile",
        "hostile",
    );
}
