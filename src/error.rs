//! Setup errors: the only failures that stop a run (exit code 2). Everything
//! that goes wrong with one file is a [`crate::diagnostic::Diagnostic`] instead.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("{0}")]
    Usage(String),
    #[error("cannot audit {path}: {reason}")]
    Root { path: PathBuf, reason: String },
    #[error("cannot write the report to {path}: {source}")]
    Output {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot render the HTML report: {0}")]
    Render(String),
}
