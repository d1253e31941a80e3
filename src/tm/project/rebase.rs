//! Bringing a translation up to date with a changed source: the project made from the new text takes the
//! translations of every sentence that did not change, in order, so the work done is kept and only new or
//! changed sentences are left to translate.
//!
//! Main items: [`TranslationProject::rebase`] and [`RebaseSummary`].

use std::collections::HashMap;

use super::{SegmentStatus, TranslationProject};

/// What [`TranslationProject::rebase`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RebaseSummary {
    /// Segments that kept their translation.
    pub kept: usize,
    /// Segments of the new text with no translation from before.
    pub new: usize,
    /// Translated segments of the old text whose sentence is gone.
    pub dropped: usize,
}

impl TranslationProject {
    /// Replaces this project's segments with `fresh`'s (made from the changed source), carrying over the
    /// translation, status, score and memory link of every segment whose source sentence is unchanged.
    /// A sentence that occurs several times takes the old occurrences in order. The undo history is
    /// cleared: its steps refer to the old segments.
    pub fn rebase(&mut self, fresh: TranslationProject) -> RebaseSummary {
        let mut old: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, s) in self.segments.iter().enumerate().rev() {
            old.entry(s.source.as_str()).or_default().push(i);
        }
        let mut used = vec![false; self.segments.len()];
        let mut segments = fresh.segments.clone();
        let mut summary = RebaseSummary::default();
        for seg in &mut segments {
            match old.get_mut(seg.source.as_str()).and_then(|v| v.pop()) {
                Some(i) => {
                    used[i] = true;
                    let before = &self.segments[i];
                    seg.target = before.target.clone();
                    seg.status = before.status;
                    seg.match_score = before.match_score;
                    seg.memory = before.memory.clone();
                    summary.kept += usize::from(before.status != SegmentStatus::Untranslated);
                }
                None => summary.new += 1,
            }
        }
        summary.dropped = self
            .segments
            .iter()
            .zip(&used)
            .filter(|(s, u)| !**u && !s.target.is_empty())
            .count();
        let (key, hash) = (fresh.source_key.clone(), fresh.source_hash.clone());
        let revision = self.revision + 1;
        *self = TranslationProject {
            segments,
            source_key: key.or(self.source_key.take()),
            source_hash: hash,
            revision,
            ..fresh
        };
        summary
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tm::lang::LangTag;

    fn project(sentences: &[&str]) -> TranslationProject {
        TranslationProject::new(
            Some("r.txt".into()),
            LangTag::zh_simplified(),
            LangTag::en(),
            vec![sentences.iter().map(|s| s.to_string()).collect()],
        )
    }

    #[test]
    fn unchanged_sentences_keep_their_translation() {
        let mut p = project(&["经(jīng)贸合作。", "两江新区。", "渝洽会。"]);
        p.set_target(1, "Liangjiang New Area.").unwrap();
        p.confirm(1).unwrap();
        p.set_target(0, "Trade cooperation.").unwrap();
        let fresh = project(&["经贸合作。", "两江新区。", "渝洽会。", "新的一句。"]);
        let s = p.rebase(fresh);
        assert_eq!(
            s,
            RebaseSummary {
                kept: 1,
                new: 2,
                dropped: 1
            }
        );
        assert_eq!(p.segments[1].target, "Liangjiang New Area.");
        assert_eq!(p.segments[1].status, SegmentStatus::Confirmed);
        assert!(p.segments[0].target.is_empty());
        assert_eq!(p.segments.len(), 4);
        assert!(!p.can_undo());
    }
}
