//! Both sides analysed on their own before pairing: tokens ([`super::side`]), counted word sequences
//! ([`super::ngram`]) and term candidates ([`super::candidates`]).
//!
//! Main type: [`Analysis`], with what the pairing and the suggestions read from it (a candidate's words,
//! its text, where it occurs in a bead).

use super::candidates::{self, Candidates};
use super::ngram::Grams;
use super::side::{self, Side};
use crate::align::lexicon::Lexicon;
use crate::{Error, Progress, Result};

/// Units of progress per bead: tokenizing, counting and finding candidates on each side, then pairing.
pub const STEPS_PER_BEAD: u64 = 7;

/// The two sides of the input, analysed.
pub struct Analysis<'l> {
    /// The lexicon the Chinese was cut with.
    pub lex: &'l Lexicon,
    /// Chinese tokens.
    pub zh: Side,
    /// English tokens.
    pub en: Side,
    /// Chinese word sequences.
    pub zh_grams: Grams,
    /// English word sequences.
    pub en_grams: Grams,
    /// Chinese candidates.
    pub zh_cands: Candidates,
    /// English candidates.
    pub en_cands: Candidates,
}

impl<'l> Analysis<'l> {
    /// Analyses bead texts (`zh[b]` and `en[b]` are bead `b`). `progress` advances by six per bead.
    pub fn new(
        zh: &[&str],
        en: &[&str],
        lex: &'l Lexicon,
        min_freq: u32,
        progress: &mut dyn Progress,
    ) -> Result<Analysis<'l>> {
        let n = zh.len() as u64;
        let zh_side = side::chinese(zh.iter().copied(), lex);
        check(progress, n)?;
        let en_side = side::english(en.iter().copied());
        check(progress, n)?;
        let max = |shape: candidates::Shape| shape.max_words + 1;
        let zh_grams = Grams::count(&zh_side, max(candidates::CHINESE), min_freq, progress)?;
        let en_grams = Grams::count(&en_side, max(candidates::ENGLISH), min_freq, progress)?;
        let zh_cands =
            Candidates::find(&zh_side, &zh_grams, candidates::CHINESE, min_freq, progress)?;
        let en_cands =
            Candidates::find(&en_side, &en_grams, candidates::ENGLISH, min_freq, progress)?;
        Ok(Analysis {
            lex,
            zh: zh_side,
            en: en_side,
            zh_grams,
            en_grams,
            zh_cands,
            en_cands,
        })
    }

    /// The words of Chinese candidate `c`.
    pub fn zh_words(&self, c: u32) -> Vec<u32> {
        self.zh_grams.words(self.zh_cands.gram[c as usize])
    }

    /// The words of English candidate `c`.
    pub fn en_words(&self, c: u32) -> Vec<u32> {
        self.en_grams.words(self.en_cands.gram[c as usize])
    }

    /// Chinese candidate `c` as it is written.
    pub fn zh_text(&self, c: u32) -> String {
        let v = &self.zh.vocab;
        self.zh_words(c)
            .iter()
            .map(|&w| v.shown[w as usize].as_str())
            .collect()
    }

    /// English candidate `c` as it is usually written (names capitalised, acronyms in capitals).
    pub fn en_text(&self, c: u32) -> String {
        let v = &self.en.vocab;
        self.en_words(c)
            .iter()
            .map(|&w| v.shown[w as usize].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Whether English candidate `e` is one acronym (CCISF).
    pub fn en_is_acronym(&self, e: u32) -> bool {
        let g = &self.en_grams.grams[self.en_cands.gram[e as usize] as usize];
        g.len == 1 && self.en.vocab.acronym[g.first as usize]
    }

    /// Whether every content word of English candidate `e` is capitalised (a name).
    pub fn en_is_name(&self, e: u32) -> bool {
        let v = &self.en.vocab;
        self.en_words(e)
            .iter()
            .all(|&w| v.stop[w as usize] || v.capitalised[w as usize])
    }

    /// The beads holding both Chinese candidate `z` and English candidate `e`, ascending.
    pub fn joint(&self, z: u32, e: u32) -> Vec<u32> {
        let (zb, eb) = (self.zh_cands.beads_of(z), self.en_cands.beads_of(e));
        let mut out = Vec::new();
        let (mut i, mut j) = (0, 0);
        while i < zb.len() && j < eb.len() {
            match zb[i].cmp(&eb[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    out.push(zb[i]);
                    i += 1;
                    j += 1;
                }
            }
        }
        out
    }

    /// The byte range of the first occurrence of candidate `words` in bead `b` of `side`.
    pub fn find_in(side: &Side, words: &[u32], b: usize) -> Option<std::ops::Range<usize>> {
        let r = side.range(b);
        let tokens = &side.tokens[r.clone()];
        let k = tokens.windows(words.len()).position(|w| w == words)?;
        let (start, end) = (
            side.spans[r.start + k].0,
            side.spans[r.start + k + words.len() - 1].1,
        );
        Some(start as usize..end as usize)
    }
}

fn check(progress: &mut dyn Progress, n: u64) -> Result<()> {
    if progress.advance(n) {
        Ok(())
    } else {
        Err(Error::Cancelled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NoProgress;

    #[test]
    fn candidates_are_shown_and_found_in_beads() {
        let lex = Lexicon::parse("新區 新区 [xin1 qu1] /new district/\n").unwrap();
        let zh = ["两江新区。", "在两江新区。"];
        let en = [
            "The Liangjiang New Area's firms.",
            "In Liangjiang New Area.",
        ];
        let a = Analysis::new(&zh, &en, &lex, 2, &mut NoProgress).unwrap();
        assert_eq!(a.zh_cands.len(), 1);
        assert_eq!(a.zh_text(0), "两江新区");
        let e = (0..a.en_cands.len() as u32)
            .find(|&e| a.en_text(e) == "Liangjiang New Area")
            .unwrap();
        assert!(a.en_is_name(e) && !a.en_is_acronym(e));
        let words = a.en_words(e);
        assert_eq!(Analysis::find_in(&a.en, &words, 0), Some(4..23));
        assert_eq!(Analysis::find_in(&a.zh, &a.zh_words(0), 1), Some(3..15));
    }
}
