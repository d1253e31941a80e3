//! How terms and texts are cut for the trie: into units, each a run of word characters
//! (ASCII-lowercased), or any other single character, with one plain space folded into the unit after it.
//! A unit is known by a 64-bit key, so a word in the text costs one trie step however long it is.
//!
//! Keys are exact where they can be: a single character is its code point, a word of up to eleven ASCII
//! letters and digits a base-37 number, another word of up to seven bytes its bytes. Only longer words are
//! hashed. A walk along exact keys has therefore matched the term's text itself, and only a term with a
//! hashed unit needs confirming on the text; that saves reading the term, a cache miss, for most matches.
//!
//! Cutting needs no context: the unit at a unit boundary is the same whether the text is cut from its start
//! or from that boundary. The finder relies on this to cut lazily, one unit ahead of the trie walk, and to
//! carry on from the end of a match without cutting what it covers.

use crate::glossary::normalize::is_dense;

/// Whether `c` belongs to a word of a space-separated script.
pub(crate) fn is_word_char(c: char) -> bool {
    // Dense scripts first: the range test is cheaper than the Unicode tables, and Chinese is most of the
    // non-ASCII text we see.
    !is_dense(c) && c.is_alphanumeric()
}

/// One unit of a text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Unit {
    /// Byte range of the unit (without a folded space before it).
    pub start: usize,
    pub end: usize,
    /// Key of the unit alone (the key of a term's first unit).
    pub plain: u64,
    /// Whether a plain space was folded into the unit.
    spaced: bool,
    /// Whether a term can start here (not white space).
    pub can_start: bool,
}

impl Unit {
    /// Where cutting this unit began: its start, or the folded space before it.
    pub fn cut_at(&self) -> usize {
        self.start - usize::from(self.spaced)
    }

    /// Key of the unit with its folded space, if any (the key of a term's later units).
    pub fn joined(&self) -> u64 {
        self.plain | if self.spaced { SPACED } else { 0 }
    }
}

/// The kind of key, in the top two bits: a single character, a base-37 word, a word's bytes, a hash.
const KIND: u64 = 3 << 62;
const CHAR: u64 = 0;
const BASE37: u64 = 1 << 62;
const BYTES: u64 = 2 << 62;
const HASHED: u64 = 3 << 62;
/// A plain space was folded into the unit (in joined keys).
const SPACED: u64 = 1 << 61;

/// Whether `key` identifies its unit's text exactly (it is not a hash).
pub(crate) fn is_exact(key: u64) -> bool {
    key & KIND != HASHED
}

const K: u64 = 0x517c_c1b7_2722_0a95;

fn mix(h: u64, v: u64) -> u64 {
    (h.rotate_left(5) ^ v).wrapping_mul(K)
}

/// The key of a word run (its bytes ASCII-lowercased).
#[inline]
fn word_key(run: &[u8]) -> u64 {
    let n = run.len();
    if n <= 11 && run.is_ascii() {
        // Digits are 1–10 and letters 11–36, so no digit is 0 and the number gives the word back.
        let digit = |b: u8| match b.to_ascii_lowercase() {
            b @ b'0'..=b'9' => b - b'0' + 1,
            b => b.wrapping_sub(b'a') + 11,
        };
        return BASE37 | run.iter().fold(0, |v, &b| v * 37 + u64::from(digit(b)));
    }
    if n <= 7 {
        let bytes = run
            .iter()
            .rev()
            .fold(0, |v, &b| v << 8 | u64::from(b.to_ascii_lowercase()));
        return BYTES | (n as u64) << 56 | bytes;
    }
    let h = run
        .iter()
        .fold(0, |h, &b| mix(h, u64::from(b.to_ascii_lowercase())));
    HASHED | h >> 6
}

/// The character at byte `i` of `text` and its length.
#[inline]
pub(super) fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return (b as char, 1);
    }
    let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
    (c, c.len_utf8())
}

/// Whether the character at byte `i` is a word character, and its length.
#[inline]
fn word_char_at(text: &str, i: usize) -> (bool, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return (b.is_ascii_alphanumeric(), 1);
    }
    let (c, len) = char_at(text, i);
    (is_word_char(c), len)
}

/// The unit cut at byte `at`, a unit boundary of `text` (0, or the end of a unit); `None` at the end.
#[inline]
pub(crate) fn unit_at(text: &str, mut at: usize) -> Option<Unit> {
    let bytes = text.as_bytes();
    let mut b = *bytes.get(at)?;
    let mut spaced = false;
    if b == b' ' && at + 1 < bytes.len() && !char_at(text, at + 1).0.is_whitespace() {
        spaced = true;
        at += 1;
        b = bytes[at];
    }
    let start = at;
    // ASCII first, byte by byte: most units of most texts.
    let (end, key, can_start) = if b.is_ascii_alphanumeric() {
        let mut i = at + 1;
        while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let end = word_end(text, i);
        (end, word_key(&bytes[start..end]), true)
    } else if b < 0x80 {
        (at + 1, CHAR | u64::from(b), !(b as char).is_whitespace())
    } else {
        let (c, len) = char_at(text, at);
        if is_word_char(c) {
            let end = word_end(text, at + len);
            (end, word_key(&bytes[start..end]), true)
        } else {
            (at + len, CHAR | u64::from(c), !c.is_whitespace())
        }
    };
    Some(Unit {
        start,
        end,
        plain: key,
        spaced,
        can_start,
    })
}

/// Where the word going on at byte `i` ends.
#[inline]
fn word_end(text: &str, mut i: usize) -> usize {
    while i < text.len() {
        let (word, len) = word_char_at(text, i);
        if !word {
            break;
        }
        i += len;
    }
    i
}

/// Cuts all of `text` into units, replacing the contents of `out`.
pub(crate) fn units(text: &str, out: &mut Vec<Unit>) {
    out.clear();
    let mut at = 0;
    while let Some(u) = unit_at(text, at) {
        at = u.end;
        out.push(u);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<&str> {
        let mut v = Vec::new();
        units(text, &mut v);
        v.iter().map(|u| &text[u.start..u.end]).collect()
    }

    #[test]
    fn cutting() {
        assert_eq!(spans("Bonded port-area"), ["Bonded", "port", "-", "area"]);
        assert_eq!(
            spans("两江 新区 Xi'an"),
            ["两", "江", "新", "区", "Xi", "'", "an"]
        );
        assert_eq!(spans("a  b "), ["a", " ", "b", " "]);
        assert_eq!(spans("Café\u{3000}5G"), ["Café", "\u{3000}", "5G"]);
    }

    #[test]
    fn a_folded_space_changes_the_joined_key_only() {
        let mut v = Vec::new();
        units("port port\tport", &mut v);
        assert_eq!(v.len(), 4);
        assert!([1, 3].iter().all(|&i| v[i].plain == v[0].plain));
        assert_ne!(v[1].joined(), v[1].plain, "space folded");
        assert_eq!(v[3].joined(), v[3].plain, "after a tab unit");
        assert_eq!((v[1].cut_at(), v[1].start), (4, 5));
    }

    #[test]
    fn keys_tell_units_apart_and_are_exact_up_to_long_words() {
        let words = [
            "a",
            "aa",
            "b",
            "ab",
            "ba",
            "0",
            "00",
            "a0",
            "z",
            "Z",
            "port",
            "PORT",
            "9z",
            "elevenchars",
            "twelvechars1",
            "café",
            "Café",
            "CAFÉ",
            "straße",
            "5G",
            "x",
            "-",
            "'",
            "港",
            "區",
            "\t",
            "\u{3000}",
            "カ",
            "한",
        ];
        let mut keys = Vec::new();
        for w in words {
            let mut v = Vec::new();
            units(w, &mut v);
            assert_eq!(v.len(), 1, "{w}");
            keys.push((v[0].plain, w));
        }
        let exact = |w: &str| keys.iter().find(|k| k.1 == w).map(|k| is_exact(k.0));
        assert_eq!(exact("elevenchars"), Some(true));
        assert_eq!(exact("twelvechars1"), Some(false));
        assert_eq!(exact("straße"), Some(true), "seven bytes");
        assert_eq!(exact("港"), Some(true));
        // ASCII case folds; other case does not (as the confirmation on the text has it).
        let key = |w: &str| keys.iter().find(|k| k.1 == w).map(|k| k.0);
        assert_eq!(key("port"), key("PORT"));
        assert_eq!(key("z"), key("Z"));
        assert_ne!(key("café"), key("CAFÉ"));
        assert_eq!(key("café"), key("Café"));
        keys.sort();
        keys.dedup_by_key(|k| k.0);
        assert_eq!(
            keys.len(),
            words.len() - 3,
            "only the case pairs share keys"
        );
    }
}
