//! Text extraction from structured formats: HTML (visible text only), DOCX (paragraphs) and Markdown.
//!
//! Each extractor returns the document's paragraphs as plain strings; [`super::load`] joins them with blank
//! lines so that every format flows through the same paragraph and sentence segmentation afterwards.

use std::io::Read;
use std::path::Path;

use quick_xml::events::Event;
use scraper::{Html, Node};

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

/// The visible text of an HTML page, one string per block (paragraph).
pub fn html_paragraphs(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
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
    paragraphs
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

fn flush(current: &mut String, paragraphs: &mut Vec<String>) {
    if current.ends_with('\n') {
        current.pop();
    }
    let trimmed = current.trim();
    if !trimmed.is_empty() {
        paragraphs.push(trimmed.to_string());
    }
    current.clear();
}

/// The paragraphs of a .docx file (`word/document.xml`), tables included, in reading order.
pub fn docx_paragraphs(path: &Path, bytes: &[u8]) -> Result<Vec<String>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        Error::format(
            path,
            None,
            format!("not a valid .docx file (it is not a zip archive: {e})"),
        )
    })?;
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .map_err(|_| {
            Error::format(
                path,
                None,
                "not a valid .docx file (word/document.xml is missing)",
            )
        })?
        .read_to_string(&mut xml)
        .map_err(|e| Error::format(path, None, format!("cannot read word/document.xml: {e}")))?;
    docx_xml_paragraphs(path, &xml)
}

/// Paragraphs from the WordprocessingML body: `w:p` are paragraphs, `w:t` text, `w:tab` a tab and
/// `w:br`/`w:cr` a line break. Deleted text (`w:del`) and field instructions are skipped.
fn docx_xml_paragraphs(path: &Path, xml: &str) -> Result<Vec<String>> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    let mut in_text = false;
    let mut skip = 0usize;
    loop {
        let event = reader.read_event().map_err(|e| {
            Error::format(
                path,
                None,
                format!(
                    "word/document.xml is not well-formed XML at byte {}: {e}",
                    reader.error_position()
                ),
            )
        })?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "t" if skip == 0 => in_text = true,
                "del" | "instrText" | "delText" => skip += 1,
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" if skip == 0 => current.push('\t'),
                "br" | "cr" if skip == 0 => current.push('\n'),
                "p" => flush(&mut current, &mut paragraphs),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => flush(&mut current, &mut paragraphs),
                "del" | "instrText" | "delText" => skip = skip.saturating_sub(1),
                _ => {}
            },
            Event::Text(t) if in_text && skip == 0 => current.push_str(&t.xml10_content()),
            Event::CData(t) if in_text && skip == 0 => current.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text && skip == 0 => {
                let entity = format!("&{};", &*r);
                match quick_xml::escape::unescape(&entity) {
                    Ok(s) => current.push_str(&s),
                    Err(_) => current.push_str(&entity),
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    flush(&mut current, &mut paragraphs);
    Ok(paragraphs)
}

/// The text blocks of a Markdown document: headings, paragraphs, list items, quotes and code blocks,
/// without the markup (links keep their text, images their alt text).
pub fn markdown_paragraphs(md: &str) -> Vec<String> {
    use pulldown_cmark::{Event as Md, Parser, TagEnd};
    let mut paragraphs = Vec::new();
    let mut current = String::new();
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
            Md::Html(h) | Md::InlineHtml(h) => {
                let text = html_paragraphs(&h).join(" ");
                current.push_str(&text);
            }
            _ => {}
        }
    }
    flush(&mut current, &mut paragraphs);
    paragraphs
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
            html_paragraphs(html),
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
    fn docx_xml_paragraphs_text_tabs_and_entities() {
        let xml = r#"<?xml version="1.0"?><w:document xmlns:w="x"><w:body>
            <w:p><w:r><w:t>渝洽会</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">CCISF &amp; more</w:t></w:r></w:p>
            <w:p/><w:p><w:r><w:del><w:t>gone</w:t></w:del><w:t>Kept</w:t></w:r></w:p>
            </w:body></w:document>"#;
        assert_eq!(
            docx_xml_paragraphs(Path::new("a.docx"), xml).unwrap(),
            ["渝洽会\tCCISF & more", "Kept"]
        );
    }

    #[test]
    fn docx_that_is_not_a_zip_names_the_file() {
        let err = docx_paragraphs(Path::new("report.docx"), b"plain text")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("report.docx") && err.contains("not a zip"),
            "{err}"
        );
    }

    #[test]
    fn markdown_blocks_without_markup() {
        let md = "# 标题\n\nA [link](http://x) and *emphasis*.\n\n- item one\n- item two\n\n> 引用\n> 继续";
        assert_eq!(
            markdown_paragraphs(md),
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
