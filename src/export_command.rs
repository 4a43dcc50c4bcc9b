//! `seam schema`, `seam diff` and `seam graph`: the report's contract and
//! its exports for other tools. Reads saved or fresh reports; never changes
//! the analysis.

use std::io::Write;

use seam::error::SetupError;

/// Writes `text` to stdout; a closed pipe (`| head`) is not an error.
fn print(text: &str) -> Result<(), SetupError> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(SetupError::Output {
            path: "<stdout>".into(),
            source: e,
        }),
        _ => Ok(()),
    }
}

/// `seam schema`: the JSON Schema of `report.json`.
pub fn schema() -> Result<u8, SetupError> {
    print(&seam::report::schema::report_schema())?;
    Ok(0)
}
