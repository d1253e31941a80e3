//! Changed spans for side-by-side highlighting: which part of the source became which part of the
//! output.
//!
//! The engine records aligned cut points (segment and replacement boundaries, in normalized-text
//! offsets). Between two cuts the source and output correspond as a whole; when they have the same
//! number of chars (nearly always: conversion is mostly char for char) each char is compared on its
//! own, so 了解 → 瞭解 highlights only 了 → 瞭. Otherwise (a later step turned 盤 into 隨身碟) the two
//! sides are aligned on their longest common char subsequence, so unchanged chars between changes
//! stay unmarked. Touching spans are merged. Main type: [`ChangedSpan`].

use std::ops::Range;

/// A part of the source text that the conversion changed, and what it became.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ChangedSpan {
    /// Byte range in the source text.
    pub src: Range<usize>,
    /// Byte range in the converted text.
    pub dst: Range<usize>,
}

/// Maps offsets of the normalized text back to the source text. `cuts` are (source, normalized) pairs
/// around each normalization change; between them the two texts are byte-identical.
pub(crate) fn map_back(cuts: &[(usize, usize)], normalized: usize) -> usize {
    let i = cuts.partition_point(|&(_, n)| n <= normalized);
    match i.checked_sub(1).map(|i| cuts[i]) {
        Some((s, n)) => s + (normalized - n),
        None => normalized,
    }
}

/// Turns aligned cut points (source offset, output offset), non-decreasing in both, into the spans
/// where `src` and `dst` differ.
pub(crate) fn changed_spans(src: &str, dst: &str, cuts: &[(usize, usize)]) -> Vec<ChangedSpan> {
    let mut spans: Vec<ChangedSpan> = Vec::new();
    let mut push = |s: Range<usize>, d: Range<usize>| match spans.last_mut() {
        Some(last) if last.src.end == s.start && last.dst.end == d.start => {
            last.src.end = s.end;
            last.dst.end = d.end;
        }
        _ => spans.push(ChangedSpan { src: s, dst: d }),
    };
    for w in cuts.windows(2) {
        let ((s0, d0), (s1, d1)) = (w[0], w[1]);
        if s1 < s0 || d1 < d0 {
            continue;
        }
        let (a, b) = (&src[s0..s1], &dst[d0..d1]);
        if a == b {
            continue;
        }
        if a.chars().count() == b.chars().count() {
            for ((i, ca), (j, cb)) in a.char_indices().zip(b.char_indices()) {
                if ca != cb {
                    push(
                        s0 + i..s0 + i + ca.len_utf8(),
                        d0 + j..d0 + j + cb.len_utf8(),
                    );
                }
            }
        } else {
            let prefix: usize = a
                .chars()
                .zip(b.chars())
                .take_while(|(x, y)| x == y)
                .map(|(x, _)| x.len_utf8())
                .sum();
            let (a, b) = (&a[prefix..], &b[prefix..]);
            let suffix: usize = a
                .chars()
                .rev()
                .zip(b.chars().rev())
                .take_while(|(x, y)| x == y)
                .map(|(x, _)| x.len_utf8())
                .sum();
            let suffix = suffix.min(a.len()).min(b.len());
            let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
            for (sa, sb) in diff_hunks(a, b) {
                push(
                    s0 + prefix + sa.start..s0 + prefix + sa.end,
                    d0 + prefix + sb.start..d0 + prefix + sb.end,
                );
            }
        }
    }
    spans
}

/// Largest table (chars × chars) the alignment below computes; longer pieces become one span.
const MAX_CELLS: usize = 1 << 18;

/// The differing stretches of `a` and `b` (byte ranges), aligned on their longest common char
/// subsequence: in 使用软件和U盘 → 使用軟體和隨身碟 the unchanged 和 separates two spans.
fn diff_hunks(a: &str, b: &str) -> Vec<(Range<usize>, Range<usize>)> {
    let ac: Vec<(usize, char)> = a.char_indices().collect();
    let bc: Vec<(usize, char)> = b.char_indices().collect();
    let (n, m) = (ac.len(), bc.len());
    if n == 0 || m == 0 || n * m > MAX_CELLS {
        return vec![(0..a.len(), 0..b.len())];
    }
    // lcs[i][j]: length of the common subsequence of a[i..] and b[j..].
    let mut lcs = vec![0u32; (n + 1) * (m + 1)];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * (m + 1) + j] = if ac[i].1 == bc[j].1 {
                lcs[(i + 1) * (m + 1) + j + 1] + 1
            } else {
                lcs[(i + 1) * (m + 1) + j].max(lcs[i * (m + 1) + j + 1])
            };
        }
    }
    let byte_a = |i: usize| ac.get(i).map_or(a.len(), |c| c.0);
    let byte_b = |j: usize| bc.get(j).map_or(b.len(), |c| c.0);
    let mut hunks = Vec::new();
    let (mut i, mut j) = (0, 0);
    let (mut hi, mut hj) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && ac[i].1 == bc[j].1 {
            if (hi, hj) != (i, j) {
                hunks.push((byte_a(hi)..byte_a(i), byte_b(hj)..byte_b(j)));
            }
            i += 1;
            j += 1;
            (hi, hj) = (i, j);
        } else if j < m && (i == n || lcs[i * (m + 1) + j + 1] >= lcs[(i + 1) * (m + 1) + j]) {
            j += 1;
        } else {
            i += 1;
        }
    }
    if (hi, hj) != (n, m) {
        hunks.push((byte_a(hi)..a.len(), byte_b(hj)..b.len()));
    }
    hunks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show<'a>(src: &'a str, dst: &'a str, spans: &[ChangedSpan]) -> Vec<(&'a str, &'a str)> {
        spans
            .iter()
            .map(|s| (&src[s.src.clone()], &dst[s.dst.clone()]))
            .collect()
    }

    #[test]
    fn spans_are_char_level_when_lengths_match() {
        type Case<'a> = (
            &'a str,
            &'a str,
            &'a [(usize, usize)],
            &'a [(&'a str, &'a str)],
        );
        let cases: &[Case] = &[
            (
                "了解情况",
                "瞭解情況",
                &[(0, 0), (6, 6), (12, 12)],
                &[("了", "瞭"), ("况", "況")],
            ),
            ("软件", "軟體", &[(0, 0), (6, 6)], &[("软件", "軟體")]),
            (
                "用U盘吧",
                "用隨身碟吧",
                &[(0, 0), (3, 3), (7, 12), (10, 15)],
                &[("U盘", "隨身碟")],
            ),
            ("abc", "abc", &[(0, 0), (3, 3)], &[]),
            ("", "", &[(0, 0), (0, 0)], &[]),
            (
                "头发和后来",
                "頭髮和後來",
                &[(0, 0), (15, 15)],
                &[("头发", "頭髮"), ("后来", "後來")],
            ),
        ];
        for (src, dst, cuts, want) in cases {
            assert_eq!(
                show(src, dst, &changed_spans(src, dst, cuts)),
                *want,
                "{src}"
            );
        }
    }

    #[test]
    fn unequal_lengths_trim_common_ends() {
        let spans = changed_spans("AB后C", "AB隨身碟C", &[(0, 0), (6, 12)]);
        assert_eq!(show("AB后C", "AB隨身碟C", &spans), [("后", "隨身碟")]);
        let (src, dst) = ("使用软件和U盘", "使用軟體和隨身碟");
        let spans = changed_spans(src, dst, &[(0, 0), (src.len(), dst.len())]);
        assert_eq!(
            show(src, dst, &spans),
            [("软件", "軟體"), ("U盘", "隨身碟")]
        );
        assert_eq!(diff_hunks("", "x"), [(0..0, 0..1)]);
    }

    #[test]
    fn offsets_map_back_through_normalization() {
        // Source "a\u{F900}b" (F900 is 3 bytes) normalized to "a\u{8C48}b" (also 3 bytes) and a
        // 4-byte compatibility char normalized to a 3-byte one.
        let cuts = [(0, 0), (1, 1), (4, 4), (5, 5), (9, 8)];
        assert_eq!(map_back(&cuts, 0), 0);
        assert_eq!(map_back(&cuts, 4), 4);
        assert_eq!(map_back(&cuts, 8), 9);
        assert_eq!(map_back(&cuts, 10), 11);
        assert_eq!(map_back(&[], 7), 7);
    }
}
