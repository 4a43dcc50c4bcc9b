//! The class hierarchy models are found through: each class recorded by
//! extraction (a model candidate) with its bases resolved the way Python
//! scopes names — defined in the same file, or in a file it imports. A
//! name is never matched across unrelated files: Django's own test suite
//! defines dozens of `Node`, `Item` and `Author` classes, and `class
//! Q(tree.Node)` must not become a model because some test's `Node` is one.

use std::collections::{BTreeMap, BTreeSet};

use crate::extract::FileFacts;
use crate::extract::state::ModelDef;

/// A class: (path of its file, name).
pub type Key<'a> = (&'a str, &'a str);

/// Django's own abstract models that projects derive theirs from (the
/// Django source is not in the audited tree).
const DJANGO_BASES: &[&str] = &["AbstractBaseUser", "AbstractUser", "PermissionsMixin"];

pub struct Hierarchy<'a> {
    by_name: BTreeMap<&'a str, Vec<&'a str>>,
    imported: &'a BTreeMap<&'a str, BTreeSet<&'a str>>,
    pub bases: BTreeMap<Key<'a>, Vec<Key<'a>>>,
    pub children: BTreeMap<Key<'a>, Vec<Key<'a>>>,
    /// Django models, abstract ones included.
    pub django: BTreeSet<Key<'a>>,
}

/// A model's base class names.
fn base_names(m: &ModelDef) -> impl Iterator<Item = &str> {
    std::iter::once(m.base.as_str())
        .chain(m.other_bases.iter().map(|b| b.as_str()))
        .filter(|b| !b.is_empty())
}

impl<'a> Hierarchy<'a> {
    pub fn new(facts: &'a [FileFacts], imported: &'a BTreeMap<&'a str, BTreeSet<&'a str>>) -> Self {
        let mut h = Hierarchy {
            by_name: BTreeMap::new(),
            imported,
            bases: BTreeMap::new(),
            children: BTreeMap::new(),
            django: BTreeSet::new(),
        };
        for f in facts {
            for m in &f.state.models {
                h.by_name.entry(&m.class).or_default().push(&f.path);
            }
        }
        for f in facts {
            for m in &f.state.models {
                let key = (f.path.as_str(), m.class.as_str());
                if m.django || base_names(m).any(|b| DJANGO_BASES.contains(&b)) {
                    h.django.insert(key);
                }
                let resolved: Vec<Key> = base_names(m)
                    .filter_map(|b| h.resolve(&f.path, b))
                    .filter(|b| *b != key)
                    .collect();
                for b in &resolved {
                    h.children.entry(*b).or_default().push(key);
                }
                h.bases.insert(key, resolved);
            }
        }
        // Subclasses of Django models are models, however deep the chain;
        // a model's inner `class Meta(Base.Meta)` is not one.
        loop {
            let before = h.django.len();
            for (key, bases) in &h.bases {
                if key.1 != "Meta" && bases.iter().any(|b| h.django.contains(b)) {
                    h.django.insert(*key);
                }
            }
            if h.django.len() == before {
                break;
            }
        }
        h
    }

    /// The class `name` refers to in `file`: one defined there, else one in
    /// a file it imports, else one a package it imports re-exports
    /// (`from zerver.models import X` → `zerver/models/__init__.py` →
    /// `zerver/models/devices.py`).
    pub fn resolve(&self, file: &str, name: &str) -> Option<Key<'a>> {
        let (name, paths) = self.by_name.get_key_value(name)?;
        let imports = |f: &str, p: &str| self.imported.get(f).is_some_and(|s| s.contains(p));
        let found = paths
            .iter()
            .find(|p| **p == file)
            .or_else(|| paths.iter().find(|p| imports(file, p)))
            .or_else(|| {
                let packages = self.imported.get(file)?;
                paths.iter().find(|p| {
                    packages
                        .iter()
                        .any(|pkg| pkg.ends_with("__init__.py") && imports(pkg, p))
                })
            })?;
        Some((*found, *name))
    }

    /// Every class below `key`, depth first, each once.
    pub fn descendants(&self, key: Key<'a>) -> Vec<Key<'a>> {
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        let mut stack = vec![key];
        while let Some(at) = stack.pop() {
            for child in self.children.get(&at).into_iter().flatten() {
                if seen.insert(*child) {
                    out.push(*child);
                    stack.push(*child);
                }
            }
        }
        out
    }
}
