//! Cutting a segment into the units a match score counts: one token per Chinese character, one per word
//! or number in Latin script, one per punctuation mark.
//!
//! This is how CAT tools score: character-based for Chinese (which has no spaces), word-based for English,
//! and a sentence in either language mixes both (`G20`, `2025年`). Each [`Token`] keeps its byte range in the
//! text (for highlighting) and a folded key (for comparing): lower case, full-width forms folded (`１２` =
//! `12`, `，` = `,`, `。` = `.`), thousands separators dropped from numbers (`1,200` = `1200`).

use unicode_normalization::UnicodeNormalization;

/// One token of a segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the token in the text.
    pub start: usize,
    /// Byte offset just past the token.
    pub end: usize,
    /// The folded form tokens are compared by.
    pub key: String,
}

/// Whether `c` is a Han character (CJK unified ideographs, extensions, compatibility ideographs, `〇`).
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3007}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2A6DF}'
        | '\u{2A700}'..='\u{2EBEF}'
        | '\u{30000}'..='\u{3134F}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_han(c)
}

/// What a token is, as the scanner finds it.
#[derive(Clone, Copy)]
enum Kind {
    Han(char),
    Word,
    Punct(char),
}

/// Walks the tokens of `text`, calling `emit(start, end, kind)` for each: the one place that decides where
/// tokens begin and end, shared by [`tokenize`] and [`write_key`].
fn scan(text: &str, mut emit: impl FnMut(usize, usize, Kind)) {
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if is_han(c) {
            emit(start, start + c.len_utf8(), Kind::Han(c));
            continue;
        }
        if is_word_char(c) {
            let mut end = start + c.len_utf8();
            while let Some(&(i, next)) = chars.peek() {
                let joins = if is_word_char(next) {
                    true
                } else {
                    // A separator joins digits (1,200.5) or letters (China's) on both sides.
                    let prev = text[..i].chars().next_back();
                    let ahead = text[i + next.len_utf8()..].chars().next();
                    let digits = |c: Option<char>| c.is_some_and(|c| c.is_numeric());
                    let letters =
                        |c: Option<char>| c.is_some_and(|c| c.is_alphabetic() && !is_han(c));
                    match next {
                        '.' | ',' | '，' | '．' => digits(prev) && digits(ahead),
                        '\'' | '’' => letters(prev) && letters(ahead),
                        _ => false,
                    }
                };
                if !joins {
                    break;
                }
                end = i + next.len_utf8();
                chars.next();
            }
            emit(start, end, Kind::Word);
            continue;
        }
        emit(start, start + c.len_utf8(), Kind::Punct(c));
    }
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 2);
    scan(text, |start, end, kind| {
        let key = match kind {
            Kind::Han(c) => fold_han(c),
            Kind::Word => fold_word(&text[start..end]),
            Kind::Punct(c) => fold_punct(c),
        };
        out.push(Token { start, end, key });
    });
    out
}

/// Appends the match key of `text` to `out`: the same as [`key_string`] of [`tokenize`], without a string
/// per token. The common cases (a unified ideograph, an ASCII word or mark) are their own NFKC form and are
/// copied as they are; this is the hot path of a large import.
pub fn write_key(text: &str, out: &mut String) {
    let mut first = true;
    scan(text, |start, end, kind| {
        if !first {
            out.push(' ');
        }
        first = false;
        match kind {
            Kind::Han(c) if !('\u{F900}'..='\u{FAFF}').contains(&c) => out.push(c),
            Kind::Han(c) => out.push_str(&fold_han(c)),
            Kind::Word => {
                let word = &text[start..end];
                if word
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'\'' || b == b'.')
                {
                    let at = out.len();
                    out.push_str(word);
                    out[at..].make_ascii_lowercase();
                } else {
                    out.push_str(&fold_word(word));
                }
            }
            Kind::Punct(c) if c.is_ascii() => out.push(c),
            Kind::Punct(c) => out.push_str(&fold_punct(c)),
        }
    });
}

fn fold_han(c: char) -> String {
    // Compatibility ideographs (U+F900 block) fold to their unified forms.
    c.to_string().nfkc().collect()
}

fn fold_word(word: &str) -> String {
    let folded: String = word.nfkc().flat_map(char::to_lowercase).collect();
    let folded = folded.replace('’', "'");
    let numeric = folded
        .chars()
        .all(|c| c.is_ascii_digit() || c == ',' || c == '.');
    if numeric && folded.contains(',') {
        let groups: Vec<&str> = folded.split('.').next().unwrap_or("").split(',').collect();
        let thousands = groups.len() > 1 && groups[1..].iter().all(|g| g.len() == 3);
        if thousands {
            return folded.replace(',', "");
        }
    }
    folded
}

fn fold_punct(c: char) -> String {
    let mapped = match c {
        '。' | '｡' => '.',
        '、' => ',',
        '“' | '”' | '„' | '「' | '」' | '『' | '』' => '"',
        '‘' | '’' => '\'',
        '《' | '〈' => '<',
        '》' | '〉' => '>',
        '【' | '〔' => '[',
        '】' | '〕' => ']',
        '—' | '–' | '―' => '-',
        '…' => '.',
        _ => c,
    };
    mapped.to_string().nfkc().collect()
}

/// The tokens' keys joined by spaces: the match key of a whole segment (tokens never hold spaces).
pub fn key_string(tokens: &[Token]) -> String {
    let mut out = String::new();
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&t.key);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.key).collect()
    }

    #[test]
    fn chinese_by_character_english_by_word() {
        let cases: &[(&str, &[&str])] = &[
            ("两江新区", &["两", "江", "新", "区"]),
            ("The Belt and Road.", &["the", "belt", "and", "road", "."]),
            ("增长12%。", &["增", "长", "12", "%", "."]),
            (
                "China's GDP grew 1,200.5 units",
                &["china's", "gdp", "grew", "1200.5", "units"],
            ),
            ("G20峰会", &["g20", "峰", "会"]),
            ("１２，ＡＢ", &["12", ",", "ab"]),
            ("“重庆”、成都", &["\"", "重", "庆", "\"", ",", "成", "都"]),
            ("1,2 and 3, 4", &["1,2", "and", "3", ",", "4"]),
            ("𠀀x", &["𠀀", "x"]),
            ("  ", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(keys(text), *want, "{text}");
        }
    }

    #[test]
    fn the_fast_key_is_the_tokens_key() {
        let fixed = [
            "The Belt and Road.",
            "China's GDP grew 1,200.5 units, 1,2 and 3, 4",
            "１２，ＡＢ “重庆”、成都 G20峰会 𠀀x 﨎 ﬁne Ǆ İstanbul",
            "",
            "  ",
            "a’b 1．5 x，y ①②",
        ];
        for text in fixed {
            let mut fast = String::new();
            write_key(text, &mut fast);
            assert_eq!(fast, key_string(&tokenize(text)), "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_fast_key_agrees_on_any_text(text in "[a-zA-Z0-9 ,.'’，．。、“”重庆區﨎ＡＢ１２ÉéǄİ①\\-]{0,40}") {
            let mut fast = String::new();
            write_key(&text, &mut fast);
            proptest::prop_assert_eq!(fast, key_string(&tokenize(&text)));
        }
    }

    #[test]
    fn ranges_point_into_the_text() {
        let text = "重庆 grew 12%";
        let toks = tokenize(text);
        let pieces: Vec<&str> = toks.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(pieces, ["重", "庆", "grew", "12", "%"]);
        assert_eq!(key_string(&toks), "重 庆 grew 12 %");
    }
}
