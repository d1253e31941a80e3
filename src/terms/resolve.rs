//! Settling pairs that overlap, best first, so that each term is suggested once and in its right extent.
//!
//! - One English term, several Chinese: 两江 and 两江新区 both co-occur with "Liangjiang New Area"; a
//!   Chinese candidate that contains or is contained in the better one's is dropped.
//! - Pairs nested on both sides: 港区 ~ "Port Area" inside 保税港区 ~ "Bonded Port Area". The part is
//!   dropped when it is bound to the longer term (not free, [`super::candidates`]) and does not occur
//!   without it in `min_freq` beads (新能源汽车 ~ "new energy vehicles" stays next to 新能源汽车产量 ~
//!   "output of new energy vehicles"; 海关 ~ Customs next to 重庆海关 ~ "Chongqing Customs").
//!
//! Main function: [`resolve`].

use rustc_hash::FxHashMap;

use super::analysis::Analysis;
use super::pairing::Pair;

/// Beads of a pair looked at to find the pairs it overlaps (all overlapping pairs co-occur with it).
const BEADS_LOOKED_AT: usize = 16;

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
        let nested = |x: &str| x.contains(&zh) || zh.contains(x);
        if by_english
            .get(&p.en)
            .is_some_and(|ks| ks.iter().any(|&k| nested(&kept[k].zh)))
        {
            continue;
        }
        by_english.entry(p.en).or_default().push(kept.len());
        kept.push(Kept {
            zh,
            en: format!(" {} ", a.en_text(p.en).to_lowercase()),
            joint: a.joint(p.zh, p.en),
        });
        out.push(p);
    }
    // Parts of a pair on both sides, bound to it and seldom on their own.
    let of_zh: FxHashMap<u32, usize> = out.iter().enumerate().map(|(k, p)| (p.zh, k)).collect();
    let mut drop = vec![false; out.len()];
    for (k, p) in out.iter().enumerate() {
        let bound =
            a.zh_cands.freedom[p.zh as usize] < 1.0 || a.en_cands.freedom[p.en as usize] < 1.0;
        if !bound {
            continue;
        }
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
        drop[k] = near.iter().any(|&q| {
            let whole = &kept[q];
            if !(whole.zh.contains(&me.zh) && whole.en.contains(&me.en)) {
                return false;
            }
            let shared = me
                .joint
                .iter()
                .filter(|b| whole.joint.binary_search(b).is_ok())
                .count();
            me.joint.len() - shared < min_freq as usize
        });
    }
    let mut k = 0;
    out.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
    out
}
