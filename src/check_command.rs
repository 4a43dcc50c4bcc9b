//! `seam check` and `seam init`: the binary's side (files, stdout, exit
//! codes); the rules themselves are `seam::check`.

use std::io::Write;
use std::path::Path;

use seam::check::{self, Baseline, format::Format};
use seam::error::SetupError;
use seam::report::Report;

use crate::cli::{CheckArgs, InitArgs};

/// Exit code when new violations were found.
pub const EXIT_VIOLATIONS: u8 = 1;

fn input_error(path: &Path, e: impl std::fmt::Display) -> SetupError {
    SetupError::Usage(format!("{}: {e}", path.display()))
}

pub fn check(args: &CheckArgs) -> Result<u8, SetupError> {
    let (mut config, file) = args.audit.load_config(false)?;
    // Rules look at imports, cycles, endpoints and state: history is not needed.
    config.history = None;
    let report: Report = match &args.report {
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| input_error(path, e))?;
            serde_json::from_slice(&bytes).map_err(|e| input_error(path, e))?
        }
        None => {
            let root = args.audit.path.to_string_lossy().replace('\\', "/");
            seam::audit(&config, &root, &seam::Silent)?
        }
    };
    let violations = check::evaluate(&report, &file)?;
    let baseline_path = args
        .baseline
        .clone()
        .unwrap_or_else(|| config.root.join("seam-baseline.json"));
    if args.update_baseline {
        let baseline = check::baseline_of(&violations);
        let mut bytes = serde_json::to_vec_pretty(&baseline).expect("serializes");
        bytes.push(b'\n');
        seam::fsio::write_atomic(&baseline_path, &bytes)?;
        let _ = writeln!(
            std::io::stderr(),
            "seam check: recorded {} violation(s) in {}",
            baseline.violations.len(),
            baseline_path.display()
        );
        return Ok(0);
    }
    let baseline: Option<Baseline> = if baseline_path.is_file() {
        let bytes = std::fs::read(&baseline_path).map_err(|e| input_error(&baseline_path, e))?;
        Some(serde_json::from_slice(&bytes).map_err(|e| input_error(&baseline_path, e))?)
    } else {
        None
    };
    let outcome = check::compare(violations, baseline.as_ref());
    let format: Format = args.format.parse().map_err(SetupError::Usage)?;
    let rendered = check::format::render(&outcome, format);
    match &args.output {
        Some(path) => seam::fsio::write_atomic(path, rendered.as_bytes())?,
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`seam check | head`) is not an error.
            let _ = stdout.write_all(rendered.as_bytes());
        }
    }
    // The text format ends with this summary already.
    if format != Format::Text {
        let _ = writeln!(
            std::io::stderr(),
            "seam check: {} new violation(s), {} in the baseline, {} fixed",
            outcome.new.len(),
            outcome.baselined.len(),
            outcome.fixed.len()
        );
    }
    Ok(if outcome.new.is_empty() {
        0
    } else {
        EXIT_VIOLATIONS
    })
}

pub fn init(args: &InitArgs) -> Result<u8, SetupError> {
    if !args.path.is_dir() {
        return Err(input_error(&args.path, "not a directory"));
    }
    let file = args.path.join("seam.toml");
    if file.exists() && !args.force {
        return Err(input_error(
            &file,
            "already exists (use --force to replace it)",
        ));
    }
    seam::fsio::write_atomic(&file, seam::config_file::STARTER.as_bytes())?;
    let _ = writeln!(std::io::stderr(), "seam: wrote {}", file.display());
    Ok(0)
}
