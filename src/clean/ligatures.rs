//! The `ligatures` rule: text copied out of PDFs where an fi/fl/ffi/ffl ligature came apart
//! ("off i cials", "brief i ngs", "a f i le"), and the ligature characters themselves (ﬁ → fi).
//!
//! A split is joined only when the joined word is in the English word list. Letter-spaced text
//! ("s e l f i e") is left alone: a lone letter after the `i`/`l`, or four single letters in a row, mean
//! spacing, not a broken ligature. A split whose join is not a word ("tariff l ines") is flagged.

use super::edits::Edit;
use super::words::is_word;

/// Finds ligature characters and split ligatures in `text`.
pub(crate) fn find(text: &str) -> Vec<Edit> {
    let bytes = text.as_bytes();
    let mut edits = Vec::new();
    // U+FB00..=U+FB06 are EF AC 80..=86 in UTF-8.
    for at in memchr::memmem::find_iter(bytes, b"\xEF\xAC") {
        let Some(&third) = bytes.get(at + 2) else {
            continue;
        };
        let letters = match third {
            0x80 => "ff",
            0x81 => "fi",
            0x82 => "fl",
            0x83 => "ffi",
            0x84 => "ffl",
            0x85 | 0x86 => "st",
            _ => continue,
        };
        let lig = &text[at..at + 3];
        edits.push(Edit::fix(
            at..at + 3,
            letters,
            format!("ligature character {lig} written as letters"),
            0.99,
        ));
    }
    for pattern in [&b" i "[..], &b" l "[..]] {
        for at in memchr::memmem::find_iter(bytes, pattern) {
            if let Some(edit) = split_at(text, at) {
                edits.push(edit);
            }
        }
    }
    edits.sort_by_key(|e| e.range.start);
    // A split and a ligature character never share bytes, but two splits can ("f i f i"): keep the first.
    let mut kept: Vec<Edit> = Vec::with_capacity(edits.len());
    for e in edits {
        if kept.last().is_none_or(|k| k.range.end <= e.range.start) {
            kept.push(e);
        }
    }
    kept
}

fn is_letter(b: u8) -> bool {
    b.is_ascii_alphabetic()
}

/// A split around the lone `i`/`l` at `at + 1` (`at` is the space before it).
fn split_at(text: &str, at: usize) -> Option<Edit> {
    let bytes = text.as_bytes();
    // Left fragment: letters ending in f, right before the space.
    if at == 0 || !matches!(bytes[at - 1], b'f' | b'F') {
        return None;
    }
    let left_start = bytes[..at]
        .iter()
        .rposition(|&b| !is_letter(b))
        .map_or(0, |k| k + 1);
    if text[..left_start]
        .chars()
        .next_back()
        .is_some_and(|c| !is_boundary(c))
    {
        return None;
    }
    // Right fragment: lower-case letters after "i " / "l ".
    let right_start = at + 3;
    let right_end = bytes[right_start..]
        .iter()
        .position(|&b| !is_letter(b))
        .map_or(bytes.len(), |k| right_start + k);
    if right_end == right_start
        || !bytes[right_start..right_end]
            .iter()
            .all(u8::is_ascii_lowercase)
    {
        return None;
    }
    if text[right_end..]
        .chars()
        .next()
        .is_some_and(|c| !is_boundary(c))
    {
        return None;
    }
    let left = &text[left_start..at];
    let middle = &text[at + 1..at + 2];
    let right = &text[right_start..right_end];
    // Letter-spaced text: "s e l f i e", "I f i x".
    if right.len() == 1
        || single_letters_before(bytes, left_start) + usize::from(left.len() == 1) + 1 >= 4
    {
        return None;
    }
    let joined = format!("{left}{middle}{right}");
    if is_word(&joined) {
        // "if i can": two real words around a lone pronoun is prose, whatever they join to.
        if middle == "i" && right.len() >= 3 && is_word(left) && is_word(right) {
            return None;
        }
        return Some(Edit::fix(
            left_start..right_end,
            joined.clone(),
            format!(
                "split ligature: \"{}\" joins into the word \"{joined}\"",
                &text[left_start..right_end]
            ),
            0.95,
        ));
    }
    // A lone "l" is never a word; a lone "i" is, so it is only suspicious before a non-word.
    if right.len() >= 2 && left.len() >= 2 && (middle == "l" || !is_word(right)) {
        let original = &text[left_start..right_end];
        return Some(Edit::flag(
            left_start..right_end,
            original,
            format!(
                "possible split ligature in \"{original}\", but \"{joined}\" is not a known word; left as is"
            ),
            0.3,
        ));
    }
    None
}

/// Whether a character can end a word: not a letter or digit (of any script), hyphen or apostrophe.
fn is_boundary(c: char) -> bool {
    !(c.is_alphanumeric() || c == '-' || c == '\'')
}

/// How many one-letter words come right before `pos` ("a b c" → 3).
fn single_letters_before(bytes: &[u8], pos: usize) -> usize {
    let mut count = 0;
    let mut p = pos;
    while p >= 2
        && bytes[p - 1] == b' '
        && is_letter(bytes[p - 2])
        && (p < 3 || !is_letter(bytes[p - 3]))
    {
        count += 1;
        p -= 2;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::ChangeKind;

    fn run(text: &str) -> (String, usize) {
        let edits = find(text);
        let flags = edits.iter().filter(|e| e.kind == ChangeKind::Flag).count();
        let mut out = String::new();
        let mut pos = 0;
        for e in edits.iter().filter(|e| e.kind == ChangeKind::Fix) {
            out.push_str(&text[pos..e.range.start]);
            out.push_str(&e.after);
            pos = e.range.end;
        }
        out.push_str(&text[pos..]);
        (out, flags)
    }

    #[test]
    fn table() {
        let cases = [
            (
                "government off i cials, enterprises",
                "government officials, enterprises",
                0,
            ),
            (
                "hold investment brief i ngs of 10",
                "hold investment briefings of 10",
                0,
            ),
            (
                "the Fair specif i cally holds",
                "the Fair specifically holds",
                0,
            ),
            ("Off i cials said", "Officials said", 0),
            ("please download a f i le", "please download a file", 0),
            ("a f l ow of goods", "a flow of goods", 0),
            ("the oﬃcial ﬁgures", "the official figures", 0),
            ("I f i x", "I f i x", 0),
            ("s e l f i e", "s e l f i e", 0),
            ("the value of i is 3", "the value of i is 3", 0),
            (
                "\"if i can help,\" he said",
                "\"if i can help,\" he said",
                0,
            ),
            ("Section 2(f) i think", "Section 2(f) i think", 0),
            ("tariff l ines", "tariff l ines", 1),
            ("staff in the office", "staff in the office", 0),
            ("off i cials：", "officials：", 0),
            ("(off i cials)", "(officials)", 0),
            ("off i ciëls", "off i ciëls", 0),
        ];
        for (input, want, flags) in cases {
            assert_eq!(run(input), (want.to_string(), flags), "{input}");
        }
    }
}
