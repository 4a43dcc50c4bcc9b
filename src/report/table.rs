//! `seam endpoints`: routes, requests and their links as a plain-text table
//! (or tab-separated, for scripts), built from the [`Report`] only.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::model::{Report, Request};

/// One table row per (route, calling request); a route nobody calls gets one
/// row with an empty caller, and requests that reach no route follow.
pub fn endpoints_table(report: &Report, tsv: bool) -> String {
    let requests: BTreeMap<&str, &Request> =
        report.requests.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut callers: BTreeMap<&str, Vec<(&Request, f64)>> = BTreeMap::new();
    for link in &report.links {
        if let Some(r) = requests.get(link.request.as_str()) {
            callers
                .entry(link.route.as_str())
                .or_default()
                .push((r, link.confidence));
        }
    }
    let mut rows: Vec<[String; 6]> = Vec::new();
    for route in &report.routes {
        let place = format!("{}:{}", route.file, route.line);
        let found = callers.get(route.id.as_str());
        match found {
            None => rows.push([
                route.method.clone(),
                route.path.clone(),
                route.handler.clone(),
                place,
                "-".into(),
                String::new(),
            ]),
            Some(list) => {
                for (r, confidence) in list {
                    rows.push([
                        route.method.clone(),
                        route.path.clone(),
                        route.handler.clone(),
                        place.clone(),
                        format!("{}:{} {}", r.file, r.line, via(r)),
                        format!("{confidence:.2}"),
                    ]);
                }
            }
        }
    }
    let mut unlinked: Vec<[String; 6]> = Vec::new();
    for r in &report.requests {
        if let Some(reason) = &r.unlinked {
            let url = if r.path.is_empty() {
                r.route_name.clone().unwrap_or_default()
            } else {
                r.path.clone()
            };
            unlinked.push([
                r.method.clone(),
                url,
                String::new(),
                String::new(),
                format!("{}:{} {}", r.file, r.line, via(r)),
                reason.clone(),
            ]);
        }
    }
    let mut out = String::new();
    if tsv {
        out.push_str("method\tpath\thandler\tdefined_at\tcalled_from\tconfidence_or_reason\n");
        for row in rows.iter().chain(&unlinked) {
            out.push_str(&row.join("\t"));
            out.push('\n');
        }
        return out;
    }
    let header = [
        "METHOD",
        "PATH",
        "HANDLER",
        "DEFINED AT",
        "CALLED FROM",
        "CONF",
    ];
    write_table(&mut out, &header, &rows);
    let linked = report.requests.len() - unlinked.len();
    let uncalled = report
        .routes
        .iter()
        .filter(|r| !callers.contains_key(r.id.as_str()))
        .count();
    let _ = writeln!(
        out,
        "\n{} routes ({uncalled} with no frontend caller), {} requests, {linked} linked",
        report.routes.len(),
        report.requests.len()
    );
    if !unlinked.is_empty() {
        let _ = writeln!(out, "\nRequests that reach no route:");
        let rows: Vec<[String; 4]> = unlinked
            .into_iter()
            .map(|[m, p, _, _, from, why]| [m, p, from, why])
            .collect();
        write_table(&mut out, &["METHOD", "URL", "FROM", "WHY"], &rows);
    }
    out
}

fn via(r: &Request) -> String {
    match &r.wrapper {
        Some(w) => format!("({} via {w})", r.via),
        None => format!("({})", r.via),
    }
}

fn write_table<const N: usize>(out: &mut String, header: &[&str; N], rows: &[[String; N]]) {
    let mut widths: [usize; N] = header.map(|h| h.chars().count());
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |out: &mut String, cells: Vec<&str>| {
        let mut text = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            if i + 1 == N {
                text.push_str(cell);
            } else {
                let _ = write!(text, "{cell:<w$}  ");
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(out, header.to_vec());
    for row in rows {
        line(out, row.iter().map(String::as_str).collect());
    }
}
