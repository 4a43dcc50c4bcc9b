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
    let temp = temp_with(path, |file| file.write_all(bytes))?;
    persist(temp, path)
}

fn output_error(path: &Path) -> impl Fn(std::io::Error) -> SetupError + '_ {
    move |source| SetupError::Output {
        path: path.to_path_buf(),
        source,
    }
}

/// A temporary file beside `path`, filled by `fill`, not yet in place.
fn temp_with(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<tempfile::NamedTempFile, SetupError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let fail = output_error(path);
    let mut temp = tempfile::Builder::new()
        .prefix(".seam-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(&fail)?;
    fill(temp.as_file_mut()).map_err(&fail)?;
    // Temporary files are private (0600); a report is meant to be read.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let readable = std::fs::Permissions::from_mode(0o644);
        temp.as_file().set_permissions(readable).map_err(&fail)?;
    }
    Ok(temp)
}

/// Renames a complete temporary file over `path`.
fn persist(temp: tempfile::NamedTempFile, path: &Path) -> Result<(), SetupError> {
    temp.persist(path)
        .map_err(|e| output_error(path)(e.error))?;
    Ok(())
}

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
