//! Where the facts' memory goes: extracts a tree the way `seam audit` does
//! (cold), then reports the heap each part of every file's facts holds, by
//! cloning it under a counting allocator (a clone allocates each `Vec` and
//! `String` at its length, as the compacted facts are). The per-million-lines
//! memory figure of `benches/scaling.sh` is mostly these facts. Last, the
//! resolved imports the next stage adds.
//!
//!     cargo run --release --example facts_memory -- PATH

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicIsize, Ordering};

use seam::config::AuditConfig;

/// A line on stdout (the crate's lints keep `println!` out of the tool).
macro_rules! say {
    ($($t:tt)*) => {{
        use std::io::Write;
        writeln!(std::io::stdout(), $($t)*).ok();
    }};
}

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);
/// Live blocks of at most 24 bytes, and all live blocks.
static SMALL: AtomicIsize = AtomicIsize::new(0);
static BLOCKS: AtomicIsize = AtomicIsize::new(0);

fn count(size: usize, by: isize) {
    BLOCKS.fetch_add(by, Ordering::Relaxed);
    if size <= 24 {
        SMALL.fetch_add(by, Ordering::Relaxed);
    }
}

// SAFETY: forwards to the system allocator and only counts bytes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        count(layout.size(), 1);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        count(layout.size(), -1);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        count(layout.size(), -1);
        count(new_size, 1);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Heap bytes and blocks a value owns: what its clone allocates.
fn owned<T: Clone>(value: &T) -> (isize, isize) {
    let (bytes, blocks) = (LIVE.load(Ordering::Relaxed), BLOCKS.load(Ordering::Relaxed));
    let copy = value.clone();
    let held = (
        LIVE.load(Ordering::Relaxed) - bytes,
        BLOCKS.load(Ordering::Relaxed) - blocks,
    );
    drop(copy);
    held
}

/// The variant of a binding's value, for the breakdown.
fn value_kind(value: &seam::facts::web::Expr) -> &'static str {
    use seam::facts::web::Expr;
    match value {
        Expr::Str(_) => "string",
        Expr::Concat(_) => "concat",
        Expr::Name(_) => "name",
        Expr::Member(..) => "member",
        Expr::Call(_) => "call",
        Expr::List(_) => "list",
        Expr::Dict(_) => "dict",
        Expr::Spread(_) => "spread",
        Expr::Function(_) => "function",
        Expr::Either(_) => "either",
        Expr::Other(_) => "other",
        Expr::Unknown => "unknown",
    }
}

fn main() {
    let root = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let config = AuditConfig::new(std::path::Path::new(&root)).expect("a directory");
    let discovery = seam::discover::discover(&config).expect("walk");
    let before = LIVE.load(Ordering::Relaxed);
    let (blocks, small) = (
        BLOCKS.load(Ordering::Relaxed),
        SMALL.load(Ordering::Relaxed),
    );
    let extracted =
        seam::extract::extract_all(&discovery.sources, config.max_file_bytes, None, &|| {});
    let total = LIVE.load(Ordering::Relaxed) - before;
    let blocks = BLOCKS.load(Ordering::Relaxed) - blocks;
    let small = SMALL.load(Ordering::Relaxed) - small;
    let mut parts: BTreeMap<&str, (isize, isize)> = BTreeMap::new();
    // Bindings by scope and value kind: count, bytes (the record included), blocks.
    let mut bindings: BTreeMap<String, (usize, isize, isize)> = BTreeMap::new();
    let mut lines = 0u64;
    for facts in extracted.iter().flatten().map(|e| &e.facts) {
        lines += u64::from(facts.lines);
        let s = &facts.state;
        let w = &facts.web;
        let mut add = |name, (bytes, blocks): (isize, isize)| {
            let part = parts.entry(name).or_default();
            part.0 += bytes;
            part.1 += blocks;
        };
        add(
            "FileFacts itself",
            (std::mem::size_of_val(facts) as isize, 1),
        );
        add("path", owned(&facts.path));
        add("imports", owned(&facts.imports));
        add("diagnostics", owned(&facts.diagnostics));
        add("state.defs", owned(&s.defs));
        add("state.global_decls", owned(&s.global_decls));
        add("state.writes", owned(&s.writes));
        add("state.attribute_reads", owned(&s.attribute_reads));
        add("state.window_writes", owned(&s.window_writes));
        add("state.window_reads", owned(&s.window_reads));
        add("state.models", owned(&s.models));
        add("state.tables", owned(&s.tables));
        add("state.uses", owned(&s.uses));
        add("state.relations", owned(&s.relations));
        add("state.related", owned(&s.related));
        add("state.select_related", owned(&s.select_related));
        add("state.model_aliases", owned(&s.model_aliases));
        add("state.js_assigns", owned(&s.js_assigns));
        add("state.js_declared", owned(&s.js_declared));
        add("state.free_names", owned(&s.free_names));
        add("state.own_reads", owned(&s.own_reads));
        add("web.imports", owned(&w.imports));
        add("web.bindings", owned(&w.bindings));
        for b in &w.bindings {
            let (bytes, blocks) = owned(b);
            let scope = if b.scope.is_some() { "local" } else { "module" };
            let row = bindings
                .entry(format!("{scope} {}", value_kind(&b.value)))
                .or_default();
            row.0 += 1;
            row.1 += bytes + std::mem::size_of_val(b) as isize;
            row.2 += blocks;
        }
        add("web.functions", owned(&w.functions));
        add("web.classes", owned(&w.classes));
        add("web.calls", owned(&w.calls));
        add("web.exports", owned(&w.exports));
        add("web.page_refs", owned(&w.page_refs));
        add("web.data_urls", owned(&w.data_urls));
        add("web.method_uses", owned(&w.method_uses));
        add("web.scripts", owned(&w.scripts));
        add("web.includes", owned(&w.includes));
    }
    let mb = |b: isize| b as f64 / 1e6;
    say!(
        "{} files, {lines} lines: facts hold {:.1} MB ({:.1} MB per million lines)",
        extracted.len(),
        mb(total),
        mb(total) * 1e6 / lines.max(1) as f64
    );
    say!("{blocks} heap blocks, {small} of them of at most 24 bytes");
    let mut rows: Vec<_> = parts.into_iter().collect();
    rows.sort_by_key(|(_, (bytes, _))| -bytes);
    for (name, (bytes, blocks)) in rows {
        say!("{name:<24} {:>8.1} MB {blocks:>9} blocks", mb(bytes));
    }
    // Which bindings the bytes are in: the lever for the biggest part.
    let mut rows: Vec<_> = bindings.into_iter().collect();
    rows.sort_by_key(|(_, (_, bytes, _))| -bytes);
    for (name, (n, bytes, blocks)) in rows.into_iter().take(8) {
        say!(
            "  binding {name:<16} {n:>8} {:>8.1} MB {blocks:>9} blocks",
            mb(bytes)
        );
    }
    // The next stage's output, kept to the end of the run beside the facts.
    let facts: Vec<_> = extracted.into_iter().flatten().map(|e| e.facts).collect();
    // What the resolution holds: what stays allocated once it is built.
    let (bytes, blocks) = (LIVE.load(Ordering::Relaxed), BLOCKS.load(Ordering::Relaxed));
    let resolution = seam::resolve::resolve(&config, &discovery, &facts);
    let (bytes, blocks) = (
        LIVE.load(Ordering::Relaxed) - bytes,
        BLOCKS.load(Ordering::Relaxed) - blocks,
    );
    say!(
        "resolution: {} imports ({:.1} MB with module names and diagnostics, {blocks} blocks)",
        resolution.import_count(),
        mb(bytes)
    );
    // The records there are millions of, by size.
    use seam::facts::web;
    use std::mem::size_of;
    say!(
        "sizes: Expr {}, Call {}, Binding {}, Function {}, Param {}, Class {}, FileFacts {}, RawImport {}, ResolvedImport {}, Target {}",
        size_of::<web::Expr>(),
        size_of::<web::Call>(),
        size_of::<web::Binding>(),
        size_of::<web::Function>(),
        size_of::<web::Param>(),
        size_of::<web::Class>(),
        size_of::<seam::extract::FileFacts>(),
        size_of::<seam::facts::RawImport>(),
        size_of::<seam::resolve::ResolvedImport>(),
        size_of::<seam::resolve::Target>(),
    );
}
