//! Safe XML reading for TBX: decoding by byte-order mark or the XML declaration, a small element tree
//! built one entry at a time, line numbers for messages, and refusal of any DOCTYPE that declares
//! entities (external entities can read local files; nested ones expand to gigabytes). Only the five
//! predefined entities and character references are resolved.

use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::{Error, Result};

/// A decoded XML document with a line index.
pub(crate) struct XmlText {
    pub text: String,
    newlines: Vec<usize>,
}

impl XmlText {
    /// Decodes `bytes`: BOM first, then `encoding="..."` in the XML declaration, else UTF-8.
    pub fn decode(path: &Path, bytes: &[u8]) -> Result<XmlText> {
        let encoding = match encoding_rs::Encoding::for_bom(bytes) {
            Some((enc, _)) => enc,
            None => declared_encoding(bytes).unwrap_or(encoding_rs::UTF_8),
        };
        let (text, _, bad) = encoding.decode(bytes);
        if bad {
            let valid = match encoding == encoding_rs::UTF_8 {
                true => std::str::from_utf8(bytes)
                    .map_err(|e| e.valid_up_to())
                    .err(),
                false => None,
            };
            let line = valid.map(|v| bytes[..v].iter().filter(|&&b| b == b'\n').count() + 1);
            return Err(Error::format(
                path,
                line,
                format!(
                    "invalid bytes for the declared encoding {}",
                    encoding.name()
                ),
            ));
        }
        let text = text.into_owned();
        let newlines = memchr::memchr_iter(b'\n', text.as_bytes()).collect();
        Ok(XmlText { text, newlines })
    }

    /// The 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.newlines.partition_point(|&n| n < offset) + 1
    }
}

fn declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(200)];
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    let at = decl.find("encoding")? + "encoding".len();
    let rest = decl[at..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = rest[1..].split(quote).next()?;
    encoding_rs::Encoding::for_label(value.trim().as_bytes())
}

/// An element with its attributes, text and children.
#[derive(Debug, Default, Clone)]
pub(crate) struct Node {
    /// Qualified name as written (`descrip`, `basic:definition`).
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
    /// Text directly inside the element (not inside children).
    pub text: String,
    /// 1-based line of the start tag.
    pub line: usize,
}

impl Node {
    /// The name without a namespace prefix.
    pub fn local(&self) -> &str {
        self.name.rsplit(':').next().unwrap_or(&self.name)
    }

    /// Whether the name has a namespace prefix (TBX v3 DCT style data categories).
    pub fn prefixed(&self) -> bool {
        self.name.contains(':')
    }

    /// An attribute's value.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// All text inside the element, children included, with runs of white space collapsed.
    pub fn all_text(&self) -> String {
        let mut raw = String::new();
        self.collect_text(&mut raw);
        raw.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn collect_text(&self, out: &mut String) {
        out.push_str(&self.text);
        for c in &self.children {
            out.push(' ');
            c.collect_text(out);
        }
    }

    /// Child elements with this local name.
    pub fn children_named<'a>(&'a self, local: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children
            .iter()
            .filter(move |c| c.local() == local && !c.prefixed())
    }
}

/// What the caller wants to do with an element once it has been read.
pub(crate) enum Visit {
    /// Keep it in the tree (attached to its parent).
    Keep,
    /// Hand the finished element to `on_complete` and do not attach it (one entry at a time).
    Detach,
}

/// Reads the document, calling `on_start` for each element start (with the path of ancestor names, to
/// decide whether to build the element as a detached unit) and `on_complete` for each finished detached
/// element. The root element is returned, without its detached children.
pub(crate) fn read_tree(
    path: &Path,
    xml: &XmlText,
    mut on_start: impl FnMut(&[&str], &Node) -> Result<Visit>,
    mut on_complete: impl FnMut(Node) -> Result<()>,
) -> Result<Node> {
    let mut reader = Reader::from_str(&xml.text);
    reader.config_mut().trim_text(false);
    let err_at = |reader: &Reader<&[u8]>, msg: String| {
        Error::format(path, Some(xml.line(reader.error_position() as usize)), msg)
    };
    let mut stack: Vec<(Node, bool)> = Vec::new();
    let mut root: Option<Node> = None;
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .map_err(|e| err_at(&reader, format!("not well-formed XML: {e}")))?;
        match event {
            Event::DocType(d) => {
                let lower = d.to_ascii_lowercase();
                if lower.contains("<!entity") {
                    return Err(Error::format(
                        path,
                        Some(xml.line(before)),
                        "the DOCTYPE declares entities; files with entity declarations are refused \
                         (they can read other files or expand to gigabytes)",
                    ));
                }
            }
            Event::Start(e) | Event::Empty(e) if root.is_some() => {
                return Err(Error::format(
                    path,
                    Some(xml.line(before)),
                    format!(
                        "content after the root element: <{}>",
                        e.name().into_inner()
                    ),
                ));
            }
            Event::Start(e) => {
                let node = start_node(path, xml, before, &e)?;
                let ancestors: Vec<&str> = stack.iter().map(|(n, _)| n.name.as_str()).collect();
                let detach = matches!(on_start(&ancestors, &node)?, Visit::Detach);
                stack.push((node, detach));
            }
            Event::Empty(e) => {
                let node = start_node(path, xml, before, &e)?;
                let ancestors: Vec<&str> = stack.iter().map(|(n, _)| n.name.as_str()).collect();
                let detach = matches!(on_start(&ancestors, &node)?, Visit::Detach);
                finish(&mut stack, &mut root, node, detach, &mut on_complete)?;
            }
            Event::End(_) => {
                let (node, detach) = stack.pop().expect("the reader checks end tags");
                finish(&mut stack, &mut root, node, detach, &mut on_complete)?;
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(t) => push_text(&mut stack, &t),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match &*r {
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "amp" => "&".into(),
                        "apos" => "'".into(),
                        "quot" => "\"".into(),
                        other => {
                            return Err(Error::format(
                                path,
                                Some(xml.line(before)),
                                format!(
                                    "undefined entity &{other}; (only the five XML entities are allowed)"
                                ),
                            ));
                        }
                    },
                    Err(e) => {
                        return Err(Error::format(path, Some(xml.line(before)), e.to_string()));
                    }
                };
                push_text(&mut stack, &c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some((open, _)) = stack.last() {
        return Err(Error::format(
            path,
            Some(open.line),
            format!("<{}> is never closed (the file ends early)", open.name),
        ));
    }
    root.ok_or_else(|| Error::format(path, None, "no XML element in the file"))
}

fn start_node(path: &Path, xml: &XmlText, at: usize, e: &BytesStart<'_>) -> Result<Node> {
    let line = xml.line(at);
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a =
            a.map_err(|err| Error::format(path, Some(line), format!("bad attribute: {err}")))?;
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|err| {
                Error::format(path, Some(line), format!("bad attribute value: {err}"))
            })?;
        attrs.push((a.key.into_inner().to_string(), value.into_owned()));
    }
    Ok(Node {
        name: e.name().into_inner().to_string(),
        attrs,
        line,
        ..Node::default()
    })
}

fn push_text(stack: &mut [(Node, bool)], text: &str) {
    if let Some((top, _)) = stack.last_mut() {
        top.text.push_str(text);
    }
}

fn finish(
    stack: &mut [(Node, bool)],
    root: &mut Option<Node>,
    node: Node,
    detach: bool,
    on_complete: &mut impl FnMut(Node) -> Result<()>,
) -> Result<()> {
    if detach {
        return on_complete(node);
    }
    match stack.last_mut() {
        Some((parent, _)) => parent.children.push(node),
        None => *root = Some(node),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(s: &str) -> Result<Node> {
        let p = Path::new("t.tbx");
        let xml = XmlText::decode(p, s.as_bytes())?;
        read_tree(p, &xml, |_, _| Ok(Visit::Keep), |_| Ok(()))
    }

    #[test]
    fn entities_are_refused_and_refs_resolved() {
        let bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE m [\n<!ENTITY a \"aaaa\">\n<!ENTITY b \"&a;&a;\">\n]>\n<m>&b;</m>";
        let err = tree(bomb).unwrap_err().to_string();
        assert!(
            err.starts_with("t.tbx:2:") && err.contains("entit"),
            "{err}"
        );
        let ext = "<!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><m>&x;</m>";
        assert!(tree(ext).unwrap_err().to_string().contains("entit"));
        let undefined = "<m>\n&nbsp;</m>";
        assert_eq!(
            tree(undefined).unwrap_err().to_string(),
            "t.tbx:2: undefined entity &nbsp; (only the five XML entities are allowed)"
        );
        let ok = tree("<!DOCTYPE martif SYSTEM \"TBXcoreStructV02.dtd\"><m a=\"x&amp;y\">&lt;&#x00E9;&#233;</m>").unwrap();
        assert_eq!((ok.text.as_str(), ok.attr("a")), ("<éé", Some("x&y")));
    }

    #[test]
    fn malformed_xml_names_the_line() {
        let err = tree("<a>\n<b>\n</a>").unwrap_err().to_string();
        assert!(err.starts_with("t.tbx:3:"), "{err}");
        let err = tree("<a>\n<b>").unwrap_err().to_string();
        assert!(err.starts_with("t.tbx:"), "{err}");
    }

    #[test]
    fn declared_legacy_encoding() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1254
            .encode("<?xml version='1.0' encoding=\"windows-1254\" ?><t>ışğ</t>");
        let xml = XmlText::decode(Path::new("x"), &bytes).unwrap();
        assert!(xml.text.ends_with("<t>ışğ</t>"));
    }
}
