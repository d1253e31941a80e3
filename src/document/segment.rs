//! Sentence segmentation for Chinese and English, tuned for trade and investment releases.
//!
//! Main item: [`sentences`], which returns byte spans of the sentences in a paragraph. Chinese sentences end
//! at 。！？； and …, with closing quotes and brackets kept with their sentence. English sentences end at
//! . ! ? followed by a space and a capital, except after abbreviations ("Co., Ltd.", "U.S.", "Oct.",
//! "No."), initials ("R. Scott"), inside decimals ("1.2657") and after list numbers ("1. The Policy").

use std::ops::Range;

/// Characters that end a Chinese sentence on their own.
fn is_cjk_terminator(c: char) -> bool {
    matches!(
        c,
        '。' | '！' | '？' | '；' | '…' | '｡' | '．' | '‼' | '⁇' | '⁈' | '⁉'
    )
}

/// Characters that may end an English sentence.
fn is_latin_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?')
}

/// Closing quotes and brackets that stay with the sentence they close.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’'
            | '"'
            | '\''
            | '」'
            | '』'
            | '）'
            | ')'
            | '】'
            | '》'
            | '〉'
            | ']'
            | '〕'
            | '｝'
            | '}'
            | '»'
            | '›'
    )
}

/// Whether `c` is a Han character (CJK Unified Ideographs and extensions, compatibility ideographs).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2A6DF | 0x2A700..=0x2EBEF
        | 0x2F800..=0x2FA1F | 0x30000..=0x323AF | 0x3007)
}

/// Abbreviations after which a period never ends a sentence (titles and prefixes that need a following word).
const NEVER_FINAL: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "sen", "rep", "gov", "col", "capt", "lt", "sgt",
    "hon", "rev", "vs", "fig", "figs", "vol", "vols", "pp", "p", "no", "nos", "art", "sec", "ch",
    "para", "approx", "e.g", "i.e", "cf", "mt", "ft", "ave", "blvd", "rd", "dept", "univ", "assn",
    "bros", "messrs", "pres", "supt", "adm", "maj", "cmdr", "ref", "tel", "ext", "min", "max",
];

/// Abbreviations that can end a sentence: a period after them ends it only when the next word is a
/// typical sentence opener ("... Co., Ltd. The company ..."), not a name or noun ("U.S. President").
const MAYBE_FINAL: &[&str] = &[
    "co", "ltd", "inc", "corp", "plc", "llc", "llp", "jr", "sr", "etc", "u.s", "u.k", "u.n", "e.u",
    "p.r.c", "a.m", "p.m", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "est",
    "al",
];

/// Words that typically open a sentence; used to decide after a [`MAYBE_FINAL`] abbreviation.
const SENTENCE_OPENERS: &[&str] = &[
    "the",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "in",
    "on",
    "at",
    "as",
    "but",
    "and",
    "however",
    "meanwhile",
    "also",
    "after",
    "before",
    "according",
    "there",
    "their",
    "our",
    "a",
    "an",
    "for",
    "with",
    "by",
    "from",
    "to",
    "since",
    "while",
    "when",
    "if",
    "his",
    "her",
    "both",
    "each",
    "all",
    "some",
    "many",
    "most",
    "other",
    "such",
    "last",
    "next",
    "during",
    "under",
    "over",
    "what",
    "why",
    "how",
    "where",
    "who",
    "which",
    "besides",
    "moreover",
    "furthermore",
    "then",
    "so",
    "yet",
    "now",
    "today",
    "currently",
    "overall",
    "first",
    "second",
    "third",
    "finally",
];

/// Byte spans of the sentences in `text` (one paragraph), trimmed of surrounding whitespace.
/// Both Chinese and English rules apply, so mixed paragraphs segment sensibly.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (_, c) = chars[i];
        let end_after = if is_cjk_terminator(c) {
            Some(absorb_closers(&chars, i + 1))
        } else if is_latin_terminator(c) {
            latin_boundary(text, &chars, i, start)
        } else if c == '\n' && i + 1 < chars.len() && chars[i + 1].1 == '\n' {
            // A blank line inside a paragraph always separates.
            Some(i)
        } else {
            None
        };
        if let Some(j) = end_after {
            let end = chars.get(j).map_or(text.len(), |&(b, _)| b);
            push_trimmed(text, start..end, &mut out);
            start = end;
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

/// Index just after any further terminators and closing quotes/brackets that follow position `i`.
fn absorb_closers(chars: &[(usize, char)], mut i: usize) -> usize {
    while i < chars.len() {
        let c = chars[i].1;
        if is_closer(c) || is_cjk_terminator(c) || is_latin_terminator(c) {
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// Decides whether the Latin terminator at `i` ends a sentence; returns the index after the sentence end.
fn latin_boundary(
    text: &str,
    chars: &[(usize, char)],
    i: usize,
    sent_start: usize,
) -> Option<usize> {
    let end = absorb_closers(chars, i + 1);
    // A terminator followed directly by a Han character ends a sentence in mixed text ("...Ltd.。" is rare,
    // but "WTO.中国" happens in scraped pages).
    let next = chars.get(end).map(|&(_, c)| c);
    let Some(next) = next else {
        return Some(end);
    };
    if is_han(next) {
        return Some(end);
    }
    if !next.is_whitespace() {
        // "1.2657", "U.S.", "e.g.," and "www.example.com" are not sentence ends.
        return None;
    }
    // Find the first character of the next word.
    let mut k = end;
    while k < chars.len() && chars[k].1.is_whitespace() {
        k += 1;
    }
    let Some(&(next_byte, first)) = chars.get(k) else {
        return Some(end);
    };
    let opens_sentence = first.is_uppercase()
        || first.is_ascii_digit()
        || is_han(first)
        || matches!(
            first,
            '"' | '“' | '‘' | '\'' | '(' | '[' | '「' | '《' | '—' | '–' | '•'
        );
    if !opens_sentence {
        return None;
    }
    if is_han(first)
        && !NEVER_FINAL.contains(
            &word_before(text, chars, i, sent_start)
                .to_lowercase()
                .as_str(),
        )
    {
        // Chinese after an English sentence starts the next sentence (a bilingual paragraph), even after
        // "Co., Ltd." or "U.S.", where a following English word would have to open a sentence.
        return Some(end);
    }
    if chars[i].1 != '.' || end > i + 1 && chars[i + 1].1 == '.' {
        // ! and ? always end; so does an ellipsis "..." before a capital.
        return Some(end);
    }
    let word = word_before(text, chars, i, sent_start);
    let lower = word.to_lowercase();
    let next_word = next_word(text, next_byte);
    if is_initial(word) {
        return None;
    }
    if is_list_number(text, sent_start, chars[i].0, word) {
        return None;
    }
    if NEVER_FINAL.contains(&lower.as_str()) {
        return None;
    }
    if MAYBE_FINAL.contains(&lower.as_str()) || is_dotted_acronym(word) {
        let opener = next_word.to_lowercase();
        return SENTENCE_OPENERS.contains(&opener.as_str()).then_some(end);
    }
    Some(end)
}

/// The token (letters, digits and inner periods) just before position `i`, e.g. "Ltd", "U.S", "R", "1".
fn word_before<'a>(text: &'a str, chars: &[(usize, char)], i: usize, floor: usize) -> &'a str {
    let end = chars[i].0;
    let mut k = i;
    while k > 0 {
        let (b, c) = chars[k - 1];
        if b < floor || !(c.is_alphanumeric() || c == '.' || c == '\'') || is_han(c) {
            break;
        }
        k -= 1;
    }
    let start = chars.get(k).map_or(end, |&(b, _)| b);
    text[start..end].trim_start_matches('.')
}

/// The word starting at byte `start`, without leading quotes or brackets.
fn next_word(text: &str, start: usize) -> &str {
    let rest = text[start..].trim_start_matches(|c: char| !c.is_alphanumeric());
    let len = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '\''))
        .unwrap_or(rest.len());
    &rest[..len]
}

/// A single capital letter, as in the initial of "R. Scott" (but not the pronoun "I").
fn is_initial(word: &str) -> bool {
    let mut cs = word.chars();
    matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase() && c != 'I')
}

/// "U.S", "P.R.C", "e.g": letters separated by periods.
fn is_dotted_acronym(word: &str) -> bool {
    word.contains('.')
        && word
            .split('.')
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
}

/// "1." or "iv." or "a." at the start of a sentence is a list number, not a sentence.
fn is_list_number(text: &str, sent_start: usize, period_byte: usize, word: &str) -> bool {
    let before = text[sent_start..period_byte].trim();
    if before != word {
        return false;
    }
    let w = word.to_ascii_lowercase();
    (!w.is_empty() && w.len() <= 3 && w.chars().all(|c| c.is_ascii_digit()))
        || (w.len() <= 4 && w.chars().all(|c| matches!(c, 'i' | 'v' | 'x')))
        || (w.len() == 1 && w.chars().all(|c| c.is_ascii_lowercase()))
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let slice = &text[range.clone()];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead + trail < slice.len() {
        out.push(range.start + lead..range.end - trail);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn hard_cases() {
        let cases: &[(&str, &[&str])] = &[
            // Chinese terminators, closing quotes and brackets stay with their sentence.
            (
                "两江新区成立于2010年。它是内陆首个国家级新区！",
                &["两江新区成立于2010年。", "它是内陆首个国家级新区！"],
            ),
            (
                "他说：“合作很成功。”双方将继续努力。",
                &["他说：“合作很成功。”", "双方将继续努力。"],
            ),
            (
                "一是考察；二是投资（已签约。）三是展览？",
                &["一是考察；", "二是投资（已签约。）", "三是展览？"],
            ),
            ("发展前景……令人期待。", &["发展前景……", "令人期待。"]),
            (
                "「第一句。」『第二句！』",
                &["「第一句。」", "『第二句！』"],
            ),
            // Company names and abbreviations.
            (
                "Partners include Changan Ford Co., Ltd. and Otis Inc. of the U.S. market.",
                &["Partners include Changan Ford Co., Ltd. and Otis Inc. of the U.S. market."],
            ),
            (
                "The deal was signed with ABC Co., Ltd. The company will invest more.",
                &[
                    "The deal was signed with ABC Co., Ltd.",
                    "The company will invest more.",
                ],
            ),
            (
                "The U.S. President visited. He left.",
                &["The U.S. President visited.", "He left."],
            ),
            (
                "It opened on Oct. 16, 2020 in No. 5 Hall.",
                &["It opened on Oct. 16, 2020 in No. 5 Hall."],
            ),
            (
                "Mr. Li met Dr. Smith. They talked.",
                &["Mr. Li met Dr. Smith.", "They talked."],
            ),
            // Initials, decimals, ellipses, list numbers.
            (
                "Contact R. Scott Heinlein today. He coordinates.",
                &["Contact R. Scott Heinlein today.", "He coordinates."],
            ),
            (
                "GDP reached 1.2657 trillion yuan. Trade grew.",
                &["GDP reached 1.2657 trillion yuan.", "Trade grew."],
            ),
            (
                "Wait... What happened? Nothing... really.",
                &["Wait...", "What happened?", "Nothing... really."],
            ),
            (
                "1. The Policy – what companies may do.",
                &["1. The Policy – what companies may do."],
            ),
            ("iv. The Result is clear.", &["iv. The Result is clear."]),
            // Quotes after the terminator.
            (
                "\"It is a good start,\" he said. \"We agree.\" Talks went on.",
                &[
                    "\"It is a good start,\" he said.",
                    "\"We agree.\"",
                    "Talks went on.",
                ],
            ),
            (
                "Visit www.example.com. Then call.",
                &["Visit www.example.com.", "Then call."],
            ),
            (
                "Prices rose 3.5 percent. Exports fell!",
                &["Prices rose 3.5 percent.", "Exports fell!"],
            ),
            // Lower-case continuation never splits.
            (
                "The plan includes e.g. new roads and i.e. ports.",
                &["The plan includes e.g. new roads and i.e. ports."],
            ),
            // Mixed paragraph.
            (
                "Source:中美合作网。Author: staff. Date: 2014",
                &["Source:中美合作网。", "Author: staff.", "Date: 2014"],
            ),
            // Bilingual paragraphs: a Chinese sentence and its English one, and back.
            (
                "中文句子。English sentence. 另一句。Another one.",
                &[
                    "中文句子。",
                    "English sentence.",
                    "另一句。",
                    "Another one.",
                ],
            ),
            (
                "He works for ABC Co., Ltd. 他在该公司工作。It is in the U.S. 它在美国。",
                &[
                    "He works for ABC Co., Ltd.",
                    "他在该公司工作。",
                    "It is in the U.S.",
                    "它在美国。",
                ],
            ),
            (
                "“合作很成功。”“It went well.”双方满意！Both sides are pleased!",
                &[
                    "“合作很成功。”",
                    "“It went well.”",
                    "双方满意！",
                    "Both sides are pleased!",
                ],
            ),
            ("", &[]),
            ("   ", &[]),
            ("No terminator at all", &["No terminator at all"]),
        ];
        for (text, want) in cases {
            assert_eq!(split(text), *want, "input: {text}");
        }
    }

    #[test]
    fn spans_cover_only_text() {
        let text = "  第一句。  Second one. ";
        for r in sentences(text) {
            let s = &text[r];
            assert_eq!(s, s.trim());
        }
    }

    #[test]
    fn han_ranges() {
        for c in ['渝', '碚', '兩', '區', '滙', '𠀀'] {
            assert!(is_han(c), "{c}");
        }
        for c in ['a', '。', 'ー', '한'] {
            assert!(!is_han(c), "{c}");
        }
    }
}
