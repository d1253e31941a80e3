//! The matcher of one conversion step: the dictionaries of an OpenCC dictionary group merged into one
//! char trie, so that each position of the text costs a single walk.
//!
//! OpenCC resolves a group by its match policy: `short_circuit` takes the longest match of the first
//! child that matches at all, `union` the longest match over its children (the earlier child winning a
//! tie). Both fold into one trie when every key carries the *rank* of its top-level child: walking the
//! text, a match replaces the best so far when its rank is lower or equal (equal rank means a longer
//! key of the same child). Within a rank, a key present in several `union` children keeps the first
//! child's value. Main type: [`Trie`]; built by [`Trie::merge`].

use rustc_hash::FxHashMap;

use super::dict::{LeafDict, NO_VALUE};

/// Packed per-node value: bit 31 = the value equals its key, bits 24..31 = rank, bits 0..24 = index.
const IDENTITY: u32 = 1 << 31;
const RANK_SHIFT: u32 = 24;
const INDEX_MASK: u32 = (1 << RANK_SHIFT) - 1;
const NONE: u32 = u32::MAX;

/// A longest match found by [`Trie::longest`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Match {
    /// Byte offset just after the matched key.
    pub end: usize,
    packed: u32,
}

impl Match {
    /// The top-level group child the key came from (0 = first).
    pub(crate) fn rank(self) -> u32 {
        (self.packed >> RANK_SHIFT) & 0x7F
    }

    /// Whether the replacement equals the key (nothing changes).
    pub(crate) fn is_identity(self) -> bool {
        self.packed & IDENTITY != 0
    }
}

/// A merged char trie with per-key ranks. Node 0 is the root; the root's children are found through a
/// direct table (BMP) or a hash map (other planes), deeper ones by binary search among siblings.
#[derive(Debug)]
pub(crate) struct Trie {
    root_bmp: Box<[u32]>,
    root_astral: FxHashMap<u32, u32>,
    child_start: Vec<u32>,
    label: Vec<u32>,
    value: Vec<u32>,
    /// Byte ranges into `pool` of each key's first candidate (the conversion).
    targets: Vec<(u32, u32)>,
    pool: String,
    /// Longest key, in chars, per rank.
    max_key_chars: Vec<usize>,
}

impl Trie {
    /// Merges `groups` (outer = ranks in priority order, inner = dictionaries of equal rank, earlier
    /// winning for identical keys) into one trie.
    pub(crate) fn merge(groups: &[&[&LeafDict]]) -> Trie {
        assert!(groups.len() < 127, "too many ranks");
        let sources: Vec<(&LeafDict, u32)> = groups
            .iter()
            .enumerate()
            .flat_map(|(rank, dicts)| dicts.iter().map(move |d| (*d, rank as u32)))
            .collect();
        let mut t = Trie {
            root_bmp: vec![0u32; 0x10000].into_boxed_slice(),
            root_astral: FxHashMap::default(),
            child_start: Vec::new(),
            label: vec![0],
            value: Vec::new(),
            targets: Vec::new(),
            pool: String::new(),
            max_key_chars: vec![0; groups.len()],
        };
        // Breadth-first over merged nodes; `members` lists, per merged node, the (source, node) pairs
        // it stands for, in source order. `parent`/`depth` let us rebuild keys for the identity check.
        let mut members: Vec<(u32, u32)> = (0..sources.len() as u32).map(|s| (s, 0)).collect();
        let mut member_start = vec![0u32, members.len() as u32];
        let mut parent = vec![0u32];
        let mut depth = vec![0usize];
        let mut kids: Vec<(u32, u32, u32)> = Vec::new();
        let mut key = String::new();
        let mut node = 0usize;
        while node < member_start.len() - 1 {
            t.child_start.push(member_start.len() as u32 - 1);
            let range = member_start[node] as usize..member_start[node + 1] as usize;
            // Value: lowest rank wins, then source order (members are in source order).
            let best = members[range.clone()]
                .iter()
                .filter_map(|&(s, n)| {
                    let (dict, rank) = sources[s as usize];
                    dict.candidates_at(n as usize).map(|c| (rank, c))
                })
                .min_by_key(|&(rank, _)| rank);
            match best {
                Some((rank, candidates)) => {
                    let target = candidates.split(' ').next().unwrap_or(candidates);
                    key.clear();
                    let mut at = node;
                    let mut chars = Vec::with_capacity(depth[node]);
                    while at != 0 {
                        chars.push(t.label[at]);
                        at = parent[at] as usize;
                    }
                    key.extend(chars.iter().rev().filter_map(|&c| char::from_u32(c)));
                    let start = t.pool.len() as u32;
                    t.pool.push_str(target);
                    t.targets.push((start, t.pool.len() as u32));
                    let index = t.targets.len() as u32 - 1;
                    assert!(index <= INDEX_MASK, "dictionary too large");
                    let identity = if key == target { IDENTITY } else { 0 };
                    t.value.push(identity | (rank << RANK_SHIFT) | index);
                    let r = rank as usize;
                    t.max_key_chars[r] = t.max_key_chars[r].max(depth[node]);
                }
                None => t.value.push(NONE),
            }
            // Children: the union of the members' children, grouped by char.
            kids.clear();
            for &(s, n) in &members[range] {
                let dict = sources[s as usize].0;
                for child in dict.children(n as usize) {
                    kids.push((dict.label[child], s, child as u32));
                }
            }
            kids.sort_unstable();
            let mut i = 0;
            while i < kids.len() {
                let c = kids[i].0;
                while i < kids.len() && kids[i].0 == c {
                    members.push((kids[i].1, kids[i].2));
                    i += 1;
                }
                member_start.push(members.len() as u32);
                t.label.push(c);
                parent.push(node as u32);
                depth.push(depth[node] + 1);
            }
            node += 1;
        }
        t.child_start.push(member_start.len() as u32 - 1);
        for child in t.children(0) {
            let c = t.label[child];
            if c < 0x10000 {
                t.root_bmp[c as usize] = child as u32;
            } else {
                t.root_astral.insert(c, child as u32);
            }
        }
        t
    }

    fn children(&self, node: usize) -> std::ops::Range<usize> {
        self.child_start[node] as usize..self.child_start[node + 1] as usize
    }

    /// Longest key, in chars, among the keys of `rank` (0 if the rank is empty or absent).
    pub(crate) fn max_key_chars(&self, rank: usize) -> usize {
        self.max_key_chars.get(rank).copied().unwrap_or(0)
    }

    /// Number of ranks the trie was built with.
    pub(crate) fn ranks(&self) -> usize {
        self.max_key_chars.len()
    }

    /// The chars that start a key.
    pub(crate) fn root_chars(&self) -> impl Iterator<Item = char> + '_ {
        self.children(0)
            .filter_map(|n| char::from_u32(self.label[n]))
    }

    /// Whether no key starts with char `c`.
    #[inline]
    pub(crate) fn starts_nothing(&self, c: u32) -> bool {
        self.root(c) == 0
    }

    #[inline]
    fn root(&self, c: u32) -> usize {
        if c < 0x10000 {
            self.root_bmp[c as usize] as usize
        } else {
            self.root_astral.get(&c).map_or(0, |&n| n as usize)
        }
    }

    /// OpenCC's prefix match at byte `i` of `s` (valid UTF-8, `i` on a char boundary): the longest key
    /// of the best rank, or `None` if no key starts here.
    #[inline]
    pub(crate) fn longest(&self, s: &[u8], i: usize) -> Option<Match> {
        let (c, len) = next_char(s, i);
        let mut node = self.root(c);
        if node == 0 {
            return None;
        }
        let mut j = i + len;
        let mut best = Match {
            end: j,
            packed: self.value[node],
        };
        loop {
            let kids = self.children(node);
            if kids.is_empty() || j >= s.len() {
                break;
            }
            let (c, len) = next_char(s, j);
            match self.label[kids.clone()].binary_search(&c) {
                Ok(k) => node = kids.start + k,
                Err(_) => break,
            }
            j += len;
            let v = self.value[node];
            // NONE has the highest rank bits, so any value beats it; equal rank = longer key wins.
            if v != NONE && (v >> RANK_SHIFT) & 0x7F <= (best.packed >> RANK_SHIFT) & 0x7F {
                best = Match { end: j, packed: v };
            }
        }
        (best.packed != NONE).then_some(best)
    }

    /// The replacement for a match.
    #[inline]
    pub(crate) fn target(&self, m: Match) -> &str {
        let (a, b) = self.targets[(m.packed & INDEX_MASK) as usize];
        &self.pool[a as usize..b as usize]
    }
}

/// Decodes the char at byte `i` of valid UTF-8 `s`: (scalar value, byte length).
#[inline(always)]
pub(crate) fn next_char(s: &[u8], i: usize) -> (u32, usize) {
    let b0 = u32::from(s[i]);
    if b0 < 0x80 {
        (b0, 1)
    } else if b0 < 0xE0 {
        (((b0 & 0x1F) << 6) | (u32::from(s[i + 1]) & 0x3F), 2)
    } else if b0 < 0xF0 {
        (
            ((b0 & 0x0F) << 12)
                | ((u32::from(s[i + 1]) & 0x3F) << 6)
                | (u32::from(s[i + 2]) & 0x3F),
            3,
        )
    } else {
        (
            ((b0 & 0x07) << 18)
                | ((u32::from(s[i + 1]) & 0x3F) << 12)
                | ((u32::from(s[i + 2]) & 0x3F) << 6)
                | (u32::from(s[i + 3]) & 0x3F),
            4,
        )
    }
}

/// Byte length of the UTF-8 char starting with `b`.
#[inline(always)]
pub(crate) fn char_len(b: u8) -> usize {
    match b {
        0..0x80 => 1,
        0x80..0xE0 => 2,
        0xE0..0xF0 => 3,
        _ => 4,
    }
}

// Both layouts mark "no key ends here" the same way.
const _: () = assert!(NO_VALUE == NONE);

#[cfg(test)]
mod tests {
    use super::*;

    fn d(pairs: &[(&str, &str)]) -> LeafDict {
        LeafDict::from_pairs("t", pairs.iter().copied())
    }

    fn matches(t: &Trie, s: &str) -> Vec<(usize, u32, String)> {
        (0..s.len())
            .filter(|&i| s.is_char_boundary(i))
            .filter_map(|i| t.longest(s.as_bytes(), i))
            .map(|m| (m.end, m.rank(), t.target(m).to_owned()))
            .collect()
    }

    #[test]
    fn group_policies_fold_into_ranks() {
        let a = d(&[("ab", "A2"), ("a", "A1")]);
        let b = d(&[("abc", "B3"), ("b", "B1"), ("a", "BX")]);
        let u = d(&[("abcd", "U4"), ("ab", "UX")]);
        // short_circuit [a, b]: a's shorter match wins over b's longer one.
        let t = Trie::merge(&[&[&a], &[&b]]);
        assert_eq!(
            t.longest(b"abcd", 0).map(|m| (m.end, t.target(m))),
            Some((2, "A2"))
        );
        assert_eq!(
            t.longest(b"bc", 0).map(|m| (m.end, t.target(m))),
            Some((1, "B1"))
        );
        assert_eq!(t.longest(b"xa", 0), None);
        // union [a, u]: longest over both; for the same key the first dictionary wins.
        let t = Trie::merge(&[&[&a, &u]]);
        assert_eq!(
            t.longest(b"abcde", 0).map(|m| (m.end, t.target(m))),
            Some((4, "U4"))
        );
        assert_eq!(
            t.longest(b"abx", 0).map(|m| (m.end, t.target(m))),
            Some((2, "A2"))
        );
        assert_eq!(t.max_key_chars(0), 4);
        assert_eq!(t.ranks(), 1);
    }

    #[test]
    fn identity_and_multibyte_keys() {
        let a = d(&[("后", "後"), ("皇后", "皇后"), ("𠮷", "吉")]);
        let t = Trie::merge(&[&[&a]]);
        let m = t.longest("皇后".as_bytes(), 0).unwrap();
        assert!(m.is_identity());
        assert_eq!(m.end, 6);
        assert!(!t.longest("后".as_bytes(), 0).unwrap().is_identity());
        assert_eq!(
            matches(&t, "𠮷后"),
            [(4, 0, "吉".into()), (7, 0, "後".into())]
        );
        assert!(t.starts_nothing('x' as u32) && !t.starts_nothing('𠮷' as u32));
    }
}
