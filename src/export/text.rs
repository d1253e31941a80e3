//! Plain-text export: UTF-8 without a byte-order mark, `\n` line breaks, written atomically.
//!
//! Main items: [`write`] (paragraphs separated by blank lines), [`write_text`] (a text as it stands) and
//! [`paragraphs_of`] (splitting a cleaned text into the paragraphs every exporter takes).

use std::path::Path;

use crate::Result;

/// The paragraphs of a text: each non-blank line is one paragraph (scraped releases put one paragraph on a
/// line; blank lines only separate them). Surrounding spaces are trimmed.
pub fn paragraphs_of(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The text [`write`] produces: paragraphs separated by a blank line, ending with a line break.
pub fn render(paragraphs: &[String]) -> String {
    let mut out = String::new();
    for p in paragraphs {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(p.trim_end_matches(['\n', '\r']));
        out.push('\n');
    }
    out
}

/// Writes paragraphs to `path` as UTF-8 text, one blank line between paragraphs.
pub fn write(path: &Path, paragraphs: &[String]) -> Result<()> {
    super::write_atomic(path, render(paragraphs).as_bytes())
}

/// Writes `text` to `path` exactly as it is, as UTF-8.
pub fn write_text(path: &Path, text: &str) -> Result<()> {
    super::write_atomic(path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_round_trip() {
        let text = "標題\n\n  第一段。\n\n\n第二段，English too.  \n";
        let paragraphs = paragraphs_of(text);
        assert_eq!(paragraphs, vec!["標題", "第一段。", "第二段，English too."]);
        assert_eq!(
            render(&paragraphs),
            "標題\n\n第一段。\n\n第二段，English too.\n"
        );
        assert_eq!(render(&[]), "");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write(&path, &paragraphs).unwrap();
        assert_eq!(
            std::fs::read(&path).unwrap(),
            render(&paragraphs).into_bytes()
        );
    }
}
