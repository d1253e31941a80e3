//! The alignment's data: [`Bead`]s over owned sentence lists ([`Alignment`]), the options of
//! [`super::align`] ([`AlignOptions`]), and the warnings it can raise ([`AlignWarning`]).

use std::ops::Range;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::lexicon::Lexicon;

/// A group of consecutive Chinese sentences translated by a group of consecutive English sentences.
///
/// Either side may be empty (a sentence left untranslated, or added by the translator).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bead {
    /// Chinese sentence indices.
    pub zh: Range<usize>,
    /// English sentence indices.
    pub en: Range<usize>,
    /// How well the bead's sentences correspond, 0–1: the aligner's confidence, or for a bead made by
    /// hand ([`Bead::edited`]) its score from the same evidence ([`super::Rescorer`]). Accepting a bead
    /// leaves it as it is.
    pub confidence: f32,
    /// Whether a person has accepted the bead in review.
    #[serde(default)]
    pub accepted: bool,
    /// Whether a hand edit made the bead (merge, split, move, text edit, unpair): shown apart from its
    /// score, and kept by re-alignment while its sentences stay the same.
    #[serde(default)]
    pub edited: bool,
}

impl Bead {
    /// A bead with the given ranges and confidence, not yet accepted, not edited.
    pub fn new(zh: Range<usize>, en: Range<usize>, confidence: f32) -> Self {
        Self {
            zh,
            en,
            confidence,
            accepted: false,
            edited: false,
        }
    }

    /// Whether a person accepted or made the bead (what re-alignment keeps).
    pub fn is_manual(&self) -> bool {
        self.accepted || self.edited
    }

    /// The bead's shape, e.g. `(1, 2)` for one Chinese sentence and two English ones.
    pub fn shape(&self) -> (usize, usize) {
        (self.zh.len(), self.en.len())
    }

    /// Whether one side is empty (a 1-0 or 0-1 bead).
    pub fn is_null(&self) -> bool {
        self.zh.is_empty() || self.en.is_empty()
    }

    /// Whether the bead should be looked at by a person: not accepted and less confident than
    /// [`DOUBTFUL_BELOW`].
    pub fn is_doubtful(&self) -> bool {
        !self.accepted && self.confidence < DOUBTFUL_BELOW
    }
}

/// Beads below this confidence are "doubtful" (shown by the review filter).
pub const DOUBTFUL_BELOW: f32 = 0.5;

/// Two documents' sentences and the beads that pair them. The beads cover both sentence lists in order,
/// without gaps or overlaps (every edit keeps it so).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Alignment {
    /// Chinese sentences.
    pub zh: Vec<String>,
    /// English sentences.
    pub en: Vec<String>,
    /// The beads, in document order.
    pub beads: Vec<Bead>,
}

impl Alignment {
    /// The Chinese text of a bead, its sentences joined (without a separator: Chinese has no spaces).
    pub fn zh_text(&self, bead: &Bead) -> String {
        self.zh[bead.zh.clone()].concat()
    }

    /// The English text of a bead, its sentences joined by a space.
    pub fn en_text(&self, bead: &Bead) -> String {
        self.en[bead.en.clone()].join(" ")
    }

    /// Indices of the beads that need a look (see [`Bead::is_doubtful`]).
    pub fn doubtful(&self) -> Vec<usize> {
        (0..self.beads.len())
            .filter(|&k| self.beads[k].is_doubtful())
            .collect()
    }

    /// Checks that the beads cover both sentence lists in order, without gaps or overlaps.
    pub fn check(&self) -> crate::Result<()> {
        let (mut z, mut e) = (0, 0);
        for (k, b) in self.beads.iter().enumerate() {
            if b.zh.start != z || b.en.start != e || (b.zh.is_empty() && b.en.is_empty()) {
                return Err(crate::Error::Invalid(format!(
                    "bead {k} ({:?} ↔ {:?}) does not continue at sentence {z} ↔ {e}",
                    b.zh, b.en
                )));
            }
            z = b.zh.end;
            e = b.en.end;
        }
        if z != self.zh.len() || e != self.en.len() {
            return Err(crate::Error::Invalid(format!(
                "the beads end at sentence {z} ↔ {e}, the documents have {} ↔ {}",
                self.zh.len(),
                self.en.len()
            )));
        }
        Ok(())
    }
}

/// A Chinese–English term pair (from a glossary) used as extra evidence when aligning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermPair {
    /// The Chinese term, as it appears in text.
    pub zh: String,
    /// The English term (one or more words).
    pub en: String,
}

/// A source of term pairs (the glossary implements it) for [`AlignOptions::terms`].
pub trait TermSource {
    /// Term pairs whose Chinese side occurs in `zh_text` (a whole document); implementations may return
    /// more, the aligner ignores pairs that do not occur.
    fn term_pairs(&self, zh_text: &str) -> Vec<TermPair>;
}

impl TermSource for [TermPair] {
    fn term_pairs(&self, _zh_text: &str) -> Vec<TermPair> {
        self.to_vec()
    }
}

/// Options of [`super::align`].
#[derive(Debug, Clone)]
pub struct AlignOptions {
    /// The bilingual lexicon; `None` uses the shipped CC-CEDICT ([`Lexicon::shared`]), falling back to
    /// no lexicon (with a warning) when it cannot be found.
    pub lexicon: Option<Arc<Lexicon>>,
    /// Glossary term pairs: extra anchors that count like dictionary words.
    pub terms: Vec<TermPair>,
    /// Chinese sentence indices that start a paragraph (beads rarely cross a paragraph boundary).
    pub zh_paragraphs: Vec<usize>,
    /// English sentence indices that start a paragraph.
    pub en_paragraphs: Vec<usize>,
    /// Learn a word table from the first pass and align again (more accurate, about twice the time).
    pub second_pass: bool,
}

impl Default for AlignOptions {
    fn default() -> Self {
        Self {
            lexicon: None,
            terms: Vec::new(),
            zh_paragraphs: Vec::new(),
            en_paragraphs: Vec::new(),
            second_pass: true,
        }
    }
}

/// Something about the input or the result a person should know.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum AlignWarning {
    /// No dictionary was available: the alignment rests on length, punctuation, numbers and names.
    NoLexicon(String),
    /// Many sentences have no counterpart (e.g. an English summary of a long Chinese release).
    MostlyUnaligned {
        /// Chinese sentences left without English.
        zh_alone: usize,
        /// English sentences left without Chinese.
        en_alone: usize,
        /// Sentences in all.
        total: usize,
    },
    /// The two sides differ a lot in length (characters), so many sentences may stay unpaired.
    LengthMismatch {
        /// English characters per Chinese character.
        ratio: f32,
    },
}

impl std::fmt::Display for AlignWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AlignWarning::NoLexicon(why) => {
                write!(
                    f,
                    "no dictionary ({why}); aligning on length, numbers and names only"
                )
            }
            AlignWarning::MostlyUnaligned {
                zh_alone,
                en_alone,
                total,
            } => write!(
                f,
                "{} of {total} sentences have no counterpart ({zh_alone} Chinese, {en_alone} English): \
                 the documents may not be translations of each other, or one is a summary",
                zh_alone + en_alone
            ),
            AlignWarning::LengthMismatch { ratio } => write!(
                f,
                "the English side has {ratio:.1} characters per Chinese character (about 2–6 is usual): \
                 one side may be much shorter than the other"
            ),
        }
    }
}

/// What [`super::align`] returns: the alignment and what it found worth saying.
#[derive(Debug, Clone, Default)]
pub struct AlignResult {
    /// The alignment.
    pub alignment: Alignment,
    /// Warnings about the input or the result.
    pub warnings: Vec<AlignWarning>,
}
