//! The Endpoints section's view model: every route with the requests that
//! reach it, then the requests that reach no route and the routes no
//! frontend code calls. Built from the [`Report`] only.

use std::collections::BTreeMap;

use super::super::model::{Report, Request};
use crate::endpoints::RequestKind;

pub struct Caller {
    pub place: String,
    pub via: String,
    pub confidence: String,
    /// `data`, `navigation`, `server` or `test`: the page shows data
    /// requests by default.
    pub kind: &'static str,
}

pub struct RouteRow {
    pub id: String,
    pub method: String,
    pub path: String,
    pub handler: String,
    pub place: String,
    pub framework: String,
    pub callers: Vec<Caller>,
    /// The route's whole path is one parameter (`/{path}`): a page
    /// catch-all, whose links say little.
    pub catch_all: bool,
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
    pub unlinked: Vec<RequestRow>,
    pub route_count: usize,
    pub request_count: usize,
    pub linked_requests: usize,
    pub uncalled_routes: usize,
    /// `73%`: share of requests linked to a route.
    pub linked_share: String,
    /// Data requests whose only route is a page catch-all: not counted as
    /// linked.
    pub catch_all_only: usize,
    /// When many unlinked requests share a wrapper and a cause: the
    /// `--request-wrapper` that would likely read them.
    pub suggestions: Vec<String>,
}

fn kind_name(kind: RequestKind) -> &'static str {
    match kind {
        RequestKind::Data => "data",
        RequestKind::Navigation => "navigation",
        RequestKind::Server => "server",
        RequestKind::Test => "test",
    }
}

/// `/{path}`, `/{}`: a route whose whole path is one parameter.
fn is_catch_all(path: &str) -> bool {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    matches!(segments.as_slice(), [one] if one.starts_with('{') && one.ends_with('}') && one.matches('{').count() == 1)
}

/// Groups the unlinked data requests by wrapper and cause; a group of at
/// least 3 that holds a fifth of them gets a sentence naming the
/// `--request-wrapper` to declare.
fn suggestions(unlinked: &[&Request]) -> Vec<String> {
    let mut groups: BTreeMap<(&str, &str, String), usize> = BTreeMap::new();
    for r in unlinked {
        let (Some(wrapper), Some(reason)) = (&r.wrapper, &r.unlinked) else {
            continue;
        };
        let cause = if let Some(rest) =
            reason.strip_prefix("path matches, method does not (route takes ")
        {
            // One method the routes take: the last listed when several.
            let wanted = rest.trim_end_matches(')').split(", ").last().unwrap_or("");
            format!("method {wanted}")
        } else if reason.starts_with("URL not readable") {
            "url".to_string()
        } else {
            continue;
        };
        *groups
            .entry((wrapper.as_str(), r.method.as_str(), cause))
            .or_default() += 1;
    }
    let mut ranked: Vec<_> = groups.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked
        .into_iter()
        .filter(|(_, n)| *n >= 3 && *n * 5 >= unlinked.len())
        .take(3)
        .map(|((wrapper, sent, cause), n)| {
            let function = wrapper.rsplit(':').next().unwrap_or(wrapper);
            match cause.strip_prefix("method ") {
                Some(wanted) => format!(
                    "{n} of {} unlinked requests go through {wrapper}, which seam reads as sending {sent} where the route takes {wanted}. If it sends the method another way (a `_method` field, an X-HTTP-Method-Override header), declare it: --request-wrapper {function}:URL:{wanted}, with URL the argument that holds the URL (an index, or index.property).",
                    unlinked.len()
                ),
                None => format!(
                    "{n} of {} unlinked requests go through {wrapper}, whose URL seam cannot read. Declare where the URL is: --request-wrapper {function}:URL, with URL the argument that holds it (an index, or index.property).",
                    unlinked.len()
                ),
            }
        })
        .collect()
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
                kind: kind_name(r.kind),
            });
    }
    // Data requests first, the most certain first: a low-confidence
    // duplicate is not what a reader should see on top.
    for list in callers.values_mut() {
        list.sort_by(|a, b| {
            (a.kind != "data")
                .cmp(&(b.kind != "data"))
                .then(b.confidence.cmp(&a.confidence))
                .then(a.place.cmp(&b.place))
        });
    }
    let catch_alls: std::collections::BTreeSet<&str> = report
        .routes
        .iter()
        .filter(|r| is_catch_all(&r.path))
        .map(|r| r.id.as_str())
        .collect();
    // A request is linked when some route that is no page catch-all takes it.
    let mut real_link: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    let mut any_link: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    for link in &report.links {
        any_link.insert(link.request.as_str());
        if !catch_alls.contains(link.route.as_str()) {
            real_link.insert(link.request.as_str());
        }
    }
    // The figures and the unlinked list are about data requests: a form,
    // a template link or a test-client call is no API call to document.
    let data: Vec<&Request> = report
        .requests
        .iter()
        .filter(|r| r.kind == crate::endpoints::RequestKind::Data)
        .collect();
    let linked_requests = data
        .iter()
        .filter(|r| r.unlinked.is_none() && real_link.contains(r.id.as_str()))
        .count();
    let catch_all_only = data
        .iter()
        .filter(|r| any_link.contains(r.id.as_str()) && !real_link.contains(r.id.as_str()))
        .count();
    // Called from the frontend: a browser request or page link, not a
    // server-side URL or a test.
    let frontend = |id: &str| {
        callers
            .get(id)
            .is_some_and(|c| c.iter().any(|c| matches!(c.kind, "data" | "navigation")))
    };
    let uncalled_routes = report
        .routes
        .iter()
        .filter(|r| !frontend(r.id.as_str()))
        .count();
    // Called routes first (most callers first), then the uncalled ones.
    let mut routes: Vec<_> = report.routes.iter().collect();
    routes.sort_by_key(|r| {
        std::cmp::Reverse(callers.get(r.id.as_str()).map_or(0, |c| {
            c.iter()
                .filter(|c| matches!(c.kind, "data" | "navigation"))
                .count()
        }))
    });
    let routes = routes
        .into_iter()
        .map(|r| RouteRow {
            id: r.id.clone(),
            method: r.method.clone(),
            path: r.path.clone(),
            handler: r.handler.clone(),
            place: format!("{}:{}", r.file, r.line),
            framework: r.framework.clone(),
            callers: callers.remove(r.id.as_str()).unwrap_or_default(),
            catch_all: catch_alls.contains(r.id.as_str()),
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
    let unlinked_requests: Vec<&Request> = data
        .iter()
        .filter(|r| r.unlinked.is_some())
        .copied()
        .collect();
    let share = if data.is_empty() {
        "–".to_string()
    } else {
        format!("{:.0}%", 100.0 * linked_requests as f64 / data.len() as f64)
    };
    EndpointsView {
        routes,
        unlinked,
        route_count: report.routes.len(),
        request_count: data.len(),
        linked_requests,
        uncalled_routes,
        linked_share: share,
        catch_all_only,
        suggestions: suggestions(&unlinked_requests),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(line: u32, method: &str, wrapper: Option<&str>, unlinked: Option<&str>) -> Request {
        Request {
            id: format!("request:web/a.ts:{line}"),
            method: method.into(),
            path: "/json/settings".into(),
            file: "web/a.ts".into(),
            line,
            via: "jquery".into(),
            kind: RequestKind::Data,
            wrapper: wrapper.map(str::to_string),
            callers: vec![],
            route_name: None,
            unlinked: unlinked.map(str::to_string),
        }
    }

    #[test]
    fn only_a_path_of_one_parameter_is_a_catch_all() {
        assert!(is_catch_all("/{path}"));
        assert!(is_catch_all("/{}/"));
        assert!(!is_catch_all("/"));
        assert!(!is_catch_all("/api/{id}"));
        assert!(!is_catch_all("/{lang}/{url}/"));
        assert!(!is_catch_all("/{one}|{two}/"));
    }

    #[test]
    fn a_wrapper_behind_many_unlinked_requests_is_named() {
        let mismatch = Some("path matches, method does not (route takes DELETE, PATCH)");
        let mut unlinked: Vec<Request> = (1..=4)
            .map(|l| request(l, "POST", Some("web/src/channel.ts:patch"), mismatch))
            .collect();
        // Other causes and direct calls do not make a group.
        unlinked.extend((5..=9).map(|l| request(l, "GET", None, Some("no route matches"))));
        unlinked.push(request(
            10,
            "GET",
            Some("web/src/api.ts:get"),
            Some("URL not readable"),
        ));
        let refs: Vec<&Request> = unlinked.iter().collect();
        let said = suggestions(&refs);
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(
            said[0].starts_with("4 of 10 unlinked requests go through web/src/channel.ts:patch")
        );
        assert!(
            said[0].contains("--request-wrapper patch:URL:PATCH"),
            "{}",
            said[0]
        );
        // Under a fifth of the unlinked requests: no sentence.
        let many: Vec<Request> = (1..=30)
            .map(|l| request(l, "GET", None, Some("no route matches")))
            .collect();
        let mut refs: Vec<&Request> = many.iter().collect();
        refs.extend(unlinked[..4].iter());
        assert!(suggestions(&refs).is_empty());
    }

    #[test]
    fn a_request_only_a_catch_all_takes_is_not_linked() {
        let mut report: Report = serde_json::from_value(serde_json::json!({
            "schema_version": "1", "tool": {"name": "seam", "version": "0"}, "root": ".",
            "summary": {"files_analyzed": 0, "files_skipped": 0, "lines": 0, "languages": {},
                "modules": 0, "external_packages": 0, "internal_edges": 0, "edges": 0,
                "cycles": 0, "largest_cycle": 0, "unresolved_imports": 0,
                "syntax_error_files": 0, "diagnostics": 0, "python_roots": []},
            "files": [], "modules": [], "edges": [], "globals": [], "tables": [], "routes": [],
            "requests": [], "links": [], "cycles": [], "hotspots": [], "clusters": [],
            "packages": [], "diagnostics": []
        }))
        .unwrap();
        report.routes = serde_json::from_value(serde_json::json!([
            {"id": "route:GET /{path}", "method": "GET", "path": "/{path}", "file": "app.py",
             "line": 1, "handler": "app:page", "framework": "flask"},
            {"id": "route:GET /api/x", "method": "GET", "path": "/api/x", "file": "app.py",
             "line": 5, "handler": "app:x", "framework": "flask"}
        ]))
        .unwrap();
        report.requests = vec![request(1, "GET", None, None), request(2, "GET", None, None)];
        report.links = serde_json::from_value(serde_json::json!([
            {"request": "request:web/a.ts:1", "route": "route:GET /{path}", "confidence": 0.5},
            {"request": "request:web/a.ts:2", "route": "route:GET /api/x", "confidence": 1.0}
        ]))
        .unwrap();
        let view = view(&report);
        assert_eq!((view.linked_requests, view.catch_all_only), (1, 1));
        assert_eq!(view.uncalled_routes, 0);
        assert!(
            view.routes
                .iter()
                .any(|r| r.catch_all && r.path == "/{path}")
        );
    }
}
