//! The git subprocesses history needs, and the parsing of `git log`'s
//! listing into [`Commit`]s.
//!
//! Every command runs with hooks, pagers, external diff drivers, text
//! conversion, fsmonitor and signature checks disabled, so nothing from the
//! audited repository is executed.

use std::path::Path;
use std::process::Command;

/// One commit as the history keeps it between runs.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Commit {
    /// Committer time in seconds since the epoch: what `--since` compares,
    /// and what orders an appended listing into a cached one.
    pub time: i64,
    pub author: String,
    /// `(path, added, removed, renamed_from)` per file; the line counts are
    /// 0 unless churn was read (`--numstat`).
    pub changes: Vec<(String, u64, u64, Option<String>)>,
}

pub fn git(root: &Path) -> Command {
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

/// The trimmed stdout of a git command that succeeded, `None` otherwise.
pub fn answer(root: &Path, args: &[&str]) -> Option<String> {
    let out = git(root).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Whether commit `old` is an ancestor of `new` (or the same commit); false
/// too when `old` no longer exists (a rebase, a gc).
pub fn is_ancestor(root: &Path, old: &str, new: &str) -> bool {
    git(root)
        .args(["merge-base", "--is-ancestor", old, new])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The commits under `root` since `since`, newest first as git shows them;
/// `range` (`old..new`) limits them to those not reachable from `old`.
/// `churn` reads line counts too (`--numstat`: over ten times slower than
/// `--name-status`, which lists the same files and renames).
pub fn list(
    root: &Path,
    since: &str,
    range: Option<&str>,
    churn: bool,
) -> Result<Vec<Commit>, String> {
    let output = git(root)
        .args(["log", "--no-merges", "--no-textconv", "--no-ext-diff"])
        .args(["--no-show-signature", "--no-color", "-M"])
        .arg(format!("--since={since}"))
        .arg(if churn { "--numstat" } else { "--name-status" })
        .arg("--format=%x00%ct%x09%an")
        .args(range)
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
    Ok(parse_log(&String::from_utf8_lossy(&output.stdout), churn))
}

fn parse_log(text: &str, churn: bool) -> Vec<Commit> {
    let mut commits = Vec::new();
    for block in text.split('\0').filter(|b| !b.trim().is_empty()) {
        let mut lines = block.lines();
        let (time, author) = lines
            .next()
            .unwrap_or_default()
            .split_once('\t')
            .unwrap_or_default();
        let mut commit = Commit {
            time: time.parse().unwrap_or_default(),
            author: author.to_string(),
            changes: Vec::new(),
        };
        let change = if churn { numstat } else { name_status };
        commit.changes.extend(lines.filter_map(change));
        commits.push(commit);
    }
    commits
}

/// `12\t3\tpath` (`-\t-\t` for a binary file), a rename in one field.
fn numstat(line: &str) -> Option<(String, u64, u64, Option<String>)> {
    let mut parts = line.splitn(3, '\t');
    let (added, removed, path) = (parts.next()?, parts.next()?, parts.next()?);
    let (from, to) = numstat_path(path);
    Some((
        to,
        added.parse().unwrap_or(0),
        removed.parse().unwrap_or(0),
        from,
    ))
}

/// `M\tpath`, `R087\told\tnew` (a copy, `C…`, reads the same way); each path
/// quoted on its own, so no `{old => new}` form to take apart.
fn name_status(line: &str) -> Option<(String, u64, u64, Option<String>)> {
    let mut parts = line.split('\t');
    let status = parts.next()?;
    let first = unquote(parts.next()?);
    Some(match parts.next() {
        Some(to) if status.starts_with(['R', 'C']) => (unquote(to), 0, 0, Some(first)),
        _ => (first, 0, 0, None),
    })
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

/// numstat's path field → (Some(old path) for a rename, path). A side that
/// needs quoting takes the `{old => new}` form apart: both sides whole, each
/// quoted only if it must be (`plain.py => "q\"x.py"`).
fn numstat_path(field: &str) -> (Option<String>, String) {
    if let Some(rest) = field.strip_prefix('"') {
        let mut escaped = false;
        let close = rest.bytes().position(|b| {
            let end = b == b'"' && !escaped;
            escaped = b == b'\\' && !escaped;
            end
        });
        if let Some(close) = close {
            let (first, tail) = field.split_at(close + 2);
            return match tail.strip_prefix(" => ") {
                Some(new) => (Some(unquote(first)), unquote(new)),
                None => (None, unquote(first)),
            };
        }
    }
    // An unquoted side holds no `"`: ` => "` can only start a quoted side.
    if field.ends_with('"')
        && let Some((old, new)) = field.split_once(" => \"")
    {
        return (Some(old.to_string()), unquote(&format!("\"{new}")));
    }
    rename_paths(field)
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
    fn quoted_paths() {
        assert_eq!(unquote("plain/café.py"), "plain/café.py");
        assert_eq!(unquote(r#""a\tb.py""#), "a\tb.py");
        assert_eq!(unquote(r#""q\"uote\\.py""#), "q\"uote\\.py");
        assert_eq!(unquote(r#""caf\303\251.py""#), "café.py");
        // What git prints for such renames (checked against git 2.x).
        assert_eq!(
            numstat_path(r#""dir/a\tc.py" => "dir/b\tc.py""#),
            (Some("dir/a\tc.py".into()), "dir/b\tc.py".into())
        );
        assert_eq!(
            numstat_path(r#"plain.py => "q\"x.py""#),
            (Some("plain.py".into()), "q\"x.py".into())
        );
        assert_eq!(
            numstat_path(r#""a\\"#),
            (None, r#""a\\"#.into()),
            "an unterminated quote is kept as it is"
        );
        assert_eq!(
            numstat_path(r#""a\"b\\" => c.py"#),
            (Some("a\"b\\".into()), "c.py".into())
        );
    }

    /// The two listings of one commit give the same files and renames.
    #[test]
    fn name_status_reads_like_numstat() {
        let status = "\x001700000000\tAda Lovelace\n\nM\ta.py\nR087\told/b.py\t\"new/b\\tc.py\"\nD\tgone.py\nA\tsrc/new.py\n";
        let numstat = "\x001700000000\tAda Lovelace\n\n2\t1\ta.py\n0\t3\told/b.py => \"new/b\\tc.py\"\n0\t9\tgone.py\n-\t-\tsrc/new.py\n";
        let (a, b) = (parse_log(status, false), parse_log(numstat, true));
        assert_eq!(a.len(), 1);
        assert_eq!(
            (a[0].time, a[0].author.as_str()),
            (1_700_000_000, "Ada Lovelace")
        );
        let files = |c: &Commit| -> Vec<(String, Option<String>)> {
            c.changes
                .iter()
                .map(|(p, _, _, f)| (p.clone(), f.clone()))
                .collect()
        };
        assert_eq!(files(&a[0]), files(&b[0]));
        assert_eq!(
            files(&a[0])[1],
            ("new/b\tc.py".to_string(), Some("old/b.py".to_string()))
        );
        assert_eq!((b[0].changes[0].1, b[0].changes[0].2), (2, 1));
        assert!(a[0].changes.iter().all(|c| (c.1, c.2) == (0, 0)));
    }
}
