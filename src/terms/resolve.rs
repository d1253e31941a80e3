//! Settling pairs that overlap, best first, so that each term is suggested once and in its right extent.
//!
//! - One English term, several Chinese: 两江 and 两江新区 both co-occur with "Liangjiang New Area"; a
//!   Chinese candidate that contains or is contained in the better one's is dropped.
//!   Another Chinese term for the same English must also occur without the better one in `min_freq`
//!   beads.
//! - Pairs nested on both sides: 港区 ~ "Port Area" inside 保税港区 ~ "Bonded Port Area". The part is
//!   dropped when it is bound to the longer term (not free, [`super::candidates`]) and does not occur
//!   without it in `min_freq` beads (新能源汽车 ~ "new energy vehicles" stays next to 新能源汽车产量 ~
//!   "output of new energy vehicles"; 海关 ~ Customs next to 重庆海关 ~ "Chongqing Customs"). The whole
//!   is dropped when the part is a better pair that stands free (吴佩珍自然 ~ "Wu Peizhen naturally").
//!
//! Main function: [`resolve`].

use rustc_hash::FxHashMap;

use super::analysis::Analysis;
use super::pairing::Pair;

/// Beads of a pair looked at to find the pairs it overlaps (all overlapping pairs co-occur with it).
const BEADS_LOOKED_AT: usize = 16;

/// A part at least this free is a term of its own; a pair made of it and a word around it is the term
/// in context, not a longer term (重庆海关 stays next to 海关: 海关 is often 重庆海关).
const WHOLE_TERM_FREEDOM: f32 = 0.9;

/// How many of the beads `mine` are not among `theirs` (both ascending).
fn alone(mine: &[u32], theirs: &[u32]) -> usize {
    mine.iter()
        .filter(|b| theirs.binary_search(b).is_err())
        .count()
}

/// A pair kept so far, with what later pairs are compared on.
struct Kept {
    zh: String,
    /// Lower case, padded with spaces, for word-boundary containment.
    en: String,
    joint: Vec<u32>,
}

/// Ranks pairs (score, then the shorter Chinese) and drops the overlapping ones (module documentation).
pub fn resolve(a: &Analysis<'_>, mut pairs: Vec<Pair>, min_freq: u32) -> Vec<Pair> {
    pairs.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then(a.zh_cands.size[x.zh as usize].cmp(&a.zh_cands.size[y.zh as usize]))
            .then(x.zh.cmp(&y.zh))
    });
    // One English term, several Chinese: the best, and those not nested in it.
    let mut kept: Vec<Kept> = Vec::new();
    let mut by_english: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
    let mut out = Vec::with_capacity(pairs.len());
    for p in pairs {
        let zh = a.zh_text(p.zh);
        let joint = a.joint(p.zh, p.en);
        let nested = |x: &str| x.contains(&zh) || zh.contains(x);
        // Another Chinese term for the same English (an abbreviation, a synonym) must occur without
        // the better one often enough: 短短短短短 and 短短长长长 do not both translate one word.
        let taken = |k: &usize| {
            let q = &kept[*k];
            nested(&q.zh) || alone(&joint, &q.joint) < min_freq as usize
        };
        if by_english.get(&p.en).is_some_and(|ks| ks.iter().any(taken)) {
            continue;
        }
        by_english.entry(p.en).or_default().push(kept.len());
        kept.push(Kept {
            zh,
            en: format!(" {} ", a.en_text(p.en).to_lowercase()),
            joint,
        });
        out.push(p);
    }
    // Pairs nested on both sides in another: a part bound to the whole and seldom on its own goes; so
    // does a whole that is a free-standing better pair with a word around it.
    let of_zh: FxHashMap<u32, usize> = out.iter().enumerate().map(|(k, p)| (p.zh, k)).collect();
    let free = |p: &Pair| {
        let (z, e) = (p.zh as usize, p.en as usize);
        (a.zh_cands.freedom[z], a.en_cands.freedom[e])
    };
    let mut drop = vec![false; out.len()];
    for (k, p) in out.iter().enumerate() {
        let me = &kept[k];
        let mut near: Vec<usize> = me
            .joint
            .iter()
            .take(BEADS_LOOKED_AT)
            .flat_map(|&b| a.zh_cands.of_bead(b as usize))
            .filter_map(|z| of_zh.get(z).copied())
            .filter(|&q| q != k)
            .collect();
        near.sort_unstable();
        near.dedup();
        let (zf, ef) = free(p);
        drop[k] = near.iter().any(|&q| {
            let other = &kept[q];
            if other.zh.contains(&me.zh) && other.en.contains(&me.en) {
                // A part: 港区 ~ "Port Area" in 保税港区 ~ "Bonded Port Area".
                (zf < 1.0 || ef < 1.0) && alone(&me.joint, &other.joint) < min_freq as usize
            } else if me.zh.contains(&other.zh) && me.en.contains(&other.en) {
                // A whole around a better pair that stands free: 吴佩珍自然 ~ "Wu Peizhen naturally".
                let (qf, qe) = free(&out[q]);
                out[q].score >= p.score && qf >= WHOLE_TERM_FREEDOM && qe >= WHOLE_TERM_FREEDOM
            } else {
                false
            }
        });
    }
    let mut k = 0;
    out.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
    out
}
