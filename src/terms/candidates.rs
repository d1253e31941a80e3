//! Term candidates of one side: counted word sequences that could be terms, with their termhood, and
//! which beads hold which.
//!
//! A candidate occurs in at least `min_freq` beads, has no function word at either edge and none inside
//! but joiners (与, of), and is not too long. Its *freedom* says how freely it combines with its
//! neighbours: 1 minus the share of its beads spent inside longer term-shaped sequences on one side (a
//! C-value-like nesting test that needs no second pass, since the longer sequences were counted anyway;
//! it plays the part of branching entropy). 两江 is always 两江新区, so its freedom is 0 and it is
//! dropped; 新区 stays where it also stands alone or after many different names.
//!
//! Main type: [`Candidates`].

use super::ngram::{Grams, NONE};
use super::side::{BREAK, Side};
use crate::{Error, Progress, Result};

/// Candidates less free than this are parts of longer ones, not terms.
const MIN_FREEDOM: f32 = 0.25;

/// What a candidate of one side may look like.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Most words.
    pub max_words: usize,
    /// Fewest and most characters (Chinese) — `None` for English.
    pub chars: Option<(usize, usize)>,
}

/// Chinese: 2–14 Han characters in at most 8 words.
pub const CHINESE: Shape = Shape {
    max_words: 8,
    chars: Some((2, 14)),
};

/// English: at most 8 words.
pub const ENGLISH: Shape = Shape {
    max_words: 8,
    chars: None,
};

/// The candidates of a side.
#[derive(Debug, Default)]
pub struct Candidates {
    /// Candidate id → sequence id in the side's [`Grams`].
    pub gram: Vec<u32>,
    /// Beads the candidate occurs in.
    pub count: Vec<u32>,
    /// How freely it combines with its neighbours, 0–1.
    pub freedom: Vec<f32>,
    /// Its size: characters (Chinese) or words (English).
    pub size: Vec<u16>,
    /// Bead `b` holds candidates `in_bead[bead_off[b]..bead_off[b + 1]]`, sorted.
    pub bead_off: Vec<u32>,
    /// See `bead_off`.
    pub in_bead: Vec<u32>,
    /// Candidate `c` occurs in beads `beads[post_off[c]..post_off[c + 1]]`, ascending.
    pub post_off: Vec<u32>,
    /// See `post_off`.
    pub beads: Vec<u32>,
}

impl Candidates {
    /// Number of candidates.
    pub fn len(&self) -> usize {
        self.gram.len()
    }

    /// The candidates of bead `b`.
    pub fn of_bead(&self, b: usize) -> &[u32] {
        &self.in_bead[self.bead_off[b] as usize..self.bead_off[b + 1] as usize]
    }

    /// The beads of candidate `c`.
    pub fn beads_of(&self, c: u32) -> &[u32] {
        let c = c as usize;
        &self.beads[self.post_off[c] as usize..self.post_off[c + 1] as usize]
    }

    /// Finds the candidates of `side`, whose sequences `grams` counted (up to one word longer than
    /// `shape` allows, so that the longest candidates can be nested too).
    pub fn find(
        side: &Side,
        grams: &Grams,
        shape: Shape,
        min_freq: u32,
        progress: &mut dyn Progress,
    ) -> Result<Candidates> {
        let v = &side.vocab;
        // Chinese: Han characters (a Latin token alone, RCEP, is not a Chinese term); English: words.
        let size_of = |g: u32| -> usize {
            match shape.chars {
                Some(_) => grams
                    .words(g)
                    .iter()
                    .map(|&w| usize::from(v.han[w as usize]))
                    .sum(),
                None => grams.grams[g as usize].len as usize,
            }
        };
        // Sequences shaped like terms (any length), and how each sequence sits inside longer ones.
        let n = grams.grams.len();
        let mut shaped = vec![false; n];
        let mut nest = vec![Nest::default(); n];
        // Whether every word but the first is a content word or a joiner; a parent is counted (and so
        // numbered) before its children, so one pass in id order fills it.
        let mut tail_ok = vec![true; n];
        let ok = |w: u32| !v.stop[w as usize] || v.joiner[w as usize];
        for (id, gram) in grams.grams.iter().enumerate() {
            let p = gram.parent;
            if p != NONE {
                tail_ok[id] = tail_ok[p as usize] && ok(gram.last);
            }
            let (first, last) = (gram.first as usize, gram.last as usize);
            if gram.count < min_freq || v.stop[first] || v.stop[last] || v.not_last[last] {
                continue;
            }
            if p != NONE && !tail_ok[p as usize] {
                continue;
            }
            shaped[id] = true;
            if p == NONE {
                continue;
            }
            let alone = |word: u32| {
                grams
                    .child(NONE, word)
                    .map_or(1, |g| grams.grams[g as usize].count)
            };
            let (added_right, added_left) = (alone(gram.last), alone(gram.first));
            nest[p as usize].add(RIGHT, gram.count, added_right);
            nest[gram.suffix as usize].add(LEFT, gram.count, added_left);
            // Across a joiner too: "Ministry" and "Commerce" in "Ministry of Commerce", "Road" in "Belt
            // and Road".
            if gram.len >= 3 {
                let (pg, sg) = (&grams.grams[p as usize], &grams.grams[gram.suffix as usize]);
                if v.joiner[pg.last as usize] {
                    nest[pg.parent as usize].add(RIGHT, gram.count, added_right);
                }
                if v.joiner[sg.first as usize] {
                    nest[sg.suffix as usize].add(LEFT, gram.count, added_left);
                }
            }
        }
        let mut c = Candidates::default();
        let mut of_gram = vec![NONE; n];
        for (id, gram) in grams.grams.iter().enumerate() {
            if !shaped[id] || gram.len as usize > shape.max_words {
                continue;
            }
            let size = size_of(id as u32);
            if let Some((lo, hi)) = shape.chars {
                if size < lo || size > hi {
                    continue;
                }
            } else if gram.len == 1 && v.words[gram.first as usize].len() < 2 {
                continue;
            }
            let freedom = nest[id].freedom(gram.count);
            if freedom < MIN_FREEDOM {
                continue;
            }
            of_gram[id] = c.gram.len() as u32;
            c.gram.push(id as u32);
            c.count.push(gram.count);
            c.freedom.push(freedom);
            c.size.push(size.min(u16::MAX as usize) as u16);
        }
        if !progress.advance(side.beads() as u64 / 2) {
            return Err(Error::Cancelled);
        }
        c.index_beads(side, grams, &of_gram, shape.max_words);
        if !progress.advance(side.beads() as u64 - side.beads() as u64 / 2) {
            return Err(Error::Cancelled);
        }
        Ok(c)
    }

    /// Fills the bead → candidates and candidate → beads lists by walking the trie from every position.
    fn index_beads(&mut self, side: &Side, grams: &Grams, of_gram: &[u32], max_words: usize) {
        self.bead_off = Vec::with_capacity(side.beads() + 1);
        self.bead_off.push(0);
        let mut here = Vec::new();
        for b in 0..side.beads() {
            here.clear();
            let r = side.range(b);
            for i in r.clone() {
                let mut g = NONE;
                for &t in side.tokens[i..r.end].iter().take(max_words) {
                    if t == BREAK {
                        break;
                    }
                    match grams.child(g, t) {
                        Some(next) => g = next,
                        None => break,
                    }
                    if of_gram[g as usize] != NONE {
                        here.push(of_gram[g as usize]);
                    }
                }
            }
            here.sort_unstable();
            here.dedup();
            self.in_bead.extend_from_slice(&here);
            self.bead_off.push(self.in_bead.len() as u32);
        }
        let mut off = vec![0u32; self.len() + 1];
        for &cand in &self.in_bead {
            off[cand as usize + 1] += 1;
        }
        for k in 1..off.len() {
            off[k] += off[k - 1];
        }
        let mut fill = off.clone();
        self.beads = vec![0; self.in_bead.len()];
        for b in 0..side.beads() {
            for k in self.bead_off[b]..self.bead_off[b + 1] {
                let slot = &mut fill[self.in_bead[k as usize] as usize];
                self.beads[*slot as usize] = b as u32;
                *slot += 1;
            }
        }
        self.post_off = off;
    }
}

const LEFT: usize = 0;
const RIGHT: usize = 1;

/// How a sequence sits inside longer term-shaped ones, on the left and on the right.
#[derive(Debug, Clone, Copy, Default)]
struct Nest {
    /// Beads spent inside extensions, each weighted by how bound the added word is to the sequence:
    /// 江 in 两江新区 is, 建设 ("building") in 经济圈建设 is not (it follows many other words), nor is
    /// "development" in "development of the Yangtze River Economic Belt".
    bound: [f32; 2],
    /// Beads of the most frequent single extension, whatever the added word: "energy vehicles" is
    /// always "new energy vehicles", however common "new" is.
    most: [u32; 2],
}

impl Nest {
    fn add(&mut self, side: usize, count: u32, added_alone: u32) {
        let bound = (count as f32 / added_alone.max(1) as f32).min(1.0);
        self.bound[side] += count as f32 * bound;
        self.most[side] = self.most[side].max(count);
    }

    /// 1 − the share of the sequence's beads explained by longer sequences: the bound share, or the
    /// share of the most frequent extension weighted by its square (a part that is always inside the
    /// same longer sequence is no term; one that is half the time inside it may well be).
    fn freedom(&self, count: u32) -> f32 {
        let c = count.max(1) as f32;
        let mut nested: f32 = 0.0;
        for side in [LEFT, RIGHT] {
            let most = self.most[side] as f32;
            nested = nested.max(self.bound[side]).max(most * (most / c).powi(2));
        }
        1.0 - nested.min(c) / c
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NoProgress;
    use crate::align::Lexicon;
    use crate::terms::side;

    fn shown(side: &Side, grams: &Grams, c: &Candidates, k: usize, sep: &str) -> String {
        grams
            .words(c.gram[k])
            .iter()
            .map(|&w| side.vocab.words[w as usize].as_str())
            .collect::<Vec<_>>()
            .join(sep)
    }

    #[test]
    fn nested_parts_and_function_words_are_not_candidates() {
        let lex = Lexicon::parse("新區 新区 [xin1 qu1] /new district/\n").unwrap();
        let beads = [
            "两江新区的企业在增长。",
            "两江新区与西部新区合作。",
            "两江新区的企业。",
            "西部新区增长。",
        ];
        let s = side::chinese(beads.iter().copied(), &lex);
        let g = Grams::count(&s, CHINESE.max_words + 1, 2, &mut NoProgress).unwrap();
        let c = Candidates::find(&s, &g, CHINESE, 2, &mut NoProgress).unwrap();
        let mut got: Vec<String> = (0..c.len()).map(|k| shown(&s, &g, &c, k, "")).collect();
        got.sort();
        // 两江 and 江新区 live only inside 两江新区; 新区 stands in 西部新区 too, but always inside one of
        // the two names; 的企业 starts with a function word.
        assert_eq!(got, ["两江新区", "企业", "增长", "西部新区"]);
        let k = got.iter().position(|x| x == "两江新区").unwrap();
        let k = (0..c.len())
            .find(|&i| shown(&s, &g, &c, i, "") == got[k])
            .unwrap();
        assert_eq!(c.count[k], 3);
        assert_eq!(c.beads_of(k as u32), [0, 1, 2]);
        assert_eq!(c.size[k], 4);
        assert!(c.of_bead(1).contains(&(k as u32)));
    }

    #[test]
    fn english_joiners_inside_only() {
        let beads = [
            "the Ministry of Commerce said",
            "The Ministry of Commerce of China.",
            "Ministry of Commerce officials",
        ];
        let s = side::english(beads.iter().copied());
        let g = Grams::count(&s, ENGLISH.max_words + 1, 2, &mut NoProgress).unwrap();
        let c = Candidates::find(&s, &g, ENGLISH, 2, &mut NoProgress).unwrap();
        let got: Vec<String> = (0..c.len()).map(|k| shown(&s, &g, &c, k, " ")).collect();
        assert_eq!(got, ["ministry of commerce"]);
    }
}
