//! seam: finds the seams in a web monolith.
//!
//! The pipeline, one module per stage, each stage's output a plain data type
//! the next one consumes (see `ARCHITECTURE.md`):
//!
//! ```text
//! discover ──► extract ──► resolve ──► graph ──► analyze ──► report
//! ```

// rustfmt sorts these; the dependency order (leaves, then the stages in
// pipeline order, each using only those before it) is `LAYERS` in
// `tests/layers.rs`, which fails on a back-edge, and the README's Layout.
pub mod analyze;
pub mod check;
pub mod config;
pub mod config_file;
pub mod diagnostic;
pub mod discover;
pub mod endpoints;
pub mod error;
pub mod export;
pub mod extract;
pub mod facts;
pub mod fsio;
pub mod graph;
pub mod history;
pub mod lang;
pub mod memo;
pub mod report;
pub mod resolve;
pub mod state;
pub mod syntax;
pub mod text;

use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

use config::AuditConfig;
use error::SetupError;
use report::Report;

/// Hears how far a run has got; the CLI draws a progress bar with it.
pub trait Progress: Sync {
    /// A stage starts; `total` is its number of steps when known.
    fn stage(&self, _name: &str, _total: Option<u64>) {}
    fn step(&self) {}
    /// Something worth telling a person that does not affect the report.
    fn note(&self, _message: &str) {}
    /// How long work beside the stages took (the git history, read while
    /// the stages run), for `--timings`.
    fn timing(&self, _what: &str, _took: std::time::Duration) {}
}

/// Reports nothing.
pub struct Silent;
impl Progress for Silent {}

/// Runs the whole pipeline over `config.root` and returns the report.
/// `root_display` is how the root is named in the report (as the user typed it).
pub fn audit(
    config: &AuditConfig,
    root_display: &str,
    progress: &dyn Progress,
) -> Result<Report, SetupError> {
    // One pool for the run: files parse on it, and the stages after run
    // their independent parts on it (`--threads` bounds both).
    run_in_pool(config.threads, || {
        audit_stages(config, root_display, progress)
    })?
}

fn audit_stages(
    config: &AuditConfig,
    root_display: &str,
    progress: &dyn Progress,
) -> Result<Report, SetupError> {
    analyze::boundaries::matchers(&config.components).map_err(SetupError::Usage)?;
    let role_overrides =
        analyze::roles::Overrides::from_config(&config.roles).map_err(SetupError::Usage)?;
    let started = memo::now();
    progress.stage("discovering files", None);
    let mut discovery = discover::discover(config)?;
    // Nothing changed since the last run: its report is this run's.
    let memo = config
        .cache_dir
        .as_deref()
        .and_then(|dir| Some((dir, memo::key(config, root_display, &discovery)?)));
    if let Some((dir, key)) = &memo {
        progress.stage("looking for an unchanged run", None);
        if let Some(report) = memo::load(dir, key) {
            progress.stage("reusing the last run's report (nothing changed)", None);
            return Ok(report);
        }
    }

    // HEAD and its date, found while files parse.
    let source_reader = {
        let root = config.root.clone();
        std::thread::spawn(move || source(&root))
    };
    progress.stage("parsing", Some(discovery.sources.len() as u64));
    let cache = config.cache_dir.as_deref().map(|dir| {
        extract::cache::FactsCache::open_for(
            dir,
            config.extraction_fingerprint(),
            &discovery.sources,
        )
    });
    let history = start_history(config);
    let mut outcomes = extract::extract_all(
        &discovery.sources,
        config.max_file_bytes,
        cache.as_ref(),
        &|| progress.step(),
    );
    // The skipped files and stamps come out first, then the facts take the
    // outcomes' own buffer (an in-place collect): built as a second list
    // beside the first, they held both at once, the parse's peak (+7 MB at
    // 2M lines).
    let mut stamps = Vec::with_capacity(if cache.is_some() { outcomes.len() } else { 0 });
    for outcome in &mut outcomes {
        match outcome {
            Ok(extracted) if cache.is_some() => stamps.push(extracted.stamp),
            Ok(_) => {}
            Err(skipped) => discovery.skipped.push(std::mem::take(skipped)),
        }
    }
    let mut facts: Vec<extract::FileFacts> = outcomes
        .into_iter()
        .filter_map(|outcome| Some(outcome.ok()?.facts))
        .collect();
    if let Some(reader) = &history {
        // Fails only when the thread has ended early (a panic its join
        // reports).
        let _ = reader
            .files
            .send(facts.iter().map(|f| f.path.clone()).collect());
    }
    if let Some(cache) = cache {
        let entries = facts
            .iter()
            .zip(&stamps)
            .filter_map(|(f, stamp)| Some((f, (*stamp)?)));
        // A cache that cannot be written costs the next run time, nothing else.
        if let Err(e) = cache.save(entries) {
            progress.note(&format!("facts cache not saved: {e}"));
        }
    }
    discovery.skipped.sort();

    progress.stage("resolving imports", None);
    let resolution = resolve::resolve(config, &discovery, &facts);
    // Nothing after resolving reads the file lists but the skipped files:
    // the rest (two paths a source, every file's name) goes before linking,
    // the run's peak.
    let skipped = std::mem::take(&mut discovery.skipped);
    drop(discovery);
    progress.stage("linking requests to routes", None);
    let endpoints = endpoints::find(config, &facts, &resolution);
    // The web facts are most of the facts (two thirds on benches/synth.py
    // trees) and, once routes and requests are found, nothing reads them
    // but the user-model setting: freed here, the stages after reuse the
    // memory.
    let user_model = state::user_model_setting(&facts);
    free_web_facts(&mut facts);
    progress.stage("analysing", None);
    // Shared state and the import graph read the same facts and not each other.
    let (shared, mut graph) = rayon::join(
        || state::find(&facts, &resolution, &endpoints.routes, &user_model),
        || {
            let mut graph = graph::DepGraph::build(&facts, &resolution);
            graph.add_endpoints(&endpoints);
            graph
        },
    );
    graph.add_state(&shared);
    let analysis = analyze::analyze(&graph);
    let history = finish_history(history, progress);
    progress.stage("finding seams", None);
    let seams = find_seams(
        config,
        history,
        &facts,
        &resolution,
        &graph,
        &analysis,
        &role_overrides,
    );
    let report = report::build(report::build::Inputs {
        root_display: root_display.to_string(),
        facts: &facts,
        skipped: &skipped,
        resolution: &resolution,
        endpoints: &endpoints,
        graph: &graph,
        analysis: &analysis,
        seams: &seams,
        state: &shared,
        source: source_reader.join().unwrap_or_default(),
    });
    if let Some((dir, key)) = &memo
        && let Err(e) = memo::save(dir, key, started, &report)
    {
        progress.note(&format!("report not kept for the next run: {e}"));
    }
    // Freeing millions of small facts takes tens of milliseconds: let
    // another thread do it while the report is written.
    std::thread::spawn(move || {
        drop((facts, resolution, endpoints, shared, graph, analysis, seams))
    });
    Ok(report)
}

/// Takes each file's web facts and frees them on the run's pool, before
/// the next stage allocates. Freed on a thread of their own, beside the
/// next stage, they came back to the allocator too late for it to reuse:
/// synth 3M peaked 13 MB higher.
fn free_web_facts(facts: &mut [extract::FileFacts]) {
    let web: Vec<extract::web::WebFacts> = facts
        .iter_mut()
        .map(|f| std::mem::take(&mut f.web))
        .collect();
    web.into_par_iter().for_each(drop);
}

/// The audited tree's name and, in a git checkout, its commit.
fn source(root: &std::path::Path) -> report::model::Source {
    let project = root
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| root.display().to_string());
    match history::describe_head(root) {
        Some((commit, date)) => report::model::Source {
            project,
            commit: Some(commit),
            commit_date: Some(date),
        },
        None => report::model::Source {
            project,
            ..Default::default()
        },
    }
}

/// History (when asked for and available), hotspots and candidate services.
/// `history` is the window's history, read and summarised beside the
/// other stages (`None` without history).
fn find_seams(
    config: &AuditConfig,
    history: Option<Result<history::History, String>>,
    facts: &[extract::FileFacts],
    resolution: &resolve::Resolution,
    graph: &graph::DepGraph,
    analysis: &analyze::Analysis,
    role_overrides: &analyze::roles::Overrides,
) -> analyze::Seams {
    let (history, history_note) = match (&config.history, history) {
        (Some(options), Some(Ok(h))) => {
            let window = match &options.since {
                Some(since) => format!("since {since}"),
                None => format!("in the year before the last commit (since {})", h.since),
            };
            let note = format!(
                "{} commits {window}; {} touching more than {} files left out",
                h.commits, h.skipped_commits, options.max_files_per_commit
            );
            (Some(h), note)
        }
        (Some(_), Some(Err(why))) => (None, format!("history not used: {why}")),
        _ => (None, "history not used (--no-history)".to_string()),
    };
    let roles = module_roles(facts, resolution, graph, role_overrides);
    // Production code only, unless asked: a test file is no hotspot to
    // refactor before a split, nor is generated or vendored code.
    let left_out: BTreeSet<&str> = roles
        .iter()
        .filter(|(_, a)| {
            !a.role.counted(config.include_tests)
                || matches!(
                    a.role,
                    analyze::roles::Role::Vendored | analyze::roles::Role::Generated
                )
        })
        .map(|(m, _)| m.as_str())
        .collect();
    let (hotspots, candidates) = rayon::join(
        || analyze::hotspots::hotspots(facts, &analysis.metrics, history.as_ref(), &left_out),
        || {
            analyze::services::services(
                graph,
                facts,
                resolution,
                history.as_ref(),
                &config.service_weights,
                config.seed,
                &roles,
            )
        },
    );
    // The globs were checked before the run started.
    let services = candidates.services;
    let boundaries =
        analyze::boundaries::compare(&config.components, graph, history.as_ref(), &services)
            .unwrap_or_default();
    analyze::Seams {
        boundaries,
        since: history.as_ref().map(|h| h.since.clone()),
        history,
        history_note,
        hotspots,
        services,
        modularity: candidates.modularity,
        kernel: candidates.kernel,
        decomposition: candidates.metrics,
        roles,
        include_tests: config.include_tests,
    }
}

/// Every module's role ([`analyze::roles`]), from its path, its header and
/// the modules importing it.
fn module_roles(
    facts: &[extract::FileFacts],
    resolution: &resolve::Resolution,
    graph: &graph::DepGraph,
    overrides: &analyze::roles::Overrides,
) -> BTreeMap<String, analyze::roles::Assigned> {
    let handlers = graph.route_handlers();
    let modules: Vec<&str> = facts.iter().map(|f| f.path.as_str()).collect();
    let marks = analyze::roles::Marks {
        generated: facts
            .iter()
            .filter(|f| f.generated)
            .map(|f| f.path.as_str())
            .collect(),
        programs: facts
            .iter()
            .filter(|f| f.program)
            .map(|f| f.path.as_str())
            .collect(),
    };
    let imports: Vec<(&str, &str)> = resolution
        .imports()
        .filter_map(|i| match &i.target {
            resolve::Target::Module { path } => Some((i.from(facts), path.as_str())),
            _ => None,
        })
        .collect();
    analyze::roles::assign(&modules, &marks, &imports, &handlers, overrides)
}

/// The window's history summarised over the analysed files, or why history
/// is not used; the commits git listed; and how long reading took.
type HistoryRead = (
    Result<history::History, String>,
    Option<(usize, usize)>,
    std::time::Duration,
);

/// The history thread: started before parsing, handed the analysed files
/// once they are known.
struct HistoryReader {
    thread: std::thread::JoinHandle<HistoryRead>,
    files: std::sync::mpsc::Sender<BTreeSet<String>>,
}

/// Starts reading the git history on a thread of its own, when it is asked
/// for: listing the commits needs no parsed file, so it runs while files
/// are parsed, and on a machine with cores to spare costs no wall time.
/// Once it has the analysed files ([`HistoryReader::files`]) it tallies
/// them too, beside linking, which runs on one core (zulip: 20 ms).
fn start_history(config: &AuditConfig) -> Option<HistoryReader> {
    let options = config.history.clone()?;
    let (root, cache_dir) = (config.root.clone(), config.cache_dir.clone());
    let (files, analysed) = std::sync::mpsc::channel::<BTreeSet<String>>();
    let thread = std::thread::spawn(move || {
        let started = std::time::Instant::now();
        let log = history::read_log(&root, &options, cache_dir.as_deref());
        let took = started.elapsed();
        let listed = log.as_ref().ok().map(|log| (log.commits(), log.listed));
        // No files: the run ended before its history was needed.
        let summary = match analysed.recv() {
            Ok(files) => log.and_then(|log| log.summarise(&root, &files, &options)),
            Err(_) => Err("the run ended early".to_string()),
        };
        (summary, listed, took)
    });
    Some(HistoryReader { thread, files })
}

/// Waits for [`start_history`]'s thread (a stage of its own, so `--timings`
/// shows what the read still cost once the rest was done).
fn finish_history(
    reader: Option<HistoryReader>,
    progress: &dyn Progress,
) -> Option<Result<history::History, String>> {
    let reader = reader?;
    progress.stage("waiting for git history", None);
    let (summary, listed, took) = reader
        .thread
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    let what = match listed {
        Some((commits, listed)) => format!(
            "git history, read beside the other stages ({commits} commits, {listed} listed by git, the rest from the cache)"
        ),
        None => "git history, read beside the other stages (not used)".to_string(),
    };
    progress.timing(&what, took);
    Some(summary)
}

fn run_in_pool<T: Send>(threads: usize, work: impl FnOnce() -> T + Send) -> Result<T, SetupError> {
    if threads == 0 {
        return Ok(work());
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| SetupError::Usage(format!("--threads {threads}: {e}")))?;
    Ok(pool.install(work))
}
