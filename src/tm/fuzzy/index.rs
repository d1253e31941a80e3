//! The in-memory index that makes fuzzy lookup fast: token bigrams → the entries that contain them.
//!
//! Lookup retrieves candidates by how many of the query's bigrams they share (an inverted index with
//! counts), drops those whose length alone rules out the minimum score (the edit distance is at least the
//! length difference), scores the most promising few exactly with [`similarity`], and returns the best.
//! Tokens are interned to `u32` so that scoring compares integers.

use rustc_hash::FxHashMap;

use super::score::similarity;

/// An indexed segment: who it belongs to and its tokens.
#[derive(Debug, Clone)]
struct Entry {
    payload: u64,
    tokens: Box<[u32]>,
}

/// A candidate found by [`FuzzyIndex::search`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// What the entry was added with.
    pub payload: u64,
    /// Match percentage, 0–100.
    pub score: u8,
}

/// Token-bigram inverted index over segments given as token keys.
#[derive(Debug, Default)]
pub struct FuzzyIndex {
    interner: FxHashMap<Box<str>, u32>,
    entries: Vec<Entry>,
    postings: FxHashMap<u64, Vec<u32>>,
}

/// Entries scored exactly per lookup, at least; more when many results are wanted.
const MIN_CANDIDATES: usize = 64;

impl FuzzyIndex {
    /// An empty index.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of indexed entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds a segment (its token keys) with a payload returned on hits.
    pub fn add<'k>(&mut self, payload: u64, keys: impl IntoIterator<Item = &'k str>) {
        let tokens: Box<[u32]> = keys
            .into_iter()
            .map(|k| {
                let next = self.interner.len() as u32;
                *self.interner.entry(k.into()).or_insert(next)
            })
            .collect();
        let idx = self.entries.len() as u32;
        let mut grams: Vec<u64> = grams(&tokens).collect();
        grams.sort_unstable();
        grams.dedup();
        for g in grams {
            self.postings.entry(g).or_default().push(idx);
        }
        self.entries.push(Entry { payload, tokens });
    }

    /// Removes every entry with this payload (rare: deletions; cost is linear in the index).
    pub fn remove(&mut self, payload: u64) {
        if !self.entries.iter().any(|e| e.payload == payload) {
            return;
        }
        let old = std::mem::take(&mut self.entries);
        self.postings.clear();
        for e in old.into_iter().filter(|e| e.payload != payload) {
            let idx = self.entries.len() as u32;
            let mut gs: Vec<u64> = grams(&e.tokens).collect();
            gs.sort_unstable();
            gs.dedup();
            for g in gs {
                self.postings.entry(g).or_default().push(idx);
            }
            self.entries.push(e);
        }
    }

    /// The entries scoring at least `min_score` against `query` (token keys), best first, at most `limit`.
    pub fn search<'k>(
        &self,
        query: impl IntoIterator<Item = &'k str>,
        min_score: u8,
        limit: usize,
    ) -> Vec<Hit> {
        if limit == 0 || self.entries.is_empty() {
            return Vec::new();
        }
        // Tokens the index has never seen get ids no entry holds.
        let mut unseen = u32::MAX;
        let q: Vec<u32> = query
            .into_iter()
            .map(|k| {
                self.interner.get(k).copied().unwrap_or_else(|| {
                    unseen -= 1;
                    unseen
                })
            })
            .collect();
        if q.is_empty() {
            return Vec::new();
        }
        let mut qgrams: Vec<u64> = grams(&q).collect();
        qgrams.sort_unstable();
        qgrams.dedup();

        let mut counts: FxHashMap<u32, u16> = FxHashMap::default();
        for g in &qgrams {
            if let Some(list) = self.postings.get(g) {
                for &idx in list {
                    let c = counts.entry(idx).or_insert(0);
                    *c = c.saturating_add(1);
                }
            }
        }
        let min = u32::from(min_score.min(100));
        let qlen = q.len();
        let mut candidates: Vec<(u32, u32)> = counts
            .into_iter()
            .filter_map(|(idx, shared)| {
                let elen = self.entries[idx as usize].tokens.len();
                let longer = qlen.max(elen);
                // similarity ≤ 100·(1 − |len difference| / longer): skip entries that cannot reach `min`.
                let best = (longer - qlen.abs_diff(elen)) * 100 / longer;
                if (best as u32) < min {
                    return None;
                }
                let egrams = elen.saturating_sub(1).max(1);
                let dice = u32::from(shared) * 2000 / (qgrams.len() + egrams) as u32;
                Some((idx, dice))
            })
            .collect();
        let keep = MIN_CANDIDATES.max(limit * 8);
        if candidates.len() > keep {
            candidates.select_nth_unstable_by(keep - 1, |a, b| b.1.cmp(&a.1));
            candidates.truncate(keep);
        }
        let mut hits: Vec<(Hit, u32)> = candidates
            .into_iter()
            .filter_map(|(idx, _)| {
                let e = &self.entries[idx as usize];
                let score = similarity(&q, &e.tokens);
                (u32::from(score) >= min).then_some((
                    Hit {
                        payload: e.payload,
                        score,
                    },
                    idx,
                ))
            })
            .collect();
        // Best score first; among equals, the most recently added.
        hits.sort_by(|a, b| b.0.score.cmp(&a.0.score).then(b.1.cmp(&a.1)));
        hits.truncate(limit);
        hits.into_iter().map(|(h, _)| h).collect()
    }
}

/// The bigrams of a token sequence; a one-token sequence yields a unigram key (marked by its top bit).
fn grams(tokens: &[u32]) -> impl Iterator<Item = u64> + '_ {
    let single = (tokens.len() == 1).then(|| (1u64 << 63) | u64::from(tokens[0]));
    tokens
        .windows(2)
        .map(|w| (u64::from(w[0]) << 32) | u64::from(w[1]))
        .chain(single)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tm::fuzzy::tokens::tokenize;

    fn keys(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.key).collect()
    }

    fn index(texts: &[&str]) -> FuzzyIndex {
        let mut idx = FuzzyIndex::new();
        for (i, t) in texts.iter().enumerate() {
            let k = keys(t);
            idx.add(i as u64, k.iter().map(String::as_str));
        }
        idx
    }

    fn search(idx: &FuzzyIndex, q: &str, min: u8) -> Vec<(u64, u8)> {
        let k = keys(q);
        idx.search(k.iter().map(String::as_str), min, 5)
            .into_iter()
            .map(|h| (h.payload, h.score))
            .collect()
    }

    #[test]
    fn finds_exact_and_fuzzy_and_nothing() {
        let idx = index(&[
            "两江新区位于重庆市主城区。",
            "第二十届渝洽会将于5月举行。",
            "寸滩保税港区进出口额增长12%。",
            "The 20th CCISF will be held in May.",
            "X",
        ]);
        type Case<'a> = (&'a str, u8, &'a [(u64, u8)]);
        let cases: &[Case] = &[
            ("两江新区位于重庆市主城区。", 50, &[(0, 100)]),
            ("寸滩保税港区进出口额增长15%。", 50, &[(2, 93)]),
            ("The 21st CCISF will be held in May.", 50, &[(3, 88)]),
            ("The 21st CCISF will be held in May.", 90, &[]),
            ("完全没有关系的句子", 30, &[]),
            ("X", 50, &[(4, 100)]),
            ("", 0, &[]),
        ];
        for (q, min, want) in cases {
            assert_eq!(search(&idx, q, *min), *want, "{q}");
        }
    }

    #[test]
    fn ties_prefer_the_newest_and_removal_works() {
        let mut idx = index(&["同一句话。", "同一句话。"]);
        assert_eq!(search(&idx, "同一句话。", 50), [(1, 100), (0, 100)]);
        idx.remove(1);
        assert_eq!(search(&idx, "同一句话。", 50), [(0, 100)]);
        assert_eq!(idx.len(), 1);
    }
}
