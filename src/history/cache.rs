//! The commits read, kept between runs (`history.json` in the cache folder):
//! a run at the same HEAD reads nothing, and a run on a HEAD that descends
//! from the cached one reads only the commits in between and appends them.

use std::path::Path;

use super::git::Commit;

/// Bumped when what is kept changes: an older file is read as no cache.
const VERSION: u32 = 2;

#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct CachedLog {
    version: u32,
    /// The commit HEAD named when the commits were read.
    pub head: String,
    /// The window as asked for (`--since`), empty for the default year.
    pub window: String,
    /// The default window's start (seconds); `None` under `--since`, whose
    /// start does not move with HEAD.
    pub start: Option<i64>,
    /// The audited root below the repository's top (`backend`, or empty).
    pub prefix: String,
    /// Whether the line counts were read (`--numstat`).
    pub churn: bool,
    pub commits: Vec<Commit>,
}

impl CachedLog {
    pub fn new(
        head: String,
        window: String,
        start: Option<i64>,
        prefix: String,
        churn: bool,
        commits: Vec<Commit>,
    ) -> Self {
        CachedLog {
            version: VERSION,
            head,
            window,
            start,
            prefix,
            churn,
            commits,
        }
    }

    pub fn load(file: &Path) -> Option<Self> {
        let cached: Self = serde_json::from_slice(&std::fs::read(file).ok()?).ok()?;
        (cached.version == VERSION).then_some(cached)
    }

    pub fn save(&self, file: &Path) -> std::io::Result<()> {
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let json = serde_json::to_vec(self).map_err(std::io::Error::other)?;
        crate::fsio::write_atomic(file, &json).map_err(std::io::Error::other)
    }

    /// Whether these commits hold everything a read of the same window
    /// from a later HEAD needs besides the new commits: the same settings,
    /// and a window that did not start earlier than this one (a new HEAD
    /// dated before the cached one, after a clock skew or a rewrite).
    pub fn covers(&self, window: &str, start: Option<i64>, prefix: &str, churn: bool) -> bool {
        let started = match (self.start, start) {
            (Some(cached), Some(now)) => now >= cached,
            (None, None) => true,
            _ => false,
        };
        self.window == window && self.prefix == prefix && (self.churn || !churn) && started
    }
}

/// The listing a cold read of the later window gives: `new` (the commits
/// not reachable from the cached HEAD, newest first) interleaved with the
/// cached commits by commit time the way git's walk orders them (the newer
/// first, a new one first on a tie), without the cached commits older than
/// the window's `start`.
pub fn append(new: Vec<Commit>, cached: Vec<Commit>, start: Option<i64>) -> Vec<Commit> {
    let kept = cached
        .into_iter()
        .filter(|c| start.is_none_or(|start| c.time >= start));
    let mut merged = Vec::with_capacity(new.len());
    let mut new = new.into_iter().peekable();
    for old in kept {
        while let Some(n) = new.next_if(|n| n.time >= old.time) {
            merged.push(n);
        }
        merged.push(old);
    }
    merged.extend(new);
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(time: i64, path: &str) -> Commit {
        Commit {
            time,
            author: "Ada".into(),
            changes: vec![(path.into(), 0, 0, None)],
        }
    }

    fn paths(commits: &[Commit]) -> Vec<&str> {
        commits.iter().map(|c| c.changes[0].0.as_str()).collect()
    }

    #[test]
    fn new_commits_go_first_and_old_ones_fall_out() {
        let cached = vec![at(50, "c1"), at(40, "c2"), at(10, "c3")];
        let new = vec![at(70, "n1"), at(60, "n2")];
        let merged = append(new, cached, Some(20));
        assert_eq!(paths(&merged), ["n1", "n2", "c1", "c2"]);
    }

    /// A merged branch's commits can be older than the cached HEAD: they
    /// sit where git's walk by date puts them.
    #[test]
    fn a_merged_branch_interleaves_by_date() {
        let cached = vec![at(50, "c1"), at(30, "c2"), at(10, "c3")];
        let new = vec![at(60, "merge-side"), at(50, "tie"), at(20, "branch")];
        let merged = append(new, cached, None);
        assert_eq!(
            paths(&merged),
            ["merge-side", "tie", "c1", "c2", "branch", "c3"]
        );
    }

    #[test]
    fn a_cache_serves_only_the_window_it_was_read_for() {
        let log = CachedLog::new(
            "h".into(),
            String::new(),
            Some(100),
            String::new(),
            true,
            vec![],
        );
        assert!(log.covers("", Some(100), "", false));
        assert!(log.covers("", Some(150), "", true));
        assert!(!log.covers("", Some(99), "", false), "starts earlier");
        assert!(!log.covers("", Some(150), "backend", false));
        assert!(!log.covers("2020-01-01", None, "", false));
        let names_only = CachedLog {
            churn: false,
            ..log
        };
        assert!(
            !names_only.covers("", Some(100), "", true),
            "no line counts"
        );
    }
}
