//! The `mojibake` rule: text that was decoded with the wrong encoding, repaired where the original can be
//! recovered and flagged where it cannot (garble is never deleted).
//!
//! Two kinds are repaired, line by line: UTF-8 read through a single-byte code page (the class ftfy repairs:
//! "CafÃ©", "â€œ", "√©"), in [`utf8`]; and Chinese in GBK or Big5 read through one ("µ˜’˚¥Û–°" → 调整大小), in
//! [`legacy`]. Lines are only examined when they contain a character that garble is made of (see
//! `first_suspicious`), which keeps Chinese and English text that is already clean on the fast path.

mod badness;
mod codepages;
mod legacy;
mod utf8;

use super::edits::Edit;
use super::scan;

/// Whether bytes may hold mojibake: a character from U+0080–U+07FF (a two-byte sequence), a
/// symbol from U+2000–U+25FF other than the curly quotes, dashes and ellipsis Chinese and English text use
/// (MacRoman and code page 437 garble: √ ≤ ∂ ◊ ╨), the Apple logo, or U+FFFD.
fn first_suspicious(bytes: &[u8], from: usize) -> Option<usize> {
    // Lead bytes C2–DF (two-byte sequences), E2 (U+2000–U+2FFF) and EF (U+F000–U+FFFF) start the candidates;
    // the scan skips eight bytes at a time where there is none (most of a Chinese or English text).
    let marks = |w: u64| scan::high_between(w, 0xC2, 0xDF) | scan::eq(w, 0xE2) | scan::eq(w, 0xEF);
    let lead = |b: u8| matches!(b, 0xC2..=0xDF | 0xE2 | 0xEF);
    let mut i = from;
    while let Some(at) = scan::find(bytes, i, marks, lead) {
        match (bytes[at], bytes.get(at + 1), bytes.get(at + 2)) {
            (0xC2..=0xDF, _, _) => return Some(at),
            (0xE2, Some(0x80), Some(t))
                if !matches!(t, 0x93 | 0x94 | 0x98 | 0x99 | 0x9C | 0x9D | 0xA6 | 0xA2) =>
            {
                return Some(at);
            }
            (0xE2, Some(0x81..=0x97), _) => return Some(at),
            (0xEF, Some(0xA3), Some(0xBF)) | (0xEF, Some(0xBF), Some(0xBD)) => return Some(at),
            _ => {}
        }
        i = at + 1;
    }
    None
}

/// Finds mojibake in `text`.
pub(crate) fn find(text: &str) -> Vec<Edit> {
    let bytes = text.as_bytes();
    let mut edits = Vec::new();
    let mut from = 0;
    while let Some(at) = first_suspicious(bytes, from) {
        let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |k| k + 1);
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |k| at + k);
        let content_end = if end > start && bytes[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        line_edits(&text[start..content_end], start, &mut edits);
        from = end;
    }
    edits
}

fn line_edits(line: &str, offset: usize, edits: &mut Vec<Edit>) {
    // Whether anything in the line looks garbled: both the UTF-8 repair and the garble flags start from
    // this test, so a line without such a sequence (most suspicious lines: "·" in a name) skips both.
    let bad = badness::is_bad(line);
    let mut fixed = line.to_owned();
    let mut how: Vec<String> = Vec::new();
    let mut confidence = 0.9;
    // A repair can leave text that would be repaired again (its NFC joins a combining accent to the garble
    // before it): repair until nothing changes, so that cleaning what the rule cleaned changes nothing.
    for round in 0..3 {
        let bad_now = if round == 0 {
            bad
        } else {
            badness::is_bad(&fixed)
        };
        let Some((next, steps, sure)) = repair(&fixed, bad_now) else {
            break;
        };
        if round == 0 {
            how = steps;
        } else {
            for step in steps {
                if !how.contains(&step) {
                    how.push(step);
                }
            }
        }
        confidence = f32::min(confidence, sure);
        fixed = next;
    }
    let mut repaired = Vec::new();
    if fixed != line {
        let reason = format!("wrong encoding repaired: {}", how.join(", then "));
        for (range, after) in diff(line, &fixed) {
            repaired.push(range.clone());
            edits.push(Edit::fix(
                offset + range.start..offset + range.end,
                after,
                reason.clone(),
                confidence,
            ));
        }
    }
    // What is still garbled is flagged, on the original text and away from the repairs.
    let residue = if fixed == line { line } else { "" };
    let mut flags: Vec<std::ops::Range<usize>> = if bad {
        badness::bad_spans(residue)
            .map(|r| widen(residue, r))
            .collect()
    } else {
        Vec::new()
    };
    for (k, _) in residue.match_indices('\u{fffd}') {
        flags.push(widen(residue, k..k + '\u{fffd}'.len_utf8()));
    }
    flags.sort_by_key(|r| r.start);
    let mut last_end = 0;
    for r in flags {
        if r.start < last_end {
            continue;
        }
        last_end = r.end;
        let shown = &residue[r.clone()];
        let reason = if shown.contains('\u{fffd}') {
            "characters lost when the text was decoded (U+FFFD); the original cannot be recovered here".to_owned()
        } else {
            format!(
                "\"{shown}\" looks garbled (wrong encoding), but no repair reads as text; left as is"
            )
        };
        edits.push(Edit::flag(
            offset + r.start..offset + r.end,
            shown,
            reason,
            0.5,
        ));
    }
}

/// One round of repairs of a line: UTF-8 read through a code page (when the line looks `bad`), then legacy
/// Chinese garble, the result in NFC like the rest of the cleaned text. The repaired line, what was done and
/// how sure it is; `None` when nothing changed.
fn repair(line: &str, bad: bool) -> Option<(String, Vec<String>, f32)> {
    let mut fixed = line.to_owned();
    let mut how: Vec<String> = Vec::new();
    let repaired = if bad { fix_utf8(line) } else { None };
    if let Some((text, steps)) = repaired {
        fixed = text;
        how.extend(steps);
    }
    let legacy = legacy::repairs(&fixed);
    let mut confidence = 0.9;
    if !legacy.is_empty() {
        let mut rebuilt = String::with_capacity(fixed.len());
        let mut pos = 0;
        for r in &legacy {
            rebuilt.push_str(&fixed[pos..r.range.start]);
            rebuilt.push_str(&r.text);
            pos = r.range.end;
            if !how.contains(&r.how) {
                how.push(r.how.clone());
            }
            confidence = f32::min(confidence, r.confidence);
        }
        rebuilt.push_str(&fixed[pos..]);
        fixed = rebuilt;
    }
    if fixed == line {
        return None;
    }
    let fixed = super::whitespace::to_nfc(&fixed).into_owned();
    (fixed != line).then_some((fixed, how, confidence))
}

/// The UTF-8 repair of a line, as the line is or, failing that, as it will be once the white-space rule has
/// removed its trailing spaces (which are kept as they are). Trailing no-break spaces can stand for bytes of
/// the garble ("voilÃ\u{a0}" is "voilà"), so the line is tried whole first; but when only the line without
/// them reads as UTF-8, cleaning the cleaned text would repair it the second time: so it is repaired now.
fn fix_utf8(line: &str) -> Option<(String, Vec<String>)> {
    utf8::fix_encoding(line).or_else(|| {
        let body = line.trim_end_matches(super::text::is_hspace);
        if body.len() == line.len() {
            return None;
        }
        let (mut fixed, steps) = utf8::fix_encoding(body)?;
        fixed.push_str(&line[body.len()..]);
        Some((fixed, steps))
    })
}

/// Widens a byte range to the whole run of non-space characters around it.
fn widen(text: &str, r: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let start = text[..r.start]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(k, c)| k + c.len_utf8());
    let end = text[r.end..]
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
        .map_or(text.len(), |(k, _)| r.end + k);
    start..end
}

/// The differing stretches between `a` and `b` as (range in `a`, replacement): common ASCII stretches of two
/// characters or more (or the ends) resynchronise the two, so that one line with several garbled words gives
/// one change per word.
fn diff(a: &str, b: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let ac: Vec<(usize, char)> = a.char_indices().collect();
    let bc: Vec<(usize, char)> = b.char_indices().collect();
    let pos_a = |i: usize| ac.get(i).map_or(a.len(), |&(k, _)| k);
    let pos_b = |j: usize| bc.get(j).map_or(b.len(), |&(k, _)| k);
    // Whether a[i..] and b[j..] agree for two ASCII characters (or to the end of both).
    let anchor = |i: usize, j: usize| {
        (0..2).all(|d| match (ac.get(i + d), bc.get(j + d)) {
            (Some(&(_, x)), Some(&(_, y))) => x == y && x.is_ascii(),
            (None, None) => true,
            _ => false,
        })
    };
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < ac.len() || j < bc.len() {
        if i < ac.len() && j < bc.len() && ac[i].1 == bc[j].1 {
            i += 1;
            j += 1;
            continue;
        }
        // Find the nearest resynchronisation point.
        let mut best = None;
        'search: for total in 0..=256usize {
            for di in 0..=total {
                let dj = total - di;
                let (ni, nj) = (i + di, j + dj);
                if ni > ac.len() || nj > bc.len() {
                    continue;
                }
                if (ni == ac.len() && nj == bc.len())
                    || (ni < ac.len() && nj < bc.len() && anchor(ni, nj))
                {
                    best = Some((ni, nj));
                    break 'search;
                }
            }
        }
        let (ni, nj) = best.unwrap_or((ac.len(), bc.len()));
        out.push((pos_a(i)..pos_a(ni), b[pos_b(j)..pos_b(nj)].to_owned()));
        i = ni;
        j = nj;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::ChangeKind;

    #[test]
    fn diff_splits_per_word() {
        let got = diff(
            "Ecuadorâ€™s â€˜purely politicalâ€™ move",
            "Ecuador’s ‘purely political’ move",
        );
        let pieces: Vec<(&str, &str)> = got
            .iter()
            .map(|(r, s)| {
                (
                    &"Ecuadorâ€™s â€˜purely politicalâ€™ move"[r.clone()],
                    s.as_str(),
                )
            })
            .collect();
        assert_eq!(pieces, vec![("â€™", "’"), ("â€˜", "‘"), ("â€™", "’")]);
    }

    /// The repair must not hinge on trailing spaces the white-space rule removes afterwards: U+FFFD after an
    /// accented letter reads as UTF-8 only without the last no-break space.
    #[test]
    fn trailing_spaces_do_not_decide_the_repair() {
        let text = "Caf\u{e9}\u{fffd}\u{a0}x\u{a0}";
        let edits = find(text);
        let fixes: Vec<&Edit> = edits.iter().filter(|e| e.kind == ChangeKind::Fix).collect();
        assert_eq!(fixes.len(), 1, "{edits:?}");
        let repaired = format!(
            "{}{}{}",
            &text[..fixes[0].range.start],
            fixes[0].after,
            &text[fixes[0].range.end..]
        );
        assert_eq!(repaired, "Caf\u{fffd}x\u{a0}");
        // Trailing no-break spaces that belong to the garble still count: "Ã\u{a0}" is "à".
        let text = "voil\u{c3}\u{a0}";
        let fixes: Vec<String> = find(text).into_iter().map(|e| e.after).collect();
        assert_eq!(fixes, ["\u{e0}"]);
    }

    #[test]
    fn seed_style_caption_is_repaired_and_garble_flagged() {
        let text = "Title\n\nµ˜’˚¥Û–° TG5D5207\n\nCafÃ© and Ã¨Ã¢Ã´Ã«\nlost \u{fffd}\u{fffd} bytes";
        let edits = find(text);
        let fixes: Vec<(&str, &str)> = edits
            .iter()
            .filter(|e| e.kind == ChangeKind::Fix)
            .map(|e| (&text[e.range.clone()], e.after.as_str()))
            .collect();
        assert!(fixes.contains(&("µ˜’˚¥Û–°", "调整大小")), "{fixes:?}");
        assert!(fixes.contains(&("Ã©", "é")), "{fixes:?}");
        let flags: Vec<&str> = edits
            .iter()
            .filter(|e| e.kind == ChangeKind::Flag)
            .map(|e| &text[e.range.clone()])
            .collect();
        assert_eq!(flags, vec!["\u{fffd}\u{fffd}"]);
    }
}
