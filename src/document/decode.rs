//! Turning a file's bytes into text: byte-order mark first, then chardetng's guess, or the user's choice.
//!
//! Main items: [`decode`] and [`Decoded`]. Invalid bytes never vanish silently: they become U+FFFD and are
//! counted, with the offset of the first one, so the front ends can say so.

use encoding_rs::{DecoderResult, Encoding, UTF_8, UTF_16BE, UTF_16LE};

use crate::{Error, Result};

/// How the encoding of a text was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EncodingSource {
    /// A byte-order mark at the start of the file.
    Bom,
    /// Guessed from the bytes (chardetng), or UTF-16 recognised from its zero bytes.
    Detected,
    /// Chosen by the user.
    Override,
}

/// A decoded text and how it was decoded.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text, without any byte-order mark.
    pub text: String,
    /// The encoding used.
    pub encoding: &'static Encoding,
    /// Where the choice of encoding came from.
    pub source: EncodingSource,
    /// How many malformed byte sequences were replaced by U+FFFD.
    pub replacements: usize,
    /// Byte offset in the input of the first malformed sequence, if any.
    pub first_bad_offset: Option<usize>,
}

/// Looks up an encoding by a name users type: WHATWG labels (`gbk`, `big5`, `utf-16le`, `gb18030`, ...)
/// plus a few common spellings (`utf8`, `cp936`, `big5-hkscs`).
pub fn encoding_for_name(name: &str) -> Result<&'static Encoding> {
    let lower = name.trim().to_ascii_lowercase();
    let label = match lower.as_str() {
        "utf8" => "utf-8",
        "utf16le" | "utf-16" => "utf-16le",
        "utf16be" => "utf-16be",
        "cp936" | "ms936" | "gb2312-80" => "gbk",
        "big5-hkscs" | "big5hkscs" | "cp950" => "big5",
        other => other,
    };
    Encoding::for_label(label.as_bytes()).ok_or_else(|| {
        Error::Invalid(format!(
            "unknown encoding '{name}': try utf-8, gbk, gb18030, big5, utf-16le or utf-16be"
        ))
    })
}

/// A short name for an encoding as users know it (`UTF-8`, `GBK`, `Big5`, `UTF-16LE`, ...).
pub fn encoding_name(encoding: &'static Encoding) -> &'static str {
    encoding.name()
}

/// Decodes `bytes`: with `forced` if given, else by byte-order mark, else by detection.
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Decoded {
    let (encoding, source, body) = match forced {
        Some(enc) => {
            // A BOM of the forced encoding is still not part of the text.
            let body = match Encoding::for_bom(bytes) {
                Some((bom_enc, len)) if bom_enc == enc => &bytes[len..],
                _ => bytes,
            };
            (enc, EncodingSource::Override, body)
        }
        None => match Encoding::for_bom(bytes) {
            Some((enc, len)) => (enc, EncodingSource::Bom, &bytes[len..]),
            None => {
                // The common case, checked once: valid UTF-8 is UTF-8.
                if let Ok(text) = std::str::from_utf8(bytes) {
                    if unmarked_utf16(bytes).is_none() {
                        return Decoded {
                            text: text.to_owned(),
                            encoding: UTF_8,
                            source: EncodingSource::Detected,
                            replacements: 0,
                            first_bad_offset: None,
                        };
                    }
                }
                (detect(bytes), EncodingSource::Detected, bytes)
            }
        },
    };
    let (text, replacements, first_bad_offset) = decode_counting(encoding, body);
    let bom_len = bytes.len() - body.len();
    Decoded {
        text,
        encoding,
        source,
        replacements,
        first_bad_offset: first_bad_offset.map(|o| o + bom_len),
    }
}

/// Guesses the encoding of unmarked bytes.
fn detect(bytes: &[u8]) -> &'static Encoding {
    if let Some(utf16) = unmarked_utf16(bytes) {
        return utf16;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    // chardetng gains nothing from megabytes of input; the first 64 KiB decide as well as the whole.
    const SAMPLE: usize = 64 * 1024;
    let sample = if bytes.len() > SAMPLE {
        // Cut at an ASCII byte so a multi-byte character is not split at the end of the sample.
        let cut = bytes[..SAMPLE]
            .iter()
            .rposition(|b| b.is_ascii())
            .unwrap_or(SAMPLE);
        &bytes[..cut]
    } else {
        bytes
    };
    detector.feed(sample, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Allow);
    // Mostly-valid UTF-8 with a few bad bytes is still UTF-8 (decoded with replacement and reported),
    // not a legacy encoding that would garble every Chinese character.
    if guess != UTF_8 && mostly_utf8(sample) {
        return UTF_8;
    }
    if is_cjk_encoding(guess) {
        return guess;
    }
    // Duizhao's documents are Chinese or English. On a few bytes chardetng may call Chinese text Greek or
    // Central European; if the bytes are mostly non-ASCII and read cleanly as runs of Chinese characters in
    // GBK or Big5, prefer that, choosing the one whose reading uses more of its standard's frequent tier.
    [encoding_rs::GBK, encoding_rs::BIG5]
        .into_iter()
        .filter(|enc| reads_as_chinese(enc, sample))
        .max_by_key(|enc| frequent_tier_codes(enc, sample))
        .unwrap_or(guess)
}

/// Double-byte codes whose lead byte lies in the encoding's tier of frequent characters: GB2312 level 1
/// (leads 0xB0–0xD7, the 3,755 most used hanzi) for GBK, and Big5's frequent characters (leads 0xA4–0xC6,
/// 5,401 hanzi) for Big5. Real text in one encoding lands mostly in its own frequent tier.
fn frequent_tier_codes(enc: &'static Encoding, bytes: &[u8]) -> usize {
    let tier = if enc == encoding_rs::GBK {
        0xB0..=0xD7
    } else {
        0xA4..=0xC6
    };
    let mut count = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] >= 0x81 {
            count += usize::from(tier.contains(&bytes[i]));
            i += 2;
        } else {
            i += 1;
        }
    }
    count
}

fn is_cjk_encoding(enc: &'static Encoding) -> bool {
    [
        UTF_8,
        UTF_16LE,
        UTF_16BE,
        encoding_rs::GBK,
        encoding_rs::GB18030,
        encoding_rs::BIG5,
        encoding_rs::SHIFT_JIS,
        encoding_rs::EUC_JP,
        encoding_rs::EUC_KR,
        encoding_rs::ISO_2022_JP,
    ]
    .contains(&enc)
}

/// Whether `bytes` decode without error in `enc`, at least 30% of them are non-ASCII, and the non-ASCII
/// characters are Han characters (or CJK punctuation) in runs averaging two or more — the shape of Chinese
/// text, unlike the lone accented letters of Latin text that happen to form valid double-byte codes.
fn reads_as_chinese(enc: &'static Encoding, bytes: &[u8]) -> bool {
    let non_ascii = bytes.iter().filter(|b| !b.is_ascii()).count();
    if non_ascii * 10 < bytes.len() * 3 {
        return false;
    }
    let Some(text) = enc.decode_without_bom_handling_and_without_replacement(bytes) else {
        return false;
    };
    let (mut cjk, mut other, mut runs, mut in_run) = (0usize, 0usize, 0usize, false);
    for c in text.chars() {
        let is_cjk = super::segment::is_han(c)
            || ('\u{3000}'..='\u{303F}').contains(&c)
            || ('\u{FF00}'..='\u{FFEF}').contains(&c);
        if is_cjk {
            cjk += 1;
            if !in_run {
                runs += 1;
            }
        } else if !c.is_ascii() {
            other += 1;
        }
        in_run = is_cjk;
    }
    cjk >= 2 && other * 10 <= cjk && cjk >= runs * 2
}

/// UTF-16 without a byte-order mark shows itself by zero bytes in every other position.
fn unmarked_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || bytes.len() % 2 != 0 {
        return None;
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let pairs = sample.len() / 2;
    let zero_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let zero_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    // Latin text in UTF-16 has a zero high byte in nearly every unit; require a clear majority on one side
    // and almost none on the other.
    if zero_odd * 10 >= pairs * 3 && zero_even * 20 < pairs {
        Some(UTF_16LE)
    } else if zero_even * 10 >= pairs * 3 && zero_odd * 20 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// True when the bytes are UTF-8 apart from a few malformed sequences (at most one per 10 well-formed
/// non-ASCII characters). Text in a legacy Chinese encoding almost never forms valid UTF-8 sequences, so it
/// fails this test by a wide margin.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut good_multibyte = 0usize;
    let mut bad = 0usize;
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                good_multibyte += s.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                // Safe: from_utf8 reported `valid` as valid.
                good_multibyte += std::str::from_utf8(valid)
                    .map_or(0, |s| s.chars().filter(|c| !c.is_ascii()).count());
                bad += 1;
                let skip = e.error_len().unwrap_or(after.len()).max(1);
                rest = &after[skip.min(after.len())..];
            }
        }
    }
    good_multibyte >= 4 && bad * 10 <= good_multibyte
}

/// Decodes without BOM handling, replacing malformed sequences with U+FFFD and counting them.
fn decode_counting(encoding: &'static Encoding, bytes: &[u8]) -> (String, usize, Option<usize>) {
    if encoding == UTF_8 {
        if let Ok(s) = std::str::from_utf8(bytes) {
            return (s.to_owned(), 0, None);
        }
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(
        decoder
            .max_utf8_buffer_length_without_replacement(bytes.len())
            .unwrap_or(bytes.len() * 3),
    );
    let mut consumed = 0;
    let mut replacements = 0;
    let mut first_bad = None;
    loop {
        let (result, read) =
            decoder.decode_to_string_without_replacement(&bytes[consumed..], &mut out, true);
        consumed += read;
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => {
                out.reserve(bytes.len() - consumed + 16);
            }
            DecoderResult::Malformed(bad_len, after) => {
                replacements += 1;
                first_bad.get_or_insert(consumed.saturating_sub(bad_len as usize + after as usize));
                out.push('\u{FFFD}');
            }
        }
    }
    (out, replacements, first_bad)
}

/// Whether the bytes start with a UTF-32 byte-order mark. Such text is refused with a hint rather than
/// read: its BOM begins like UTF-16's, and read as UTF-16 it would be every other character a NUL.
pub fn is_utf32(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF])
}

/// What a file is by its magic number, if it is a known binary format (a PDF, an image, an archive, a
/// program, an old Office file, a database).
pub fn known_binary(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF", "a PDF file"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"PK\x03\x04", "a zip archive"),
        (b"\x7FELF", "a program"),
        (b"MZ", "a Windows program"),
        (b"\xD0\xCF\x11\xE0", "an old Office file (.doc/.xls)"),
        (b"SQLite format 3\0", "an SQLite database"),
    ];
    MAGIC
        .iter()
        .find(|(m, _)| bytes.starts_with(m))
        .map(|(_, what)| *what)
}

/// Whether bytes look like a binary file rather than text (NUL bytes outside UTF-16, or a known magic
/// number). Returns a short description of what it seems to be.
pub fn looks_binary(bytes: &[u8]) -> Option<&'static str> {
    if let Some(what) = known_binary(bytes) {
        return Some(what);
    }
    if Encoding::for_bom(bytes).is_some() || unmarked_utf16(bytes).is_some() {
        return None;
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let controls = sample
        .iter()
        .filter(|&&b| b == 0 || (b < 0x09) || (0x0E..0x1A).contains(&b))
        .count();
    (sample.contains(&0) || controls * 20 > sample.len().max(1)).then_some("binary data")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(name: &str) -> &'static Encoding {
        encoding_for_name(name).unwrap()
    }

    #[test]
    fn decodes_each_encoding_it_detects() {
        let text = "重庆两江新区与加州签署合作备忘录，推动双向投资。Chongqing signed an MOU.";
        let trad = "重慶兩江新區與加州簽署合作備忘錄，推動雙向投資。";
        let cases: Vec<(Vec<u8>, &str, &str)> = vec![
            (text.as_bytes().to_vec(), "UTF-8", text),
            (
                [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
                "UTF-8",
                text,
            ),
            (enc("gbk").encode(text).0.into_owned(), "GBK", text),
            (enc("big5").encode(trad).0.into_owned(), "Big5", trad),
            (
                [
                    vec![0xFF, 0xFE],
                    text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect(),
                ]
                .concat(),
                "UTF-16LE",
                text,
            ),
            (
                [
                    vec![0xFE, 0xFF],
                    text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect(),
                ]
                .concat(),
                "UTF-16BE",
                text,
            ),
            (
                "Plain English text, in UTF-16 without a mark."
                    .encode_utf16()
                    .flat_map(|u| u.to_le_bytes())
                    .collect(),
                "UTF-16LE",
                "Plain English text, in UTF-16 without a mark.",
            ),
        ];
        for (bytes, want_enc, want_text) in cases {
            let d = decode(&bytes, None);
            assert_eq!(d.encoding.name(), want_enc, "{want_text}");
            assert_eq!(d.text, want_text);
            assert_eq!(d.replacements, 0);
        }
    }

    #[test]
    fn short_chinese_is_not_mistaken_for_a_european_code_page() {
        let gbk = enc("gbk").encode("则从标准").0.into_owned();
        assert_eq!(decode(&gbk, None).text, "则从标准");
        // Lone accented letters in Latin text stay Latin even when they form a valid GBK code.
        let latin = enc("windows-1252")
            .encode("A naïve café owner")
            .0
            .into_owned();
        assert_eq!(decode(&latin, None).text, "A naïve café owner");
    }

    #[test]
    fn invalid_bytes_in_utf8_are_counted_not_hidden() {
        let mut bytes = "第一段文字，说明合作内容。".repeat(4).into_bytes();
        bytes.insert(21, 0xFF); // between two characters: exactly one bad byte
        let d = decode(&bytes, None);
        assert_eq!(d.encoding, UTF_8);
        assert_eq!(d.replacements, 1);
        assert_eq!(d.first_bad_offset, Some(21));
        assert!(d.text.contains('\u{FFFD}'));
    }

    #[test]
    fn override_wins_and_strips_its_own_bom() {
        let bytes = [&[0xEF, 0xBB, 0xBF][..], "abc".as_bytes()].concat();
        let d = decode(&bytes, Some(UTF_8));
        assert_eq!(
            (d.text.as_str(), d.source),
            ("abc", EncodingSource::Override)
        );
        let gbk_bytes = enc("gbk").encode("渝洽会").0.into_owned();
        assert_eq!(decode(&gbk_bytes, Some(enc("gb18030"))).text, "渝洽会");
    }

    #[test]
    fn names_users_type() {
        for (name, want) in [
            ("utf8", "UTF-8"),
            ("GBK", "GBK"),
            ("cp936", "GBK"),
            ("big5", "Big5"),
            ("UTF-16", "UTF-16LE"),
            ("gb18030", "gb18030"),
        ] {
            assert_eq!(encoding_for_name(name).unwrap().name(), want);
        }
        let err = encoding_for_name("klingon").unwrap_err().to_string();
        assert!(err.contains("klingon") && err.contains("gbk"), "{err}");
    }

    #[test]
    fn binary_files_are_recognised() {
        assert_eq!(looks_binary(b"%PDF-1.7 ..."), Some("a PDF file"));
        assert_eq!(looks_binary(b"abc\0\0\x01\x02def\0"), Some("binary data"));
        assert_eq!(looks_binary("正常的中文".as_bytes()), None);
        assert_eq!(looks_binary(&[0xFF, 0xFE, b'a', 0]), None);
    }
}
