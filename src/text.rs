//! Text helpers shared by every stage: a leaf module (it uses nothing of the
//! crate), so discovery, extraction and the language rules can all count and
//! decode text without depending on each other.

/// Lines as a reader counts them: a final line without `\n` still counts.
pub fn count_lines(content: &[u8]) -> u32 {
    let newlines = content.iter().filter(|&&b| b == b'\n').count();
    let unterminated = !content.is_empty() && !content.ends_with(b"\n");
    (newlines + usize::from(unterminated)) as u32
}

/// Nesting of `(`, `[` and `{` in the source, counted on bytes (strings and
/// comments included; it only has to flag pathological files cheaply).
pub fn bracket_depth(source: &[u8]) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for &b in source {
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// Decodes the common escapes; others are kept as written.
pub fn unescape(s: &str) -> String {
    if !s.contains('\\') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other @ ('\\' | '\'' | '"' | '/' | '`' | '$')) => out.push(other),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}
