//! Atomic report writing: each file goes to a temporary file in the output
//! folder and is renamed over the old one only once it is complete, so a
//! failed run never leaves a half-written or missing report behind. (No
//! fsync: readers never see a partial file either way, and a report is
//! cheap to regenerate after a power cut.)

use std::io::Write;
use std::path::{Path, PathBuf};

use super::html;
use super::model::Report;
use crate::error::SetupError;

pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), SetupError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let fail = |source| SetupError::Output {
        path: path.to_path_buf(),
        source,
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".seam-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(fail)?;
    temp.write_all(bytes).map_err(fail)?;
    // Temporary files are private (0600); a report is meant to be read.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let readable = std::fs::Permissions::from_mode(0o644);
        temp.as_file().set_permissions(readable).map_err(fail)?;
    }
    temp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// Writes `report.json` and `report.html` into `out_dir` (created if needed)
/// and returns their paths. Both are rendered before either is written.
pub fn write_reports(report: &Report, out_dir: &Path) -> Result<Vec<PathBuf>, SetupError> {
    // Two independent renderings of a large report: one per core.
    let (mut json, html) = rayon::join(
        || serde_json::to_vec_pretty(report).expect("report serializes"),
        || html::render(report),
    );
    let html = html?;
    json.push(b'\n');
    std::fs::create_dir_all(out_dir).map_err(|source| SetupError::Output {
        path: out_dir.to_path_buf(),
        source,
    })?;
    let json_path = out_dir.join("report.json");
    let html_path = out_dir.join("report.html");
    write_atomic(&json_path, &json)?;
    write_atomic(&html_path, html.as_bytes())?;
    Ok(vec![json_path, html_path])
}
