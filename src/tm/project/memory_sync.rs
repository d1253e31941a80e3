//! Keeping the memory in step with confirmations: a segment goes into the memory when it is confirmed,
//! and comes out again when the confirmation is undone or the confirmed text is changed. The project
//! records which unit each confirmation added ([`MemoryLink`]), so this works across restarts too.
//!
//! Main items: [`MemoryWork`] (what to add and remove), [`TranslationProject::memory_work`],
//! [`TranslationProject::apply_memory_work`].

use serde::{Deserialize, Serialize};

use super::{SegmentStatus, TranslationProject};
use crate::Result;
use crate::tm::store::{Memory, Origin};
use crate::tm::unit::TranslationUnit;

/// The memory unit a segment's confirmation added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoryLink {
    /// The unit's row id in the memory; `None` when the memory already held the pair (nothing was added,
    /// so nothing is taken out).
    pub unit: Option<i64>,
    /// The target that was added.
    pub target: String,
}

/// What the memory needs so that it holds exactly the project's confirmed segments.
#[derive(Debug, Clone, Default)]
pub struct MemoryWork {
    /// Confirmed segments not in the memory yet: (segment, unit).
    pub add: Vec<(usize, TranslationUnit)>,
    /// Units to take out: (segment, unit id), for confirmations undone or changed.
    pub remove: Vec<(usize, Option<i64>)>,
}

impl MemoryWork {
    /// Whether there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.add.is_empty() && self.remove.is_empty()
    }
}

/// What [`TranslationProject::apply_memory_work`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MemorySync {
    /// Units added.
    pub added: usize,
    /// Units taken out.
    pub removed: usize,
}

impl TranslationProject {
    /// What the memory needs after the edits so far: every confirmed segment in, nothing else.
    pub fn memory_work(&self) -> MemoryWork {
        let units = self.units(true);
        let mut by_source = units.into_iter();
        let mut work = MemoryWork::default();
        for (i, s) in self.segments.iter().enumerate() {
            let confirmed = s.status == SegmentStatus::Confirmed && !s.target.is_empty();
            // `units(true)` yields the confirmed segments in order: take this one's unit.
            let unit = if confirmed { by_source.next() } else { None };
            match (&s.memory, unit) {
                (Some(link), Some(u)) if link.target == s.target => {
                    let _ = u;
                }
                (Some(link), Some(u)) => {
                    work.remove.push((i, link.unit));
                    work.add.push((i, u));
                }
                (Some(link), None) => work.remove.push((i, link.unit)),
                (None, Some(u)) => work.add.push((i, u)),
                (None, None) => {}
            }
        }
        work
    }

    /// Does `work` on `memory` and records the links (not an undo step of its own: it follows the
    /// project's edits).
    pub fn apply_memory_work(
        &mut self,
        memory: &mut Memory,
        work: &MemoryWork,
    ) -> Result<MemorySync> {
        let mut done = MemorySync::default();
        for (i, unit) in &work.remove {
            if let Some(id) = unit {
                if memory.withdraw(*id)? {
                    done.removed += 1;
                }
            }
            if let Some(s) = self.segments.get_mut(*i) {
                s.memory = None;
            }
        }
        for (i, unit) in &work.add {
            let id = memory.add_one(unit, Origin::Translation)?;
            if id.is_some() {
                done.added += 1;
            }
            if let Some(s) = self.segments.get_mut(*i) {
                s.memory = Some(MemoryLink {
                    unit: id,
                    target: unit.target.text.trim().to_string(),
                });
            }
        }
        Ok(done)
    }

    /// Records links made by a copy of this project (a job worked on a clone): the segments whose
    /// source and target still match take the copy's links.
    pub fn take_links(&mut self, from: &TranslationProject) {
        for (mine, theirs) in self.segments.iter_mut().zip(&from.segments) {
            if mine.source == theirs.source && mine.memory != theirs.memory {
                mine.memory = theirs.memory.clone();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::tm::project::tests::project;
    use crate::tm::script::NoConversion;
    use crate::tm::store::Memory;

    #[test]
    fn confirming_adds_and_undoing_removes_the_unit() {
        let mut m = Memory::open_in_memory(Arc::new(NoConversion)).unwrap();
        let mut p = project();
        p.set_target(0, "Liangjiang is in Chongqing.").unwrap();
        assert!(p.memory_work().is_empty(), "a draft is not memory");
        p.confirm(0).unwrap();
        let work = p.memory_work();
        assert_eq!(work.add.len(), 1);
        let done = p.apply_memory_work(&mut m, &work).unwrap();
        assert_eq!((done.added, done.removed), (1, 0));
        assert_eq!(m.len().unwrap(), 1);
        assert!(p.memory_work().is_empty(), "already in");
        // Undo the confirmation: the unit comes out again.
        p.undo();
        let work = p.memory_work();
        assert_eq!(work.remove.len(), 1);
        p.apply_memory_work(&mut m, &work).unwrap();
        assert_eq!(m.len().unwrap(), 0);
        // Confirm, then change the confirmed text: the old unit goes, the new one comes.
        p.confirm(0).unwrap();
        p.apply_memory_work(&mut m, &p.memory_work()).unwrap();
        p.set_target(0, "Liangjiang lies in Chongqing.").unwrap();
        p.confirm(0).unwrap();
        let work = p.memory_work();
        assert_eq!((work.add.len(), work.remove.len()), (1, 1));
        p.apply_memory_work(&mut m, &work).unwrap();
        let units = m.units().unwrap();
        assert_eq!(units.len(), 1);
        assert_eq!(units[0].unit.target.text, "Liangjiang lies in Chongqing.");
    }

    #[test]
    fn a_pair_already_in_the_memory_is_not_taken_out() {
        let mut m = Memory::open_in_memory(Arc::new(NoConversion)).unwrap();
        let mut p = project();
        p.set_target(0, "Liangjiang is in Chongqing.").unwrap();
        p.confirm(0).unwrap();
        m.add(
            &p.units(true),
            crate::tm::store::Origin::TmxImport,
            &mut crate::NoProgress,
        )
        .unwrap();
        p.apply_memory_work(&mut m, &p.memory_work()).unwrap();
        assert_eq!(p.segments[0].memory.as_ref().unwrap().unit, None);
        p.undo();
        p.apply_memory_work(&mut m, &p.memory_work()).unwrap();
        assert_eq!(m.len().unwrap(), 1, "the imported unit stays");
    }
}
