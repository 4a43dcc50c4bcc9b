//! Change coupling and hotspots from a scripted git history: known
//! co-changes give known coupling degrees.

use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;
use serde_json::Value;

fn git(dir: &Path, args: &[&str]) {
    git_at(dir, args, "2026-06-01T12:00:00Z");
}

fn git_at(dir: &Path, args: &[&str], date: &str) {
    let status = Process::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Ada")
        .env("GIT_AUTHOR_EMAIL", "ada@example.com")
        .env("GIT_COMMITTER_NAME", "Ada")
        .env("GIT_COMMITTER_EMAIL", "ada@example.com")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
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
    // Per module: commits, authors and churn in the window.
    let module = |id: &str| module_history(&report, id);
    // Line counts cost git ten times the listing: only asked for.
    assert_eq!(
        module("a.py"),
        serde_json::json!({"commits": 7, "authors": 1})
    );
    // d.py inherits c.py's 7 commits (start + 6), plus the rename itself.
    assert_eq!(factor("d.py", "commits"), 8.0);
    assert_eq!(factor("d.py", "authors"), 1.0);
}

/// `modules[].history` of the module `id`.
fn module_history(report: &Value, id: &str) -> Value {
    report["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == id)
        .unwrap()["history"]
        .clone()
}

#[test]
fn churn_counts_lines_when_asked_for() {
    let repo = scripted_repo();
    let report = audit(repo.path(), &["--churn"]);
    let module = |id: &str| module_history(&report, id);
    // a.py: +1 at the start, +1 for "# 1", then +1 -1 five times.
    assert_eq!(
        module("a.py"),
        serde_json::json!({"commits": 7, "authors": 1, "lines_added": 7, "lines_removed": 5})
    );
    // d.py: c.py's +1, then +1 -1 six times, followed through the rename.
    assert_eq!(
        module("d.py"),
        serde_json::json!({"commits": 8, "authors": 1, "lines_added": 7, "lines_removed": 6})
    );
    // Everything else reads as without line counts.
    let mut plain = audit(repo.path(), &[]);
    let mut churned = report.clone();
    for r in [&mut plain, &mut churned] {
        for m in r["modules"].as_array_mut().unwrap() {
            if let Some(h) = m["history"].as_object_mut() {
                h.remove("lines_added");
                h.remove("lines_removed");
            }
        }
    }
    assert_eq!(plain, churned);
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
    assert_eq!(report["modules"][0].get("history"), None);
}

fn co_change_edges(report: &Value) -> Vec<(String, String, u64, String)> {
    report["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "co_change")
        .map(|e| {
            (
                e["from"].as_str().unwrap().to_string(),
                e["to"].as_str().unwrap().to_string(),
                e["occurrences"].as_u64().unwrap(),
                e["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn degree_is_shared_over_mean_revisions_and_mass_moves_keep_history() {
    let repo = tempfile::tempdir().unwrap();
    let dir = repo.path();
    git(dir, &["init", "-q", "-b", "main"]);
    for batch in [0..28, 28..55] {
        let generated: Vec<(String, String)> = batch
            .map(|i| (format!("gen{i}.txt"), format!("generated file {i}\n")))
            .collect();
        let generated: Vec<(&str, &str)> = generated
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        commit(dir, &generated, "generated files");
    }
    let start: Vec<(String, String)> = ["p.py", "q.py", "r.py", "s.py"]
        .iter()
        .map(|name| (name.to_string(), format!("# {name}\n")))
        .collect();
    let start: Vec<(&str, &str)> = start
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    commit(dir, &start, "start");
    for i in 1..=5 {
        let body = format!("V = {i}\n");
        commit(dir, &[("p.py", &body), ("q.py", &body)], "p and q");
    }
    for i in 1..=3 {
        commit(dir, &[("p.py", &format!("V = {i}0\n"))], "p alone");
        let body = format!("W = {i}\n");
        commit(dir, &[("r.py", &body), ("s.py", &body)], "r and s");
        commit(dir, &[("r.py", &format!("W = {i}0\n"))], "r alone");
        commit(dir, &[("s.py", &format!("W = {i}00\n"))], "s alone");
    }
    // One commit moves 56 files (over the cap of 50): left out of the
    // counts, but p.py's history follows it into pkg/.
    std::fs::create_dir(dir.join("pkg")).unwrap();
    for i in 0..55 {
        git(dir, &["mv", &format!("gen{i}.txt"), "pkg/"]);
    }
    git(dir, &["mv", "p.py", "pkg/p.py"]);
    git(dir, &["commit", "-q", "-m", "move into pkg"]);

    let report = audit(dir, &[]);
    assert_eq!(report["summary"]["history"]["skipped_commits"], 1);
    let edges = co_change_edges(&report);
    // pkg/p.py: 1 + 5 + 3 = 9 revisions, q.py: 1 + 5 = 6, shared 6:
    // degree 6 / 7.5 = 0.80. r.py and s.py share 4 commits (start + 3),
    // below the minimum of 5 shared, so no edge.
    assert_eq!(edges.len(), 1, "{edges:?}");
    let (from, to, shared, text) = &edges[0];
    assert_eq!(
        (from.as_str(), to.as_str(), *shared),
        ("pkg/p.py", "q.py", 6)
    );
    assert!(text.contains("degree 0.80"), "{text}");

    // code-maat's thresholds are settable: with 4 shared commits enough,
    // r.py and s.py (7 revisions each) couple with degree 4 / 7 = 0.57.
    let report = audit(dir, &["--min-shared-commits", "4"]);
    let edges = co_change_edges(&report);
    assert_eq!(edges.len(), 2, "{edges:?}");
    assert_eq!(
        (edges[1].0.as_str(), edges[1].1.as_str(), edges[1].2),
        ("r.py", "s.py", 4)
    );
    assert!(edges[1].3.contains("degree 0.57"), "{edges:?}");
    let report = audit(dir, &["--min-shared-commits", "4", "--min-coupling", "0.6"]);
    assert_eq!(co_change_edges(&report).len(), 1);
    let report = audit(dir, &["--min-revisions", "10"]);
    assert!(co_change_edges(&report).is_empty());

    // A lower cap leaves out more; a higher one counts the move.
    let report = audit(dir, &["--max-commit-files", "100"]);
    assert_eq!(report["summary"]["history"]["skipped_commits"], 0);
    let edges = co_change_edges(&report);
    assert_eq!(edges[0].2, 6, "{edges:?}");
}

/// A commit object with a (fake) signature header, so that a signature
/// check would run `gpg.program`.
fn add_signed_commit(dir: &Path) {
    let raw = Process::new("git")
        .arg("-C")
        .arg(dir)
        .args(["cat-file", "commit", "HEAD"])
        .output()
        .unwrap();
    let text = String::from_utf8(raw.stdout).unwrap();
    let (head, message) = text.split_once("\n\n").unwrap();
    let signed = format!(
        "{head}\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n\n{message}"
    );
    let object = dir.join("signed-commit");
    std::fs::write(&object, signed).unwrap();
    let out = Process::new("git")
        .arg("-C")
        .arg(dir)
        .args(["hash-object", "-t", "commit", "-w"])
        .arg(&object)
        .output()
        .unwrap();
    std::fs::remove_file(&object).unwrap();
    let id = String::from_utf8(out.stdout).unwrap();
    git(dir, &["update-ref", "HEAD", id.trim()]);
}

#[test]
fn nothing_from_the_audited_repository_runs() {
    let repo = scripted_repo();
    let dir = repo.path();
    add_signed_commit(dir);
    let marker = dir.join("..").join(format!(
        "seam-ran-{}",
        dir.file_name().unwrap().to_string_lossy()
    ));
    let script = dir.join(".git").join("evil.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\ntouch '{}'\nexit 1\n", marker.display()),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let script = script.to_string_lossy().to_string();
    for (key, value) in [
        ("log.showSignature", "true"),
        ("gpg.program", script.as_str()),
        ("core.pager", script.as_str()),
        ("core.fsmonitor", script.as_str()),
        ("diff.external", script.as_str()),
        ("core.hooksPath", ".git"),
    ] {
        git(dir, &["config", key, value]);
    }
    // The trap works: a plain `git log` runs the repository's gpg.program.
    Process::new("git")
        .arg("-C")
        .arg(dir)
        .args(["log", "-1"])
        .output()
        .unwrap();
    let armed = marker.exists();
    let _ = std::fs::remove_file(&marker);
    let report = audit(dir, &[]);
    assert_eq!(report["summary"]["history"]["used"], true);
    assert!(
        !marker.exists(),
        "seam ran a command from the audited repository"
    );
    if cfg!(unix) {
        assert!(armed, "the test's trap did not fire for plain git log");
    }
}

#[test]
fn change_coupling_across_a_declared_border_is_a_violation() {
    let repo = scripted_repo();
    let kinds = |report: &Value| -> Vec<String> {
        report["boundary_violations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| format!("{} {}->{}", v["kind"], v["from"], v["to"]).replace('"', ""))
            .collect()
    };
    let report = audit(
        repo.path(),
        &["--component", "front=a.py", "--component", "back=b.py,d.py"],
    );
    assert_eq!(
        kinds(&report),
        ["co_change a.py->b.py", "import a.py->b.py"],
        "{}",
        report["boundary_violations"]
    );
    // Allowed in one direction: the import and the co-change are fine.
    let report = audit(
        repo.path(),
        &[
            "--component",
            "front=a.py:back",
            "--component",
            "back=b.py,d.py",
        ],
    );
    assert!(kinds(&report).is_empty());
    assert_eq!(report["summary"]["boundaries"]["unassigned_modules"], 0);
}

#[test]
fn non_ascii_paths_keep_their_history() {
    let repo = tempfile::tempdir().unwrap();
    let dir = repo.path();
    git(dir, &["init", "-q", "-b", "main"]);
    for i in 0..5 {
        let body = format!("V = {i}\n");
        commit(
            dir,
            &[("café.py", &body), ("naïve helper.py", &body)],
            "both",
        );
    }
    let report = audit(dir, &[]);
    let edges = co_change_edges(&report);
    assert_eq!(edges.len(), 1, "{edges:?}");
    assert_eq!(
        (edges[0].0.as_str(), edges[0].1.as_str(), edges[0].2),
        ("café.py", "naïve helper.py", 5)
    );
}

#[test]
fn default_window_is_the_year_before_the_newest_commit() {
    let repo = tempfile::tempdir().unwrap();
    let dir = repo.path();
    git(dir, &["init", "-q", "-b", "main"]);
    std::fs::write(dir.join("old.py"), "A = 0\n").unwrap();
    git_at(dir, &["add", "-A"], "2024-01-01T00:00:00Z");
    git_at(dir, &["commit", "-q", "-m", "old"], "2024-01-01T00:00:00Z");
    commit(dir, &[("new.py", "B = 0\n")], "new");
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("seam")
        .unwrap()
        .args(["audit", "--quiet", "--no-cache", "--out"])
        .arg(out.path())
        .arg(dir)
        .assert()
        .success();
    let report: Value =
        serde_json::from_slice(&std::fs::read(out.path().join("report.json")).unwrap()).unwrap();
    let history = &report["summary"]["history"];
    assert_eq!(history["since"], "2025-06-01T12:00:00Z", "{history}");
    assert_eq!(history["commits"], 1, "{history}");
    assert!(
        history["note"]
            .as_str()
            .unwrap()
            .contains("since 2025-06-01"),
        "{history}"
    );
    let hotspot = |m: &str| {
        report["hotspots"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["module"] == m)
            .map(|h| h["factors"]["commits"].clone())
    };
    // old.py did not change in the window: no change, no hotspot.
    assert_eq!(hotspot("new.py"), Some(serde_json::json!(1.0)));
    assert_eq!(hotspot("old.py"), None);
}

#[test]
fn a_subdirectory_of_a_repository_reads_its_own_history() {
    let repo = tempfile::tempdir().unwrap();
    let dir = repo.path();
    git(dir, &["init", "-q", "-b", "main"]);
    std::fs::create_dir_all(dir.join("backend/app")).unwrap();
    for i in 0..5 {
        let body = format!("V = {i}\n");
        commit(
            dir,
            &[
                ("backend/app/a.py", &body),
                ("backend/app/b.py", &body),
                ("outside.py", &body),
            ],
            "together",
        );
    }
    let report = audit(&dir.join("backend"), &[]);
    let edges = co_change_edges(&report);
    // Paths relative to the audited root; the file outside it is not seen.
    assert_eq!(edges.len(), 1, "{edges:?}");
    assert_eq!(
        (edges[0].0.as_str(), edges[0].1.as_str()),
        ("app/a.py", "app/b.py")
    );
    assert_eq!(report["summary"]["history"]["commits"], 5);
}

#[test]
fn the_commits_read_are_cached_per_head() {
    let repo = scripted_repo();
    let dir = repo.path();
    let cache = tempfile::tempdir().unwrap();
    let run = || -> Value {
        // This test is about the history cache: never the whole last report.
        let _ = std::fs::remove_file(cache.path().join("report-v1.key"));
        let out = tempfile::tempdir().unwrap();
        Command::cargo_bin("seam")
            .unwrap()
            .args(["audit", "--quiet", "--since", "2020-01-01", "--cache-dir"])
            .arg(cache.path())
            .arg("--out")
            .arg(out.path())
            .arg(dir)
            .assert()
            .success();
        serde_json::from_slice(&std::fs::read(out.path().join("report.json")).unwrap()).unwrap()
    };
    let first = run();
    let file = cache.path().join("history.json");
    let cached: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    // The second run reads the cache, not git: a doctored cache shows.
    let mut doctored = cached.clone();
    doctored["commits"] = serde_json::json!([]);
    std::fs::write(&file, serde_json::to_vec(&doctored).unwrap()).unwrap();
    assert_eq!(run()["summary"]["history"]["commits"], 0);
    // A new commit moves HEAD: only it is read, on top of the (doctored)
    // cache.
    commit(dir, &[("a.py", "import b\n# again\n")], "again");
    assert_eq!(run()["summary"]["history"]["commits"], 1);
    // A HEAD that does not descend from the cached one is read whole.
    git(dir, &["reset", "-q", "--hard", "HEAD~1"]);
    commit(dir, &[("b.py", "X = 7\n")], "elsewhere");
    assert_eq!(
        run()["summary"]["history"]["commits"].as_u64().unwrap(),
        first["summary"]["history"]["commits"].as_u64().unwrap() + 1
    );
}

/// Audits `dir` with the history cache in `cache` and `--timings`: the
/// report, and how many commits git listed (the rest came from the cache).
fn audit_cached(dir: &Path, cache: &Path) -> (Value, u64) {
    // Never the whole last report: the history is what is under test.
    let _ = std::fs::remove_file(cache.join("report-v1.key"));
    let out = tempfile::tempdir().unwrap();
    let done = Command::cargo_bin("seam")
        .unwrap()
        .args(["audit", "--quiet", "--timings", "--cache-dir"])
        .arg(cache)
        .arg("--out")
        .arg(out.path())
        .arg(dir)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&done.get_output().stderr).into_owned();
    let listed = stderr
        .split_once(" listed by git")
        .and_then(|(before, _)| before.rsplit(", ").next()?.parse().ok())
        .unwrap_or_else(|| panic!("no history timing in {stderr}"));
    let report =
        serde_json::from_slice(&std::fs::read(out.path().join("report.json")).unwrap()).unwrap();
    (report, listed)
}

/// The cold audit's report (no cache at all) at the same HEAD.
fn audit_cold(dir: &Path) -> Value {
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("seam")
        .unwrap()
        .args(["audit", "--quiet", "--no-cache", "--out"])
        .arg(out.path())
        .arg(dir)
        .assert()
        .success();
    serde_json::from_slice(&std::fs::read(out.path().join("report.json")).unwrap()).unwrap()
}

#[test]
fn new_commits_are_appended_to_the_cached_ones() {
    let repo = scripted_repo();
    let dir = repo.path();
    let cache = tempfile::tempdir().unwrap();
    // The scripted commits are dated 2026-06-01, in the default window.
    let (first, listed) = audit_cached(dir, cache.path());
    assert_eq!(listed, 15, "{}", first["summary"]["history"]);
    assert_eq!(
        audit_cached(dir, cache.path()).1,
        0,
        "same HEAD: nothing read"
    );

    // Two commits later in the year: only they are read, and the result is
    // what a cold run gives.
    for (name, date) in [("a", "2026-09-01T00:00:00Z"), ("b", "2026-10-01T00:00:00Z")] {
        std::fs::write(dir.join(format!("{name}.py")), format!("# {date}\n")).unwrap();
        git_at(dir, &["commit", "-qam", date], date);
    }
    let (appended, listed) = audit_cached(dir, cache.path());
    assert_eq!(listed, 2);
    assert_eq!(appended, audit_cold(dir));
    assert_eq!(appended["summary"]["history"]["commits"], 16);

    // A year on, the window starts after the scripted commits: they fall
    // out, as they do from a cold read; the two autumn ones stay (git's
    // window includes its first second).
    std::fs::write(dir.join("d.py"), "Y = 2027\n").unwrap();
    let date = "2027-09-01T00:00:00Z";
    git_at(dir, &["commit", "-qam", "late"], date);
    let (late, listed) = audit_cached(dir, cache.path());
    assert_eq!(listed, 1);
    assert_eq!(late, audit_cold(dir));
    assert_eq!(
        late["summary"]["history"]["commits"], 3,
        "{}",
        late["summary"]["history"]
    );
}

#[test]
fn the_last_report_is_reused_only_on_the_same_head() {
    let repo = scripted_repo();
    let dir = repo.path();
    // Sources older than any run (fresh ones are never trusted).
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for name in ["a.py", "b.py", "d.py"] {
        std::fs::File::options()
            .write(true)
            .open(dir.join(name))
            .unwrap()
            .set_modified(hour_ago)
            .unwrap();
    }
    let cache = tempfile::tempdir().unwrap();
    let run_since = |since: &str| -> (bool, Value) {
        let out = tempfile::tempdir().unwrap();
        let done = Command::cargo_bin("seam")
            .unwrap()
            .args(["audit", "--quiet", "--timings", "--since", since])
            .arg("--cache-dir")
            .arg(cache.path())
            .arg("--out")
            .arg(out.path())
            .arg(dir)
            .assert()
            .success();
        let stderr = String::from_utf8_lossy(&done.get_output().stderr).into_owned();
        let report =
            serde_json::from_slice(&std::fs::read(out.path().join("report.json")).unwrap())
                .unwrap();
        (stderr.contains("reusing the last run's report"), report)
    };
    let run = || run_since("2020-01-01");
    let (reused, first) = run();
    assert!(!reused);
    let (reused, second) = run();
    assert!(reused, "same files, same HEAD");
    assert_eq!(first, second);
    // A commit that changes no file still moves HEAD: computed again (to
    // the same report, as that commit touches no analysed file).
    git(dir, &["commit", "-q", "--allow-empty", "-m", "empty"]);
    let (reused, mut third) = run();
    assert!(!reused, "a new HEAD is computed again");
    assert_ne!(
        third["summary"]["source"]["commit"], first["summary"]["source"]["commit"],
        "the report names the new HEAD"
    );
    third["summary"]["source"] = first["summary"]["source"].clone();
    assert_eq!(third, first);
    assert!(run().0, "and then reused on that HEAD");
    // A window relative to today is never reused.
    assert!(!run_since("20 years ago").0);
    assert!(!run_since("20 years ago").0);
}

/// A tree copied into another repository and never committed there has no
/// history of its own: the report says so and ranks hotspots without git,
/// instead of "used, 0 commits" and every score 0.
#[test]
fn an_untracked_tree_inside_a_repository_has_no_history() {
    let repo = tempfile::tempdir().unwrap();
    let dir = repo.path();
    git(dir, &["init", "-q", "-b", "main"]);
    commit(dir, &[("tool.py", "X = 1\n")], "the outer project");
    std::fs::create_dir_all(dir.join("corpus/app")).unwrap();
    std::fs::write(dir.join("corpus/app/a.py"), "from app import b\n").unwrap();
    std::fs::write(dir.join("corpus/app/b.py"), "Y = 2\n").unwrap();
    std::fs::write(dir.join("corpus/app/__init__.py"), "").unwrap();
    let report = audit(&dir.join("corpus"), &[]);
    let history = &report["summary"]["history"];
    assert_eq!(history["used"], false, "{history}");
    let note = history["note"].as_str().unwrap();
    assert!(note.contains("not tracked by the git repository"), "{note}");
    // Ranked as without git: the hotspots are there, by size and coupling.
    assert!(!report["hotspots"].as_array().unwrap().is_empty());
    assert!(report["hotspots"][0]["score"].as_f64().unwrap() > 0.0);

    // Tracked but untouched in the window: said as such.
    git(dir, &["add", "-A"]);
    git_at(
        dir,
        &["commit", "-q", "-m", "vendor it"],
        "2019-01-01T00:00:00Z",
    );
    let report = audit(&dir.join("corpus"), &[]);
    let note = report["summary"]["history"]["note"].as_str().unwrap();
    assert!(
        note.contains("no commit since 2020-01-01 touches"),
        "{note}"
    );
}

#[test]
fn services_that_change_together_say_so() {
    // Two tight packages of six modules (two services); billing/b1.py and
    // orders/o1.py change together in six commits.
    let repo = tempfile::tempdir().unwrap();
    let dir = repo.path();
    git(dir, &["init", "-q"]);
    git(dir, &["config", "user.email", "t@example.com"]);
    git(dir, &["config", "user.name", "T"]);
    std::fs::create_dir_all(dir.join("billing")).unwrap();
    std::fs::create_dir_all(dir.join("orders")).unwrap();
    let mut files: Vec<(String, String)> = Vec::new();
    for (pkg, p) in [("billing", "b"), ("orders", "o")] {
        files.push((format!("{pkg}/__init__.py"), String::new()));
        for i in 1..=6 {
            // Each module imports every other of its package.
            let imports: String = (1..=6)
                .filter(|&j| j != i)
                .map(|j| format!("from {pkg} import {p}{j}\n"))
                .collect();
            files.push((
                format!("{pkg}/{p}{i}.py"),
                format!("{imports}\nVALUE = {i}\n"),
            ));
        }
    }
    let all: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    commit(dir, &all, "initial");
    for n in 0..6 {
        commit(
            dir,
            &[
                (
                    "billing/b1.py",
                    &format!("from billing import b2\n\nVALUE = {n}\n"),
                ),
                (
                    "orders/o1.py",
                    &format!("from orders import o2\n\nVALUE = {n}\n"),
                ),
            ],
            "change both",
        );
    }
    let report = audit(dir, &[]);
    let clusters = report["clusters"].as_array().unwrap();
    let holding = |m: &str| {
        clusters
            .iter()
            .find(|c| c["modules"].as_array().unwrap().iter().any(|x| x == m))
            .unwrap_or_else(|| panic!("{m} is clustered: {clusters:?}"))
    };
    let (billing, orders) = (holding("billing/b1.py"), holding("orders/o1.py"));
    assert_ne!(billing["id"], orders["id"]);
    let degree = &billing["change_coupling"][orders["id"].as_str().unwrap()];
    assert!(degree.as_f64().is_some_and(|d| d > 0.0), "{billing}");
    assert_eq!(
        orders["change_coupling"][billing["id"].as_str().unwrap()],
        *degree
    );
    // No other service changes with either.
    assert_eq!(billing["change_coupling"].as_object().unwrap().len(), 1);
}
