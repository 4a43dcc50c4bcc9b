//! HTML, Jinja and Django templates: where the inline `<script>` code is (it is
//! parsed as JavaScript, in place, so lines stay true), with template tags
//! masked so `var x = {{ data|tojson }};` still parses; and the references to
//! routes written in markup: `<form action=… method=…>`, `{{ url_for('x') }}`
//! (Jinja/Flask) and `{% url 'x' %}` (Django).
//!
//! A small scanner, not an HTML parser: templates are not well-formed HTML
//! (tags inside attributes, blocks across elements), and only these few
//! constructs matter.

use std::ops::Range;

use compact_str::CompactString;

use crate::facts::web::{DataUrl, Expr, PageRef};
use crate::text::find_bytes as find;

/// Every `<script>` element: the byte range of its opening tag and of its
/// body (to `</script` or the end of the file).
fn script_elements(content: &[u8]) -> Vec<(Range<usize>, Range<usize>)> {
    let lower = content.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(start) = find(&lower, b"<script", at) {
        let Some(tag_end) = tag_end(&lower, start) else {
            break;
        };
        let body_start = tag_end + 1;
        let body_end = find(&lower, b"</script", body_start).unwrap_or(content.len());
        out.push((start..tag_end + 1, body_start..body_end));
        at = body_end;
    }
    out
}

/// Byte ranges of inline JavaScript: the bodies of `<script>` elements
/// without `src` whose `type` is absent or a JavaScript type.
pub fn script_ranges(content: &[u8]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for (tag, body) in script_elements(content) {
        let tag = &content[tag];
        let is_js = match attribute(tag, "type") {
            None => true,
            Some(t) => {
                let t = t.to_ascii_lowercase();
                t.is_empty()
                    || t == "module"
                    || t.contains("javascript")
                    || t.contains("ecmascript")
                    || t == "text/babel"
            }
        };
        if is_js && attribute(tag, "src").is_none() && !body.is_empty() {
            out.push(body);
        }
    }
    out
}

/// The content with template tags inside `ranges` replaced, byte for byte:
/// `{{ … }}` by an identifier (`$$____`, so it is an expression anywhere and
/// reads as a dynamic part inside a URL string), `{% … %}` and `{# … #}` by
/// spaces (newlines kept).
pub fn mask_template_tags(content: &[u8], ranges: &[Range<usize>]) -> Vec<u8> {
    let mut out = content.to_vec();
    for range in ranges {
        let mut i = range.start;
        while i + 1 < range.end {
            let close: &[u8] = match &content[i..i + 2] {
                b"{{" => b"}}",
                b"{%" => b"%}",
                b"{#" => b"#}",
                _ => {
                    i += 1;
                    continue;
                }
            };
            let Some(end) = find(content, close, i + 2).filter(|&e| e + 2 <= range.end) else {
                break;
            };
            // `{% url … %}` prints a URL: an expression too.
            let expression = content[i + 1] == b'{'
                || String::from_utf8_lossy(&content[i + 2..end])
                    .trim_start()
                    .starts_with("url ");
            for (k, byte) in out[i..end + 2].iter_mut().enumerate() {
                if *byte == b'\n' {
                    continue;
                }
                *byte = match (expression, k) {
                    (true, 0 | 1) => b'$',
                    (true, _) => b'_',
                    (false, _) => b' ',
                };
            }
            i = end + 2;
        }
    }
    out
}

/// `<form>` elements and route-name template tags, with their lines.
pub fn page_refs(content: &[u8]) -> Vec<PageRef> {
    let lower = content.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut in_forms: Vec<Range<usize>> = Vec::new();
    let mut at = 0;
    while let Some(start) = find(&lower, b"<form", at) {
        let Some(end) = tag_end(&lower, start) else {
            break;
        };
        let tag = &content[start..=end];
        at = end + 1;
        if !tag
            .get(5)
            .is_some_and(|c| c.is_ascii_whitespace() || *c == b'>')
        {
            continue;
        }
        let method = attribute(tag, "method")
            .map(|m| m.trim().to_ascii_uppercase())
            .filter(|m| !m.is_empty() && m.chars().all(|c| c.is_ascii_alphabetic()))
            .unwrap_or_else(|| "GET".to_string());
        let Some(action) = attribute(tag, "action") else {
            // No action: the form posts back to the page that rendered it.
            continue;
        };
        in_forms.push(start..end + 1);
        let scheme = action.trim_start().to_ascii_lowercase();
        if ["blob:", "javascript:", "mailto:", "data:", "#"]
            .iter()
            .any(|s| scheme.starts_with(s))
        {
            continue;
        }
        let line = line_of(content, start);
        match route_name(&action) {
            Some((via, name)) => out.push(PageRef {
                via: format!("form {via}").into(),
                method: method.into(),
                url: None,
                route_name: Some(name.into()),
                line,
            }),
            None if !action.contains("{{") && !action.contains("{%") => out.push(PageRef {
                via: "form".into(),
                method: method.into(),
                url: Some(Expr::Str(action.into())),
                route_name: None,
                line,
            }),
            None => {}
        }
    }
    for RouteTag { pos, via, name, .. } in tags(content) {
        // Flask's built-in static files endpoint is not an application route.
        if in_forms.iter().any(|f| f.contains(&pos)) || name == "static" {
            continue;
        }
        // `hx-post="{% url 'render_markdown' %}"`: htmx sends it, a data
        // request with the attribute's method, not a link.
        let (via, method) = match attribute_before(content, pos).and_then(|a| htmx_method(&a)) {
            Some(method) => (format!("htmx {via}"), method),
            None => (via.to_string(), "ANY".into()),
        };
        out.push(PageRef {
            via: via.into(),
            method: method.into(),
            url: None,
            route_name: Some(name.into()),
            line: line_of(content, pos),
        });
    }
    out.extend(htmx_literals(content, &lower));
    out.sort_by_key(|r| r.line);
    out
}

/// htmx attributes with a literal URL: `hx-get="/api/search"`.
fn htmx_literals(content: &[u8], lower: &[u8]) -> Vec<PageRef> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(start) = find(lower, b"hx-", at) {
        at = start + 3;
        let Some(eq) = lower[start..].iter().position(|&c| c == b'=') else {
            break;
        };
        let value_at = start + eq + 1;
        let Some(&quote) = content.get(value_at) else {
            break;
        };
        if !matches!(quote, b'"' | b'\'') {
            continue;
        }
        let Some(method) = attribute_before(content, value_at + 1).and_then(|a| htmx_method(&a))
        else {
            continue;
        };
        let Some(len) = content[value_at + 1..].iter().position(|&c| c == quote) else {
            break;
        };
        let value = String::from_utf8_lossy(&content[value_at + 1..value_at + 1 + len]);
        if value.starts_with('/') && !value.contains("{{") && !value.contains("{%") {
            out.push(PageRef {
                via: "htmx".into(),
                method: method.into(),
                url: Some(Expr::Str(value.into_owned().into())),
                route_name: None,
                line: line_of(content, start),
            });
        }
    }
    out
}

/// The file names of the scripts a page loads with `<script src=…>`
/// (`{% static 'js/checks.js' %}`, `/static/js/checks.js?v=2` → `checks.js`).
pub fn script_names(content: &[u8]) -> Vec<CompactString> {
    let mut out = Vec::new();
    for (tag, _) in script_elements(content) {
        let Some(src) = attribute(&content[tag], "src") else {
            continue;
        };
        let Some(end) = src.rfind(".js") else {
            continue;
        };
        let head = &src[..end + 3];
        let name = head.rsplit(['/', '\'', '"', ' ']).next().unwrap_or(head);
        if name.len() > 3 {
            out.push(name.into());
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The templates whose markup ends up on a page: those it includes
/// (`{% include "front/table.html" %}`) and the one it extends
/// (`{% extends "base.html" %}`), in Django and Jinja.
pub fn includes(content: &[u8]) -> Vec<CompactString> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(open) = find(content, b"{%", at) {
        let Some(end) = find(content, b"%}", open + 2) else {
            break;
        };
        at = end + 2;
        let inner = String::from_utf8_lossy(&content[open + 2..end]);
        let inner = inner.trim_start();
        if let Some(rest) = inner
            .strip_prefix("include")
            .or_else(|| inner.strip_prefix("extends"))
            && rest.starts_with(char::is_whitespace)
            && let Some(name) = first_string(rest)
        {
            out.push(name.into());
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Attributes whose value starts with a route-name tag, `data-*` and the
/// URL-bearing ones (`href`, `action`, `src`, `formaction`):
/// `data-status-url="{% url 'hc-status' project.code %}"` →
/// (`data-status-url`, `hc-status`). Scripts read them from the DOM
/// (`el.dataset.statusUrl`, `$(el).data("status-url")`,
/// `document.getElementById("base-url").getAttribute("href")`).
pub fn data_urls(content: &[u8]) -> Vec<DataUrl> {
    let mut out: Vec<DataUrl> = tags(content)
        .into_iter()
        .filter_map(|t| {
            let key = url_attribute_before(content, t.pos)?;
            let (tag, id, classes) = enclosing_element(content, t.pos).unwrap_or_default();
            Some(DataUrl {
                key: key.into(),
                route: t.name.into(),
                args: t.args.into_iter().map(|a| a.map(Into::into)).collect(),
                tag: tag.into(),
                id: id.map(Into::into),
                classes: classes.into_iter().map(Into::into).collect(),
            })
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The tag name, `id` and classes of the element whose start tag holds
/// `pos`. Template tags inside it (`class="t {% if rw %}rw{% endif %}"`)
/// are skipped; a class that a condition adds counts as present.
fn enclosing_element(content: &[u8], pos: usize) -> Option<(String, Option<String>, Vec<String>)> {
    let start = content[..pos]
        .iter()
        .enumerate()
        .rev()
        .find(|&(i, &c)| c == b'<' && content.get(i + 1).is_some_and(u8::is_ascii_alphabetic))
        .map(|(i, _)| i)?;
    let end = tag_end(content, start).unwrap_or(content.len());
    let head = String::from_utf8_lossy(&content[start + 1..end]);
    let name_end = head
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(head.len());
    let tag = head[..name_end].to_ascii_lowercase();
    let words = |name: &str| -> Vec<String> {
        attribute(head.as_bytes(), name)
            .map(|v| {
                strip_template(&v)
                    .split_whitespace()
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    let id = words("id").into_iter().next();
    Some((tag, id, words("class")))
}

/// Text with `{% … %}` and `{{ … }}` removed, keeping what lies between.
fn strip_template(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = match rest[open..].chars().nth(1) {
            Some('%') => "%}",
            Some('{') => "}}",
            _ => {
                out.push('{');
                rest = &rest[open + 1..];
                continue;
            }
        };
        match rest[open..].find(close) {
            Some(end) => {
                out.push(' ');
                rest = &rest[open + end + 2..];
            }
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The name of the `data-*` or URL attribute whose quoted value starts at
/// `pos`, lower case (`data-url`, `href`).
fn url_attribute_before(content: &[u8], pos: usize) -> Option<String> {
    let name = attribute_before(content, pos)?;
    let url_attribute = matches!(name.as_str(), "href" | "action" | "src" | "formaction");
    (url_attribute || name.strip_prefix("data-").is_some_and(|k| !k.is_empty())).then_some(name)
}

/// The HTTP method of an htmx request attribute (`hx-post`, `data-hx-get`).
fn htmx_method(attribute: &str) -> Option<String> {
    let verb = attribute
        .strip_prefix("data-")
        .unwrap_or(attribute)
        .strip_prefix("hx-")?;
    matches!(verb, "get" | "post" | "put" | "patch" | "delete").then(|| verb.to_ascii_uppercase())
}

/// The name of the attribute whose quoted value starts at `pos`, lower case.
fn attribute_before(content: &[u8], pos: usize) -> Option<String> {
    let before = &content[..pos];
    let before = before
        .strip_suffix(b"\"")
        .or_else(|| before.strip_suffix(b"'"))?;
    let before = before.trim_ascii_end().strip_suffix(b"=")?.trim_ascii_end();
    let start = before
        .iter()
        .rposition(|c| !(c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_'))
        .map_or(0, |i| i + 1);
    let name = std::str::from_utf8(&before[start..])
        .ok()?
        .to_ascii_lowercase();
    (!name.is_empty()).then_some(name)
}

/// A template expression naming a route: where it starts, how (`url_for`,
/// `url`), the route's name and its positional arguments (a quoted
/// literal, or `None` for a variable: `{% url 'pings' check.code '0' %}`).
struct RouteTag {
    pos: usize,
    via: &'static str,
    name: String,
    args: Vec<Option<String>>,
}

/// Every `url_for('name'…)` inside `{{ }}` and `{% url 'name' … %}`.
fn tags(content: &[u8]) -> Vec<RouteTag> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(open) = find(content, b"{", at) {
        let Some(kind) = content.get(open + 1).copied() else {
            break;
        };
        let close: &[u8] = match kind {
            b'{' => b"}}",
            b'%' => b"%}",
            _ => {
                at = open + 1;
                continue;
            }
        };
        let Some(end) = find(content, close, open + 2) else {
            break;
        };
        let inner = String::from_utf8_lossy(&content[open..end + 2]);
        if let Some((via, name)) = route_name(&inner) {
            let args = if via == "url" {
                url_tag_args(&inner)
            } else {
                Vec::new()
            };
            out.push(RouteTag {
                pos: open,
                via,
                name,
                args,
            });
        }
        at = end + 2;
    }
    out
}

/// The arguments after the name in `{% url 'name' a "0" as v %}`.
fn url_tag_args(tag: &str) -> Vec<Option<String>> {
    let body = tag.trim_start_matches("{%").trim_end_matches("%}");
    let mut words = body.split_whitespace().skip(2);
    let mut out = Vec::new();
    for w in words.by_ref() {
        if w == "as" {
            break;
        }
        let quoted = w.len() >= 2
            && (w.starts_with('"') && w.ends_with('"') || w.starts_with('\'') && w.ends_with('\''));
        out.push(quoted.then(|| w[1..w.len() - 1].to_string()));
    }
    out
}

/// The route a template expression names: `{{ url_for('auth.login') }}`
/// → `("url_for", "auth.login")`, `{% url "polls:vote" q.id %}` → `("url", …)`.
fn route_name(text: &str) -> Option<(&'static str, String)> {
    if let Some(i) = text.find("url_for(") {
        return first_string(&text[i + 8..]).map(|n| ("url_for", n));
    }
    let t = text.trim_start();
    let rest = t.strip_prefix("{%")?.trim_start().strip_prefix("url")?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    first_string(rest).map(|n| ("url", n))
}

fn first_string(text: &str) -> Option<String> {
    let t = text.trim_start();
    let quote = t.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let body = &t[1..];
    let end = body.find(quote)?;
    Some(body[..end].to_string()).filter(|s| !s.is_empty())
}

/// The value of an attribute in a start tag, unquoted; `None` when absent.
fn attribute(tag: &[u8], name: &str) -> Option<String> {
    let text = String::from_utf8_lossy(tag);
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name).map(|i| i + from) {
        from = i + name.len();
        // After a space, or right after a template tag
        // (`{% if on %}class="on"{% endif %}`).
        let before_ok =
            i > 0 && matches!(lower.as_bytes()[i - 1], b'}' | b' ' | b'\t' | b'\n' | b'\r');
        let after = lower[from..].trim_start();
        if !before_ok {
            continue;
        }
        let Some(value) = after.strip_prefix('=') else {
            if after.starts_with(['>', '/'])
                || after.is_empty()
                || after.starts_with(char::is_alphabetic)
            {
                return Some(String::new());
            }
            continue;
        };
        let offset = text.len() - value.len();
        let raw = text[offset..].trim_start();
        let value = match raw.chars().next() {
            Some(q @ ('"' | '\'')) => raw[1..].split(q).next().unwrap_or(""),
            _ => raw
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or(""),
        };
        return Some(value.to_string());
    }
    None
}

/// The `>` that ends a start tag, skipping quoted attribute values and
/// template tags (`action="{{ url_for('a') }}"`); letter case does not matter.
fn tag_end(lower: &[u8], start: usize) -> Option<usize> {
    let mut quote: Option<u8> = None;
    let mut i = start;
    while i < lower.len() {
        let c = lower[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'{' && matches!(lower.get(i + 1), Some(b'{' | b'%')) => {
                let close: &[u8] = if lower[i + 1] == b'{' { b"}}" } else { b"%}" };
                i = find(lower, close, i + 2)? + 1;
            }
            None if c == b'>' => return Some(i),
            None => {}
        }
        i += 1;
    }
    None
}

fn line_of(content: &[u8], pos: usize) -> u32 {
    content[..pos.min(content.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u32
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_urls_keep_their_element() {
        let page = br#"<table class="t {% if rw %}rw{% endif %}">
<tr data-url="{% url 'switch' c.code %}" {% if on %}class="on"{% endif %}>
<div class="edit-checks"
     data-url="{% url 'checks' c.code %}">x</div>
<a id="ping-now" data-url="{{ check.url }}" data-status-url='{% url "status" %}'>
<span data-class="x" data-url="{% url 'plain' %}">
<a id="base-url" class="brand" href="{% url 'index' %}">
<table id="log" data-url="{% url 'pings' check.code '0' as u %}">"#;
        let found: Vec<String> = data_urls(page)
            .into_iter()
            .map(|d| format!("{} {} {} {:?} {:?}", d.key, d.route, d.tag, d.id, d.classes))
            .collect();
        assert_eq!(
            found,
            vec![
                r#"data-status-url status a Some("ping-now") []"#,
                r#"data-url checks div None ["edit-checks"]"#,
                r#"data-url pings table Some("log") []"#,
                r#"data-url plain span None []"#,
                r#"data-url switch tr None ["on"]"#,
                r#"href index a Some("base-url") ["brand"]"#,
            ]
        );
        let pings = data_urls(page)
            .into_iter()
            .find(|d| d.route == "pings")
            .unwrap();
        assert_eq!(pings.args, vec![None, Some("0".into())]);
        let checks = data_urls(page)
            .into_iter()
            .find(|d| d.route == "checks")
            .unwrap();
        assert!(checks.matches(".rw .edit-checks"));
        assert!(checks.matches("div.edit-checks:first"));
        assert!(!checks.matches(".edit-checks button"));
        assert!(!checks.matches("#ping-now"));
        let status = data_urls(page)
            .into_iter()
            .find(|d| d.route == "status")
            .unwrap();
        assert!(status.matches("#ping-now") && status.matches("a#ping-now"));
        assert!(!status.matches("tr"));
    }

    #[test]
    fn scripts_and_masks() {
        let page = b"<p>x</p>\n<script src=\"a.js\"></script>\n<SCRIPT type=\"text/template\">no</SCRIPT>\n<script>\nvar d = {{ data|tojson }};\n{% if a %}go();{% endif %}\nfetch(\"{% url 'x' %}\");\n</script>";
        let ranges = script_ranges(page);
        assert_eq!(ranges.len(), 1);
        let masked = mask_template_tags(page, &ranges);
        let body = String::from_utf8(masked[ranges[0].clone()].to_vec()).unwrap();
        assert_eq!(
            body,
            "\nvar d = $$_______________;\n          go();           \nfetch(\"$$___________\");\n"
        );
        assert_eq!(masked.len(), page.len());
    }

    #[test]
    fn forms_and_tags() {
        let page = br#"<form action="{{ url_for('orders.checkout') }}" method="post">
<form method=POST action='/login'>
<form>
<a href="{% url 'polls:detail' q.id %}">x</a> {{ url_for("static", filename="a.css") }}
<form {% if c %}action="{% url 'rename' c.code %}"{% endif %} method="post">
"#;
        let got: Vec<String> = page_refs(page)
            .into_iter()
            .map(|r| {
                let url = r.url.and_then(|u| u.as_str().map(str::to_string));
                format!(
                    "{} {} {:?} {:?} {}",
                    r.via, r.method, url, r.route_name, r.line
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                r#"form url_for POST None Some("orders.checkout") 1"#,
                r#"form POST Some("/login") None 2"#,
                r#"url ANY None Some("polls:detail") 4"#,
                // an attribute right after a template tag is still read
                r#"form url POST None Some("rename") 5"#,
            ]
        );
    }
}
