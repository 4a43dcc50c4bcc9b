//! A cache of per-file facts, so a re-run parses only the files that changed.
//!
//! Extraction is a pure function of a file's bytes, the embedded queries and
//! the extraction settings. Each file's [`FileFacts`] is stored with a
//! [`Stamp`]: size and modification time (trusted as they are, the way git's
//! index trusts them, so an unchanged file is not even read) and the xxh3 hash
//! of its bytes (so a touched but unchanged file is not parsed again).
//! Everything is discarded when seam's build or the settings change. The
//! cache is sixteen shard files under `<root>/.seam-cache/` (safe to delete;
//! the folder carries its own `.gitignore`), read in parallel and each
//! written atomically, only when one of its files changed; a cache that
//! cannot be read or written only costs speed, never the run.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use crate::discover::{Language, SourceFile};
use crate::extract::FileFacts;

/// MessagePack with field names: self-describing like JSON (so optional and
/// skipped fields round-trip), three times smaller and faster to read. The
/// cache is split in shards by path, read in parallel, and only the shards
/// holding a changed file are written again.
const CACHE_PREFIX: &str = "facts-v5";
const SHARDS: usize = 16;

fn shard_of(path: &str) -> usize {
    (xxh3_64(path.as_bytes()) % SHARDS as u64) as usize
}

fn shard_file(dir: &Path, shard: usize) -> PathBuf {
    dir.join(format!("{CACHE_PREFIX}-{shard:02}.msgpack"))
}

/// What a file looked like when its facts were extracted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub len: u64,
    pub modified: Option<u64>,
    pub hash: u64,
}

#[derive(Deserialize)]
struct CacheFile {
    fingerprint: String,
    files: Vec<(String, Stamp, FileFacts)>,
}

#[derive(Serialize)]
struct CacheFileRef<'a> {
    fingerprint: &'a str,
    files: Vec<(&'a str, Stamp, &'a FileFacts)>,
}

/// The cache of one run: what was loaded, handed out at most once per file.
pub struct FactsCache {
    dir: PathBuf,
    fingerprint: String,
    loaded: Mutex<BTreeMap<String, (Stamp, FileFacts)>>,
    /// Per shard: this run's files differ from what the shard holds.
    dirty: Vec<AtomicBool>,
}

/// Hash of file contents as the cache uses it.
pub fn content_hash(bytes: &[u8]) -> u64 {
    xxh3_64(bytes)
}

/// One shard's entries, if it is there and made with these settings.
fn load_shard(
    dir: &Path,
    shard: usize,
    fingerprint: &str,
) -> Option<Vec<(String, Stamp, FileFacts)>> {
    let bytes = std::fs::read(shard_file(dir, shard)).ok()?;
    let file: CacheFile = rmp_serde::from_slice(&bytes).ok()?;
    (file.fingerprint == fingerprint).then_some(file.files)
}

/// Compiles, on threads of their own, the queries of the languages of
/// `sources` not stamped as they are in `entries` (all of one shard).
fn compile_for_stale(sources: &[&SourceFile], entries: &[(String, Stamp, FileFacts)]) {
    let stamps: HashMap<&str, &Stamp> = entries.iter().map(|(p, s, _)| (p.as_str(), s)).collect();
    let mut stale: Vec<Language> = sources
        .iter()
        .filter(|f| {
            f.modified.is_none()
                || stamps
                    .get(f.path.as_str())
                    .is_none_or(|s| s.len != f.bytes || s.modified != f.modified)
        })
        .map(|f| f.language)
        .collect();
    stale.sort_unstable();
    stale.dedup();
    for language in stale {
        std::thread::spawn(move || crate::syntax::queries::queries_for(language));
    }
}

impl FactsCache {
    /// Opens the cache in `dir`; a missing, stale or unreadable shard starts
    /// empty. `fingerprint` names everything besides a file's bytes that
    /// extraction depends on.
    pub fn open(dir: &Path, fingerprint: String) -> FactsCache {
        FactsCache::open_for(dir, fingerprint, &[])
    }

    /// Like [`FactsCache::open`], and starts compiling the queries of every
    /// language that has a file in `sources` whose size or time differs
    /// from its shard, as soon as that shard is read: a re-run after an
    /// edit then compiles while the other shards load, instead of after.
    pub fn open_for(dir: &Path, fingerprint: String, sources: &[SourceFile]) -> FactsCache {
        let mut by_shard: Vec<Vec<&SourceFile>> = vec![Vec::new(); SHARDS];
        for source in sources {
            by_shard[shard_of(&source.path)].push(source);
        }
        let shards: Vec<Option<Vec<(String, Stamp, FileFacts)>>> = (0..SHARDS)
            .into_par_iter()
            .map(|shard| {
                let entries = load_shard(dir, shard, &fingerprint);
                compile_for_stale(&by_shard[shard], entries.as_deref().unwrap_or_default());
                entries
            })
            .collect();
        let dirty = shards
            .iter()
            .map(|s| AtomicBool::new(s.is_none()))
            .collect();
        let loaded = shards
            .into_iter()
            .flatten()
            .flatten()
            .map(|(path, stamp, facts)| (path, (stamp, facts)))
            .collect();
        FactsCache {
            dir: dir.to_path_buf(),
            fingerprint,
            dirty,
            loaded: Mutex::new(loaded),
        }
    }

    fn take(&self, path: &str) -> Option<(Stamp, FileFacts)> {
        self.loaded.lock().expect("not poisoned").remove(path)
    }

    /// Cached facts of a file whose size and modification time are unchanged.
    pub fn fresh(&self, file: &SourceFile) -> Option<(Stamp, FileFacts)> {
        file.modified?;
        let mut loaded = self.loaded.lock().expect("not poisoned");
        let (stamp, _) = loaded.get(&file.path)?;
        if stamp.len != file.bytes || stamp.modified != file.modified {
            return None;
        }
        loaded.remove(&file.path)
    }

    /// Cached facts of a file whose bytes hash as before (touched, unchanged).
    pub fn same_bytes(&self, file: &SourceFile, hash: u64) -> Option<FileFacts> {
        let (stamp, facts) = self.take(&file.path)?;
        // The stamp changes (a new time): the shard is written again.
        self.missed(&file.path);
        (stamp.hash == hash).then_some(facts)
    }

    /// Marks `path`'s shard as needing a rewrite (the file was parsed afresh).
    pub fn missed(&self, path: &str) {
        self.dirty[shard_of(path)].store(true, Ordering::Relaxed);
    }

    /// Writes the shards whose files changed (files that are gone are
    /// dropped). Errors are returned for the caller to mention.
    pub fn save<'a>(
        self,
        files: impl Iterator<Item = (&'a FileFacts, Stamp)>,
    ) -> std::io::Result<()> {
        let mut dirty: Vec<bool> = self.dirty.into_iter().map(AtomicBool::into_inner).collect();
        // Files cached before and not seen now are gone from the tree.
        for path in self.loaded.into_inner().expect("not poisoned").keys() {
            dirty[shard_of(path)] = true;
        }
        if !dirty.contains(&true) {
            return Ok(());
        }
        crate::fsio::prepare_dir(&self.dir)?;
        let mut shards: Vec<Vec<(&str, Stamp, &FileFacts)>> = vec![Vec::new(); SHARDS];
        for (f, stamp) in files {
            shards[shard_of(&f.path)].push((f.path.as_str(), stamp, f));
        }
        let fingerprint = &self.fingerprint;
        let dir = &self.dir;
        shards
            .into_par_iter()
            .enumerate()
            .filter(|(shard, _)| dirty[*shard])
            .map(|(shard, files)| {
                let file = CacheFileRef { fingerprint, files };
                let bytes = rmp_serde::to_vec_named(&file).map_err(std::io::Error::other)?;
                crate::fsio::write_atomic(&shard_file(dir, shard), &bytes)
                    .map_err(|e| std::io::Error::other(e.to_string()))
            })
            .collect::<std::io::Result<()>>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discover::Language;

    fn file(modified: u64, bytes: u64) -> SourceFile {
        SourceFile {
            path: "a.py".into(),
            abs_path: "a.py".into(),
            language: Language::Python,
            bytes,
            modified: Some(modified),
        }
    }

    fn save_one(dir: &Path, fingerprint: &str, stamp: Stamp) -> FileFacts {
        let facts = crate::extract::extract(&file(1, 10), b"import os\n");
        let cache = FactsCache::open(dir, fingerprint.into());
        cache.missed("a.py");
        cache.save(std::iter::once((&facts, stamp))).unwrap();
        facts
    }

    #[test]
    fn unchanged_size_and_time_hit_without_reading() {
        let dir = tempfile::tempdir().unwrap();
        let stamp = Stamp {
            len: 10,
            modified: Some(1),
            hash: 7,
        };
        let facts = save_one(dir.path(), "v1", stamp);
        assert!(dir.path().join(".gitignore").exists());
        let cache = FactsCache::open(dir.path(), "v1".into());
        assert_eq!(cache.fresh(&file(1, 10)), Some((stamp, facts)));
        assert_eq!(cache.fresh(&file(1, 10)), None, "handed out once");
    }

    #[test]
    fn a_touched_file_hits_by_hash_and_a_changed_one_misses() {
        let dir = tempfile::tempdir().unwrap();
        let stamp = Stamp {
            len: 10,
            modified: Some(1),
            hash: 7,
        };
        let facts = save_one(dir.path(), "v1", stamp);
        let cache = FactsCache::open(dir.path(), "v1".into());
        assert_eq!(cache.fresh(&file(2, 10)), None, "new time");
        assert_eq!(cache.same_bytes(&file(2, 10), 7), Some(facts));
        let cache = FactsCache::open(dir.path(), "v1".into());
        assert_eq!(cache.same_bytes(&file(2, 11), 8), None, "new bytes");
    }

    #[test]
    fn other_settings_or_a_corrupt_file_start_empty() {
        let dir = tempfile::tempdir().unwrap();
        let stamp = Stamp {
            len: 10,
            modified: Some(1),
            hash: 7,
        };
        save_one(dir.path(), "v1", stamp);
        let stale = FactsCache::open(dir.path(), "v2".into());
        assert_eq!(stale.fresh(&file(1, 10)), None);
        std::fs::write(shard_file(dir.path(), shard_of("a.py")), b"{not json").unwrap();
        let corrupt = FactsCache::open(dir.path(), "v1".into());
        assert_eq!(corrupt.fresh(&file(1, 10)), None);
    }
}

#[cfg(test)]
mod roundtrip {
    /// Every fact the demo produces survives the cache format.
    #[test]
    fn the_demo_facts_round_trip() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/demo");
        let config = crate::config::AuditConfig::new(&root).unwrap();
        let d = crate::discover::discover(&config).unwrap();
        for r in crate::extract::extract_all(&d.sources, config.max_file_bytes, None, &|| {}) {
            let f = r.unwrap().facts;
            let stamp = super::Stamp {
                len: 1,
                modified: Some(2),
                hash: u64::MAX,
            };
            let file = super::CacheFileRef {
                fingerprint: "x",
                files: vec![(f.path.as_str(), stamp, &f)],
            };
            let bytes = rmp_serde::to_vec_named(&file).unwrap();
            let back = rmp_serde::from_slice::<super::CacheFile>(&bytes)
                .unwrap_or_else(|e| panic!("{}: {e}", f.path));
            assert_eq!(back.files[0].2, f);
        }
    }
}
