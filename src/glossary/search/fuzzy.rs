//! Typo-tolerant word lookup: a trie over the distinct words of all keys, walked with a row of the
//! (restricted Damerau–)Levenshtein table per node, so that only prefixes still within the allowed distance
//! are visited. A word typed in full may differ by a few edits; the word being typed (the last) may also be
//! a misspelt prefix.

use crate::glossary::normalize::is_dense;

/// A trie over sorted distinct words; the words below a node are a contiguous range of word ids.
#[derive(Debug, Default)]
pub(crate) struct Trie {
    child_start: Vec<u32>,
    child_char: Vec<char>,
    child_node: Vec<u32>,
    /// Word id ending at the node, or `u32::MAX`.
    word_at: Vec<u32>,
    /// Word-id range `[lo, hi)` of the node's subtree.
    range: Vec<(u32, u32)>,
}

/// A matched word range and its distance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WordMatch {
    pub lo: u32,
    pub hi: u32,
    pub distance: u8,
}

/// Edits allowed for a word of `len` characters.
pub(crate) fn max_distance(word: &[char]) -> u8 {
    let dense = word.iter().any(|c| is_dense(*c));
    match (dense, word.len()) {
        (true, 0..=2) => 0,
        (true, _) => 1,
        (false, 0..=2) => 0,
        (false, 3..=7) => 1,
        _ => 2,
    }
}

impl Trie {
    /// Builds the trie from sorted, distinct words (as char vectors).
    pub fn build(words: &[Vec<char>]) -> Trie {
        let mut t = Trie::default();
        // Breadth-first over (word range, depth) so that each node's children are stored contiguously.
        let mut queue = std::collections::VecDeque::new();
        t.push_node(words, 0, words.len(), 0);
        queue.push_back((0u32, 0usize, words.len(), 0usize));
        t.child_start.push(0);
        while let Some((node, lo, hi, depth)) = queue.pop_front() {
            debug_assert_eq!(t.child_start.len() - 1, node as usize);
            let mut i = lo;
            if i < hi && words[i].len() == depth {
                i += 1;
            }
            while i < hi {
                let c = words[i][depth];
                let mut j = i + 1;
                while j < hi && words[j][depth] == c {
                    j += 1;
                }
                let child = t.push_node(words, i, j, depth + 1);
                t.child_char.push(c);
                t.child_node.push(child);
                queue.push_back((child, i, j, depth + 1));
                i = j;
            }
            t.child_start.push(t.child_char.len() as u32);
        }
        t
    }

    fn push_node(&mut self, words: &[Vec<char>], lo: usize, hi: usize, depth: usize) -> u32 {
        let id = self.word_at.len() as u32;
        let word = if lo < hi && words[lo].len() == depth {
            lo as u32
        } else {
            u32::MAX
        };
        self.word_at.push(word);
        self.range.push((lo as u32, hi as u32));
        id
    }

    /// Words within `max` edits of `query`; with `prefix`, also every word that has a prefix within `max`
    /// edits (returned as a range of word ids). Visits at most [`NODE_BUDGET`] trie nodes, so a short
    /// query in a large, dense vocabulary stays quick (it may then miss some far matches).
    pub fn search(&self, query: &[char], max: u8, prefix: bool) -> Vec<WordMatch> {
        let mut out = Vec::new();
        if self.word_at.is_empty() {
            return out;
        }
        let width = query.len() + 1;
        let first: Vec<u8> = (0..width).map(|j| j.min(255) as u8).collect();
        // Rows of the edit-distance table by depth, reused along the walk: slot `t + 1` holds the row of
        // the node at depth `t`, slot 0 a copy of the first row (no transposition at the top).
        let mut rows = Vec::with_capacity(width * 16);
        rows.extend_from_slice(&first);
        rows.extend_from_slice(&first);
        let mut walk = Walk {
            trie: self,
            q: query,
            max,
            prefix,
            width,
            rows,
            visits: 0,
            out: &mut out,
        };
        walk.node(0, 0, None);
        out.sort_by_key(|m| (m.distance, m.lo));
        out
    }
}

/// Most trie nodes one fuzzy word lookup visits.
pub(crate) const NODE_BUDGET: usize = 60_000;

/// The state of one trie walk.
struct Walk<'a> {
    trie: &'a Trie,
    q: &'a [char],
    max: u8,
    prefix: bool,
    width: usize,
    rows: Vec<u8>,
    visits: usize,
    out: &'a mut Vec<WordMatch>,
}

impl Walk<'_> {
    /// Visits the children of `node` (at depth `t`, its row in slot `t + 1`); `prev_char` led to it.
    fn node(&mut self, node: u32, t: usize, prev_char: Option<char>) {
        let (w, q, max) = (self.width, self.q, self.max);
        let (a, b) = (
            self.trie.child_start[node as usize] as usize,
            self.trie.child_start[node as usize + 1] as usize,
        );
        let need = (t + 3) * w;
        if self.rows.len() < need {
            self.rows.resize(need, 0);
        }
        for i in a..b {
            self.visits += 1;
            if self.visits > NODE_BUDGET {
                return;
            }
            let (c, child) = (self.trie.child_char[i], self.trie.child_node[i]);
            let (before, next) = self.rows.split_at_mut((t + 2) * w);
            let next = &mut next[..w];
            let row = &before[(t + 1) * w..];
            let prev_row = &before[t * w..(t + 1) * w];
            next[0] = (t + 1).min(255) as u8;
            let mut lowest = next[0];
            for j in 1..w {
                let cost = u8::from(q[j - 1] != c);
                let mut v = (row[j].saturating_add(1))
                    .min(next[j - 1].saturating_add(1))
                    .min(row[j - 1].saturating_add(cost));
                if j > 1 && Some(q[j - 1]) == prev_char && q[j - 2] == c {
                    v = v.min(prev_row[j - 2].saturating_add(1));
                }
                next[j] = v;
                lowest = lowest.min(v);
            }
            let last = next[w - 1];
            if self.prefix && last <= max {
                let (lo, hi) = self.trie.range[child as usize];
                self.out.push(WordMatch {
                    lo,
                    hi,
                    distance: last,
                });
                continue;
            }
            let word = self.trie.word_at[child as usize];
            if word != u32::MAX && last <= max {
                self.out.push(WordMatch {
                    lo: word,
                    hi: word + 1,
                    distance: last,
                });
            }
            if lowest <= max {
                self.node(child, t + 1, Some(c));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trie(words: &[&str]) -> (Trie, Vec<String>) {
        let mut w: Vec<String> = words.iter().map(|s| s.to_string()).collect();
        w.sort();
        w.dedup();
        let chars: Vec<Vec<char>> = w.iter().map(|s| s.chars().collect()).collect();
        (Trie::build(&chars), w)
    }

    fn found(t: &Trie, words: &[String], q: &str, max: u8, prefix: bool) -> Vec<String> {
        let q: Vec<char> = q.chars().collect();
        let mut v: Vec<String> = t
            .search(&q, max, prefix)
            .iter()
            .flat_map(|m| (m.lo..m.hi).map(|i| words[i as usize].clone()))
            .collect();
        v.sort();
        v.dedup();
        v
    }

    #[test]
    fn finds_typos_and_misspelt_prefixes() {
        let (t, w) = trie(&[
            "liangjiang",
            "bonded",
            "bond",
            "port",
            "portal",
            "area",
            "两江新区",
            "保税港区",
        ]);
        assert_eq!(found(&t, &w, "liangjaing", 2, false), ["liangjiang"]);
        assert_eq!(found(&t, &w, "bonded", 0, false), ["bonded"]);
        assert_eq!(found(&t, &w, "bomded", 1, false), ["bonded"]);
        assert_eq!(found(&t, &w, "prot", 1, true), ["port", "portal"]);
        assert_eq!(found(&t, &w, "两江新去", 1, false), ["两江新区"]);
        assert!(found(&t, &w, "xyz", 1, false).is_empty());
    }

    #[test]
    fn distances_by_length() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(max_distance(&c("mo")), 0);
        assert_eq!(max_distance(&c("fre")), 1);
        assert_eq!(max_distance(&c("port")), 1);
        assert_eq!(max_distance(&c("liangjiang")), 2);
        assert_eq!(max_distance(&c("港区")), 0);
        assert_eq!(max_distance(&c("两江新区")), 1);
    }
}
