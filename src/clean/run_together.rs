//! The `run-together` rule: words glued together where markup was stripped ("talksbetween",
//! "centerLatest"), flagged with the split as the suggestion, never changed automatically.
//!
//! A lower-case word that is not in the English word list and splits into two words that are, or a
//! lower-to-upper case change between two words ("CommerceUndertaker"), is flagged, but only on lines that
//! are mostly English (so French or pinyin words are not split into English ones), and never inside URLs or
//! e-mail addresses.

use super::edits::Edit;
use super::scan;
use super::text::{looks_like_address, token_around};
use super::words::{is_common_short, is_word};

/// Shortest lower-case word considered.
const MIN_LEN: usize = 7;

/// Finds run-together words in `text`.
pub(crate) fn find(text: &str) -> Vec<Edit> {
    let bytes = text.as_bytes();
    let mut edits = Vec::new();
    let mut english_line: Option<(usize, bool)> = None; // (line end, is English)
    // Words are runs of ASCII letters; only runs of six letters or more are looked at.
    for run in scan::runs(bytes, 6, scan::ascii_letters) {
        let (start, end) = (run.start, run.end);
        // Part of a longer token with digits, non-ASCII letters or apostrophes: not a plain word.
        let glued =
            |b: Option<&u8>| b.is_some_and(|&b| b.is_ascii_digit() || b >= 0x80 || b == b'_');
        if glued(bytes.get(end)) || (start > 0 && glued(bytes.get(start - 1))) {
            continue;
        }
        let word = &text[start..end];
        let Some((split, confidence)) = suggestion(word) else {
            continue;
        };
        let english = match english_line {
            Some((line_end, english)) if start < line_end => english,
            _ => {
                let line_start = memchr::memrchr(b'\n', &bytes[..start]).map_or(0, |k| k + 1);
                let line_end =
                    memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |k| start + k);
                let english = mostly_english(&text[line_start..line_end]);
                english_line = Some((line_end, english));
                english
            }
        };
        if !english || looks_like_address(token_around(text, start)) {
            continue;
        }
        edits.push(Edit::flag(
            start..end,
            split.clone(),
            format!("\"{word}\" is not a word; \"{split}\" are two (words run together where markup was removed?)"),
            confidence,
        ));
    }
    edits
}

/// The split of a run-together word and how sure it is.
fn suggestion(word: &str) -> Option<(String, f32)> {
    let bytes = word.as_bytes();
    // A case change inside the word: "centerLatest", "CommerceUndertaker".
    if let Some(k) = (1..bytes.len())
        .find(|&k| bytes[k - 1].is_ascii_lowercase() && bytes[k].is_ascii_uppercase())
    {
        let (left, right) = word.split_at(k);
        if left.len() >= 3
            && right.len() >= 3
            && right[1..].bytes().all(|b| b.is_ascii_lowercase())
            && is_word(left)
            && is_word(right)
            && !is_word(word)
        {
            return Some((format!("{left} {right}"), 0.6));
        }
        return None;
    }
    if word.len() < MIN_LEN || !bytes.iter().all(u8::is_ascii_lowercase) || is_word(word) {
        return None;
    }
    // Plain plurals and verb forms of known words are words, even where the list lacks them.
    for suffix in ["s", "es", "ed", "ing", "ly"] {
        if word.strip_suffix(suffix).is_some_and(is_word) {
            return None;
        }
    }
    let ok = |part: &str| {
        if part.len() <= 2 {
            is_common_short(part)
        } else {
            is_word(part)
        }
    };
    let best = (2..=word.len() - 2)
        .filter(|&k| ok(&word[..k]) && ok(&word[k..]))
        .max_by_key(|&k| (k.min(word.len() - k), k))?;
    let (left, right) = word.split_at(best);
    let confidence = if left.len().min(right.len()) >= 4 {
        0.7
    } else {
        0.5
    };
    Some((format!("{left} {right}"), confidence))
}

/// Whether most of the line's letter words are English words.
fn mostly_english(line: &str) -> bool {
    let mut words = 0;
    let mut known = 0;
    for w in line
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2)
        .take(200)
    {
        words += 1;
        if is_word(w) {
            known += 1;
        }
    }
    words >= 3 && known * 10 >= words * 6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases = [
            (
                "which facilitated collaborations and talksbetween companies from two cities",
                vec!["talks between"],
            ),
            (
                "Position:HomeNews centerLatest news from the city",
                vec!["Home News", "center Latest"],
            ),
            (
                "The trip marks the first year anniversary of the office",
                vec![],
            ),
            ("Chongqing is a socioeconomic model for the region", vec![]),
            (
                "see www.talksbetween.com for the schedule of the talks",
                vec![],
            ),
            ("le gouvernement a annoncé une nouvelle politique", vec![]),
            (
                "YouTube and iPhone are brand names used in the text",
                vec![],
            ),
        ];
        for (input, want) in cases {
            let got: Vec<String> = find(input).into_iter().map(|e| e.after).collect();
            assert_eq!(got, want, "{input}");
        }
    }
}
