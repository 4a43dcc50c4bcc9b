//! Path templates on both sides, in one shape: a list of segments, each a
//! literal, a parameter, or a mix (`{id}.json`), with a trailing-slash flag
//! and a catch-all tail (`<path:p>`, `{p:path}`).
//!
//! Routes: Flask/Werkzeug and Django converters (`<int:id>` → `{id}`),
//! FastAPI/Starlette `{id}` / `{p:path}`, Django regexes (`^(?P<pk>\d+)/$`).
//! Requests: a URL value with its dynamic parts (`"/a/" + id` → `/a/{id}`),
//! its origin and query string cut off.

use super::program::{Part, Val};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Piece {
    Lit(String),
    /// A parameter; its name when known.
    Param(Option<String>),
}

/// One path segment.
pub type Segment = Vec<Piece>;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PathPattern {
    pub segments: Vec<Segment>,
    pub trailing_slash: bool,
    /// The last segment is a parameter that also matches `a/b/c`.
    pub catch_all: bool,
}

/// A request URL, taken apart.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequestUrl {
    /// As the report shows it: `/api/users/{id}`, `https://x.org/a`.
    pub display: String,
    /// The path to match; `None` when nothing of it is known.
    pub pattern: Option<PathPattern>,
    /// `https://host` when the URL names one.
    pub host: Option<String>,
    /// The URL starts with a part only known at run time (`${API}/users`).
    pub unknown_base: bool,
    /// Written without a leading `/` (relative to the page).
    pub relative: bool,
}

const MARK: char = '\u{1}';

pub fn segment_text(segment: &Segment) -> String {
    segment
        .iter()
        .map(|p| match p {
            Piece::Lit(s) => s.clone(),
            Piece::Param(Some(n)) => format!("{{{n}}}"),
            Piece::Param(None) => "{}".to_string(),
        })
        .collect()
}

impl PathPattern {
    pub fn display(&self) -> String {
        let mut out = String::from("/");
        out.push_str(
            &self
                .segments
                .iter()
                .map(segment_text)
                .collect::<Vec<_>>()
                .join("/"),
        );
        if self.trailing_slash && !self.segments.is_empty() {
            out.push('/');
        }
        out
    }

    /// Parameter names in order (for OpenAPI).
    pub fn params(&self) -> Vec<String> {
        self.segments
            .iter()
            .flatten()
            .filter_map(|p| match p {
                Piece::Param(n) => Some(n.clone().unwrap_or_default()),
                _ => None,
            })
            .collect()
    }
}

/// Parses text where parameters are written `{name}` (already converted).
pub fn parse_template(path: &str, catch_all: bool) -> PathPattern {
    let trimmed = path.trim_start_matches('/');
    let trailing_slash = trimmed.ends_with('/') && !trimmed.is_empty();
    let segments: Vec<Segment> = trimmed
        .split('/')
        .filter(|s| !s.is_empty())
        .map(parse_segment)
        .collect();
    PathPattern {
        segments,
        trailing_slash,
        catch_all,
    }
}

/// `{name}` parameters and the literal text around them; `/` is text
/// like any other, so a whole path parses too.
pub fn parse_segment(text: &str) -> Segment {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| c + open) else {
            break;
        };
        if open > 0 {
            pieces.push(Piece::Lit(rest[..open].to_string()));
        }
        let name = &rest[open + 1..close];
        pieces.push(Piece::Param((!name.is_empty()).then(|| name.to_string())));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Lit(rest.to_string()));
    }
    pieces
}

/// Flask/Werkzeug and Django `path()` syntax: `<int:id>`, `<id>`,
/// `<path:p>`; FastAPI's `{p:path}`. Returns the `{name}` template and
/// whether the last parameter takes the rest of the path.
pub fn convert_angle(route: &str) -> (String, bool) {
    let mut out = String::new();
    let mut catch_all = false;
    let mut rest = route;
    loop {
        let next = rest.find(['<', '{']);
        let Some(open) = next else {
            out.push_str(rest);
            break;
        };
        let closer = if rest[open..].starts_with('<') {
            '>'
        } else {
            '}'
        };
        let Some(close) = rest[open..].find(closer).map(|c| c + open) else {
            out.push_str(rest);
            break;
        };
        out.push_str(&rest[..open]);
        let inner = &rest[open + 1..close];
        let (converter, name) = match (closer, inner.split_once(':')) {
            ('>', Some((conv, name))) => (conv, name),
            ('}', Some((name, conv))) => (conv, name),
            _ => ("", inner),
        };
        let converter = converter.split('(').next().unwrap_or("").trim();
        catch_all = converter == "path";
        out.push('{');
        out.push_str(name.trim());
        out.push('}');
        rest = &rest[close + 1..];
    }
    (out, catch_all)
}

/// A Django `re_path`/`url()` regex as a template: `^articles/(?P<year>[0-9]{4})/$`
/// → `articles/{year}/`. Unnamed groups and character classes become `{}`;
/// `prefix` is true while the pattern has no `$` (an `include()` prefix).
pub fn convert_regex(regex: &str) -> (String, bool) {
    let mut s = regex.strip_prefix('^').unwrap_or(regex);
    let anchored = s.ends_with('$') && !s.ends_with("\\$");
    if anchored {
        s = &s[..s.len() - 1];
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let mut catch_all = false;
    while i < chars.len() {
        match chars[i] {
            '\\' if i + 1 < chars.len() => {
                let c = chars[i + 1];
                if c.is_ascii_alphanumeric() {
                    // \d, \w, \s: a class, i.e. a parameter piece.
                    push_param(&mut out, None);
                    i = skip_quantifier(&chars, i + 2);
                    continue;
                }
                out.push(c);
                i += 2;
            }
            '(' => {
                let end = group_end(&chars, i);
                let body: String = chars[i + 1..end.min(chars.len())].iter().collect();
                let name = body
                    .strip_prefix("?P<")
                    .and_then(|b| b.split_once('>'))
                    .map(|(n, _)| n.to_string());
                if body.starts_with("?:") || body.starts_with("?=") || body.starts_with("?!") {
                    // Non-capturing: an optional suffix such as `(?:/)?`.
                } else {
                    if body.contains(".*") || body.contains(".+") {
                        catch_all = true;
                    }
                    push_param(&mut out, name);
                }
                i = skip_quantifier(&chars, end + 1);
            }
            '[' => {
                let end = chars[i..]
                    .iter()
                    .position(|&c| c == ']')
                    .map_or(chars.len(), |p| p + i);
                push_param(&mut out, None);
                i = skip_quantifier(&chars, end + 1);
            }
            // `^favicon.ico$`: a lone `.` is the dot its author meant; `.*`,
            // `.+`, `.{3}` are a parameter.
            '.' if !matches!(chars.get(i + 1), Some('*' | '+' | '?' | '{')) => {
                out.push('.');
                i += 1;
            }
            '.' => {
                push_param(&mut out, None);
                catch_all = i + 1 < chars.len() && matches!(chars[i + 1], '*' | '+');
                i = skip_quantifier(&chars, i + 1);
            }
            '?' | '*' | '+' => {
                // An optional character (`/?`): drop it.
                if chars[i] == '?' {
                    out.pop();
                }
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    (out, catch_all)
}

fn push_param(out: &mut String, name: Option<String>) {
    if out.ends_with('}') {
        // `[-\w]+` after `{}`: still one parameter.
        return;
    }
    out.push('{');
    if let Some(n) = name {
        out.push_str(&n);
    }
    out.push('}');
}

fn group_end(chars: &[char], open: usize) -> usize {
    let mut depth = 0;
    let mut i = open;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
        i += 1;
    }
    chars.len()
}

fn skip_quantifier(chars: &[char], mut i: usize) -> usize {
    while i < chars.len() {
        match chars[i] {
            '*' | '+' | '?' => i += 1,
            '{' => match chars[i..].iter().position(|&c| c == '}') {
                Some(p) => i += p + 1,
                None => return i,
            },
            _ => return i,
        }
    }
    i
}

/// Joins a mount prefix and a route path with exactly one `/` between.
pub fn join(prefix: &str, path: &str) -> String {
    match (prefix.ends_with('/'), path.starts_with('/')) {
        (true, true) => format!("{prefix}{}", &path[1..]),
        (false, false) if !prefix.is_empty() && !path.is_empty() => format!("{prefix}/{path}"),
        _ => format!("{prefix}{path}"),
    }
}

/// Appends literal URL text; a masked template expression (`$$____`, see
/// `lang::html`) inside it is a dynamic part.
fn push_masked(text: &mut String, names: &mut Vec<Option<String>>, s: &str) {
    let mut rest = s;
    while let Some(i) = rest.find("$$_") {
        text.push_str(&rest[..i]);
        text.push(MARK);
        names.push(None);
        let after = &rest[i + 2..];
        rest = after.trim_start_matches('_');
    }
    text.push_str(rest);
}

fn push_parts(parts: &[Part], text: &mut String, names: &mut Vec<Option<String>>) {
    for p in parts {
        match p {
            Part::Lit(s) => push_masked(text, names, &s.replace(MARK, "")),
            Part::Dyn(n) => {
                text.push(MARK);
                names.push(n.clone());
            }
            Part::Data { key, .. } => {
                text.push(MARK);
                names.push(Some(key.clone()));
            }
            Part::Sym(v) => {
                text.push(MARK);
                names.push(super::requests::dyn_name(v));
            }
            Part::Opt(inner) => push_parts(inner, text, names),
            // Requests are expanded before; a route path takes the first.
            Part::Alt(alternatives) => push_parts(
                alternatives.first().map_or(&[][..], Vec::as_slice),
                text,
                names,
            ),
        }
    }
}

/// Takes a request URL value apart.
pub fn request_url(url: &Val) -> RequestUrl {
    let mut text = String::new();
    let mut names: Vec<Option<String>> = Vec::new();
    match url {
        Val::Text(parts) => {
            push_parts(parts, &mut text, &mut names);
        }
        other => {
            text.push(MARK);
            names.push(super::requests::dyn_name(other));
        }
    }
    let mut out = RequestUrl::default();
    let mut names = names.into_iter();
    let mut rest = text.as_str();
    for scheme in ["https://", "http://", "//"] {
        if let Some(after) = rest.strip_prefix(scheme) {
            let end = after.find(['/', '?', '#']).unwrap_or(after.len());
            out.host = Some(format!("{scheme}{}", &after[..end]));
            rest = &after[end..];
            break;
        }
    }
    // Dynamic parts in the host are used up.
    if let Some(host) = &out.host {
        for _ in host.matches(MARK) {
            names.next();
        }
    }
    let glued;
    if out.host.is_none() && rest.starts_with(MARK) {
        let after = &rest[MARK.len_utf8()..];
        if after.starts_with('/') || after.starts_with('?') {
            out.unknown_base = true;
            names.next();
            rest = after;
        } else if after.starts_with(|c: char| c.is_alphanumeric() || c == '_')
            && after
                .split(['?', '#'])
                .next()
                .is_some_and(|p| p.contains('/'))
        {
            // `${apiBase}profile/`: an unknown base that ends in `/`, glued
            // to the path, read as `${apiBase}/profile/`.
            out.unknown_base = true;
            names.next();
            glued = format!("/{after}");
            rest = &glued;
        }
    }
    let cut = rest.find(['?', '#']).unwrap_or(rest.len());
    let path = &rest[..cut];
    out.relative = !path.starts_with('/') && out.host.is_none() && !out.unknown_base;
    let mut template = String::new();
    for c in path.chars() {
        if c == MARK {
            template.push('{');
            if let Some(Some(n)) = names.next() {
                template.push_str(&n);
            }
            template.push('}');
        } else {
            template.push(c);
        }
    }
    let whole_unknown = path == MARK.to_string();
    out.pattern = (!(whole_unknown || path.is_empty() && out.host.is_none()))
        .then(|| parse_template(&template, false));
    let shown_base = if out.unknown_base { "{}" } else { "" };
    out.display = format!(
        "{}{shown_base}{}",
        out.host.clone().unwrap_or_default(),
        if whole_unknown {
            "{}".to_string()
        } else {
            template
        }
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn angle_converters() {
        assert_eq!(
            convert_angle("/users/<int:id>/"),
            ("/users/{id}/".into(), false)
        );
        assert_eq!(convert_angle("/f/<path:rest>"), ("/f/{rest}".into(), true));
        assert_eq!(
            convert_angle("/items/{item_id}"),
            ("/items/{item_id}".into(), false)
        );
        assert_eq!(
            convert_angle("/files/{p:path}"),
            ("/files/{p}".into(), true)
        );
        assert_eq!(convert_angle("<slug>"), ("{slug}".into(), false));
    }

    #[test]
    fn django_regexes() {
        assert_eq!(
            convert_regex(r"^articles/(?P<year>[0-9]{4})/$").0,
            "articles/{year}/"
        );
        assert_eq!(convert_regex(r"^api/").0, "api/");
        assert_eq!(convert_regex(r"^page/(\d+)/?$").0, "page/{}");
        assert_eq!(convert_regex(r"^(?P<slug>[-\w]+)\.json$").0, "{slug}.json");
        assert_eq!(convert_regex(r"^favicon.ico$").0, "favicon.ico");
        assert_eq!(convert_regex(r"^v.+/x$").0, "v{}/x");
        assert_eq!(
            convert_regex(r"^static/(?P<path>.*)$"),
            ("static/{path}".into(), true)
        );
    }

    #[test]
    fn request_urls() {
        let v = Val::Text(vec![
            Part::Lit("/api/users/".into()),
            Part::Dyn(Some("id".into())),
            Part::Lit("?x=1".into()),
        ]);
        let u = request_url(&v);
        assert_eq!(u.display, "/api/users/{id}");
        assert_eq!(u.pattern.unwrap().segments.len(), 3);
        let u = request_url(&Val::Text(vec![
            Part::Dyn(Some("API".into())),
            Part::Lit("/users".into()),
        ]));
        assert!(u.unknown_base);
        assert_eq!(u.display, "{}/users");
        let u = request_url(&Val::lit("https://api.github.com/repos"));
        assert_eq!(u.host.as_deref(), Some("https://api.github.com"));
        assert_eq!(u.display, "https://api.github.com/repos");
        let u = request_url(&Val::Unknown(Some("url".into())));
        assert!(u.pattern.is_none());
    }

    #[test]
    fn joins() {
        assert_eq!(join("/api/", "/users"), "/api/users");
        assert_eq!(join("/api", "users"), "/api/users");
        assert_eq!(join("", "/users"), "/users");
    }
}
