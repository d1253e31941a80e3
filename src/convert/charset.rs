//! Sets of chars tested once per char of a text: [`CharSet`], a bitmap over the Basic Multilingual
//! Plane with a hash set beyond it.

use super::trie::Trie;

/// A set of chars: a bitmap over the Basic Multilingual Plane, a hash set beyond it.
#[derive(Debug)]
pub(crate) struct CharSet {
    bmp: Box<[u64]>,
    astral: rustc_hash::FxHashSet<u32>,
}

impl CharSet {
    /// The chars that start a key of any of `tries`.
    pub(crate) fn roots_of<'a>(tries: impl IntoIterator<Item = &'a Trie>) -> CharSet {
        let mut set = CharSet {
            bmp: vec![0u64; 0x10000 / 64].into_boxed_slice(),
            astral: Default::default(),
        };
        for t in tries {
            for c in t.root_chars() {
                let c = c as u32;
                if c < 0x10000 {
                    set.bmp[(c >> 6) as usize] |= 1 << (c & 63);
                } else {
                    set.astral.insert(c);
                }
            }
        }
        set
    }

    /// Whether `c` is in the set.
    #[inline(always)]
    pub(crate) fn contains(&self, c: u32) -> bool {
        if c < 0x10000 {
            self.bmp[(c >> 6) as usize] & (1 << (c & 63)) != 0
        } else {
            self.astral.contains(&c)
        }
    }

    /// Whether any char of `s` is in the set.
    pub(crate) fn any_in(&self, s: &str) -> bool {
        s.chars().any(|c| self.contains(c as u32))
    }
}
