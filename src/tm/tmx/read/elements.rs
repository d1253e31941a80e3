//! The TMX element structure (`tmx`, `header`, `body`, `tu`, `tuv`, `seg`) and the inline codes inside
//! segments, as methods of the reader's parser.

use quick_xml::events::BytesStart;

use super::{Attrs, Ev, LangAttr, Parser, State};
use crate::Result;
use crate::tm::lang::{LangStyle, LangTag};
use crate::tm::time::Timestamp;
use crate::tm::tmx::{TmxHeader, TmxUnit};
use crate::tm::unit::Segment;

impl Parser<'_> {
    /// Reads up to the first `<body>` (or the end of `<tmx>`): the version, the header, and whether units
    /// follow.
    pub(super) fn prologue(&mut self) -> Result<(String, TmxHeader, State)> {
        let tmx = loop {
            match self.next()? {
                Ev::Start(e) if e.name().0 == "tmx" => break e,
                Ev::Empty(e) if e.name().0 == "tmx" => {
                    return Err(self.error("<tmx> is empty: no <header> and <body>"));
                }
                Ev::Start(e) | Ev::Empty(e) => {
                    return Err(self.error(format!(
                        "the root element is <{}>, not <tmx>: this is not a TMX file",
                        e.name().0
                    )));
                }
                Ev::Text if self.text.trim().is_empty() => {}
                Ev::Text => {
                    return Err(self.error("text before the <tmx> element: this is not a TMX file"));
                }
                Ev::End => return Err(self.error("unexpected end tag before <tmx>")),
                Ev::Eof => return Err(self.error("no <tmx> element: this is not a TMX file")),
            }
        };
        self.tmx_line = self.line();
        let version = self
            .attrs(&tmx)?
            .get("version")
            .ok_or_else(|| self.error("<tmx> has no version attribute"))?
            .to_string();
        if !version.starts_with("1.") {
            return Err(self.error(format!(
                "TMX version {version:?} is not supported (1.1 to 1.4 are)"
            )));
        }
        let mut header = None;
        let in_body = loop {
            match self.next()? {
                Ev::Start(e) | Ev::Empty(e) if header.is_some() && e.name().0 == "header" => {
                    return Err(self.error("a second <header>"));
                }
                Ev::Start(e) if e.name().0 == "header" => header = Some(self.header(&e, false)?),
                Ev::Empty(e) if e.name().0 == "header" => header = Some(self.header(&e, true)?),
                Ev::Start(e) | Ev::Empty(e) if e.name().0 == "body" && header.is_none() => {
                    return Err(self.error("<body> before <header>"));
                }
                Ev::Start(e) if e.name().0 == "body" => break true,
                Ev::Empty(e) if e.name().0 == "body" => break false,
                Ev::Start(e) => {
                    let name = e.name().0.to_string();
                    self.skip_unknown(&name, "<tmx>")?;
                }
                Ev::Empty(e) => self.warn_unknown(e.name().0, "<tmx>"),
                Ev::Text if self.text.trim().is_empty() => {}
                Ev::Text => return Err(self.error("text directly inside <tmx>")),
                Ev::End => {
                    return Err(match header {
                        None => self.error("the file has no <header>"),
                        Some(_) => self.error("the file has no <body>"),
                    });
                }
                Ev::Eof => return Err(self.unclosed("tmx", self.tmx_line)),
            }
        };
        self.body_line = self.line();
        let header = header.ok_or_else(|| self.error("the file has no <header>"))?;
        let state = if in_body {
            State::InBody
        } else {
            State::AfterBody
        };
        Ok((version, header, state))
    }

    /// Reads what follows a `<body>` inside `<tmx>`: true when another `<body>` starts, false at the end
    /// of `<tmx>` (after checking that nothing but white space follows it).
    pub(super) fn tmx_children(&mut self) -> Result<bool> {
        loop {
            match self.next()? {
                Ev::Start(e) | Ev::Empty(e) if e.name().0 == "header" => {
                    return Err(self.error("a second <header>"));
                }
                Ev::Start(e) if e.name().0 == "body" => {
                    self.body_line = self.line();
                    return Ok(true);
                }
                Ev::Empty(e) if e.name().0 == "body" => {}
                Ev::Start(e) => {
                    let name = e.name().0.to_string();
                    self.skip_unknown(&name, "<tmx>")?;
                }
                Ev::Empty(e) => self.warn_unknown(e.name().0, "<tmx>"),
                Ev::Text if self.text.trim().is_empty() => {}
                Ev::Text => return Err(self.error("text directly inside <tmx>")),
                Ev::End => break,
                Ev::Eof => return Err(self.unclosed("tmx", self.tmx_line)),
            }
        }
        loop {
            match self.next()? {
                Ev::Eof => return Ok(false),
                Ev::Text if self.text.trim().is_empty() => {}
                _ => return Err(self.error("content after </tmx>")),
            }
        }
    }

    fn header(&mut self, e: &BytesStart<'_>, empty: bool) -> Result<TmxHeader> {
        let attrs = self.attrs(e)?;
        let srclang = match attrs.get("srclang") {
            None => {
                return Err(self.error(
                    "<header> has no srclang attribute (required: it says which language the units are translated from)",
                ));
            }
            Some(raw) if raw.eq_ignore_ascii_case("*all*") => None,
            Some(raw) => Some(LangTag::parse(raw).ok_or_else(|| {
                self.error(format!("<header> srclang {raw:?} is not a language tag"))
            })?),
        };
        let missing: Vec<&str> = [
            "creationtool",
            "creationtoolversion",
            "segtype",
            "o-tmf",
            "adminlang",
            "datatype",
        ]
        .into_iter()
        .filter(|a| attrs.get(a).is_none())
        .collect();
        if !missing.is_empty() {
            self.warn(format!(
                "line {}: <header> lacks the required attribute(s) {}",
                self.line(),
                missing.join(", ")
            ));
        }
        let mut header = TmxHeader {
            creation_tool: attrs.get("creationtool").unwrap_or_default().into(),
            creation_tool_version: attrs.get("creationtoolversion").unwrap_or_default().into(),
            segtype: attrs.get("segtype").unwrap_or_default().into(),
            o_tmf: attrs.get("o-tmf").unwrap_or_default().into(),
            adminlang: attrs.get("adminlang").unwrap_or_default().into(),
            srclang,
            datatype: attrs.get("datatype").unwrap_or_default().into(),
            creation_date: attrs.get("creationdate").and_then(Timestamp::parse_tmx),
            props: Vec::new(),
            notes: Vec::new(),
            lang_style: LangStyle::Region,
        };
        if empty {
            return Ok(header);
        }
        let line = self.line();
        loop {
            match self.next()? {
                Ev::Start(e) if e.name().0 == "prop" => header.props.push(self.prop(&e)?),
                Ev::Start(e) if e.name().0 == "note" => header.notes.push(self.text_only("note")?),
                Ev::Empty(e) if e.name().0 == "prop" => {
                    self.prop_type(&e)?;
                }
                Ev::Start(e) if e.name().0 == "ude" => self.skip("ude")?,
                Ev::Start(e) => {
                    let name = e.name().0.to_string();
                    self.skip_unknown(&name, "<header>")?;
                }
                Ev::Empty(_) => {}
                Ev::Text if self.text.trim().is_empty() => {}
                Ev::Text => return Err(self.error("text directly inside <header>")),
                Ev::End => return Ok(header),
                Ev::Eof => return Err(self.unclosed("header", line)),
            }
        }
    }

    /// The next `<tu>` in the `<body>` being read, or `None` at its end.
    pub(super) fn body_next(&mut self) -> Result<Option<TmxUnit>> {
        loop {
            match self.next()? {
                Ev::Start(e) if e.name().0 == "tu" => return self.tu(&e).map(Some),
                Ev::Empty(e) if e.name().0 == "tu" => {
                    let line = self.line();
                    self.warn(format!("line {line}: empty <tu> skipped"));
                }
                Ev::Start(e) => {
                    let name = e.name().0.to_string();
                    self.skip_unknown(&name, "<body>")?;
                }
                Ev::Empty(e) => self.warn_unknown(e.name().0, "<body>"),
                Ev::Text if self.text.trim().is_empty() => {}
                Ev::Text => return Err(self.error("text directly inside <body>")),
                Ev::End => return Ok(None),
                Ev::Eof => return Err(self.unclosed("body", self.body_line)),
            }
        }
    }

    fn tu(&mut self, e: &BytesStart<'_>) -> Result<TmxUnit> {
        let line = self.line();
        let attrs = self.attrs(e)?;
        let srclang = match attrs.get("srclang") {
            None => None,
            Some(raw) if raw.eq_ignore_ascii_case("*all*") => None,
            Some(raw) => Some(LangTag::parse(raw).ok_or_else(|| {
                self.error(format!("<tu> srclang {raw:?} is not a language tag"))
            })?),
        };
        let mut unit = TmxUnit {
            tuid: attrs.get("tuid").map(str::to_string),
            srclang,
            variants: Vec::new(),
            props: Vec::new(),
            notes: Vec::new(),
            created: attrs.get("creationdate").and_then(Timestamp::parse_tmx),
            changed: attrs.get("changedate").and_then(Timestamp::parse_tmx),
            creation_id: attrs.get("creationid").map(str::to_string),
            change_id: attrs.get("changeid").map(str::to_string),
            line,
        };
        loop {
            match self.next()? {
                Ev::Start(e) if e.name().0 == "tuv" => self.tuv(&e, &mut unit)?,
                Ev::Empty(e) if e.name().0 == "tuv" => {
                    return Err(self.error("<tuv> without a <seg>"));
                }
                Ev::Start(e) if e.name().0 == "prop" => unit.props.push(self.prop(&e)?),
                Ev::Empty(e) if e.name().0 == "prop" => {
                    self.prop_type(&e)?;
                }
                Ev::Start(e) if e.name().0 == "note" => unit.notes.push(self.text_only("note")?),
                Ev::Start(e) => {
                    let name = e.name().0.to_string();
                    self.skip_unknown(&name, "<tu>")?;
                }
                Ev::Empty(e) => self.warn_unknown(e.name().0, "<tu>"),
                Ev::Text if self.text.trim().is_empty() => {}
                Ev::Text => {
                    return Err(self.error("text directly inside <tu> (outside any <seg>)"));
                }
                Ev::End => break,
                Ev::Eof => return Err(self.unclosed("tu", line)),
            }
        }
        Ok(unit)
    }

    fn tuv_lang(&mut self, attrs: &Attrs) -> Result<LangTag> {
        let xml_lang = attrs.get("xml:lang");
        let lang = attrs.get("lang");
        let (raw, kind) = match (xml_lang, lang) {
            (Some(a), Some(b)) if !a.eq_ignore_ascii_case(b) => {
                return Err(self.error(format!(
                    "<tuv> has xml:lang={a:?} and lang={b:?}, which disagree"
                )));
            }
            (Some(a), Some(_)) => (a, None),
            (Some(a), None) => (a, Some(LangAttr::XmlLang)),
            (None, Some(b)) => (b, Some(LangAttr::Lang)),
            (None, None) => {
                return Err(
                    self.error("<tuv> has no language (an xml:lang attribute, or lang in TMX 1.1)")
                );
            }
        };
        if let Some(kind) = kind {
            match self.lang_attr {
                None => self.lang_attr = Some((kind, self.line())),
                Some((first, first_line)) if first != kind => {
                    return Err(self.error(format!(
                        "this <tuv> names its language with {} but the one at line {first_line} uses {}; \
                         a TMX file uses one convention (lang= up to TMX 1.3, xml:lang= from 1.4)",
                        kind.name(),
                        first.name()
                    )));
                }
                Some(_) => {}
            }
        }
        LangTag::parse(raw)
            .ok_or_else(|| self.error(format!("<tuv> language {raw:?} is not a language tag")))
    }

    fn tuv(&mut self, e: &BytesStart<'_>, unit: &mut TmxUnit) -> Result<()> {
        let line = self.line();
        let attrs = self.attrs(e)?;
        let lang = self.tuv_lang(&attrs)?;
        if unit.created.is_none() {
            unit.created = attrs.get("creationdate").and_then(Timestamp::parse_tmx);
        }
        if unit.changed.is_none() {
            unit.changed = attrs.get("changedate").and_then(Timestamp::parse_tmx);
        }
        if unit.creation_id.is_none() {
            unit.creation_id = attrs.get("creationid").map(str::to_string);
        }
        if unit.change_id.is_none() {
            unit.change_id = attrs.get("changeid").map(str::to_string);
        }
        let mut text: Option<String> = None;
        loop {
            match self.next()? {
                Ev::Start(e) | Ev::Empty(e) if e.name().0 == "seg" && text.is_some() => {
                    return Err(self.error("a <tuv> holds more than one <seg>"));
                }
                Ev::Start(e) if e.name().0 == "seg" => {
                    let seg_line = self.line();
                    let mut out = String::new();
                    let mut open = OpenCodes::default();
                    self.after_code = false;
                    self.seg_content(&mut out, &mut open, seg_line)?;
                    if let Some((i, bpt_line)) = open.first() {
                        return Err(self.error(format!(
                            "<bpt i=\"{i}\"> at line {bpt_line} has no matching <ept> in its <seg> (use <it> for a lone code)"
                        )));
                    }
                    text = Some(out);
                }
                Ev::Empty(e) if e.name().0 == "seg" => text = Some(String::new()),
                Ev::Start(e) if e.name().0 == "prop" => {
                    self.prop(&e)?;
                }
                Ev::Empty(e) if e.name().0 == "prop" => {
                    self.prop_type(&e)?;
                }
                Ev::Start(e) if e.name().0 == "note" => {
                    self.text_only("note")?;
                }
                Ev::Start(e) => {
                    let name = e.name().0.to_string();
                    self.skip_unknown(&name, "<tuv>")?;
                }
                Ev::Empty(e) => self.warn_unknown(e.name().0, "<tuv>"),
                Ev::Text if self.text.trim().is_empty() => {}
                Ev::Text => {
                    return Err(self.error("text directly inside <tuv> (outside its <seg>)"));
                }
                Ev::End => break,
                Ev::Eof => return Err(self.unclosed("tuv", line)),
            }
        }
        let text = text.ok_or_else(|| {
            self.error_at_line(line, format!("<tuv xml:lang=\"{lang}\"> has no <seg>"))
        })?;
        unit.variants.push(Segment { lang, text });
        Ok(())
    }

    /// Reads a `<seg>` up to its end tag into `out`. `hi` and `sub` keep their text and may nest; their
    /// depth is counted rather than recursed, so a hostile file cannot grow the stack.
    fn seg_content(
        &mut self,
        out: &mut String,
        open: &mut OpenCodes,
        seg_line: usize,
    ) -> Result<()> {
        let mut nested = 0usize;
        loop {
            match self.next()? {
                Ev::Text => {
                    let mut t: &str = &self.text;
                    if self.after_code && out.ends_with(char::is_whitespace) {
                        t = t.trim_start_matches(' ');
                    }
                    if !t.is_empty() {
                        self.after_code = false;
                    }
                    out.push_str(t);
                }
                Ev::Start(e) => {
                    let name = e.name().0.to_string();
                    match name.as_str() {
                        "hi" | "sub" => nested += 1,
                        _ => {
                            self.code(&e, &name, open)?;
                            self.skip(&name)?;
                        }
                    }
                }
                Ev::Empty(e) => {
                    let name = e.name().0.to_string();
                    if !matches!(name.as_str(), "hi" | "sub") {
                        self.code(&e, &name, open)?;
                    }
                }
                Ev::End if nested > 0 => nested -= 1,
                Ev::End => return Ok(()),
                Ev::Eof => return Err(self.unclosed("seg", seg_line)),
            }
        }
    }

    /// Checks an inline code (`bpt`/`ept` pairing) before its content is dropped.
    fn code(&mut self, e: &BytesStart<'_>, name: &str, open: &mut OpenCodes) -> Result<()> {
        match name {
            "bpt" | "ept" => {
                let i = self
                    .attrs(e)?
                    .get("i")
                    .ok_or_else(|| self.error(format!("<{name}> without its i attribute")))?
                    .to_string();
                if name == "bpt" {
                    if let Some(first) = open.line_of(&i) {
                        return Err(self.error(format!(
                            "a second <bpt i=\"{i}\"> while the one at line {first} is open"
                        )));
                    }
                    open.push(i, self.line());
                } else if !open.close(&i) {
                    return Err(self.error(format!(
                        "<ept i=\"{i}\"> closes no <bpt i=\"{i}\"> opened before it in this <seg>"
                    )));
                }
            }
            "it" | "ph" | "ut" => {}
            other => {
                return Err(self.error(format!(
                    "unexpected <{other}> inside <seg> (markup in a segment must be escaped or wrapped in bpt/ept/it/ph)"
                )));
            }
        }
        self.after_code = true;
        Ok(())
    }
}

/// The `<bpt>` codes of a segment still waiting for their `<ept>`: by `i`, with their line and the order
/// they were opened in. A map, because a segment of a hundred thousand codes must not cost their square.
#[derive(Default)]
pub(super) struct OpenCodes {
    open: rustc_hash::FxHashMap<String, (usize, usize)>,
    opened: usize,
}

impl OpenCodes {
    fn line_of(&self, i: &str) -> Option<usize> {
        self.open.get(i).map(|&(line, _)| line)
    }

    fn push(&mut self, i: String, line: usize) {
        self.open.insert(i, (line, self.opened));
        self.opened += 1;
    }

    /// Closes code `i`; false if it is not open.
    fn close(&mut self, i: &str) -> bool {
        self.open.remove(i).is_some()
    }

    /// The first code opened that is still open, with its line.
    pub(super) fn first(&self) -> Option<(&str, usize)> {
        self.open
            .iter()
            .min_by_key(|(_, (_, order))| *order)
            .map(|(i, (line, _))| (i.as_str(), *line))
    }
}
