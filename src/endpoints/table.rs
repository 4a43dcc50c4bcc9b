//! Compact lookup tables for [`super::program::Program`], which holds one
//! set per file for every file of the tree at once: sorted vectors of
//! indices searched by bisection, a few bytes an entry, where a `BTreeMap`
//! node holds room for eleven entries and a `HashMap` a power of two.

use compact_str::CompactString;

use crate::extract::FileFacts;
use crate::facts::web::{Class, Function, ImportBinding};

/// A fact with a name it is looked up by.
pub trait Named {
    fn name(&self) -> &str;
}

impl Named for Function {
    fn name(&self) -> &str {
        &self.name
    }
}

impl Named for Class {
    fn name(&self) -> &str {
        &self.name
    }
}

/// By its local name (`c` in `from a import b as c`).
impl Named for ImportBinding {
    fn name(&self) -> &str {
        &self.local
    }
}

/// A JS export (exported name, local name), by its exported name.
impl Named for (CompactString, CompactString) {
    fn name(&self) -> &str {
        &self.0
    }
}

/// One file's facts of a kind, by name: their indices sorted by their
/// names (four bytes an entry), one per name.
pub struct ByName<'a, T> {
    items: &'a [T],
    order: Vec<u32>,
}

impl<'a, T: Named> ByName<'a, T> {
    /// The items `keep` accepts; of several with one name, the first in
    /// source order, or the last when `last_wins`.
    pub fn new(items: &'a [T], keep: impl Fn(&T) -> bool, last_wins: bool) -> Self {
        let mut order: Vec<u32> = (0..items.len() as u32)
            .filter(|&i| keep(&items[i as usize]))
            .collect();
        if last_wins {
            order.reverse();
        }
        // Stable: of a run of one name, `dedup` keeps the first.
        order.sort_by_key(|&i| items[i as usize].name());
        order.dedup_by_key(|&mut i| items[i as usize].name());
        order.shrink_to_fit();
        ByName { items, order }
    }

    pub fn get(&self, name: &str) -> Option<u32> {
        let at = self
            .order
            .binary_search_by(|&i| self.items[i as usize].name().cmp(name))
            .ok()?;
        Some(self.order[at])
    }

    /// (name, index) in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&'a str, u32)> + '_ {
        let items = self.items;
        self.order
            .iter()
            .map(move |&i| (items[i as usize].name(), i))
    }
}

/// (importer, specifier) → the files the import resolved to, in the order
/// the resolution lists them. Sixteen bytes a resolved import: the
/// specifier is read from the importer's facts.
pub struct Targets<'a> {
    facts: &'a [FileFacts],
    /// (importer, index into its imports), sorted by importer and specifier.
    keys: Vec<(u32, u32)>,
    files: Vec<usize>,
}

impl<'a> Targets<'a> {
    /// From (importer, index into its imports, file) in the resolution's
    /// order; a file listed twice for one specifier counts once.
    pub fn new(facts: &'a [FileFacts], mut edges: Vec<(u32, u32, usize)>) -> Self {
        let key = |from: u32, import: u32| (from, specifier(facts, from, import));
        // Stable: an import's files keep their order.
        edges.sort_by_key(|&(from, import, _)| key(from, import));
        let mut keys: Vec<(u32, u32)> = Vec::with_capacity(edges.len());
        let mut files = Vec::with_capacity(edges.len());
        let mut start = 0;
        for (from, import, to) in edges {
            if keys
                .last()
                .is_none_or(|&(f, i)| key(f, i) != key(from, import))
            {
                start = files.len();
            }
            if !files[start..].contains(&to) {
                keys.push((from, import));
                files.push(to);
            }
        }
        keys.shrink_to_fit();
        files.shrink_to_fit();
        Targets { facts, keys, files }
    }

    pub fn get(&self, from: usize, specifier: &str) -> &[usize] {
        let key = |&(f, i): &(u32, u32)| (f as usize, self::specifier(self.facts, f, i));
        let start = self.keys.partition_point(|k| key(k) < (from, specifier));
        let len = self.keys[start..].partition_point(|k| key(k) == (from, specifier));
        &self.files[start..start + len]
    }
}

fn specifier(facts: &[FileFacts], file: u32, import: u32) -> &str {
    &facts[file as usize].imports[import as usize].specifier
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_or_last_of_a_name_wins() {
        let exports: Vec<(CompactString, CompactString)> =
            [("b", "x"), ("a", "y"), ("b", "z"), ("c", "w")]
                .iter()
                .map(|&(e, l)| (e.into(), l.into()))
                .collect();
        let all = |_: &(CompactString, CompactString)| true;
        let first = ByName::new(&exports, all, false);
        let last = ByName::new(&exports, all, true);
        assert_eq!((first.get("b"), last.get("b")), (Some(0), Some(2)));
        assert_eq!((first.get("a"), first.get("d")), (Some(1), None));
        let some = ByName::new(&exports, |e| e.1 != "w", false);
        assert_eq!(some.iter().collect::<Vec<_>>(), vec![("a", 1), ("b", 0)]);
    }

    #[test]
    fn targets_keep_order_and_drop_repeats() {
        let file = |path: &str, specifiers: &[&str]| {
            let mut facts: FileFacts =
                serde_json::from_value(serde_json::json!({"path": path, "language": "javascript",
                    "lines": 1, "bytes": 1, "imports": [], "syntax_errors": 0, "diagnostics": []}))
                .expect("facts");
            facts.imports = specifiers
                .iter()
                .map(|s| crate::facts::RawImport {
                    specifier: (*s).into(),
                    names: Default::default(),
                    kind: crate::facts::ImportKind::Static,
                    line: 1,
                    text: Default::default(),
                    lazy: false,
                    type_only: false,
                    conditional: false,
                })
                .collect();
            facts
        };
        let facts = [file("b.js", &["x"]), file("a.js", &["./a", "./a", "./a"])];
        let t = Targets::new(&facts, vec![(1, 0, 5), (0, 0, 2), (1, 1, 3), (1, 2, 5)]);
        assert_eq!(t.get(1, "./a"), &[5, 3]);
        assert_eq!(t.get(0, "x"), &[2]);
        assert!(t.get(0, "./a").is_empty());
        assert!(t.get(1, "x").is_empty());
    }
}
