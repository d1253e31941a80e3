//! The `run-together` rule: words glued together where markup was stripped ("talksbetween",
//! "centerLatest"), flagged with the split as the suggestion, never changed automatically.
//!
//! A lower-case word that is not in the English word list and splits into two words that are, or a
//! lower-to-upper case change between two words ("CommerceUndertaker"), is flagged, but only on lines that
//! are mostly English (so French or pinyin words are not split into English ones), and never inside URLs or
//! e-mail addresses.
//!
//! A case change is also how brands are written ("PayPal", "JavaScript", "ByteDance", "SenseTime"), so it is
//! read as glue only where the shape of the page says so. Both halves must be words of the list of at least
//! four letters, and the whole must not be one (the list has "javascript", "paypal", "youtube"); then:
//! - a lower-case left half ("centerLatest") is glue: brands that start in lower case have a one-letter
//!   prefix ("iPhone", "eBay");
//! - two capitalised halves are glue when the right one is a header label followed by a colon
//!   ("CommerceUndertaker:", "AssociationTel:", where a three-letter label will do) or a navigation word
//!   ("HomeNews"), since stripped markup glues a header's fields and a menu's items; or when both halves are
//!   long (five letters or more, twelve together), as brand names seldom are. "ByteDance", "SenseTime",
//!   "PowerChina", "WeChat", "McDonald" and "LinkedIn" are left alone.
//!
//! The rule runs after `boilerplate`, which moves header lines out of the text; the lines moved aside are
//! looked at separately ([`super::side_lines`]), so that the editor still sees the split there.

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
        let Some((split, confidence)) = suggestion(word, &text[end..]) else {
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

/// Shortest half of a word split at a case change ("Home|News"); a header label before a colon may be
/// shorter ("Association|Tel:").
const MIN_CASE_HALF: usize = 4;

/// Header labels, which stripped markup glues to the value before them ("CommerceUndertaker: ...").
const LABELS: &[&str] = &[
    "address",
    "author",
    "contact",
    "date",
    "editor",
    "email",
    "fax",
    "host",
    "organiser",
    "organizer",
    "phone",
    "posted",
    "published",
    "reporter",
    "source",
    "sponsor",
    "tel",
    "telephone",
    "time",
    "undertaker",
    "updated",
    "views",
    "writer",
];

/// Navigation words, which stripped markup glues to the menu item before them ("HomeNews").
const NAVIGATION: &[&str] = &[
    "about", "contact", "english", "home", "latest", "news", "print", "related", "share", "sitemap",
];

/// The split of a run-together word and how sure it is; `after`: the text that follows the word.
fn suggestion(word: &str, after: &str) -> Option<(String, f32)> {
    let bytes = word.as_bytes();
    // A case change inside the word: "centerLatest", "CommerceUndertaker".
    if let Some(k) = (1..bytes.len())
        .find(|&k| bytes[k - 1].is_ascii_lowercase() && bytes[k].is_ascii_uppercase())
    {
        return case_split(word, k, after);
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

/// The split of `word` at the case change before byte `k`, if the page's shape says it is glue (see the
/// module documentation); `after`: the text that follows the word.
fn case_split(word: &str, k: usize, after: &str) -> Option<(String, f32)> {
    let (left, right) = word.split_at(k);
    let lower = |s: &str| s.bytes().all(|b| b.is_ascii_lowercase());
    // One capital at most, at the start of each half: "HTMLParser" or "JavaScriptCore" are something else.
    if !lower(&left[1..]) || !lower(&right[1..]) {
        return None;
    }
    let is = |list: &[&str], w: &str| list.iter().any(|l| l.eq_ignore_ascii_case(w));
    let colon = || {
        let rest = after.trim_start_matches([' ', '\t']);
        rest.starts_with(':') || rest.starts_with('：')
    };
    let label = is(LABELS, right) && colon();
    let short = left.len() < MIN_CASE_HALF || right.len() < MIN_CASE_HALF && !label;
    if short || !is_word(left) || !is_word(right) || is_word(word) {
        return None;
    }
    let confidence = if left.as_bytes()[0].is_ascii_lowercase() {
        0.6
    } else if label {
        0.7
    } else if is(NAVIGATION, right) {
        0.6
    } else if left.len().min(right.len()) >= 5 && word.len() >= 12 {
        0.5
    } else {
        return None;
    };
    Some((format!("{left} {right}"), confidence))
}

/// Whether most of the line's letter words are English words. Words are also cut at a lower-to-upper
/// case change, so that a line made of glued menu items ("Position:HomeNews centerLatest news") reads as
/// the English it is.
fn mostly_english(line: &str) -> bool {
    let mut words = 0;
    let mut known = 0;
    let pieces = line
        .split(|c: char| !c.is_ascii_alphabetic())
        .flat_map(|w| {
            let b = w.as_bytes();
            let cut = (1..b.len())
                .find(|&k| b[k - 1].is_ascii_lowercase() && b[k].is_ascii_uppercase())
                .filter(|_| !is_word(w))
                .unwrap_or(w.len());
            [&w[..cut], &w[cut..]]
        })
        .filter(|w| w.len() >= 2)
        .take(200);
    for w in pieces {
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
            // Words of the field the general list lacks are not glue.
            (
                "multimodal and intermodal transport cut the cost of transshipment",
                vec![],
            ),
            (
                "Position:HomeNews centerLatest news from the city",
                vec!["Home News", "center Latest"],
            ),
            // A line of glued menu items alone still reads as English.
            (
                "Location:HomeNews centerLatest news",
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
            // A header's fields glued at a case change, before a label's colon.
            (
                "Organised by the office of foreign economic relations and CommerceUndertaker: the export fair office",
                vec!["Commerce Undertaker"],
            ),
            (
                "Enquiries go to the secretariat of the trade AssociationTel: 555 0100",
                vec!["Association Tel"],
            ),
            // Without a colon, long halves are still glue; a label word alone is not.
            (
                "Host: the city bureau for foreign relations CommerceUndertaker the export fair office",
                vec!["Commerce Undertaker"],
            ),
            (
                "the board of the InvestmentPromotion office met in the city hall",
                vec!["Investment Promotion"],
            ),
            // Brands: short halves, in the word list, or not glue-shaped.
            (
                "Payments by PayPal and WeChat, pages in JavaScript, ads on LinkedIn and McDonald menus",
                vec![],
            ),
            (
                "Firms such as ByteDance, SenseTime and PowerChina opened offices in the city",
                vec![],
            ),
            (
                "the HTMLParser and XMLHttpRequest libraries are used by the site",
                vec![],
            ),
            (
                "Visitors came from the MacArthur and FitzGerald foundations",
                vec![],
            ),
        ];
        for (input, want) in cases {
            let got: Vec<String> = find(input).into_iter().map(|e| e.after).collect();
            assert_eq!(got, want, "{input}");
        }
    }
}
