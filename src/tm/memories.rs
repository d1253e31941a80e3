//! Lookup in several memories at once: a translation uses an ordered list of memories (a client's first,
//! then the general one), and every match says which memory it came from.
//!
//! [`MemorySet`] holds the memories in order and one of them as the working memory, where confirmed
//! segments go. [`MatchSource`] is what pre-translation needs from either one memory or a set.

use serde::{Deserialize, Serialize};

use super::catalogue::Catalogue;
use super::lang::LangTag;
use super::store::{ConcordanceHit, MatchOptions, Memory, TmMatch};
use crate::{Error, Result};

/// Something that finds matches for a segment: one [`Memory`] or a [`MemorySet`].
pub trait MatchSource {
    /// The best matches for `segment` (in `source_lang`) in `target_lang`, best first.
    fn find_matches(
        &mut self,
        segment: &str,
        source_lang: &LangTag,
        target_lang: &LangTag,
        options: &MatchOptions,
    ) -> Result<Vec<TmMatch>>;

    /// Counts one use of `m` in its memory (nothing for a read-only one: using a reference memory is not
    /// a change to it).
    fn record_use_of(&mut self, m: &TmMatch) -> Result<()>;
}

impl MatchSource for Memory {
    fn find_matches(
        &mut self,
        segment: &str,
        source_lang: &LangTag,
        target_lang: &LangTag,
        options: &MatchOptions,
    ) -> Result<Vec<TmMatch>> {
        self.matches(segment, source_lang, target_lang, options)
    }

    fn record_use_of(&mut self, m: &TmMatch) -> Result<()> {
        if self.info().read_only {
            return Ok(());
        }
        self.record_use(m.unit_id)
    }
}

/// Memories in the order a translation consults them.
#[derive(Debug, Default)]
pub struct MemorySet {
    memories: Vec<Memory>,
    working: Option<usize>,
}

/// A memory's place in a set, for the GUI's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetMember {
    /// Its name.
    pub name: String,
    /// Whether confirmed segments go into it.
    pub working: bool,
    /// Whether it refuses changes.
    pub read_only: bool,
}

impl MemorySet {
    /// The memories, consulted in this order; the first writable one is the working memory.
    pub fn new(memories: Vec<Memory>) -> MemorySet {
        let working = memories.iter().position(|m| !m.info().read_only);
        MemorySet { memories, working }
    }

    /// Opens the memories called `names` from `catalogue`, in that order.
    pub fn open(catalogue: &Catalogue, names: &[&str]) -> Result<MemorySet> {
        let memories = names
            .iter()
            .map(|n| catalogue.open(n))
            .collect::<Result<Vec<_>>>()?;
        Ok(MemorySet::new(memories))
    }

    /// The memories in order.
    pub fn memories(&self) -> &[Memory] {
        &self.memories
    }

    /// The memories in order, to change one.
    pub fn memories_mut(&mut self) -> &mut [Memory] {
        &mut self.memories
    }

    /// The set as a list: names, which is the working memory, which are read-only.
    pub fn members(&self) -> Vec<SetMember> {
        self.memories
            .iter()
            .enumerate()
            .map(|(i, m)| SetMember {
                name: m.name().to_string(),
                working: self.working == Some(i),
                read_only: m.info().read_only,
            })
            .collect()
    }

    /// Makes memory `name` the working memory (it must be writable).
    pub fn set_working(&mut self, name: &str) -> Result<()> {
        let i = self
            .memories
            .iter()
            .position(|m| m.name().eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| Error::Invalid(format!("“{name}” is not one of the memories in use")))?;
        self.memories[i].writable()?;
        self.working = Some(i);
        Ok(())
    }

    /// The working memory, where confirmed segments go (`None` when every memory is read-only).
    pub fn working_mut(&mut self) -> Option<&mut Memory> {
        self.working.and_then(|i| self.memories.get_mut(i))
    }

    /// The best matches from all memories, best first; among equal scores an identical text first, then
    /// the memory earlier in the list.
    pub fn matches(
        &mut self,
        segment: &str,
        source_lang: &LangTag,
        target_lang: &LangTag,
        options: &MatchOptions,
    ) -> Result<Vec<TmMatch>> {
        let mut all: Vec<(usize, TmMatch)> = Vec::new();
        for (rank, m) in self.memories.iter_mut().enumerate() {
            let found = m.matches(segment, source_lang, target_lang, options)?;
            all.extend(found.into_iter().map(|hit| (rank, hit)));
        }
        // Stable: within one memory its own order (newest first among equals) stays.
        all.sort_by(|(ra, a), (rb, b)| {
            b.score
                .cmp(&a.score)
                .then(b.exact.cmp(&a.exact))
                .then(ra.cmp(rb))
        });
        all.truncate(options.limit);
        Ok(all.into_iter().map(|(_, m)| m).collect())
    }

    /// Units containing `phrase` from all memories: each memory's newest first, memories in order, at most
    /// `limit` in all.
    pub fn concordance(&mut self, phrase: &str, limit: usize) -> Result<Vec<ConcordanceHit>> {
        let mut out = Vec::new();
        for m in &mut self.memories {
            if out.len() >= limit {
                break;
            }
            out.extend(m.concordance(phrase, limit - out.len())?);
        }
        Ok(out)
    }
}

impl MatchSource for MemorySet {
    fn find_matches(
        &mut self,
        segment: &str,
        source_lang: &LangTag,
        target_lang: &LangTag,
        options: &MatchOptions,
    ) -> Result<Vec<TmMatch>> {
        self.matches(segment, source_lang, target_lang, options)
    }

    fn record_use_of(&mut self, m: &TmMatch) -> Result<()> {
        match self.memories.iter_mut().find(|x| x.name() == m.memory) {
            Some(memory) => memory.record_use_of(m),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::NoProgress;
    use crate::tm::script::NoConversion;
    use crate::tm::store::Origin;
    use crate::tm::store::tests::unit;

    fn memory(name: &str, pairs: &[(&str, &str)]) -> Memory {
        let mut m = Memory::open_in_memory(Arc::new(NoConversion)).unwrap();
        m.set_name(name).unwrap();
        let units: Vec<_> = pairs.iter().map(|(z, e)| unit(z, e)).collect();
        m.add(&units, Origin::Alignment, &mut NoProgress).unwrap();
        m
    }

    #[test]
    fn matches_merge_by_score_then_memory_order_and_name_their_memory() {
        let client = memory(
            "Client",
            &[("会议在重庆举行。", "The meeting takes place in Chongqing.")],
        );
        let mut general = memory(
            "General",
            &[
                ("会议在重庆举行。", "The meeting is held in Chongqing."),
                ("会议在成都举行。", "The meeting is held in Chengdu."),
            ],
        );
        general.set_read_only(true).unwrap();
        let mut set = MemorySet::new(vec![client, general]);
        let (zh, en) = (LangTag::zh_simplified(), LangTag::en());
        let hits = set
            .matches("会议在重庆举行。", &zh, &en, &MatchOptions::default())
            .unwrap();
        let got: Vec<(&str, u8)> = hits.iter().map(|h| (h.memory.as_str(), h.score)).collect();
        assert_eq!(got[..2], [("Client", 100), ("General", 100)]);
        assert_eq!(got[2].0, "General");
        assert!(got[2].1 < 100);
        let limited = set
            .matches(
                "会议在重庆举行。",
                &zh,
                &en,
                &MatchOptions {
                    min_score: 50,
                    limit: 1,
                },
            )
            .unwrap();
        assert_eq!(limited.len(), 1);

        set.record_use_of(&hits[0]).unwrap();
        set.record_use_of(&hits[1]).unwrap();
        assert_eq!(
            set.memories()[0]
                .get(hits[0].unit_id)
                .unwrap()
                .unwrap()
                .used,
            1
        );
        assert_eq!(
            set.memories()[1]
                .get(hits[1].unit_id)
                .unwrap()
                .unwrap()
                .used,
            0,
            "read-only"
        );

        let conc = set.concordance("重庆", 10).unwrap();
        let names: Vec<&str> = conc.iter().map(|c| c.memory.as_str()).collect();
        assert_eq!(names, ["Client", "General"]);
        assert_eq!(set.concordance("举行", 2).unwrap().len(), 2);

        let members = set.members();
        assert!(members[0].working && !members[1].working && members[1].read_only);
        assert!(set.set_working("general").is_err());
        assert!(set.set_working("nobody").is_err());
        assert_eq!(set.working_mut().unwrap().name(), "Client");
    }
}
