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
///
/// Removing an entry marks it dead (postings keep pointing at it and lookups skip it), so that deleting or
/// editing units of a large memory costs nothing per unit; once a quarter of the entries are dead the index
/// is rebuilt without them.
#[derive(Debug, Default)]
pub struct FuzzyIndex {
    interner: FxHashMap<Box<str>, u32>,
    entries: Vec<Entry>,
    postings: FxHashMap<u64, Vec<u32>>,
    /// Entries holding each rare token (concordance of a one-token phrase); a token found in more than
    /// [`RARE`] entries moves to `frequent`, where a scan from the newest entry finds hits fast enough.
    rare: FxHashMap<u32, Vec<u32>>,
    frequent: rustc_hash::FxHashSet<u32>,
    /// Live entries by payload.
    live: FxHashMap<u64, u32>,
    dead: Vec<bool>,
    dead_count: usize,
}

/// Most entries a token is listed for before it counts as frequent.
const RARE: usize = 4096;

/// Entries scored exactly per lookup, at least; more when many results are wanted.
const MIN_CANDIDATES: usize = 64;

impl FuzzyIndex {
    /// An empty index.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of live entries.
    pub fn len(&self) -> usize {
        self.live.len()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.live.is_empty()
    }

    /// Adds a segment (its token keys) with a payload returned on hits; an entry with the same payload is
    /// replaced.
    pub fn add<'k>(&mut self, payload: u64, keys: impl IntoIterator<Item = &'k str>) {
        self.remove(payload);
        let tokens: Box<[u32]> = keys
            .into_iter()
            .map(|k| {
                let next = self.interner.len() as u32;
                *self.interner.entry(k.into()).or_insert(next)
            })
            .collect();
        self.push(Entry { payload, tokens });
    }

    fn push(&mut self, entry: Entry) {
        let idx = self.entries.len() as u32;
        let mut grams: Vec<u64> = grams(&entry.tokens).collect();
        grams.sort_unstable();
        grams.dedup();
        for g in grams {
            self.postings.entry(g).or_default().push(idx);
        }
        let mut tokens = entry.tokens.to_vec();
        tokens.sort_unstable();
        tokens.dedup();
        for t in tokens {
            if self.frequent.contains(&t) {
                continue;
            }
            let list = self.rare.entry(t).or_default();
            list.push(idx);
            if list.len() > RARE {
                self.rare.remove(&t);
                self.frequent.insert(t);
            }
        }
        self.live.insert(entry.payload, idx);
        self.entries.push(entry);
        self.dead.push(false);
    }

    /// Removes the entry with this payload, if any.
    pub fn remove(&mut self, payload: u64) {
        let Some(idx) = self.live.remove(&payload) else {
            return;
        };
        self.dead[idx as usize] = true;
        self.dead_count += 1;
        if self.dead_count > 1024 && self.dead_count * 4 > self.entries.len() {
            self.compact();
        }
    }

    /// Rebuilds the postings without the dead entries.
    fn compact(&mut self) {
        let old = std::mem::take(&mut self.entries);
        let dead = std::mem::take(&mut self.dead);
        self.postings.clear();
        self.rare.clear();
        self.frequent.clear();
        self.live.clear();
        self.dead_count = 0;
        for (e, d) in old.into_iter().zip(dead) {
            if !d {
                self.push(e);
            }
        }
    }

    /// The payloads of up to `limit` entries holding the tokens `phrase` in a row, the most recently added
    /// first (concordance search).
    pub fn containing<'k>(
        &self,
        phrase: impl IntoIterator<Item = &'k str>,
        limit: usize,
    ) -> Vec<u64> {
        let Some(q) = phrase
            .into_iter()
            .map(|k| self.interner.get(k).copied())
            .collect::<Option<Vec<u32>>>()
        else {
            return Vec::new();
        };
        let holds = |idx: u32| {
            let e = &self.entries[idx as usize];
            !self.dead[idx as usize] && e.tokens.windows(q.len()).any(|w| w == q.as_slice())
        };
        let take = |list: &mut dyn Iterator<Item = u32>| -> Vec<u64> {
            list.filter(|&i| holds(i))
                .take(limit)
                .map(|i| self.entries[i as usize].payload)
                .collect()
        };
        match q.as_slice() {
            [] => Vec::new(),
            [t] => match self.rare.get(t) {
                Some(list) => take(&mut list.iter().rev().copied()),
                None if self.frequent.contains(t) => {
                    take(&mut (0..self.entries.len() as u32).rev())
                }
                None => Vec::new(),
            },
            _ => {
                // Every hit holds each of the phrase's bigrams: walk the shortest list.
                let mut shortest: Option<&Vec<u32>> = None;
                for g in grams(&q) {
                    match self.postings.get(&g) {
                        None => return Vec::new(),
                        Some(list) if shortest.is_none_or(|s| list.len() < s.len()) => {
                            shortest = Some(list)
                        }
                        Some(_) => {}
                    }
                }
                shortest.map_or_else(Vec::new, |list| take(&mut list.iter().rev().copied()))
            }
        }
    }

    /// The entries scoring at least `min_score` against `query` (token keys), best first, at most `limit`.
    pub fn search<'k>(
        &self,
        query: impl IntoIterator<Item = &'k str>,
        min_score: u8,
        limit: usize,
    ) -> Vec<Hit> {
        if limit == 0 || self.live.is_empty() {
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
                if self.dead[idx as usize] {
                    return None;
                }
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
    fn phrases_are_found_newest_first_for_rare_and_frequent_tokens() {
        let mut idx = index(&[
            "两江新区位于重庆。",
            "重庆是直辖市。",
            "The port of Chongqing grew.",
            "X",
        ]);
        let find = |idx: &FuzzyIndex, q: &str, limit| {
            let k = keys(q);
            idx.containing(k.iter().map(String::as_str), limit)
        };
        assert_eq!(find(&idx, "重庆", 10), [1, 0]);
        assert_eq!(find(&idx, "重庆", 1), [1]);
        assert_eq!(find(&idx, "庆是", 10), [1]);
        assert_eq!(find(&idx, "chongqing grew", 10), [2]);
        assert_eq!(find(&idx, "grew chongqing", 10), Vec::<u64>::new());
        assert_eq!(find(&idx, "x", 10), [3]);
        assert_eq!(find(&idx, "unseen", 10), Vec::<u64>::new());
        assert_eq!(find(&idx, "", 10), Vec::<u64>::new());
        // A token in more entries than RARE is found by scanning from the newest entry.
        let k = keys("常见的字");
        for i in 10..(10 + RARE as u64 + 5) {
            idx.add(i, k.iter().map(String::as_str));
        }
        assert!(idx.frequent.contains(&idx.interner["常"]));
        let newest = 10 + RARE as u64 + 4;
        assert_eq!(find(&idx, "常", 2), [newest, newest - 1]);
        idx.remove(newest);
        assert_eq!(
            find(&idx, "常见", 1),
            [newest - 1],
            "dead entries are skipped"
        );
    }

    #[test]
    fn ties_prefer_the_newest_and_removal_works() {
        let mut idx = index(&["同一句话。", "同一句话。"]);
        assert_eq!(search(&idx, "同一句话。", 50), [(1, 100), (0, 100)]);
        idx.remove(1);
        assert_eq!(search(&idx, "同一句话。", 50), [(0, 100)]);
        assert_eq!(idx.len(), 1);
        let k = keys("另一句话。");
        idx.add(0, k.iter().map(String::as_str));
        assert_eq!(
            search(&idx, "另一句话。", 50),
            [(0, 100)],
            "re-adding replaces"
        );
        assert_eq!(search(&idx, "同一句话。", 90), []);
        for i in 10..3000u64 {
            idx.add(i, k.iter().map(String::as_str));
        }
        for i in 10..2990u64 {
            idx.remove(i);
        }
        assert!(idx.entries.len() < 1000, "compacted: {}", idx.entries.len());
        assert_eq!(idx.len(), 11);
    }
}
