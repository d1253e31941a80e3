//! The first term finder, kept verbatim (test-only) as the reference the fast one must agree with: a
//! hashed trie over units (word runs, single other characters, a plain space folded into the unit after
//! it), walked from every unit that can start a term, every candidate collected, sorted and resolved
//! leftmost-longest. Slow but plainly right; `equivalence.rs` compares the two on generated texts.

use rustc_hash::FxHashMap;

use super::units::char_at;
use super::{TermMatch, inflections};
use crate::glossary::model::{Entry, EntryId, TermKind, lang};
use crate::glossary::normalize::is_dense;

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_dense(c)
}

#[derive(Debug, Clone)]
struct Target {
    entry: EntryId,
    lang: String,
    kind: TermKind,
    bounded_start: bool,
    bounded_end: bool,
}

#[derive(Debug, Clone, Copy)]
struct Unit {
    start: usize,
    end: usize,
    plain: u64,
    joined: u64,
    can_start: bool,
}

const K: u64 = 0x517c_c1b7_2722_0a95;

fn mix(h: u64, v: u64) -> u64 {
    (h.rotate_left(5) ^ v).wrapping_mul(K)
}

fn units(text: &str, out: &mut Vec<Unit>) {
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

/// (node, unit hash) → child, and the pattern ending at each node (`u32::MAX` for none).
#[derive(Default)]
struct Trie {
    edges: FxHashMap<(u32, u64), u32>,
    terminal: Vec<u32>,
}

impl Trie {
    fn insert(&mut self, units: &[Unit], pattern: u32) {
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

    fn walk(&self, units: &[Unit], from: usize, mut f: impl FnMut(usize, u32)) {
        if self.terminal.is_empty() {
            return;
        }
        let mut node = 0u32;
        for (j, u) in units.iter().enumerate().skip(from) {
            let unit = if j == from { u.plain } else { u.joined };
            match self.edges.get(&(node, unit)) {
                Some(&n) => node = n,
                None => return,
            }
            let p = self.terminal[node as usize];
            if p != u32::MAX {
                f(j, p);
            }
        }
    }
}

/// The reference index: the first `TermIndex::build` and `TermIndex::find`, unchanged in what they do.
pub(super) struct ReferenceIndex {
    trie: Trie,
    patterns: Vec<String>,
    targets: Vec<Vec<Target>>,
}

impl ReferenceIndex {
    pub fn build<'a>(
        entries: impl IntoIterator<Item = &'a Entry>,
        to_other_scripts: impl Fn(&str) -> Vec<String>,
    ) -> ReferenceIndex {
        let mut slot: FxHashMap<String, usize> = FxHashMap::default();
        let mut patterns: Vec<String> = Vec::new();
        let mut targets: Vec<Vec<Target>> = Vec::new();
        let mut add = |pattern: String, t: Target| {
            let i = *slot.entry(pattern.clone()).or_insert_with(|| {
                patterns.push(pattern);
                targets.push(Vec::new());
                targets.len() - 1
            });
            if !targets[i]
                .iter()
                .any(|x| x.entry == t.entry && x.lang == t.lang)
            {
                targets[i].push(t);
            }
        };
        for e in entries.into_iter().filter(|e| !e.deleted) {
            for term in &e.data.terms {
                let text = term.text.trim();
                if text.is_empty() {
                    continue;
                }
                let mut forms = vec![text.to_string()];
                if lang::is_chinese(&term.lang) || text.chars().any(is_dense) {
                    forms.extend(to_other_scripts(text));
                } else {
                    forms.extend(inflections(text));
                }
                for form in forms {
                    let first = form.chars().next().unwrap_or(' ');
                    let last = form.chars().last().unwrap_or(' ');
                    add(
                        form.to_ascii_lowercase(),
                        Target {
                            entry: e.id,
                            lang: term.lang.clone(),
                            kind: term.kind,
                            bounded_start: first.is_alphanumeric() && !is_dense(first),
                            bounded_end: last.is_alphanumeric() && !is_dense(last),
                        },
                    );
                }
            }
        }
        let mut trie = Trie::default();
        let mut cut = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            units(p, &mut cut);
            trie.insert(&cut, i as u32);
        }
        ReferenceIndex {
            trie,
            patterns,
            targets,
        }
    }

    pub fn find(&self, text: &str) -> Vec<TermMatch> {
        let mut cut = Vec::new();
        units(text, &mut cut);
        let mut candidates: Vec<(usize, usize, usize)> = Vec::new();
        for (i, u) in cut.iter().enumerate() {
            if !u.can_start {
                continue;
            }
            let s = u.start;
            self.trie.walk(&cut, i, |j, p| {
                let (e, p) = (cut[j].end, p as usize);
                if !text[s..e].eq_ignore_ascii_case(&self.patterns[p]) {
                    return;
                }
                let t = &self.targets[p][0];
                if t.bounded_start && text[..s].chars().next_back().is_some_and(is_word_char) {
                    return;
                }
                if t.bounded_end && text[e..].chars().next().is_some_and(is_word_char) {
                    return;
                }
                candidates.push((s, e, p));
            });
        }
        candidates.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut out = Vec::new();
        let mut covered = 0;
        for (s, e, p) in candidates {
            if s < covered {
                continue;
            }
            covered = e;
            for t in &self.targets[p] {
                out.push(TermMatch {
                    range: s..e,
                    entry: t.entry,
                    lang: t.lang.clone(),
                    kind: t.kind,
                });
            }
        }
        out
    }
}
