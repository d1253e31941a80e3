//! Small text helpers shared by the rules: character classes (Han, CJK punctuation, kana) and line spans.

use std::ops::Range;

/// A Han character (CJK unified ideographs, extensions, compatibility ideographs).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF | 0x30000..=0x3134F | 0x3007)
}

/// CJK punctuation, ideographic space, full-width forms and the corner/lenticular brackets.
pub(crate) fn is_cjk_punct(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 | 0xFE30..=0xFE4F)
}

/// A character that makes its neighbourhood Chinese: Han or CJK punctuation.
pub(crate) fn is_cjk(c: char) -> bool {
    is_han(c) || is_cjk_punct(c)
}

/// Japanese kana or Korean Hangul: text in these is a third language to the zh/en rules.
pub(crate) fn is_kana_or_hangul(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x31F0..=0x31FF | 0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F)
}

/// The character before byte offset `i`, if any.
pub(crate) fn char_before(text: &str, i: usize) -> Option<char> {
    text[..i].chars().next_back()
}

/// The character at byte offset `i`, if any.
pub(crate) fn char_at(text: &str, i: usize) -> Option<char> {
    text[i..].chars().next()
}

/// One line of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Line {
    /// Where the line starts.
    pub start: usize,
    /// Where its content ends (before `\r\n` or `\n`).
    pub content_end: usize,
    /// Where the next line starts (after the line break, or the end of the text).
    pub end: usize,
}

impl Line {
    /// The content range (without the line break).
    pub fn content(&self) -> Range<usize> {
        self.start..self.content_end
    }

    /// Whether the line has a line break.
    pub fn has_break(&self) -> bool {
        self.end > self.content_end
    }
}

/// The lines of `text`: split after each `\n`; a `\r` before it belongs to the break. A text ending with a
/// line break has no empty last line.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = Line> + '_ {
    let bytes = text.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= bytes.len() {
            return None;
        }
        let start = pos;
        let (content_end, end) = match memchr::memchr(b'\n', &bytes[start..]) {
            Some(k) => {
                let nl = start + k;
                let ce = if nl > start && bytes[nl - 1] == b'\r' {
                    nl - 1
                } else {
                    nl
                };
                (ce, nl + 1)
            }
            None => (bytes.len(), bytes.len()),
        };
        pos = end;
        Some(Line {
            start,
            content_end,
            end,
        })
    })
}

/// Horizontal white space as scraped text has it (space, tab, no-break spaces, ideographic space excluded).
pub(crate) fn is_hspace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{a0}' | '\u{2007}' | '\u{202f}')
}

/// Whether a token (a run of non-space characters) looks like a URL, an e-mail address or a domain name,
/// where punctuation and word rules must not touch anything.
pub(crate) fn looks_like_address(token: &str) -> bool {
    if token.contains("://")
        || token.starts_with("www.")
        || token.contains(".com")
        || token.contains(".cn")
    {
        return true;
    }
    if let Some(at) = token.find('@') {
        return token[at..].contains('.');
    }
    false
}

/// The run of non-white-space ASCII-ish characters around byte offset `i` (stopping at white space and at
/// Han characters, which never belong to an address).
pub(crate) fn token_around(text: &str, i: usize) -> &str {
    let stop = |c: char| c.is_whitespace() || is_cjk(c);
    let start = text[..i]
        .char_indices()
        .rev()
        .find(|&(_, c)| stop(c))
        .map_or(0, |(k, c)| k + c.len_utf8());
    let end = text[i..]
        .char_indices()
        .find(|&(_, c)| stop(c))
        .map_or(text.len(), |(k, _)| i + k);
    &text[start..end.max(start)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_breaks_apart() {
        let text = "a\r\n\nb";
        let got: Vec<_> = lines(text).map(|l| (&text[l.content()], l.end)).collect();
        assert_eq!(got, vec![("a", 3), ("", 4), ("b", 5)]);
        assert_eq!(lines("x\n").count(), 1);
        assert_eq!(lines("").count(), 0);
    }

    #[test]
    fn classes() {
        for (c, han, cjk) in [
            ('經', true, true),
            ('，', false, true),
            ('。', false, true),
            ('a', false, false),
            ('’', false, false),
        ] {
            assert_eq!((is_han(c), is_cjk(c)), (han, cjk), "{c}");
        }
    }

    #[test]
    fn addresses() {
        let text = "见 http://www.example.com/a,b 和 x@y.org,z";
        for (at, want) in [
            (text.find(",b").unwrap(), true),
            (text.find(",z").unwrap(), true),
        ] {
            assert_eq!(looks_like_address(token_around(text, at)), want);
        }
        assert!(!looks_like_address(token_around("Chongqing, China", 9)));
    }
}
