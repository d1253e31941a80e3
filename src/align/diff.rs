//! Which sentences of one list are still in another: a diff over exact sentence text, for re-alignment.
//!
//! Patience diff: common ends are matched first, then sentences that occur exactly once in both lists
//! anchor the match (the longest increasing run of them), and the stretches between anchors are diffed
//! again; a stretch with no unique sentence falls back to a longest common subsequence when it is small.
//! Anchoring on unique sentences keeps repeated lines (a dateline, "（完）", an empty line) from pairing
//! across the document, which a plain LCS does happily; and it needs no dependency and linear memory
//! outside the small LCS tables.

use std::ops::Range;

use rustc_hash::FxHashMap;

/// Stretches larger than this many sentence pairs with no unique sentence are left unmatched rather
/// than given an LCS table (4 bytes a cell).
const MAX_LCS_CELLS: usize = 1 << 20;

/// For every sentence of `old`, the index of the same sentence in `new`, or `None` where it was changed
/// or removed. Matched indices increase with the old index.
pub fn matches<S: AsRef<str>, T: AsRef<str>>(old: &[S], new: &[T]) -> Vec<Option<usize>> {
    let a: Vec<&str> = old.iter().map(AsRef::as_ref).collect();
    let b: Vec<&str> = new.iter().map(AsRef::as_ref).collect();
    let mut map = vec![None; a.len()];
    let mut work = vec![(0..a.len(), 0..b.len())];
    while let Some((mut ra, mut rb)) = work.pop() {
        while !ra.is_empty() && !rb.is_empty() && a[ra.start] == b[rb.start] {
            map[ra.start] = Some(rb.start);
            ra.start += 1;
            rb.start += 1;
        }
        while !ra.is_empty() && !rb.is_empty() && a[ra.end - 1] == b[rb.end - 1] {
            map[ra.end - 1] = Some(rb.end - 1);
            ra.end -= 1;
            rb.end -= 1;
        }
        if ra.is_empty() || rb.is_empty() {
            continue;
        }
        let anchors = unique_anchors(&a, &b, &ra, &rb);
        if anchors.is_empty() {
            lcs(&a, &b, ra, rb, &mut map);
            continue;
        }
        let (mut i0, mut j0) = (ra.start, rb.start);
        for (i, j) in anchors {
            map[i] = Some(j);
            work.push((i0..i, j0..j));
            (i0, j0) = (i + 1, j + 1);
        }
        work.push((i0..ra.end, j0..rb.end));
    }
    map
}

/// Pairs (i, j) of sentences unique in both stretches, the longest run increasing in both.
fn unique_anchors(
    a: &[&str],
    b: &[&str],
    ra: &Range<usize>,
    rb: &Range<usize>,
) -> Vec<(usize, usize)> {
    // text → (count in a, index in a, count in b, index in b)
    let mut seen: FxHashMap<&str, (u32, usize, u32, usize)> = FxHashMap::default();
    for i in ra.clone() {
        let e = seen.entry(a[i]).or_insert((0, i, 0, 0));
        e.0 += 1;
        e.1 = i;
    }
    for j in rb.clone() {
        if let Some(e) = seen.get_mut(b[j]) {
            e.2 += 1;
            e.3 = j;
        }
    }
    let mut pairs: Vec<(usize, usize)> = seen
        .values()
        .filter(|e| e.0 == 1 && e.2 == 1)
        .map(|e| (e.1, e.3))
        .collect();
    pairs.sort_unstable();
    longest_increasing(&pairs)
}

/// The longest subsequence of `pairs` (sorted by i) whose j increase (patience sorting).
fn longest_increasing(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // tails[k]: index in pairs of the smallest j ending an increasing run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev = vec![usize::MAX; pairs.len()];
    for (n, &(_, j)) in pairs.iter().enumerate() {
        let k = tails.partition_point(|&t| pairs[t].1 < j);
        if k > 0 {
            prev[n] = tails[k - 1];
        }
        if k == tails.len() {
            tails.push(n);
        } else {
            tails[k] = n;
        }
    }
    let mut out = Vec::with_capacity(tails.len());
    let mut n = tails.last().copied().unwrap_or(usize::MAX);
    while n != usize::MAX {
        out.push(pairs[n]);
        n = prev[n];
    }
    out.reverse();
    out
}

/// A longest common subsequence of two small stretches, into `map`.
fn lcs(a: &[&str], b: &[&str], ra: Range<usize>, rb: Range<usize>, map: &mut [Option<usize>]) {
    let (n, m) = (ra.len(), rb.len());
    if n * m > MAX_LCS_CELLS {
        return;
    }
    // len[i][j]: LCS of a[ra.start + i..] and b[rb.start + j..].
    let w = m + 1;
    let mut len = vec![0u32; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            len[i * w + j] = if a[ra.start + i] == b[rb.start + j] {
                len[(i + 1) * w + j + 1] + 1
            } else {
                len[(i + 1) * w + j].max(len[i * w + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if a[ra.start + i] == b[rb.start + j] {
            map[ra.start + i] = Some(rb.start + j);
            i += 1;
            j += 1;
        } else if len[(i + 1) * w + j] >= len[i * w + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(old: &str, new: &str) -> Vec<Option<usize>> {
        let o: Vec<String> = old.chars().map(String::from).collect();
        let n: Vec<String> = new.chars().map(String::from).collect();
        matches(&o, &n)
    }

    #[test]
    fn sentences_are_matched_in_order() {
        let s = Some;
        let cases: [(&str, &str, Vec<Option<usize>>); 7] = [
            ("abc", "abc", vec![s(0), s(1), s(2)]),
            ("abc", "aXc", vec![s(0), None, s(2)]),
            ("abc", "abXc", vec![s(0), s(1), s(3)]),
            ("abc", "ac", vec![s(0), None, s(1)]),
            ("", "ab", vec![]),
            ("ab", "", vec![None, None]),
            // Moved sentence: only one of the two orders can be kept.
            ("abcd", "acbd", vec![s(0), None, s(1), s(3)]),
        ];
        for (old, new, want) in cases {
            assert_eq!(map(old, new), want, "{old} → {new}");
        }
    }

    #[test]
    fn repeated_lines_pair_only_between_unique_ones() {
        let s = Some;
        // "-" repeats; the unique sentences around it decide which "-" is which.
        assert_eq!(
            map("a-b-c-", "a-bX-c-"),
            vec![s(0), s(1), s(2), s(4), s(5), s(6)]
        );
        // "b" moved to the end: "a" and "c" anchor, the dashes stay with them.
        assert_eq!(
            map("-a-b-c-", "-a--c-b"),
            vec![s(0), s(1), s(2), None, s(3), s(4), s(5)]
        );
    }

    #[test]
    fn no_unique_sentence_falls_back_to_lcs() {
        assert_eq!(map("xxyy", "yyxx"), vec![None, None, Some(0), Some(1)]);
    }
}
