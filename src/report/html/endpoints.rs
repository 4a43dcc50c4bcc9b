//! The Endpoints section's view model: every route with the requests that
//! reach it, then the requests that reach no route and the routes no
//! frontend code calls. Built from the [`Report`] only.

use std::collections::BTreeMap;

use super::super::model::{Report, Request};

/// Rows per table; the JSON has everything.
const MAX_ROWS: usize = 2000;

pub struct Caller {
    pub place: String,
    pub via: String,
    pub confidence: String,
}

pub struct RouteRow {
    pub id: String,
    pub method: String,
    pub path: String,
    pub handler: String,
    pub place: String,
    pub framework: String,
    pub callers: Vec<Caller>,
}

pub struct RequestRow {
    pub method: String,
    pub path: String,
    pub place: String,
    pub via: String,
    pub reason: String,
}

pub struct EndpointsView {
    pub routes: Vec<RouteRow>,
    pub routes_hidden: usize,
    pub unlinked: Vec<RequestRow>,
    pub unlinked_hidden: usize,
    pub route_count: usize,
    pub request_count: usize,
    pub linked_requests: usize,
    pub uncalled_routes: usize,
    /// `73%`: share of requests linked to a route.
    pub linked_share: String,
}

fn via(r: &Request) -> String {
    match &r.wrapper {
        Some(w) => format!("{} via {w}", r.via),
        None => r.via.clone(),
    }
}

pub fn view(report: &Report) -> EndpointsView {
    let requests: BTreeMap<&str, &Request> =
        report.requests.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut callers: BTreeMap<&str, Vec<Caller>> = BTreeMap::new();
    for link in &report.links {
        let Some(r) = requests.get(link.request.as_str()) else {
            continue;
        };
        callers
            .entry(link.route.as_str())
            .or_default()
            .push(Caller {
                place: format!("{}:{}", r.file, r.line),
                via: via(r),
                confidence: format!("{:.2}", link.confidence),
            });
    }
    // The figures and the unlinked list are about data requests: a form,
    // a template link or a test-client call is no API call to document.
    let data: Vec<&Request> = report
        .requests
        .iter()
        .filter(|r| r.kind == crate::endpoints::RequestKind::Data)
        .collect();
    let linked_requests = data.iter().filter(|r| r.unlinked.is_none()).count();
    let uncalled_routes = report
        .routes
        .iter()
        .filter(|r| !callers.contains_key(r.id.as_str()))
        .count();
    // Called routes first (most callers first), then the uncalled ones.
    let mut routes: Vec<_> = report.routes.iter().collect();
    routes.sort_by_key(|r| std::cmp::Reverse(callers.get(r.id.as_str()).map_or(0, Vec::len)));
    let routes_hidden = routes.len().saturating_sub(MAX_ROWS);
    let routes = routes
        .into_iter()
        .take(MAX_ROWS)
        .map(|r| RouteRow {
            id: r.id.clone(),
            method: r.method.clone(),
            path: r.path.clone(),
            handler: r.handler.clone(),
            place: format!("{}:{}", r.file, r.line),
            framework: r.framework.clone(),
            callers: callers.remove(r.id.as_str()).unwrap_or_default(),
        })
        .collect();
    let unlinked: Vec<RequestRow> = data
        .iter()
        .filter_map(|r| {
            Some(RequestRow {
                method: r.method.clone(),
                path: if r.path.is_empty() {
                    r.route_name.clone().unwrap_or_default()
                } else {
                    r.path.clone()
                },
                place: format!("{}:{}", r.file, r.line),
                via: via(r),
                reason: r.unlinked.clone()?,
            })
        })
        .collect();
    let unlinked_hidden = unlinked.len().saturating_sub(MAX_ROWS);
    let share = if data.is_empty() {
        "–".to_string()
    } else {
        format!("{:.0}%", 100.0 * linked_requests as f64 / data.len() as f64)
    };
    EndpointsView {
        routes,
        routes_hidden,
        unlinked: unlinked.into_iter().take(MAX_ROWS).collect(),
        unlinked_hidden,
        route_count: report.routes.len(),
        request_count: data.len(),
        linked_requests,
        uncalled_routes,
        linked_share: share,
    }
}
