//! The matcher of one conversion step: the dictionaries of an OpenCC dictionary group merged into one
//! char trie, so that each position of the text costs a single walk.
//!
//! OpenCC resolves a group by its match policy: `short_circuit` takes the longest match of the first
//! child that matches at all, `union` the longest match over its children (the earlier child winning a
//! tie). Both fold into one trie when every key carries the *rank* of its top-level child: walking the
//! text, a match replaces the best so far when its rank is lower or equal (equal rank means a longer
//! key of the same child). Within a rank, a key present in several `union` children keeps the first
//! child's value. Main type: [`Trie`]; built by [`Trie::merge`].

mod build;

use rustc_hash::FxHashMap;

use super::dict::NO_VALUE;
pub(crate) use super::utf8::{char_len, next_char};

/// Packed per-node value: bit 31 = the value equals its key; bit 30 = the value is one char, held in
/// bits 0..21 (most replacements: no lookup, no copy); bits 24..30 = rank; else bits 0..24 = index
/// of the replacement string.
const IDENTITY: u32 = 1 << 31;
const INLINE: u32 = 1 << 30;
const RANK_SHIFT: u32 = 24;
const RANK_MASK: u32 = 0x3F;
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
        (self.packed >> RANK_SHIFT) & RANK_MASK
    }

    /// The replacement when it is a single char.
    #[inline(always)]
    pub(crate) fn inline_char(self) -> Option<char> {
        if self.packed & INLINE != 0 {
            char::from_u32(self.packed & 0x1F_FFFF)
        } else {
            None
        }
    }

    /// Index of the replacement string (see [`Trie::target_at`]); meaningless for an inline char.
    pub(crate) fn index(self) -> usize {
        (self.packed & INDEX_MASK) as usize
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
    /// One bit per BMP char: does a key start with it (a quick no for most chars of most steps).
    root_bits: Box<[u64]>,
    /// BMP char → first-level node (they are nodes `1..=k`, k < 65536), 0 for none.
    root_bmp: Box<[u16]>,
    root_astral: FxHashMap<u32, u32>,
    /// The root's children (nodes `1..first_level.len()`), everything a step from them needs in
    /// one record: most positions of a text end their walk here.
    first_level: Vec<Level1>,
    /// Open-addressing tables (char, child) for first-level nodes with many children.
    slots: Vec<(u32, u32)>,
    /// A bit per hash of (first char, second char) of every key two chars or longer: a clear bit
    /// proves that no such key starts at a position, which settles most positions of a text with
    /// two small table lookups.
    pairs: Box<[u64]>,
    pair_bits: u32,
    /// Open-addressing table of every (first char, second char) pair that starts a key of two
    /// chars or more, with what the walk needs at that depth-2 node: when the pair filter passes,
    /// one probe replaces the chain root → first level → child table → node, each a likely cache
    /// miss. Empty when a key starts with U+0000 (the empty slot's mark); the walk then goes the
    /// long way.
    pair_slots: Box<[PairSlot]>,
    pair_slot_bits: u32,
    /// Per BMP char: the packed value of the one-char key (NONE if there is none).
    single: Box<[u32]>,
    /// Per node: [first child, packed value]; one extra sentinel node closes the last child range.
    /// Interleaved so that a step of the walk touches one cache line.
    nodes: Vec<[u32; 2]>,
    label: Vec<u32>,
    /// Byte ranges into `pool` of each key's first candidate (the conversion).
    targets: Vec<(u32, u32)>,
    pool: String,
    /// Longest key, in chars, per rank.
    max_key_chars: Vec<usize>,
}

impl Trie {
    fn children(&self, node: usize) -> std::ops::Range<usize> {
        self.nodes[node][0] as usize..self.nodes[node + 1][0] as usize
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
            if self.root_bits[(c >> 6) as usize] & (1 << (c & 63)) == 0 {
                return 0;
            }
            self.root_bmp[c as usize] as usize
        } else {
            self.root_astral.get(&c).map_or(0, |&n| n as usize)
        }
    }

    /// OpenCC's prefix match at byte `i` of `s` (valid UTF-8, `i` on a char boundary): the longest key
    /// of the best rank, or `None` if no key starts here.
    #[inline(always)]
    pub(crate) fn longest(&self, s: &[u8], i: usize) -> Option<Match> {
        let (c, len) = next_char(s, i);
        self.longest_from(c, len, s, i).m
    }

    /// [`Trie::longest`] when the char at `i` (`c`, `len` bytes) is already decoded. The char after
    /// it, if the walk decodes it, comes back in [`Step::ahead`] for the caller's next position.
    #[inline(always)]
    pub(crate) fn longest_from(&self, c: u32, len: usize, s: &[u8], i: usize) -> Step {
        let j = i + len;
        // The common case first: a BMP char that starts keys, followed by a char with which no
        // longer key starts, so the answer is the one-char key (if any).
        if c < 0x10000 && j < s.len() {
            if self.root_bits[(c >> 6) as usize] & (1 << (c & 63)) == 0 {
                return Step::NONE;
            }
            let (c2, len2) = next_char(s, j);
            let h = pair_hash(c, c2, self.pair_bits);
            let best = Match {
                end: j,
                packed: self.single[c as usize],
            };
            if self.pairs[h >> 6] & (1 << (h & 63)) == 0 {
                return Step::of(best, Some((c2, len2)));
            }
            if self.pair_slot_bits > 0 && c2 < 0x10000 {
                let mask = (1usize << self.pair_slot_bits) - 1;
                let want = pair_key(c, c2);
                let mut h = pair_hash(c, c2, self.pair_slot_bits);
                loop {
                    let slot = &self.pair_slots[h];
                    if slot.key == want {
                        let start = (slot.kids & KIDS_START_MASK) as usize;
                        let kids = start..start + (slot.kids >> KIDS_START_BITS) as usize;
                        let best = self.walk(best, slot.value, j + len2, kids, s);
                        return Step::of(best, Some((c2, len2)));
                    }
                    if slot.key == 0 {
                        return Step::of(best, Some((c2, len2)));
                    }
                    h = (h + 1) & mask;
                }
            }
        }
        let first = self.root(c);
        let Some(l1) = self.first_level.get(first).filter(|_| first != 0) else {
            return Step::NONE;
        };
        let best = Match {
            end: j,
            packed: l1.value,
        };
        if l1.kids[0] == l1.kids[1] || j >= s.len() {
            return Step::of(best, None);
        }
        let (c2, len2) = next_char(s, j);
        let ahead = Some((c2, len2));
        let child = if l1.bits > 0 {
            self.probe(l1, c2)
        } else if l1.bloom & bloom_bit(c2) == 0 {
            None
        } else {
            self.find_child(l1.kids[0] as usize..l1.kids[1] as usize, c2)
        };
        let Some(node) = child else {
            return Step::of(best, ahead);
        };
        let best = self.walk(best, self.nodes[node][1], j + len2, self.children(node), s);
        Step::of(best, ahead)
    }

    /// The rest of a walk from a node of depth two or more, which ends at byte `j` of `s` and has
    /// packed value `v` and children `kids`; `best` is the best match found before it.
    #[inline(always)]
    fn walk(
        &self,
        mut best: Match,
        mut v: u32,
        mut j: usize,
        mut kids: std::ops::Range<usize>,
        s: &[u8],
    ) -> Match {
        loop {
            // NONE has the highest rank bits, so any value beats it; equal rank = longer key wins.
            if v != NONE && (v >> RANK_SHIFT) & RANK_MASK <= (best.packed >> RANK_SHIFT) & RANK_MASK
            {
                best = Match { end: j, packed: v };
            }
            if kids.is_empty() || j >= s.len() {
                return best;
            }
            let (c, len) = next_char(s, j);
            match self.find_child(kids, c) {
                Some(child) => {
                    v = self.nodes[child][1];
                    kids = self.children(child);
                }
                None => return best,
            }
            j += len;
        }
    }

    /// The child of a first-level node with a hash table, reached by char `c`.
    #[inline(always)]
    fn probe(&self, l1: &Level1, c: u32) -> Option<usize> {
        let mask = (1usize << l1.bits) - 1;
        let mut h = slot_hash(c, l1.bits);
        loop {
            let (label, child) = self.slots[l1.slots_at as usize + h];
            if label == c {
                return Some(child as usize);
            }
            if label == EMPTY_SLOT {
                return None;
            }
            h = (h + 1) & mask;
        }
    }

    /// The child of a node (whose children are `kids`) reached by char `c`.
    #[inline(always)]
    fn find_child(&self, kids: std::ops::Range<usize>, c: u32) -> Option<usize> {
        let labels = &self.label[kids.clone()];
        // Short sibling lists (most of them) are faster to scan than to bisect.
        if labels.len() <= LINEAR_MAX {
            labels.iter().position(|&l| l == c).map(|k| kids.start + k)
        } else {
            labels.binary_search(&c).ok().map(|k| kids.start + k)
        }
    }

    /// Number of distinct replacements ([`Match::index`] is below it).
    pub(crate) fn target_count(&self) -> usize {
        self.targets.len()
    }

    /// The replacement with this index.
    pub(crate) fn target_at(&self, index: usize) -> &str {
        let (a, b) = self.targets[index];
        &self.pool[a as usize..b as usize]
    }

    /// Appends the replacement for a match to `out`.
    #[inline(always)]
    pub(crate) fn push_target(&self, m: Match, out: &mut String) {
        match m.inline_char() {
            Some(c) => out.push(c),
            None => out.push_str(self.target_at(m.index())),
        }
    }

    /// The replacement for a match, using `buf` for a single char.
    #[inline]
    pub(crate) fn target<'a>(&'a self, m: Match, buf: &'a mut [u8; 4]) -> &'a str {
        match m.inline_char() {
            Some(c) => c.encode_utf8(buf),
            None => self.target_at(m.index()),
        }
    }
}

/// The result of one walk: the match, and the char after the first one when the walk decoded it
/// (the next position of a scan often starts there).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Step {
    pub m: Option<Match>,
    pub ahead: Option<(u32, usize)>,
}

impl Step {
    const NONE: Step = Step {
        m: None,
        ahead: None,
    };

    #[inline(always)]
    fn of(best: Match, ahead: Option<(u32, usize)>) -> Step {
        Step {
            m: (best.packed != NONE).then_some(best),
            ahead,
        }
    }
}

/// Sibling lists up to this long are scanned; longer ones are bisected or hashed.
const LINEAR_MAX: usize = 8;
/// Marks an empty hash slot (not a char).
const EMPTY_SLOT: u32 = u32::MAX;

/// A first-level node with its lookup aids.
#[derive(Debug, Clone, Copy, Default)]
struct Level1 {
    /// Its packed value.
    value: u32,
    /// Its children, as a node range.
    kids: [u32; 2],
    /// Bloom filter of the children's chars.
    bloom: u64,
    /// Where its hash table starts in `slots`, and log2 of its size (0: no table).
    slots_at: u32,
    bits: u32,
}
/// An entry of [`Trie::pair_slots`]: a depth-2 node whose two chars are in the BMP. Twelve bytes,
/// so that the table of a large step fits in L2 next to the other tables of the walk.
#[derive(Debug, Clone, Copy, Default)]
struct PairSlot {
    /// [`pair_key`] of its two chars; 0 for an empty slot (no key starts with U+0000 when the
    /// table is built).
    key: u32,
    /// Its packed value.
    value: u32,
    /// Its first child (low [`KIDS_START_BITS`] bits) and its number of children (the rest).
    kids: u32,
}

/// Bits of [`PairSlot::kids`] that hold the first child.
const KIDS_START_BITS: u32 = 22;
const KIDS_START_MASK: u32 = (1 << KIDS_START_BITS) - 1;

/// The two chars of a pair of BMP chars in one number.
#[inline(always)]
fn pair_key(a: u32, b: u32) -> u32 {
    (a << 16) | b
}

/// Bit of the pair (`a`, `b`) in a set of `2^bits` bits.
#[inline(always)]
fn pair_hash(a: u32, b: u32, bits: u32) -> usize {
    (a.wrapping_mul(0x9E37_79B1) ^ b.wrapping_mul(0x85EB_CA6B)).wrapping_mul(0xC2B2_AE35) as usize
        >> (32 - bits)
}

/// Slot of char `c` in a table of `2^bits` slots (multiplicative hashing).
#[inline(always)]
fn slot_hash(c: u32, bits: u32) -> usize {
    (c.wrapping_mul(0x9E37_79B1) >> (32 - bits)) as usize
}

/// The Bloom filter bit of a char (a multiplicative hash, top six bits).
#[inline(always)]
fn bloom_bit(c: u32) -> u64 {
    1 << (c.wrapping_mul(0x9E37_79B1) >> 26)
}

// Both layouts mark "no key ends here" the same way.
const _: () = assert!(NO_VALUE == NONE);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::dict::LeafDict;

    fn d(pairs: &[(&str, &str)]) -> LeafDict {
        LeafDict::from_pairs("t", pairs.iter().copied())
    }

    fn matches(t: &Trie, s: &str) -> Vec<(usize, u32, String)> {
        (0..s.len())
            .filter(|&i| s.is_char_boundary(i))
            .filter_map(|i| t.longest(s.as_bytes(), i))
            .map(|m| (m.end, m.rank(), t.target(m, &mut [0; 4]).to_owned()))
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
            t.longest(b"abcd", 0)
                .map(|m| (m.end, t.target(m, &mut [0; 4]).to_owned())),
            Some((2, "A2".to_owned()))
        );
        assert_eq!(
            t.longest(b"bc", 0)
                .map(|m| (m.end, t.target(m, &mut [0; 4]).to_owned())),
            Some((1, "B1".to_owned()))
        );
        assert_eq!(t.longest(b"xa", 0), None);
        // union [a, u]: longest over both; for the same key the first dictionary wins.
        let t = Trie::merge(&[&[&a, &u]]);
        assert_eq!(
            t.longest(b"abcde", 0)
                .map(|m| (m.end, t.target(m, &mut [0; 4]).to_owned())),
            Some((4, "U4".to_owned()))
        );
        assert_eq!(
            t.longest(b"abx", 0)
                .map(|m| (m.end, t.target(m, &mut [0; 4]).to_owned())),
            Some((2, "A2".to_owned()))
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
