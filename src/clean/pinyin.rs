//! The `pinyin` rule: inline pinyin annotations after Han characters, `經(jīng)貿(mào)` → `經貿`.
//!
//! An annotation is removed only when it is one toned (`jīng`) or tone-numbered (`jing1`) syllable in
//! brackets right after a Han character, and that syllable is a reading of the character (the `pinyin`
//! crate's heteronym table). On a line with at least three such annotations, untoned syllables that are
//! readings of their character (`們(men)`) go too: the line is clearly annotated throughout. Everything else in
//! brackets stays: `世界贸易组织(WTO)`, `人民币(yuan)`, `第五条(a)项`; a toned syllable that is not a reading
//! (`經(mào)`) or a toned word gloss (`重庆(chóngqìng)`) is flagged with its removal as the suggestion.

use pinyin::ToPinyinMulti;

use super::edits::Edit;
use super::text::{char_before, is_han};

/// Lines with at least this many certain annotations are treated as annotated throughout.
const DOCUMENT_MODE: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syllable {
    /// Has a tone mark.
    Toned,
    /// Ends with a tone number 1–5.
    Numbered,
    /// Plain letters.
    Plain,
}

struct Candidate {
    /// From the opening bracket to after the closing one.
    start: usize,
    end: usize,
    han: char,
    content: String,
    syllable: Syllable,
    reading: bool,
}

/// Finds the annotations in `text`.
pub(crate) fn find(text: &str) -> Vec<Edit> {
    let bytes = text.as_bytes();
    let mut opens: Vec<usize> = memchr::memchr_iter(b'(', bytes).collect();
    opens.extend(memchr::memmem::find_iter(bytes, "（".as_bytes()));
    if opens.is_empty() {
        return Vec::new();
    }
    opens.sort_unstable();
    let mut edits = Vec::new();
    let mut line: Vec<Candidate> = Vec::new();
    let mut line_end = 0;
    for open in opens {
        if open >= line_end && !line.is_empty() {
            emit(&mut line, &mut edits);
        }
        if open >= line_end {
            line_end = memchr::memchr(b'\n', &bytes[open..]).map_or(bytes.len(), |k| open + k);
        }
        if let Some(c) = candidate(text, open) {
            line.push(c);
        }
    }
    emit(&mut line, &mut edits);
    edits
}

fn emit(line: &mut Vec<Candidate>, edits: &mut Vec<Edit>) {
    let certain = line
        .iter()
        .filter(|c| c.reading && c.syllable != Syllable::Plain)
        .count();
    for c in line.drain(..) {
        let range = c.start..c.end;
        match (c.syllable, c.reading) {
            (Syllable::Toned | Syllable::Numbered, true) => edits.push(Edit::fix(
                range,
                "",
                format!("pinyin annotation ({}) after {}, one of its readings", c.content, c.han),
                if c.syllable == Syllable::Toned { 0.98 } else { 0.95 },
            )),
            (Syllable::Plain, true) if certain >= DOCUMENT_MODE => edits.push(Edit::fix(
                range,
                "",
                format!(
                    "untoned pinyin ({}) after {} on a line annotated throughout ({certain} annotations)",
                    c.content, c.han
                ),
                0.8,
            )),
            (Syllable::Toned, false) => edits.push(Edit::flag(
                range,
                "",
                format!(
                    "({}) after {} looks like pinyin but is not a reading of {}: a gloss or a wrong annotation; kept",
                    c.content, c.han, c.han
                ),
                0.4,
            )),
            _ => {}
        }
    }
}

/// The bracketed syllable opening at `open`, if it follows a Han character.
fn candidate(text: &str, open: usize) -> Option<Candidate> {
    let han = char_before(text, open).filter(|&c| is_han(c))?;
    let open_len = if text.as_bytes()[open] == b'(' {
        1
    } else {
        '（'.len_utf8()
    };
    let inner_start = open + open_len;
    let mut content = String::new();
    let mut close = None;
    for (k, ch) in text[inner_start..].char_indices().take(16) {
        if ch == ')' || ch == '）' {
            close = Some(inner_start + k + ch.len_utf8());
            break;
        }
        content.push(ch);
    }
    let end = close?;
    let syllable = classify(&content)?;
    let reading = is_reading(han, &content, syllable);
    Some(Candidate {
        start: open,
        end,
        han,
        content,
        syllable,
        reading,
    })
}

const TONED: &str = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ";

fn classify(content: &str) -> Option<Syllable> {
    let (letters, digit) = match content.char_indices().last() {
        Some((k, d @ '0'..='5')) => (&content[..k], Some(d)),
        _ => (content, None),
    };
    if letters.is_empty() || letters.chars().count() > 14 {
        return None;
    }
    let mut toned = false;
    for ch in letters.chars().flat_map(char::to_lowercase) {
        if TONED.contains(ch) {
            toned = true;
        } else if !(ch.is_ascii_lowercase() || ch == 'ü') {
            return None;
        }
    }
    match (toned, digit) {
        (true, None) => Some(Syllable::Toned),
        (false, Some(_)) => Some(Syllable::Numbered),
        (false, None) => Some(Syllable::Plain),
        (true, Some(_)) => None,
    }
}

/// Whether `content` is a reading of `han`.
fn is_reading(han: char, content: &str, syllable: Syllable) -> bool {
    let Some(readings) = han.to_pinyin_multi() else {
        return false;
    };
    let lower: String = content.chars().flat_map(char::to_lowercase).collect();
    let lower = match syllable {
        Syllable::Numbered => lower.replace('v', "ü"),
        _ => lower,
    };
    readings.into_iter().any(|p| match syllable {
        Syllable::Toned => p.with_tone() == lower,
        Syllable::Numbered => {
            let want = p.with_tone_num_end();
            // The neutral tone has no number in the table; 5 and 0 are the usual ways to write it.
            want == lower
                || (!want.ends_with(|c: char| c.is_ascii_digit())
                    && lower.strip_suffix(['5', '0']) == Some(want))
        }
        Syllable::Plain => p.plain() == lower,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (String, usize) {
        let edits = find(text);
        let flags = edits
            .iter()
            .filter(|e| e.kind == super::super::ChangeKind::Flag)
            .count();
        let mut out = String::new();
        let mut pos = 0;
        for e in edits
            .iter()
            .filter(|e| e.kind == super::super::ChangeKind::Fix)
        {
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
            ("全面經(jīng)貿(mào)戰(zhàn)略", "全面經貿戰略", 0),
            ("保稅港區(qū)獲批", "保稅港區獲批", 0),
            ("經(jing1)貿(mao4)合作", "經貿合作", 0),
            ("經（jīng）貿", "經貿", 0),
            ("綠(lv4)色", "綠色", 0),
            (
                "我們(men)的(de)經(jīng)貿(mào)合作領(lǐng)域",
                "我們的經貿合作領域",
                0,
            ),
            ("我們(men5)經貿", "我們經貿", 0),
            ("人民币(yuan)。", "人民币(yuan)。", 0),
            ("世界贸易组织(WTO)", "世界贸易组织(WTO)", 0),
            ("根据第五条(a)项", "根据第五条(a)项", 0),
            ("重庆(chóngqìng)是", "重庆(chóngqìng)是", 1),
            ("經(mào)貿合作", "經(mào)貿合作", 1),
            ("第十七屆渝洽會(2014)", "第十七屆渝洽會(2014)", 0),
            ("Packard (Chongqing)", "Packard (Chongqing)", 0),
            ("經(jīng", "經(jīng", 0),
        ];
        for (input, want, flags) in cases {
            assert_eq!(run(input), (want.to_string(), flags), "{input}");
        }
    }
}
