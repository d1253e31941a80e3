//! Text extraction from structured formats: HTML (visible text only), DOCX (paragraphs, see
//! [`super::docx`]) and Markdown.
//!
//! Each extractor returns the document's paragraphs as plain strings; [`super::load`] joins them with blank
//! lines so that every format flows through the same paragraph and sentence segmentation afterwards. The
//! HTML tree is walked with an iterator (no recursion), after [`super::html::parse`] has built it under
//! the nesting and size limits.

use std::path::Path;

use scraper::Node;

pub use super::docx::docx_paragraphs;
use crate::limits::{self, MAX_MARKDOWN_BLOCK};
use crate::{Error, Result};

/// Elements whose whole subtree is never visible text.
const HIDDEN: &[&str] = &[
    "script", "style", "noscript", "template", "head", "nav", "iframe", "svg", "canvas", "object",
    "embed", "select", "button", "form", "audio", "video", "map",
];

/// Elements that start a new paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "td",
    "th",
    "thead",
    "tbody",
    "tfoot",
    "caption",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "address",
    "hr",
    "br",
    "body",
    "html",
    "title",
    "center",
    "fieldset",
    "legend",
    "details",
    "summary",
];

/// Class or id words that mark navigation (menus and breadcrumbs), dropped with their subtree.
fn is_navigation(el: &scraper::node::Element) -> bool {
    if el
        .attr("role")
        .is_some_and(|r| r.eq_ignore_ascii_case("navigation"))
        || el.attr("aria-hidden").is_some_and(|v| v == "true")
        || el.attr("hidden").is_some()
    {
        return true;
    }
    if el.attr("style").is_some_and(|s| {
        s.replace(' ', "")
            .to_ascii_lowercase()
            .contains("display:none")
    }) {
        return true;
    }
    let words = el.attr("class").into_iter().chain(el.attr("id"));
    words
        .flat_map(|v| v.split(|c: char| c.is_whitespace() || c == '-' || c == '_'))
        .any(|w| {
            let w = w.to_ascii_lowercase();
            matches!(
                w.as_str(),
                "nav"
                    | "navbar"
                    | "navigation"
                    | "menu"
                    | "breadcrumb"
                    | "breadcrumbs"
                    | "sidebar"
                    | "skip"
            )
        })
}

/// The visible text of an HTML page, one string per block (paragraph). `name` names the file when the
/// page is refused (nested deeper than [`crate::limits::MAX_HTML_DEPTH`], or too many elements).
pub fn html_paragraphs(name: &Path, html: &str) -> Result<Vec<String>> {
    let doc = super::html::parse(name, html)?;
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    let mut skip_depth = 0usize;
    let mut pre_depth = 0usize;
    for edge in doc.tree.root().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    let name = el.name();
                    if skip_depth > 0 || HIDDEN.contains(&name) || is_navigation(el) {
                        skip_depth += 1;
                        continue;
                    }
                    if name == "pre" {
                        pre_depth += 1;
                    }
                    if BLOCKS.contains(&name) {
                        flush(&mut current, &mut paragraphs);
                    }
                }
                Node::Text(text) if skip_depth == 0 => {
                    if pre_depth > 0 {
                        for (i, line) in text.split('\n').enumerate() {
                            if i > 0 {
                                flush(&mut current, &mut paragraphs);
                            }
                            current.push_str(line);
                        }
                    } else {
                        push_collapsed(&mut current, text);
                    }
                }
                _ => {}
            },
            ego_tree::iter::Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    if skip_depth > 0 {
                        skip_depth -= 1;
                        continue;
                    }
                    if el.name() == "pre" {
                        pre_depth = pre_depth.saturating_sub(1);
                    }
                    if BLOCKS.contains(&el.name()) {
                        flush(&mut current, &mut paragraphs);
                    }
                }
            }
        }
    }
    flush(&mut current, &mut paragraphs);
    Ok(paragraphs)
}

/// Appends text with HTML's whitespace collapsing: any run of whitespace becomes one space, except that a
/// line break between two Chinese characters disappears (CSS segment-break rules), so hard-wrapped Chinese
/// source does not gain spaces. A pending line break is kept as `\n` until the next character decides it.
fn push_collapsed(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{A0}' && c != '\u{3000}' {
            if out.ends_with(' ') && c == '\n' {
                out.pop();
                out.push('\n');
            } else if !out.is_empty() && !out.ends_with([' ', '\n']) {
                out.push(if c == '\n' { '\n' } else { ' ' });
            }
        } else {
            if out.ends_with('\n') {
                out.pop();
                let before = out.chars().last();
                if !(before.is_some_and(super::segment::is_han) && super::segment::is_han(c)) {
                    out.push(' ');
                }
            }
            out.push(c);
        }
    }
}

/// Ends the paragraph being gathered: kept if it has text, trimmed.
pub(super) fn flush(current: &mut String, paragraphs: &mut Vec<String>) {
    if current.ends_with('\n') {
        current.pop();
    }
    let trimmed = current.trim();
    if !trimmed.is_empty() {
        paragraphs.push(trimmed.to_string());
    }
    current.clear();
}

/// Markdown longer than this is parsed in pieces of about this size, cut at blank lines outside fenced
/// code: pulldown-cmark builds the tree of its whole input before the first event, some 20 bytes per
/// byte of dense markup. (A reference link defined in another piece is then left as written.)
const MARKDOWN_PIECE: usize = 1 << 20;

/// The text blocks of a Markdown document: headings, paragraphs, list items, quotes and code blocks,
/// without the markup (links keep their text, images their alt text). An HTML block is gathered whole and
/// read as HTML (its blocks become paragraphs); inline tags carry no text of their own and are dropped.
/// A stretch of more than [`MAX_MARKDOWN_BLOCK`] without a blank line is refused.
pub fn markdown_paragraphs(name: &Path, md: &str) -> Result<Vec<String>> {
    let mut paragraphs = Vec::new();
    for piece in markdown_pieces(name, md)? {
        markdown_piece(name, piece, &mut paragraphs)?;
    }
    Ok(paragraphs)
}

/// Cuts a long Markdown text at blank lines outside fenced code into pieces of about [`MARKDOWN_PIECE`].
fn markdown_pieces<'a>(name: &Path, md: &'a str) -> Result<Vec<&'a str>> {
    if md.len() <= MARKDOWN_PIECE {
        return Ok(vec![md]);
    }
    let too_long = |line: usize| {
        Error::format(
            name,
            Some(line),
            limits::exceeded(
                &format!(
                    "a Markdown block of more than {} without a blank line",
                    limits::bytes(MAX_MARKDOWN_BLOCK as u64)
                ),
                &format!(
                    "{} per Markdown block",
                    limits::bytes(MAX_MARKDOWN_BLOCK as u64)
                ),
            ),
        )
    };
    let mut pieces = Vec::new();
    let (mut piece, mut block, mut pos) = (0, 0, 0);
    let mut block_line = 1;
    let mut fence: Option<(char, usize)> = None;
    for (n, line) in md.split_inclusive('\n').enumerate() {
        let line_start = pos;
        pos += line.len();
        let trimmed = line.trim_start_matches(' ');
        let marker = (line.len() - trimmed.len() <= 3)
            .then(|| fence_marker(trimmed))
            .flatten();
        match (fence, marker) {
            (None, Some(open)) => {
                if line_start - block > MAX_MARKDOWN_BLOCK {
                    return Err(too_long(block_line));
                }
                fence = Some(open);
            }
            (Some((c, len)), Some((c2, len2))) if c == c2 && len2 >= len => {
                fence = None;
                (block, block_line) = (pos, n + 2);
            }
            _ => {}
        }
        if fence.is_none() && line.trim().is_empty() {
            if line_start - block > MAX_MARKDOWN_BLOCK {
                return Err(too_long(block_line));
            }
            if pos - piece >= MARKDOWN_PIECE {
                pieces.push(&md[piece..pos]);
                piece = pos;
            }
            (block, block_line) = (pos, n + 2);
        }
    }
    if fence.is_none() && pos - block > MAX_MARKDOWN_BLOCK {
        return Err(too_long(block_line));
    }
    if piece < md.len() {
        pieces.push(&md[piece..]);
    }
    Ok(pieces)
}

/// The fence character and length a line opens or closes fenced code with (three or more backticks or
/// tildes).
fn fence_marker(line: &str) -> Option<(char, usize)> {
    let c = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = line.chars().take_while(|x| *x == c).count();
    (len >= 3).then_some((c, len))
}

fn markdown_piece(name: &Path, md: &str, paragraphs: &mut Vec<String>) -> Result<()> {
    use pulldown_cmark::{Event as Md, Parser, TagEnd};
    let mut current = String::new();
    let mut html_block = String::new();
    for event in Parser::new(md) {
        match event {
            Md::Text(t) | Md::Code(t) => current.push_str(&t),
            Md::SoftBreak => {
                let last_han = current.chars().last().is_some_and(super::segment::is_han);
                if !last_han {
                    current.push(' ');
                }
            }
            Md::HardBreak => current.push('\n'),
            Md::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableCell,
            ) => flush(&mut current, paragraphs),
            // One parse per block, not per line: a block of a million lines is one page.
            Md::Html(h) => html_block.push_str(&h),
            Md::End(TagEnd::HtmlBlock) => {
                flush(&mut current, paragraphs);
                paragraphs.extend(html_paragraphs(name, &html_block)?);
                html_block.clear();
            }
            _ => {}
        }
    }
    flush(&mut current, paragraphs);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_keeps_visible_blocks_and_drops_script_style_navigation() {
        let html = r#"<!doctype html><html><head><title>T</title><style>p{color:red}</style></head>
            <body><nav><a href="/">Home</a> &gt; News</nav>
            <div class="breadcrumb">Home &gt; News Content</div>
            <h1>重庆与加州  深化合作</h1>
            <p>第一段，介绍
               两江新区。</p><script>var x = "不可见";</script>
            <p>Second <b>paragraph</b> with&nbsp;entities &amp; more.</p>
            <ul><li>one</li><li>two</li></ul>
            <p style="display: none">hidden</p>
            </body></html>"#;
        assert_eq!(
            html_paragraphs(Path::new("a.html"), html).unwrap(),
            [
                "重庆与加州 深化合作",
                "第一段，介绍两江新区。",
                "Second paragraph with\u{a0}entities & more.",
                "one",
                "two"
            ]
        );
    }

    #[test]
    fn markdown_blocks_without_markup() {
        let md = "# 标题\n\nA [link](http://x) and *emphasis*.\n\n- item one\n- item two\n\n> 引用\n> 继续";
        assert_eq!(
            markdown_paragraphs(Path::new("a.md"), md).unwrap(),
            [
                "标题",
                "A link and emphasis.",
                "item one",
                "item two",
                "引用继续"
            ]
        );
    }

    #[test]
    fn long_markdown_is_read_in_pieces_and_endless_blocks_are_refused() {
        let para = "Some *emphasis* and a [link](http://x).\n\n";
        let fenced = "```\ncode\n\nmore code\n```\n\n";
        let md = format!("{}{fenced}{}", para.repeat(30_000), para.repeat(30_000));
        let pieces = markdown_pieces(Path::new("a.md"), &md).unwrap();
        assert!(pieces.len() > 1 && pieces.concat() == md);
        assert!(
            pieces
                .iter()
                .all(|p| p.ends_with("\n\n") || std::ptr::eq(*p, pieces[pieces.len() - 1]))
        );
        let got = markdown_paragraphs(Path::new("a.md"), &md).unwrap();
        assert_eq!(got.len(), 60_001);
        assert_eq!(got[30_000], "code\n\nmore code");
        let endless = format!("# Title\n\n{}", "word ".repeat(MAX_MARKDOWN_BLOCK / 5 + 1));
        let err = markdown_paragraphs(Path::new("a.md"), &endless)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(
                "a.md:3: a Markdown block of more than 4 MiB without a blank line: refused"
            ),
            "{err}"
        );
    }
}
