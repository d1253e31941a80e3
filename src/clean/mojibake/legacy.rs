//! Repairing Chinese text in a legacy encoding (GBK, Big5) that was decoded through a single-byte code page:
//! `µ˜’˚¥Û–°` is the GBK bytes of 调整大小 read as MacRoman, `ÖÐ¹ú` is 中国 read as Windows-1252.
//!
//! A run of non-ASCII characters is a candidate when it looks wrong as it stands (the badness heuristic, or
//! symbols jammed between letters), is not part of a Latin word, and is at least two Chinese characters long.
//! Its bytes under each single-byte code page are decoded strictly as GBK and as Big5; a decoding is accepted
//! only when every character is Chinese and most of them are common ones (GB 2312 level 1 for GBK, the
//! frequently used block of Big5), which random Latin text almost never produces.

use encoding_rs::{BIG5, Encoding, GBK};

use super::badness::is_bad;
use super::codepages::{CodePage, LATIN_1, MAC_ROMAN, WINDOWS_1252};
use super::utf8::encode;
use crate::clean::scan;
use crate::clean::text::is_cjk;

/// Code pages Chinese bytes are commonly misread through (Windows, old Macs, ISO browsers).
static READ_AS: [&CodePage; 3] = [&WINDOWS_1252, &MAC_ROMAN, &LATIN_1];

/// Least share of common characters for a decoding to be believed.
const MIN_COMMON: f32 = 0.75;

/// A repaired run: byte range in the input, the Chinese text, and how it was garbled.
pub(crate) struct Repair {
    pub range: std::ops::Range<usize>,
    pub text: String,
    pub how: String,
    pub confidence: f32,
}

/// Finds and repairs garbled Chinese runs in one line.
pub(crate) fn repairs(line: &str) -> Vec<Repair> {
    let mut out = Vec::new();
    let mut pos = 0;
    // Garble is made of single-byte code page characters: never ASCII, CJK or white space.
    let garble = |c: char| !c.is_ascii() && !is_cjk(c) && !c.is_whitespace();
    while let Some(start) = next_garble(line, pos, garble) {
        // GBK's second bytes are never ASCII; Big5's often are ("經" is B8 67, "\xb8g"), so a Big5 run may
        // take an ASCII character after each lead byte.
        let plain_end = line[start..]
            .find(|c: char| !garble(c))
            .map_or(line.len(), |e| start + e);
        let big5_end = big5_run_end(line, start);
        let found = repair_run(line, start, plain_end, false).or_else(|| {
            (big5_end > plain_end)
                .then(|| repair_run(line, start, big5_end, true))
                .flatten()
        });
        pos = match found {
            Some(r) => {
                let end = r.range.end;
                out.push(r);
                end
            }
            None => plain_end,
        };
    }
    out
}

/// The first character from `pos` that `garble` accepts. Garble is never ASCII nor Han: the scan skips
/// ASCII and U+5000–U+9FFF (lead bytes E5–E9) eight bytes at a time, and the rest of the Han blocks from
/// their first two bytes; only the other characters are decoded and tested.
fn next_garble(line: &str, pos: usize, garble: impl Fn(char) -> bool) -> Option<usize> {
    let bytes = line.as_bytes();
    let marks = |w: u64| scan::high_between(w, 0xC0, 0xE4) | scan::high_between(w, 0xEA, 0xFF);
    let lead = |b: u8| b >= 0xC0 && !(0xE5..=0xE9).contains(&b);
    let mut i = pos;
    while let Some(at) = scan::find(bytes, i, marks, lead) {
        // U+3400–U+3FFF (E3 90–BF) and U+4000–U+4DBF, U+4E00–U+4FFF (E4 other than B7) are Han.
        match (bytes[at], bytes.get(at + 1)) {
            (0xE3, Some(0x90..=0xBF)) | (0xE4, Some(0x80..=0xB6 | 0xB8..=0xBF)) => {
                i = at + 3;
                continue;
            }
            _ => {}
        }
        let c = line[at..].chars().next()?;
        if garble(c) {
            return Some(at);
        }
        i = at + c.len_utf8();
    }
    None
}

/// Where a run of lead/trail pairs starting at `start` ends, trail bytes allowed in 0x40–0x7E.
fn big5_run_end(line: &str, start: usize) -> usize {
    let mut expect_trail = false;
    let mut end = start;
    for (k, c) in line[start..].char_indices() {
        let ok = if expect_trail {
            !c.is_ascii() || ('\x40'..='\x7e').contains(&c)
        } else {
            !c.is_ascii()
        };
        if !ok || c.is_whitespace() || is_cjk(c) {
            break;
        }
        expect_trail = !expect_trail;
        end = start + k + c.len_utf8();
    }
    if expect_trail {
        // A lead without its trail: leave it out.
        end = line[..end]
            .char_indices()
            .next_back()
            .map_or(start, |(k, _)| k);
    }
    end
}

fn repair_run(line: &str, start: usize, end: usize, big5_only: bool) -> Option<Repair> {
    let run = &line[start..end];
    let n = run.chars().count();
    if n < 4 || run.chars().any(|c| is_cjk(c) || c.is_whitespace()) {
        return None;
    }
    // Part of a Latin word ("HÅØYA"): accented letters, not garble.
    let glued = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if glued(line[..start].chars().next_back()) || glued(line[end..].chars().next()) {
        return None;
    }
    let symbols = run
        .chars()
        .filter(|c| !c.is_alphabetic() && !c.is_ascii())
        .count();
    if !is_bad(run) && symbols == 0 {
        return None;
    }
    let mut best: Option<(f32, String, String)> = None;
    for cp in READ_AS {
        let Some(bytes) = encode(run, cp) else {
            continue;
        };
        for (enc, name) in [(GBK, "GBK"), (BIG5, "Big5")] {
            if big5_only && std::ptr::eq(enc, GBK) {
                continue;
            }
            let Some((text, common)) = decode_chinese(&bytes, enc) else {
                continue;
            };
            if common >= MIN_COMMON && best.as_ref().is_none_or(|(c, _, _)| common > *c) {
                best = Some((common, text, format!("{name} read as {}", cp.name)));
            }
        }
    }
    let (common, text, how) = best?;
    Some(Repair {
        range: start..end,
        text,
        how,
        confidence: (0.6 + 0.35 * common).min(0.95),
    })
}

/// Decodes double-byte Chinese strictly; returns the text and the share of common characters, or `None`
/// when a byte sequence is invalid or a character is not Chinese.
fn decode_chinese(bytes: &[u8], enc: &'static Encoding) -> Option<(String, f32)> {
    // ASCII can only be a Big5 second byte.
    let ascii_ok = |i: usize, b: &u8| !b.is_ascii() || (i % 2 == 1 && !std::ptr::eq(enc, GBK));
    if bytes.len() % 2 != 0 || !bytes.iter().enumerate().all(|(i, b)| ascii_ok(i, b)) {
        return None;
    }
    let text = enc.decode_without_bom_handling_and_without_replacement(bytes)?;
    if text.chars().count() * 2 != bytes.len() || !text.chars().all(is_cjk) {
        return None;
    }
    let pairs = bytes.chunks_exact(2);
    let total = pairs.len() as f32;
    let common = pairs
        .filter(|p| {
            if std::ptr::eq(enc, GBK) {
                // GB 2312 punctuation rows and level-1 characters.
                (0xA1..=0xA3).contains(&p[0]) || ((0xB0..=0xD7).contains(&p[0]) && p[1] >= 0xA1)
            } else {
                // Big5 punctuation and frequently used characters (A440–C67E).
                (0xA1..=0xA3).contains(&p[0])
                    || (0xA4..=0xC5).contains(&p[0])
                    || (p[0] == 0xC6 && p[1] <= 0x7E)
            }
        })
        .count() as f32;
    Some((text.into_owned(), common / total))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn garble(text: &str, enc: &'static Encoding, cp: &CodePage) -> String {
        let (bytes, _, _) = enc.encode(text);
        super::super::utf8::decode(&bytes, cp)
    }

    #[test]
    fn repairs_garbled_chinese() {
        let cases = [
            ("调整大小", GBK, &MAC_ROMAN),
            ("中华人民共和国商务部", GBK, &WINDOWS_1252),
            ("对外经济贸易合作", GBK, &LATIN_1),
            ("經濟貿易合作", BIG5, &WINDOWS_1252),
        ];
        for (text, enc, cp) in cases {
            let line = format!("{} TG5D5207", garble(text, enc, cp));
            let found = repairs(&line);
            assert_eq!(found.len(), 1, "{line}");
            assert_eq!(found[0].text, text, "{line}");
        }
    }

    #[test]
    fn runs_end_at_spaces_and_chinese() {
        for line in ["µ˜’˚¥Û–°\u{a0} x", "經µ˜’˚¥Û–°）", "（µ˜’˚¥Û–°"]
        {
            let found = repairs(line);
            assert_eq!(found.len(), 1, "{line}");
            assert_eq!(found[0].text, "调整大小");
        }
    }

    #[test]
    fn leaves_latin_text_alone() {
        for line in [
            "HÅØYA ER BLÅØYD",
            "Zürich und Genève",
            "ÌÑÌ Q £ÄGÌ",
            "© 2014 — ± 3 °C",
            "Ελληνικά κείμενα",
            "( o¬ô )",
        ] {
            assert!(repairs(line).is_empty(), "{line}");
        }
    }
}
