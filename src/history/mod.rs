//! The audited tree's version history, read from `git log`: per file its
//! commits, authors and churn, and change coupling between files that change
//! together (the code-maat method: shared commits, degree = shared / mean of
//! the two files' revisions, with minimum thresholds).
//!
//! Runs `git` as a subprocess with hooks, pagers, external diff drivers and
//! text conversion disabled, so nothing from the audited repository is
//! executed. Without git, or outside a repository, it returns why not; the
//! rest of the audit does not depend on it.
//!
//! Two steps, so that the slow one needs no parsed file and can run while
//! files are parsed: [`read_log`] lists the commits of the window (which
//! files each touched, renames followed: `git log --name-status -M`; line
//! counts only with `--churn`, as `--numstat` costs over ten times as
//! much), and [`Log::summarise`] keeps the analysed files. The commits read
//! are cached (`history.json` in the facts cache folder, [`cache`]).

mod cache;
mod git;

pub use crate::config::{
    DEFAULT_MAX_FILES_PER_COMMIT, HistoryOptions, MIN_DEGREE, MIN_REVISIONS, MIN_SHARED,
};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use cache::CachedLog;
use git::{Commit, git};

/// The default window: one year back from the newest commit (not from
/// today, so an old checkout still shows its last year of work).
pub const DEFAULT_WINDOW_SECONDS: i64 = 365 * 24 * 60 * 60;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileHistory {
    pub commits: u32,
    pub authors: BTreeSet<String>,
    /// Lines added and removed, counted only with churn (`--churn`).
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
    /// Whether lines added and removed were counted (`--churn`).
    pub churn: bool,
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

/// HEAD's commit and its committer date (`YYYY-MM-DD`, UTC); `None`
/// outside a git checkout or without git. Whether the tree differs from
/// HEAD is not asked: `git status` may run the repository's clean filters.
pub fn describe_head(root: &Path) -> Option<(String, String)> {
    let out = git(root)
        .args(["log", "-1", "--format=%H %ct"])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let (commit, time) = text.trim().split_once(' ')?;
    if !out.status.success() || commit.is_empty() {
        return None;
    }
    let date = utc_date(time.parse().ok()?);
    Some((commit.to_string(), date[..10.min(date.len())].to_string()))
}

/// The commits of the window, as git listed them or as the cache kept
/// them: what [`Log::summarise`] turns into a [`History`] once the analysed
/// files are known. Reading it needs no parsed file, so it can run while
/// files are parsed.
#[derive(Debug)]
pub struct Log {
    commits: Vec<Commit>,
    /// The audited root below the repository's top (`backend`, or empty).
    prefix: String,
    top: PathBuf,
    /// The window's start as the report shows it.
    shown: String,
    churn: bool,
    /// Commits git listed in this run; the rest came from the cache.
    pub listed: usize,
}

/// Reads the commits of the window under `root`. `cache_dir`, when given,
/// keeps them for the next run: the same HEAD reads nothing, a HEAD that
/// descends from the cached one reads only the commits in between.
pub fn read_log(
    root: &Path,
    options: &HistoryOptions,
    cache_dir: Option<&Path>,
) -> Result<Log, String> {
    let (top, prefix) = repository(root)?;
    let head = git::answer(root, &["rev-parse", "HEAD"]).ok_or_else(no_commits)?;
    let (since, start, shown) = window(root, options)?;
    // `--since` as given: the cache serves only the same window.
    let asked = options.since.clone().unwrap_or_default();
    let cache_file = cache_dir
        .filter(|_| options.fixed_window())
        .map(|d| d.join("history.json"));
    let cached = cache_file
        .as_deref()
        .and_then(CachedLog::load)
        .filter(|c| c.covers(&asked, start, &prefix, options.churn));
    let (commits, listed) = match cached {
        Some(cached) if cached.head == head => (cached.commits, 0),
        found => {
            // Only what the cached HEAD does not reach, when it is an ancestor.
            let base = found.filter(|c| git::is_ancestor(root, &c.head, &head));
            let range = base.as_ref().map(|c| format!("{}..{head}", c.head));
            let new = git::list(root, &since, range.as_deref(), options.churn)?;
            let listed = new.len();
            let commits = match base {
                Some(cached) => cache::append(new, cached.commits, start),
                None => new,
            };
            let log = CachedLog::new(head, asked, start, prefix.clone(), options.churn, commits);
            if let Some(file) = &cache_file {
                // A cache that cannot be written costs the next run time only.
                let _ = log.save(file);
            }
            (log.commits, listed)
        }
    };
    Ok(Log {
        commits,
        prefix,
        top,
        shown,
        churn: options.churn,
        listed,
    })
}

fn no_commits() -> String {
    "the repository has no commits".to_string()
}

/// The window as `git log --since` takes it, its start in seconds when it
/// is the default year (which moves with HEAD), and as the report shows it.
fn window(root: &Path, options: &HistoryOptions) -> Result<(String, Option<i64>, String), String> {
    Ok(match &options.since {
        Some(since) => (since.clone(), None, since.clone()),
        None => {
            let last: i64 = git::answer(root, &["log", "-1", "--format=%ct"])
                .and_then(|t| t.parse().ok())
                .ok_or_else(no_commits)?;
            let start = last - DEFAULT_WINDOW_SECONDS;
            (format!("@{start}"), Some(start), utc_date(start))
        }
    })
}

/// The repository's top folder and `root`'s path below it (`backend`, or
/// empty), or why there is no repository to read.
fn repository(root: &Path) -> Result<(PathBuf, String), String> {
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
    Ok((top, prefix))
}

impl Log {
    /// Commits in the window, kept or left out.
    pub fn commits(&self) -> usize {
        self.commits.len()
    }

    /// Per file (of `files`, the analysed modules, root-relative) its
    /// commits, authors and churn, and the change coupling between them.
    /// `root` is asked, when no commit touches them, whether it is tracked.
    pub fn summarise(
        self,
        root: &Path,
        files: &BTreeSet<String>,
        options: &HistoryOptions,
    ) -> Result<History, String> {
        let mut history = tally(self.commits, &self.prefix, files, options);
        if history.commits == 0 && history.skipped_commits == 0 {
            // A tree inside another repository (a vendored copy, an unpacked
            // snapshot) has no history of its own: ranked as without git.
            let tracked = git(root)
                .args(["ls-files", "--", "."])
                .output()
                .is_ok_and(|o| !o.stdout.is_empty());
            let top = self.top.display();
            return Err(if tracked {
                format!(
                    "no commit since {} touches the analysed files (repository at {top})",
                    self.shown
                )
            } else {
                format!("the tree is not tracked by the git repository at {top}")
            });
        }
        history.since = self.shown;
        history.churn = self.churn;
        Ok(history)
    }
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

fn tally(
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
    fn epoch_seconds_as_utc_dates() {
        assert_eq!(utc_date(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc_date(1_695_768_217), "2023-09-26T22:43:37Z");
        assert_eq!(utc_date(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc_date(-86_400), "1969-12-31T00:00:00Z");
    }
}
