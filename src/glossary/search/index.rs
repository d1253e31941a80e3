//! The immutable in-memory search index built from the stored keys.
//!
//! Keys are numbered by (length, text), so posting lists in key order list the shortest — best —
//! substring matches first and a search can stop as soon as it has enough. `lex` orders keys by text for
//! exact and prefix lookups by binary search. Grams (`grams.rs`) index substrings; a word trie (`fuzzy.rs`)
//! with word posting lists serves typo-tolerant matches.

use rustc_hash::FxHashMap;

use super::fuzzy::{Trie, max_distance};
use super::grams::{is_word_start_query, key_grams, query_grams};

/// One indexed key: the folded term and its entry.
pub(crate) struct KeyRow {
    pub entry: u32,
    pub key: String,
}

/// Compressed sparse rows: list `i` is `items[starts[i]..starts[i + 1]]`.
#[derive(Default)]
struct Csr {
    starts: Vec<u32>,
    items: Vec<u32>,
}

impl Csr {
    fn list(&self, i: usize) -> &[u32] {
        &self.items[self.starts[i] as usize..self.starts[i + 1] as usize]
    }
}

/// The base index.
#[derive(Default)]
pub(crate) struct Index {
    text: String,
    starts: Vec<u32>,
    entry: Vec<u32>,
    lex: Vec<u32>,
    gram_slot: FxHashMap<u64, u32>,
    postings: Csr,
    words: Vec<String>,
    trie: Trie,
    word_postings: Csr,
    /// The word ids of each key, sorted (the inverse of `word_postings`).
    key_words: Csr,
}

impl Index {
    /// Builds the index from (entry, key) rows.
    pub fn build(mut rows: Vec<KeyRow>) -> Index {
        rows.retain(|r| !r.key.is_empty());
        for r in &mut rows {
            r.key.shrink_to_fit();
        }
        rows.sort_unstable_by(|a, b| {
            (a.key.len(), &a.key, a.entry).cmp(&(b.key.len(), &b.key, b.entry))
        });
        rows.dedup_by(|a, b| a.key == b.key && a.entry == b.entry);
        let mut ix = Index::default();
        ix.text.reserve(rows.iter().map(|r| r.key.len()).sum());
        ix.starts.reserve(rows.len() + 1);
        ix.starts.push(0);
        for r in &rows {
            ix.text.push_str(&r.key);
            ix.starts.push(ix.text.len() as u32);
            ix.entry.push(r.entry);
        }
        drop(rows);
        let n = ix.entry.len();
        let mut lex: Vec<u32> = (0..n as u32).collect();
        lex.sort_unstable_by(|&a, &b| ix.key(a).cmp(ix.key(b)));
        ix.lex = lex;
        ix.build_grams();
        ix.build_words();
        ix
    }

    fn build_grams(&mut self) {
        let n = self.entry.len();
        let mut counts: Vec<u32> = Vec::new();
        let mut grams = Vec::new();
        let mut chars = Vec::new();
        for k in 0..n {
            self.key_gram_set(k as u32, &mut chars, &mut grams);
            for &g in &grams {
                let next = self.gram_slot.len() as u32;
                let slot = *self.gram_slot.entry(g).or_insert(next);
                if slot as usize == counts.len() {
                    counts.push(0);
                }
                counts[slot as usize] += 1;
            }
        }
        self.postings = fill_csr(&counts, |emit| {
            for k in 0..n {
                self.key_gram_set(k as u32, &mut chars, &mut grams);
                for g in &grams {
                    emit(self.gram_slot[g], k as u32);
                }
            }
        });
    }

    fn key_gram_set(&self, k: u32, chars: &mut Vec<char>, grams: &mut Vec<u64>) {
        chars.clear();
        chars.extend(self.key(k).chars());
        grams.clear();
        key_grams(chars, |g| grams.push(g));
        grams.sort_unstable();
        grams.dedup();
    }

    fn build_words(&mut self) {
        let mut words: Vec<&str> = self.text_keys().flat_map(|k| k.split(' ')).collect();
        words.sort_unstable();
        words.dedup();
        self.words = words.into_iter().map(str::to_string).collect();
        let chars: Vec<Vec<char>> = self.words.iter().map(|w| w.chars().collect()).collect();
        self.trie = Trie::build(&chars);
        // Each key's word ids once (binary searches over all words), kept for fuzzy matching.
        let n = self.entry.len();
        let mut ids = Vec::new();
        let mut kw_starts = Vec::with_capacity(n + 1);
        let mut kw_items = Vec::new();
        kw_starts.push(0u32);
        let mut counts = vec![0u32; self.words.len()];
        for k in 0..n {
            ids.clear();
            for w in self.key(k as u32).split(' ') {
                if let Ok(i) = self.words.binary_search_by(|x| x.as_str().cmp(w)) {
                    ids.push(i as u32);
                }
            }
            ids.sort_unstable();
            ids.dedup();
            for &w in &ids {
                counts[w as usize] += 1;
            }
            kw_items.extend_from_slice(&ids);
            kw_starts.push(kw_items.len() as u32);
        }
        self.key_words = Csr {
            starts: kw_starts,
            items: kw_items,
        };
        let key_words = &self.key_words;
        self.word_postings = fill_csr(&counts, |emit| {
            for k in 0..n {
                for &w in key_words.list(k) {
                    emit(w, k as u32);
                }
            }
        });
    }

    fn text_keys(&self) -> impl Iterator<Item = &str> {
        (0..self.entry.len() as u32).map(|k| self.key(k))
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.entry.len()
    }

    /// The key text of key id `k`.
    pub fn key(&self, k: u32) -> &str {
        &self.text[self.starts[k as usize] as usize..self.starts[k as usize + 1] as usize]
    }

    /// The entry of key id `k`.
    pub fn entry_of(&self, k: u32) -> u32 {
        self.entry[k as usize]
    }

    /// Keys equal to `q`, then keys starting with it, in text order; `f` returns false to stop.
    pub fn exact_and_prefix(&self, q: &str, mut f: impl FnMut(u32, bool) -> bool) {
        let start = self.lex.partition_point(|&k| self.key(k) < q);
        for &k in &self.lex[start..] {
            let key = self.key(k);
            if !key.starts_with(q) || !f(k, key.len() == q.len()) {
                return;
            }
        }
    }

    /// Keys containing `q` (not at the start), shortest first; `f` returns false to stop.
    pub fn substring(&self, q: &str, mut f: impl FnMut(u32) -> bool) {
        let chars: Vec<char> = q.chars().collect();
        let grams = query_grams(&chars);
        let mut lists: Vec<&[u32]> = Vec::with_capacity(grams.len());
        for g in &grams {
            match self.gram_slot.get(g) {
                Some(&slot) => lists.push(self.postings.list(slot as usize)),
                None => return,
            }
        }
        if lists.is_empty() {
            return;
        }
        lists.sort_by_key(|l| l.len());
        let word_start = is_word_start_query(&chars);
        let spaced = format!(" {q}");
        let mut cursors = vec![0usize; lists.len()];
        'keys: for &k in lists[0] {
            // Intersect with the next two shortest lists by galloping; verify the rest on the text.
            for (l, cur) in lists.iter().zip(cursors.iter_mut()).skip(1).take(2) {
                *cur = gallop(l, *cur, k);
                if l.get(*cur) != Some(&k) {
                    continue 'keys;
                }
            }
            let key = self.key(k);
            let hit = if word_start {
                key.contains(&spaced)
            } else {
                key.contains(q) && !key.starts_with(q)
            };
            if hit && !f(k) {
                return;
            }
        }
    }

    /// Typo-tolerant matches: keys whose words match the query's words within a few edits (the last
    /// query word as a prefix). Calls `f` with the key and its total distance, best driver words first;
    /// gives up after `budget` candidate keys.
    pub fn fuzzy(&self, q: &str, budget: usize, mut f: impl FnMut(u32, u32) -> bool) {
        let qwords: Vec<Vec<char>> = q
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| w.chars().collect())
            .collect();
        if qwords.is_empty() {
            return;
        }
        let last = qwords.len() - 1;
        let mut matched: Vec<Vec<(u32, u32, u8)>> = Vec::new();
        for (i, w) in qwords.iter().enumerate() {
            let found = self.trie.search(w, max_distance(w), i == last);
            if found.is_empty() {
                return;
            }
            matched.push(found.iter().map(|m| (m.lo, m.hi, m.distance)).collect());
        }
        // Keys under a word range: their posting lists are contiguous.
        let starts = &self.word_postings.starts;
        let weight = |ms: &[(u32, u32, u8)]| -> usize {
            ms.iter()
                .map(|&(lo, hi, _)| (starts[hi as usize] - starts[lo as usize]) as usize)
                .sum()
        };
        let driver = (0..matched.len())
            .min_by_key(|&i| weight(&matched[i]))
            .unwrap_or(0);
        // The other words' ranges by start (they are disjoint), for binary search.
        let by_start: Vec<Vec<(u32, u32, u8)>> = matched
            .iter()
            .map(|ms| {
                let mut v = ms.clone();
                v.sort_unstable();
                v
            })
            .collect();
        let mut examined = 0;
        for &(lo, hi, dist) in &matched[driver] {
            for w in lo..hi {
                for &k in self.word_postings.list(w as usize) {
                    examined += 1;
                    if examined > budget {
                        return;
                    }
                    let Some(rest) = self.other_words_distance(k, &by_start, driver) else {
                        continue;
                    };
                    if !f(k, dist as u32 + rest) {
                        return;
                    }
                }
            }
        }
    }

    /// Whether key `k` has a matching word for every query word except `skip`; their summed distance.
    /// `matched` holds, per query word, disjoint word-id ranges sorted by start.
    fn other_words_distance(
        &self,
        k: u32,
        matched: &[Vec<(u32, u32, u8)>],
        skip: usize,
    ) -> Option<u32> {
        let ids = self.key_words.list(k as usize);
        let mut total = 0;
        for (i, ms) in matched.iter().enumerate() {
            if i == skip {
                continue;
            }
            let best = ids
                .iter()
                .filter_map(|&w| {
                    let at = ms.partition_point(|m| m.0 <= w).checked_sub(1)?;
                    let (_, hi, d) = ms[at];
                    (w < hi).then_some(d)
                })
                .min()?;
            total += best as u32;
        }
        Some(total)
    }

    /// Approximate heap size in bytes (for the benchmark report).
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity()
            + 4 * (self.starts.capacity() + self.entry.capacity() + self.lex.capacity())
            + 16 * self.gram_slot.capacity()
            + 4 * (self.postings.items.capacity() + self.postings.starts.capacity())
            + self.words.iter().map(|w| w.capacity() + 24).sum::<usize>()
            + 4 * (self.word_postings.items.capacity() + self.word_postings.starts.capacity())
            + 4 * (self.key_words.items.capacity() + self.key_words.starts.capacity())
    }
}

/// Builds a CSR from per-list counts and a second pass that emits (list, item) in item order.
fn fill_csr(counts: &[u32], pass: impl FnOnce(&mut dyn FnMut(u32, u32))) -> Csr {
    let mut starts = Vec::with_capacity(counts.len() + 1);
    let mut total = 0u32;
    starts.push(0);
    for &c in counts {
        total += c;
        starts.push(total);
    }
    let mut items = vec![0u32; total as usize];
    let mut fill: Vec<u32> = starts[..counts.len()].to_vec();
    pass(&mut |list, item| {
        let at = &mut fill[list as usize];
        items[*at as usize] = item;
        *at += 1;
    });
    Csr { starts, items }
}

/// The first position at or after `from` whose value is ≥ `target` (exponential then binary search).
fn gallop(list: &[u32], from: usize, target: u32) -> usize {
    let mut step = 1;
    let mut hi = from;
    while hi < list.len() && list[hi] < target {
        hi = from + step;
        step *= 2;
    }
    let lo = from + step / 4;
    let hi = hi.min(list.len());
    lo.min(hi) + list[lo.min(hi)..hi].partition_point(|&v| v < target)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(keys: &[(u32, &str)]) -> Index {
        Index::build(
            keys.iter()
                .map(|&(entry, key)| KeyRow {
                    entry,
                    key: key.to_string(),
                })
                .collect(),
        )
    }

    #[test]
    fn gallop_finds_lower_bound() {
        let list = [1, 3, 5, 7, 9, 11, 13, 15, 17];
        for from in 0..list.len() {
            for target in 0..20 {
                let want = from + list[from..].partition_point(|&v| v < target);
                assert_eq!(
                    gallop(&list, from, target),
                    want,
                    "from {from} target {target}"
                );
            }
        }
    }

    #[test]
    fn tiers() {
        let ix = index(&[
            (1, "bonded port area"),
            (1, "保税港区"),
            (2, "port"),
            (3, "港区"),
            (4, "portal"),
            (5, "airport"),
            (6, "中国 香港 特别行政区"),
        ]);
        let mut exact = Vec::new();
        ix.exact_and_prefix("port", |k, e| {
            exact.push((ix.key(k).to_string(), e));
            true
        });
        assert_eq!(
            exact,
            [("port".to_string(), true), ("portal".to_string(), false)]
        );
        let mut sub = Vec::new();
        ix.substring("port", |k| {
            sub.push(ix.key(k).to_string());
            true
        });
        assert_eq!(sub, ["airport", "bonded port area"]);
        let mut sub = Vec::new();
        ix.substring("港", |k| {
            sub.push(ix.entry_of(k));
            true
        });
        assert_eq!(sub, [1, 6]);
        let mut sub = Vec::new();
        ix.substring("港区", |k| {
            sub.push(ix.entry_of(k));
            true
        });
        assert_eq!(sub, [1]);
        let mut ws = Vec::new();
        ix.substring("po", |k| {
            ws.push(ix.key(k).to_string());
            true
        });
        assert_eq!(ws, ["bonded port area"]);
        let mut fz = Vec::new();
        ix.fuzzy("bonded prot", 1000, |k, d| {
            fz.push((ix.entry_of(k), d));
            true
        });
        assert_eq!(fz, [(1, 1)]);
    }
}
