//! Pre-translation: fill every untranslated segment that has an exact or good-enough memory match.

use serde::{Deserialize, Serialize};

use super::{SegmentStatus, TranslationProject};
use crate::progress::Progress;
use crate::tm::memories::MatchSource;
use crate::tm::store::{MatchOptions, Memory, TmMatch};
use crate::{Error, Result};

/// How pre-translation chooses matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PretranslateOptions {
    /// Lowest match percentage used (100 = exact matches only).
    pub threshold: u8,
    /// Also replace drafts and pre-translations already there (confirmed segments are never touched).
    pub overwrite: bool,
}

impl Default for PretranslateOptions {
    fn default() -> Self {
        PretranslateOptions {
            threshold: 100,
            overwrite: false,
        }
    }
}

/// What pre-translation did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PretranslateSummary {
    /// Segments filled from a 100% match.
    pub exact: usize,
    /// Segments filled from a fuzzy match at or above the threshold.
    pub fuzzy: usize,
    /// Segments without a good enough match.
    pub unmatched: usize,
    /// Segments left alone (already translated).
    pub kept: usize,
}

impl TranslationProject {
    /// Fills segments from `memory` (one undo step). Cancelling leaves the project unchanged.
    pub fn pretranslate(
        &mut self,
        memory: &mut Memory,
        options: &PretranslateOptions,
        progress: &mut dyn Progress,
    ) -> Result<PretranslateSummary> {
        self.pretranslate_from(memory, options, progress)
    }

    /// Fills segments from one memory or an ordered list of them ([`crate::tm::MemorySet`]), and counts a
    /// use of each match taken. Cancelling leaves the project (and the counts) unchanged.
    pub fn pretranslate_from(
        &mut self,
        memory: &mut dyn MatchSource,
        options: &PretranslateOptions,
        progress: &mut dyn Progress,
    ) -> Result<PretranslateSummary> {
        progress.start(self.segments.len() as u64, "Pre-translating");
        let match_options = MatchOptions {
            min_score: options.threshold.min(100),
            limit: 1,
        };
        let mut summary = PretranslateSummary::default();
        let mut changes = Vec::new();
        let mut used: Vec<TmMatch> = Vec::new();
        for i in 0..self.segments.len() {
            if !progress.advance(1) {
                return Err(Error::Cancelled);
            }
            let s = &self.segments[i];
            let open = match s.status {
                SegmentStatus::Untranslated => true,
                SegmentStatus::Pretranslated | SegmentStatus::Draft => options.overwrite,
                SegmentStatus::Confirmed => false,
            };
            if !open {
                summary.kept += 1;
                continue;
            }
            let best = memory
                .find_matches(
                    &s.source,
                    &self.source_lang,
                    &self.target_lang,
                    &match_options,
                )?
                .into_iter()
                .next();
            match best {
                Some(m) => {
                    if m.score == 100 {
                        summary.exact += 1;
                    } else {
                        summary.fuzzy += 1;
                    }
                    changes.extend(self.change(
                        i,
                        m.target.clone(),
                        SegmentStatus::Pretranslated,
                        Some(m.score),
                    ));
                    used.push(m);
                }
                None => summary.unmatched += 1,
            }
        }
        self.apply(changes);
        for m in &used {
            memory.record_use_of(m)?;
        }
        Ok(summary)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::NoProgress;
    use crate::tm::project::tests::project;
    use crate::tm::script::NoConversion;
    use crate::tm::store::Origin;
    use crate::tm::{LangTag, Segment, TranslationUnit};

    fn memory() -> Memory {
        let mut m = Memory::open_in_memory(Arc::new(NoConversion)).unwrap();
        let u = |zh: &str, en: &str| {
            TranslationUnit::new(
                Segment::new(LangTag::zh_simplified(), zh),
                Segment::new(LangTag::en(), en),
            )
        };
        m.add(
            &[
                u("两江新区位于重庆。", "Liangjiang is in Chongqing."),
                u("进出口额增长15%。", "Trade grew 15%."),
            ],
            Origin::Alignment,
            &mut NoProgress,
        )
        .unwrap();
        m
    }

    #[test]
    fn thresholds_decide_and_undo_takes_it_all_back() {
        let mut m = memory();
        let mut p = project();
        let s = p
            .pretranslate(&mut m, &PretranslateOptions::default(), &mut NoProgress)
            .unwrap();
        assert_eq!(
            s,
            PretranslateSummary {
                exact: 1,
                fuzzy: 0,
                unmatched: 2,
                kept: 0
            }
        );
        let s = p
            .pretranslate(
                &mut m,
                &PretranslateOptions {
                    threshold: 80,
                    overwrite: false,
                },
                &mut NoProgress,
            )
            .unwrap();
        assert_eq!(
            s,
            PretranslateSummary {
                exact: 0,
                fuzzy: 1,
                unmatched: 1,
                kept: 1
            }
        );
        assert_eq!(p.segments[2].target, "Trade grew 15%.");
        assert_eq!(p.segments[2].status, SegmentStatus::Pretranslated);
        let used: Vec<u32> = m.units().unwrap().iter().map(|u| u.used).collect();
        assert_eq!(used, [1, 1], "each match taken counts one use");
        assert!(p.segments[2].match_score.is_some_and(|s| s < 100));
        assert!(p.undo());
        assert!(p.segments[2].target.is_empty());
        assert!(p.undo());
        assert!(p.segments[0].target.is_empty());
    }
}
