//! The `mixed-script` rule: Simplified characters left inside Traditional text (后 基于 云 建筑 in a
//! Traditional release) and Traditional characters inside Simplified text, flagged with the converted
//! character as the suggestion. Every flag of one paragraph shares a group, so that the GUI can convert the
//! block with one click.
//!
//! The script of the text comes from the conversion engine's [`detect_script`] (on a sample of the chunk; a
//! paragraph of a mixed zh-Hans/zh-Hant document is judged on its own); which characters are out of place
//! comes from [`suspicious_in_spans`], which reads them in phrase context (后 in 之后 is flagged in
//! Traditional text, 后 in 皇后 is not) from the paragraph's conversion, the same conversion that gives the
//! suggestions. Only paragraphs holding a character the conversion could change are converted
//! (see `Suspects`), which keeps the rule cheap on consistent text.

use crate::convert::script::{Script, detect_script, suspicious_in_spans};
use crate::convert::{Config, Converter};

use super::edits::Edit;
use super::scan;
use super::text::lines;

/// Finds characters of the wrong script in `text`; `next_group` numbers the blocks.
pub(crate) fn find(text: &str, next_group: &mut u32) -> Vec<Edit> {
    // Han characters are three or four bytes long in UTF-8, lead bytes E3–E9 and F0; English paragraphs are
    // scanned whole for them, eight bytes at a time.
    let has_han = |s: &str| {
        let marks = |w: u64| scan::high_between(w, 0xE3, 0xE9) | scan::eq(w, 0xF0);
        scan::find(s.as_bytes(), 0, marks, |b| matches!(b, 0xE3..=0xE9 | 0xF0)).is_some()
    };
    if !has_han(text) {
        return Vec::new();
    }
    let document = detect_script(&sample(text)).script;
    let mut edits = Vec::new();
    for line in lines(text) {
        let paragraph = &text[line.content()];
        if !has_han(paragraph) {
            continue;
        }
        let expected = match document {
            Script::Hans | Script::Hant => document,
            _ => match detect_script(paragraph).script {
                own @ (Script::Hans | Script::Hant) => own,
                _ => continue,
            },
        };
        // Converting every paragraph would cost more than all the other rules together; a paragraph can
        // only hold a character of the wrong script if it holds a character the conversion changes.
        if !Suspects::get().any_may_change(paragraph, expected) {
            continue;
        }
        let found = flags(paragraph, expected);
        if found.is_empty() {
            continue;
        }
        *next_group += 1;
        for mut edit in found {
            edit.range = line.start + edit.range.start..line.start + edit.range.end;
            edit.group = Some(*next_group);
            edits.push(edit);
        }
    }
    edits
}

/// At most this much of a chunk decides its script (evenly spaced slices of it).
const SAMPLE: usize = 256 * 1024;

/// The text itself when short, else a few evenly spaced slices of it, cut at line breaks.
fn sample(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= SAMPLE {
        return text.into();
    }
    let pieces = 8;
    let step = text.len() / pieces;
    let mut out = String::with_capacity(SAMPLE + 1024);
    for k in 0..pieces {
        let from = k * step;
        let start =
            memchr::memchr(b'\n', &text.as_bytes()[from..]).map_or(text.len(), |i| from + i + 1);
        let mut end = (start + SAMPLE / pieces).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        out.push_str(&text[start..end.max(start)]);
        out.push('\n');
    }
    out.into()
}

/// The Han characters in the Basic Multilingual Plane that each conversion changes on their own: those a
/// paragraph needs before it can hold a character of the wrong script. Built once from the engine.
struct Suspects {
    /// Changed by `s2t` (suspect in Traditional text), one bit per code point.
    to_traditional: Vec<u64>,
    /// Changed by `t2s` (suspect in Simplified text).
    to_simplified: Vec<u64>,
}

impl Suspects {
    fn get() -> &'static Suspects {
        static SUSPECTS: std::sync::OnceLock<Suspects> = std::sync::OnceLock::new();
        SUSPECTS.get_or_init(|| Suspects {
            to_traditional: changed_by(Config::S2t),
            to_simplified: changed_by(Config::T2s),
        })
    }

    fn may_change(&self, c: char, expected: Script) -> bool {
        let code = c as usize;
        if code >= 0x10000 {
            // Rare characters outside the BMP are always checked.
            return crate::convert::script::is_han(c);
        }
        let bits = match expected {
            Script::Hant => &self.to_traditional,
            _ => &self.to_simplified,
        };
        bits[code / 64] & (1 << (code % 64)) != 0
    }

    /// Whether any character of `text` may change ([`Suspects::may_change`]), decoding the three-byte
    /// sequences that hold the BMP Han characters straight from the bytes (most of a Chinese text).
    fn any_may_change(&self, text: &str, expected: Script) -> bool {
        let bits = match expected {
            Script::Hant => &self.to_traditional,
            _ => &self.to_simplified,
        };
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0xE0 {
                // ASCII, a continuation byte or a two-byte sequence: nothing below U+0800 may change.
                i += 1;
            } else if b < 0xF0 {
                let (Some(&b1), Some(&b2)) = (bytes.get(i + 1), bytes.get(i + 2)) else {
                    break;
                };
                let code = ((b as usize & 0x0F) << 12)
                    | ((b1 as usize & 0x3F) << 6)
                    | (b2 as usize & 0x3F);
                if bits[code / 64] & (1 << (code % 64)) != 0 {
                    return true;
                }
                i += 3;
            } else {
                if let Some(c) = text[i..].chars().next() {
                    if self.may_change(c, expected) {
                        return true;
                    }
                }
                i += 4;
            }
        }
        false
    }
}

/// Code points `conversion` changes on their own. A character whose own conversion is itself but which a
/// phrase converts (面 in 方便面, s2t) is not among them: paragraphs whose only suspect is such a character
/// are not checked. Taking those in too would put nearly every Traditional paragraph through the
/// converter (家 合 表 出 are images of 傢 閤 錶 齣), for a rare kind of leftover.
fn changed_by(conversion: Config) -> Vec<u64> {
    let ranges = [0x3400..0x4DC0u32, 0x4E00..0xA000, 0xF900..0xFB00];
    let chars: Vec<char> = ranges
        .into_iter()
        .flatten()
        .filter_map(char::from_u32)
        .collect();
    // One character per line: phrases never cross a line break, so each is converted on its own.
    let mut joined = String::with_capacity(chars.len() * 4);
    for c in &chars {
        joined.push(*c);
        joined.push('\n');
    }
    let mut bits = vec![0u64; 1024];
    let converted = Converter::new(conversion).convert(&joined);
    for (c, out) in chars.iter().zip(converted.split('\n')) {
        if out != c.encode_utf8(&mut [0; 4]) {
            let code = *c as usize;
            bits[code / 64] |= 1 << (code % 64);
        }
    }
    bits
}

/// One flag per run of out-of-place characters, suggesting their conversion in context.
fn flags(paragraph: &str, expected: Script) -> Vec<Edit> {
    let (config, from, to) = match expected {
        Script::Hant => (Config::S2t, "Simplified", "Traditional"),
        _ => (Config::T2s, "Traditional", "Simplified"),
    };
    // One conversion serves both to find the out-of-place characters and to suggest their counterparts.
    let (converted, spans) = Converter::new(config).convert_with_spans(paragraph);
    let suspicious = suspicious_in_spans(paragraph, &spans, expected);
    if suspicious.is_empty() {
        return Vec::new();
    }
    // The suggestion for each suspicious character: its counterpart in the converted text when the span
    // converts character for character, else the whole converted span.
    let mut pieces: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for (range, _) in &suspicious {
        let Some(span) = spans
            .iter()
            .find(|s| s.src.start <= range.start && range.end <= s.src.end)
        else {
            continue;
        };
        let src = &paragraph[span.src.clone()];
        let dst = &converted[span.dst.clone()];
        let piece = if src.chars().count() == dst.chars().count() {
            let index = paragraph[span.src.start..range.start].chars().count();
            dst.chars()
                .nth(index)
                .map(|c| (range.clone(), c.to_string()))
        } else {
            Some((span.src.clone(), dst.to_owned()))
        };
        if let Some(piece) = piece {
            match pieces.last_mut() {
                Some(last) if last.0 == piece.0 => {}
                Some(last) if last.0.end == piece.0.start => {
                    last.0.end = piece.0.end;
                    last.1.push_str(&piece.1);
                }
                _ => pieces.push(piece),
            }
        }
    }
    pieces
        .into_iter()
        .filter(|(range, after)| paragraph[range.clone()] != *after)
        .map(|(range, after)| {
            let before = &paragraph[range.clone()];
            let reason = format!(
                "{from} {before} in {to} text; converted ({}) it reads {after}",
                config.name()
            );
            Edit::flag(range, after, reason, 0.7)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<(String, String, Option<u32>)> {
        let mut group = 0;
        find(text, &mut group)
            .into_iter()
            .map(|e| (text[e.range.clone()].to_owned(), e.after, e.group))
            .collect()
    }

    #[test]
    fn flags_the_other_script() {
        let got =
            run("簽訂備忘錄后，市外經貿委進一步拓展與加州合作領域。\n數據運營中心基于雲計算。\n");
        let pairs: Vec<(&str, &str)> = got
            .iter()
            .map(|(a, b, _)| (a.as_str(), b.as_str()))
            .collect();
        assert_eq!(pairs, vec![("后", "後"), ("于", "於")]);
        assert_eq!(got[0].2, Some(1));
        assert_eq!(got[1].2, Some(2));
        let got = run("双方签署了合作协议，进一步扩大贸易與投资规模。\n");
        let pairs: Vec<(&str, &str)> = got
            .iter()
            .map(|(a, b, _)| (a.as_str(), b.as_str()))
            .collect();
        assert_eq!(pairs, vec![("與", "与")]);
    }

    #[test]
    fn samples_long_text_on_char_boundaries() {
        let text = "經貿合作，取得成效。\n".repeat(40_000);
        assert!(sample(&text).len() < text.len());
        assert!(run(&text).is_empty());
    }

    #[test]
    fn leaves_consistent_text_alone() {
        for text in [
            "重慶與加州的經貿合作進一步拓展。\n",
            "重庆与加州的经贸合作进一步拓展。\n",
            "皇后大道的商店。\n",
            "Trade between the two cities grew.\n",
        ] {
            assert!(run(text).is_empty(), "{text}");
        }
    }
}
