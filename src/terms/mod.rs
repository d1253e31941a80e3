//! Bilingual term extraction: glossary entries (Chinese term ↔ English term) suggested from aligned
//! releases or a translation memory, ranked, checked against the glossary, ready to add.
//!
//! How it works, in order:
//! 1. Each side on its own ([`analysis`]): Chinese cut into words by the aligner's CC-CEDICT segmenter,
//!    English into words; word sequences counted per bead; candidates are sequences seen in at least
//!    `min_freq` beads, without function words at the edges, that combine freely with their neighbours
//!    (sequences always inside a longer one are parts, not terms). Sequences of unknown characters (names,
//!    new compounds) are candidates like any other.
//! 2. Pairing ([`pairing`]): Dice association across beads, weighted by termhood and by evidence that
//!    survives translation (CC-CEDICT senses, pinyin of names, Latin tokens; [`Evidence`]).
//! 3. Against the glossary ([`check`]): known, there with another translation, or new; rejected
//!    suggestions are left out. Rejections are stored in the glossary file
//!    ([`Glossary::reject_suggestion`]), so everyone sharing it stops seeing them.
//!
//! # For the GUI
//! - Input: [`BeadPair::from_alignments`] (the current alignment, or several), [`BeadPair::from_memory`]
//!   (`Memory::units()`), or [`BeadPair::from_texts`].
//! - Run [`suggest`] on a worker thread with a [`Progress`] whose `advance` returns `false` to cancel
//!   ([`crate::Error::Cancelled`]). It returns the suggestions ranked, best first, with
//!   [`Suggestion::contexts`] (keyword in context on both sides) and [`Suggestion::beads`] (to jump to).
//! - Filters without running again: keep `s.freq >= n`, or `s.in_glossary.is_new()` ([`Options`] does the
//!   same when it runs).
//! - "Add to glossary": `glossary.add(s.to_entry(domain, source))` ([`Suggestion::to_entry`] fills
//!   English, Simplified and Traditional, status proposed); then set `s.in_glossary` to
//!   [`InGlossary::Known`] with the new entry's id, or run [`check`] on the list again.
//! - "Reject": [`reject`], then drop it from the list.
//!
//! Main items: [`suggest`], [`Options`], [`Suggestion`], [`InGlossary`], [`BeadPair`], [`reject`].

mod analysis;
mod candidates;
pub mod check;
mod evidence;
mod input;
mod ngram;
mod pairing;
mod resolve;
mod side;
mod suggestion;

use std::sync::Arc;

pub use check::{check, reject, standing};
pub use evidence::Evidence;
pub use input::{BeadPair, BeadRef};
pub use suggestion::{
    Alternative, Context, EN_CONTEXT_CHARS, InGlossary, Kwic, Suggestion, ZH_CONTEXT_CHARS,
};

use crate::align::lexicon::Lexicon;
use crate::glossary::Glossary;
use crate::{Progress, Result};
use analysis::{Analysis, STEPS_PER_BEAD};

/// Options of [`suggest`].
#[derive(Debug, Clone)]
pub struct Options {
    /// A pair must occur together in at least this many beads (default 2; values below 2 count as 2: a
    /// pair seen once has no statistics).
    pub min_freq: u32,
    /// Only this many suggestions, the best (default: all).
    pub top: Option<usize>,
    /// Only suggestions whose Chinese term is not in the glossary (default false). Without a glossary,
    /// every suggestion counts as new.
    pub new_only: bool,
    /// Keep suggestions a person rejected (default false: they are left out).
    pub include_rejected: bool,
    /// Keyword-in-context examples per suggestion (default 5; [`Suggestion::beads`] lists them all).
    pub contexts: usize,
    /// The lexicon to cut Chinese with; `None` uses the shipped CC-CEDICT ([`Lexicon::shared`]).
    pub lexicon: Option<Arc<Lexicon>>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            min_freq: 2,
            top: None,
            new_only: false,
            include_rejected: false,
            contexts: 5,
            lexicon: None,
        }
    }
}

/// Suggests glossary entries from aligned sentence pairs, best first.
///
/// With a `glossary`, each suggestion says how it stands there ([`InGlossary`]) and rejected ones are
/// left out. Fails with [`crate::Error::Invalid`] when the input cannot give suggestions (a side empty,
/// a single pair, no Chinese on the Chinese side, the sides swapped) and with [`crate::Error::Cancelled`]
/// when `progress` cancels. `progress` is told seven units per pair.
pub fn suggest(
    pairs: &[BeadPair],
    glossary: Option<&mut Glossary>,
    options: &Options,
    progress: &mut dyn Progress,
) -> Result<Vec<Suggestion>> {
    input::check(pairs)?;
    let lexicon = match &options.lexicon {
        Some(l) => l.clone(),
        None => Lexicon::shared()?,
    };
    let min_freq = options.min_freq.max(2);
    progress.start(pairs.len() as u64 * STEPS_PER_BEAD, "suggesting terms");
    let zh: Vec<&str> = pairs.iter().map(|p| p.zh.as_str()).collect();
    let en: Vec<&str> = pairs.iter().map(|p| p.en.as_str()).collect();
    let a = Analysis::new(&zh, &en, &lexicon, min_freq, progress)?;
    let ranked = pairing::pair(&a, min_freq, progress)?;
    let mut glossary = glossary;
    let mut out = Vec::new();
    for p in &ranked {
        if options.top.is_some_and(|top| out.len() >= top) {
            break;
        }
        let mut s = bare(&a, p, pairs);
        if let Some(g) = glossary.as_deref_mut() {
            if !options.include_rejected && g.is_rejected(&s.zh, &s.en)? {
                continue;
            }
            s.in_glossary = standing(g, &s.zh, &s.en)?;
        }
        if options.new_only && !s.in_glossary.is_new() {
            continue;
        }
        place(&a, p, pairs, options.contexts, &mut s);
        out.push(s);
    }
    Ok(out)
}

/// A suggestion's terms, figures and evidence.
fn bare(a: &Analysis<'_>, p: &pairing::Pair, pairs: &[BeadPair]) -> Suggestion {
    Suggestion {
        zh: a.zh_text(p.zh),
        en: english_as_written(a, p.en, pairs),
        score: p.score,
        freq: p.both,
        zh_freq: a.zh_cands.count[p.zh as usize],
        en_freq: a.en_cands.count[p.en as usize],
        evidence: p.evidence,
        in_glossary: InGlossary::Unchecked,
        beads: Vec::new(),
        contexts: Vec::new(),
        alternatives: p
            .alternatives
            .iter()
            .map(|&(e, freq, score)| Alternative {
                en: english_as_written(a, e, pairs),
                freq,
                score,
            })
            .collect(),
    }
}

/// English candidate `e` as the text most often writes it (among its first occurrences), a capital at the
/// start of a sentence taken back unless the word is a name: "Xiyong Comprehensive Bonded Zone" keeps
/// its capitals though "bonded" is mostly lower case elsewhere.
fn english_as_written(a: &Analysis<'_>, e: u32, pairs: &[BeadPair]) -> String {
    const SAMPLE: usize = 64;
    let words = a.en_words(e);
    let mut seen: Vec<(String, u32)> = Vec::new();
    for &b in a.en_cands.beads_of(e).iter().take(SAMPLE) {
        let text = pairs[b as usize].en.as_str();
        let Some(r) = Analysis::find_in(&a.en, &words, b as usize) else {
            continue;
        };
        let mut form: String = text[r.clone()]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let initial = text[..r.start]
            .trim_end_matches(|c: char| {
                c.is_whitespace() || matches!(c, '"' | '“' | '\'' | '‘' | '(')
            })
            .chars()
            .next_back()
            .is_none_or(|c| matches!(c, '.' | '!' | '?' | ':'));
        if initial && !a.en.vocab.capitalised[words[0] as usize] {
            form = lower_first(&form);
        }
        match seen.iter_mut().find(|(f, _)| *f == form) {
            Some((_, n)) => *n += 1,
            None => seen.push((form, 1)),
        }
    }
    // The most frequent form; the first seen among equals.
    let mut best: Option<(String, u32)> = None;
    for (form, n) in seen {
        if best.as_ref().is_none_or(|(_, m)| n > *m) {
            best = Some((form, n));
        }
    }
    best.map_or_else(|| a.en_text(e), |(f, _)| f)
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Fills in where a suggestion occurs: the beads holding both terms, and the first `contexts` of them in
/// context.
fn place(
    a: &Analysis<'_>,
    p: &pairing::Pair,
    pairs: &[BeadPair],
    contexts: usize,
    s: &mut Suggestion,
) {
    let (zw, ew) = (a.zh_words(p.zh), a.en_words(p.en));
    for b in a.joint(p.zh, p.en) {
        let b = b as usize;
        s.beads.push(pairs[b].at);
        if s.contexts.len() < contexts {
            let zr = Analysis::find_in(&a.zh, &zw, b);
            let er = Analysis::find_in(&a.en, &ew, b);
            if let (Some(zr), Some(er)) = (zr, er) {
                s.contexts.push(Context {
                    at: pairs[b].at,
                    zh: Kwic::new(&pairs[b].zh, zr, ZH_CONTEXT_CHARS),
                    en: Kwic::new(&pairs[b].en, er, EN_CONTEXT_CHARS),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests;
