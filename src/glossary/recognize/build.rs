//! Building a [`TermIndex`]: every term form of every live entry (its script forms, its inflections),
//! ASCII-lowercased into patterns; each pattern's targets (the entries and languages it stands for); and
//! the trie over the patterns' units.

use rustc_hash::FxHashMap;

use super::trie::TrieBuilder;
use super::units::{is_exact, units};
use super::{Hit, Pattern, Target, TermIndex, inflections};
use crate::glossary::model::{Entry, lang};
use crate::glossary::normalize::is_dense;
use crate::{Error, Result};

impl TermIndex {
    /// Builds the index from entries (deleted ones are left out). `to_other_scripts` gives extra script
    /// forms of a Chinese term (pass the conversion engine's s2t/t2s results; `|_| Vec::new()` for none).
    pub fn build<'a>(
        entries: impl IntoIterator<Item = &'a Entry>,
        to_other_scripts: impl Fn(&str) -> Vec<String>,
    ) -> Result<TermIndex> {
        let mut slot: FxHashMap<String, u32> = FxHashMap::default();
        let mut pattern_text = String::new();
        // Where each pattern's text starts and ends in `pattern_text`.
        let mut spans: Vec<(u32, u32)> = Vec::new();
        let mut lang_slot: FxHashMap<String, u16> = FxHashMap::default();
        let mut langs: Vec<String> = Vec::new();
        // (pattern, target) in the order added; grouped by pattern below.
        let mut added: Vec<(u32, Target)> = Vec::new();
        for e in entries.into_iter().filter(|e| !e.deleted) {
            for term in &e.data.terms {
                let text = term.text.trim();
                if text.is_empty() {
                    continue;
                }
                let lang = match lang_slot.get(term.lang.as_str()) {
                    Some(&i) => i,
                    None => {
                        let i = u16::try_from(langs.len()).map_err(|_| too_big())?;
                        langs.push(term.lang.clone());
                        lang_slot.insert(term.lang.clone(), i);
                        i
                    }
                };
                let mut forms = vec![text.to_string()];
                if lang::is_chinese(&term.lang) || text.chars().any(is_dense) {
                    forms.extend(to_other_scripts(text));
                } else {
                    forms.extend(inflections(text));
                }
                for mut form in forms {
                    form.make_ascii_lowercase();
                    let p = match slot.get(&form) {
                        Some(&p) => p,
                        None => {
                            let start = offset(pattern_text.len())?;
                            pattern_text.push_str(&form);
                            spans.push((start, offset(pattern_text.len())?));
                            let p = offset(spans.len() - 1)?;
                            slot.insert(form, p);
                            p
                        }
                    };
                    let target = Target {
                        entry: e.id,
                        lang,
                        kind: term.kind,
                    };
                    added.push((p, target));
                }
            }
        }
        drop(slot);
        // Each pattern's targets in the order added, the first of each entry and language only.
        added.sort_by_key(|&(p, _)| p);
        let mut patterns: Vec<Pattern> = Vec::with_capacity(spans.len());
        let mut hits: Vec<Hit> = Vec::with_capacity(spans.len());
        let mut targets: Vec<Target> = Vec::new();
        for group in added.chunk_by(|a, b| a.0 == b.0) {
            let (p, first) = group[0];
            let more = targets.len();
            for &(_, t) in &group[1..] {
                let mut seen = std::iter::once(&first).chain(&targets[more..]);
                if !seen.any(|x| x.entry == t.entry && x.lang == t.lang) {
                    targets.push(t);
                }
            }
            let (text, end) = spans[p as usize];
            patterns.push(Pattern {
                text,
                len: end - text,
                more: offset(more)?,
                more_len: offset(targets.len() - more)?,
            });
            hits.push(Hit {
                pattern: p,
                target: first,
                confirm: false,
                more: targets.len() > more,
            });
        }
        // Every pattern has a target, so the groups are the patterns, in order.
        debug_assert_eq!(patterns.len(), spans.len());
        let mut builder = TrieBuilder::default();
        let mut cut = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            let form = &pattern_text[p.text as usize..(p.text + p.len) as usize];
            units(form, &mut cut);
            let keys = cut
                .iter()
                .enumerate()
                .map(|(j, u)| if j == 0 { u.plain } else { u.joined() });
            // A walk along exact keys has matched the text, unless the form starts with a space that its
            // first key leaves out.
            hits[i].confirm =
                !keys.clone().all(is_exact) || cut.first().is_some_and(|u| u.start > 0);
            builder.insert(keys, i as u32);
        }
        Ok(TermIndex {
            trie: builder.build(|p| hits[p as usize].record())?,
            patterns,
            pattern_text,
            targets,
            langs,
        })
    }
}

/// An offset or count into the index's flat arrays, which hold 32-bit offsets.
fn offset(n: usize) -> Result<u32> {
    u32::try_from(n).map_err(|_| too_big())
}

fn too_big() -> Error {
    Error::Invalid("too many terms for one term index".into())
}
