//! Word sequences (n-grams) of one side and the number of beads each occurs in, counted level by level.
//!
//! Main type: [`Grams`], a trie of every counted sequence: a sequence of n words is its first n − 1 words
//! (its `parent`) plus one, so a sequence is found from a text position with one hash lookup per word
//! ([`Grams::child`]). Only sequences whose two (n − 1)-word halves are frequent are counted at level n
//! (a sequence is never more frequent than its parts), which keeps the table small on a large memory.

use rustc_hash::FxHashMap;

use super::side::{BREAK, Side};
use crate::{Error, Progress, Result};

/// No sequence (the parent of one-word sequences, an empty trie slot).
pub const NONE: u32 = u32::MAX;

/// One counted word sequence.
#[derive(Debug, Clone, Copy)]
pub struct Gram {
    /// Beads it occurs in.
    pub count: u32,
    /// The sequence without its last word (`NONE` for one word).
    pub parent: u32,
    /// The sequence without its first word (`NONE` for one word).
    pub suffix: u32,
    /// First and last word.
    pub first: u32,
    /// Last word.
    pub last: u32,
    /// Number of words.
    pub len: u8,
    // The last bead counted, so that a bead counts once.
    last_bead: u32,
}

/// The counted sequences of a side.
#[derive(Debug, Default)]
pub struct Grams {
    /// Every counted sequence; its position is its id.
    pub grams: Vec<Gram>,
    index: FxHashMap<u64, u32>,
}

fn key(parent: u32, token: u32) -> u64 {
    (u64::from(parent) << 32) | u64::from(token)
}

impl Grams {
    /// Counts the sequences of up to `max_len` words of `side` that can reach `min_count` beads.
    /// `progress` advances by `side.beads()` in all; returning `false` cancels.
    pub fn count(
        side: &Side,
        max_len: usize,
        min_count: u32,
        progress: &mut dyn Progress,
    ) -> Result<Grams> {
        let mut g = Grams::default();
        let n = side.tokens.len();
        let tokens = &side.tokens;
        let beads = side.beads();
        let step = (beads / max_len.max(1)) as u64;
        let mut cur = vec![NONE; n];
        for b in 0..beads {
            for i in side.range(b) {
                let t = tokens[i];
                if t != BREAK {
                    cur[i] = g.bump(NONE, t, NONE, b as u32, (t, 1));
                }
            }
        }
        let mut reported = step;
        if !progress.advance(step) {
            return Err(Error::Cancelled);
        }
        for len in 2..=max_len {
            let mut next = vec![NONE; n];
            let mut any = false;
            for b in 0..beads {
                let r = side.range(b);
                for i in r.start..r.end.saturating_sub(len - 1) {
                    let (p, s) = (cur[i], cur[i + 1]);
                    if p == NONE || s == NONE {
                        continue;
                    }
                    if g.grams[p as usize].count < min_count
                        || g.grams[s as usize].count < min_count
                    {
                        continue;
                    }
                    let first = g.grams[p as usize].first;
                    next[i] = g.bump(p, tokens[i + len - 1], s, b as u32, (first, len as u8));
                    any = true;
                }
            }
            cur = next;
            if !any {
                break;
            }
            reported += step;
            if !progress.advance(step) {
                return Err(Error::Cancelled);
            }
        }
        if !progress.advance((beads as u64).saturating_sub(reported)) {
            return Err(Error::Cancelled);
        }
        Ok(g)
    }

    /// Counts sequence `parent` + `token` once for bead `bead`, adding it if new.
    fn bump(
        &mut self,
        parent: u32,
        token: u32,
        suffix: u32,
        bead: u32,
        (first, len): (u32, u8),
    ) -> u32 {
        let next_id = self.grams.len() as u32;
        let id = *self.index.entry(key(parent, token)).or_insert(next_id);
        if id == next_id {
            self.grams.push(Gram {
                count: 0,
                parent,
                suffix,
                first,
                last: token,
                len,
                last_bead: u32::MAX,
            });
        }
        let gram = &mut self.grams[id as usize];
        if gram.last_bead != bead {
            gram.last_bead = bead;
            gram.count += 1;
        }
        id
    }

    /// The sequence `parent` + `token` (`parent` [`NONE`] for a single word), if counted.
    pub fn child(&self, parent: u32, token: u32) -> Option<u32> {
        self.index.get(&key(parent, token)).copied()
    }

    /// The words of sequence `id`, in order.
    pub fn words(&self, id: u32) -> Vec<u32> {
        let mut out = Vec::new();
        let mut g = id;
        while g != NONE {
            let gram = &self.grams[g as usize];
            out.push(gram.last);
            g = gram.parent;
        }
        out.reverse();
        out
    }

    /// The sequence made of `words`, if counted.
    #[cfg(test)]
    pub fn find(&self, words: &[u32]) -> Option<u32> {
        words
            .iter()
            .try_fold(NONE, |parent, &w| self.child(parent, w))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NoProgress;
    use crate::terms::side;

    #[test]
    fn counts_beads_not_occurrences_and_prunes_rare_parts() {
        let beads = [
            "Liangjiang New Area, Liangjiang New Area",
            "the Liangjiang New Area grew",
            "a new area",
            "Liangjiang grew",
        ];
        let s = side::english(beads.iter().copied());
        let g = Grams::count(&s, 4, 2, &mut NoProgress).unwrap();
        let id = |w: &[&str]| {
            let ws: Vec<u32> = w
                .iter()
                .map(|w| s.vocab.words.iter().position(|x| x == w).unwrap() as u32)
                .collect();
            g.find(&ws)
        };
        let count = |w: &[&str]| id(w).map(|i| g.grams[i as usize].count);
        let cases: [(&[&str], Option<u32>); 7] = [
            (&["liangjiang"], Some(3)),
            (&["liangjiang", "new", "area"], Some(2)),
            (&["new", "area"], Some(3)),
            // "the" occurs in one bead, so nothing starting with it is counted.
            (&["the", "liangjiang"], None),
            (&["the", "liangjiang", "new"], None),
            (&["area", "grew"], Some(1)),
            (&["liangjiang", "grew"], Some(1)),
        ];
        for (words, want) in cases {
            assert_eq!(count(words), want, "{words:?}");
        }
        let lna = id(&["liangjiang", "new", "area"]).unwrap();
        let words: Vec<&str> = g
            .words(lna)
            .iter()
            .map(|&w| s.vocab.words[w as usize].as_str())
            .collect();
        assert_eq!(words, ["liangjiang", "new", "area"]);
        let gram = g.grams[lna as usize];
        assert_eq!(
            (gram.parent, gram.suffix),
            (
                id(&["liangjiang", "new"]).unwrap(),
                id(&["new", "area"]).unwrap()
            )
        );
    }
}
