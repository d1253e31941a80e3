//! The TMX reader: quick-xml events walked by a small recursive-descent parser.
//!
//! Tolerant where real files differ harmlessly (TMX 1.1 `lang=` or 1.4 `xml:lang`, any case, `zh_CN`,
//! UTF-16, comments anywhere, unknown optional elements skipped with a warning) and strict where the file
//! is broken (not well-formed XML, no `srclang`, a `<tuv>` without a language, a `<prop>` without its
//! `type`, `<ept>` without its `<bpt>`, `lang=` and `xml:lang=` mixed in one file). Every refusal is an
//! [`Error::Format`] naming the line and column.
//!
//! Inline codes are reduced to the text a translator reads: `bpt`, `ept`, `it`, `ph` and `ut` hold native
//! markup (`<b>`, `<img ...>`), so their content, including any `sub` inside, is dropped; `hi` marks a run
//! of ordinary text, which is kept. Where dropping a code leaves two spaces, one is kept.

mod elements;
mod source;

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::{TmxDocument, TmxHeader, TmxUnit};
use crate::limits::{self, MAX_WARNINGS, MAX_XML_DEPTH};
use crate::progress::Progress;
use crate::xml::{decode as decode_xml, doctype_refusal, sniff};
use crate::{Error, Result};
use source::{Decoding, Tracked};

/// Reads the TMX file at `path` whole (for a file of any size, [`TmxStream`] hands out one unit at a time).
pub fn read(path: &Path, progress: &mut dyn Progress) -> Result<TmxDocument> {
    let mut stream = TmxStream::open(path)?;
    progress.start(stream.total_bytes(), "Reading TMX");
    let mut units = Vec::new();
    let mut reported = 0;
    while let Some(unit) = stream.next_unit()? {
        units.push(unit);
        let now = stream.bytes_read();
        if now - reported >= 64 * 1024 {
            if !progress.advance(now - reported) {
                return Err(Error::Cancelled);
            }
            reported = now;
        }
    }
    Ok(stream.into_document(units))
}

/// Reads TMX from `bytes`; `path` names the source in messages.
pub fn read_bytes(path: &Path, bytes: &[u8], progress: &mut dyn Progress) -> Result<TmxDocument> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(empty(path));
    }
    let text = decode_xml(path, bytes)?;
    progress.start(text.len() as u64, "Reading TMX");
    let mut stream = TmxStream::from_reader(path, Box::new(text.as_bytes()), Arc::default(), 0)?;
    let mut units = Vec::new();
    while let Some(unit) = stream.next_unit()? {
        units.push(unit);
    }
    progress.advance(text.len() as u64);
    Ok(stream.into_document(units))
}

fn empty(path: &Path) -> Error {
    Error::format(
        path,
        None,
        "the file is empty (a TMX file starts with <tmx>)",
    )
}

/// A TMX file read as a stream: the header at once, then one `<tu>` at a time, so that a file of any size
/// is read in flat memory (a 2 GB file is never held whole).
pub struct TmxStream<'r> {
    parser: Parser<'r>,
    version: String,
    header: TmxHeader,
    state: State,
    raw_read: Arc<AtomicU64>,
    total: u64,
}

impl std::fmt::Debug for TmxStream<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TmxStream")
            .field("path", &self.parser.path)
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

/// Where the stream is in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    InBody,
    AfterBody,
    Done,
}

impl TmxStream<'static> {
    /// Opens the TMX file at `path` and reads its header.
    pub fn open(path: &Path) -> Result<TmxStream<'static>> {
        let mut file = File::open(path).map_err(|e| Error::io(path, e))?;
        let total = file.metadata().map(|m| m.len()).unwrap_or(0);
        let mut head = [0u8; 1024];
        let mut n = 0;
        while n < head.len() {
            match file.read(&mut head[n..]) {
                Ok(0) => break,
                Ok(k) => n += k,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Error::io(path, e)),
            }
        }
        let head = &head[..n];
        if head.iter().all(|b| b.is_ascii_whitespace()) && total <= n as u64 {
            return Err(empty(path));
        }
        let (encoding, bom) = sniff(path, head)?;
        let raw_read = Arc::new(AtomicU64::new(bom as u64));
        let rest = std::io::Cursor::new(head[bom..].to_vec()).chain(file);
        let decoded = Decoding::new(rest, encoding, raw_read.clone());
        // The head was read before the counter existed: count it once, not twice.
        raw_read.fetch_sub((n - bom) as u64, Ordering::Relaxed);
        Self::from_reader(path, Box::new(decoded), raw_read, total)
    }
}

impl<'r> TmxStream<'r> {
    fn from_reader(
        path: &Path,
        reader: Box<dyn BufRead + Send + 'r>,
        raw_read: Arc<AtomicU64>,
        total: u64,
    ) -> Result<TmxStream<'r>> {
        let mut parser = Parser::new(path, reader);
        let (version, header, state) = parser.prologue()?;
        Ok(TmxStream {
            parser,
            version,
            header,
            state,
            raw_read,
            total,
        })
    }

    /// The `version` attribute of `<tmx>`.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The header.
    pub fn header(&self) -> &TmxHeader {
        &self.header
    }

    /// The file's size in bytes (0 when unknown).
    pub fn total_bytes(&self) -> u64 {
        self.total
    }

    /// Bytes of the file read so far.
    pub fn bytes_read(&self) -> u64 {
        self.raw_read.load(Ordering::Relaxed)
    }

    /// The file named in messages.
    pub fn path(&self) -> &Path {
        &self.parser.path
    }

    /// The next `<tu>`, or `None` after the last one (the rest of the file checked).
    pub fn next_unit(&mut self) -> Result<Option<TmxUnit>> {
        loop {
            match self.state {
                State::InBody => match self.parser.body_next()? {
                    Some(unit) => return Ok(Some(unit)),
                    None => self.state = State::AfterBody,
                },
                State::AfterBody => {
                    self.state = if self.parser.tmx_children()? {
                        State::InBody
                    } else {
                        State::Done
                    }
                }
                State::Done => return Ok(None),
            }
        }
    }

    /// Warnings gathered so far (taken: each is handed out once).
    pub fn take_warnings(&mut self) -> Vec<String> {
        let mut warnings = std::mem::take(&mut self.parser.warnings);
        let more = std::mem::take(&mut self.parser.more_warnings);
        if more > 0 {
            warnings.push(format!(
                "{more} more warnings not shown (the first {MAX_WARNINGS} are)"
            ));
        }
        warnings
    }

    fn into_document(mut self, units: Vec<TmxUnit>) -> TmxDocument {
        TmxDocument {
            warnings: self.take_warnings(),
            version: self.version,
            header: self.header,
            units,
        }
    }
}

/// An event with character references and predefined entities already resolved. The text of a `Text`
/// event is in [`Parser::text`] (one buffer reused for every event: most are the white space between
/// elements).
enum Ev {
    Start(BytesStart<'static>),
    Empty(BytesStart<'static>),
    End,
    Text,
    Eof,
}

/// Which attribute names a `<tuv>`'s language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LangAttr {
    Lang,
    XmlLang,
}

impl LangAttr {
    fn name(self) -> &'static str {
        match self {
            LangAttr::Lang => "lang=",
            LangAttr::XmlLang => "xml:lang=",
        }
    }
}

struct Parser<'r> {
    path: PathBuf,
    reader: Reader<Tracked<Box<dyn BufRead + Send + 'r>>>,
    buf: Vec<u8>,
    /// The text of the last [`Ev::Text`].
    text: String,
    /// Byte offset where the last event began.
    at: u64,
    /// The language attribute the file's first `<tuv>` used, and its line.
    lang_attr: Option<(LangAttr, usize)>,
    /// Whether an inline code was just dropped (to join the spaces around it).
    after_code: bool,
    warnings: Vec<String>,
    /// Warnings past [`MAX_WARNINGS`], counted and not kept.
    more_warnings: usize,
    /// Elements open now (bounded by [`MAX_XML_DEPTH`], as in every XML reader here).
    depth: usize,
    /// The lines of `<tmx>` and of the `<body>` being read, for messages.
    tmx_line: usize,
    body_line: usize,
}

impl<'r> Parser<'r> {
    fn new(path: &Path, input: Box<dyn BufRead + Send + 'r>) -> Self {
        let mut reader = Reader::from_reader(Tracked::new(input));
        let config = reader.config_mut();
        config.trim_text(false);
        config.check_end_names = true;
        config.expand_empty_elements = false;
        Parser {
            path: path.to_path_buf(),
            reader,
            buf: Vec::new(),
            text: String::new(),
            at: 0,
            lang_attr: None,
            after_code: false,
            warnings: Vec::new(),
            more_warnings: 0,
            depth: 0,
            tmx_line: 0,
            body_line: 0,
        }
    }

    fn line(&self) -> usize {
        self.reader.get_ref().line_of(self.at)
    }

    /// A format error at the start of the last event.
    fn error(&self, message: impl Into<String>) -> Error {
        self.error_at(self.at, message)
    }

    fn error_at(&self, offset: u64, message: impl Into<String>) -> Error {
        let (line, column) = self.reader.get_ref().locate(offset);
        Error::Format {
            path: self.path.clone(),
            line: Some(line),
            column,
            message: message.into(),
        }
    }

    fn next(&mut self) -> Result<Ev> {
        loop {
            self.at = self.reader.buffer_position();
            self.buf.clear();
            let event = match self.reader.read_event_into(&mut self.buf) {
                Ok(ev) => ev,
                Err(quick_xml::Error::Io(e)) => {
                    let pos = self.reader.buffer_position();
                    let message = match e.kind() {
                        std::io::ErrorKind::InvalidData => e.to_string(),
                        _ => format!("cannot read the file: {e}"),
                    };
                    return Err(self.error_at(pos, message));
                }
                Err(quick_xml::Error::Encoding(e)) => {
                    let pos = self.reader.buffer_position();
                    return Err(self.error_at(pos, format!("the file is not valid UTF-8: {e}")));
                }
                Err(e) => {
                    let pos = self.reader.error_position();
                    return Err(self.error_at(pos, format!("not well-formed XML: {e}")));
                }
            };
            return match event {
                Event::Start(e) => {
                    let e = e.into_owned();
                    self.depth += 1;
                    if self.depth > MAX_XML_DEPTH {
                        return Err(self.error(limits::exceeded(
                            &format!("<{}> is nested {} elements deep", e.name().0, self.depth),
                            &format!("{MAX_XML_DEPTH} nested XML elements"),
                        )));
                    }
                    self.no_nul(&e[..])?;
                    Ok(Ev::Start(e))
                }
                Event::Empty(e) => {
                    let e = e.into_owned();
                    self.no_nul(&e[..])?;
                    Ok(Ev::Empty(e))
                }
                Event::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    Ok(Ev::End)
                }
                Event::Text(t) => {
                    self.text.clear();
                    self.text.push_str(&t.xml10_content());
                    self.no_nul(&self.text)?;
                    Ok(Ev::Text)
                }
                Event::CData(t) => {
                    self.text.clear();
                    self.text.push_str(&t.xml10_content());
                    Ok(Ev::Text)
                }
                Event::GeneralRef(r) => {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => Ok(c.to_string()),
                        Ok(None) => match &*r {
                            "lt" => Ok("<".into()),
                            "gt" => Ok(">".into()),
                            "amp" => Ok("&".into()),
                            "apos" => Ok("'".into()),
                            "quot" => Ok("\"".into()),
                            other => Err(format!(
                                "undefined entity &{other}; (only the five XML entities and character references are allowed)"
                            )),
                        },
                        Err(e) => Err(format!("bad character reference &{}; ({e})", &*r)),
                    };
                    match resolved {
                        Ok(t) => {
                            self.text = t;
                            Ok(Ev::Text)
                        }
                        Err(m) => Err(self.error(m)),
                    }
                }
                Event::DocType(d) => {
                    if let Some(message) = doctype_refusal(&d) {
                        return Err(self.error(message));
                    }
                    continue;
                }
                Event::Comment(_) | Event::PI(_) | Event::Decl(_) => continue,
                Event::Eof => Ok(Ev::Eof),
            };
        }
    }

    /// Refuses markup or text holding U+0000, which XML does not allow (the whole-file reader refuses it
    /// when decoding; here the file is never whole).
    fn no_nul(&self, raw: &str) -> Result<()> {
        match memchr::memchr(0, raw.as_bytes()) {
            None => Ok(()),
            Some(_) => Err(self.error(
                "a NUL character, which XML does not allow: the file is damaged or not text",
            )),
        }
    }

    fn attrs<'e>(&self, e: &'e BytesStart<'_>) -> Result<Attrs<'e>> {
        let mut out = Vec::new();
        for attr in e.attributes() {
            let attr = attr
                .map_err(|err| self.error(format!("bad attribute in <{}>: {err}", e.name().0)))?;
            let value = attr
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|err| {
                    self.error(format!("bad attribute value in <{}>: {err}", e.name().0))
                })?;
            out.push((attr.key.0, value));
        }
        Ok(Attrs(out))
    }

    fn error_at_line(&self, line: usize, message: impl Into<String>) -> Error {
        Error::format(&self.path, Some(line), message)
    }

    /// Reads segment content up to the end tag of the current element, dropping inline codes.
    fn prop_type(&self, e: &BytesStart<'_>) -> Result<String> {
        self.attrs(e)?
            .get("type")
            .map(str::to_string)
            .ok_or_else(|| self.error("<prop> without the required type attribute"))
    }

    fn prop(&mut self, e: &BytesStart<'_>) -> Result<(String, String)> {
        let kind = self.prop_type(e)?;
        let value = self.text_only("prop")?;
        Ok((kind, value))
    }

    /// The text content of an element that holds only text (`prop`, `note`).
    fn text_only(&mut self, name: &str) -> Result<String> {
        let line = self.line();
        let mut out = String::new();
        loop {
            match self.next()? {
                Ev::Text => out.push_str(&self.text),
                Ev::Start(e) | Ev::Empty(e) => {
                    return Err(self.error(format!(
                        "<{}> inside <{name}>, which holds text only",
                        e.name().0
                    )));
                }
                Ev::End => return Ok(out),
                Ev::Eof => return Err(self.unclosed(name, line)),
            }
        }
    }

    /// Keeps a warning, or counts it once [`MAX_WARNINGS`] are kept (a file of a million unknown
    /// elements must not make a million messages).
    fn warn(&mut self, message: String) {
        if self.warnings.len() < MAX_WARNINGS {
            self.warnings.push(message);
        } else {
            self.more_warnings += 1;
        }
    }

    fn warn_unknown(&mut self, name: &str, parent: &str) {
        let line = self.line();
        self.warn(format!(
            "line {line}: unknown element <{name}> in {parent} skipped"
        ));
    }

    fn skip_unknown(&mut self, name: &str, parent: &str) -> Result<()> {
        self.warn_unknown(name, parent);
        self.skip(name)
    }

    /// Skips to the end of the element whose start tag was just read.
    fn skip(&mut self, name: &str) -> Result<()> {
        let line = self.line();
        let mut depth = 0usize;
        loop {
            match self.next()? {
                Ev::Start(_) => depth += 1,
                Ev::End if depth == 0 => return Ok(()),
                Ev::End => depth -= 1,
                Ev::Eof => return Err(self.unclosed(name, line)),
                Ev::Empty(_) | Ev::Text => {}
            }
        }
    }

    fn unclosed(&self, name: &str, line: usize) -> Error {
        self.error(format!(
            "the file ends inside <{name}> (opened at line {line}): it is truncated"
        ))
    }
}

/// Attributes of one element, by full name (borrowed from the element where no entity needed resolving).
struct Attrs<'e>(Vec<(&'e str, Cow<'e, str>)>);

impl Attrs<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NoProgress;
    use crate::tm::lang::LangTag;
    use crate::tm::time::Timestamp;

    fn parse(xml: &str) -> Result<TmxDocument> {
        read_bytes(Path::new("t.tmx"), xml.as_bytes(), &mut NoProgress)
    }

    fn wrap(version: &str, body: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?>\n<tmx version=\"{version}\">\n<header creationtool=\"t\" creationtoolversion=\"1\" \
             segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"zh-CN\" datatype=\"plaintext\"/>\n<body>\n{body}\n</body>\n</tmx>\n"
        )
    }

    fn seg_text(seg: &str) -> String {
        let xml = wrap(
            "1.4",
            &format!("<tu><tuv xml:lang=\"zh-CN\"><seg>{seg}</seg></tuv></tu>"),
        );
        parse(&xml).unwrap().units[0].variants[0].text.clone()
    }

    #[test]
    fn inline_codes_reduce_to_text() {
        let cases = [
            ("plain 文本", "plain 文本"),
            ("a &amp; b &lt;c&gt; &#x1D400;&#65;", "a & b <c> 𝐀A"),
            (
                "The <bpt i=\"1\">&lt;b></bpt>big<ept i=\"1\">&lt;/b></ept> cat",
                "The big cat",
            ),
            (
                "Click <ph x=\"3\">&lt;IMG ALT=\"<sub>Start</sub>\"></ph> to <hi>start</hi>.",
                "Click to start.",
            ),
            (
                "First <it pos=\"begin\">&lt;b></it>sentence.",
                "First sentence.",
            ),
            (
                "3 <bpt i=\"5\" type=\"n\"/>xx<ept i=\"5\">&lt;/z></ept>",
                "3 xx",
            ),
            ("[&#x09;&#x09;  ]", "[\t\t  ]"),
            ("<![CDATA[a<b]]>", "a<b"),
            ("", ""),
        ];
        for (seg, want) in cases {
            assert_eq!(seg_text(seg), want, "{seg}");
        }
    }

    #[test]
    fn broken_files_name_line_and_reason() {
        let tu = |tuv: &str| format!("<tu>\n{tuv}\n</tu>");
        let cases = [
            (wrap("1.4", &tu("<tuv><seg>x</seg></tuv>")), 6, "no language"),
            (wrap("1.4", &tu("<tuv xml:lang=\"en\"><seg>a</seg><seg>b</seg></tuv>")), 6, "more than one <seg>"),
            (wrap("1.4", &tu("<tuv xml:lang=\"en\"></tuv>")), 6, "has no <seg>"),
            (wrap("1.4", &tu("<tuv xml:lang=\"en\"><seg><ept i=\"1\">x</ept></seg></tuv>")), 6, "closes no <bpt"),
            (wrap("1.4", &tu("<tuv xml:lang=\"en\"><seg><bpt i=\"1\">x</bpt></seg></tuv>")), 6, "no matching <ept>"),
            (wrap("1.4", &tu("<tuv xml:lang=\"en\"><seg>a <b>bold</b></seg></tuv>")), 6, "unexpected <b>"),
            (wrap("1.4", &tu("<prop>x</prop><tuv xml:lang=\"en\"><seg>a</seg></tuv>")), 6, "type attribute"),
            (wrap("1.4", &tu("<tuv xml:lang=\"en\"><seg>a &nbsp; b</seg></tuv>")), 6, "undefined entity"),
            (
                wrap("1.1", &tu("<tuv lang=\"en\"><seg>a</seg></tuv>\n<tuv xml:lang=\"de\"><seg>b</seg></tuv>")),
                7,
                "one convention",
            ),
            (wrap("1.4", &tu("<tuv xml:lang=\"en\"><seg>a</seg></tu>")), 6, "not well-formed"),
            ("<?xml version=\"1.0\"?>\n<tmx version=\"1.4\">\n<header srclang=\"en\"/>\n<body>\n<tu>".into(), 5, "ends inside <tu>"),
            ("<?xml version=\"1.0\"?>\n<html/>".into(), 2, "not <tmx>"),
            ("<tmx version=\"1.4\">\n<header/>\n<body/>\n</tmx>".into(), 2, "no srclang"),
            (
                "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [\n<!ENTITY lol \"lol\">\n]>\n<tmx version=\"1.4\"/>".into(),
                2,
                "declares entities",
            ),
        ];
        for (xml, want_line, want_msg) in cases {
            match parse(&xml) {
                Err(Error::Format { line, message, .. }) => {
                    assert_eq!(line, Some(want_line), "{want_msg}: {message}\n{xml}");
                    assert!(message.contains(want_msg), "{want_msg}: {message}");
                }
                other => panic!("{want_msg}: expected a format error, got {other:?}"),
            }
        }
    }

    #[test]
    fn versions_attribute_conventions_and_dates() {
        let xml = wrap(
            "1.1",
            "<tu tuid=\"7\" creationdate=\"20250101T120000Z\" srclang=\"EN_us\"><prop type=\"x-source-file\">a.txt</prop>\
             <tuv lang=\"en_US\"><seg>Hi</seg></tuv><tuv lang=\"ZH-cn\"><seg>你好</seg></tuv></tu>",
        );
        let doc = parse(&xml).unwrap();
        assert_eq!(doc.version, "1.1");
        let u = &doc.units[0];
        assert_eq!(u.tuid.as_deref(), Some("7"));
        assert_eq!(u.srclang.as_ref().map(LangTag::as_str), Some("en-US"));
        assert_eq!(u.variants[1].lang.as_str(), "zh-CN");
        assert_eq!(u.created, Timestamp::parse_tmx("20250101T120000Z"));
        assert_eq!(
            u.props,
            vec![("x-source-file".to_string(), "a.txt".to_string())]
        );
        let pairs = doc.bilingual_units();
        assert_eq!(pairs.len(), 1);
        assert_eq!(
            (pairs[0].source.text.as_str(), pairs[0].target.text.as_str()),
            ("Hi", "你好")
        );
    }

    #[test]
    fn empty_input_is_an_error_and_empty_body_is_not() {
        assert!(matches!(parse("  \n"), Err(Error::Format { .. })));
        let doc = parse(&wrap("1.4", "<!-- nothing -->")).unwrap();
        assert!(doc.units.is_empty());
    }
}
