//! Text helpers shared by every stage: a leaf module (it uses nothing of the
//! crate), so discovery, extraction and the language rules can all count and
//! decode text without depending on each other.

/// Where `needle` first occurs in `haystack` at or after `from`.
pub fn find_bytes(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from >= haystack.len() || needle.is_empty() {
        return None;
    }
    haystack[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Python's `if __name__ == "__main__":` at the start of a line: the file
/// runs as a program.
pub fn runs_as_program(content: &[u8]) -> bool {
    let mut at = 0;
    while let Some(i) = find_bytes(content, b"__main__", at) {
        let start = content[..i]
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |p| p + 1);
        let line = &content[start..i];
        if line.starts_with(b"if ") && find_bytes(line, b"__name__", 0).is_some() {
            return true;
        }
        at = i + 8;
    }
    false
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programs_have_a_main_guard_at_a_line_start() {
        assert!(runs_as_program(
            b"def main():\n    pass\n\nif __name__ == \"__main__\":\n    main()\n"
        ));
        assert!(runs_as_program(b"if __name__ == '__main__':\n    run()"));
        assert!(!runs_as_program(b"x = '__main__'\nprint(__name__)\n"));
        assert!(!runs_as_program(
            b"    # if __name__ == '__main__' in a comment\n"
        ));
        assert_eq!(find_bytes(b"abcabc", b"ca", 0), Some(2));
        assert_eq!(find_bytes(b"abc", b"", 0), None);
    }
}
