//! Names for candidate services that a reader recognises, from the paths
//! of their modules: the directory holding most of the code (tests mirror
//! code from their own trees, so they name a cluster only when it has no
//! code), and, when two clusters would share a name, their hub's package.
//! Pure string work on root-relative paths.

use std::collections::BTreeMap;

use super::services::Service;

/// Two clusters with the same name get their hub's file name added
/// (`django: core, contrib, … around django/core/checks`), then a number.
pub(super) fn disambiguate(services: &mut [Service], hubs: &[&str]) {
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for s in services.iter() {
        *count.entry(s.name.clone()).or_default() += 1;
    }
    for (s, hub) in services.iter_mut().zip(hubs) {
        if count[&s.name] > 1 && !s.unconnected {
            s.name = format!("{} around {}", s.name, hub_label(hub));
        }
    }
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for s in services.iter_mut() {
        let n = seen.entry(s.name.clone()).or_default();
        *n += 1;
        if *n > 1 {
            s.name = format!("{} #{n}", s.name);
        }
    }
}

/// A hub as a reader names it: a package by its directory
/// (`django/core/checks` for its `__init__.py`), a file by its path.
fn hub_label(hub: &str) -> &str {
    match hub.rsplit_once('/') {
        Some((dir, file)) if file.starts_with("__init__.") || file.starts_with("index.") => dir,
        _ => hub,
    }
}

/// Named by its code, not its tests, when it has enough code: tests mirror
/// the code they test, often from a separate `tests/` tree.
pub(super) fn cluster_name(ids: &[String]) -> String {
    let code: Vec<String> = ids
        .iter()
        .filter(|id| !crate::discover::is_test_path(id))
        .cloned()
        .collect();
    if code.len() * 5 >= ids.len() && !code.is_empty() {
        directory_name(&code)
    } else {
        directory_name(ids)
    }
}

/// A name a reader recognises: the deepest directory holding more than half
/// the modules (or, if none does, the one holding most); when more than a
/// fifth lie elsewhere, the same for those, joined with `+`; when the main
/// directory's own subdirectories split it, the two largest of them.
/// `web/src`, `zerver/webhooks + zerver/views`, `zerver: lib, tests, …`.
/// A one-module cluster is named by its file.
fn directory_name(ids: &[String]) -> String {
    if ids.len() == 1 {
        return ids[0].clone();
    }
    let main = dominant_prefix(ids.iter().map(String::as_str), "");
    let rest: Vec<&str> = ids
        .iter()
        .map(String::as_str)
        .filter(|id| !under(id, &main))
        .collect();
    let shown = |dir: String| {
        if dir.is_empty() {
            "(root)".to_string()
        } else {
            dir
        }
    };
    if rest.len() * 5 > ids.len() {
        // The rest's own directory, not one that holds the main one too.
        let other = dominant_prefix(rest.iter().copied(), &main);
        if other.is_empty() && !rest.iter().any(|id| !id.contains('/')) {
            // Only the main directory's ancestors hold the rest: `a/b + a` is `a`.
            let parent = dominant_prefix(rest.iter().copied(), "");
            return shown(parent);
        }
        return format!("{} + {}", shown(main), shown(other));
    }
    // Children of the main directory, when none of them holds half.
    let mut children: BTreeMap<&str, usize> = BTreeMap::new();
    let mut direct = 0;
    for id in ids.iter().filter(|id| under(id, &main)) {
        let tail = if main.is_empty() {
            id.as_str()
        } else {
            &id[main.len() + 1..]
        };
        match tail.split_once('/') {
            Some((child, _)) => *children.entry(child).or_default() += 1,
            None => direct += 1,
        }
    }
    let mut children: Vec<(&str, usize)> = children.into_iter().collect();
    children.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    if children.len() > 1 && direct * 2 < ids.len() && children[0].1 * 2 <= ids.len() {
        let more = if children.len() > 2 { ", …" } else { "" };
        return format!(
            "{}: {}, {}{more}",
            shown(main),
            children[0].0,
            children[1].0
        );
    }
    shown(main)
}

/// Whether `id` lies under directory `dir` (`""`: directly in the root).
fn under(id: &str, dir: &str) -> bool {
    if dir.is_empty() {
        !id.contains('/')
    } else {
        id.strip_prefix(dir).is_some_and(|t| t.starts_with('/'))
    }
}

/// The deepest directory holding more than half of `ids`, else the one
/// holding most (deeper first on ties); `""` for the root, which counts
/// only the files directly in it. Ancestors of `beside` are not candidates.
fn dominant_prefix<'a>(ids: impl Iterator<Item = &'a str>, beside: &str) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut n = 0;
    for id in ids {
        n += 1;
        if !id.contains('/') {
            *counts.entry("").or_default() += 1;
        }
        let mut end = 0;
        while let Some(slash) = id[end..].find('/') {
            end += slash;
            *counts.entry(&id[..end]).or_default() += 1;
            end += 1;
        }
    }
    counts.retain(|p, _| p.is_empty() || !beside.starts_with(&format!("{p}/")));
    let depth = |p: &str| p.matches('/').count();
    let half = counts.iter().filter(|&(_, &c)| c * 2 > n).max_by(|a, b| {
        depth(a.0)
            .cmp(&depth(b.0))
            .then(a.1.cmp(b.1))
            .then(b.0.cmp(a.0))
    });
    let best = half.or_else(|| {
        counts.iter().max_by(|a, b| {
            a.1.cmp(b.1)
                .then(depth(a.0).cmp(&depth(b.0)))
                .then(b.0.cmp(a.0))
        })
    });
    best.map_or_else(String::new, |(p, _)| p.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_common_or_dominant_directories() {
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(cluster_name(&ids(&["a/b/x.py", "a/b/y.py"])), "a/b");
        assert_eq!(cluster_name(&ids(&["a/x.py"])), "a/x.py");
        assert_eq!(
            cluster_name(&ids(&[
                "a/b/x.py", "a/b/y.py", "a/b/z.py", "a/b/w.py", "c/z.py"
            ])),
            "a/b"
        );
        // Webhooks spread over many directories, plus views.
        let mut v: Vec<String> = (0..6).map(|i| format!("z/hooks/h{i}/view.py")).collect();
        v.extend(ids(&["z/views/a.py", "z/views/b.py", "z/views/c.py"]));
        assert_eq!(cluster_name(&v), "z/hooks + z/views");
        // One package, split among its subpackages.
        let v = ids(&[
            "z/lib/a.py",
            "z/lib/b.py",
            "z/api/a.py",
            "z/api/b.py",
            "z/m/c.py",
        ]);
        assert_eq!(cluster_name(&v), "z: api, lib, …");
        // Files at the root.
        assert_eq!(cluster_name(&ids(&["a.py", "b.py"])), "(root)");
        // Tests do not name a cluster that has code.
        let v = ids(&[
            "tests/a/t.py",
            "tests/b/t.py",
            "tests/c/t.py",
            "django/x/m.py",
        ]);
        assert_eq!(cluster_name(&v), "django/x/m.py");
        let v = ids(&["web/tests/a.test.ts", "web/tests/b.test.ts"]);
        assert_eq!(cluster_name(&v), "web/tests");
        assert_eq!(
            hub_label("django/core/checks/__init__.py"),
            "django/core/checks"
        );
        assert_eq!(hub_label("web/src/people.ts"), "web/src/people.ts");
        // Mostly files of the directory itself: its subdirectories do not name it.
        let v = ids(&["w/a.ts", "w/b.ts", "w/c.ts", "w/p/a.ts", "w/q/b.ts"]);
        assert_eq!(cluster_name(&v), "w");
        // A subdirectory and its parent are the parent.
        let v = ids(&[
            "t/c/f/a.html",
            "t/c/f/b.html",
            "t/c/f/c.html",
            "t/c/d.html",
            "t/c/e.html",
        ]);
        assert_eq!(cluster_name(&v), "t/c");
        let v = ids(&[
            "z/l/m/a.py",
            "z/l/m/b.py",
            "z/l/m/c.py",
            "z/o/d.py",
            "z/v/e.py",
        ]);
        assert_eq!(cluster_name(&v), "z/l/m + z/o");
        // Webhooks hold most; the rest is spread over z's other directories.
        let mut v: Vec<String> = (0..5).map(|i| format!("z/hooks/h{i}/view.py")).collect();
        v.extend(ids(&[
            "z/views/a.py",
            "z/views/b.py",
            "z/views/e.py",
            "z/lib/c.py",
        ]));
        assert_eq!(cluster_name(&v), "z/hooks + z/views");
        // Exactly half in one subdirectory: no majority, so the split shows.
        let v = ids(&["z/w/a.py", "z/w/b.py", "z/v/c.py", "z/l/d.py"]);
        assert_eq!(cluster_name(&v), "z: w, l, …");
        assert_eq!(
            cluster_name(&ids(&["a.py", "b.py", "c/d.py"])),
            "(root) + c"
        );
    }
}
