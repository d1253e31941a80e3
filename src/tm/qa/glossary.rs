//! The shared glossary as QA's [`Terminology`]: the glossary's term recognition ([`TermIndex`]) plus each
//! entry's approved and forbidden translations.
//!
//! An approved entry's terms in the target language are its approved translations (main terms,
//! abbreviations and variants alike), its `forbidden` terms are forbidden; a deprecated entry's target
//! terms are all forbidden; proposed entries are shown but not enforced. Chinese terms are indexed in both
//! scripts through the conversion engine, so a Traditional source finds a Simplified entry.

use rustc_hash::FxHashMap;

use super::{TermHit, Terminology};
use crate::glossary::{Entry, EntryId, Glossary, Status, TermIndex, TermKind};
use crate::tm::lang::LangTag;
use crate::tm::script::ScriptConverter;
use crate::{Error, Result};

/// Glossary entries indexed for QA. Immutable and `Send + Sync`: build once (on a worker), share.
pub struct GlossaryTerms {
    index: TermIndex,
    entries: FxHashMap<EntryId, Entry>,
}

impl std::fmt::Debug for GlossaryTerms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GlossaryTerms")
            .field("entries", &self.entries.len())
            .finish()
    }
}

impl GlossaryTerms {
    /// Every live entry of `glossary`, indexed.
    pub fn load(glossary: &Glossary, converter: &dyn ScriptConverter) -> Result<GlossaryTerms> {
        const PAGE: usize = 1000;
        let mut entries = Vec::new();
        loop {
            let page = glossary.list(entries.len(), PAGE)?;
            let done = page.len() < PAGE;
            entries.extend(page);
            if done {
                break;
            }
        }
        Self::from_entries(entries, converter)
    }

    /// Indexes `entries` (deleted ones are left out).
    pub fn from_entries(
        entries: Vec<Entry>,
        converter: &dyn ScriptConverter,
    ) -> Result<GlossaryTerms> {
        let index = TermIndex::build(&entries, |term| {
            let mut forms = vec![
                converter.to_simplified(term),
                converter.to_traditional(term),
            ];
            forms.retain(|f| f != term);
            forms.dedup();
            forms
        })
        .map_err(|e| Error::Invalid(format!("cannot index the glossary: {e}")))?;
        let entries = entries
            .into_iter()
            .filter(|e| !e.deleted)
            .map(|e| (e.id, e))
            .collect();
        Ok(GlossaryTerms { index, entries })
    }

    /// Number of entries indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no entry is indexed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl Terminology for GlossaryTerms {
    fn terms_in(&self, source: &str, source_lang: &LangTag, target_lang: &LangTag) -> Vec<TermHit> {
        let mut hits: Vec<TermHit> = Vec::new();
        for m in self.index.find(source) {
            let in_source_lang =
                LangTag::parse(&m.lang).is_some_and(|l| l.same_language(source_lang));
            if !in_source_lang || m.kind == TermKind::Forbidden {
                continue;
            }
            let Some(entry) = self.entries.get(&m.entry) else {
                continue;
            };
            if entry.data.status == Status::Proposed {
                continue;
            }
            let hit = match hits.iter_mut().position(|h| h.span == m.range) {
                Some(i) => &mut hits[i],
                None => {
                    hits.push(TermHit {
                        term: source[m.range.clone()].to_string(),
                        span: m.range.clone(),
                        approved: Vec::new(),
                        forbidden: Vec::new(),
                    });
                    hits.last_mut().expect("just pushed")
                }
            };
            for t in &entry.data.terms {
                if !LangTag::parse(&t.lang).is_some_and(|l| l.same_language(target_lang)) {
                    continue;
                }
                let forbidden =
                    t.kind == TermKind::Forbidden || entry.data.status == Status::Deprecated;
                let list = if forbidden {
                    &mut hit.forbidden
                } else {
                    &mut hit.approved
                };
                if !list.contains(&t.text) {
                    list.push(t.text.clone());
                }
            }
        }
        hits.retain(|h| !h.approved.is_empty() || !h.forbidden.is_empty());
        hits.sort_by_key(|h| h.span.start);
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{EntryData, Term};
    use crate::tm::qa::check_segment;
    use crate::tm::script::OpenCcConverter;

    fn entry(id: i64, status: Status, terms: &[(&str, &str, TermKind)]) -> Entry {
        Entry {
            id,
            version: 1,
            data: EntryData {
                terms: terms.iter().map(|(l, t, k)| Term::new(l, t, *k)).collect(),
                status,
                ..EntryData::default()
            },
            changed_by: String::new(),
            changed_at: String::new(),
            deleted: false,
        }
    }

    fn terms() -> GlossaryTerms {
        let entries = vec![
            entry(
                1,
                Status::Approved,
                &[
                    ("zh-Hans", "两江新区", TermKind::Main),
                    ("en", "Liangjiang New Area", TermKind::Main),
                    ("en", "Liangjiang New District", TermKind::Forbidden),
                ],
            ),
            entry(
                2,
                Status::Deprecated,
                &[
                    ("zh-Hans", "渝洽会", TermKind::Main),
                    ("en", "Chongqing Fair", TermKind::Main),
                ],
            ),
            entry(
                3,
                Status::Proposed,
                &[
                    ("zh-Hans", "重庆", TermKind::Main),
                    ("en", "Chungking", TermKind::Main),
                ],
            ),
        ];
        GlossaryTerms::from_entries(entries, &OpenCcConverter::new()).unwrap()
    }

    #[test]
    fn statuses_decide_what_is_approved_and_forbidden() {
        let g = terms();
        let hits = g.terms_in(
            "兩江新區位於重慶，渝洽會",
            &LangTag::zh_traditional(),
            &LangTag::en(),
        );
        let got: Vec<(&str, Vec<&str>, Vec<&str>)> = hits
            .iter()
            .map(|h| {
                (
                    h.term.as_str(),
                    h.approved.iter().map(String::as_str).collect(),
                    h.forbidden.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "兩江新區",
                    vec!["Liangjiang New Area"],
                    vec!["Liangjiang New District"]
                ),
                ("渝洽會", vec![], vec!["Chongqing Fair"]),
            ]
        );
        let (zh, en) = (LangTag::zh_simplified(), LangTag::en());
        let conv = OpenCcConverter::new();
        let findings = check_segment(
            0,
            "两江新区举办渝洽会。",
            "Liangjiang New District hosts the Chongqing Fair.",
            &zh,
            &en,
            &g,
            &conv,
        );
        assert_eq!(findings.len(), 3, "{findings:?}");
    }
}
