//! `seam schema`, `seam diff` and `seam graph`: the report's contract and
//! its exports for other tools. Reads saved or fresh reports; never changes
//! the analysis.

use std::io::Write;
use std::path::Path;

use seam::error::SetupError;
use seam::export::{diff, graph};
use seam::report::Report;

use crate::cli::{DiffArgs, GraphArgs};

/// Exit code of `seam diff` when coupling got worse.
const EXIT_WORSE: u8 = 1;

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

fn read_report(path: &Path) -> Result<Report, SetupError> {
    let bytes =
        std::fs::read(path).map_err(|e| SetupError::Usage(format!("{}: {e}", path.display())))?;
    serde_json::from_slice(&bytes)
        .map_err(|e| SetupError::Usage(format!("{}: not a seam report: {e}", path.display())))
}

fn emit(text: &str, output: Option<&Path>) -> Result<(), SetupError> {
    match output {
        Some(path) => seam::fsio::write_atomic(path, text.as_bytes()),
        None => print(text),
    }
}

/// `seam diff OLD NEW`: exit 1 when coupling got worse.
pub fn diff(args: &DiffArgs) -> Result<u8, SetupError> {
    let (old, new) = (read_report(&args.old)?, read_report(&args.new)?);
    let thresholds = diff::Thresholds {
        coupling: args.threshold,
    };
    let result = diff::diff(&old, &new, thresholds);
    let text = match args.format.as_str() {
        "json" => {
            let mut s = serde_json::to_string_pretty(&result).expect("a diff serializes");
            s.push('\n');
            s
        }
        "markdown" => diff::render(&result, true),
        _ => diff::render(&result, false),
    };
    emit(&text, args.output.as_deref())?;
    Ok(if result.worse { EXIT_WORSE } else { 0 })
}

/// `seam graph`: a fresh audit of PATH or a saved `--report`, folded and
/// written in the asked format.
pub fn graph(args: &GraphArgs) -> Result<u8, SetupError> {
    let format: graph::GraphFormat = args.format.parse().map_err(SetupError::Usage)?;
    let level: graph::Level = args.level.parse().map_err(SetupError::Usage)?;
    let report = match &args.report {
        Some(path) => read_report(path)?,
        None => {
            let a = &args.audit;
            let mut config = a.to_config(false)?;
            // Clusters need no history unless asked for at that level.
            if level != graph::Level::Cluster {
                config.history = None;
            }
            let root = a.path.to_string_lossy().replace('\\', "/");
            seam::audit(&config, &root, &seam::Silent)?
        }
    };
    let folded = graph::fold(&report, level);
    let text = match (args.nodes, format) {
        (true, graph::GraphFormat::Csv) => graph::csv_nodes(&folded),
        (true, _) => {
            return Err(SetupError::Usage(
                "--nodes goes with --format csv (the other formats hold the nodes)".into(),
            ));
        }
        (false, _) => graph::render(&folded, format),
    };
    emit(&text, args.output.as_deref())?;
    Ok(0)
}
