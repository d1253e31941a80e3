//! The trie behind term recognition. Terms and texts are cut the same way into units — a run of word
//! characters (ASCII-lowercased), or any other single character, with one plain space folded into the unit
//! after it — and terms are stored as unit sequences in a hashed trie. Recognition walks the trie from each
//! unit that can start a term, one hash lookup per unit, so a word in the text costs one step however long
//! it is, and the middle of a word is never a starting point.
//!
//! Because a term's word runs must line up with the text's, a term that starts (ends) with a word
//! character only matches at the start (end) of a word in the text: the word-boundary rule comes for free.
//! Units are hashed (64 bits); callers confirm a match on the text itself.

use rustc_hash::FxHashMap;

use crate::glossary::normalize::is_dense;

/// Whether `c` belongs to a word of a space-separated script.
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_dense(c)
}

/// One unit of a text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Unit {
    /// Byte range of the unit (without a folded space before it).
    pub start: usize,
    pub end: usize,
    /// Hash of the unit alone, and of the unit with the space folded into it, if any.
    plain: u64,
    joined: u64,
    /// Whether a term can start here (not white space).
    pub can_start: bool,
}

const K: u64 = 0x517c_c1b7_2722_0a95;

fn mix(h: u64, v: u64) -> u64 {
    (h.rotate_left(5) ^ v).wrapping_mul(K)
}

/// The character at byte `i` of `text` and its length.
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return (b as char, 1);
    }
    let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
    (c, c.len_utf8())
}

/// Cuts `text` into units (see the module documentation), replacing the contents of `out`.
pub(crate) fn units(text: &str, out: &mut Vec<Unit>) {
    out.clear();
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut spaced = false;
    while i < bytes.len() {
        let start = i;
        let (c, len) = char_at(text, i);
        i += len;
        let mut h = 0u64;
        if is_word_char(c) {
            for &b in &bytes[start..i] {
                h = mix(h, u64::from(b.to_ascii_lowercase()));
            }
            while i < bytes.len() {
                let (d, len) = char_at(text, i);
                if !is_word_char(d) {
                    break;
                }
                for &b in &bytes[i..i + len] {
                    h = mix(h, u64::from(b.to_ascii_lowercase()));
                }
                i += len;
            }
        } else {
            if c == ' ' && i < bytes.len() && !char_at(text, i).0.is_whitespace() {
                spaced = true;
                continue;
            }
            h = mix(h, u64::from(c) | 1 << 32);
        }
        out.push(Unit {
            start,
            end: i,
            plain: h,
            joined: if spaced { mix(h, 1 << 40) } else { h },
            can_start: !c.is_whitespace(),
        });
        spaced = false;
    }
}

/// Builds a [`Trie`]: unit sequences of terms, by pattern number.
#[derive(Debug, Default)]
pub(crate) struct TrieBuilder {
    /// (node, unit hash) → child node.
    edges: FxHashMap<(u32, u64), u32>,
    /// The pattern ending at each node (node 0 is the root), or `u32::MAX`.
    terminal: Vec<u32>,
}

impl TrieBuilder {
    /// Adds a pattern (cut into `units`) under number `pattern`.
    pub fn insert(&mut self, units: &[Unit], pattern: u32) {
        if self.terminal.is_empty() {
            self.terminal.push(u32::MAX);
        }
        let mut node = 0u32;
        for (j, u) in units.iter().enumerate() {
            let key = (node, if j == 0 { u.plain } else { u.joined });
            let next = self.terminal.len() as u32;
            node = *self.edges.entry(key).or_insert(next);
            if node == next {
                self.terminal.push(u32::MAX);
            }
        }
        if node != 0 {
            self.terminal[node as usize] = pattern;
        }
    }

    /// Lays the trie out in depth-first order, so that the nodes of a term's unshared tail sit side by side
    /// in memory and a walk along it reads on from where it is rather than jumping about.
    pub fn build(self) -> Trie {
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
        // Depth-first preorder numbering.
        let mut order = Vec::with_capacity(n);
        let mut new_id = vec![0u32; n];
        let mut stack = vec![0u32];
        while let Some(old) = stack.pop() {
            new_id[old as usize] = order.len() as u32;
            order.push(old);
            let (a, b) = (
                first[old as usize] as usize,
                first[old as usize + 1] as usize,
            );
            stack.extend(edges[a..b].iter().rev().map(|e| e.2));
        }
        let mut t = Trie {
            start: Vec::with_capacity(n + 1),
            units: Vec::with_capacity(edges.len()),
            child: Vec::with_capacity(edges.len()),
            terminal: Vec::with_capacity(n),
        };
        t.start.push(0);
        for &old in &order {
            let (a, b) = (
                first[old as usize] as usize,
                first[old as usize + 1] as usize,
            );
            for &(_, unit, child) in &edges[a..b] {
                t.units.push(unit);
                t.child.push(new_id[child as usize]);
            }
            t.start.push(t.units.len() as u32);
            t.terminal
                .push(self.terminal.get(old as usize).copied().unwrap_or(u32::MAX));
        }
        t
    }
}

/// Unit sequences of terms, by pattern number, in depth-first order (see [`TrieBuilder::build`]).
#[derive(Debug, Default)]
pub(crate) struct Trie {
    /// Children of node `i`: `units[start[i]..start[i + 1]]` (sorted) and `child[...]`.
    start: Vec<u32>,
    units: Vec<u64>,
    child: Vec<u32>,
    /// The pattern ending at each node, or `u32::MAX`.
    terminal: Vec<u32>,
}

impl Trie {
    fn step(&self, node: u32, unit: u64) -> Option<u32> {
        let (a, b) = (
            self.start[node as usize] as usize,
            self.start[node as usize + 1] as usize,
        );
        let keys = &self.units[a..b];
        let i = if keys.len() <= 8 {
            keys.iter().position(|&k| k == unit)?
        } else {
            keys.binary_search(&unit).ok()?
        };
        Some(self.child[a + i])
    }

    /// Calls `f(last unit, pattern)` for every pattern whose units start at `units[from]`.
    pub fn walk(&self, units: &[Unit], from: usize, mut f: impl FnMut(usize, u32)) {
        if self.start.len() < 2 {
            return;
        }
        let mut node = 0u32;
        for (j, u) in units.iter().enumerate().skip(from) {
            match self.step(node, if j == from { u.plain } else { u.joined }) {
                Some(n) => node = n,
                None => return,
            }
            let p = self.terminal[node as usize];
            if p != u32::MAX {
                f(j, p);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<&str> {
        let mut v = Vec::new();
        units(text, &mut v);
        v.iter().map(|u| &text[u.start..u.end]).collect()
    }

    #[test]
    fn cutting() {
        assert_eq!(spans("Bonded port-area"), ["Bonded", "port", "-", "area"]);
        assert_eq!(
            spans("两江 新区 Xi'an"),
            ["两", "江", "新", "区", "Xi", "'", "an"]
        );
        assert_eq!(spans("a  b "), ["a", " ", "b", " "]);
        assert_eq!(spans("Café\u{3000}5G"), ["Café", "\u{3000}", "5G"]);
    }

    #[test]
    fn walking_finds_whole_units_only() {
        let mut b = TrieBuilder::default();
        let mut u = Vec::new();
        for (i, p) in ["bonded port", "port", "港区", "两江新区"]
            .iter()
            .enumerate()
        {
            units(p, &mut u);
            b.insert(&u, i as u32);
        }
        let t = b.build();
        let text = "BONDED PORT portal 保税港区 两江新区  port";
        units(text, &mut u);
        let mut found = Vec::new();
        for i in 0..u.len() {
            t.walk(&u, i, |j, p| found.push((&text[u[i].start..u[j].end], p)));
        }
        assert_eq!(
            found,
            [
                ("BONDED PORT", 0),
                ("PORT", 1),
                ("港区", 2),
                ("两江新区", 3),
                ("port", 1)
            ]
        );
    }
}
