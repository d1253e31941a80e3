//! Anchors for long documents: sentence pairs that share rare evidence (names, numbers, uncommon
//! words), chained in order, give the first pass a band that follows the real diagonal even where the
//! translator's length ratio changes — a length-only diagonal drifts off it on long input.

use rustc_hash::FxHashMap;

use super::dp::Band;
use super::features::Side;

/// Keys found in more English sentences than this share of them (and never more than 200) are too
/// common to anchor on.
const MAX_DF_SHARE: f32 = 0.01;

/// A band for the first pass over long documents: around a chain of anchors, widening with the
/// distance from the nearest anchor.
pub fn band(zh: &Side, en: &Side, base_width: f32) -> Band {
    let (nz, ne) = (zh.n(), en.n());
    let anchors = chain(&candidates(zh, en));
    let anchors = drop_outliers(anchors, nz, ne);
    // Points the centre line passes through: the corners and every anchor (between its sentences).
    let mut points: Vec<(f32, f32)> = vec![(0.0, 0.0)];
    points.extend(
        anchors
            .iter()
            .map(|&(i, j, _)| (i as f32 + 0.5, j as f32 + 0.5)),
    );
    points.push((nz as f32, ne as f32));
    let mut centre = vec![0f32; nz + 1];
    let mut width = vec![0f32; nz + 1];
    let mut seg = 0;
    for a in 0..=nz {
        let x = a as f32;
        while seg + 2 < points.len() && points[seg + 1].0 <= x {
            seg += 1;
        }
        let (x0, y0) = points[seg];
        let (x1, y1) = points[seg + 1];
        let t = if x1 > x0 {
            ((x - x0) / (x1 - x0)).clamp(0.0, 1.0)
        } else {
            0.0
        };
        centre[a] = y0 + t * (y1 - y0);
        // Far from any anchor the path may wander further from the straight line between them.
        let gap = (x - x0).min(x1 - x).max(0.0);
        width[a] = (base_width + 0.3 * gap).min(base_width * 3.0);
    }
    Band::around(&centre, &width, ne)
}

/// Candidate pairs (i, j, weight): for each Chinese sentence, the English sentences sharing the most
/// rare keys with it, weighted by inverse document frequency.
fn candidates(zh: &Side, en: &Side) -> Vec<(usize, usize, f32)> {
    let ne = en.n();
    let max_df = ((ne as f32 * MAX_DF_SHARE) as usize).clamp(2, 200);
    let mut postings: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    for j in 0..ne {
        for &k in en.key_set(j) {
            postings.entry(k).or_default().push(j as u32);
        }
    }
    postings.retain(|_, v| v.len() <= max_df);
    let mut acc: FxHashMap<u32, f32> = FxHashMap::default();
    let mut out = Vec::new();
    // Only look this far from the length diagonal: anchors are for drift, not for reordering.
    let reach = (ne as f32 * 0.1).max(100.0);
    let diagonal = length_diagonal(zh, en);
    for (i, &expect) in diagonal.iter().enumerate() {
        acc.clear();
        let (lo, hi) = ((expect - reach).max(0.0) as u32, (expect + reach) as u32);
        for &k in zh.key_set(i) {
            if let Some(list) = postings.get(&k) {
                let idf = (ne as f32 / list.len() as f32).ln();
                // Postings are sorted: only the part inside the reach.
                let start = list.partition_point(|&j| j < lo);
                for &j in list[start..].iter().take_while(|&&j| j <= hi) {
                    *acc.entry(j).or_default() += idf;
                }
            }
        }
        let threshold = 2.0 * (ne as f32 / max_df as f32).ln().max(1.0);
        // Between equally good candidates (repeated boilerplate, a refrain) the one nearer the length
        // diagonal is the likelier: weigh by nearness before taking the best three.
        let mut best: Vec<(u32, f32)> = acc
            .iter()
            .filter(|&(_, &w)| w >= threshold)
            .map(|(&j, &w)| {
                (
                    j,
                    w * (1.0 - 0.5 * ((j as f32 - expect).abs() / reach).min(1.0)),
                )
            })
            .collect();
        best.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out.extend(best.iter().take(3).map(|&(j, w)| (i, j as usize, w)));
    }
    out
}

/// For each Chinese sentence, the English sentence at the same share of the text by length (characters
/// are a better clock than sentence counts, which vary with each translator's sentence splitting).
fn length_diagonal(zh: &Side, en: &Side) -> Vec<f32> {
    let total_z: f32 = zh.len.iter().sum::<f32>().max(1.0);
    let total_e: f32 = en.len.iter().sum::<f32>().max(1.0);
    let mut out = Vec::with_capacity(zh.n());
    let (mut cz, mut ce, mut j) = (0f32, 0f32, 0usize);
    for &l in &zh.len {
        let target = (cz + l / 2.0) / total_z * total_e;
        while j < en.n() && ce + en.len[j] <= target {
            ce += en.len[j];
            j += 1;
        }
        out.push(j as f32);
        cz += l;
    }
    out
}

/// The heaviest chain of candidates increasing in both i and j (weighted longest increasing
/// subsequence, with a Fenwick tree of prefix maxima over j).
fn chain(cands: &[(usize, usize, f32)]) -> Vec<(usize, usize, f32)> {
    if cands.is_empty() {
        return Vec::new();
    }
    let mut order: Vec<usize> = (0..cands.len()).collect();
    // Same i: larger j first, so a pair never extends another pair of the same Chinese sentence.
    order.sort_unstable_by(|&x, &y| {
        cands[x]
            .0
            .cmp(&cands[y].0)
            .then(cands[y].1.cmp(&cands[x].1))
    });
    let size = cands.iter().map(|c| c.1).max().unwrap_or(0) + 2;
    let mut tree: Vec<(f32, usize)> = vec![(0.0, usize::MAX); size + 1];
    let mut total = vec![0f32; cands.len()];
    let mut prev = vec![usize::MAX; cands.len()];
    for &x in &order {
        let (_, j, w) = cands[x];
        // Best chain ending at some j' < j: prefix max over positions 1..=j.
        let (mut best, mut arg) = (0.0f32, usize::MAX);
        let mut p = j;
        while p > 0 {
            if tree[p].0 > best {
                (best, arg) = tree[p];
            }
            p &= p - 1;
        }
        total[x] = best + w;
        prev[x] = arg;
        let mut p = j + 1;
        while p <= size {
            if total[x] > tree[p].0 {
                tree[p] = (total[x], x);
            }
            p += p & p.wrapping_neg();
        }
    }
    let mut end = (0..cands.len())
        .max_by(|&a, &b| total[a].total_cmp(&total[b]))
        .unwrap_or(0);
    let mut out = Vec::new();
    while end != usize::MAX {
        out.push(cands[end]);
        end = prev[end];
    }
    out.reverse();
    out
}

/// Drops anchors whose slope to both neighbours is implausible (a pair of sentences that share a rare
/// word by chance, off the diagonal).
fn drop_outliers(
    mut anchors: Vec<(usize, usize, f32)>,
    nz: usize,
    ne: usize,
) -> Vec<(usize, usize, f32)> {
    let ratio = ne as f32 / nz.max(1) as f32;
    let plausible = |a: (usize, usize), b: (usize, usize)| {
        let (di, dj) = (b.0 as f32 - a.0 as f32, b.1 as f32 - a.1 as f32);
        dj <= (di + 4.0) * ratio * 3.0 && di <= (dj + 4.0) / ratio * 3.0
    };
    loop {
        let n = anchors.len();
        let keep: Vec<bool> = (0..n)
            .map(|k| {
                let prev = if k == 0 {
                    (0, 0)
                } else {
                    (anchors[k - 1].0, anchors[k - 1].1)
                };
                let next = if k + 1 == n {
                    (nz, ne)
                } else {
                    (anchors[k + 1].0, anchors[k + 1].1)
                };
                let here = (anchors[k].0, anchors[k].1);
                plausible(prev, here) || plausible(here, next)
            })
            .collect();
        if keep.iter().all(|&k| k) {
            return anchors;
        }
        let mut it = keep.iter();
        anchors.retain(|_| *it.next().unwrap_or(&true));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_is_increasing_and_heaviest() {
        let cands = vec![
            (0, 0, 1.0),
            (1, 5, 10.0),
            (1, 1, 1.0),
            (2, 2, 1.0),
            (3, 3, 1.0),
            (4, 6, 1.0),
        ];
        let c = chain(&cands);
        let ij: Vec<(usize, usize)> = c.iter().map(|&(i, j, _)| (i, j)).collect();
        assert_eq!(ij, [(0, 0), (1, 5), (4, 6)]);
    }

    #[test]
    fn outlier_far_off_the_diagonal_goes() {
        let anchors = vec![(10, 10, 1.0), (11, 90, 1.0), (20, 20, 1.0), (30, 30, 1.0)];
        let kept = drop_outliers(anchors, 100, 100);
        assert!(kept.iter().all(|a| a.1 != 90), "{kept:?}");
    }
}
