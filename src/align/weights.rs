//! What a lexical match is worth: a log-likelihood ratio per unit, from how often the unit would be
//! matched by chance.
//!
//! A unit whose keys occur in a share `d` of the other side's sentences is matched by `k` unrelated
//! sentences with probability q = 1 − (1 − d)^k, and by its true translation with probability p (the
//! document's match rate). A matched unit then adds ln(p / q) to the bead, an unmatched one
//! ln((1 − p) / (1 − q)). Rare words and names count for much, common words for little, and a bead that
//! grows picks up chance matches at their expected rate, so merging sentences wins only on real evidence.

use super::features::Side;

/// Beads use up to this many sentences of one side (the widest shape, 1-4).
pub const MAX_SPAN: usize = 4;

/// Per-unit weights of one side, for beads whose other side has 1..=MAX_SPAN sentences.
#[derive(Debug, Default)]
pub struct Weights {
    // bonus[k-1][unit]: ln(p/q) − ln((1−p)/(1−q)), added when the unit is matched.
    bonus: Vec<Vec<f32>>,
    // base[k-1][sentence]: Σ over the sentence's units of ln((1−p)/(1−q)).
    base: Vec<Vec<f32>>,
}

impl Weights {
    /// Weights for the units of `side` as matched against `other`, with match rate `p`.
    pub fn new(side: &Side, other: &Side, nkeys: usize, p: f32) -> Self {
        let mut df = vec![0u32; nkeys];
        for s in 0..other.n() {
            for &k in other.key_set(s) {
                df[k as usize] += 1;
            }
        }
        Self::from_df(side, |k| df[k as usize], other.n(), p)
    }

    /// Weights for the units of `side` when `df(key)` of the other side's `n_other` sentences hold the
    /// key (the re-scorer knows the whole document's counts but builds sides of a few sentences).
    pub fn from_df(side: &Side, df: impl Fn(u32) -> u32, n_other: usize, p: f32) -> Self {
        let n = n_other.max(1) as f32;
        let p = p.clamp(0.05, 0.95);
        let mut w = Weights {
            bonus: vec![vec![0.0; side.total_units()]; MAX_SPAN],
            base: vec![vec![0.0; side.n()]; MAX_SPAN],
        };
        for s in 0..side.n() {
            for u in 0..side.units(s) {
                let count: u32 = side.unit_keys(s, u).iter().map(|&k| df(k)).sum();
                // Smoothed share of the other side's sentences that match this unit.
                let d = ((count as f32 + 0.5) / (n + 1.0)).min(0.9);
                for k in 1..=MAX_SPAN {
                    let q = (1.0 - (1.0 - d).powi(k as i32)).clamp(1e-4, 0.99);
                    let pk = p.max(q);
                    let hit = (pk / q).ln();
                    let miss = ((1.0 - pk) / (1.0 - q)).ln();
                    w.bonus[k - 1][side.first_unit(s) + u] = hit - miss;
                    w.base[k - 1][s] += miss;
                }
            }
        }
        w
    }

    /// The lexical score of sentence `s` when its units matched by the bead's other side (of `k`
    /// sentences) are the set bits of `mask`.
    pub fn score(&self, side: &Side, s: usize, k: usize, mut mask: u128) -> f32 {
        let k = k.clamp(1, MAX_SPAN) - 1;
        let bonus = &self.bonus[k][side.first_unit(s)..];
        let mut total = self.base[k][s];
        while mask != 0 {
            let bit = mask.trailing_zeros() as usize;
            total += bonus[bit];
            mask &= mask - 1;
        }
        total
    }
}
