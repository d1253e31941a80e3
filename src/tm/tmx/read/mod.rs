//! The TMX reader: events from the shared XML layer ([`crate::xml`]) walked by a small descent parser
//! whose depth is fixed by the TMX structure (inline `hi` and `sub` nesting is counted, not recursed).
//!
//! Tolerant where real files differ harmlessly (TMX 1.1 `lang=` or 1.4 `xml:lang`, any case, `zh_CN`,
//! UTF-16, comments anywhere, unknown optional elements skipped with a warning) and strict where the file
//! is broken (not well-formed XML, no `srclang`, a `<tuv>` without a language, a `<prop>` without its
//! `type`, `<ept>` without its `<bpt>`, `lang=` and `xml:lang=` mixed in one file). Every refusal is an
//! [`Error::Format`] naming the line and column; the XML layer's limits (entity declarations, nesting
//! depth) apply as to every XML format.
//!
//! Inline codes are reduced to the text a translator reads: `bpt`, `ept`, `it`, `ph` and `ut` hold native
//! markup (`<b>`, `<img ...>`), so their content, including any `sub` inside, is dropped; `hi` marks a run
//! of ordinary text, which is kept. Where dropping a code leaves two spaces, one is kept.

mod elements;

use std::path::Path;

use quick_xml::events::BytesStart;

use super::TmxDocument;
use crate::limits::MAX_WARNINGS;
use crate::progress::Progress;
use crate::xml::{self, XmlEvent as Ev, XmlReader};
use crate::{Error, Result};

/// Reads the TMX file at `path`.
pub fn read(path: &Path, progress: &mut dyn Progress) -> Result<TmxDocument> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    read_bytes(path, &bytes, progress)
}

/// Reads TMX from `bytes`; `path` names the source in messages.
pub fn read_bytes(path: &Path, bytes: &[u8], progress: &mut dyn Progress) -> Result<TmxDocument> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::format(
            path,
            None,
            "the file is empty (a TMX file starts with <tmx>)",
        ));
    }
    let text = xml::decode(path, bytes)?;
    progress.start(text.len() as u64, "Reading TMX");
    Parser::new(path, &text, progress).document()
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

struct Parser<'a, 'p> {
    path: &'a Path,
    xml: XmlReader<'a>,
    progress: &'p mut dyn Progress,
    reported: usize,
    /// The language attribute the file's first `<tuv>` used, and its line.
    lang_attr: Option<(LangAttr, usize)>,
    /// Whether an inline code was just dropped (to join the spaces around it).
    after_code: bool,
    warnings: Vec<String>,
    /// Warnings past [`MAX_WARNINGS`], counted and not kept.
    more_warnings: usize,
}

impl<'a, 'p> Parser<'a, 'p> {
    fn new(path: &'a Path, text: &'a str, progress: &'p mut dyn Progress) -> Self {
        Parser {
            path,
            xml: XmlReader::new(path, text),
            progress,
            reported: 0,
            lang_attr: None,
            after_code: false,
            warnings: Vec::new(),
            more_warnings: 0,
        }
    }

    fn line(&self) -> usize {
        self.xml.line()
    }

    /// A format error at the start of the last event.
    fn error(&self, message: impl Into<String>) -> Error {
        self.xml.error(message)
    }

    fn next(&mut self) -> Result<Ev<'a>> {
        self.xml.read()
    }

    fn attrs(&self, e: &BytesStart<'_>) -> Result<Attrs> {
        Ok(Attrs(self.xml.attributes(e)?))
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

    /// The warnings kept, and a last one counting those that were not.
    fn take_warnings(&mut self) -> Vec<String> {
        let mut warnings = std::mem::take(&mut self.warnings);
        if self.more_warnings > 0 {
            warnings.push(format!(
                "{} more warnings not shown (the first {MAX_WARNINGS} are)",
                self.more_warnings
            ));
        }
        warnings
    }

    fn error_at_line(&self, line: usize, message: impl Into<String>) -> Error {
        Error::format(self.path, Some(line), message)
    }

    /// The `type` of a `<prop>`, which TMX requires.
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
                Ev::Text(t) => out.push_str(&t),
                Ev::Start(e) | Ev::Empty(e) => {
                    return Err(self.error(format!(
                        "<{}> inside <{name}>, which holds text only",
                        e.name().0
                    )));
                }
                Ev::End(_) => return Ok(out),
                Ev::Eof => return Err(self.unclosed(name, line)),
            }
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
                Ev::End(_) if depth == 0 => return Ok(()),
                Ev::End(_) => depth -= 1,
                Ev::Eof => return Err(self.unclosed(name, line)),
                Ev::Empty(_) | Ev::Text(_) => {}
            }
        }
    }

    fn unclosed(&self, name: &str, line: usize) -> Error {
        self.error(format!(
            "the file ends inside <{name}> (opened at line {line}): it is truncated"
        ))
    }
}

/// Attributes of one element, by full name.
struct Attrs(Vec<(String, String)>);

impl Attrs {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
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
