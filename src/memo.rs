//! The last run's report, reused when nothing it was computed from changed.
//!
//! A report is a pure function of: seam's build, the settings, the root as
//! named, what discovery found (each source's path, size and modification
//! time — trusted as the facts cache and git's index trust them —, every
//! skipped path and why, every file name resolution may probe, the JS/TS
//! config files' bytes) and, when history is read, the git HEAD. All of it
//! is known right after discovery, so an unchanged tree costs the walk, one
//! hash and reading one file: no facts are loaded, nothing is parsed,
//! linked or clustered. Anything else (a touched file, a new flag, another
//! HEAD, a history window relative to today) is a miss and a full run,
//! which then replaces the entry. The entry sits beside the facts cache in
//! the cache folder; a missing, foreign or corrupt entry is a miss.
//!
//! Racy edits (git's word): a file changed again within the file system's
//! time resolution after the run that stored the entry began could keep its
//! size and time. So an entry only serves when every source is older than
//! that run's start by a margin; otherwise the run is redone (from cached
//! facts, which hash what changed).

use std::path::Path;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{xxh3_64, xxh3_128};

use crate::config::AuditConfig;
use crate::discover::Discovery;
use crate::report::Report;

/// MessagePack with field names, like the facts cache.
const MEMO_FILE: &str = "report-v1.msgpack";
/// The stored key and start time alone, so a miss costs a tiny read, not
/// decoding the report.
const KEY_FILE: &str = "report-v1.key";

/// Modification times closer than this to the stored run's start are
/// racy: coarse file systems keep times in (two-)second steps.
const RACY_NS: u64 = 3_000_000_000;

#[derive(Deserialize)]
struct Entry {
    key: String,
    /// When the run that computed the report started (ns since the epoch).
    started: u64,
    report: Report,
}

#[derive(Serialize)]
struct EntryRef<'a> {
    key: &'a str,
    started: u64,
    report: &'a Report,
}

/// A run's inputs: their digest and the newest source modification time.
pub struct Key {
    digest: String,
    newest: u64,
}

/// Now, in nanoseconds since the epoch (0 if the clock is before it).
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

/// What identifies a run's inputs; `None` when they cannot be pinned down
/// (a file system without modification times, a history window that moves
/// with the clock, git not answering).
pub fn key(config: &AuditConfig, root_display: &str, discovery: &Discovery) -> Option<Key> {
    let mut input: Vec<u8> = Vec::with_capacity(64 * discovery.sources.len() + 4096);
    let mut put = |bytes: &[u8]| {
        input.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        input.extend_from_slice(bytes);
    };
    put(config.run_fingerprint().as_bytes());
    put(root_display.as_bytes());
    if let Some(options) = &config.history {
        if !options.fixed_window() {
            return None;
        }
        put(crate::history::head(&config.root)?.as_bytes());
    }
    let mut newest = 0;
    for f in &discovery.sources {
        let modified = f.modified?;
        newest = newest.max(modified);
        put(f.path.as_bytes());
        put(&f.bytes.to_le_bytes());
        put(&modified.to_le_bytes());
    }
    for s in &discovery.skipped {
        put(s.path.as_bytes());
        put(s.reason.as_bytes());
    }
    for (path, bytes) in &discovery.configs {
        put(path.as_bytes());
        put(bytes);
    }
    // A set: combined in an order-independent way.
    let names = discovery
        .all_files
        .iter()
        .fold(0u64, |acc, p| acc.wrapping_add(xxh3_64(p.as_bytes())));
    put(&names.to_le_bytes());
    put(&(discovery.all_files.len() as u64).to_le_bytes());
    Some(Key {
        digest: format!("{:032x}", xxh3_128(&input)),
        newest,
    })
}

/// The report stored under `key`, if that is the one stored and no source
/// changed too close to when it was computed.
pub fn load(dir: &Path, key: &Key) -> Option<Report> {
    let stored = std::fs::read_to_string(dir.join(KEY_FILE)).ok()?;
    let (digest, started) = stored.trim().split_once(' ')?;
    let started: u64 = started.parse().ok()?;
    if digest != key.digest || key.newest.saturating_add(RACY_NS) >= started {
        return None;
    }
    let bytes = std::fs::read(dir.join(MEMO_FILE)).ok()?;
    let entry: Entry = rmp_serde::from_slice(&bytes).ok()?;
    // The key file and the entry are written apart: both must agree.
    (entry.key == key.digest && entry.started == started).then_some(entry.report)
}

/// Stores `report` under `key`, computed by a run that began at `started`.
pub fn save(dir: &Path, key: &Key, started: u64, report: &Report) -> std::io::Result<()> {
    crate::fsio::prepare_dir(dir)?;
    let entry = EntryRef {
        key: &key.digest,
        started,
        report,
    };
    let bytes = rmp_serde::to_vec_named(&entry).map_err(std::io::Error::other)?;
    // No key names a report being replaced.
    match std::fs::remove_file(dir.join(KEY_FILE)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let atomic = |name: &str, bytes: &[u8]| {
        crate::fsio::write_atomic(&dir.join(name), bytes)
            .map_err(|e| std::io::Error::other(e.to_string()))
    };
    atomic(MEMO_FILE, &bytes)?;
    atomic(KEY_FILE, format!("{} {started}\n", key.digest).as_bytes())
}
