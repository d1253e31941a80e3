//! Markdown export: an optional `# title`, then one paragraph per block, with the characters Markdown would
//! read as formatting escaped, so that the text shows exactly as written. Written atomically.

use std::path::Path;

use crate::Result;

/// Escapes what CommonMark would take for markup: inline markers anywhere, block markers at a line start.
fn escape(paragraph: &str) -> String {
    let mut out = String::with_capacity(paragraph.len() + 8);
    for (n, line) in paragraph.lines().enumerate() {
        if n > 0 {
            // A hard line break keeps the line structure inside a paragraph.
            out.push_str("\\\n");
        }
        let body = line.trim_start();
        // Block markers: headings, quotes, list items, thematic breaks, ordered lists ("1." / "1)").
        let digits = body.bytes().take_while(u8::is_ascii_digit).count();
        let ordered = digits > 0 && matches!(body.as_bytes().get(digits), Some(b'.' | b')'));
        let block = body.starts_with(['#', '>', '+', '-', '=', '|']) || ordered;
        for (k, c) in body.char_indices() {
            if (block && ((!ordered && k == 0) || (ordered && k == digits)))
                || matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '~')
            {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// The Markdown text for a title and paragraphs.
pub fn render(paragraphs: &[String], title: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(t) = title.map(str::trim).filter(|t| !t.is_empty()) {
        out.push_str("# ");
        out.push_str(&escape(&t.replace('\n', " ")));
        out.push_str("\n\n");
    }
    for p in paragraphs
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
    {
        out.push_str(&escape(p));
        out.push_str("\n\n");
    }
    if out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Writes paragraphs (and a title) to `path` as Markdown.
pub fn write(path: &Path, paragraphs: &[String], title: Option<&str>) -> Result<()> {
    super::write_atomic(path, render(paragraphs, title).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        let cases = [
            ("重庆（Chongqing）是直辖市。", "重庆（Chongqing）是直辖市。"),
            ("# not a heading", "\\# not a heading"),
            ("1. not a list", "1\\. not a list"),
            ("- not a bullet", "\\- not a bullet"),
            ("a *b* _c_ [d](e) <f>", "a \\*b\\* \\_c\\_ \\[d\\](e) \\<f>"),
            ("line one\nline two", "line one\\\nline two"),
        ];
        for (input, want) in cases {
            assert_eq!(escape(input), want, "{input}");
        }
        let md = render(&["第一段".into(), "".into(), "Second".into()], Some("標題"));
        assert_eq!(md, "# 標題\n\n第一段\n\nSecond\n");
    }
}
