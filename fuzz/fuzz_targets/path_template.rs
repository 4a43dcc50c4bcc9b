//! Path templates: converting route syntax (Flask/Django angle brackets,
//! Django regexes, `{name}`), parsing, and linking a request to the routes
//! never panics or hangs. Input: lines; the first is the request path, the
//! rest are routes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seam::endpoints::link::{Index, RequestKey, RouteKey, glob_matches};
use seam::endpoints::path::{
    RequestUrl, convert_angle, convert_regex, join, parse_template,
};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut lines = text.lines();
    let request = lines.next().unwrap_or_default();
    let mut routes = Vec::new();
    for (i, line) in lines.take(32).enumerate() {
        let (template, catch_all) = match i % 3 {
            0 => convert_angle(line),
            1 => convert_regex(line),
            _ => (join("/api/", line), false),
        };
        let pattern = parse_template(&template, catch_all);
        // Display and re-parse is stable.
        let shown = pattern.display();
        assert_eq!(parse_template(&shown, catch_all).display(), shown);
        if let Some(segment) = pattern.segments.first() {
            glob_matches(segment, request);
        }
        routes.push(RouteKey {
            method: ["GET", "POST", "*"][i % 3].to_string(),
            pattern,
            name: None,
        });
    }
    let index = Index::new(&routes);
    let url = RequestUrl {
        display: request.to_string(),
        pattern: Some(parse_template(request, false)),
        host: None,
        unknown_base: false,
        relative: !request.starts_with('/'),
    };
    let key = RequestKey {
        method: "GET".to_string(),
        url,
        route_name: None,
    };
    if let Ok(matches) = index.link(&key) {
        for m in matches {
            assert!(m.route < routes.len());
            assert!(m.confidence > 0.0 && m.confidence <= 1.0);
        }
    }
});
