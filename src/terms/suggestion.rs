//! What a suggestion is: a Chinese–English term pair with its score, frequency, evidence, standing in the
//! glossary and keyword-in-context examples; and the glossary entry it becomes when a person adds it.
//!
//! Main types: [`Suggestion`], [`InGlossary`], [`Context`], [`Kwic`]; [`Suggestion::to_entry`].

use serde::{Deserialize, Serialize};

use super::evidence::Evidence;
use super::input::BeadRef;
use crate::convert::script::{Script, detect_script};
use crate::glossary::{EntryData, EntryId, Status, Term, lang, scripts};

/// Characters of context shown on each side of a Chinese term, and of an English one.
pub const ZH_CONTEXT_CHARS: usize = 16;
/// See [`ZH_CONTEXT_CHARS`].
pub const EN_CONTEXT_CHARS: usize = 48;

/// How a suggestion stands against the glossary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum InGlossary {
    /// No glossary was given.
    Unchecked,
    /// The Chinese term is not in the glossary.
    New,
    /// An entry has both terms (in either Chinese script, any English term kind).
    Known {
        /// The entry.
        entry: EntryId,
    },
    /// The Chinese term is there with other English: a possible inconsistency to review.
    OtherTranslation {
        /// The first entry holding the Chinese term.
        entry: EntryId,
        /// The English those entries give.
        english: Vec<String>,
    },
}

impl InGlossary {
    /// Whether the suggestion would add something new (unchecked counts as new: nothing says otherwise).
    pub fn is_new(&self) -> bool {
        matches!(self, InGlossary::New | InGlossary::Unchecked)
    }

    /// One word for lists: `new`, `known`, `other` or `-`.
    pub fn label(&self) -> &'static str {
        match self {
            InGlossary::Unchecked => "-",
            InGlossary::New => "new",
            InGlossary::Known { .. } => "known",
            InGlossary::OtherTranslation { .. } => "other",
        }
    }
}

/// A term in a line of text: the text before it, the term as written there, the text after it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kwic {
    /// Up to the context width before the term (`…` first when cut).
    pub before: String,
    /// The term as the text writes it.
    pub term: String,
    /// Up to the context width after the term (`…` last when cut).
    pub after: String,
}

impl Kwic {
    /// The term at `range` of `text`, with `width` characters either side.
    pub fn new(text: &str, range: std::ops::Range<usize>, width: usize) -> Kwic {
        let before = &text[..range.start];
        let after = &text[range.end..];
        let cut_before = before.char_indices().rev().nth(width.saturating_sub(1));
        let before = match cut_before {
            Some((k, _)) if k > 0 => format!("…{}", before[k..].trim_start()),
            _ => before.to_string(),
        };
        let after = match after.char_indices().nth(width) {
            Some((k, _)) => format!("{}…", after[..k].trim_end()),
            None => after.to_string(),
        };
        Kwic {
            before,
            term: text[range].to_string(),
            after,
        }
    }
}

/// Where a suggestion occurs: one bead, both sides in context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Context {
    /// The bead.
    pub at: BeadRef,
    /// The Chinese term in its sentence.
    pub zh: Kwic,
    /// The English term in its sentence.
    pub en: Kwic,
}

/// Another English term seen with the same Chinese one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alternative {
    /// The English term.
    pub en: String,
    /// Beads holding both.
    pub freq: u32,
    /// Its score.
    pub score: f32,
}

/// A suggested glossary entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// The Chinese term, as written in the text.
    pub zh: String,
    /// The English term, names capitalised and acronyms in capitals as the text mostly writes them.
    pub en: String,
    /// The ranking score, 0–1 (higher is better).
    pub score: f32,
    /// Beads holding both terms.
    pub freq: u32,
    /// Beads holding the Chinese term.
    pub zh_freq: u32,
    /// Beads holding the English term.
    pub en_freq: u32,
    /// What supports the pair besides co-occurrence.
    pub evidence: Evidence,
    /// Against the glossary.
    pub in_glossary: InGlossary,
    /// Every bead holding both terms, in input order.
    pub beads: Vec<BeadRef>,
    /// The first few of them, with the terms in context.
    pub contexts: Vec<Context>,
    /// Other English terms seen with the Chinese one, best first.
    pub alternatives: Vec<Alternative>,
}

impl Suggestion {
    /// The glossary entry a person adds from this suggestion: the English term, the Chinese term in its
    /// own script's column and converted into the other one (zh-Hans ⇄ zh-Hant, as the glossary editor
    /// does), status "proposed", and the caller's `domain` and `source` (the release, or the memory).
    pub fn to_entry(&self, domain: &str, source: &str) -> EntryData {
        let own = match detect_script(&self.zh).script {
            Script::Hant => lang::ZH_HANT,
            _ => lang::ZH_HANS,
        };
        let mut terms = vec![Term::main(lang::EN, &self.en), Term::main(own, &self.zh)];
        if let Some((other, text)) = scripts::counterpart(own, &self.zh) {
            terms.push(Term::main(other, &text));
        }
        EntryData {
            terms,
            domain: domain.trim().to_string(),
            source: source.trim().to_string(),
            note: format!(
                "Suggested from {} aligned sentence pair{}.",
                self.freq,
                if self.freq == 1 { "" } else { "s" }
            ),
            status: Status::Proposed,
            ..EntryData::default()
        }
        .normalized()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suggestion(zh: &str, en: &str) -> Suggestion {
        Suggestion {
            zh: zh.into(),
            en: en.into(),
            score: 0.9,
            freq: 3,
            zh_freq: 3,
            en_freq: 4,
            evidence: Evidence::default(),
            in_glossary: InGlossary::New,
            beads: Vec::new(),
            contexts: Vec::new(),
            alternatives: Vec::new(),
        }
    }

    #[test]
    fn entries_fill_both_scripts_and_say_proposed() {
        let cases = [
            ("两江新区", "Liangjiang New Area", ("两江新区", "兩江新區")),
            ("兩江新區", "Liangjiang New Area", ("两江新区", "兩江新區")),
            ("软件园", "software park", ("软件园", "軟體園")),
        ];
        for (zh, en, (hans, hant)) in cases {
            let e = suggestion(zh, en).to_entry(" places ", "release-2024-05.docx");
            assert_eq!(e.preferred(lang::EN), Some(en));
            assert_eq!(e.preferred(lang::ZH_HANS), Some(hans), "{zh}");
            assert_eq!(e.preferred(lang::ZH_HANT), Some(hant), "{zh}");
            assert_eq!(e.status, Status::Proposed);
            assert_eq!(
                (e.domain.as_str(), e.source.as_str()),
                ("places", "release-2024-05.docx")
            );
            assert!(e.note.contains("3 aligned sentence pairs"), "{}", e.note);
            assert!(e.validate().is_ok());
        }
    }

    #[test]
    fn keyword_in_context_is_cut_at_the_width() {
        let text = "重庆两江新区的企业";
        let k = Kwic::new(text, 6..18, 2);
        assert_eq!(
            (k.before.as_str(), k.term.as_str(), k.after.as_str()),
            ("重庆", "两江新区", "的企…")
        );
        let k = Kwic::new(text, 6..18, 1);
        assert_eq!(k.before, "…庆");
        let en = "Firms in the Liangjiang New Area grew fast.";
        let k = Kwic::new(en, 13..32, 13);
        assert_eq!(
            (k.before.as_str(), k.after.as_str()),
            ("Firms in the ", " grew fast.")
        );
        assert!(InGlossary::Unchecked.is_new() && !InGlossary::Known { entry: 1 }.is_new());
    }
}
