//! The match percentage and the differences between a new segment and a memory's source.
//!
//! The score is the one CAT tools show: `100 × (1 − edit distance / longer length)` over tokens (characters
//! for Chinese, words for English), rounded down so that only token-identical segments score 100.
//! [`diff`] lists the edits that turn the memory's source into the new segment as [`DiffSpan`]s, for
//! highlighting.

use serde::{Deserialize, Serialize};

use super::tokens::{Token, tokenize};

/// Levenshtein distance between two token sequences (unit costs), in O(|a|·|b|) time and O(|b|) space.
pub fn edit_distance<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    if a.is_empty() {
        return b.len();
    }
    if b.is_empty() {
        return a.len();
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, x) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(x != y);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The match percentage of two token sequences: 100 only when they are identical.
pub fn similarity<T: PartialEq>(a: &[T], b: &[T]) -> u8 {
    let longer = a.len().max(b.len());
    if longer == 0 {
        return 100;
    }
    let d = edit_distance(a, b);
    ((longer - d) * 100 / longer) as u8
}

/// What a span of a diff is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DiffOp {
    /// In both the memory's source and the new segment.
    Equal,
    /// Only in the new segment (the memory lacks it).
    Insert,
    /// Only in the memory's source (the new segment lacks it).
    Delete,
}

/// A run of text with one [`DiffOp`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffSpan {
    /// What the run is.
    pub op: DiffOp,
    /// The text (from the new segment for `Equal` and `Insert`, from the memory for `Delete`).
    pub text: String,
}

/// The edits that turn `memory_source` into `query`, token by token, as runs of text. Reading the `Equal`
/// and `Insert` runs gives `query` back (less leading whitespace); `Equal` and `Delete` give the memory's
/// tokens.
pub fn diff(memory_source: &str, query: &str) -> Vec<DiffSpan> {
    let m = tokenize(memory_source);
    let q = tokenize(query);
    let ops = align(&m, &q);
    let mut spans: Vec<DiffSpan> = Vec::new();
    let mut push = |op: DiffOp, text: &str| {
        if text.is_empty() {
            return;
        }
        match spans.last_mut() {
            Some(last) if last.op == op => last.text.push_str(text),
            _ => spans.push(DiffSpan {
                op,
                text: text.to_string(),
            }),
        }
    };
    // Each token carries the whitespace before it, so the runs read naturally.
    let (mut m_end, mut q_end) = (0usize, 0usize);
    let piece = |text: &'_ str, prev_end: usize, t: &Token| -> (usize, String) {
        let from = if prev_end == 0 { t.start } else { prev_end };
        (t.end, text[from..t.end].to_string())
    };
    for op in ops {
        match op {
            Step::Keep(i, j) => {
                m_end = m[i].end;
                let (end, text) = piece(query, q_end, &q[j]);
                q_end = end;
                push(DiffOp::Equal, &text);
            }
            Step::Sub(i, j) => {
                let (end, text) = piece(memory_source, m_end, &m[i]);
                m_end = end;
                push(DiffOp::Delete, &text);
                let (end, text) = piece(query, q_end, &q[j]);
                q_end = end;
                push(DiffOp::Insert, &text);
            }
            Step::Del(i) => {
                let (end, text) = piece(memory_source, m_end, &m[i]);
                m_end = end;
                push(DiffOp::Delete, &text);
            }
            Step::Ins(j) => {
                let (end, text) = piece(query, q_end, &q[j]);
                q_end = end;
                push(DiffOp::Insert, &text);
            }
        }
    }
    spans
}

enum Step {
    Keep(usize, usize),
    Sub(usize, usize),
    Del(usize),
    Ins(usize),
}

/// A minimal edit script between two token lists (full DP table with traceback; segments are short).
fn align(a: &[Token], b: &[Token]) -> Vec<Step> {
    let (n, m) = (a.len(), b.len());
    let w = m + 1;
    let mut d = vec![0u32; (n + 1) * w];
    for i in 0..=n {
        d[i * w] = i as u32;
    }
    for (j, cell) in d.iter_mut().take(w).enumerate() {
        *cell = j as u32;
    }
    for i in 1..=n {
        for j in 1..=m {
            let sub = d[(i - 1) * w + j - 1] + u32::from(a[i - 1].key != b[j - 1].key);
            d[i * w + j] = sub.min(d[(i - 1) * w + j] + 1).min(d[i * w + j - 1] + 1);
        }
    }
    let mut steps = Vec::with_capacity(n.max(m));
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        if i > 0 && j > 0 {
            let same = a[i - 1].key == b[j - 1].key;
            if d[i * w + j] == d[(i - 1) * w + j - 1] + u32::from(!same) {
                steps.push(if same {
                    Step::Keep(i - 1, j - 1)
                } else {
                    Step::Sub(i - 1, j - 1)
                });
                i -= 1;
                j -= 1;
                continue;
            }
        }
        if i > 0 && d[i * w + j] == d[(i - 1) * w + j] + 1 {
            steps.push(Step::Del(i - 1));
            i -= 1;
        } else {
            steps.push(Step::Ins(j - 1));
            j -= 1;
        }
    }
    steps.reverse();
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.key).collect()
    }

    #[test]
    fn scores_count_characters_for_chinese_and_words_for_english() {
        let cases = [
            ("两江新区位于重庆。", "两江新区位于重庆。", 100),
            ("两江新区位于重庆。", "两江新区位于成都。", 77),
            ("进出口额增长12%。", "进出口额增长15%。", 88),
            (
                "The 20th CCISF will be held in May.",
                "The 21st CCISF will be held in May.",
                88,
            ),
            (
                "The 20th CCISF will be held in May.",
                "The CCISF will be held in June.",
                77,
            ),
            ("Hello", "HELLO", 100),
            ("完全不同", "something else", 0),
            ("", "", 100),
        ];
        for (a, b, want) in cases {
            assert_eq!(similarity(&keys(a), &keys(b)), want, "{a} | {b}");
        }
    }

    #[test]
    fn distance_is_symmetric_and_counts_edits() {
        let cases = [
            ("kitten", "sitting", 3),
            ("", "abc", 3),
            ("abc", "abc", 0),
            ("abcd", "acbd", 2),
        ];
        for (a, b, want) in cases {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            assert_eq!(edit_distance(&a, &b), want);
            assert_eq!(edit_distance(&b, &a), want);
        }
    }

    fn show(spans: &[DiffSpan]) -> String {
        spans
            .iter()
            .map(|s| match s.op {
                DiffOp::Equal => s.text.clone(),
                DiffOp::Insert => format!("{{+{}+}}", s.text),
                DiffOp::Delete => format!("[-{}-]", s.text),
            })
            .collect()
    }

    #[test]
    fn diffs_mark_what_changed() {
        let cases = [
            (
                "进出口额增长12%。",
                "进出口额增长15%。",
                "进出口额增长[-12-]{+15+}%。",
            ),
            (
                "The big black cat sleeps.",
                "The black cat sleeps.",
                "The[- big-] black cat sleeps.",
            ),
            (
                "The cat sleeps.",
                "The cat sleeps soundly.",
                "The cat sleeps{+ soundly+}.",
            ),
            (
                "两江新区位于重庆。",
                "两江新区位于重庆。",
                "两江新区位于重庆。",
            ),
            ("", "新", "{+新+}"),
        ];
        for (memory, query, want) in cases {
            assert_eq!(show(&diff(memory, query)), want, "{memory} | {query}");
        }
    }
}
