//! Term recognition: every glossary term in a text, for highlighting in document views and for the
//! aligner's and translation QA's checks.
//!
//! [`TermIndex`] is one trie over all term forms (`term_trie.rs`), walked from each place a term can start
//! (a word start, a Chinese character, a punctuation mark), never from the middle of a word. Chinese terms match anywhere, in
//! either script: each Chinese term is added in every stored script form plus its conversions, so the
//! text is matched as it is and spans are exact byte offsets into it. English (and other space-separated)
//! terms match ASCII-case-insensitively on word boundaries, with simple inflections of the last word
//! (plural -s/-es/-ies, -ed, -ing). Overlapping candidates resolve to the leftmost-longest ones.

use std::ops::Range;

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::Result;
use crate::glossary::model::{Entry, EntryId, TermKind, lang};
use crate::glossary::normalize::is_dense;
use crate::glossary::term_trie::{Trie, TrieBuilder, is_word_char, units};

#[cfg(test)]
mod equivalence;
#[cfg(test)]
mod reference;

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
#[derive(Debug, Clone)]
struct Target {
    entry: EntryId,
    lang: String,
    kind: TermKind,
    /// Whether the pattern must sit on word boundaries (Latin letters at its ends).
    bounded_start: bool,
    bounded_end: bool,
}

/// A searchable set of terms. Immutable, `Send + Sync`: build once, share between threads.
pub struct TermIndex {
    trie: Trie,
    /// The term forms (lowercased), to confirm what the hashed trie finds.
    patterns: Vec<String>,
    targets: Vec<Vec<Target>>,
}

impl std::fmt::Debug for TermIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TermIndex")
            .field("patterns", &self.targets.len())
            .finish()
    }
}

impl TermIndex {
    /// Builds the index from entries (deleted ones are left out). `to_other_scripts` gives extra script
    /// forms of a Chinese term (pass the conversion engine's s2t/t2s results; `|_| Vec::new()` for none).
    pub fn build<'a>(
        entries: impl IntoIterator<Item = &'a Entry>,
        to_other_scripts: impl Fn(&str) -> Vec<String>,
    ) -> Result<TermIndex> {
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
        let mut builder = TrieBuilder::default();
        let mut cut = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            units(p, &mut cut);
            builder.insert(&cut, i as u32);
        }
        Ok(TermIndex {
            trie: builder.build(),
            patterns,
            targets,
        })
    }

    /// Number of distinct patterns (term forms) in the index.
    pub fn len(&self) -> usize {
        self.targets.len()
    }

    /// Whether the index has no terms.
    pub fn is_empty(&self) -> bool {
        self.targets.is_empty()
    }

    /// Every recognised term in `text`, in text order. Where candidates overlap, the leftmost wins, and of
    /// those starting at the same place the longest.
    pub fn find(&self, text: &str) -> Vec<TermMatch> {
        let mut cut = Vec::new();
        units(text, &mut cut);
        // (start, end, pattern) of every candidate that respects word boundaries.
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

/// Inflected forms of a multi-letter English term: the last word with -s/-es/-ies, -ed, -ing (and the
/// consonant doubling or e-dropping those need). Acronyms in capitals get only a plural -s.
pub(crate) fn inflections(term: &str) -> Vec<String> {
    let split = term.rfind(' ').map_or(0, |i| i + 1);
    let (head, word) = term.split_at(split);
    if word.chars().count() < 2 || !word.chars().all(|c| c.is_ascii_alphabetic()) {
        return Vec::new();
    }
    if word.chars().all(|c| c.is_ascii_uppercase()) {
        return vec![format!("{head}{word}s")];
    }
    let lower = word.to_ascii_lowercase();
    let b = lower.as_bytes();
    let n = b.len();
    let vowel = |c: u8| b"aeiou".contains(&c);
    let mut forms = Vec::new();
    let mut push = |s: String| forms.push(format!("{head}{s}"));
    if lower.ends_with('s')
        || lower.ends_with('x')
        || lower.ends_with('z')
        || lower.ends_with("ch")
        || lower.ends_with("sh")
    {
        push(format!("{word}es"));
    } else if n > 2 && lower.ends_with('y') && !vowel(b[n - 2]) {
        push(format!("{}ies", &word[..n - 1]));
        push(format!("{}ied", &word[..n - 1]));
    } else {
        push(format!("{word}s"));
    }
    if lower.ends_with('e') {
        push(format!("{word}d"));
        push(format!("{}ing", &word[..n - 1]));
    } else if n >= 3
        && !vowel(b[n - 1])
        && vowel(b[n - 2])
        && !vowel(b[n - 3])
        && !b"wxy".contains(&b[n - 1])
        && n <= 4
    {
        // Short consonant-vowel-consonant words double the consonant: ship → shipped, shipping.
        push(format!("{word}{}ed", &word[n - 1..]));
        push(format!("{word}{}ing", &word[n - 1..]));
    } else if !(lower.ends_with('y') && n > 2 && !vowel(b[n - 2])) {
        push(format!("{word}ed"));
        push(format!("{word}ing"));
    } else {
        push(format!("{word}ing"));
    }
    forms
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::model::{EntryData, Term};

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
    fn inflection_table() {
        let cases: [(&str, &[&str]); 7] = [
            (
                "free trade zone",
                &["free trade zones", "free trade zoned", "free trade zoning"],
            ),
            (
                "sister city",
                &["sister cities", "sister citied", "sister citying"],
            ),
            ("tax", &["taxes", "taxed", "taxing"]),
            ("ship", &["ships", "shipped", "shipping"]),
            ("MOU", &["MOUs"]),
            ("export", &["exports", "exported", "exporting"]),
            ("两江新区", &[]),
        ];
        for (term, want) in cases {
            assert_eq!(
                inflections(term),
                want.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                "{term}"
            );
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
