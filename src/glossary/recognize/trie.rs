//! The trie behind term recognition: terms as sequences of unit keys (`units.rs`), each ending in a
//! record of what the term stands for.
//!
//! Laid out flat for the walk's sake, since a walk's time goes to cache misses. Everything lives in one
//! array of 16-byte slots, node by node in depth-first order: a terminal node's record, then its edges.
//! An edge carries where the node it leads to keeps its edges, so a step reads one place; the nodes of a
//! term's unshared tail sit side by side, so a walk along it reads on; and a leaf's record sits right after
//! its parent's edges, so a match costs no read of its own. Up to [`SCANNED`] edges are scanned in order;
//! a node with more (the root has one per distinct first word or character, thousands) gets a small
//! open-addressing table. A Bloom filter of the edges one step from the root spares most words of a text,
//! which start some term but are not followed by a second word of it, the miss of their node's edges.

use rustc_hash::FxHashMap;

use crate::{Error, Result};

/// Nodes with at most this many children keep them in a plain list.
const SCANNED: usize = 8;

/// No pattern ends at a node (in the builder).
const NONE: u32 = u32::MAX;

/// In [`Node::count`]: the node is terminal, its record in the slot before its edges.
const TERMINAL: u32 = 1 << 31;

/// Builds a [`Trie`]: unit sequences of terms, by pattern number.
#[derive(Debug, Default)]
pub(crate) struct TrieBuilder {
    /// (node, unit key) → child node.
    edges: FxHashMap<(u32, u64), u32>,
    /// The pattern ending at each node (node 0 is the root), or [`NONE`].
    terminal: Vec<u32>,
}

/// What a pattern stands for, kept in the trie next to the node where it ends (its meaning is the
/// caller's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Record(pub u64, pub u32, pub u32);

impl TrieBuilder {
    /// Adds a pattern under number `pattern`: the key of its first unit alone, then those of the others
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

    /// Lays the trie out (see the module documentation), with `record(pattern)` for each pattern.
    pub fn build(self, record: impl Fn(u32) -> Record) -> Result<Trie> {
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
        let pattern = |old: u32| self.terminal.get(old as usize).copied().unwrap_or(NONE);
        // Depth-first preorder, and each node's place in the slots in that order.
        let mut order = Vec::with_capacity(n);
        let mut stack = vec![0u32];
        while let Some(old) = stack.pop() {
            order.push(old);
            stack.extend(children(old).iter().rev().map(|e| e.2));
        }
        let mut nodes = vec![Node { first: 0, count: 0 }; n];
        let mut next = 0usize;
        for &old in &order {
            let terminal = pattern(old) != NONE;
            next += usize::from(terminal);
            let k = children(old).len();
            let size = if k <= SCANNED {
                k
            } else {
                (2 * k).next_power_of_two()
            };
            nodes[old as usize] = Node {
                first: offset(next)?,
                count: offset(size)? | if terminal { TERMINAL } else { 0 },
            };
            next += size;
        }
        if offset(next)? >= TERMINAL {
            return Err(too_big());
        }
        // The second-step filter: about 16 bits per edge out of a root child, so that about one unit in
        // twenty that passes it has no such edge.
        let root_kids = children(0);
        let second: usize = root_kids.iter().map(|e| children(e.2).len()).sum();
        let bits = (16 * second).next_power_of_two().max(64);
        let mut t = Trie {
            root: nodes[0],
            slots: vec![EMPTY; next],
            second: vec![0; bits / 64],
            second_shift: 64 - bits.trailing_zeros(),
        };
        for &(_, _, kid) in root_kids {
            for &(_, key, _) in children(kid) {
                let bit = t.second_bit(nodes[kid as usize], key);
                t.second[bit / 64] |= 1 << (bit % 64);
            }
        }
        for &old in &order {
            let node = nodes[old as usize];
            if node.is_terminal() {
                let Record(a, b, c) = record(pattern(old));
                t.slots[node.first as usize - 1] = Slot {
                    key: a,
                    first: b,
                    count: c,
                };
            }
            let (first, count) = (node.first as usize, node.count());
            let slots = &mut t.slots[first..first + count];
            for (i, &(_, key, child)) in children(old).iter().enumerate() {
                let mut at = i;
                if count > SCANNED {
                    at = slot(key, count);
                    while slots[at].first != EMPTY.first {
                        at = (at + 1) & (count - 1);
                    }
                }
                let to = nodes[child as usize];
                slots[at] = Slot {
                    key,
                    first: to.first,
                    count: to.count,
                };
            }
        }
        Ok(t)
    }
}

/// An offset or count into the trie's slots, which are 32-bit.
fn offset(n: usize) -> Result<u32> {
    u32::try_from(n).map_err(|_| too_big())
}

fn too_big() -> Error {
    Error::Invalid("too many terms for one term index".into())
}

/// The first slot to probe for `key` in a table of `count` slots (a power of two, 2^b): the top b bits of
/// a Fibonacci hash.
#[inline]
fn slot(key: u64, count: usize) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - count.trailing_zeros())) as usize
}

/// A node, as the edge to it knows it: all a walk needs to go on from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Node {
    /// Its edges: `Trie::slots[first..first + count]`, scanned if `count <= SCANNED`, else a hash table.
    first: u32,
    /// The number of edge slots, and [`TERMINAL`].
    count: u32,
}

impl Node {
    /// Whether a pattern ends at this node.
    #[inline]
    pub fn is_terminal(&self) -> bool {
        self.count & TERMINAL != 0
    }

    #[inline]
    fn count(&self) -> usize {
        (self.count & !TERMINAL) as usize
    }
}

/// An edge (the key, and the node it leads to), or a terminal node's record.
#[derive(Debug, Clone, Copy)]
struct Slot {
    key: u64,
    first: u32,
    count: u32,
}

/// An unused hash slot.
const EMPTY: Slot = Slot {
    key: 0,
    first: u32::MAX,
    count: 0,
};

/// Unit sequences of terms, with their records, laid out flat (see the module documentation).
#[derive(Debug)]
pub(crate) struct Trie {
    root: Node,
    /// Every node's record and edges, in depth-first order of the nodes.
    slots: Vec<Slot>,
    /// A one-hash Bloom filter of the edges out of the root's children, by [`Trie::second_bit`].
    second: Vec<u64>,
    second_shift: u32,
}

impl Trie {
    /// The root (the node to step from with a term's first unit).
    pub fn root(&self) -> Node {
        self.root
    }

    /// The record of a terminal node.
    #[inline]
    pub fn record(&self, node: Node) -> Option<Record> {
        if !node.is_terminal() {
            return None;
        }
        let s = self.slots[node.first as usize - 1];
        Some(Record(s.key, s.first, s.count))
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
        let (first, count) = (node.first as usize, node.count());
        let slots = self.slots.get(first..first + count)?;
        let to = |s: &Slot| Node {
            first: s.first,
            count: s.count,
        };
        if count <= SCANNED {
            return slots.iter().find(|s| s.key == unit).map(to);
        }
        let mut at = slot(unit, count);
        loop {
            let s = &slots[at];
            if s.first == EMPTY.first {
                return None;
            }
            if s.key == unit {
                return Some(to(s));
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
        let t = b.build(|p| Record(u64::from(p), 0, 0)).unwrap();
        let text = "BONDED PORT portal 保税港区 两江新区  port w7 x w77  x";
        let mut found = Vec::new();
        let mut at = 0;
        while let Some(u) = unit_at(text, at) {
            let mut node = t.step(t.root(), u.plain);
            let mut end = u;
            while let Some(n) = node {
                if let Some(Record(p, _, _)) = t.record(n) {
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
        let t = TrieBuilder::default().build(|_| Record(0, 0, 0)).unwrap();
        assert_eq!(t.step(t.root(), 42), None);
        assert_eq!(t.record(t.root()), None);
    }
}
