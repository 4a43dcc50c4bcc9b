//! The `seam` binary: parses arguments, runs the library, prints a summary to
//! stderr and maps failures to the documented exit codes.

mod check_command;
mod cli;
mod export_command;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};
use seam::Progress;
use seam::error::SetupError;

use cli::{AuditArgs, Cli, Command};

/// Decoding the facts cache and linking allocate millions of small values;
/// mimalloc serves them faster than glibc's allocator (zulip, one file
/// changed: 0.36 -> 0.31 s), and with the two options below its peak RSS is
/// also lower (cold 171 -> 158 MB); with its defaults it was 245 MB.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_arena_eager_commit` and `mi_option_purge_delay` in mimalloc
/// v3's `mimalloc.h` (the sys crate's default; it does not name them).
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
/// How long freed pages stay committed before they go back to the system.
const PURGE_DELAY_MS: std::ffi::c_long = 10;

/// Commit arena memory as it is used, give freed pages back after 10 ms, and
/// let tree-sitter allocate from mimalloc too. Runs from `.init_array`, before
/// the first allocation: once mimalloc has set up its arena, these options no
/// longer change it.
///
/// Purging at once (delay 0) held the peak 1–5 MB lower, but every free
/// returned pages and the other core's TLB had to be flushed: twice the
/// system time, and 5–10 % more CPU on the django and zulip checkouts and
/// synth 3M (benches/README.md, fifth session). tree-sitter on mimalloc
/// keeps its trees out of glibc's per-thread arenas: 12–14 MB lower peaks.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static TUNE_ALLOCATOR: extern "C" fn() = tune_allocator;

extern "C" fn tune_allocator() {
    // SAFETY: mimalloc's option setters only store a value; tree-sitter's
    // allocator is replaced before it has allocated anything, so nothing it
    // frees came from another allocator.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS);
        tree_sitter::set_allocator(Some(tree_sitter::Allocator {
            malloc: libmimalloc_sys::mi_malloc,
            calloc: libmimalloc_sys::mi_calloc,
            realloc: libmimalloc_sys::mi_realloc,
            free: libmimalloc_sys::mi_free,
        }));
    }
}

/// Exit codes: 0 success, 1 rule violations (`check`), 2 usage or input error.
const EXIT_OK: u8 = 0;
const EXIT_INPUT: u8 = 2;
/// Causes of diagnostics listed after the summary line.
const MAX_SUMMARY_CAUSES: usize = 5;

/// Progress on stderr: a bar on a terminal, notes always, stage times with
/// `--timings`.
struct Reporter {
    bar: Option<ProgressBar>,
    timings: bool,
    stage: std::sync::Mutex<Option<(String, Instant)>>,
}

impl Reporter {
    fn end_stage(&self) {
        let mut stage = self.stage.lock().expect("not poisoned");
        if let (true, Some((name, started))) = (self.timings, stage.take()) {
            self.note(&format!(
                "{name}: {:.1} ms{}",
                started.elapsed().as_secs_f64() * 1e3,
                peak_rss().map_or(String::new(), |kb| format!(
                    " (peak RSS so far {} MB)",
                    kb / 1024
                ))
            ));
        }
    }
}

/// The process's peak resident memory in KiB (Linux; `None` elsewhere).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

impl Progress for Reporter {
    fn stage(&self, name: &str, total: Option<u64>) {
        self.end_stage();
        *self.stage.lock().expect("not poisoned") = Some((name.to_string(), Instant::now()));
        if let Some(bar) = &self.bar {
            bar.set_message(name.to_string());
            bar.set_position(0);
            bar.set_length(total.unwrap_or(0));
        }
    }
    fn step(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }
    fn timing(&self, what: &str, took: std::time::Duration) {
        if self.timings {
            self.note(&format!("{what}: {:.1} ms", took.as_secs_f64() * 1e3));
        }
    }
    fn note(&self, message: &str) {
        match &self.bar {
            Some(bar) => bar.println(format!("seam: {message}")),
            None => {
                let _ = writeln!(std::io::stderr(), "seam: {message}");
            }
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Audit(args) => audit(&args),
        Command::Endpoints(args) => endpoints(&args),
        Command::Check(args) => check_command::check(&args),
        Command::Init(args) => check_command::init(&args),
        Command::Schema => export_command::schema(),
        Command::Diff(args) => export_command::diff(&args),
        Command::Graph(args) => export_command::graph(&args),
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
    let reporter = Reporter {
        bar: interactive.then(|| {
            ProgressBar::new(0).with_style(
                ProgressStyle::with_template("{spinner} {msg} {pos}/{len}")
                    .expect("valid template"),
            )
        }),
        timings: args.timings,
        stage: Default::default(),
    };
    let report = seam::audit(&config, &root_display, &reporter);
    if let Some(bar) = &reporter.bar {
        bar.finish_and_clear();
    }
    let report = report?;
    reporter.stage("writing reports", None);
    let mut written = seam::report::write_reports(&report, &args.out)?;
    if args.openapi {
        written.push(write_openapi(&report, &args.out)?);
    }
    reporter.end_stage();
    if !args.quiet {
        let s = &report.summary;
        let mut stderr = std::io::stderr().lock();
        let _ = writeln!(
            stderr,
            "seam: {} files ({} skipped), {} modules, {} internal imports, {} import-time cycles ({} counting lazy and type-only imports), {} diagnostics in {:.2} s",
            s.files_analyzed,
            s.files_skipped,
            s.modules,
            s.internal_edges,
            s.import_cycles.unwrap_or(s.cycles),
            s.cycles,
            s.diagnostics,
            started.elapsed().as_secs_f64()
        );
        // Diagnostics by cause, largest first: what to look at, not a flood.
        let causes = seam::diagnostic::causes(&report.diagnostics);
        for cause in causes.iter().take(MAX_SUMMARY_CAUSES) {
            let first = cause.examples[0];
            let _ = writeln!(
                stderr,
                "  {:>6} × {}, first {}{}",
                cause.count,
                cause.cause,
                first.file,
                first.line.map(|l| format!(":{l}")).unwrap_or_default()
            );
        }
        if causes.len() > MAX_SUMMARY_CAUSES {
            let rest: usize = causes[MAX_SUMMARY_CAUSES..].iter().map(|c| c.count).sum();
            let _ = writeln!(
                stderr,
                "  {:>6} × {} other causes (report.html, Diagnostics)",
                rest,
                causes.len() - MAX_SUMMARY_CAUSES
            );
        }
        for path in written {
            let _ = writeln!(stderr, "  wrote {}", path.display());
        }
    }
    Ok(EXIT_OK)
}

fn write_openapi(
    report: &seam::report::Report,
    out: &std::path::Path,
) -> Result<std::path::PathBuf, SetupError> {
    let mut json = serde_json::to_vec_pretty(&seam::report::openapi::openapi(report))
        .expect("OpenAPI document serializes");
    json.push(b'\n');
    std::fs::create_dir_all(out).map_err(|source| SetupError::Output {
        path: out.to_path_buf(),
        source,
    })?;
    let path = out.join("openapi.json");
    seam::fsio::write_atomic(&path, &json)?;
    Ok(path)
}

/// `seam endpoints`: the table on stdout; a closed pipe (`| head`) is fine.
fn endpoints(args: &cli::EndpointsArgs) -> Result<u8, SetupError> {
    let a = &args.audit;
    let interactive = !a.quiet && std::io::stderr().is_terminal();
    let config = a.to_config(interactive)?;
    let root_display = a.path.to_string_lossy().replace('\\', "/");
    let report = seam::audit(&config, &root_display, &seam::Silent)?;
    if a.openapi {
        let path = write_openapi(&report, &a.out)?;
        if !a.quiet {
            let _ = writeln!(std::io::stderr(), "seam: wrote {}", path.display());
        }
    }
    let table = seam::report::table::endpoints_table(&report, args.tsv);
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(table.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(SetupError::Output {
            path: "<stdout>".into(),
            source: e,
        }),
        _ => Ok(EXIT_OK),
    }
}
