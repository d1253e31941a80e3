//! [`XmlReader`]: quick-xml's events with references resolved, the safety rules applied, and positions
//! turned into lines and columns incrementally.

use std::borrow::Cow;
use std::cell::Cell;
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::{BytesEnd, BytesStart, Event};

use crate::limits::{self, MAX_XML_DEPTH};
use crate::{Error, Result};

/// One piece of an XML document as the format readers see it.
#[derive(Debug)]
pub enum XmlEvent<'a> {
    /// A start tag `<name ...>`.
    Start(BytesStart<'a>),
    /// An empty element `<name .../>`.
    Empty(BytesStart<'a>),
    /// An end tag (quick-xml has checked that it closes the open element).
    End(BytesEnd<'a>),
    /// Text, CDATA or one resolved reference (`&amp;`, `&#x4E2D;`), line ends normalised.
    Text(Cow<'a, str>),
    /// The end of the document.
    Eof,
}

/// Reads a decoded XML text event by event (see the module documentation of [`crate::xml`]).
pub struct XmlReader<'a> {
    path: &'a Path,
    text: &'a str,
    reader: Reader<&'a [u8]>,
    /// Byte offset where the last event began.
    at: usize,
    /// Elements open now.
    depth: usize,
    lines: Lines,
}

impl<'a> XmlReader<'a> {
    /// A reader over `text` (already decoded, see [`super::decode`]); `path` names the file in errors.
    pub fn new(path: &'a Path, text: &'a str) -> Self {
        let mut reader = Reader::from_str(text);
        let config = reader.config_mut();
        config.trim_text(false);
        config.check_end_names = true;
        config.expand_empty_elements = false;
        XmlReader {
            path,
            text,
            reader,
            at: 0,
            depth: 0,
            lines: Lines::new(),
        }
    }

    /// The next event. Errors name the file, line and column: XML that is not well-formed, an undefined
    /// entity, a DOCTYPE declaring entities, nesting deeper than [`MAX_XML_DEPTH`].
    pub fn read(&mut self) -> Result<XmlEvent<'a>> {
        loop {
            self.at = self.reader.buffer_position() as usize;
            let event = match self.reader.read_event() {
                Ok(event) => event,
                Err(e) => {
                    let pos = self.reader.error_position() as usize;
                    return Err(self.error_at(pos, format!("not well-formed XML: {e}")));
                }
            };
            return Ok(match event {
                Event::Start(e) => {
                    self.depth += 1;
                    if self.depth > MAX_XML_DEPTH {
                        return Err(self.error(limits::exceeded(
                            &format!("<{}> is nested {} elements deep", e.name().0, self.depth),
                            &format!("{MAX_XML_DEPTH} nested XML elements"),
                        )));
                    }
                    XmlEvent::Start(e)
                }
                Event::Empty(e) => XmlEvent::Empty(e),
                Event::End(e) => {
                    self.depth = self.depth.saturating_sub(1);
                    XmlEvent::End(e)
                }
                Event::Text(t) => XmlEvent::Text(t.xml10_content()),
                Event::CData(t) => XmlEvent::Text(t.xml10_content()),
                Event::GeneralRef(r) => {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => Cow::Owned(c.to_string()),
                        Ok(None) => Cow::Borrowed(match &*r {
                            "lt" => "<",
                            "gt" => ">",
                            "amp" => "&",
                            "apos" => "'",
                            "quot" => "\"",
                            other => {
                                return Err(self.error(format!(
                                    "undefined entity &{other}; (only the five XML entities and character \
                                     references are allowed)"
                                )));
                            }
                        }),
                        Err(e) => {
                            return Err(
                                self.error(format!("bad character reference &{}; ({e})", &*r))
                            );
                        }
                    };
                    XmlEvent::Text(resolved)
                }
                Event::DocType(d) => {
                    if let Some(message) = doctype_refusal(&d) {
                        return Err(self.error(message));
                    }
                    continue;
                }
                Event::Comment(_) | Event::PI(_) | Event::Decl(_) => continue,
                Event::Eof => XmlEvent::Eof,
            });
        }
    }

    /// The attributes of an element as `(name, value)`, values unescaped and normalised.
    pub fn attributes(&self, e: &BytesStart<'_>) -> Result<Vec<(String, String)>> {
        let mut out = Vec::new();
        for attr in e.attributes() {
            let attr = attr
                .map_err(|err| self.error(format!("bad attribute in <{}>: {err}", e.name().0)))?;
            let value = attr
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|err| {
                    self.error(format!("bad attribute value in <{}>: {err}", e.name().0))
                })?;
            out.push((attr.key.0.to_string(), value.into_owned()));
        }
        Ok(out)
    }

    /// Byte offset in the text where the last event began.
    pub fn at(&self) -> usize {
        self.at
    }

    /// Bytes of the text read so far (for progress).
    pub fn position(&self) -> usize {
        self.reader.buffer_position() as usize
    }

    /// Elements open now.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// The 1-based line where the last event began.
    pub fn line(&self) -> usize {
        self.lines.locate(self.text, self.at).0
    }

    /// A format error at the start of the last event, with its line and column.
    pub fn error(&self, message: impl Into<String>) -> Error {
        self.error_at(self.at, message)
    }

    /// A format error at byte `offset` of the text.
    pub fn error_at(&self, offset: usize, message: impl Into<String>) -> Error {
        let (line, column) = self.lines.locate(self.text, offset);
        Error::Format {
            path: self.path.to_path_buf(),
            line: Some(line),
            column: Some(column),
            message: message.into(),
        }
    }
}

/// Why a DOCTYPE is refused, if it is: it declares entities (naming an external one's address).
pub fn doctype_refusal(doctype: &str) -> Option<String> {
    let upper = doctype.to_ascii_uppercase();
    let at = upper.find("<!ENTITY")?;
    let decl = &upper[at..];
    let decl = &decl[..decl.find('>').map_or(decl.len(), |i| i + 1)];
    let external = decl.contains(" SYSTEM") || decl.contains(" PUBLIC");
    let why = "the DOCTYPE declares entities; refused: entity declarations are used to read other \
               files or the network (XXE) or to exhaust memory (\"billion laughs\"), and no TMX, TBX or \
               Word file needs them";
    Some(if external {
        // The original spelling of the declaration, shortened: the user sees what it asked to read.
        let original: String = doctype[at..at + decl.len()].chars().take(120).collect();
        format!("{why} (an external entity: {original})")
    } else {
        why.to_string()
    })
}

/// Line and column of offsets met in increasing order, counted from the last one asked for, so that a
/// reader asking at every element spends time linear in the file (a TMX written on one 10 MB line too).
/// An offset before the last one is counted from the start (only error messages ask for those).
struct Lines {
    /// Offset counted to, its line, and its column (1-based, in characters).
    state: Cell<(usize, usize, usize)>,
}

impl Lines {
    fn new() -> Self {
        Lines {
            state: Cell::new((0, 1, 1)),
        }
    }

    fn locate(&self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let (done, line, column) = self.state.get();
        if offset < done {
            return super::locate(text, offset);
        }
        let gap = &text[done..offset];
        let (line, column) = match memchr::memrchr(b'\n', gap.as_bytes()) {
            Some(last) => (
                line + memchr::memchr_iter(b'\n', gap.as_bytes()).count(),
                gap[last + 1..].chars().count() + 1,
            ),
            None => (line, column + gap.chars().count()),
        };
        self.state.set((offset, line, column));
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(xml: &str) -> Result<Vec<String>> {
        let path = Path::new("t.xml");
        let mut reader = XmlReader::new(path, xml);
        let mut out = Vec::new();
        loop {
            let event = reader.read()?;
            out.push(match event {
                XmlEvent::Start(e) => format!("<{}>", e.name().0),
                XmlEvent::Empty(e) => format!("<{}/>", e.name().0),
                XmlEvent::End(_) => "</>".into(),
                XmlEvent::Text(t) => t.into_owned(),
                XmlEvent::Eof => break,
            });
        }
        Ok(out)
    }

    #[test]
    fn references_resolve_and_markup_is_dropped() {
        let xml = "<?xml version=\"1.0\"?><!-- c --><?pi x?><!DOCTYPE a SYSTEM \"a.dtd\">\
                   <a>x &amp; &#x4E2D;&#25991;<![CDATA[<b>]]><e/></a>";
        assert_eq!(
            events(xml).unwrap(),
            ["<a>", "x ", "&", " ", "中", "文", "<b>", "<e/>", "</>"]
        );
    }

    #[test]
    fn refusals_name_line_column_and_reason() {
        let deep = format!(
            "<r>\n{}{}",
            "<d>".repeat(MAX_XML_DEPTH),
            "</d>".repeat(MAX_XML_DEPTH)
        );
        let cases = [
            ("<a>\n&nbsp;</a>", "t.xml:2:1: undefined entity &nbsp;"),
            ("<a>&#xFFFFFFF;</a>", "t.xml:1:4: bad character reference"),
            (
                "<?xml version=\"1.0\"?>\n<!DOCTYPE m [\n<!ENTITY a \"aaaa\">\n<!ENTITY b \"&a;&a;\">\n]>\n<m>&b;</m>",
                "t.xml:2:1: the DOCTYPE declares entities",
            ),
            (
                "<!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><m>&x;</m>",
                "(an external entity: <!ENTITY x SYSTEM \"file:///etc/passwd\">)",
            ),
            ("<a>\n<b>\n</a>", "t.xml:3:"),
            ("<a x=\"1\" x=\"2\"/>", "bad attribute"),
            (
                &deep,
                "t.xml:2:1534: <d> is nested 513 elements deep: refused",
            ),
        ];
        for (xml, want) in cases {
            let got = match events(xml) {
                Ok(events) => {
                    // Attribute errors surface when the attributes are read.
                    let mut reader = XmlReader::new(Path::new("t.xml"), xml);
                    match reader.read() {
                        Ok(XmlEvent::Empty(e)) => reader
                            .attributes(&e)
                            .map(|a| format!("{a:?}"))
                            .unwrap_or_else(|e| e.to_string()),
                        _ => format!("{events:?}"),
                    }
                }
                Err(e) => e.to_string(),
            };
            assert!(got.contains(want), "{got}\nshould contain {want}");
        }
    }

    #[test]
    fn lines_and_columns_follow_the_reader() {
        let xml = "<a>\n  <b x=\"1\"/>两<c/>\n<d/></a>";
        let mut reader = XmlReader::new(Path::new("t.xml"), xml);
        let mut seen = Vec::new();
        loop {
            match reader.read().unwrap() {
                XmlEvent::Start(e) | XmlEvent::Empty(e) => {
                    let (line, column) = reader.lines.locate(xml, reader.at());
                    seen.push((e.name().0.to_string(), line, column));
                }
                XmlEvent::Eof => break,
                _ => {}
            }
        }
        let want = [("a", 1, 1), ("b", 2, 3), ("c", 2, 14), ("d", 3, 1)];
        let want: Vec<(String, usize, usize)> = want
            .iter()
            .map(|(n, l, c)| (n.to_string(), *l, *c))
            .collect();
        assert_eq!(seen, want);
        // An earlier offset is still located right.
        assert_eq!(reader.lines.locate(xml, 4), (2, 1));
    }
}
