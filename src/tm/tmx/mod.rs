//! TMX (Translation Memory eXchange) reading and writing, for the whole project.
//!
//! - [`write`] / [`write_to`]: TMX 1.4b with every required header attribute, `xml:lang` spelled by
//!   [`LangStyle`], properties, dates, escaped text; files are written atomically.
//! - [`read`] / [`read_bytes`]: TMX 1.1 (`lang=`) to 1.4 (`xml:lang`), any case or `zh_CN` spelling,
//!   UTF-8/UTF-16/legacy encodings, inline codes (`bpt`, `ept`, `it`, `ph`, `ut`, `hi`, `sub`) reduced to
//!   plain text; invalid files are refused with [`crate::Error::Format`] naming the line, and a DOCTYPE
//!   that declares entities (XXE, "billion laughs") is refused outright.
//!
//! - [`TmxStream`] / [`TmxWriter`]: the same, one unit at a time, for files of any size.
//!
//! Main types: [`TmxHeader`], [`TmxDocument`], [`TmxUnit`], [`WriteSummary`].

mod read;
mod write;

use serde::{Deserialize, Serialize};

pub use read::{TmxStream, read, read_bytes};
#[allow(unused_imports)]
pub(crate) use write::text as xml_text;
pub(crate) use write::writable;
pub use write::{TmxWriter, WriteSummary, write, write_to};

use super::lang::{LangStyle, LangTag};
use super::time::Timestamp;
use super::unit::{Segment, TranslationUnit};

/// The `<header>` of a TMX file: what wrote it and how its units are to be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TmxHeader {
    /// `creationtool`.
    pub creation_tool: String,
    /// `creationtoolversion`.
    pub creation_tool_version: String,
    /// `segtype`: `sentence`, `paragraph`, `phrase` or `block`.
    pub segtype: String,
    /// `o-tmf`: the format of the memory the file came from.
    pub o_tmf: String,
    /// `adminlang`: the language of notes and properties.
    pub adminlang: String,
    /// `srclang`: the source language of every unit; `None` stands for `*all*` (any variant may be source).
    pub srclang: Option<LangTag>,
    /// `datatype`: `plaintext` for what Duizhao writes.
    pub datatype: String,
    /// `creationdate`.
    pub creation_date: Option<Timestamp>,
    /// Header properties as `(type, value)`.
    pub props: Vec<(String, String)>,
    /// Header notes.
    pub notes: Vec<String>,
    /// How Chinese `xml:lang` values are spelled when writing (ignored when reading).
    pub lang_style: LangStyle,
}

impl TmxHeader {
    /// The header Duizhao writes: this program and version, sentence segments, plain text, English
    /// administration language, created now.
    pub fn new(srclang: LangTag) -> TmxHeader {
        TmxHeader {
            creation_tool: "Duizhao".into(),
            creation_tool_version: env!("CARGO_PKG_VERSION").into(),
            segtype: "sentence".into(),
            o_tmf: "Duizhao".into(),
            adminlang: "en-US".into(),
            srclang: Some(srclang),
            datatype: "plaintext".into(),
            creation_date: Some(Timestamp::now()),
            props: Vec::new(),
            notes: Vec::new(),
            lang_style: LangStyle::Region,
        }
    }
}

/// A TMX file as read: its header and every translation unit with all its language variants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TmxDocument {
    /// The `version` attribute of `<tmx>` (`1.1`, `1.4`, ...).
    pub version: String,
    /// The header.
    pub header: TmxHeader,
    /// The `<tu>` elements in file order.
    pub units: Vec<TmxUnit>,
    /// Things that were tolerated but are worth telling the user (missing optional header attributes,
    /// unknown elements skipped).
    pub warnings: Vec<String>,
}

/// One `<tu>`: the same content in one or more languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TmxUnit {
    /// `tuid`, when given.
    pub tuid: Option<String>,
    /// The unit's own `srclang`, which overrides the header's.
    pub srclang: Option<LangTag>,
    /// The `<tuv>` variants in file order (a unit may hold several languages, or two variants of one).
    pub variants: Vec<Segment>,
    /// Properties of the unit as `(type, value)`.
    pub props: Vec<(String, String)>,
    /// Notes of the unit.
    pub notes: Vec<String>,
    /// `creationdate` of the unit (or of its first variant that has one).
    pub created: Option<Timestamp>,
    /// `changedate` of the unit (or of its first variant that has one).
    pub changed: Option<Timestamp>,
    /// `creationid` of the unit (or of its first variant that has one: OmegaT writes it there).
    pub creation_id: Option<String>,
    /// `changeid` of the unit (or of its first variant that has one).
    #[serde(default)]
    pub change_id: Option<String>,
    /// The line of the `<tu>` start tag, for messages.
    pub line: usize,
}

impl TmxUnit {
    /// The variant in `lang`: an exact (case-insensitive) tag match first, else the first variant of the same
    /// language (`en-GB` for `en-US`, `zh-TW` for `zh-CN`), as OmegaT does.
    pub fn variant(&self, lang: &LangTag) -> Option<&Segment> {
        self.variants
            .iter()
            .find(|v| v.lang.matches(lang))
            .or_else(|| self.variants.iter().find(|v| v.lang.same_language(lang)))
    }
}

impl TmxDocument {
    /// The units as `source → target` pairs for a language pair, choosing variants as
    /// [`TmxUnit::variant`] does. Units lacking either language, or with an empty side, are left out.
    pub fn pairs(&self, source: &LangTag, target: &LangTag) -> Vec<TranslationUnit> {
        self.units
            .iter()
            .filter_map(|u| {
                let s = u.variant(source)?;
                let t = u
                    .variants
                    .iter()
                    .filter(|v| !std::ptr::eq(*v, s))
                    .find(|v| v.lang.matches(target))
                    .or_else(|| {
                        u.variants
                            .iter()
                            .filter(|v| !std::ptr::eq(*v, s))
                            .find(|v| v.lang.same_language(target))
                    })?;
                self.to_unit(u, s, t)
            })
            .collect()
    }

    /// The units as pairs in their own direction: the variant in the unit's (or header's) source language,
    /// and the first variant in another language. Units without such a pair are left out.
    pub fn bilingual_units(&self) -> Vec<TranslationUnit> {
        self.units
            .iter()
            .filter_map(|u| {
                let src_lang = u.srclang.as_ref().or(self.header.srclang.as_ref());
                let s = match src_lang {
                    Some(lang) => u.variant(lang)?,
                    None => u.variants.first()?,
                };
                let t = u.variants.iter().find(|v| !v.lang.same_language(&s.lang))?;
                self.to_unit(u, s, t)
            })
            .collect()
    }

    /// Each language in the file with the number of variants in it, sorted by tag.
    pub fn languages(&self) -> Vec<(LangTag, usize)> {
        let mut counts: Vec<(LangTag, usize)> = Vec::new();
        for v in self.units.iter().flat_map(|u| &u.variants) {
            match counts.iter_mut().find(|(l, _)| l == &v.lang) {
                Some((_, n)) => *n += 1,
                None => counts.push((v.lang.clone(), 1)),
            }
        }
        counts.sort();
        counts
    }

    fn to_unit(&self, u: &TmxUnit, s: &Segment, t: &Segment) -> Option<TranslationUnit> {
        if s.text.trim().is_empty() || t.text.trim().is_empty() {
            return None;
        }
        Some(TranslationUnit {
            source: s.clone(),
            target: t.clone(),
            props: u.props.clone(),
            notes: u.notes.clone(),
            created: u.created,
            changed: u.changed,
            creation_id: u.creation_id.clone(),
            change_id: u.change_id.clone(),
        })
    }
}
