//! A content-hash cache of per-file facts, so a re-run parses only the files
//! that changed.
//!
//! Extraction is a pure function of a file's bytes, the embedded queries and
//! the extraction settings; the cache keys each file's [`FileFacts`] by the
//! xxh3 hash of its bytes and discards everything when seam's version, its
//! queries or the settings change. It lives in one file under
//! `<root>/.seam-cache/` (safe to delete; it carries its own `.gitignore`),
//! is written atomically, and a cache that cannot be read or written only
//! costs speed: the run never fails because of it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use crate::extract::FileFacts;

const CACHE_FILE: &str = "facts-v1.json";

#[derive(Serialize, Deserialize)]
struct CacheFile {
    fingerprint: String,
    /// path → (content hash, facts), sorted for a stable file.
    files: BTreeMap<String, (u64, FileFacts)>,
}

/// The cache of one run: what was loaded, and what this run saw.
pub struct FactsCache {
    dir: PathBuf,
    fingerprint: String,
    loaded: BTreeMap<String, (u64, FileFacts)>,
    seen: Mutex<BTreeMap<String, (u64, FileFacts)>>,
    pub hits: std::sync::atomic::AtomicUsize,
}

/// Hash of file contents as the cache uses it.
pub fn content_hash(bytes: &[u8]) -> u64 {
    xxh3_64(bytes)
}

impl FactsCache {
    /// Opens the cache in `dir`; a missing, stale or unreadable cache starts
    /// empty. `fingerprint` names everything besides a file's bytes that
    /// extraction depends on.
    pub fn open(dir: &Path, fingerprint: String) -> FactsCache {
        let loaded = std::fs::read(dir.join(CACHE_FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<CacheFile>(&bytes).ok())
            .filter(|file| file.fingerprint == fingerprint)
            .map(|file| file.files)
            .unwrap_or_default();
        FactsCache {
            dir: dir.to_path_buf(),
            fingerprint,
            loaded,
            seen: Mutex::new(BTreeMap::new()),
            hits: Default::default(),
        }
    }

    /// The cached facts of `path` if its bytes still hash to `hash`.
    pub fn get(&self, path: &str, hash: u64) -> Option<FileFacts> {
        let (cached_hash, facts) = self.loaded.get(path)?;
        if *cached_hash != hash {
            return None;
        }
        self.hits.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Some(facts.clone())
    }

    /// Records the facts this run has for `path` (cached or fresh).
    pub fn put(&self, path: &str, hash: u64, facts: &FileFacts) {
        self.seen
            .lock()
            .expect("not poisoned")
            .insert(path.to_string(), (hash, facts.clone()));
    }

    /// Writes what this run saw (files that are gone are dropped). Errors are
    /// returned for the caller to mention; they never fail the run.
    pub fn save(self) -> std::io::Result<()> {
        let files = self.seen.into_inner().expect("not poisoned");
        let hits = self.hits.load(std::sync::atomic::Ordering::Relaxed);
        // Every file hit and none vanished: the cache on disk is current.
        if hits == files.len() && files.len() == self.loaded.len() {
            return Ok(());
        }
        std::fs::create_dir_all(&self.dir)?;
        let ignore = self.dir.join(".gitignore");
        if !ignore.exists() {
            std::fs::write(ignore, "# Created by seam; safe to delete.\n*\n")?;
        }
        let file = CacheFile {
            fingerprint: self.fingerprint,
            files,
        };
        let bytes = serde_json::to_vec(&file).map_err(std::io::Error::other)?;
        crate::report::write_atomic(&self.dir.join(CACHE_FILE), &bytes)
            .map_err(|e| std::io::Error::other(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discover::{Language, SourceFile};

    fn facts(path: &str) -> FileFacts {
        let file = SourceFile {
            path: path.into(),
            abs_path: path.into(),
            language: Language::Python,
            bytes: 10,
        };
        crate::extract::extract(&file, b"import os\n")
    }

    #[test]
    fn hits_only_for_the_same_bytes_and_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let cache = FactsCache::open(dir.path(), "v1".into());
        assert!(cache.get("a.py", 1).is_none());
        cache.put("a.py", 1, &facts("a.py"));
        cache.save().unwrap();
        assert!(dir.path().join(".gitignore").exists());

        let cache = FactsCache::open(dir.path(), "v1".into());
        assert_eq!(cache.get("a.py", 1), Some(facts("a.py")));
        assert!(cache.get("a.py", 2).is_none(), "changed bytes miss");
        let stale = FactsCache::open(dir.path(), "v2".into());
        assert!(stale.get("a.py", 1).is_none(), "new settings miss");
    }

    #[test]
    fn a_corrupt_cache_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CACHE_FILE), b"{not json").unwrap();
        let cache = FactsCache::open(dir.path(), "v1".into());
        assert!(cache.get("a.py", 1).is_none());
    }
}
