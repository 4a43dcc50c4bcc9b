//! The `seam` binary: parses arguments, runs the library, prints a summary to
//! stderr and maps failures to the documented exit codes.

mod cli;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};
use seam::Progress;
use seam::error::SetupError;

use cli::{AuditArgs, Cli, Command};

/// Exit codes: 0 success, 1 rule violations (`check`), 2 usage or input error.
const EXIT_OK: u8 = 0;
const EXIT_INPUT: u8 = 2;

struct Bar(ProgressBar);

impl Progress for Bar {
    fn stage(&self, name: &str, total: Option<u64>) {
        self.0.set_message(name.to_string());
        self.0.set_position(0);
        self.0.set_length(total.unwrap_or(0));
    }
    fn step(&self) {
        self.0.inc(1);
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Audit(args) => audit(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(stderr, "seam: error: {err}");
            let mut source = std::error::Error::source(&err);
            while let Some(cause) = source {
                let _ = writeln!(stderr, "  caused by: {cause}");
                source = cause.source();
            }
            ExitCode::from(EXIT_INPUT)
        }
    }
}

fn audit(args: &AuditArgs) -> Result<u8, SetupError> {
    let interactive = !args.quiet && std::io::stderr().is_terminal();
    let config = args.to_config(interactive)?;
    let started = Instant::now();
    let root_display = args.path.to_string_lossy().replace('\\', "/");
    let report = if interactive {
        let bar = ProgressBar::new(0).with_style(
            ProgressStyle::with_template("{spinner} {msg} {pos}/{len}").expect("valid template"),
        );
        let report = seam::audit(&config, &root_display, &Bar(bar.clone()));
        bar.finish_and_clear();
        report?
    } else {
        seam::audit(&config, &root_display, &seam::Silent)?
    };
    let written = seam::report::write_reports(&report, &args.out)?;
    if !args.quiet {
        let s = &report.summary;
        let mut stderr = std::io::stderr().lock();
        let _ = writeln!(
            stderr,
            "seam: {} files ({} skipped), {} modules, {} internal imports, {} cycles, {} diagnostics in {:.2} s",
            s.files_analyzed,
            s.files_skipped,
            s.modules,
            s.internal_edges,
            s.cycles,
            s.diagnostics,
            started.elapsed().as_secs_f64()
        );
        for path in written {
            let _ = writeln!(stderr, "  wrote {}", path.display());
        }
    }
    Ok(EXIT_OK)
}
