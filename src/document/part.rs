//! One language version of a file that holds both: which side, and that side as a document of its own.
//!
//! Main items: [`Side`] and [`Document::part_document`].

use serde::{Deserialize, Serialize};

use super::Document;
use crate::NoProgress;

/// One of the two language versions of a bilingual file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// The Chinese version.
    Chinese,
    /// The English version.
    English,
}

impl Document {
    /// One language version of a file holding both, as a document of its own (its paragraphs, one per
    /// line as in the source), for translating or exporting one version; `None` for a one-language file.
    pub fn part_document(&self, side: Side) -> Option<Document> {
        let (zh, en) = self.half_ranges()?;
        let range = match side {
            Side::Chinese => zh,
            Side::English => en,
        };
        let mut text = String::new();
        for p in &self.paragraphs[range] {
            text.push_str(&self.text[p.span.clone()]);
            text.push('\n');
        }
        let mut doc = Document::from_text(self.name.clone(), text, &mut NoProgress).ok()?;
        doc.path = self.path.clone();
        doc.format = self.format;
        doc.encoding = self.encoding;
        doc.encoding_source = self.encoding_source;
        Some(doc)
    }
}
