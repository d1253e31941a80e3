//! Building a [`Trie`]: the dictionaries of a group merged breadth-first into one char trie, then the
//! lookup aids the walk uses (root bitset and table, first-level records, the pair filter and the pair
//! table). Everything here runs once per step per process.

use rustc_hash::FxHashMap;

use super::{
    EMPTY_SLOT, IDENTITY, INDEX_MASK, INLINE, KIDS_START_BITS, LINEAR_MAX, Level1, NONE, PairSlot,
    RANK_MASK, RANK_SHIFT, Trie, bloom_bit, pair_hash, pair_key, slot_hash,
};
use crate::convert::dict::LeafDict;

impl Trie {
    /// Merges `groups` (outer = ranks in priority order, inner = dictionaries of equal rank, earlier
    /// winning for identical keys) into one trie.
    pub(crate) fn merge(groups: &[&[&LeafDict]]) -> Trie {
        assert!(groups.len() < RANK_MASK as usize, "too many ranks");
        let sources: Vec<(&LeafDict, u32)> = groups
            .iter()
            .enumerate()
            .flat_map(|(rank, dicts)| dicts.iter().map(move |d| (*d, rank as u32)))
            .collect();
        let capacity: usize = sources.iter().map(|(d, _)| d.label.len()).sum();
        let mut t = Trie {
            root_bits: vec![0u64; 0x10000 / 64].into_boxed_slice(),
            root_bmp: vec![0u16; 0x10000].into_boxed_slice(),
            root_astral: FxHashMap::default(),
            first_level: Vec::new(),
            slots: Vec::new(),
            pairs: Box::new([]),
            pair_bits: 0,
            pair_slots: Box::new([]),
            pair_slot_bits: 0,
            single: Box::new([]),
            nodes: Vec::with_capacity(capacity + 1),
            label: Vec::with_capacity(capacity),
            targets: Vec::new(),
            pool: String::new(),
            max_key_chars: vec![0; groups.len()],
        };
        t.label.push(0);
        // Breadth-first over merged nodes; `members` lists, per merged node, the (source, node) pairs
        // it stands for, in source order. `parent`/`depth` give each node's key for the identity check.
        let mut members: Vec<(u32, u32)> = (0..sources.len() as u32).map(|s| (s, 0)).collect();
        let mut member_start = vec![0u32, members.len() as u32];
        let mut parent: Vec<u32> = Vec::with_capacity(capacity);
        parent.push(0);
        let mut depth: Vec<u32> = Vec::with_capacity(capacity);
        depth.push(0);
        let mut kids: Vec<(u32, u32, u32)> = Vec::new();
        let mut node = 0usize;
        while node < member_start.len() - 1 {
            let range = member_start[node] as usize..member_start[node + 1] as usize;
            let first_child = member_start.len() as u32 - 1;
            // Value: lowest rank wins, then source order (members are in source order).
            let best = members[range.clone()]
                .iter()
                .filter_map(|&(s, n)| {
                    let (dict, rank) = sources[s as usize];
                    dict.candidates_at(n as usize).map(|c| (rank, c))
                })
                .min_by_key(|&(rank, _)| rank);
            let packed = match best {
                Some((rank, candidates)) => {
                    let target = candidates.split(' ').next().unwrap_or(candidates);
                    let identity = if key_is(&t.label, &parent, node, target) {
                        IDENTITY
                    } else {
                        0
                    };
                    let r = rank as usize;
                    t.max_key_chars[r] = t.max_key_chars[r].max(depth[node] as usize);
                    let mut chars = target.chars();
                    match (chars.next(), chars.next()) {
                        (Some(one), None) => identity | INLINE | (rank << RANK_SHIFT) | one as u32,
                        _ => {
                            let start = t.pool.len() as u32;
                            t.pool.push_str(target);
                            t.targets.push((start, t.pool.len() as u32));
                            let index = t.targets.len() as u32 - 1;
                            assert!(index <= INDEX_MASK, "dictionary too large");
                            identity | (rank << RANK_SHIFT) | index
                        }
                    }
                }
                None => NONE,
            };
            t.nodes.push([first_child, packed]);
            // Children: the union of the members' children, grouped by char. A node from a single
            // dictionary (most of them) has its children sorted already.
            macro_rules! add_child {
                ($c:expr) => {{
                    member_start.push(members.len() as u32);
                    t.label.push($c);
                    parent.push(node as u32);
                    depth.push(depth[node] + 1);
                }};
            }
            if range.len() == 1 {
                let (s, n) = members[range.start];
                let dict = sources[s as usize].0;
                for child in dict.children(n as usize) {
                    members.push((s, child as u32));
                    add_child!(dict.label[child]);
                }
            } else {
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
                    add_child!(c);
                }
            }
            node += 1;
        }
        t.nodes.push([member_start.len() as u32 - 1, NONE]);
        for child in t.children(0) {
            let c = t.label[child];
            if c < 0x10000 {
                t.root_bits[(c >> 6) as usize] |= 1 << (c & 63);
                t.root_bmp[c as usize] =
                    u16::try_from(child).expect("fewer than 65536 first chars");
            } else {
                t.root_astral.insert(c, child as u32);
            }
        }
        // Most positions of a text hold a char that starts keys but not with the next char; the
        // first-level nodes answer "which child for this char" by a Bloom filter and a short scan
        // (few children) or one hash probe (many children: the common chars start hundreds of keys).
        let first = t.children(0);
        t.first_level = vec![
            Level1 {
                value: NONE,
                ..Level1::default()
            };
            first.end
        ];
        for n in first {
            let kids = t.children(n);
            let mut l1 = Level1 {
                value: t.nodes[n][1],
                kids: [kids.start as u32, kids.end as u32],
                bloom: kids.clone().fold(0, |b, k| b | bloom_bit(t.label[k])),
                ..Level1::default()
            };
            if kids.len() > LINEAR_MAX {
                let bits = (kids.len() * 2).next_power_of_two().trailing_zeros();
                l1.slots_at = t.slots.len() as u32;
                l1.bits = bits;
                t.slots.resize(t.slots.len() + (1 << bits), (EMPTY_SLOT, 0));
                for k in kids {
                    let c = t.label[k];
                    let mut h = slot_hash(c, bits);
                    while t.slots[l1.slots_at as usize + h].0 != EMPTY_SLOT {
                        h = (h + 1) & ((1 << bits) - 1);
                    }
                    t.slots[l1.slots_at as usize + h] = (c, k as u32);
                }
            }
            t.first_level[n] = l1;
        }
        let pair_count: usize = t.children(0).map(|n| t.children(n).len()).sum();
        t.pair_bits = (pair_count * 16)
            .next_power_of_two()
            .clamp(1 << 10, 1 << 20)
            .trailing_zeros();
        t.pairs = vec![0u64; (1usize << t.pair_bits) / 64].into_boxed_slice();
        t.single = vec![NONE; 0x10000].into_boxed_slice();
        for n in t.children(0) {
            let c1 = t.label[n];
            if c1 < 0x10000 {
                t.single[c1 as usize] = t.nodes[n][1];
            }
            for k in t.children(n) {
                let h = pair_hash(c1, t.label[k], t.pair_bits);
                t.pairs[h >> 6] |= 1 << (h & 63);
            }
        }
        t.build_pair_slots(pair_count);
        t
    }

    /// Fills [`Trie::pair_slots`] with every pair of two BMP chars (load factor about one half, so
    /// that the table of the largest step, some 33,000 pairs, stays within a core's L2 cache). A
    /// pair whose children do not fit [`PairSlot::kids`] leaves the table empty: the walk then goes
    /// the long way, which is slower but gives the same answer.
    fn build_pair_slots(&mut self, pair_count: usize) {
        if pair_count == 0 || self.children(0).any(|n| self.label[n] == 0) {
            return;
        }
        let bits = (pair_count + pair_count / 2)
            .next_power_of_two()
            .trailing_zeros()
            .max(4);
        let mask = (1usize << bits) - 1;
        let mut slots = vec![PairSlot::default(); 1 << bits].into_boxed_slice();
        for n in self.children(0) {
            let c1 = self.label[n];
            for k in self.children(n) {
                let c2 = self.label[k];
                if c1 >= 0x10000 || c2 >= 0x10000 {
                    continue;
                }
                let kids = self.children(k);
                let (Ok(start), Ok(count)) = (u32::try_from(kids.start), u32::try_from(kids.len()))
                else {
                    return;
                };
                if start >= 1 << KIDS_START_BITS || count >= 1 << (32 - KIDS_START_BITS) {
                    return;
                }
                let mut h = pair_hash(c1, c2, bits);
                while slots[h].key != 0 {
                    h = (h + 1) & mask;
                }
                slots[h] = PairSlot {
                    key: pair_key(c1, c2),
                    value: self.nodes[k][1],
                    kids: start | (count << KIDS_START_BITS),
                };
            }
        }
        self.pair_slots = slots;
        self.pair_slot_bits = bits;
    }
}

/// Whether the key of `node` (read back through `parent`) is `target`.
fn key_is(label: &[u32], parent: &[u32], node: usize, target: &str) -> bool {
    let mut at = node;
    for c in target.chars().rev() {
        if at == 0 || label[at] != c as u32 {
            return false;
        }
        at = parent[at] as usize;
    }
    at == 0
}
