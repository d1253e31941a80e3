//! The element tree TBX is read into, one entry at a time, over the shared XML layer ([`crate::xml`]):
//! decoding, references, the refusal of entity declarations and the nesting limit are the same as for
//! TMX and .docx. Only the entries being read are held as trees; the root keeps what is not detached.

use std::path::Path;

use crate::xml::{XmlEvent, XmlReader};
use crate::{Error, Result};

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

/// Reads the document, calling `on_start` for each element start (with the names of its ancestors, to
/// decide whether to build the element as a detached unit) and `on_complete` for each finished detached
/// element. The root element is returned, without its detached children.
pub(crate) fn read_tree(
    path: &Path,
    text: &str,
    mut on_start: impl FnMut(&[String], &Node) -> Result<Visit>,
    mut on_complete: impl FnMut(Node) -> Result<()>,
) -> Result<Node> {
    let mut xml = XmlReader::new(path, text);
    // The open elements, and their names apart (kept as the stack grows, not rebuilt per element).
    let mut stack: Vec<(Node, bool)> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut root: Option<Node> = None;
    loop {
        match xml.read()? {
            XmlEvent::Start(e) | XmlEvent::Empty(e) if root.is_some() => {
                return Err(Error::format(
                    path,
                    Some(xml.line()),
                    format!("content after the root element: <{}>", e.name().0),
                ));
            }
            XmlEvent::Start(e) => {
                let node = start_node(&xml, &e)?;
                let detach = matches!(on_start(&names, &node)?, Visit::Detach);
                names.push(node.name.clone());
                stack.push((node, detach));
            }
            XmlEvent::Empty(e) => {
                let node = start_node(&xml, &e)?;
                let detach = matches!(on_start(&names, &node)?, Visit::Detach);
                finish(&mut stack, &mut root, node, detach, &mut on_complete)?;
            }
            XmlEvent::End(_) => {
                let (node, detach) = stack
                    .pop()
                    .ok_or_else(|| xml.error("an end tag that closes no element"))?;
                names.pop();
                finish(&mut stack, &mut root, node, detach, &mut on_complete)?;
            }
            XmlEvent::Text(t) => {
                if let Some((top, _)) = stack.last_mut() {
                    top.text.push_str(&t);
                }
            }
            XmlEvent::Eof => break,
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

fn start_node(xml: &XmlReader<'_>, e: &quick_xml::events::BytesStart<'_>) -> Result<Node> {
    Ok(Node {
        name: e.name().0.to_string(),
        attrs: xml.attributes(e)?,
        line: xml.line(),
        ..Node::default()
    })
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
        read_tree(Path::new("t.tbx"), s, |_, _| Ok(Visit::Keep), |_| Ok(()))
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
        assert!(
            tree(undefined)
                .unwrap_err()
                .to_string()
                .starts_with("t.tbx:2:1: undefined entity &nbsp; (only the five XML entities")
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
        let err = tree("<a/>\n<b/>").unwrap_err().to_string();
        assert_eq!(err, "t.tbx:2: content after the root element: <b>");
    }

    #[test]
    fn ancestors_are_the_open_elements() {
        let mut seen = Vec::new();
        tree_with("<a><b><c/></b><d/></a>", |names, node| {
            seen.push(format!("{}/{}", names.join("/"), node.name));
        });
        assert_eq!(seen, ["/a", "a/b", "a/b/c", "a/d"]);
    }

    fn tree_with(s: &str, mut f: impl FnMut(&[String], &Node)) {
        read_tree(
            Path::new("t.tbx"),
            s,
            |names, node| {
                f(names, node);
                Ok(Visit::Keep)
            },
            |_| Ok(()),
        )
        .unwrap();
    }
}
