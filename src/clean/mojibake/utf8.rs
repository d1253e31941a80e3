//! Repairing UTF-8 that was decoded through a single-byte code page ("CafÃ©", "â€œ", "√©"): encode the text
//! back to the bytes it came from and decode them as UTF-8, as often as that keeps succeeding.
//!
//! The procedure is ftfy's `fix_encoding` (Robyn Speer, Apache-2.0), whose own test cases are our
//! conformance suite: try each code page the text fits in; put back no-break spaces that a program turned into
//! spaces; turn byte sequences that lost a byte into U+FFFD; accept CESU-8 and Java's `C0 80`; repair runs
//! embedded in otherwise good text; and finally read stray C1 controls as Windows-1252.

use std::sync::OnceLock;

use regex::Regex;
use regex::bytes::Regex as BytesRegex;
use rustc_hash::FxHashMap;

use super::badness::is_bad;
use super::codepages::{
    CP437, CodePage, ISO_8859_2, LATIN_1, MAC_ROMAN, WINDOWS_1250, WINDOWS_1251, WINDOWS_1252,
    WINDOWS_1253, WINDOWS_1254, WINDOWS_1257,
};

/// The code pages tried, in order.
pub(crate) static CHARMAPS: [&CodePage; 10] = [
    &LATIN_1,
    &WINDOWS_1252,
    &WINDOWS_1251,
    &WINDOWS_1250,
    &WINDOWS_1253,
    &WINDOWS_1254,
    &WINDOWS_1257,
    &ISO_8859_2,
    &MAC_ROMAN,
    &CP437,
];

fn reverse(cp: &'static CodePage) -> &'static FxHashMap<char, u8> {
    static MAPS: OnceLock<Vec<FxHashMap<char, u8>>> = OnceLock::new();
    let maps = MAPS.get_or_init(|| {
        CHARMAPS
            .iter()
            .map(|cp| {
                let mut map: FxHashMap<char, u8> = FxHashMap::default();
                for (i, &c) in cp.high.iter().enumerate() {
                    map.entry(c).or_insert(0x80 + i as u8);
                }
                map
            })
            .collect()
    });
    let idx = CHARMAPS
        .iter()
        .position(|c| std::ptr::eq(*c, cp))
        .unwrap_or(0);
    &maps[idx]
}

/// The bytes `text` was decoded from if it was decoded with `cp`, or `None` when a character is not in it.
pub(crate) fn encode(text: &str, cp: &'static CodePage) -> Option<Vec<u8>> {
    let map = reverse(cp);
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            // In the sloppy code pages byte 1A stands for a lost byte (U+FFFD), so U+001A has no byte.
            if cp.lossy_replacement && c == '\u{1a}' {
                return None;
            }
            out.push(c as u8);
        } else if cp.lossy_replacement && c == '\u{fffd}' {
            out.push(0x1a);
        } else {
            out.push(*map.get(&c)?);
        }
    }
    Some(out)
}

/// Decodes bytes with a code page.
pub(crate) fn decode(bytes: &[u8], cp: &CodePage) -> String {
    bytes
        .iter()
        .map(|&b| {
            if b < 0x80 {
                b as char
            } else {
                cp.high[(b - 0x80) as usize]
            }
        })
        .collect()
}

struct Patterns {
    altered_utf8: BytesRegex,
    lossy_utf8: BytesRegex,
    detector: Regex,
    continuation_strict: Vec<char>,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        // Characters that stand for UTF-8 lead and continuation bytes in the Latin-1-like code pages.
        let pages = [&LATIN_1, &WINDOWS_1252, &WINDOWS_1250, &WINDOWS_1251, &WINDOWS_1253, &WINDOWS_1254, &WINDOWS_1257];
        let chars_of = |bytes: &[u8]| {
            let mut v: Vec<char> = pages.iter().flat_map(|cp| bytes.iter().map(|&b| cp.high[(b - 0x80) as usize])).collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let first2 = chars_of(&(0xC2..=0xDF).collect::<Vec<u8>>());
        let first3 = chars_of(&(0xE0..=0xEF).collect::<Vec<u8>>());
        let first4 = chars_of(&[0xF0, 0xF3]);
        let continuation_strict: Vec<char> = chars_of(&(0x80..=0xBF).collect::<Vec<u8>>())
            .into_iter()
            .filter(|c| !"–—―‘’‚“”„•…".contains(*c))
            .collect();
        let set = |cs: &[char]| format!("[{}]", cs.iter().map(|c| format!("\\u{{{:x}}}", *c as u32)).collect::<String>());
        let mut continuation = continuation_strict.clone();
        continuation.extend(" –—―‘’‚“”„•…".chars());
        let cont = set(&continuation);
        let detector = format!(
            "(?:{}{cont}|{}{cont}{{2}}|{}{cont}{{3}})+",
            set(&first2),
            set(&first3),
            set(&first4)
        );
        Patterns {
            altered_utf8: BytesRegex::new(concat!(
                r"(?-u)[\xc2\xc3\xc5\xce\xd0\xd9] |[\xe2\xe3] [\x80-\x84\x86-\x9f\xa1-\xbf]",
                r"|[\xe0-\xe3][\x80-\x84\x86-\x9f\xa1-\xbf] |\xf0 [\x80-\xbf][\x80-\xbf]",
                r"|\xf0[\x80-\xbf] [\x80-\xbf]|\xf0[\x80-\xbf][\x80-\xbf] "
            ))
            .expect("altered UTF-8 pattern"),
            lossy_utf8: BytesRegex::new(concat!(
                r"(?-u)[\xc2-\xdf]\x1a|[\xc2-\xc3]\?",
                r"|\xed[\xa0-\xaf][\x1a?]\xed[\xb0-\xbf][\x1a?\x80-\xbf]|\xed[\xa0-\xaf][\x1a?\x80-\xbf]\xed[\xb0-\xbf][\x1a?]",
                r"|[\xe0-\xef][\x1a?][\x1a\x80-\xbf]|[\xe0-\xef][\x1a\x80-\xbf][\x1a?]",
                r"|[\xf0-\xf4][\x1a?][\x1a\x80-\xbf][\x1a\x80-\xbf]|[\xf0-\xf4][\x1a\x80-\xbf][\x1a?][\x1a\x80-\xbf]",
                r"|[\xf0-\xf4][\x1a\x80-\xbf][\x1a\x80-\xbf][\x1a?]|\x1a"
            ))
            .expect("lossy UTF-8 pattern"),
            detector: Regex::new(&detector).expect("UTF-8 detector pattern"),
            continuation_strict,
        }
    })
}

/// Repairs `text`; returns the repaired text and what was done, or `None` when nothing changed.
pub(crate) fn fix_encoding(text: &str) -> Option<(String, Vec<String>)> {
    let mut current = text.to_owned();
    let mut steps = Vec::new();
    // Each step removes a layer of mojibake; real text has at most a few.
    for _ in 0..8 {
        match one_step(&current) {
            Some((next, step)) if next != current => {
                steps.push(step);
                current = next;
            }
            _ => break,
        }
    }
    (current != text).then_some((current, steps))
}

fn one_step(text: &str) -> Option<(String, String)> {
    if text.is_ascii() || !is_bad(text) {
        return None;
    }
    let mut latin1_possible = false;
    for cp in CHARMAPS {
        let Some(mut bytes) = encode(text, cp) else {
            continue;
        };
        if std::ptr::eq(cp, &LATIN_1) {
            latin1_possible = true;
        }
        if !std::ptr::eq(cp, &MAC_ROMAN) && patterns().altered_utf8.is_match(&bytes) {
            bytes = restore_byte_a0(&bytes);
        }
        if cp.lossy_replacement {
            bytes = patterns()
                .lossy_utf8
                .replace_all(&bytes, "\u{fffd}".as_bytes())
                .into_owned();
        }
        if let Some(fixed) = decode_utf8_variants(&bytes) {
            return Some((fixed, format!("UTF-8 read as {}", cp.name)));
        }
    }
    if patterns().detector.is_match(text) {
        let fixed = decode_inconsistent_utf8(text);
        if fixed != text {
            return Some((
                fixed,
                "pieces of UTF-8 read as a single-byte code page".to_owned(),
            ));
        }
    }
    if latin1_possible {
        // Latin-1 that was meant as Windows-1252: C1 controls that stand for curly quotes, dashes, etc.
        if let Some(bytes) = encode(text, &LATIN_1) {
            if !bytes
                .iter()
                .any(|b| matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D))
            {
                let fixed = decode(&bytes, &WINDOWS_1252);
                if fixed != text {
                    return Some((fixed, "Windows-1252 read as Latin-1".to_owned()));
                }
            }
        }
    }
    if text.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)) {
        let fixed = text
            .chars()
            .map(|c| {
                if ('\u{80}'..='\u{9f}').contains(&c) {
                    WINDOWS_1252.high[c as usize - 0x80]
                } else {
                    c
                }
            })
            .collect();
        return Some((
            fixed,
            "C1 control characters read as Windows-1252".to_owned(),
        ));
    }
    None
}

/// Puts back no-break spaces (byte A0) that became plain spaces inside UTF-8 sequences; "Ã " standing alone
/// is "à " (French "à la"), except in the Portuguese contractions "às", "àquele", "àquela", "àquilo".
fn restore_byte_a0(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 8);
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == 0xC3 && bytes.get(i + 1) == Some(&b' ') {
            let rest = &bytes[i + 2..];
            let excluded = rest.starts_with(b" ")
                || rest.starts_with(b"quele")
                || rest.starts_with(b"quela")
                || rest.starts_with(b"quilo")
                || rest.starts_with(b"s ");
            if !excluded {
                out.extend_from_slice(&[0xC3, 0xA0, b' ']);
                i += 2;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    patterns()
        .altered_utf8
        .replace_all(&out, |m: &regex::bytes::Captures| {
            m[0].iter()
                .map(|&b| if b == b' ' { 0xA0 } else { b })
                .collect::<Vec<u8>>()
        })
        .into_owned()
}

/// UTF-8, also accepting CESU-8 surrogate pairs and Java's `C0 80` for U+0000.
fn decode_utf8_variants(bytes: &[u8]) -> Option<String> {
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                return Some(out);
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(good).ok()?);
                if bad.starts_with(&[0xC0, 0x80]) {
                    out.push('\0');
                    rest = &bad[2..];
                } else if let Some(c) = cesu_pair(bad) {
                    out.push(c);
                    rest = &bad[6..];
                } else {
                    return None;
                }
            }
        }
    }
}

fn cesu_pair(b: &[u8]) -> Option<char> {
    if b.len() < 6 || b[0] != 0xED || b[3] != 0xED {
        return None;
    }
    let (b1, b2, b4, b5) = (b[1], b[2], b[4], b[5]);
    if !(0xA0..=0xAF).contains(&b1) || !(0xB0..=0xBF).contains(&b4) || !is_cont(b2) || !is_cont(b5)
    {
        return None;
    }
    let high = 0xD000 | ((b1 as u32 & 0x3F) << 6) | (b2 as u32 & 0x3F);
    let low = 0xD000 | ((b4 as u32 & 0x3F) << 6) | (b5 as u32 & 0x3F);
    char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
}

fn is_cont(b: u8) -> bool {
    (0x80..=0xBF).contains(&b)
}

/// Repairs UTF-8-looking runs inside text that is otherwise fine, each on its own.
fn decode_inconsistent_utf8(text: &str) -> String {
    let p = patterns();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut pos = 0;
    while pos < text.len() {
        let Some(m) = p.detector.find_at(text, pos) else {
            break;
        };
        // The run must not continue a longer garble: a strict continuation character before it means we are
        // in the middle of something we cannot see the start of.
        let before = text[..m.start()].chars().next_back();
        if before.is_some_and(|c| p.continuation_strict.binary_search(&c).is_ok()) {
            pos = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let piece = m.as_str();
        out.push_str(&text[last..m.start()]);
        if piece.len() < text.len() && is_bad(piece) {
            match fix_encoding(piece) {
                Some((fixed, _)) => out.push_str(&fixed),
                None => out.push_str(piece),
            }
        } else {
            out.push_str(piece);
        }
        last = m.end();
        pos = m.end().max(m.start() + 1);
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs() {
        let cases = [
            ("CafÃ© au lait", Some("Café au lait")),
            ("voilÃ le travail", Some("voilà le travail")),
            (
                "â€œlossy decodingâ€\u{fffd}",
                Some("“lossy decoding\u{fffd}"),
            ),
            ("Hi guys í\u{a0}½í¸\u{8d}", Some("Hi guys 😍")),
            ("Le Vigne di Zam√≤", Some("Le Vigne di Zamò")),
            ("parlé\u{85} Tu sais", Some("parlé… Tu sais")),
            ("Café au lait", None),
            ("全面經貿戰略", None),
        ];
        for (input, want) in cases {
            assert_eq!(
                fix_encoding(input).map(|(s, _)| s).as_deref(),
                want,
                "{input}"
            );
        }
    }

    #[test]
    fn code_pages_round_trip() {
        for cp in CHARMAPS {
            let all: Vec<u8> = (0x80..=0xFF).collect();
            let text = decode(&all, cp);
            assert_eq!(encode(&text, cp).as_deref(), Some(&all[..]), "{}", cp.name);
        }
    }
}
