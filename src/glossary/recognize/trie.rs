//! The trie behind term recognition: terms as sequences of unit hashes (`units.rs`), by pattern number.
//!
//! Laid out flat for the walk's sake. Nodes are numbered depth-first, so the nodes of a term's unshared tail
//! sit side by side and a walk along it reads on rather than jumping about. A node's edges are one slice of
//! the edge arrays: up to [`SCANNED`] children are scanned in order; more children (the root has one per
//! distinct first word or character, thousands) get a small open-addressing table of their own, so every
//! step costs one or two probes, never a binary search.

use rustc_hash::FxHashMap;

use crate::{Error, Result};

/// Nodes with at most this many children keep them in a plain list.
const SCANNED: usize = 8;

/// No pattern ends at a node.
const NONE: u32 = u32::MAX;

/// Builds a [`Trie`]: unit sequences of terms, by pattern number.
#[derive(Debug, Default)]
pub(crate) struct TrieBuilder {
    /// (node, unit hash) → child node.
    edges: FxHashMap<(u32, u64), u32>,
    /// The pattern ending at each node (node 0 is the root), or [`NONE`].
    terminal: Vec<u32>,
}

impl TrieBuilder {
    /// Adds a pattern under number `pattern`: the hash of its first unit alone, then those of the others
    /// with their folded spaces.
    pub fn insert(&mut self, keys: impl IntoIterator<Item = u64>, pattern: u32) {
        if self.terminal.is_empty() {
            self.terminal.push(NONE);
        }
        let mut node = 0u32;
        for key in keys {
            let next = self.terminal.len() as u32;
            node = *self.edges.entry((node, key)).or_insert(next);
            if node == next {
                self.terminal.push(NONE);
            }
        }
        if node != 0 {
            self.terminal[node as usize] = pattern;
        }
    }

    /// Lays the trie out (see the module documentation).
    pub fn build(self) -> Result<Trie> {
        let n = self.terminal.len().max(1);
        let mut edges: Vec<(u32, u64, u32)> = self
            .edges
            .into_iter()
            .map(|((parent, unit), child)| (parent, unit, child))
            .collect();
        edges.sort_unstable();
        let mut first = vec![0u32; n + 1];
        for &(parent, _, _) in &edges {
            first[parent as usize + 1] += 1;
        }
        for i in 0..n {
            first[i + 1] += first[i];
        }
        let children =
            |old: u32| &edges[first[old as usize] as usize..first[old as usize + 1] as usize];
        // Depth-first preorder, and each node's slice of edges in that order.
        let mut order = Vec::with_capacity(n);
        let mut stack = vec![0u32];
        while let Some(old) = stack.pop() {
            order.push(old);
            stack.extend(children(old).iter().rev().map(|e| e.2));
        }
        let mut region = vec![(0u32, 0u32); n];
        let mut next = 0usize;
        for &old in &order {
            let k = children(old).len();
            let size = if k <= SCANNED {
                k
            } else {
                (2 * k).next_power_of_two()
            };
            region[old as usize] = (offset(next)?, offset(size)?);
            next += size;
        }
        offset(next)?;
        let node = |old: u32| Node {
            first: region[old as usize].0,
            count: region[old as usize].1,
            pattern: self.terminal.get(old as usize).copied().unwrap_or(NONE),
        };
        // The second-step filter: about 16 bits per edge out of a root child, so that about one unit in
        // twenty that passes it has no such edge.
        let root_kids = children(0);
        let second: usize = root_kids.iter().map(|e| children(e.2).len()).sum();
        let bits = (16 * second).next_power_of_two().max(64);
        let mut t = Trie {
            root: node(0),
            edges: vec![EMPTY; next],
            second: vec![0; bits / 64],
            second_shift: 64 - bits.trailing_zeros(),
        };
        for &(_, _, kid) in root_kids {
            for &(_, key, _) in children(kid) {
                let bit = t.second_bit(node(kid), key);
                t.second[bit / 64] |= 1 << (bit % 64);
            }
        }
        for &old in &order {
            let Node { first, count, .. } = node(old);
            let slots = &mut t.edges[first as usize..(first + count) as usize];
            for (i, &(_, key, child)) in children(old).iter().enumerate() {
                let mut at = i;
                if count as usize > SCANNED {
                    at = slot(key, count);
                    while slots[at].to.first != EMPTY.to.first {
                        at = (at + 1) & (count as usize - 1);
                    }
                }
                slots[at] = Edge {
                    key: split(key),
                    to: node(child),
                };
            }
        }
        Ok(t)
    }
}

/// An offset or count into the trie's edges, which are 32-bit.
fn offset(n: usize) -> Result<u32> {
    u32::try_from(n).map_err(|_| Error::Invalid("too many terms for one term index".into()))
}

/// The first slot to probe for `key` in a table of `count` slots (a power of two, 2^b): the top b bits of
/// a Fibonacci hash.
#[inline]
fn slot(key: u64, count: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - count.trailing_zeros())) as usize
}

/// A key as two halves, so that an edge needs only 4-byte alignment (20 bytes, not 24).
#[inline]
fn split(key: u64) -> [u32; 2] {
    [key as u32, (key >> 32) as u32]
}

/// A node, as the edge to it knows it: all a walk needs to go on from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Node {
    /// Its edges: `Trie::edges[first..first + count]`, scanned if `count <= SCANNED`, else a hash table.
    first: u32,
    count: u32,
    /// The pattern ending here, or [`NONE`].
    pattern: u32,
}

impl Node {
    /// The pattern that ends at this node, if any.
    #[inline]
    pub fn pattern(&self) -> Option<u32> {
        (self.pattern != NONE).then_some(self.pattern)
    }
}

#[derive(Debug, Clone, Copy)]
struct Edge {
    key: [u32; 2],
    to: Node,
}

/// An unused hash slot.
const EMPTY: Edge = Edge {
    key: [0, 0],
    to: Node {
        first: u32::MAX,
        count: 0,
        pattern: NONE,
    },
};

/// Unit sequences of terms, by pattern number, laid out flat (see the module documentation).
#[derive(Debug)]
pub(crate) struct Trie {
    root: Node,
    /// Every node's edges, in depth-first order of the nodes.
    edges: Vec<Edge>,
    /// A one-hash Bloom filter of the edges out of the root's children, by [`Trie::second_bit`]. Most
    /// words of a text start some term, but few pairs of words do: the filter answers for them from a
    /// table small enough to stay in cache, where the edges themselves would be a cache miss each.
    second: Vec<u64>,
    second_shift: u32,
}

impl Trie {
    /// The root (the node to step from with a term's first unit).
    pub fn root(&self) -> Node {
        self.root
    }

    /// [`Trie::step`] from a child of the root.
    #[inline]
    pub fn second_step(&self, node: Node, unit: u64) -> Option<Node> {
        let bit = self.second_bit(node, unit);
        if self.second[bit / 64] & 1 << (bit % 64) == 0 {
            return None;
        }
        self.step(node, unit)
    }

    fn second_bit(&self, node: Node, unit: u64) -> usize {
        let h = (unit ^ u64::from(node.first).wrapping_mul(0x517c_c1b7_2722_0a95))
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (h >> self.second_shift) as usize
    }

    /// The child of `node` along `unit`, if any.
    #[inline]
    pub fn step(&self, node: Node, unit: u64) -> Option<Node> {
        let (first, count) = (node.first as usize, node.count as usize);
        let edges = self.edges.get(first..first + count)?;
        let key = split(unit);
        if count <= SCANNED {
            return edges.iter().find(|e| e.key == key).map(|e| e.to);
        }
        let mut at = slot(unit, node.count);
        loop {
            let e = &edges[at];
            if e.to.first == EMPTY.to.first {
                return None;
            }
            if e.key == key {
                return Some(e.to);
            }
            at = (at + 1) & (count - 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::units::{unit_at, units};
    use super::*;

    fn keys(text: &str) -> Vec<u64> {
        let mut v = Vec::new();
        units(text, &mut v);
        v.iter()
            .enumerate()
            .map(|(i, u)| if i == 0 { u.plain } else { u.joined() })
            .collect()
    }

    #[test]
    fn walking_finds_whole_units_only() {
        let mut b = TrieBuilder::default();
        let patterns = ["bonded port", "port", "港区", "两江新区"];
        for (i, p) in patterns.iter().enumerate() {
            b.insert(keys(p), i as u32);
        }
        // Enough first units for the root to get a hash table.
        for i in 0..100 {
            b.insert(keys(&format!("w{i} x")), 100 + i);
        }
        let t = b.build().unwrap();
        let text = "BONDED PORT portal 保税港区 两江新区  port w7 x w77  x";
        let mut found = Vec::new();
        let mut at = 0;
        while let Some(u) = unit_at(text, at) {
            let mut node = t.step(t.root(), u.plain);
            let mut end = u;
            while let Some(n) = node {
                if let Some(p) = n.pattern() {
                    found.push((&text[u.start..end.end], p));
                }
                node = unit_at(text, end.end).and_then(|next| {
                    end = next;
                    t.step(n, next.joined())
                });
            }
            at = u.end;
        }
        assert_eq!(
            found,
            [
                ("BONDED PORT", 0),
                ("PORT", 1),
                ("港区", 2),
                ("两江新区", 3),
                ("port", 1),
                ("w7 x", 107)
            ]
        );
    }

    #[test]
    fn an_empty_trie_has_no_steps() {
        let t = TrieBuilder::default().build().unwrap();
        assert_eq!(t.step(t.root(), 42), None);
        assert_eq!(t.root().pattern(), None);
    }
}
