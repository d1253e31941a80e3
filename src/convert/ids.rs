//! Ideographic description sequences (IDS), which OpenCC 1.4 leaves unconverted.
//!
//! An IDS such as ⿰車爾 describes one character that Unicode lacks; converting its parts (⿰车尔)
//! would describe a different character. OpenCC 1.4 keeps a *complete* IDS whole in every step,
//! normalization included. As measured against OpenCC 1.4.2: an operator U+2FF0–U+2FFF takes three
//! operands (⿲ ⿳), one (⿾ ⿿) or two (the rest); an operand is any single char (even a newline or
//! a space) or a nested IDS; nesting deeper than 15 operators is not an IDS; an incomplete one (the
//! text ends first) is converted like ordinary text. Scanning left to right, a failed parse at an
//! operator moves on to the next char, so ⿰⿱車爾 keeps ⿱車爾. Main item: [`spans`].

use std::ops::Range;

/// Deepest nesting of operators OpenCC accepts (16 fails).
const MAX_DEPTH: usize = 15;

/// How many operands an ideographic description character takes (0: not one).
#[inline]
fn arity(c: char) -> u8 {
    match c {
        '\u{2FF2}' | '\u{2FF3}' => 3,
        '\u{2FFE}' | '\u{2FFF}' => 1,
        '\u{2FF0}'..='\u{2FFD}' => 2,
        _ => 0,
    }
}

/// Whether `s` may hold an operator (its UTF-8 is E2 BF B0..BF).
fn may_contain(s: &str) -> bool {
    memchr::memmem::find_iter(s.as_bytes(), &[0xE2, 0xBF])
        .any(|i| s.as_bytes().get(i + 2).is_some_and(|&b| b >= 0xB0))
}

/// What parsing an IDS at an operator found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Parse {
    /// A complete IDS ending at this byte offset.
    Complete(usize),
    /// The text ended first: more text could complete it.
    Incomplete,
    /// Not an IDS whatever follows (too deep).
    Invalid,
}

/// Parses the IDS whose operator is at byte `i` of `s`.
pub(crate) fn parse(s: &str, i: usize) -> Parse {
    let mut open = [0u8; MAX_DEPTH];
    let mut depth = 0;
    for (off, c) in s[i..].char_indices() {
        let a = arity(c);
        if a > 0 {
            if depth == MAX_DEPTH {
                return Parse::Invalid;
            }
            open[depth] = a;
            depth += 1;
            continue;
        }
        if depth == 0 {
            return Parse::Invalid;
        }
        // A plain char completes an operand; a completed IDS is in turn an operand of its parent.
        loop {
            open[depth - 1] -= 1;
            if open[depth - 1] > 0 {
                break;
            }
            depth -= 1;
            if depth == 0 {
                return Parse::Complete(i + off + c.len_utf8());
            }
        }
    }
    Parse::Incomplete
}

/// Byte ranges of the complete IDSs in `s`, found left to right (usually none, without allocating).
pub(crate) fn spans(s: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    if !may_contain(s) {
        return found;
    }
    let mut i = 0;
    while let Some(q) = next_operator(s, i) {
        match parse(s, q) {
            Parse::Complete(end) => {
                found.push(q..end);
                i = end;
            }
            _ => i = q + 3,
        }
    }
    found
}

/// The byte offset of the next operator at or after `from`.
fn next_operator(s: &str, from: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    memchr::memmem::find_iter(&bytes[from..], &[0xE2, 0xBF])
        .map(|k| from + k)
        .find(|&k| bytes.get(k + 2).is_some_and(|&b| b >= 0xB0))
}

/// Moves a cut at byte `cut` of pending text `s` (which starts at a safe point) back so that no IDS
/// that is, or may still become, complete spans it. Used by the streaming converter.
pub(crate) fn safe_cut(s: &str, cut: usize) -> usize {
    if !may_contain(&s[..cut]) {
        return cut;
    }
    let mut i = 0;
    while let Some(q) = next_operator(s, i).filter(|&q| q < cut) {
        match parse(s, q) {
            Parse::Complete(end) if end <= cut => i = end,
            Parse::Complete(_) | Parse::Incomplete => return q,
            Parse::Invalid => i = q + 3,
        }
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(s: &str) -> Vec<&str> {
        spans(s).into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn finds_complete_sequences_as_opencc_does() {
        let cases: &[(&str, &[&str])] = &[
            ("⿰車爾後", &["⿰車爾"]),
            ("⿲車爾後來", &["⿲車爾後"]),
            ("⿰⿱車爾後來", &["⿰⿱車爾後"]),
            ("⿰⿱車爾", &["⿱車爾"]),
            ("⿰車", &[]),
            ("車⿰", &[]),
            ("⿰a車後", &["⿰a車"]),
            ("⿰\n車後", &["⿰\n車"]),
            ("⿿車後", &["⿿車"]),
            ("⿰\u{2FFE}車爾後", &["⿰\u{2FFE}車爾"]),
            ("⿰〾車爾後", &["⿰〾車"]),
            ("\u{31EF}車爾", &[]),
            ("⿰車爾後⿰車爾後", &["⿰車爾", "⿰車爾"]),
            ("⿰⿰⿰車爾車爾車爾後", &["⿰⿰⿰車爾車爾"]),
            ("no operators", &[]),
            ("…“引号”—", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(kept(text), *want, "{text}");
        }
    }

    #[test]
    fn nesting_deeper_than_fifteen_is_not_a_sequence() {
        for n in [15usize, 16] {
            let text = "⿰".repeat(n) + &"車".repeat(n + 1);
            let got = spans(&text);
            let whole = 0..text.len();
            if n == 15 {
                assert_eq!(got, [whole]);
            } else {
                // The outer operator fails; the next one starts a 15-deep sequence.
                assert_eq!(got, vec![3..text.len() - 3]);
            }
        }
    }

    #[test]
    fn cuts_move_before_sequences_that_span_them() {
        let s = "ab\n⿰\n車cd\n";
        let first = s.find('\n').unwrap() + 1;
        assert_eq!(safe_cut(s, first), first);
        let second = s[first..].find('\n').unwrap() + first + 1;
        assert_eq!(
            safe_cut(s, second),
            first,
            "the IDS ⿰\\n車 spans the second newline"
        );
        assert_eq!(safe_cut(s, s.len()), s.len());
        assert_eq!(safe_cut("x⿰\n", 5), 1, "may still complete");
    }
}
