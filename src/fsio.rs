//! Atomic file writes and the cache folder: a leaf module every stage that
//! writes may use. Each file goes to a temporary file in its folder and is
//! renamed over the old one only once it is complete, so a failed run never
//! leaves a half-written file behind. (No fsync: readers never see a partial
//! file either way, and everything written here is cheap to regenerate.)

use std::io::Write;
use std::path::Path;

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
pub fn temp_with(
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
pub fn persist(temp: tempfile::NamedTempFile, path: &Path) -> Result<(), SetupError> {
    temp.persist(path)
        .map_err(|e| output_error(path)(e.error))?;
    Ok(())
}

/// Creates the cache folder with a `.gitignore` that keeps it out of git.
pub fn prepare_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        std::fs::write(ignore, "# Created by seam; safe to delete.\n*\n")?;
    }
    Ok(())
}
