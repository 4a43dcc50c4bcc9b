//! The binary's behaviour: exit codes, what it writes, what it says.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn fixture(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(case)
}

fn seam() -> Command {
    Command::cargo_bin("seam").expect("binary builds")
}

fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).expect("report written")).expect("valid JSON")
}

#[test]
fn audit_writes_json_and_html_and_exits_zero() {
    let out = tempfile::tempdir().unwrap();
    let assert = seam()
        .current_dir(fixture("imports"))
        .args(["audit", "python", "--no-history", "--out"])
        .arg(out.path())
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("modules"), "{stderr}");
    assert!(
        assert.get_output().stdout.is_empty(),
        "machine output only in files"
    );
    let report = read_json(&out.path().join("report.json"));
    insta::assert_json_snapshot!("python_fixture_report", report, {
        ".tool.version" => "[version]",
        ".summary.source.commit" => "[commit]",
        ".summary.source.commit_date" => "[date]",
    });
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    assert!(html.contains("app/services/orders.py"));
    // No temporary files are left behind.
    let names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn two_runs_and_thread_counts_give_byte_identical_json() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for (dir, threads) in [(&a, "1"), (&b, "2")] {
        seam()
            .current_dir(fixture("imports"))
            .args(["audit", "ecma", "--quiet", "--threads", threads, "--out"])
            .arg(dir.path())
            .assert()
            .success();
    }
    let read = |d: &tempfile::TempDir| std::fs::read(d.path().join("report.json")).unwrap();
    assert_eq!(read(&a), read(&b));
}

#[test]
fn a_missing_path_is_an_input_error_with_exit_code_two() {
    let out = tempfile::tempdir().unwrap();
    let assert = seam()
        .args(["audit", "/definitely/not/here", "--out"])
        .arg(out.path())
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("/definitely/not/here"), "{stderr}");
    assert!(!out.path().join("report.json").exists());
}

#[test]
fn a_bad_flag_is_a_usage_error_with_exit_code_two() {
    seam().args(["audit", "--no-such-flag"]).assert().code(2);
    seam()
        .current_dir(fixture("imports"))
        .args(["audit", "python", "--exclude", "[unclosed"])
        .assert()
        .code(2);
}

#[test]
fn exclude_and_include_globs_list_what_they_skip() {
    let out = tempfile::tempdir().unwrap();
    seam()
        .current_dir(fixture("imports"))
        .args([
            "audit",
            "python",
            "-q",
            "--exclude",
            "scripts",
            "--include",
            "app/**",
        ])
        .arg("--out")
        .arg(out.path())
        .assert()
        .success();
    let report = read_json(&out.path().join("report.json"));
    let skipped: Vec<(String, String)> = report["files"]
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
        .collect();
    assert!(skipped.contains(&("scripts/".into(), "excluded by --exclude".into())));
    assert!(skipped.contains(&("ns/plugin.py".into(), "not matched by --include".into())));
    assert!(
        report["files"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["status"] == "analyzed")
            .all(|f| f["path"].as_str().unwrap().starts_with("app/"))
    );
}

#[test]
fn a_warm_run_reuses_cached_facts_and_writes_the_same_report() {
    let tree = tempfile::tempdir().unwrap();
    std::fs::write(tree.path().join("a.py"), "import b\n").unwrap();
    std::fs::write(tree.path().join("b.py"), "import a\n").unwrap();
    let run = |out: &Path| {
        seam()
            .args(["audit", "--quiet", "--out"])
            .arg(out)
            .arg(tree.path())
            .assert()
            .success();
        std::fs::read(out.join("report.json")).unwrap()
    };
    let outs = tempfile::tempdir().unwrap();
    let cold = run(&outs.path().join("cold"));
    assert!(tree.path().join(".seam-cache/.gitignore").exists());
    let warm = run(&outs.path().join("warm"));
    assert_eq!(cold, warm, "cache changes the report");
    // A changed file is parsed again: the cycle disappears.
    std::fs::write(tree.path().join("b.py"), "import os\n").unwrap();
    let changed = read_json_bytes(&run(&outs.path().join("changed")));
    assert_eq!(changed["summary"]["cycles"], 0);
    // --no-cache works without touching the cache.
    std::fs::remove_dir_all(tree.path().join(".seam-cache")).unwrap();
    seam()
        .args(["audit", "--quiet", "--no-cache", "--out"])
        .arg(outs.path().join("nocache"))
        .arg(tree.path())
        .assert()
        .success();
    assert!(!tree.path().join(".seam-cache").exists());
}

/// Sets a file's modification time an hour back (older than any run).
fn age(path: &Path) {
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
}

#[test]
fn an_unchanged_tree_reuses_the_last_report() {
    let tree = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = tree.path().join(name);
        std::fs::write(&path, text).unwrap();
        age(&path);
    };
    write("a.py", "import b\n");
    write("b.py", "import a\n");
    write("tsconfig.json", "{}\n");
    let outs = tempfile::tempdir().unwrap();
    // (report.json, report.html, whether the last report was reused)
    let run = |out: &str, extra: &[&str]| {
        let out = outs.path().join(out);
        let done = seam()
            .args(["audit", "--quiet", "--timings", "--no-history", "--out"])
            .arg(&out)
            .args(extra)
            .arg(tree.path())
            .assert()
            .success();
        let stderr = String::from_utf8_lossy(&done.get_output().stderr).into_owned();
        (
            std::fs::read(out.join("report.json")).unwrap(),
            std::fs::read(out.join("report.html")).unwrap(),
            stderr.contains("reusing the last run's report"),
        )
    };
    let first = run("first", &[]);
    assert!(!first.2, "nothing to reuse yet");
    let second = run("second", &[]);
    assert!(second.2, "an unchanged tree reuses the report");
    assert_eq!((&first.0, &first.1), (&second.0, &second.1));
    // Another flag, another report.
    let flagged = run("flagged", &["--exclude", "b.py"]);
    assert!(!flagged.2);
    assert_ne!(flagged.0, first.0);
    // A changed config file (resolution reads it) is a miss.
    write("tsconfig.json", "{\"compilerOptions\": {}}\n");
    assert!(!run("config", &[]).2);
    assert!(run("config-again", &[]).2);
    // A changed source: redone, and the cycle is gone.
    write("b.py", "import os\n");
    let changed = run("changed", &[]);
    assert!(!changed.2);
    assert_eq!(read_json_bytes(&changed.0)["summary"]["cycles"], 0);
    // A file changed just now may share its size and time with an edit the
    // last run could not see (coarse clocks): never reused while that fresh.
    std::fs::write(tree.path().join("b.py"), "import a\n").unwrap();
    assert!(!run("racy-1", &[]).2);
    assert!(!run("racy-2", &[]).2);
    // A corrupt entry is a miss, not a failure.
    age(&tree.path().join("b.py"));
    run("settle", &[]);
    let entry = tree.path().join(".seam-cache/report-v1.msgpack");
    assert!(entry.exists());
    std::fs::write(&entry, b"\x93garbage").unwrap();
    let corrupt = run("corrupt", &[]);
    assert!(!corrupt.2);
    assert_eq!(
        corrupt.0, first.0,
        "same tree as the first run, same report"
    );
    assert!(run("healed", &[]).2);
    // --no-cache neither reads nor writes it.
    assert!(!run("nocache", &["--no-cache"]).2);
}

#[test]
fn a_setting_extraction_ignores_keeps_the_parsed_facts() {
    let tree = tempfile::tempdir().unwrap();
    for (name, text) in [("a.py", "import b\n"), ("b.py", "X = {}\n")] {
        std::fs::write(tree.path().join(name), text).unwrap();
        age(&tree.path().join(name));
    }
    let outs = tempfile::tempdir().unwrap();
    let run = |out: &str, extra: &[&str]| -> String {
        let done = seam()
            .args(["audit", "--quiet", "--timings", "--no-history", "--out"])
            .arg(outs.path().join(out))
            .args(extra)
            .arg(tree.path())
            .assert()
            .success();
        String::from_utf8_lossy(&done.get_output().stderr).into_owned()
    };
    run("first", &[]);
    let shards = |dir: &Path| -> Vec<(String, std::time::SystemTime)> {
        let mut out: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap())
            .filter(|e| e.file_name().to_string_lossy().starts_with("facts-"))
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    e.metadata().unwrap().modified().unwrap(),
                )
            })
            .collect();
        out.sort();
        out
    };
    let cache = tree.path().join(".seam-cache");
    let before = shards(&cache);
    assert!(!before.is_empty());
    // Another clustering seed: a new report, from the same facts.
    let stderr = run("seeded", &["--seed", "7"]);
    assert!(
        !stderr.contains("reusing the last run's report"),
        "{stderr}"
    );
    assert_eq!(
        shards(&cache),
        before,
        "facts were parsed and written again"
    );
}

fn read_json_bytes(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).unwrap()
}

#[test]
fn demo_monolith_report() {
    let out = tempfile::tempdir().unwrap();
    seam()
        .current_dir(fixture(""))
        .args([
            "audit",
            "demo",
            "--quiet",
            "--no-cache",
            "--no-history",
            "--out",
        ])
        .arg(out.path())
        .assert()
        .success();
    let report = read_json(&out.path().join("report.json"));
    // The cycles EXPECTED.md names, shortest path first module repeated.
    let cycles: Vec<Vec<String>> = report["cycles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| serde_json::from_value(c["path"].clone()).unwrap())
        .collect();
    assert_eq!(
        cycles,
        vec![
            vec![
                "backend/shop/models/__init__.py",
                "backend/shop/models/orders.py",
                "backend/shop/services/pricing.py",
                "backend/shop/models/__init__.py",
            ],
            vec![
                "backend/shop/services/inventory.py",
                "backend/shop/services/orders.py",
                "backend/shop/services/inventory.py",
            ],
            vec![
                "frontend/src/store/cart.ts",
                "frontend/src/store/session.ts",
                "frontend/src/store/cart.ts",
            ],
        ]
    );
    assert_eq!(report["cycles"][0]["size"], 5);
    assert_eq!(report["summary"]["unresolved_imports"], 0);
    insta::assert_json_snapshot!("demo_report", report, {
        ".tool.version" => "[version]",
        ".summary.source.commit" => "[commit]",
        ".summary.source.commit_date" => "[date]",
    });
}

/// testdata/cycles-kinds (see its EXPECTED.md): lazy and type-only imports
/// make coupling cycles, not import-time ones; each knot lists the imports
/// that untie it, with evidence.
#[test]
fn import_time_cycles_apart_from_coupling_cycles() {
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("seam")
        .unwrap()
        .args(["audit", "--quiet", "--no-cache", "--no-history", "--out"])
        .arg(out.path())
        .arg("testdata/cycles-kinds")
        .assert()
        .success();
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("report.json")).unwrap()).unwrap();
    let knots = |key: &str| -> Vec<(Vec<String>, Vec<String>)> {
        report[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let modules = c["modules"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| m.as_str().unwrap().to_string())
                    .collect();
                let breaks = c["breaks"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|b| {
                        format!(
                            "{} → {} {}:{} lazy={} type_only={}",
                            b["from"].as_str().unwrap(),
                            b["to"].as_str().unwrap(),
                            b["file"].as_str().unwrap(),
                            b["line"],
                            b["lazy"],
                            b["type_only"]
                        )
                    })
                    .collect();
                (modules, breaks)
            })
            .collect()
    };
    let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        knots("cycles"),
        vec![
            (
                owned(&["app/billing.py", "app/orders.py"]),
                owned(&[
                    "app/billing.py → app/orders.py app/billing.py:3 lazy=true type_only=false"
                ])
            ),
            (
                owned(&["app/cache.py", "app/models.py"]),
                owned(&["app/cache.py → app/models.py app/cache.py:4 lazy=true type_only=true"])
            ),
            (
                owned(&["app/teams.py", "app/users.py"]),
                owned(&["app/teams.py → app/users.py app/teams.py:1 lazy=false type_only=false"])
            ),
            (
                owned(&["web/store.ts", "web/widget.ts"]),
                owned(&["web/store.ts → web/widget.ts web/store.ts:1 lazy=false type_only=true"])
            ),
        ]
    );
    assert_eq!(
        knots("import_cycles"),
        vec![(
            owned(&["app/teams.py", "app/users.py"]),
            owned(&["app/teams.py → app/users.py app/teams.py:1 lazy=false type_only=false"])
        )]
    );
    assert_eq!(report["summary"]["cycles"], 4);
    assert_eq!(report["summary"]["import_cycles"], 1);
    assert_eq!(report["summary"]["largest_import_cycle"], 2);
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    assert!(html.contains("import(s) whose removal unties it"));
    assert!(html.contains("Coupling cycles"));
}
