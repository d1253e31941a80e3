//! [`Table`]: finds a string's id among [`Strings`] stored end to end, with an open-addressing hash
//! index built when the lexicon is loaded.
//!
//! The strings stay where they are (borrowed from the embedded lexicon, or the parser's pool), so
//! indexing 190,000 headwords allocates one array instead of one box per word; building it takes a few
//! milliseconds, less than reading a prebuilt index would save at the cost of binary size and of a hash
//! that would have to be the same on the build machine and the target.

use std::hash::BuildHasher;

use rustc_hash::FxBuildHasher;

use super::form::Strings;

/// Strings and a hash index over them: `get(s)` is the position of `s`.
#[derive(Clone, Default)]
pub(super) struct Table {
    strings: Strings<'static>,
    // Linear probing. A slot holds (high 32 bits of the hash) << 32 | (position + 1); 0 is free. The hash
    // bits let a probe skip most other strings without reading them.
    slots: Vec<u64>,
}

impl Table {
    /// Indexes `strings`; the first of equal strings wins (the parser never writes two).
    pub(super) fn new(strings: Strings<'static>) -> Self {
        // At most half full, so probes stay short; a power of two, so the slot is a mask away.
        let size = (strings.len() * 2).next_power_of_two().max(2);
        let mut slots = vec![0u64; size];
        let mask = size - 1;
        let bytes = &strings.pool[..];
        for i in 0..strings.len() {
            let h = FxBuildHasher.hash_one(&bytes[strings.range(i)]);
            let mut at = h as usize & mask;
            loop {
                let slot = slots[at];
                if slot == 0 {
                    slots[at] = (h & !0xFFFF_FFFF) | (i as u64 + 1);
                    break;
                }
                if slot >> 32 == h >> 32
                    && bytes[strings.range(slot_index(slot))] == bytes[strings.range(i)]
                {
                    break;
                }
                at = (at + 1) & mask;
            }
        }
        Table { strings, slots }
    }

    /// The position of `s`, if it is one of the strings.
    pub(super) fn get(&self, s: &str) -> Option<u32> {
        let s = s.as_bytes();
        let h = FxBuildHasher.hash_one(s);
        let mask = self.slots.len().checked_sub(1)?;
        let bytes = &self.strings.pool[..];
        let mut at = h as usize & mask;
        loop {
            let slot = self.slots[at];
            if slot == 0 {
                return None;
            }
            if slot >> 32 == h >> 32 {
                let i = slot_index(slot);
                if bytes.get(self.strings.range(i)) == Some(s) {
                    return Some(i as u32);
                }
            }
            at = (at + 1) & mask;
        }
    }

    /// String `i`.
    pub(super) fn str(&self, i: u32) -> &str {
        self.strings.get(i as usize)
    }

    /// Number of strings.
    pub(super) fn len(&self) -> usize {
        self.strings.len()
    }
}

fn slot_index(slot: u64) -> usize {
    (slot & 0xFFFF_FFFF) as usize - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_string_and_nothing_else() {
        let words = ["谈判", "談判", "王", "", "trade", "tra", "de"];
        let mut pool = String::new();
        let mut ends = Vec::new();
        for w in words {
            pool.push_str(w);
            ends.push(pool.len() as u32);
        }
        let table = Table::new(Strings {
            pool: pool.into_bytes().into(),
            ends,
        });
        for (i, w) in words.iter().enumerate() {
            assert_eq!(table.get(w), Some(i as u32), "{w}");
            assert_eq!(table.str(i as u32), *w);
        }
        for missing in ["谈", "trades", "王王", "d"] {
            assert_eq!(table.get(missing), None, "{missing}");
        }
        assert_eq!(Table::default().get("王"), None);
    }
}
