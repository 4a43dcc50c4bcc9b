//! Writes the report files, each atomically (`crate::fsio`): a failed run
//! never leaves a half-written or missing report behind.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::html;
use super::model::Report;
use crate::error::SetupError;
use crate::fsio::{persist, temp_with, write_atomic};

/// Writes `report.json` and `report.html` into `out_dir` (created if needed)
/// and returns their paths. Both are rendered before either is written.
pub fn write_reports(report: &Report, out_dir: &Path) -> Result<Vec<PathBuf>, SetupError> {
    std::fs::create_dir_all(out_dir).map_err(|source| SetupError::Output {
        path: out_dir.to_path_buf(),
        source,
    })?;
    let json_path = out_dir.join("report.json");
    let html_path = out_dir.join("report.html");
    // The JSON streams into its temporary file (a large report never sits in
    // memory twice) while the HTML renders on the other core; neither
    // replaces the old report until both are complete.
    let (json, html) = rayon::join(
        || {
            temp_with(&json_path, |file| {
                let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
                serde_json::to_writer_pretty(&mut out, report).map_err(std::io::Error::other)?;
                out.write_all(b"\n")?;
                out.flush()
            })
        },
        || html::render(report),
    );
    let (json, html) = (json?, html?);
    persist(json, &json_path)?;
    write_atomic(&html_path, html.as_bytes())?;
    Ok(vec![json_path, html_path])
}
