//! Finding memories: fuzzy matches for a segment, and concordance search for a phrase.
//!
//! Matching is script-aware: the query is keyed like the memories (Chinese folded to Simplified), and a
//! match is returned in the scripts of the requested languages (`zh-TW` asks for Traditional), with the diff
//! computed on what the translator will see. Memories are searched in both directions: a `zh → en` unit
//! also serves an `en → zh` translation ([`TmMatch::reversed`]). Concordance goes through the same
//! in-memory index (every side of every unit is in one of its directions), so it costs the same on a
//! million units as on a thousand. Each hit names the memory it came from ([`TmMatch::memory`]), for
//! lookups over several memories ([`crate::tm::MemorySet`]).

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::{Memory, Origin};
use crate::Result;
use crate::tm::fuzzy::{DiffSpan, diff, tokenize};
use crate::tm::lang::LangTag;
use crate::tm::script::{family, in_script, match_key};
use crate::tm::time::Timestamp;

/// How many matches to return and how good they must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchOptions {
    /// Lowest match percentage returned (CAT tools default to 70–75; 50 shows more).
    pub min_score: u8,
    /// Most matches returned.
    pub limit: usize,
}

impl Default for MatchOptions {
    fn default() -> Self {
        MatchOptions {
            min_score: 50,
            limit: 5,
        }
    }
}

/// A memory that matches a segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TmMatch {
    /// Row id of the memory unit.
    pub unit_id: i64,
    /// The name of the memory it came from.
    pub memory: String,
    /// Match percentage: 100 when the tokens are identical (case, width and script aside).
    pub score: u8,
    /// Whether the memory's source, as shown, is exactly the segment.
    pub exact: bool,
    /// The memory's source, in the script of the requested source language.
    pub source: String,
    /// The memory's translation, in the script of the requested target language.
    pub target: String,
    /// The language the memory's source is stored in.
    pub source_lang: LangTag,
    /// The language the memory's translation is stored in.
    pub target_lang: LangTag,
    /// Whether the memory was stored the other way round (its target side matched).
    pub reversed: bool,
    /// The edits from the memory's source to the segment, for highlighting.
    pub diff: Vec<DiffSpan>,
    /// Where the memory came from.
    pub origin: Origin,
    /// The file, project or document it came from ("" when unknown).
    pub origin_detail: String,
    /// Its properties (file names, dates).
    pub props: Vec<(String, String)>,
    /// When it was last changed (or created).
    pub changed: Option<Timestamp>,
}

/// A memory containing a phrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConcordanceHit {
    /// Row id of the memory unit.
    pub unit_id: i64,
    /// The name of the memory it came from.
    pub memory: String,
    /// Where the unit came from.
    pub origin: Origin,
    /// Source text as stored.
    pub source: String,
    /// Target text as stored.
    pub target: String,
    /// Source language.
    pub source_lang: LangTag,
    /// Target language.
    pub target_lang: LangTag,
    /// Byte ranges of the phrase in `source`.
    pub source_spans: Vec<Range<usize>>,
    /// Byte ranges of the phrase in `target`.
    pub target_spans: Vec<Range<usize>>,
}

impl Memory {
    /// The best memories for `segment` (in `source_lang`) with a translation in `target_lang`'s family,
    /// best first.
    pub fn matches(
        &mut self,
        segment: &str,
        source_lang: &LangTag,
        target_lang: &LangTag,
        options: &MatchOptions,
    ) -> Result<Vec<TmMatch>> {
        let segment = segment.trim();
        if segment.is_empty() {
            return Ok(Vec::new());
        }
        self.build_index(&mut crate::NoProgress)?;
        let key = match_key(&*self.converter, segment, source_lang);
        let direction = format!("{}>{}", family(source_lang), family(target_lang));
        let hits = match self
            .indexes
            .as_ref()
            .and_then(|i| i.by_direction.get(&direction))
        {
            Some(index) => index.search(
                key.split(' ').filter(|k| !k.is_empty()),
                options.min_score,
                options.limit,
            ),
            None => return Ok(Vec::new()),
        };
        // The hits' units in one query (on a server, one round trip instead of one per hit).
        let ids: Vec<i64> = hits.iter().map(|h| (h.payload >> 1) as i64).collect();
        let units: rustc_hash::FxHashMap<i64, super::MemoryUnit> =
            self.rows(&ids)?.into_iter().map(|u| (u.id, u)).collect();
        let mut out = Vec::with_capacity(hits.len());
        for hit in hits {
            let id = (hit.payload >> 1) as i64;
            let reversed = hit.payload & 1 == 1;
            let Some(stored) = units.get(&id).cloned() else {
                continue;
            };
            let (src, tgt) = if reversed {
                (stored.unit.target, stored.unit.source)
            } else {
                (stored.unit.source, stored.unit.target)
            };
            let source = in_script(&*self.converter, &src.text, source_lang);
            let target = in_script(&*self.converter, &tgt.text, target_lang);
            out.push(TmMatch {
                unit_id: id,
                memory: self.info.name.clone(),
                score: hit.score,
                exact: source == segment,
                diff: diff(&source, segment),
                source,
                target,
                source_lang: src.lang,
                target_lang: tgt.lang,
                reversed,
                origin: stored.origin,
                origin_detail: stored.origin_detail,
                props: stored.unit.props,
                changed: stored.unit.changed.or(stored.unit.created),
            });
        }
        // Identical text first among equal scores.
        out.sort_by(|a, b| b.score.cmp(&a.score).then(b.exact.cmp(&a.exact)));
        Ok(out)
    }

    /// Memories containing `phrase` (whole tokens in a row, either side, any script), newest first.
    pub fn concordance(&mut self, phrase: &str, limit: usize) -> Result<Vec<ConcordanceHit>> {
        let key = match_key(&*self.converter, phrase, &LangTag::zh_simplified());
        if key.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        self.build_index(&mut crate::NoProgress)?;
        let wanted: Vec<&str> = key.split(' ').filter(|k| !k.is_empty()).collect();
        let mut ids: Vec<i64> = self
            .indexes
            .iter()
            .flat_map(|i| i.by_direction.values())
            .flat_map(|idx| idx.containing(wanted.iter().copied(), limit))
            .map(|payload| (payload >> 1) as i64)
            .collect();
        ids.sort_unstable_by(|a, b| b.cmp(a));
        ids.dedup();
        ids.truncate(limit);
        Ok(self
            .rows(&ids)?
            .into_iter()
            .map(|m| ConcordanceHit {
                unit_id: m.id,
                memory: self.info.name.clone(),
                origin: m.origin,
                source_spans: self.find_phrase(&m.unit.source.text, &wanted),
                target_spans: self.find_phrase(&m.unit.target.text, &wanted),
                source: m.unit.source.text,
                target: m.unit.target.text,
                source_lang: m.unit.source.lang,
                target_lang: m.unit.target.lang,
            })
            .collect())
    }

    /// Byte ranges in `text` where the token keys `wanted` occur in a row.
    fn find_phrase(&self, text: &str, wanted: &[&str]) -> Vec<Range<usize>> {
        let tokens = tokenize(text);
        let keys: Vec<String> = tokens
            .iter()
            .map(|t| {
                let folded = self.converter.to_simplified(&text[t.start..t.end]);
                tokenize(&folded)
                    .into_iter()
                    .next()
                    .map_or_else(|| t.key.clone(), |f| f.key)
            })
            .collect();
        let mut out = Vec::new();
        if wanted.is_empty() || keys.len() < wanted.len() {
            return out;
        }
        let mut i = 0;
        while i + wanted.len() <= keys.len() {
            if keys[i..i + wanted.len()]
                .iter()
                .zip(wanted)
                .all(|(k, w)| k == w)
            {
                out.push(tokens[i].start..tokens[i + wanted.len() - 1].end);
                i += wanted.len();
            } else {
                i += 1;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::NoProgress;
    use crate::tm::fuzzy::DiffOp;
    use crate::tm::script::tests::PairConverter;
    use crate::tm::unit::{Segment, TranslationUnit};

    fn memory() -> Memory {
        let mut m = Memory::open_in_memory(Arc::new(PairConverter)).unwrap();
        let units = [
            (
                "两江新区位于重庆市主城区。",
                "Liangjiang New Area is located in the main urban area of Chongqing.",
            ),
            (
                "第二十届渝洽会将于5月举行。",
                "The 20th CCISF will be held in May.",
            ),
            (
                "寸滩保税港区进出口额增长12%。",
                "Import and export volume of Cuntan bonded port area grew by 12%.",
            ),
        ];
        let units: Vec<_> = units
            .iter()
            .map(|(zh, en)| {
                TranslationUnit::new(
                    Segment::new(LangTag::zh_simplified(), *zh),
                    Segment::new(LangTag::en(), *en),
                )
            })
            .collect();
        m.add(&units, Origin::Alignment, &mut NoProgress).unwrap();
        m
    }

    #[test]
    fn exact_fuzzy_and_no_match() {
        let mut m = memory();
        let (zh, en) = (LangTag::zh_simplified(), LangTag::en());
        let opts = MatchOptions::default();
        let exact = m
            .matches("第二十届渝洽会将于5月举行。", &zh, &en, &opts)
            .unwrap();
        assert_eq!((exact[0].score, exact[0].exact), (100, true));
        assert_eq!(exact[0].target, "The 20th CCISF will be held in May.");

        let fuzzy = m
            .matches("寸滩保税港区进出口额增长15%。", &zh, &en, &opts)
            .unwrap();
        assert_eq!(fuzzy.len(), 1);
        assert!(
            fuzzy[0].score >= 90 && fuzzy[0].score < 100,
            "{}",
            fuzzy[0].score
        );
        let changed: Vec<(DiffOp, &str)> = fuzzy[0]
            .diff
            .iter()
            .filter(|s| s.op != DiffOp::Equal)
            .map(|s| (s.op, s.text.as_str()))
            .collect();
        assert_eq!(changed, [(DiffOp::Delete, "12"), (DiffOp::Insert, "15")]);

        assert!(
            m.matches("今天天气很好。", &zh, &en, &opts)
                .unwrap()
                .is_empty()
        );
        assert!(m.matches("   ", &zh, &en, &opts).unwrap().is_empty());
    }

    #[test]
    fn traditional_source_finds_simplified_memory_and_sees_it_in_traditional() {
        let mut m = memory();
        let tw = LangTag::zh_traditional();
        let hits = m
            .matches(
                "第二十屆渝洽會將於5月舉行。",
                &tw,
                &LangTag::en(),
                &MatchOptions::default(),
            )
            .unwrap();
        assert!(!hits.is_empty());
        // The test converter knows 会/會, 于/於 and 举/舉, not 届/屆 or 将/將: the rest is a fuzzy difference.
        assert_eq!(hits[0].source, "第二十届渝洽會将於5月舉行。");
        assert!(hits[0].score >= 80, "{}", hits[0].score);
    }

    #[test]
    fn english_finds_chinese_memories_backwards() {
        let mut m = memory();
        let hits = m
            .matches(
                "The 21st CCISF will be held in May.",
                &LangTag::en(),
                &LangTag::zh_traditional(),
                &MatchOptions::default(),
            )
            .unwrap();
        assert_eq!(hits.len(), 1);
        assert!(hits[0].reversed);
        assert_eq!(hits[0].target, "第二十届渝洽會将於5月舉行。");
        assert_eq!(hits[0].score, 88);
    }

    #[test]
    fn concordance_finds_whole_tokens_on_both_sides() {
        let mut m = memory();
        let hits = m.concordance("渝洽會", 10).unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(&hits[0].source[hits[0].source_spans[0].clone()], "渝洽会");
        let hits = m.concordance("held in may", 10).unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(
            &hits[0].target[hits[0].target_spans[0].clone()],
            "held in May"
        );
        assert!(
            m.concordance("hel", 10).unwrap().is_empty(),
            "part of a word is not a hit"
        );
        assert!(m.concordance("", 10).unwrap().is_empty());
    }

    #[test]
    fn with_the_conversion_engine_a_traditional_segment_is_an_exact_match() {
        let mut m = Memory::open_in_memory(crate::tm::script::default_converter()).unwrap();
        let unit = TranslationUnit::new(
            Segment::new(LangTag::zh_simplified(), "第二十届渝洽会将于5月举行。"),
            Segment::new(LangTag::en(), "The 20th CCISF will be held in May."),
        );
        m.add(&[unit], Origin::Alignment, &mut NoProgress).unwrap();
        let tw = LangTag::zh_traditional();
        let hits = m
            .matches(
                "第二十屆渝洽會將於5月舉行。",
                &tw,
                &LangTag::en(),
                &MatchOptions::default(),
            )
            .unwrap();
        assert_eq!((hits[0].score, hits[0].exact), (100, true));
        assert_eq!(hits[0].source, "第二十屆渝洽會將於5月舉行。");
        let back = m
            .matches(
                "The 20th CCISF will be held in May.",
                &LangTag::en(),
                &tw,
                &MatchOptions::default(),
            )
            .unwrap();
        assert_eq!(back[0].target, "第二十屆渝洽會將於5月舉行。");
    }
}
