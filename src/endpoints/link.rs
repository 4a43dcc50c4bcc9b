//! Links each request to the route(s) it hits, through an index: a trie of
//! route path segments (literal children in a map, one parameter child, the
//! few mixed segments in a list), so a request walks only the branches its
//! segments allow — never all pairs.
//!
//! Confidence starts at 1 and drops for each thing taken on trust: a
//! request's dynamic part standing in for a literal route segment, a route
//! parameter standing in for a literal, a method unknown on one side, a
//! trailing slash that differs, a base prefix only one side knows, a URL
//! relative to the page. When several routes tie, they share it.

use std::collections::BTreeMap;

use super::path::{PathPattern, Piece, RequestUrl, Segment};

/// More tied routes than this is no link: the request says too little.
pub const MAX_TIED: usize = 8;
/// A request's literal segment where the route has a parameter: almost
/// certain, but a literal route segment must still win (`/users/me`).
const LITERAL_FOR_PARAM: f64 = 0.98;
/// Leading segments a base prefix known to only one side may take.
const MAX_PREFIX: usize = 2;

pub struct RouteKey {
    pub method: String,
    pub pattern: PathPattern,
    pub name: Option<String>,
}

pub struct RequestKey {
    pub method: String,
    pub url: RequestUrl,
    pub route_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub route: usize,
    pub confidence: f64,
}

/// Why a request links to no route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unlinked {
    /// seam could not read the URL.
    UnknownUrl,
    /// An absolute URL to another host, and no route matches its path.
    External(String),
    /// The path matches routes that do not take this method.
    MethodMismatch(Vec<String>),
    /// Too many routes match equally well.
    Ambiguous(usize),
    /// No route has this name.
    UnknownName(String),
    NoRoute,
}

impl Unlinked {
    pub fn describe(&self) -> String {
        match self {
            Unlinked::UnknownUrl => "URL not readable".into(),
            Unlinked::External(host) => format!("another host ({host})"),
            Unlinked::MethodMismatch(methods) => {
                format!(
                    "path matches, method does not (route takes {})",
                    methods.join(", ")
                )
            }
            Unlinked::Ambiguous(n) => format!("ambiguous: {n} routes match equally"),
            Unlinked::UnknownName(n) => format!("no route named {n}"),
            Unlinked::NoRoute => "no route matches".into(),
        }
    }
}

#[derive(Default)]
struct Node {
    literal: BTreeMap<String, usize>,
    param: Option<usize>,
    mixed: Vec<(Segment, usize)>,
    /// Routes ending here.
    ends: Vec<usize>,
    /// Catch-all routes whose last parameter starts here.
    rest: Vec<usize>,
}

/// Route paths as a trie; one per number of leading segments dropped.
struct Trie {
    nodes: Vec<Node>,
}

impl Trie {
    fn new() -> Self {
        Trie {
            nodes: vec![Node::default()],
        }
    }

    fn insert(&mut self, segments: &[Segment], catch_all: bool, route: usize) {
        let mut at = 0;
        let last = segments.len().saturating_sub(1);
        for (i, seg) in segments.iter().enumerate() {
            if catch_all && i == last {
                self.nodes[at].rest.push(route);
                return;
            }
            at = self.child(at, seg);
        }
        self.nodes[at].ends.push(route);
    }

    fn child(&mut self, at: usize, seg: &Segment) -> usize {
        let fresh = self.nodes.len();
        let slot = match seg.as_slice() {
            [Piece::Lit(s)] => *self.nodes[at].literal.entry(s.clone()).or_insert(fresh),
            [Piece::Param(_)] => *self.nodes[at].param.get_or_insert(fresh),
            _ => match self.nodes[at].mixed.iter().find(|(s, _)| s == seg) {
                Some((_, ix)) => *ix,
                None => {
                    self.nodes[at].mixed.push((seg.clone(), fresh));
                    fresh
                }
            },
        };
        if slot == fresh {
            self.nodes.push(Node::default());
        }
        slot
    }

    /// Every route the segments reach, with the product of segment scores.
    fn find(&self, segments: &[Segment], out: &mut Vec<(usize, f64)>) {
        let mut stack = vec![(0usize, 0usize, 1.0f64)];
        while let Some((at, i, score)) = stack.pop() {
            let node = &self.nodes[at];
            if i < segments.len() {
                for &r in &node.rest {
                    out.push((r, score * 0.8));
                }
            }
            let Some(seg) = segments.get(i) else {
                out.extend(node.ends.iter().map(|&r| (r, score)));
                continue;
            };
            match seg.as_slice() {
                [Piece::Lit(s)] => {
                    if let Some(&c) = node.literal.get(s) {
                        stack.push((c, i + 1, score));
                    }
                    if let Some(c) = node.param {
                        stack.push((c, i + 1, score * LITERAL_FOR_PARAM));
                    }
                }
                [Piece::Param(_)] => {
                    for &c in node.literal.values() {
                        stack.push((c, i + 1, score * 0.7));
                    }
                    if let Some(c) = node.param {
                        stack.push((c, i + 1, score));
                    }
                }
                _ => {
                    if let Some(c) = node.param {
                        stack.push((c, i + 1, score * 0.85));
                    }
                    for (s, &c) in &node.literal {
                        if glob_matches(seg, s) {
                            stack.push((c, i + 1, score * 0.8));
                        }
                    }
                }
            }
            for (route_seg, c) in &node.mixed {
                if let Some(s) = segment_score(seg, route_seg) {
                    stack.push((*c, i + 1, score * s));
                }
            }
        }
    }
}

/// A request segment against a mixed route segment (`{id}.json`).
fn segment_score(request: &Segment, route: &Segment) -> Option<f64> {
    if request == route {
        return Some(1.0);
    }
    match request.as_slice() {
        [Piece::Lit(s)] => glob_matches(route, s).then_some(0.9),
        [Piece::Param(_)] => Some(0.7),
        _ => {
            let shape = |seg: &Segment| -> Vec<bool> {
                seg.iter().map(|p| matches!(p, Piece::Param(_))).collect()
            };
            (shape(request) == shape(route)).then_some(0.85)
        }
    }
}

/// Whether `text` fits a segment whose parameters match any non-empty text.
/// Remembers the (piece, offset) pairs already known to fail, so a segment of
/// many parameters (`{a}{b}{c}…`) costs pieces × offsets², never exponential.
pub fn glob_matches(pattern: &[Piece], text: &str) -> bool {
    fn go(pattern: &[Piece], text: &str, at: usize, failed: &mut Vec<bool>) -> bool {
        let width = text.len() + 1;
        let key = (pattern.len()) * width + at;
        if failed[key] {
            return false;
        }
        let rest_text = &text[at..];
        let found = match pattern.split_first() {
            None => rest_text.is_empty(),
            Some((Piece::Lit(l), rest)) => {
                rest_text.starts_with(l.as_str()) && go(rest, text, at + l.len(), failed)
            }
            Some((Piece::Param(_), rest)) => (1..=rest_text.len())
                .any(|n| rest_text.is_char_boundary(n) && go(rest, text, at + n, failed)),
        };
        if !found {
            failed[key] = true;
        }
        found
    }
    let mut failed = vec![false; (pattern.len() + 1) * (text.len() + 1)];
    go(pattern, text, 0, &mut failed)
}

pub struct Index<'r> {
    routes: &'r [RouteKey],
    tries: Vec<Trie>,
    names: BTreeMap<&'r str, Vec<usize>>,
    /// Leading literal segments some route starts with (`["api"]`,
    /// `["api", "alerts"]`): a request under one of them is placed by the
    /// app's own prefix, which is never dropped from it.
    route_prefixes: std::collections::BTreeSet<Vec<Segment>>,
}

impl<'r> Index<'r> {
    pub fn new(routes: &'r [RouteKey]) -> Self {
        let mut tries: Vec<Trie> = (0..=MAX_PREFIX).map(|_| Trie::new()).collect();
        let mut names: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, route) in routes.iter().enumerate() {
            for (k, trie) in tries.iter_mut().enumerate() {
                let segs = &route.pattern.segments;
                // Dropping a prefix must leave something literal to match on.
                let droppable = k < segs.len()
                    && segs[..k].iter().all(is_literal)
                    && segs[k..].iter().any(is_literal);
                if k == 0 || droppable {
                    trie.insert(&segs[k.min(segs.len())..], route.pattern.catch_all, i);
                }
            }
            if let Some(name) = &route.name {
                names.entry(name.as_str()).or_default().push(i);
            }
        }
        let route_prefixes = routes
            .iter()
            .flat_map(|r| {
                let segs = &r.pattern.segments;
                (1..=MAX_PREFIX.min(segs.len()))
                    .take_while(|&k| is_literal(&segs[k - 1]))
                    .map(|k| segs[..k].to_vec())
            })
            .collect();
        Index {
            routes,
            tries,
            names,
            route_prefixes,
        }
    }

    /// The routes a request hits, or why none.
    pub fn link(&self, request: &RequestKey) -> Result<Vec<Match>, Unlinked> {
        if let Some(name) = &request.route_name {
            return self.by_name(name, &request.method);
        }
        let Some(pattern) = &request.url.pattern else {
            return Err(Unlinked::UnknownUrl);
        };
        // `{base}/{id}` with the base unknown: nothing literal to place it by,
        // any route of that depth would do.
        if (request.url.unknown_base || request.url.relative)
            && !pattern.segments.iter().any(is_literal)
        {
            return Err(Unlinked::UnknownUrl);
        }
        let mut base = 1.0;
        if request.url.relative {
            base *= 0.9;
        }
        if request.url.host.is_some() {
            base *= 0.8;
        }
        let mut candidates = Vec::new();
        let start = if request.url.unknown_base { 0.8 } else { 1.0 };
        self.tries[0].find(&pattern.segments, &mut candidates);
        scale(&mut candidates, base * start);
        // A catch-all page route (`/{path}`) is the last resort: it must not
        // absorb a request that a known base prefix would have placed.
        // (`/files/{path:path}` has literal segments and is an ordinary route.)
        let is_catch_all = |r: usize| {
            let p = &self.routes[r].pattern;
            p.catch_all && !p.segments.iter().any(is_literal)
        };
        // Placed: some route that is no catch-all; under an unknown base, one
        // that also takes the method (`POST {}/users` is not placed by the
        // page `GET /users` when `POST /api/v1/users` is there). A path
        // known in full that only a route of another method has is a method
        // mismatch, not a reason to look elsewhere.
        let takes = |r: usize| {
            let m = self.routes[r].method.as_str();
            !request.url.unknown_base
                || m == request.method
                || m == "ANY"
                || request.method == "ANY"
        };
        let placed = |c: &[(usize, f64)]| c.iter().any(|&(r, _)| !is_catch_all(r) && takes(r));
        if !placed(&candidates) {
            // A base prefix only one side knows: `/api` from a mount or a
            // `baseURL` the request does not show, or the other way round.
            // The routes' own prefix is tried before the request's: under
            // an unknown base, `{}/users/{id}/awards` is
            // `/api/v1/users/{id}/awards`, not `/confirm/{data}` reached by
            // dropping `users`.
            let factor = if request.url.unknown_base { 0.7 } else { 0.6 };
            let segs = &pattern.segments;
            let mut done = false;
            for k in 1..=MAX_PREFIX {
                let before = candidates.len();
                self.tries[k].find(segs, &mut candidates);
                scale_from(&mut candidates, before, base * factor);
                // Under an unknown base every depth of prefix is as likely:
                // the best match among them wins.
                done |= placed(&candidates[before..]);
                if done && !request.url.unknown_base {
                    break;
                }
            }
            for k in 1..=MAX_PREFIX {
                if done {
                    break;
                }
                let before = candidates.len();
                if k < segs.len()
                    && segs[..k].iter().all(is_literal)
                    && segs[k..].iter().any(is_literal)
                    && !self.route_prefixes.contains(&segs[..k])
                {
                    self.tries[0].find(&segs[k..], &mut candidates);
                }
                scale_from(&mut candidates, before, base * factor);
                done = placed(&candidates[before..]);
            }
        }
        let (mut candidates, catch_alls): (Vec<_>, Vec<_>) =
            candidates.into_iter().partition(|&(r, _)| !is_catch_all(r));
        if candidates.is_empty() {
            // A request to another host reaches no page of this app.
            if catch_alls.is_empty() || request.url.host.is_some() {
                return Err(match &request.url.host {
                    Some(host) => Unlinked::External(host.clone()),
                    None => Unlinked::NoRoute,
                });
            }
            // Only the page catch-all is left: with another method it is
            // no route at all, not a method mismatch (`POST /api/alerts`
            // against the SPA's `GET /{path}`).
            return match self.choose(catch_alls, &request.method, true) {
                Err(Unlinked::MethodMismatch(_)) => Err(Unlinked::NoRoute),
                other => other,
            };
        }
        for (route, score) in &mut candidates {
            if self.routes[*route].pattern.trailing_slash != pattern.trailing_slash {
                *score *= 0.95;
            }
        }
        self.choose(candidates, &request.method, true)
    }

    fn by_name(&self, name: &str, method: &str) -> Result<Vec<Match>, Unlinked> {
        let mut found: Vec<usize> = self.names.get(name).cloned().unwrap_or_default();
        if found.is_empty() && name.starts_with('.') {
            // Flask's `url_for('.index')`: relative to the current blueprint.
            for (n, routes) in &self.names {
                if n.ends_with(name) {
                    found.extend(routes);
                }
            }
        }
        if found.is_empty() {
            return Err(Unlinked::UnknownName(name.to_string()));
        }
        // One name is one endpoint: its methods are not rivals.
        let candidates: Vec<(usize, f64)> = found.into_iter().map(|r| (r, 1.0)).collect();
        match self.choose(candidates.clone(), method, false) {
            Err(Unlinked::MethodMismatch(_)) => self.choose(candidates, "ANY", false),
            other => other,
        }
    }

    /// Keeps the best-scoring routes that take the method.
    fn choose(
        &self,
        candidates: Vec<(usize, f64)>,
        method: &str,
        share: bool,
    ) -> Result<Vec<Match>, Unlinked> {
        let mut best: BTreeMap<usize, f64> = BTreeMap::new();
        let mut refused: Vec<String> = Vec::new();
        for (route, score) in candidates {
            let route_method = self.routes[route].method.as_str();
            let factor = if route_method == method {
                1.0
            } else if route_method == "ANY"
                || method == "ANY"
                || (route_method == "GET" && method == "HEAD")
            {
                0.9
            } else {
                refused.push(route_method.to_string());
                continue;
            };
            let s = score * factor;
            let slot = best.entry(route).or_insert(0.0);
            if s > *slot {
                *slot = s;
            }
        }
        if best.is_empty() {
            refused.sort();
            refused.dedup();
            return Err(Unlinked::MethodMismatch(refused));
        }
        let top = best.values().copied().fold(0.0, f64::max);
        let tied: Vec<usize> = best
            .iter()
            .filter(|(_, s)| **s >= top - 1e-9)
            .map(|(r, _)| *r)
            .collect();
        if tied.len() > MAX_TIED {
            return Err(Unlinked::Ambiguous(tied.len()));
        }
        let share = if share { top / tied.len() as f64 } else { top };
        Ok(tied
            .into_iter()
            .map(|route| Match {
                route,
                confidence: (share * 100.0).round() / 100.0,
            })
            .collect())
    }
}

fn is_literal(seg: &Segment) -> bool {
    matches!(seg.as_slice(), [Piece::Lit(_)])
}

fn scale(c: &mut [(usize, f64)], factor: f64) {
    for (_, s) in c {
        *s *= factor;
    }
}

fn scale_from(c: &mut [(usize, f64)], from: usize, factor: f64) {
    scale(&mut c[from..], factor);
}

#[cfg(test)]
mod tests {

    #[test]
    fn many_parameters_in_one_segment_do_not_backtrack_forever() {
        let pattern: Vec<Piece> = (0..40)
            .map(|_| Piece::Param(None))
            .chain([Piece::Lit("!".into())])
            .collect();
        let text = "a".repeat(300);
        assert!(!glob_matches(&pattern, &text));
        assert!(glob_matches(&pattern, &format!("{text}!")));
        let lits = [
            Piece::Lit("x".into()),
            Piece::Param(None),
            Piece::Lit(".json".into()),
        ];
        assert!(glob_matches(&lits, "x12.json"));
        assert!(!glob_matches(&lits, "x.json"));
        assert!(glob_matches(&[Piece::Param(None)], "\u{e9}t\u{e9}"));
    }
    use super::super::path::{parse_template, request_url};
    use super::super::program::{Part, Val};
    use super::*;

    fn route(method: &str, path: &str) -> RouteKey {
        RouteKey {
            method: method.into(),
            pattern: parse_template(path, false),
            name: None,
        }
    }

    fn request(method: &str, parts: Vec<Part>) -> RequestKey {
        RequestKey {
            method: method.into(),
            url: request_url(&Val::Text(parts)),
            route_name: None,
        }
    }

    fn lit(s: &str) -> Part {
        Part::Lit(s.into())
    }

    #[test]
    fn literal_beats_parameter_and_methods_filter() {
        let routes = vec![
            route("GET", "/users/{id}"),
            route("GET", "/users/me"),
            route("DELETE", "/users/{id}"),
        ];
        let index = Index::new(&routes);
        let got = index.link(&request("GET", vec![lit("/users/me")])).unwrap();
        assert_eq!(
            got,
            vec![Match {
                route: 1,
                confidence: 1.0
            }]
        );
        let got = index
            .link(&request("DELETE", vec![lit("/users/"), Part::Dyn(None)]))
            .unwrap();
        assert_eq!(
            got,
            vec![Match {
                route: 2,
                confidence: 1.0
            }]
        );
        let err = index
            .link(&request("PUT", vec![lit("/users/7")]))
            .unwrap_err();
        assert_eq!(
            err,
            Unlinked::MethodMismatch(vec!["DELETE".into(), "GET".into()])
        );
    }

    #[test]
    fn prefixes_known_to_one_side_and_trailing_slashes() {
        let routes = vec![route("POST", "/api/orders/"), route("GET", "/health")];
        let index = Index::new(&routes);
        let got = index.link(&request("POST", vec![lit("/orders")])).unwrap();
        assert_eq!(got[0].route, 0);
        assert!(got[0].confidence < 0.7, "{got:?}");
        let got = index
            .link(&request("GET", vec![lit("/v2/health")]))
            .unwrap();
        assert_eq!(got[0].route, 1);
        let got = index
            .link(&request("POST", vec![lit("/api/orders")]))
            .unwrap();
        assert_eq!(got[0].confidence, 0.95);
        // `/api` is the app's own prefix: a request under it that no route
        // matches is not placed by dropping it (`/health` is no match for
        // `/api/health`'s missing route), while `/v2` above was unknown.
        let got = index.link(&request("GET", vec![lit("/api/health")]));
        assert!(got.is_err(), "{got:?}");
    }

    #[test]
    fn a_catch_all_of_another_method_is_no_route() {
        let routes = vec![route("GET", "/{path:path}"), route("GET", "/api/users")];
        let index = Index::new(&routes);
        let got = index.link(&request("POST", vec![lit("/api/alerts")]));
        assert!(matches!(got, Err(Unlinked::NoRoute)), "{got:?}");
        // The same method: the page catch-all is what serves it.
        let got = index.link(&request("GET", vec![lit("/settings")])).unwrap();
        assert_eq!(got[0].route, 0);
        // A real route of another method is still a method mismatch.
        let got = index.link(&request("POST", vec![lit("/api/users")]));
        assert!(matches!(got, Err(Unlinked::MethodMismatch(_))), "{got:?}");
    }

    #[test]
    fn catch_all_and_mixed_segments() {
        let mut files = route("GET", "/files/{p}");
        files.pattern.catch_all = true;
        let routes = vec![files, route("GET", "/r/{id}.json")];
        let index = Index::new(&routes);
        assert_eq!(
            index
                .link(&request("GET", vec![lit("/files/a/b/c")]))
                .unwrap()[0]
                .route,
            0
        );
        assert_eq!(
            index
                .link(&request("GET", vec![lit("/r/12.json")]))
                .unwrap()[0]
                .route,
            1
        );
        let got = index.link(&request("GET", vec![lit("/r/12.xml")]));
        assert!(got.is_err(), "{got:?}");
    }
}
