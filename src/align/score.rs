//! The combined bead score: bead-shape prior, Gale-Church length, lexical matches, punctuation and
//! paragraph boundaries, all in (roughly) log-probability units so they add up along a path.
//!
//! Lexical evidence is counted per sentence pair once ([`Pairs`]): which units of the Chinese sentence
//! the English sentence matches, and which units of the English sentence the Chinese one matches, as
//! bit masks. A bead's lexical score is then a few ORs and popcounts: every unit is counted once per
//! bead, whichever sentence of the other side it matched.

use std::ops::Range;

use super::features::Side;
use super::weights::{MAX_SPAN, Weights};

/// Bead shapes the aligner considers: (Chinese sentences, English sentences).
pub const SHAPES: [(usize, usize); 11] = [
    (1, 1),
    (1, 2),
    (2, 1),
    (1, 3),
    (3, 1),
    (2, 2),
    (1, 4),
    (2, 3),
    (3, 2),
    (1, 0),
    (0, 1),
];

/// Prior probability of each shape in [`SHAPES`]: Chinese sentences are long and often become two or
/// three English ones, the reverse is rarer, and sentences without a counterpart are rare.
const DEFAULT_PRIOR: [f32; 11] = [
    0.64, 0.15, 0.06, 0.05, 0.01, 0.03, 0.02, 0.015, 0.005, 0.01, 0.01,
];

/// Parameters of the score, estimated per document.
#[derive(Debug, Clone)]
pub struct Model {
    /// English characters per Chinese character.
    pub ratio: f32,
    /// Variance of the length difference per English-scaled character (Gale-Church's s²).
    pub var: f32,
    /// ln prior per shape.
    pub log_prior: [f32; 11],
    /// Weight of the lexical log-likelihood ratios (below 1: units are not independent evidence).
    pub lex_weight: f32,
    /// Share of Chinese units matched in a true bead (the dictionary's coverage of this translation).
    pub match_zh: f32,
    /// Share of English units matched in a true bead.
    pub match_en: f32,
    /// Cost of leaving sentences unpaired (on top of the shape prior).
    pub null_cost: f32,
    /// Cost of each unmatched `?` or `!` and of quotation marks on one side only.
    pub punct_weight: f32,
    /// Cost of a bead that runs across a paragraph boundary.
    pub paragraph_cost: f32,
}

impl Model {
    /// The first-pass model for two sides: the length ratio from their totals, default priors.
    pub fn initial(zh: &Side, en: &Side) -> Self {
        let lz: f32 = zh.len.iter().sum();
        let le: f32 = en.len.iter().sum();
        let ratio = if lz > 0.0 && le > 0.0 { le / lz } else { 4.0 };
        Self {
            ratio,
            var: 4.0 * ratio,
            log_prior: DEFAULT_PRIOR.map(f32::ln),
            lex_weight: 0.5,
            match_zh: 0.3,
            match_en: 0.3,
            null_cost: 3.0,
            punct_weight: 1.0,
            paragraph_cost: 3.0,
        }
    }

    /// Estimates the match rates from a first-pass path (shrunk towards the defaults).
    pub fn estimate_match(
        &mut self,
        zh: &Side,
        en: &Side,
        pairs: &Pairs,
        path: &[(Range<usize>, Range<usize>)],
    ) {
        let (mut mz, mut me, mut tz, mut te) = (0f32, 0f32, 0f32, 0f32);
        for (z, e) in path.iter().filter(|(z, e)| !z.is_empty() && !e.is_empty()) {
            pairs.for_masks(zh, en, z, e, |is_zh, _, m| {
                if is_zh {
                    mz += m.count_ones() as f32
                } else {
                    me += m.count_ones() as f32
                }
            });
            tz += z.clone().map(|i| zh.units(i) as f32).sum::<f32>();
            te += e.clone().map(|j| en.units(j) as f32).sum::<f32>();
        }
        const PSEUDO: f32 = 100.0;
        self.match_zh = (mz + PSEUDO * self.match_zh) / (tz + PSEUDO);
        self.match_en = (me + PSEUDO * self.match_en) / (te + PSEUDO);
    }

    /// Re-estimates the length variance and the shape priors from a first-pass path, shrunk towards the
    /// defaults so that a short document cannot push them to extremes.
    pub fn refine(&mut self, zh: &Side, en: &Side, path: &[(Range<usize>, Range<usize>)]) {
        let mut counts = [0f32; 11];
        let (mut sum, mut n) = (0f32, 0f32);
        for (z, e) in path {
            if let Some(s) = SHAPES.iter().position(|&s| s == (z.len(), e.len())) {
                counts[s] += 1.0;
            }
            if !z.is_empty() && !e.is_empty() {
                let lz: f32 = zh.len[z.clone()].iter().sum();
                let le: f32 = en.len[e.clone()].iter().sum();
                let mean = (self.ratio * lz + le) / 2.0;
                if mean > 0.0 {
                    sum += (le - self.ratio * lz).powi(2) / mean;
                    n += 1.0;
                }
            }
        }
        const PSEUDO: f32 = 50.0;
        if n > 0.0 {
            self.var = (sum + PSEUDO * self.var) / (n + PSEUDO);
        }
        let total: f32 = counts.iter().sum();
        for s in 0..SHAPES.len() {
            let p = (counts[s] + PSEUDO * DEFAULT_PRIOR[s]) / (total + PSEUDO);
            self.log_prior[s] = p.ln();
        }
    }
}

/// Per-sentence prefix sums of lengths and punctuation, so a bead's totals are O(1).
pub struct Prefix {
    len: Vec<f32>,
    units: Vec<u32>,
    question: Vec<i32>,
    exclaim: Vec<i32>,
    quote: Vec<i32>,
    paragraph: Vec<bool>,
}

impl Prefix {
    /// Prefix sums of a side; `paragraphs` lists the sentences that start a paragraph.
    pub fn new(side: &Side, paragraphs: &[usize]) -> Self {
        let n = side.n();
        let mut p = Prefix {
            len: vec![0.0; n + 1],
            units: vec![0; n + 1],
            question: vec![0; n + 1],
            exclaim: vec![0; n + 1],
            quote: vec![0; n + 1],
            paragraph: vec![false; n + 1],
        };
        for s in 0..n {
            p.len[s + 1] = p.len[s] + side.len[s];
            p.units[s + 1] = p.units[s] + side.units(s) as u32;
            p.question[s + 1] = p.question[s] + side.punct[s].question as i32;
            p.exclaim[s + 1] = p.exclaim[s] + side.punct[s].exclaim as i32;
            p.quote[s + 1] = p.quote[s] + side.punct[s].quote as i32;
        }
        for &s in paragraphs {
            if s < n {
                p.paragraph[s] = true;
            }
        }
        p
    }

    fn crosses_paragraph(&self, r: &Range<usize>) -> bool {
        (r.start + 1..r.end).any(|s| self.paragraph[s])
    }
}

/// Lexical match masks for the sentence pairs near the path.
pub struct Pairs {
    lo: Vec<usize>,
    hi: Vec<usize>,
    off: Vec<usize>,
    masks: Vec<(u128, u128)>,
}

impl Pairs {
    /// Masks for Chinese sentence `i` against English sentences `rows[i]` (a range per Chinese sentence).
    pub fn build(zh: &Side, en: &Side, rows: &[Range<usize>], nkeys: usize) -> Self {
        let mut zmark = vec![0u32; nkeys];
        let mut emark = vec![0u32; nkeys];
        let mut epoch = 0u32;
        let mut p = Pairs {
            lo: Vec::with_capacity(rows.len()),
            hi: Vec::with_capacity(rows.len()),
            off: Vec::with_capacity(rows.len() + 1),
            masks: Vec::new(),
        };
        p.off.push(0);
        for (i, r) in rows.iter().enumerate() {
            for &k in zh.key_set(i) {
                zmark[k as usize] = i as u32 + 1;
            }
            for j in r.clone() {
                epoch += 1;
                for &k in en.key_set(j) {
                    emark[k as usize] = epoch;
                }
                let zm = mask(zh, i, |k| emark[k as usize] == epoch);
                let em = mask(en, j, |k| zmark[k as usize] == i as u32 + 1);
                p.masks.push((zm, em));
            }
            p.lo.push(r.start);
            p.hi.push(r.end);
            p.off.push(p.masks.len());
        }
        p
    }

    /// The masks of pair (i, j): units of Chinese `i` matched by English `j`, and the reverse.
    fn get(&self, zh: &Side, en: &Side, i: usize, j: usize) -> (u128, u128) {
        if i < self.lo.len() && j >= self.lo[i] && j < self.hi[i] {
            return self.masks[self.off[i] + j - self.lo[i]];
        }
        // Outside the precomputed rows (rare: confidence looks at alternatives off the band).
        pair_masks(zh, en, i, j)
    }

    /// The lexical log-likelihood ratio of a bead.
    pub fn llr(
        &self,
        zh: &Side,
        en: &Side,
        wz: &Weights,
        we: &Weights,
        z: &Range<usize>,
        e: &Range<usize>,
    ) -> f32 {
        let mut total = 0.0;
        self.for_masks(zh, en, z, e, |is_zh, s, m| {
            total += if is_zh {
                wz.score(zh, s, e.len(), m)
            } else {
                we.score(en, s, z.len(), m)
            }
        });
        total
    }

    /// Calls `f(is_zh, sentence, mask)` for every sentence of a bead with the units the other side
    /// matched.
    pub fn for_masks(
        &self,
        zh: &Side,
        en: &Side,
        z: &Range<usize>,
        e: &Range<usize>,
        mut f: impl FnMut(bool, usize, u128),
    ) {
        if z.is_empty() || e.is_empty() {
            return;
        }
        let mut em = [0u128; MAX_SPAN];
        for i in z.clone() {
            let mut zm = 0u128;
            for (n, j) in e.clone().enumerate() {
                let (a, b) = self.get(zh, en, i, j);
                zm |= a;
                em[n.min(MAX_SPAN - 1)] |= b;
            }
            f(true, i, zm);
        }
        for (n, j) in e.clone().enumerate().take(MAX_SPAN) {
            f(false, j, em[n]);
        }
    }
}

/// The masks of one pair, computed directly.
fn pair_masks(zh: &Side, en: &Side, i: usize, j: usize) -> (u128, u128) {
    let zm = mask(zh, i, |k| en.key_set(j).binary_search(&k).is_ok());
    let em = mask(en, j, |k| zh.key_set(i).binary_search(&k).is_ok());
    (zm, em)
}

fn mask(side: &Side, s: usize, hit: impl Fn(u32) -> bool) -> u128 {
    let mut m = 0u128;
    for u in 0..side.units(s) {
        if side.unit_keys(s, u).iter().any(|&k| hit(k)) {
            m |= 1u128 << u;
        }
    }
    m
}

/// Everything a bead score needs, borrowed.
pub struct Scorer<'a> {
    pub model: &'a Model,
    pub zh: &'a Side,
    pub en: &'a Side,
    pub zp: &'a Prefix,
    pub ep: &'a Prefix,
    pub pairs: &'a Pairs,
    pub wz: &'a Weights,
    pub we: &'a Weights,
}

impl Scorer<'_> {
    /// The score of a bead of shape `SHAPES[shape]` (higher is better).
    pub fn bead(&self, shape: usize, z: &Range<usize>, e: &Range<usize>) -> f32 {
        self.bead_with_prior(self.model.log_prior[shape], z, e)
    }

    /// The score of a bead of any shape: hand edits make shapes the aligner never proposes (a 5-2 after
    /// merges), which get the prior of the rarest shape it does propose.
    pub fn bead_any(&self, z: &Range<usize>, e: &Range<usize>) -> f32 {
        let m = self.model;
        let prior = match SHAPES.iter().position(|&s| s == (z.len(), e.len())) {
            Some(s) => m.log_prior[s],
            None => m.log_prior.iter().copied().fold(f32::INFINITY, f32::min),
        };
        self.bead_with_prior(prior, z, e)
    }

    /// How well the two sides of a bead correspond, without the shape prior and paragraph cost: length,
    /// lexical evidence and punctuation (0 for a bead with an empty side, which pairs nothing).
    pub fn pair_evidence(&self, z: &Range<usize>, e: &Range<usize>) -> f32 {
        if z.is_empty() || e.is_empty() {
            return 0.0;
        }
        self.pair_terms(0.0, z, e)
    }

    fn bead_with_prior(&self, log_prior: f32, z: &Range<usize>, e: &Range<usize>) -> f32 {
        let m = self.model;
        let mut score = log_prior;
        if z.is_empty() || e.is_empty() {
            score -= m.null_cost;
        } else {
            score = self.pair_terms(score, z, e);
        }
        if self.zp.crosses_paragraph(z) || self.ep.crosses_paragraph(e) {
            score -= m.paragraph_cost;
        }
        score
    }

    /// `score` plus the terms of a bead with both sides, added in one fixed order (the aligner's path
    /// depends on the exact sums).
    fn pair_terms(&self, mut score: f32, z: &Range<usize>, e: &Range<usize>) -> f32 {
        let m = self.model;
        let lz = self.zp.len[z.end] - self.zp.len[z.start];
        let le = self.ep.len[e.end] - self.ep.len[e.start];
        score += length_log_prob(lz * m.ratio, le, m.var);
        score += m.lex_weight * self.pairs.llr(self.zh, self.en, self.wz, self.we, z, e);
        let dq = (self.zp.question[z.end] - self.zp.question[z.start])
            - (self.ep.question[e.end] - self.ep.question[e.start]);
        let dx = (self.zp.exclaim[z.end] - self.zp.exclaim[z.start])
            - (self.ep.exclaim[e.end] - self.ep.exclaim[e.start]);
        let qz = self.zp.quote[z.end] > self.zp.quote[z.start];
        let qe = self.ep.quote[e.end] > self.ep.quote[e.start];
        score -= m.punct_weight * (dq.abs() + dx.abs() + (qz != qe) as i32) as f32;
        score
    }
}

/// Gale-Church: ln P(|δ|) for a length pair, δ = (le − c·lz) / √(s²·mean), with both lengths in English
/// characters (`lz_scaled` = c·lz).
pub fn length_log_prob(lz_scaled: f32, le: f32, var: f32) -> f32 {
    let mean = ((lz_scaled + le) / 2.0).max(1.0);
    let delta = ((le - lz_scaled) / (var * mean).sqrt()).abs();
    ln_erfc(delta / std::f32::consts::SQRT_2)
}

/// ln erfc(x) for x ≥ 0, without underflow (Numerical Recipes' erfcc, relative error < 1.2e-7).
fn ln_erfc(x: f32) -> f32 {
    let x = x as f64;
    let t = 1.0 / (1.0 + 0.5 * x);
    let poly = -x * x - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    (t.ln() + poly) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erfc_log_matches_known_values() {
        for (x, want) in [
            (0.0f32, 0.0f64),
            (1.0, 0.157_299_2f64.ln()),
            (3.0, 2.209_05e-5f64.ln()),
        ] {
            assert!((ln_erfc(x) as f64 - want).abs() < 1e-4, "{x}");
        }
        assert!(ln_erfc(30.0).is_finite() && ln_erfc(30.0) < -800.0);
    }

    #[test]
    fn length_prefers_proportional_pairs() {
        let good = length_log_prob(100.0, 105.0, 16.0);
        let bad = length_log_prob(100.0, 40.0, 16.0);
        assert!(good > -0.2 && bad < good - 2.0, "{good} {bad}");
    }

    #[test]
    fn priors_are_probabilities() {
        let sum: f32 = DEFAULT_PRIOR.iter().sum();
        assert!((sum - 1.0).abs() < 1e-4, "{sum}");
    }
}
