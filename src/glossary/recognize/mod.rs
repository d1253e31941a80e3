//! Term recognition: every glossary term in a text, for highlighting in document views and for the
//! aligner's and translation QA's checks.
//!
//! [`TermIndex`] is one trie over all term forms (`trie.rs`), keyed by the units a text is cut into
//! (`units.rs`: word runs and single other characters). Chinese terms match anywhere, in either script:
//! each Chinese term is added in every stored script form plus its conversions, so the text is matched as
//! it is, never converted, and spans are exact byte offsets into it. English (and other space-separated)
//! terms match ASCII-case-insensitively on word boundaries, with simple inflections of the last word
//! (plural -s/-es/-ies, -ed, -ing; `inflect.rs`). Overlapping candidates resolve to the leftmost-longest
//! ones.
//!
//! The finder makes one pass: it cuts the text a unit at a time and walks the trie from each unit that can
//! start a term (a word start, a Chinese character, a punctuation mark), never from the middle of a word
//! nor from inside a match already made, keeping the longest confirmed pattern of the walk. Nothing is
//! allocated but the matches. Its time goes to cache misses, so what a walk reads is kept together: an
//! edge knows where the node it leads to keeps its edges, and a pattern's record (its first target) sits
//! next to the node where it ends (`trie.rs`); exact unit keys spare reading the term's text to confirm
//! most matches (`units.rs`).
//!
//! `reference.rs` keeps the first, plainer finder (every candidate collected, sorted, resolved), and
//! `equivalence.rs` proves on generated glossaries and texts that the two agree exactly.

mod build;
mod inflect;
mod trie;
mod units;

#[cfg(test)]
mod equivalence;
#[cfg(test)]
mod reference;

use std::ops::Range;

use serde::Serialize;

use crate::Result;
use crate::glossary::model::{EntryId, TermKind};
use inflect::inflections;
use trie::{Record, Trie};
use units::{Unit, is_word_char, unit_at};

/// One recognised term in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermMatch {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// The entry the term belongs to (several matches share a range when entries share a term).
    pub entry: EntryId,
    /// The language of the matched term form.
    pub lang: String,
    /// Its role in the entry (a [`TermKind::Forbidden`] match is something QA should flag).
    pub kind: TermKind,
}

/// What a pattern stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Target {
    entry: EntryId,
    /// Index into `TermIndex::langs`.
    lang: u16,
    kind: TermKind,
}

/// A term form in the index: what a match of it seldom needs.
#[derive(Debug, Clone, Copy)]
struct Pattern {
    /// Its text (ASCII-lowercased): `TermIndex::pattern_text[text..text + len]`.
    text: u32,
    len: u32,
    /// Its targets after the first: `TermIndex::targets[more..more + more_len]`.
    more: u32,
    more_len: u32,
}

/// What the trie keeps where a pattern ends: all that a match of it usually needs, read with the trie's
/// last edge rather than from an array of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Hit {
    pattern: u32,
    /// The pattern's first target.
    target: Target,
    /// Whether a walk that ends here must be confirmed on the text (the term has a hashed unit).
    confirm: bool,
    /// Whether the pattern has more targets than the first.
    more: bool,
}

impl Hit {
    /// Packs the hit into the trie's record: entry, pattern, then lang | kind << 16 | flags << 24.
    fn record(self) -> Record {
        let kind = TermKind::ALL.iter().position(|&k| k == self.target.kind);
        let flags = u32::from(self.confirm) | u32::from(self.more) << 1;
        Record(
            self.target.entry as u64,
            self.pattern,
            u32::from(self.target.lang) | (kind.unwrap_or(0) as u32) << 16 | flags << 24,
        )
    }

    /// Unpacks what [`Hit::record`] packed.
    fn from_record(Record(entry, pattern, packed): Record) -> Hit {
        Hit {
            pattern,
            target: Target {
                entry: entry as EntryId,
                lang: packed as u16,
                kind: TermKind::ALL[(packed >> 16 & 0xFF) as usize % TermKind::ALL.len()],
            },
            confirm: packed >> 24 & 1 != 0,
            more: packed >> 25 & 1 != 0,
        }
    }
}

/// A searchable set of terms. Immutable, `Send + Sync`: build once, share between threads.
pub struct TermIndex {
    trie: Trie,
    patterns: Vec<Pattern>,
    /// The patterns' texts, one after another.
    pattern_text: String,
    /// The patterns' targets after their first, pattern by pattern, in the order they were added.
    targets: Vec<Target>,
    /// The language tags targets name.
    langs: Vec<String>,
}

impl std::fmt::Debug for TermIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TermIndex")
            .field("patterns", &self.patterns.len())
            .finish()
    }
}

impl TermIndex {
    /// Number of distinct patterns (term forms) in the index.
    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    /// Whether the index has no terms.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Every recognised term in `text`, in text order. Where candidates overlap, the leftmost wins, and of
    /// those starting at the same place the longest.
    pub fn find(&self, text: &str) -> Vec<TermMatch> {
        let mut out = Vec::new();
        let mut at = 0;
        // The unit after a walk's first one, cut by the walk: where no term starts, the next start is there.
        let mut ahead: Option<Unit> = None;
        loop {
            let unit = match ahead.take() {
                Some(u) if u.cut_at() == at => u,
                _ => match unit_at(text, at) {
                    Some(u) => u,
                    None => break,
                },
            };
            at = unit.end;
            if !unit.can_start {
                continue;
            }
            if let Some((end, hit)) = self.longest_at(text, unit, &mut ahead) {
                self.push_matches(unit.start..end, hit, &mut out);
                // Cutting needs no context, so it carries on from the match's end.
                at = end;
            }
        }
        out
    }

    /// The end and pattern of the longest confirmed term starting with unit `first`. Stores the unit
    /// after `first` in `ahead` if it cut it.
    fn longest_at(
        &self,
        text: &str,
        first: Unit,
        ahead: &mut Option<Unit>,
    ) -> Option<(usize, Hit)> {
        let mut node = self.trie.step(self.trie.root(), first.plain)?;
        let (mut last, mut best) = (first, None);
        loop {
            if let Some(record) = self.trie.record(node) {
                let hit = Hit::from_record(record);
                let range = first.start..last.end;
                if !hit.confirm || self.confirmed(text, range.clone(), hit.pattern) {
                    debug_assert!(
                        self.confirmed(text, range, hit.pattern),
                        "a walk along exact keys has matched the text itself"
                    );
                    best = Some((last.end, hit));
                }
            }
            let Some(next) = unit_at(text, last.end) else {
                break;
            };
            let step = if last.end == first.end {
                *ahead = Some(next);
                self.trie.second_step(node, next.joined())
            } else {
                self.trie.step(node, next.joined())
            };
            match step {
                Some(child) => (node, last) = (child, next),
                None => break,
            }
        }
        best
    }

    /// Whether `pattern` really is at `range` of `text` (long words are hashed, and hashes can collide)
    /// and sits on word boundaries where it starts or ends with a letter or digit of a spaced script.
    /// The units already line up with words; this is the confirmation.
    fn confirmed(&self, text: &str, range: Range<usize>, pattern: u32) -> bool {
        let (s, e) = (range.start, range.end);
        let pattern = &self.patterns[pattern as usize];
        let (from, len) = (pattern.text as usize, pattern.len as usize);
        let form = &self.pattern_text[from..from + len];
        let bounded = |c: Option<char>| c.is_some_and(is_word_char);
        text.as_bytes()[range].eq_ignore_ascii_case(form.as_bytes())
            && !(bounded(form.chars().next()) && bounded(text[..s].chars().next_back()))
            && !(bounded(form.chars().next_back()) && bounded(text[e..].chars().next()))
    }

    /// Adds a match at `range` for every target of a pattern.
    fn push_matches(&self, range: Range<usize>, hit: Hit, out: &mut Vec<TermMatch>) {
        let more = if hit.more {
            let p = &self.patterns[hit.pattern as usize];
            &self.targets[p.more as usize..(p.more + p.more_len) as usize]
        } else {
            &[]
        };
        for t in std::iter::once(&hit.target).chain(more) {
            out.push(TermMatch {
                range: range.clone(),
                entry: t.entry,
                lang: self.langs[usize::from(t.lang)].clone(),
                kind: t.kind,
            });
        }
    }
}

impl crate::glossary::Glossary {
    /// A [`TermIndex`] of every live entry, with each Chinese term in its other script forms too.
    pub fn term_index(&self) -> Result<TermIndex> {
        let mut entries = Vec::new();
        self.for_each_entry(
            &crate::glossary::ExportOptions::default(),
            &mut crate::NoProgress,
            |e| {
                entries.push(e.clone());
                Ok(())
            },
        )?;
        TermIndex::build(&entries, crate::glossary::normalize::other_scripts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::model::{Entry, EntryData, Term};

    fn entry(id: EntryId, terms: &[(&str, &str, TermKind)]) -> Entry {
        Entry {
            id,
            version: 1,
            data: EntryData {
                terms: terms.iter().map(|&(l, t, k)| Term::new(l, t, k)).collect(),
                ..Default::default()
            },
            changed_by: String::new(),
            changed_at: String::new(),
            deleted: false,
        }
    }

    #[test]
    fn finds_terms_in_both_scripts_and_on_word_boundaries() {
        let entries = [
            entry(
                1,
                &[
                    ("en", "bonded port area", TermKind::Main),
                    ("zh-Hans", "保税港区", TermKind::Main),
                    ("zh-Hant", "保稅港區", TermKind::Main),
                ],
            ),
            entry(
                2,
                &[
                    ("en", "port", TermKind::Main),
                    ("zh-Hans", "港口", TermKind::Main),
                ],
            ),
            entry(
                3,
                &[
                    ("en", "MOU", TermKind::Abbreviation),
                    ("zh-Hans", "谅解备忘录", TermKind::Main),
                ],
            ),
            entry(
                4,
                &[
                    ("en", "sister city", TermKind::Main),
                    ("zh-Hans", "友好城市", TermKind::Main),
                ],
            ),
        ];
        let ix = TermIndex::build(&entries, |_| Vec::new()).unwrap();
        let text = "Two MOUs on Bonded Port Areas; 保稅港區與保税港区; the airport, sister cities, a port.";
        let got: Vec<(&str, EntryId)> = ix
            .find(text)
            .iter()
            .map(|m| (&text[m.range.clone()], m.entry))
            .collect();
        assert_eq!(
            got,
            [
                ("MOUs", 3),
                ("Bonded Port Areas", 1),
                ("保稅港區", 1),
                ("保税港区", 1),
                ("sister cities", 4),
                ("port", 2)
            ]
        );
    }

    #[test]
    fn a_hit_survives_packing_into_a_trie_record() {
        for (i, kind) in TermKind::ALL.into_iter().enumerate() {
            let hit = Hit {
                pattern: 7 + i as u32,
                target: Target {
                    entry: [-1, 0, 42, i64::MAX][i],
                    lang: [0, 1, 300, u16::MAX][i],
                    kind,
                },
                confirm: i % 2 == 0,
                more: i / 2 == 0,
            };
            assert_eq!(Hit::from_record(hit.record()), hit);
        }
    }

    #[test]
    fn conversions_add_script_forms() {
        let entries = [entry(
            1,
            &[
                ("en", "Liangjiang New Area", TermKind::Main),
                ("zh-Hans", "两江新区", TermKind::Main),
            ],
        )];
        let ix = TermIndex::build(&entries, |s| {
            if s == "两江新区" {
                vec!["兩江新區".into()]
            } else {
                vec![]
            }
        })
        .unwrap();
        let m = ix.find("重慶兩江新區");
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].range, 6..18);
    }
}
