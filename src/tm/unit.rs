//! The translation unit: a source segment, its translation, and where they came from.
//!
//! [`TranslationUnit`] is what the aligner exports, what TMX files hold and what the memory stores;
//! [`Segment`] is one side (a language and its text). Property names that Duizhao writes are the `PROP_*`
//! constants (TMX asks for an `x-` prefix on user-defined property types).

use serde::{Deserialize, Serialize};

use super::lang::LangTag;
use super::time::Timestamp;

/// Property type for the file the source segment came from.
pub const PROP_SOURCE_FILE: &str = "x-source-file";
/// Property type for the file the target segment came from.
pub const PROP_TARGET_FILE: &str = "x-target-file";
/// Property type for the date of the document (a release date), `YYYY-MM-DD` when known.
pub const PROP_DOCUMENT_DATE: &str = "x-document-date";
/// Property type for how the unit was made (`alignment`, `translation`, `tmx-import`).
pub const PROP_ORIGIN: &str = "x-origin";

/// One side of a translation unit: text in a language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// The language of the text.
    pub lang: LangTag,
    /// The text, without inline markup.
    pub text: String,
}

impl Segment {
    /// A segment of `text` in `lang`.
    pub fn new(lang: LangTag, text: impl Into<String>) -> Segment {
        Segment {
            lang,
            text: text.into(),
        }
    }
}

/// A source segment and its translation, with provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranslationUnit {
    /// The source side.
    pub source: Segment,
    /// The target side.
    pub target: Segment,
    /// Properties as `(type, value)`: file names, dates, origin (see the `PROP_*` constants).
    pub props: Vec<(String, String)>,
    /// Free-text notes.
    pub notes: Vec<String>,
    /// When the unit was created.
    pub created: Option<Timestamp>,
    /// When it was last changed.
    pub changed: Option<Timestamp>,
    /// Who created it (a user name or a tool).
    pub creation_id: Option<String>,
    /// Who changed it last.
    #[serde(default)]
    pub change_id: Option<String>,
}

impl TranslationUnit {
    /// A unit with no properties or dates.
    pub fn new(source: Segment, target: Segment) -> TranslationUnit {
        TranslationUnit {
            source,
            target,
            props: Vec::new(),
            notes: Vec::new(),
            created: None,
            changed: None,
            creation_id: None,
            change_id: None,
        }
    }

    /// Adds a property (builder style).
    pub fn with_prop(mut self, kind: impl Into<String>, value: impl Into<String>) -> Self {
        self.props.push((kind.into(), value.into()));
        self
    }

    /// Sets the creation date (builder style).
    pub fn with_created(mut self, at: Timestamp) -> Self {
        self.created = Some(at);
        self
    }

    /// The first value of property `kind`, if present.
    pub fn prop(&self, kind: &str) -> Option<&str> {
        self.props
            .iter()
            .find(|(k, _)| k == kind)
            .map(|(_, v)| v.as_str())
    }
}
