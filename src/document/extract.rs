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
use crate::Result;

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

/// The text blocks of a Markdown document: headings, paragraphs, list items, quotes and code blocks,
/// without the markup (links keep their text, images their alt text). An HTML block is gathered whole and
/// read as HTML (its blocks become paragraphs); inline tags carry no text of their own and are dropped.
pub fn markdown_paragraphs(name: &Path, md: &str) -> Result<Vec<String>> {
    use pulldown_cmark::{Event as Md, Parser, TagEnd};
    let mut paragraphs = Vec::new();
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
            ) => flush(&mut current, &mut paragraphs),
            // One parse per block, not per line: a block of a million lines is one page.
            Md::Html(h) => html_block.push_str(&h),
            Md::End(TagEnd::HtmlBlock) => {
                flush(&mut current, &mut paragraphs);
                paragraphs.extend(html_paragraphs(name, &html_block)?);
                html_block.clear();
            }
            _ => {}
        }
    }
    flush(&mut current, &mut paragraphs);
    Ok(paragraphs)
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
}
