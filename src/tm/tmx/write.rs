//! The TMX 1.4b writer.
//!
//! Output is UTF-8 with a `tmx14.dtd` DOCTYPE, every header attribute the standard requires, one `<tu>` per
//! unit with its properties and dates, and `xml:lang` spelled by the header's [`LangStyle`]. Text is escaped
//! for XML; characters XML 1.0 cannot carry at all (C0 controls other than tab, line feed and carriage
//! return, U+FFFE, U+FFFF) are dropped. Units with an empty side — or one that would be empty once those
//! characters are dropped — are not written (CAT tools reject or misread them); the [`WriteSummary`] says
//! which, and which units lost characters.
//!
//! [`LangStyle`]: crate::tm::lang::LangStyle

use std::io::Write;
use std::path::Path;

use super::TmxHeader;
use crate::progress::Progress;
use crate::tm::lang::{LangStyle, LangTag};
use crate::tm::unit::TranslationUnit;
use crate::{Error, Result};

/// What [`write`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteSummary {
    /// Units written.
    pub written: usize,
    /// Units left out because a side had no text: empty, only whitespace, or only characters XML 1.0
    /// cannot carry (which are dropped, so the side would be written empty).
    pub skipped_empty: usize,
    /// The indices (in the units given) of the units left out, `skipped_empty` of them.
    pub skipped: Vec<usize>,
    /// The indices of units written with characters XML 1.0 cannot carry dropped from their text.
    pub stripped: Vec<usize>,
}

/// Writes `units` as TMX 1.4b to `path`, atomically (the old file stays whole if anything fails).
pub fn write(
    path: &Path,
    header: &TmxHeader,
    units: &[TranslationUnit],
    progress: &mut dyn Progress,
) -> Result<WriteSummary> {
    let mut summary = WriteSummary::default();
    let mut cancelled = false;
    crate::export::write_atomic_with(path, |w| {
        match emit(w, header, units, progress) {
            Ok(s) => summary = s,
            Err(WriteError::Cancelled) => {
                cancelled = true;
                return Err(std::io::Error::other("cancelled"));
            }
            Err(WriteError::Io(e)) => return Err(e),
        }
        Ok(())
    })
    .map_err(|e| if cancelled { Error::Cancelled } else { e })?;
    Ok(summary)
}

/// Writes `units` as TMX 1.4b into any writer (standard output, a buffer); `name` labels the output in
/// error messages.
pub fn write_to(
    w: &mut dyn Write,
    name: &Path,
    header: &TmxHeader,
    units: &[TranslationUnit],
    progress: &mut dyn Progress,
) -> Result<WriteSummary> {
    emit(w, header, units, progress).map_err(|e| match e {
        WriteError::Io(e) => Error::io(name, e),
        WriteError::Cancelled => Error::Cancelled,
    })
}

/// Why [`emit`] stopped.
#[derive(Debug)]
enum WriteError {
    Io(std::io::Error),
    Cancelled,
}

impl From<std::io::Error> for WriteError {
    fn from(e: std::io::Error) -> Self {
        WriteError::Io(e)
    }
}

fn emit(
    w: &mut dyn Write,
    header: &TmxHeader,
    units: &[TranslationUnit],
    progress: &mut dyn Progress,
) -> std::result::Result<WriteSummary, WriteError> {
    progress.start(units.len() as u64, "Writing TMX");
    let mut out = TmxWriter::begin(w, header)?;
    for (n, unit) in units.iter().enumerate() {
        if n % 256 == 255 && !progress.advance(256) {
            return Err(WriteError::Cancelled);
        }
        out.unit(unit)?;
    }
    progress.advance((units.len() % 256) as u64);
    Ok(out.finish()?)
}

/// A TMX 1.4b file written one unit at a time (an export of a whole memory never holds it whole). The
/// [`WriteSummary`] counts units by the order they were given.
pub struct TmxWriter<'w> {
    w: &'w mut dyn Write,
    style: LangStyle,
    srclang: Option<LangTag>,
    given: usize,
    summary: WriteSummary,
}

impl<'w> TmxWriter<'w> {
    /// Writes the declaration, DOCTYPE and header.
    pub fn begin(w: &'w mut dyn Write, header: &TmxHeader) -> std::io::Result<TmxWriter<'w>> {
        let style = header.lang_style;
        let srclang = header.srclang.as_ref().map(|l| l.styled(style));
        let srclang_attr = srclang
            .as_ref()
            .map_or_else(|| "*all*".to_string(), |l| l.to_string());
        writeln!(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        writeln!(w, "<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">")?;
        writeln!(w, "<tmx version=\"1.4\">")?;
        write!(
            w,
            "  <header creationtool=\"{}\" creationtoolversion=\"{}\" segtype=\"{}\" o-tmf=\"{}\" adminlang=\"{}\" srclang=\"{}\" datatype=\"{}\"",
            attr(or(&header.creation_tool, "Duizhao")),
            attr(or(&header.creation_tool_version, env!("CARGO_PKG_VERSION"))),
            attr(or(&header.segtype, "sentence")),
            attr(or(&header.o_tmf, "Duizhao")),
            attr(or(&header.adminlang, "en-US")),
            attr(&srclang_attr),
            attr(or(&header.datatype, "plaintext")),
        )?;
        if let Some(date) = header.creation_date {
            write!(w, " creationdate=\"{}\"", date.to_tmx())?;
        }
        if header.props.is_empty() && header.notes.is_empty() {
            writeln!(w, "/>")?;
        } else {
            writeln!(w, ">")?;
            for note in &header.notes {
                writeln!(w, "    <note>{}</note>", text(note))?;
            }
            for (kind, value) in &header.props {
                writeln!(
                    w,
                    "    <prop type=\"{}\">{}</prop>",
                    attr(kind),
                    text(value)
                )?;
            }
            writeln!(w, "  </header>")?;
        }
        writeln!(w, "  <body>")?;
        Ok(TmxWriter {
            w,
            style,
            srclang,
            given: 0,
            summary: WriteSummary::default(),
        })
    }

    /// Writes one unit (or counts it as skipped when a side has no text XML can carry).
    pub fn unit(&mut self, unit: &TranslationUnit) -> std::io::Result<()> {
        let n = self.given;
        self.given += 1;
        let (w, summary, style) = (&mut *self.w, &mut self.summary, self.style);
        // Judged on what XML can carry: a side of control characters alone would be written empty.
        if !writable(&unit.source.text) || !writable(&unit.target.text) {
            summary.skipped_empty += 1;
            summary.skipped.push(n);
            return Ok(());
        }
        if [&unit.source.text, &unit.target.text]
            .iter()
            .any(|t| !t.chars().all(xml_char))
        {
            summary.stripped.push(n);
        }
        summary.written += 1;
        write!(w, "    <tu tuid=\"{}\"", summary.written)?;
        let source_lang = unit.source.lang.styled(style);
        if self
            .srclang
            .as_ref()
            .is_some_and(|s| !s.matches(&source_lang))
        {
            write!(w, " srclang=\"{}\"", attr(source_lang.as_str()))?;
        }
        if let Some(date) = unit.created {
            write!(w, " creationdate=\"{}\"", date.to_tmx())?;
        }
        if let Some(date) = unit.changed {
            write!(w, " changedate=\"{}\"", date.to_tmx())?;
        }
        if let Some(id) = &unit.creation_id {
            write!(w, " creationid=\"{}\"", attr(id))?;
        }
        if let Some(id) = &unit.change_id {
            write!(w, " changeid=\"{}\"", attr(id))?;
        }
        writeln!(w, ">")?;
        for note in &unit.notes {
            writeln!(w, "      <note>{}</note>", text(note))?;
        }
        for (kind, value) in &unit.props {
            writeln!(
                w,
                "      <prop type=\"{}\">{}</prop>",
                attr(kind),
                text(value)
            )?;
        }
        for seg in [&unit.source, &unit.target] {
            writeln!(
                w,
                "      <tuv xml:lang=\"{}\"><seg>{}</seg></tuv>",
                attr(seg.lang.styled(style).as_str()),
                text(&seg.text)
            )?;
        }
        writeln!(w, "    </tu>")
    }

    /// Closes the file's elements and says what was written.
    pub fn finish(self) -> std::io::Result<WriteSummary> {
        writeln!(self.w, "  </body>")?;
        writeln!(self.w, "</tmx>")?;
        Ok(self.summary)
    }
}

fn or<'a>(value: &'a str, default: &'a str) -> &'a str {
    if value.trim().is_empty() {
        default
    } else {
        value
    }
}

/// Whether text keeps something besides whitespace once the characters XML cannot carry are dropped.
pub(crate) fn writable(s: &str) -> bool {
    s.chars().any(|c| xml_char(c) && !c.is_whitespace())
}

/// Whether XML 1.0 can carry `c` at all.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escapes element content. `\r` is written as a reference so that it survives XML's line-end
/// normalisation.
pub(crate) fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars().filter(|&c| xml_char(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes an attribute value (quotes and whitespace that attribute normalisation would fold).
pub(crate) fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars().filter(|&c| xml_char(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NoProgress;
    use crate::tm::lang::{LangStyle, LangTag};
    use crate::tm::time::Timestamp;
    use crate::tm::tmx::read_bytes;
    use crate::tm::unit::{PROP_SOURCE_FILE, Segment};

    fn unit(zh: &str, en: &str) -> TranslationUnit {
        TranslationUnit::new(
            Segment::new(LangTag::zh_simplified(), zh),
            Segment::new(LangTag::en(), en),
        )
    }

    fn render(header: &TmxHeader, units: &[TranslationUnit]) -> (String, WriteSummary) {
        let mut buf = Vec::new();
        let summary = write_to(&mut buf, Path::new("-"), header, units, &mut NoProgress).unwrap();
        (String::from_utf8(buf).unwrap(), summary)
    }

    #[test]
    fn escaping_drops_what_xml_cannot_carry() {
        let cases = [
            (
                "a & b < c > d",
                "a &amp; b &lt; c &gt; d",
                "a &amp; b &lt; c &gt; d",
            ),
            (
                "say \"hi\"\tnow",
                "say \"hi\"\tnow",
                "say &quot;hi&quot;&#9;now",
            ),
            ("bell\u{7}\u{0}end\u{FFFF}", "bellend", "bellend"),
            ("line\r\nnext", "line&#13;\nnext", "line&#13;&#10;next"),
            ("𝐀两江", "𝐀两江", "𝐀两江"),
        ];
        for (raw, want_text, want_attr) in cases {
            assert_eq!(text(raw), want_text, "{raw:?}");
            assert_eq!(attr(raw), want_attr, "{raw:?}");
        }
    }

    #[test]
    fn header_has_every_required_attribute_and_units_round_trip() {
        let mut header = TmxHeader::new(LangTag::zh_simplified());
        header.creation_date = Some(Timestamp(1_735_732_800));
        let units = vec![
            unit("两江新区 & <重庆>", "Liangjiang \"New\" Area")
                .with_prop(PROP_SOURCE_FILE, "发布 1.docx")
                .with_created(Timestamp(1_735_732_800)),
            unit("空", "  "),
            unit("𝐀\r\n第二行", "A\r\nsecond line"),
        ];
        let (xml, summary) = render(&header, &units);
        assert_eq!(
            summary,
            WriteSummary {
                written: 2,
                skipped_empty: 1,
                skipped: vec![1],
                stripped: Vec::new(),
            }
        );
        for want in [
            "creationtool=\"Duizhao\"",
            "creationtoolversion=\"",
            "segtype=\"sentence\"",
            "o-tmf=\"Duizhao\"",
            "adminlang=\"en-US\"",
            "srclang=\"zh-CN\"",
            "datatype=\"plaintext\"",
            "creationdate=\"20250101T120000Z\"",
            "<prop type=\"x-source-file\">发布 1.docx</prop>",
            "<tuv xml:lang=\"en-US\">",
        ] {
            assert!(xml.contains(want), "{want} missing from\n{xml}");
        }
        let doc = read_bytes(Path::new("out.tmx"), xml.as_bytes(), &mut NoProgress).unwrap();
        let back = doc.bilingual_units();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].source.text, "两江新区 & <重庆>");
        assert_eq!(back[0].target.text, "Liangjiang \"New\" Area");
        assert_eq!(back[0].prop(PROP_SOURCE_FILE), Some("发布 1.docx"));
        assert_eq!(back[0].created, Some(Timestamp(1_735_732_800)));
        assert_eq!(back[1].source.text, "𝐀\r\n第二行");
        assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    }

    #[test]
    fn sides_xml_cannot_carry_are_reported_not_written_empty() {
        let header = TmxHeader::new(LangTag::zh_simplified());
        let units = vec![
            unit("好", "Good"),
            unit("\u{1}\u{2}", "Control characters only"),
            unit("铃\u{7}声", "Bell"),
            unit("空", " \u{FFFF} "),
        ];
        let (xml, summary) = render(&header, &units);
        assert_eq!(summary.written, 2);
        assert_eq!(summary.skipped, [1, 3]);
        assert_eq!(summary.skipped_empty, 2);
        assert_eq!(summary.stripped, [2]);
        assert!(
            !xml.contains("<seg></seg>") && !xml.contains("<seg> </seg>"),
            "{xml}"
        );
        assert!(xml.contains("<seg>铃声</seg>"), "{xml}");
    }

    #[test]
    fn script_style_and_per_unit_srclang() {
        let mut header = TmxHeader::new(LangTag::zh_traditional());
        header.lang_style = LangStyle::Script;
        let reverse = TranslationUnit::new(
            Segment::new(LangTag::en(), "Hello"),
            Segment::new(LangTag::zh_traditional(), "你好"),
        );
        let (xml, _) = render(&header, &[unit("你好", "Hello"), reverse]);
        assert!(xml.contains("srclang=\"zh-Hant\""), "{xml}");
        assert!(xml.contains("<tuv xml:lang=\"zh-Hans\">"), "{xml}");
        assert!(xml.contains("<tu tuid=\"2\" srclang=\"en-US\">"), "{xml}");
    }

    #[test]
    fn cancelling_leaves_the_old_file() {
        struct StopAtOnce;
        impl Progress for StopAtOnce {
            fn advance(&mut self, _n: u64) -> bool {
                false
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.tmx");
        std::fs::write(&path, "old").unwrap();
        let units: Vec<_> = (0..600)
            .map(|i| unit(&format!("句{i}"), &format!("S{i}")))
            .collect();
        let err = write(
            &path,
            &TmxHeader::new(LangTag::zh_simplified()),
            &units,
            &mut StopAtOnce,
        )
        .unwrap_err();
        assert!(matches!(err, Error::Cancelled), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        let summary = write(
            &path,
            &TmxHeader::new(LangTag::zh_simplified()),
            &units,
            &mut NoProgress,
        )
        .unwrap();
        assert_eq!(summary.written, 600);
    }
}
