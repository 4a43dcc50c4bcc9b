//! Change coupling and hotspots from a scripted git history: known
//! co-changes give known coupling degrees.

use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;
use serde_json::Value;

fn git(dir: &Path, args: &[&str]) {
    let status = Process::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Ada")
        .env("GIT_AUTHOR_EMAIL", "ada@example.com")
        .env("GIT_COMMITTER_NAME", "Ada")
        .env("GIT_COMMITTER_EMAIL", "ada@example.com")
        .env("GIT_AUTHOR_DATE", "2026-06-01T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-06-01T12:00:00Z")
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

fn commit(dir: &Path, files: &[(&str, &str)], message: &str) {
    for (name, content) in files {
        std::fs::write(dir.join(name), content).unwrap();
    }
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
}

fn audit(dir: &Path, extra: &[&str]) -> Value {
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("seam")
        .unwrap()
        .args([
            "audit",
            "--quiet",
            "--no-cache",
            "--since",
            "2020-01-01",
            "--out",
        ])
        .arg(out.path())
        .args(extra)
        .arg(dir)
        .assert()
        .success();
    serde_json::from_slice(&std::fs::read(out.path().join("report.json")).unwrap()).unwrap()
}

fn scripted_repo() -> tempfile::TempDir {
    let repo = tempfile::tempdir().unwrap();
    let dir = repo.path();
    git(dir, &["init", "-q", "-b", "main"]);
    commit(
        dir,
        &[
            ("a.py", "import b\n"),
            ("b.py", "X = 0\n"),
            ("c.py", "Y = 0\n"),
        ],
        "start",
    );
    // a and b change together six times; c changes alone six times.
    for i in 1..=6 {
        commit(
            dir,
            &[
                ("a.py", &format!("import b\n# {i}\n")),
                ("b.py", &format!("X = {i}\n")),
            ],
            "a and b",
        );
        commit(dir, &[("c.py", &format!("Y = {i}\n"))], "c alone");
    }
    // A mass change is left out: it touches more files than the cap.
    let many: Vec<(String, String)> = (0..60)
        .map(|i| (format!("gen{i}.txt"), "x".into()))
        .collect();
    let mut files: Vec<(&str, &str)> = many.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    files.push(("a.py", "import b\n# mass\n"));
    files.push(("c.py", "Y = 99\n"));
    commit(dir, &files, "reformat everything");
    // c.py is renamed: its history follows it to d.py.
    git(dir, &["mv", "c.py", "d.py"]);
    git(dir, &["commit", "-q", "-m", "rename"]);
    repo
}

#[test]
fn co_changes_give_known_coupling_degrees() {
    let repo = scripted_repo();
    let report = audit(repo.path(), &[]);
    let history = &report["summary"]["history"];
    assert_eq!(history["used"], true, "{history}");
    assert_eq!(history["skipped_commits"], 1, "{history}");
    let co: Vec<&Value> = report["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "co_change")
        .collect();
    assert_eq!(co.len(), 1, "{co:?}");
    assert_eq!(
        (co[0]["from"].as_str(), co[0]["to"].as_str()),
        (Some("a.py"), Some("b.py"))
    );
    // a.py: 7 commits (start + 6), b.py: 7; shared 7 → degree 1.0.
    assert_eq!(co[0]["occurrences"], 7);
    assert!(co[0]["text"].as_str().unwrap().contains("degree 1.00"));
    let factor = |module: &str, name: &str| -> f64 {
        report["hotspots"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["module"] == module)
            .unwrap()["factors"][name]
            .as_f64()
            .unwrap()
    };
    assert_eq!(factor("a.py", "commits"), 7.0);
    assert_eq!(factor("a.py", "co_changes"), 1.0);
    // d.py inherits c.py's 7 commits (start + 6), plus the rename itself.
    assert_eq!(factor("d.py", "commits"), 8.0);
    assert_eq!(factor("d.py", "authors"), 1.0);
}

#[test]
fn no_history_and_no_git_still_give_a_report() {
    let repo = scripted_repo();
    let report = audit(repo.path(), &["--no-history"]);
    assert_eq!(report["summary"]["history"]["used"], false);
    assert!(
        report["summary"]["history"]["note"]
            .as_str()
            .unwrap()
            .contains("--no-history")
    );
    let plain = tempfile::tempdir().unwrap();
    std::fs::write(plain.path().join("a.py"), "import b\n").unwrap();
    std::fs::write(plain.path().join("b.py"), "").unwrap();
    let report = audit(plain.path(), &[]);
    assert_eq!(report["summary"]["history"]["used"], false);
    assert!(!report["clusters"].as_array().unwrap().is_empty());
    assert_eq!(report["hotspots"][0]["factors"].get("commits"), None);
}
