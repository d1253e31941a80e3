//! An alignment into the translation memory: the GUI's "Add accepted beads to memory", and the CLI's.
//!
//! [`add_to_memory`] stores the beads [`UnitOptions`] selects as units of [`Origin::Alignment`], with the
//! file names and dates as properties, so the memory can later say where a match came from.

use super::units::{UnitOptions, translation_units};
use crate::align::Alignment;
use crate::tm::{AddSummary, Memory, Origin, Timestamp};
use crate::{Progress, Result};

/// Adds the alignment's beads (only accepted ones with [`UnitOptions::accepted_only`]) to `memory` as
/// Chinese → English units. Beads already in the memory are counted as duplicates, not stored twice;
/// `progress` may cancel ([`crate::Error::Cancelled`]; batches already stored stay).
pub fn add_to_memory(
    memory: &mut Memory,
    alignment: &Alignment,
    opts: &UnitOptions,
    progress: &mut dyn Progress,
) -> Result<AddSummary> {
    let mut opts = opts.clone();
    opts.created.get_or_insert_with(Timestamp::now);
    let units = translation_units(alignment, &opts);
    memory.add(&units, Origin::Alignment, progress)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::NoProgress;
    use crate::align::Bead;
    use crate::tm::unit::PROP_SOURCE_FILE;
    use crate::tm::{LangTag, MatchOptions, NoConversion};

    #[test]
    fn accepted_beads_go_in_once_with_their_files() {
        let mut b1 = Bead::new(0..1, 0..1, 0.95);
        b1.accepted = true;
        let a = Alignment {
            zh: vec!["两江新区吸引外资。".into(), "出口增长了百分之五。".into()],
            en: vec![
                "Liangjiang New Area attracts foreign investment.".into(),
                "Exports grew by five percent.".into(),
            ],
            beads: vec![b1, Bead::new(1..2, 1..2, 0.4)],
        };
        let mut mem = Memory::open_in_memory(Arc::new(NoConversion)).unwrap();
        let opts = UnitOptions {
            accepted_only: true,
            zh_file: Some("两江.txt".into()),
            en_file: Some("liangjiang.txt".into()),
            ..UnitOptions::default()
        };
        let s = add_to_memory(&mut mem, &a, &opts, &mut NoProgress).unwrap();
        assert_eq!((s.added, s.duplicates), (1, 0));
        let units = mem.units().unwrap();
        assert_eq!(units.len(), 1);
        assert_eq!(units[0].origin, Origin::Alignment);
        assert_eq!(units[0].unit.source.text, "两江新区吸引外资。");
        assert_eq!(units[0].unit.prop(PROP_SOURCE_FILE), Some("两江.txt"));

        // Again with every bead: the accepted one is a duplicate, the other is new.
        let all = UnitOptions {
            accepted_only: false,
            ..opts
        };
        let s = add_to_memory(&mut mem, &a, &all, &mut NoProgress).unwrap();
        assert_eq!((s.added, s.duplicates), (1, 1));
        let hits = mem
            .matches(
                "出口增长了百分之五。",
                &LangTag::zh_simplified(),
                &LangTag::en(),
                &MatchOptions::default(),
            )
            .unwrap();
        assert!(hits[0].exact);
        assert_eq!(hits[0].target, "Exports grew by five percent.");
        assert_eq!(hits[0].origin, Origin::Alignment);
    }
}
