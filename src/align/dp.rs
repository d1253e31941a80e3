//! Dynamic programming over bead shapes inside a band, and bead confidence from local alternatives.
//!
//! A cell (a, b) is "the first a Chinese and b English sentences are aligned". The band gives, for every
//! a, the range of b the path may pass through, so the cost grows with length × band width instead of
//! length². Cancellation is checked once per Chinese sentence.

use std::ops::Range;

use super::score::{SHAPES, Scorer};
use crate::{Error, Progress, Result};

/// For each a in 0..=nz, the inclusive range lo[a]..=hi[a] of b the path may visit.
#[derive(Debug, Clone)]
pub struct Band {
    pub lo: Vec<usize>,
    pub hi: Vec<usize>,
}

impl Band {
    /// The whole matrix.
    pub fn full(nz: usize, ne: usize) -> Self {
        Band {
            lo: vec![0; nz + 1],
            hi: vec![ne; nz + 1],
        }
    }

    /// A band of half-width `width` around a centre line (`centre[a]` is the expected b at a), made
    /// monotone so every cell can be reached and the corner (nz, ne) is inside.
    pub fn around(centre: &[f32], width: &[f32], ne: usize) -> Self {
        let nz = centre.len() - 1;
        let mut lo: Vec<usize> = (0..=nz)
            .map(|a| (centre[a] - width[a]).floor().clamp(0.0, ne as f32) as usize)
            .collect();
        let mut hi: Vec<usize> = (0..=nz)
            .map(|a| (centre[a] + width[a]).ceil().clamp(0.0, ne as f32) as usize)
            .collect();
        lo[0] = 0;
        hi[nz] = ne;
        for a in 1..=nz {
            lo[a] = lo[a].max(lo[a - 1]);
        }
        for a in (0..nz).rev() {
            hi[a] = hi[a].min(hi[a + 1]);
        }
        for a in 0..=nz {
            // Keep each row non-empty and connected to the previous one.
            if a > 0 {
                lo[a] = lo[a].min(hi[a - 1] + 1).min(ne);
            }
            hi[a] = hi[a].max(lo[a]);
        }
        Band { lo, hi }
    }

    /// A band of half-width `width` sentences around a path.
    pub fn around_path(
        path: &[(Range<usize>, Range<usize>)],
        nz: usize,
        ne: usize,
        width: f32,
    ) -> Self {
        let mut centre = vec![0f32; nz + 1];
        let mut seen = vec![false; nz + 1];
        for (z, e) in path {
            // A bead of several Chinese sentences moves b evenly through them.
            let steps = z.len().max(1) as f32;
            for (k, a) in (z.start..=z.end).enumerate() {
                if a <= nz && !seen[a] {
                    centre[a] = e.start as f32 + (e.len() as f32) * k as f32 / steps;
                    seen[a] = true;
                }
            }
        }
        Band::around(&centre, &vec![width; nz + 1], ne)
    }

    /// The English sentences that beads ending in row a+1..=a+3 may use with Chinese sentence a.
    pub fn pair_rows(&self, ne: usize) -> Vec<Range<usize>> {
        let nz = self.lo.len() - 1;
        (0..nz)
            .map(|i| {
                let lo = self.lo[i + 1].saturating_sub(4);
                let hi = self.hi[(i + 3).min(nz)].min(ne);
                lo..hi.max(lo)
            })
            .collect()
    }
}

/// The best path through the band: beads as (Chinese range, English range).
pub fn best_path(
    sc: &Scorer<'_>,
    band: &Band,
    progress: &mut dyn Progress,
) -> Result<Vec<(Range<usize>, Range<usize>)>> {
    let nz = band.lo.len() - 1;
    let mut off = Vec::with_capacity(nz + 2);
    off.push(0usize);
    for a in 0..=nz {
        off.push(off[a] + band.hi[a] - band.lo[a] + 1);
    }
    let mut best = vec![f32::NEG_INFINITY; off[nz + 1]];
    let mut back = vec![u8::MAX; off[nz + 1]];
    best[0] = 0.0;
    for a in 0..=nz {
        for b in band.lo[a]..=band.hi[a] {
            let cell = off[a] + b - band.lo[a];
            for (s, &(p, q)) in SHAPES.iter().enumerate() {
                if p > a || q > b {
                    continue;
                }
                let (pa, pb) = (a - p, b - q);
                if pb < band.lo[pa] || pb > band.hi[pa] {
                    continue;
                }
                let prev = best[off[pa] + pb - band.lo[pa]];
                if prev == f32::NEG_INFINITY {
                    continue;
                }
                let v = prev + sc.bead(s, &(pa..a), &(pb..b));
                if v > best[cell] {
                    best[cell] = v;
                    back[cell] = s as u8;
                }
            }
        }
        if a > 0 && !progress.advance(1) {
            return Err(Error::Cancelled);
        }
    }
    let ne = band.hi[nz];
    let mut path = Vec::new();
    let (mut a, mut b) = (nz, ne);
    while a > 0 || b > 0 {
        let s = back[off[a] + b - band.lo[a]];
        let Some(&(p, q)) = SHAPES.get(s as usize) else {
            return Err(Error::Invalid(
                "alignment found no path through the band".into(),
            ));
        };
        path.push((a - p..a, b - q..b));
        a -= p;
        b -= q;
    }
    path.reverse();
    Ok(path)
}

/// Confidence of each bead: how much better the chosen beads are than the best other way of aligning
/// the same sentences (the bead and its two neighbours), turned into 0–1 by a logistic curve: 0 means
/// an alternative is as good, 1 that none comes close.
pub fn confidences(sc: &Scorer<'_>, path: &[(Range<usize>, Range<usize>)]) -> Vec<f32> {
    let scores: Vec<f32> = path
        .iter()
        .map(|(z, e)| {
            let s = SHAPES
                .iter()
                .position(|&s| s == (z.len(), e.len()))
                .unwrap_or(0);
            sc.bead(s, z, e)
        })
        .collect();
    (0..path.len())
        .map(|k| {
            let first = k.saturating_sub(1);
            let last = (k + 1).min(path.len() - 1);
            let z0 = path[first].0.start;
            let e0 = path[first].1.start;
            let z1 = path[last].0.end;
            let e1 = path[last].1.end;
            let chosen: f32 = scores[first..=last].iter().sum();
            let alt = best_avoiding(sc, z0..z1, e0..e1, &path[k]);
            let margin = (chosen - alt).max(0.0);
            // σ(margin) is the odds of the chosen beads against the alternative; rescale 0.5–1 to 0–1.
            let p = 1.0 / (1.0 + (-margin / CONFIDENCE_SCALE).exp());
            (2.0 * p - 1.0).clamp(0.0, 1.0)
        })
        .collect()
}

/// Score units per unit of logistic slope in [`confidences`].
const CONFIDENCE_SCALE: f32 = 2.0;

/// The best score of a path from (z.start, e.start) to (z.end, e.end) that does not use `avoid`.
fn best_avoiding(
    sc: &Scorer<'_>,
    z: Range<usize>,
    e: Range<usize>,
    avoid: &(Range<usize>, Range<usize>),
) -> f32 {
    let (nz, ne) = (z.len(), e.len());
    let w = ne + 1;
    let mut best = vec![f32::NEG_INFINITY; (nz + 1) * w];
    best[0] = 0.0;
    for a in 0..=nz {
        for b in 0..=ne {
            for (s, &(p, q)) in SHAPES.iter().enumerate() {
                if p > a || q > b {
                    continue;
                }
                let prev = best[(a - p) * w + b - q];
                if prev == f32::NEG_INFINITY {
                    continue;
                }
                let zr = z.start + a - p..z.start + a;
                let er = e.start + b - q..e.start + b;
                if zr == avoid.0 && er == avoid.1 {
                    continue;
                }
                let v = prev + sc.bead(s, &zr, &er);
                if v > best[a * w + b] {
                    best[a * w + b] = v;
                }
            }
        }
    }
    best[nz * w + ne]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn band_is_monotone_and_reaches_corners() {
        let centre = [0.0, 5.0, 3.0, 9.0, 10.0];
        let band = Band::around(&centre, &[1.0; 5], 10);
        assert_eq!(band.lo[0], 0);
        assert_eq!(band.hi[4], 10);
        for a in 1..5 {
            assert!(band.lo[a] >= band.lo[a - 1] && band.hi[a] >= band.hi[a - 1]);
            assert!(band.lo[a] <= band.hi[a - 1] + 1, "rows connect");
        }
    }

    #[test]
    fn band_around_path_contains_it() {
        let path = vec![(0..1, 0..2), (1..3, 2..3), (3..4, 3..3), (4..5, 3..6)];
        let band = Band::around_path(&path, 5, 6, 1.0);
        for (z, e) in &path {
            assert!(
                band.lo[z.end] <= e.end && e.end <= band.hi[z.end],
                "{z:?} {e:?} {band:?}"
            );
        }
    }
}
