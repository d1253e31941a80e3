//! OpenCC 1.4.2's dictionaries, embedded in the binary and expanded on first use.
//!
//! `build.rs` compiles the plain-text dumps in `assets/opencc/dict/` into a compact table (its format is
//! described there); this module expands it into [`LeafDict`]s: one char trie per dictionary, with
//! every candidate OpenCC lists for a key (the first is the one conversion uses). Each dictionary is
//! expanded when first needed (about a millisecond for the largest) and shared by every converter.

use std::borrow::Cow;
use std::sync::OnceLock;

static BLOB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/opencc_dicts.bin"));

/// The dictionaries, in the order `build.rs` writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub(crate) enum DictId {
    CjkCompatibilityIdeographs,
    StCharacters,
    StPhrases,
    StPhrasesGeneratedFromRegionalPhrases,
    TsCharacters,
    TsCharactersExt,
    TsPhrases,
    TwVariants,
    TwVariantsPhrases,
    TwVariantsRev,
    TwVariantsRevPhrases,
    TwPhrases,
    TwPhrasesRev,
    HkVariants,
    HkVariantsPhrases,
    HkVariantsRev,
    HkVariantsRevPhrases,
    HkPhrases,
    HkPhrasesRev,
    JpShinjitaiCharacters,
    JpShinjitaiCharactersRev,
    JpShinjitaiPhrases,
}

impl DictId {
    /// Every dictionary, in table order.
    pub(crate) const ALL: [DictId; 22] = [
        DictId::CjkCompatibilityIdeographs,
        DictId::StCharacters,
        DictId::StPhrases,
        DictId::StPhrasesGeneratedFromRegionalPhrases,
        DictId::TsCharacters,
        DictId::TsCharactersExt,
        DictId::TsPhrases,
        DictId::TwVariants,
        DictId::TwVariantsPhrases,
        DictId::TwVariantsRev,
        DictId::TwVariantsRevPhrases,
        DictId::TwPhrases,
        DictId::TwPhrasesRev,
        DictId::HkVariants,
        DictId::HkVariantsPhrases,
        DictId::HkVariantsRev,
        DictId::HkVariantsRevPhrases,
        DictId::HkPhrases,
        DictId::HkPhrasesRev,
        DictId::JpShinjitaiCharacters,
        DictId::JpShinjitaiCharactersRev,
        DictId::JpShinjitaiPhrases,
    ];

    /// The embedded dictionary, expanded on first use and then shared.
    pub(crate) fn get(self) -> &'static LeafDict {
        static DICTS: [OnceLock<LeafDict>; 22] = [const { OnceLock::new() }; 22];
        DICTS[self as usize].get_or_init(|| decode(self))
    }
}

/// One dictionary as a char trie. Node 0 is the root; nodes are numbered breadth-first, so the
/// children of node `n` are `child_start[n]..child_start[n + 1]`, sorted by `label`.
#[derive(Debug)]
pub(crate) struct LeafDict {
    /// The file name OpenCC gives it, without extension (`STPhrases`); for tests and debugging.
    #[cfg_attr(not(test), allow(dead_code))]
    pub name: Cow<'static, str>,
    pub child_start: Vec<u32>,
    /// The char leading to each node.
    pub label: Vec<u32>,
    /// Index into `values` for nodes that end a key, else [`NO_VALUE`].
    pub value: Vec<u32>,
    /// Byte ranges into `pool`, one per key: the candidates, separated by spaces.
    pub values: Vec<(u32, u32)>,
    pub pool: Cow<'static, str>,
}

/// Marks a node that ends no key.
pub(crate) const NO_VALUE: u32 = u32::MAX;

impl LeafDict {
    /// The children of `node` as a range of node numbers.
    pub(crate) fn children(&self, node: usize) -> std::ops::Range<usize> {
        self.child_start[node] as usize..self.child_start[node + 1] as usize
    }

    /// All candidates of `node`'s key, space-separated, if it ends one.
    pub(crate) fn candidates_at(&self, node: usize) -> Option<&str> {
        let v = *self.value.get(node)?;
        (v != NO_VALUE).then(|| {
            let (a, b) = self.values[v as usize];
            &self.pool[a as usize..b as usize]
        })
    }

    /// The candidates OpenCC lists for exactly `key` (the first is the conversion).
    #[cfg(test)]
    pub(crate) fn candidates(&self, key: &str) -> Option<impl Iterator<Item = &str>> {
        let mut node = 0;
        for c in key.chars() {
            let kids = self.children(node);
            let i = self.label[kids.clone()].binary_search(&(c as u32)).ok()?;
            node = kids.start + i;
        }
        self.candidates_at(node).map(|s| s.split(' '))
    }

    /// Every key with its candidate string, in trie order.
    pub(crate) fn entries(&self) -> Vec<(String, &str)> {
        let mut keys = vec![String::new(); self.label.len()];
        let mut out = Vec::with_capacity(self.values.len());
        for node in 0..self.label.len() {
            for child in self.children(node) {
                let mut key = keys[node].clone();
                key.push(char::from_u32(self.label[child]).unwrap_or('\u{FFFD}'));
                keys[child] = key;
            }
            if let Some(c) = self.candidates_at(node) {
                out.push((keys[node].clone(), c));
            }
        }
        out
    }

    /// Builds a dictionary from (key, value) pairs (used for user overrides). Later duplicates of a
    /// key replace earlier ones; empty keys are skipped.
    pub(crate) fn from_pairs<'a>(
        name: &str,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> LeafDict {
        let mut sorted: Vec<(Vec<u32>, &str)> = Vec::new();
        for (k, v) in pairs {
            if !k.is_empty() {
                sorted.push((k.chars().map(|c| c as u32).collect(), v));
            }
        }
        // Stable sort keeps input order among equal keys; the last one wins below.
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        let mut entries: Vec<(Vec<u32>, &str)> = Vec::with_capacity(sorted.len());
        for (k, v) in sorted {
            match entries.last_mut() {
                Some(last) if last.0 == k => last.1 = v,
                _ => entries.push((k, v)),
            }
        }
        // Breadth-first build: level by level, the entries sharing a prefix are contiguous.
        let mut child_start = Vec::new();
        let mut label = vec![0];
        let mut value = Vec::new();
        let mut values = Vec::new();
        let mut pool = String::new();
        // Each node: (depth, range of entries having its key as a prefix).
        let mut queue = vec![(0usize, 0usize, entries.len())];
        let mut head = 0;
        while head < queue.len() {
            let (depth, lo, hi) = queue[head];
            head += 1;
            child_start.push(queue.len() as u32);
            let mut i = lo;
            if i < hi && entries[i].0.len() == depth {
                let start = pool.len() as u32;
                pool.push_str(entries[i].1);
                values.push((start, pool.len() as u32));
                value.push(values.len() as u32 - 1);
                i += 1;
            } else {
                value.push(NO_VALUE);
            }
            while i < hi {
                let c = entries[i].0[depth];
                let mut j = i + 1;
                while j < hi && entries[j].0[depth] == c {
                    j += 1;
                }
                queue.push((depth + 1, i, j));
                label.push(c);
                i = j;
            }
        }
        child_start.push(queue.len() as u32);
        LeafDict {
            name: Cow::Owned(name.to_owned()),
            child_start,
            label,
            value,
            values,
            pool: Cow::Owned(pool),
        }
    }
}

/// Expands one dictionary from the embedded table (what [`DictId::get`] caches).
pub(crate) fn decode(id: DictId) -> LeafDict {
    let mut r = Reader { data: BLOB, at: 0 };
    // The table is produced by build.rs from files in the repository; a malformed one is a build
    // bug, never a user error, so panicking with a clear message is the right response.
    assert_eq!(r.bytes(4), b"OCCD", "embedded OpenCC table: bad magic");
    assert_eq!(r.u32(), 2, "embedded OpenCC table: unknown version");
    let count = r.u32() as usize;
    assert_eq!(
        count,
        DictId::ALL.len(),
        "embedded OpenCC table: dictionary count"
    );
    r.at += 4 * id as usize;
    r.at = r.u32() as usize;
    read_dict(&mut r)
}

/// All embedded dictionaries, in [`DictId`] order.
#[cfg(test)]
pub(crate) fn all() -> Vec<&'static LeafDict> {
    DictId::ALL.iter().map(|d| d.get()).collect()
}

fn read_dict(r: &mut Reader) -> LeafDict {
    let name_len = r.bytes(1)[0] as usize;
    let name =
        std::str::from_utf8(r.bytes(name_len)).expect("embedded OpenCC table: dictionary name");
    let nodes = r.u32() as usize;
    let n_values = r.u32() as usize;
    let label: Vec<u32> = r
        .bytes(nodes * 3)
        .chunks_exact(3)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], 0]))
        .collect();
    let mut child_start = Vec::with_capacity(nodes + 1);
    let mut next = 1u32;
    for _ in 0..nodes {
        child_start.push(next);
        next += r.varint();
    }
    child_start.push(next);
    let bits = r.bytes(nodes.div_ceil(8));
    let mut value = Vec::with_capacity(nodes);
    let mut k = 0u32;
    for i in 0..nodes {
        if bits[i / 8] & (1 << (i % 8)) != 0 {
            value.push(k);
            k += 1;
        } else {
            value.push(NO_VALUE);
        }
    }
    let mut values = Vec::with_capacity(n_values);
    let mut at = 0u32;
    for _ in 0..n_values {
        let len = r.varint();
        values.push((at, at + len));
        at += len;
    }
    let pool_len = r.u32() as usize;
    let pool = std::str::from_utf8(r.bytes(pool_len)).expect("embedded OpenCC table: UTF-8 values");
    assert_eq!(
        k as usize, n_values,
        "embedded OpenCC table: value count of {name}"
    );
    assert_eq!(
        at as usize, pool_len,
        "embedded OpenCC table: pool size of {name}"
    );
    LeafDict {
        name: Cow::Borrowed(name),
        child_start,
        label,
        value,
        values,
        pool: Cow::Borrowed(pool),
    }
}

struct Reader {
    data: &'static [u8],
    at: usize,
}

impl Reader {
    fn bytes(&mut self, n: usize) -> &'static [u8] {
        let s = &self.data[self.at..self.at + n];
        self.at += n;
        s
    }

    fn u32(&mut self) -> u32 {
        let b = self.bytes(4);
        u32::from_le_bytes([b[0], b[1], b[2], b[3]])
    }

    fn varint(&mut self) -> u32 {
        let mut v = 0u32;
        let mut shift = 0;
        loop {
            let b = self.bytes(1)[0];
            v |= u32::from(b & 0x7F) << shift;
            if b < 0x80 {
                return v;
            }
            shift += 7;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded table holds exactly the text dumps in assets/opencc/dict: every key with all its
    /// candidates, and nothing else.
    #[test]
    fn embedded_table_matches_the_text_dumps() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/opencc/dict");
        for id in DictId::ALL {
            let dict = id.get();
            let text = std::fs::read_to_string(dir.join(format!("{}.txt", dict.name))).unwrap();
            let mut want: Vec<(String, String)> = text
                .lines()
                .map(|l| {
                    let (k, v) = l.split_once('\t').unwrap();
                    (k.to_owned(), v.to_owned())
                })
                .collect();
            want.sort();
            let mut got: Vec<(String, String)> = dict
                .entries()
                .into_iter()
                .map(|(k, v)| (k, v.to_owned()))
                .collect();
            got.sort();
            assert_eq!(got.len(), want.len(), "{}", dict.name);
            assert!(got == want, "{} differs from its text dump", dict.name);
        }
        assert_eq!(
            DictId::StCharacters
                .get()
                .candidates("后")
                .unwrap()
                .collect::<Vec<_>>(),
            ["後", "后"]
        );
        assert!(DictId::StPhrases.get().candidates("后").is_none());
    }

    #[test]
    fn pairs_build_a_dictionary() {
        let d = LeafDict::from_pairs(
            "t",
            [
                ("渝洽会", "渝洽會"),
                ("渝", "X"),
                ("", "skip"),
                ("渝", "渝"),
                ("a", "b"),
            ],
        );
        let mut e = d.entries();
        e.sort();
        assert_eq!(
            e,
            [
                ("a".to_owned(), "b"),
                ("渝".to_owned(), "渝"),
                ("渝洽会".to_owned(), "渝洽會")
            ]
        );
        assert!(LeafDict::from_pairs("empty", []).entries().is_empty());
    }
}
