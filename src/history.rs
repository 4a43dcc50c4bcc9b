//! The audited tree's version history, read from `git log`: per file its
//! commits, authors and churn, and change coupling between files that change
//! together (the code-maat method: shared commits, degree = shared / mean of
//! the two files' revisions, with minimum thresholds).
//!
//! Runs `git` as a subprocess with hooks, pagers, external diff drivers and
//! text conversion disabled, so nothing from the audited repository is
//! executed. Without git, or outside a repository, it returns why not; the
//! rest of the audit does not depend on it. The commits read are cached per
//! HEAD and window (`history.json` in the facts cache folder), so a re-run
//! on an unchanged repository does not run `git log` again.

pub use crate::config::{
    DEFAULT_MAX_FILES_PER_COMMIT, HistoryOptions, MIN_DEGREE, MIN_REVISIONS, MIN_SHARED,
};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

/// The default window: one year back from the newest commit (not from
/// today, so an old checkout still shows its last year of work).
pub const DEFAULT_WINDOW_SECONDS: i64 = 365 * 24 * 60 * 60;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileHistory {
    pub commits: u32,
    pub authors: BTreeSet<String>,
    pub added: u64,
    pub removed: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CoChange {
    pub a: String,
    pub b: String,
    pub shared: u32,
    /// `shared / mean(revisions of a, revisions of b)`.
    pub degree: f64,
}

#[derive(Debug, Clone, Default)]
pub struct History {
    /// Root-relative path (current name, renames followed) → its history.
    pub files: BTreeMap<String, FileHistory>,
    pub coupling: Vec<CoChange>,
    pub commits: u32,
    /// Commits left out for touching too many files.
    pub skipped_commits: u32,
    /// Start of the window read: `--since` as given, or the UTC time one
    /// year before the newest commit.
    pub since: String,
}

fn git(root: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.arg("-C")
        .arg(root)
        .args(["-c", "core.hooksPath=/dev/null", "-c", "core.pager=cat"])
        .args(["-c", "diff.external=", "-c", "core.fsmonitor=false"])
        // A signature check would run the repository's `gpg.program`.
        .args(["-c", "log.showSignature=false"])
        // Non-ASCII paths as they are, not octal escapes.
        .args(["-c", "core.quotePath=false"])
        .env("GIT_PAGER", "cat")
        .env("GIT_EXTERNAL_DIFF", "")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE");
    cmd
}

/// The commit HEAD names, `"none"` outside a repository or in one without
/// commits (then no history is read either); `None` when git cannot run.
pub fn head(root: &Path) -> Option<String> {
    let out = git(root).args(["rev-parse", "HEAD"]).output().ok()?;
    Some(if out.status.success() {
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    } else {
        "none".to_string()
    })
}

/// HEAD's commit, its committer time (Unix seconds) and whether tracked
/// files differ from it; `None` outside a git checkout or without git.
pub fn describe_head(root: &Path) -> Option<(String, String, bool)> {
    let out = git(root)
        .args(["log", "-1", "--format=%H %ct"])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let (commit, time) = text.trim().split_once(' ')?;
    if !out.status.success() || commit.is_empty() {
        return None;
    }
    let dirty = git(root)
        .args(["status", "--porcelain", "--untracked-files=no", "--", "."])
        .output()
        .is_ok_and(|o| o.status.success() && !o.stdout.is_empty());
    let date = utc_date(time.parse().ok()?);
    Some((
        commit.to_string(),
        date[..10.min(date.len())].to_string(),
        dirty,
    ))
}

/// Reads the history of the files under `root`, keeping only `files` (the
/// analysed modules, root-relative). `cache_dir`, when given, keeps the
/// commits read for the next run on the same HEAD and window.
pub fn read(
    root: &Path,
    files: &BTreeSet<String>,
    options: &HistoryOptions,
    cache_dir: Option<&Path>,
) -> Result<History, String> {
    let top = git(root)
        .args(["rev-parse", "--show-toplevel"])
        .output()
        .map_err(|e| format!("git is not available ({e})"))?;
    if !top.status.success() {
        let why = String::from_utf8_lossy(&top.stderr);
        let why = why
            .lines()
            .next()
            .unwrap_or("")
            .trim_start_matches("fatal: ");
        return Err(
            if why.is_empty() || why.starts_with("not a git repository") {
                "not inside a git repository".to_string()
            } else {
                format!("git refused: {why}")
            },
        );
    }
    let top = String::from_utf8_lossy(&top.stdout).trim().to_string();
    let top = Path::new(&top).canonicalize().map_err(|e| e.to_string())?;
    let prefix = root
        .strip_prefix(&top)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    let (since, shown) = match &options.since {
        Some(since) => (since.clone(), since.clone()),
        None => {
            let last = git(root)
                .args(["log", "-1", "--format=%ct"])
                .output()
                .map_err(|e| format!("git log failed ({e})"))?;
            let last: i64 = String::from_utf8_lossy(&last.stdout)
                .trim()
                .parse()
                .map_err(|_| "the repository has no commits".to_string())?;
            let start = last - DEFAULT_WINDOW_SECONDS;
            (format!("@{start}"), utc_date(start))
        }
    };
    let head = git(root)
        .args(["rev-parse", "HEAD"])
        .output()
        .map_err(|e| format!("git rev-parse failed ({e})"))?;
    let key = format!(
        "v1 {} {since} {prefix}",
        String::from_utf8_lossy(&head.stdout).trim()
    );
    let cache_file = cache_dir
        .filter(|_| options.fixed_window())
        .map(|d| d.join("history.json"));
    let cached = cache_file.as_deref().and_then(|f| load_cached(f, &key));
    let commits = match cached {
        Some(commits) => commits,
        None => {
            let commits = git_log(root, &since)?;
            if let Some(file) = &cache_file {
                // A cache that cannot be written costs the next run time only.
                let _ = save_cached(file, &key, &commits);
            }
            commits
        }
    };
    let mut history = summarise(commits, &prefix, files, options);
    if history.commits == 0 && history.skipped_commits == 0 {
        // A tree inside another repository (a vendored copy, an unpacked
        // snapshot) has no history of its own: ranked as without git.
        let tracked = git(root)
            .args(["ls-files", "--", "."])
            .output()
            .is_ok_and(|o| !o.stdout.is_empty());
        return Err(if tracked {
            format!(
                "no commit since {shown} touches the analysed files (repository at {})",
                top.display()
            )
        } else {
            format!(
                "the tree is not tracked by the git repository at {}",
                top.display()
            )
        });
    }
    history.since = shown;
    Ok(history)
}

/// `2023-09-26T22:43:37Z` for seconds since the epoch (civil-from-days,
/// proleptic Gregorian calendar).
pub fn utc_date(seconds: i64) -> String {
    let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

fn git_log(root: &Path, since: &str) -> Result<Vec<Commit>, String> {
    let output = git(root)
        .args(["log", "--no-merges", "--no-textconv", "--no-ext-diff"])
        .args(["--no-show-signature", "--no-color", "-M"])
        .arg(format!("--since={since}"))
        .args(["--numstat", "--format=%x00%H%x09%an"])
        .arg("--")
        .arg(".")
        .output()
        .map_err(|e| format!("git log failed ({e})"))?;
    if !output.status.success() {
        return Err(format!(
            "git log failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(parse_log(&String::from_utf8_lossy(&output.stdout)))
}

#[derive(serde::Serialize, serde::Deserialize)]
struct CachedLog {
    key: String,
    commits: Vec<Commit>,
}

fn load_cached(file: &Path, key: &str) -> Option<Vec<Commit>> {
    let cached: CachedLog = serde_json::from_slice(&std::fs::read(file).ok()?).ok()?;
    (cached.key == key).then_some(cached.commits)
}

fn save_cached(file: &Path, key: &str, commits: &[Commit]) -> std::io::Result<()> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let json = serde_json::to_vec(&serde_json::json!({ "key": key, "commits": commits }))
        .map_err(std::io::Error::other)?;
    crate::fsio::write_atomic(file, &json).map_err(std::io::Error::other)
}

/// One commit: author and `(path, added, removed, renamed_from)` per file.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Commit {
    author: String,
    changes: Vec<(String, u64, u64, Option<String>)>,
}

fn parse_log(text: &str) -> Vec<Commit> {
    let mut commits = Vec::new();
    for block in text.split('\0').filter(|b| !b.trim().is_empty()) {
        let mut lines = block.lines();
        let header = lines.next().unwrap_or_default();
        let author = header.split('\t').nth(1).unwrap_or_default().to_string();
        let mut commit = Commit {
            author,
            changes: Vec::new(),
        };
        for line in lines {
            let mut parts = line.splitn(3, '\t');
            let (Some(added), Some(removed), Some(path)) =
                (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            // Binary files show `-`.
            let added = added.parse().unwrap_or(0);
            let removed = removed.parse().unwrap_or(0);
            let (from, to) = rename_paths(&unquote(path));
            commit.changes.push((to, added, removed, from));
        }
        commits.push(commit);
    }
    commits
}

/// Git C-quotes a path holding a tab, newline, quote or backslash:
/// `"a\tb.py"`. Anything else is returned as it is.
fn unquote(path: &str) -> String {
    let Some(inner) = path.strip_prefix('"').and_then(|p| p.strip_suffix('"')) else {
        return path.to_string();
    };
    let mut bytes = Vec::with_capacity(inner.len());
    let mut chars = inner.bytes().peekable();
    while let Some(b) = chars.next() {
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        match chars.next() {
            Some(b't') => bytes.push(b'\t'),
            Some(b'n') => bytes.push(b'\n'),
            Some(b'r') => bytes.push(b'\r'),
            Some(d @ b'0'..=b'7') => {
                let mut value = u32::from(d - b'0');
                for _ in 0..2 {
                    if let Some(&next @ b'0'..=b'7') = chars.peek() {
                        value = value * 8 + u32::from(next - b'0');
                        chars.next();
                    }
                }
                bytes.push(value as u8);
            }
            Some(other) => bytes.push(other),
            None => bytes.push(b'\\'),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// `a/{old => new}/b.py` or `old.py => new.py` → (Some(old path), new path).
fn rename_paths(path: &str) -> (Option<String>, String) {
    if let (Some(open), Some(close)) = (path.find('{'), path.rfind('}'))
        && let Some((old, new)) = path[open + 1..close].split_once(" => ")
    {
        let (head, tail) = (&path[..open], &path[close + 1..]);
        let clean = |mid: &str| format!("{head}{mid}{tail}").replace("//", "/");
        return (Some(clean(old)), clean(new));
    }
    if let Some((old, new)) = path.split_once(" => ") {
        return (Some(old.to_string()), new.to_string());
    }
    (None, path.to_string())
}

fn summarise(
    commits: Vec<Commit>,
    prefix: &str,
    files: &BTreeSet<String>,
    options: &HistoryOptions,
) -> History {
    let mut history = History::default();
    // Newest first: a rename seen now maps the older name to the current one.
    let mut current_name: BTreeMap<String, String> = BTreeMap::new();
    let mut shared: BTreeMap<(String, String), u32> = BTreeMap::new();
    let relative = |path: &str| -> Option<String> {
        if prefix.is_empty() {
            Some(path.to_string())
        } else {
            path.strip_prefix(prefix)?
                .strip_prefix('/')
                .map(str::to_string)
        }
    };
    for commit in commits {
        if commit.changes.len() > options.max_files_per_commit {
            // Mass moves are exactly such commits: their renames still count.
            for (path, _, _, from) in &commit.changes {
                if let Some(from) = from {
                    let name = current_name.get(path).cloned().unwrap_or(path.clone());
                    current_name.insert(from.clone(), name);
                }
            }
            history.skipped_commits += 1;
            continue;
        }
        history.commits += 1;
        let mut touched = BTreeSet::new();
        for (path, added, removed, from) in commit.changes {
            let name = current_name.get(&path).cloned().unwrap_or(path);
            if let Some(from) = from {
                current_name.insert(from, name.clone());
            }
            let Some(rel) = relative(&name).filter(|r| files.contains(r)) else {
                continue;
            };
            let entry = history.files.entry(rel.clone()).or_default();
            entry.commits += 1;
            entry.authors.insert(commit.author.clone());
            entry.added += added;
            entry.removed += removed;
            touched.insert(rel);
        }
        let touched: Vec<String> = touched.into_iter().collect();
        for (i, a) in touched.iter().enumerate() {
            for b in &touched[i + 1..] {
                *shared.entry((a.clone(), b.clone())).or_default() += 1;
            }
        }
    }
    for ((a, b), n) in shared {
        let (ra, rb) = (history.files[&a].commits, history.files[&b].commits);
        if ra < options.min_revisions || rb < options.min_revisions || n < options.min_shared {
            continue;
        }
        let degree = f64::from(n) / ((f64::from(ra) + f64::from(rb)) / 2.0);
        if degree >= options.min_degree {
            history.coupling.push(CoChange {
                a,
                b,
                shared: n,
                degree,
            });
        }
    }
    history
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renames_in_numstat_paths() {
        assert_eq!(
            rename_paths("src/{old => new}/a.py"),
            (Some("src/old/a.py".into()), "src/new/a.py".into())
        );
        assert_eq!(
            rename_paths("src/{ => sub}/a.py"),
            (Some("src/a.py".into()), "src/sub/a.py".into())
        );
        assert_eq!(
            rename_paths("a.py => b.py"),
            (Some("a.py".into()), "b.py".into())
        );
        assert_eq!(rename_paths("a.py"), (None, "a.py".into()));
    }

    #[test]
    fn epoch_seconds_as_utc_dates() {
        assert_eq!(utc_date(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc_date(1_695_768_217), "2023-09-26T22:43:37Z");
        assert_eq!(utc_date(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc_date(-86_400), "1969-12-31T00:00:00Z");
    }

    #[test]
    fn quoted_paths() {
        assert_eq!(unquote("plain/café.py"), "plain/café.py");
        assert_eq!(unquote(r#""a\tb.py""#), "a\tb.py");
        assert_eq!(unquote(r#""q\"uote\\.py""#), "q\"uote\\.py");
        assert_eq!(unquote(r#""caf\303\251.py""#), "café.py");
        assert_eq!(
            rename_paths(&unquote(r#""dir/{a => b}\tc.py""#)),
            (Some("dir/a\tc.py".into()), "dir/b\tc.py".into())
        );
    }
}
