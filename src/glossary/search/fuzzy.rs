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

    fn children(&self, node: u32) -> impl Iterator<Item = (char, u32)> + '_ {
        let (a, b) = (
            self.child_start[node as usize] as usize,
            self.child_start[node as usize + 1] as usize,
        );
        self.child_char[a..b]
            .iter()
            .copied()
            .zip(self.child_node[a..b].iter().copied())
    }

    /// Words within `max` edits of `query`; with `prefix`, also every word that has a prefix within `max`
    /// edits (returned as a range of word ids).
    pub fn search(&self, query: &[char], max: u8, prefix: bool) -> Vec<WordMatch> {
        let mut out = Vec::new();
        if self.word_at.is_empty() {
            return out;
        }
        let first: Vec<u8> = (0..=query.len()).map(|j| j.min(255) as u8).collect();
        self.walk(0, &first, &first, None, 1, query, max, prefix, &mut out);
        out.sort_by_key(|m| (m.distance, m.lo));
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn walk(
        &self,
        node: u32,
        row: &[u8],
        prev_row: &[u8],
        prev_char: Option<char>,
        depth: usize,
        q: &[char],
        max: u8,
        prefix: bool,
        out: &mut Vec<WordMatch>,
    ) {
        for (c, child) in self.children(node) {
            let mut next = Vec::with_capacity(row.len());
            next.push(depth.min(255) as u8);
            for j in 1..row.len() {
                let cost = u8::from(q[j - 1] != c);
                let mut v = (row[j] + 1).min(next[j - 1] + 1).min(row[j - 1] + cost);
                if j > 1 && q[j - 1] == prev_char.unwrap_or('\0') && q[j - 2] == c {
                    v = v.min(prev_row[j - 2] + 1);
                }
                next.push(v);
            }
            let last = *next.last().expect("row has the empty column");
            if prefix && last <= max {
                let (lo, hi) = self.range[child as usize];
                out.push(WordMatch {
                    lo,
                    hi,
                    distance: last,
                });
                continue;
            }
            let w = self.word_at[child as usize];
            if w != u32::MAX && last <= max {
                out.push(WordMatch {
                    lo: w,
                    hi: w + 1,
                    distance: last,
                });
            }
            if next.iter().min().is_some_and(|&m| m <= max) {
                self.walk(child, &next, row, Some(c), depth + 1, q, max, prefix, out);
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
