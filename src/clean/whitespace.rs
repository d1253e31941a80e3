//! The `whitespace` rule: runs of spaces with a no-break space in them, indented bullets, repeated blank
//! lines, trailing spaces, blank lines at the start and end of the document, and Unicode NFC.
//!
//! Only NFC, never NFKC: NFKC would turn full-width Chinese punctuation into ASCII and change the text.
//! CJK compatibility ideographs (U+F900–U+FAFF, U+2F800–U+2FA1F) are left as written even though NFC would
//! replace them, because the author may have chosen them on purpose. A single no-break space between two
//! words ("10\u{a0}km", French "prix\u{a0}:") is typography and stays.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, is_nfc_quick};

use super::edits::Edit;
use super::pipeline::ChunkContext;
use super::scan;
use super::text::{Line, is_hspace, lines};

/// The two passes of the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pass {
    /// NFC only. Runs first, so that the mojibake rule judges the text in the form it will end in.
    Normalize,
    /// Inside lines: no-break space runs and bullet indentation. Runs early, so that the punctuation rule
    /// sees the spacing it will keep.
    Inline,
    /// Between lines: blank lines and trailing spaces. Runs last, to tidy what the other rules leave.
    Lines,
}

/// Finds white-space and normalisation fixes in `text`.
pub(crate) fn find(text: &str, ctx: ChunkContext, pass: Pass) -> Vec<Edit> {
    let needs_nfc = pass == Pass::Normalize && needs_nfc(text);
    if pass == Pass::Normalize && !needs_nfc {
        return Vec::new();
    }
    let all: Vec<Line> = lines(text).collect();
    let blank = |l: &Line| {
        text[l.content()]
            .chars()
            .all(|c| is_hspace(c) || c == '\u{3000}')
    };
    let (first_content, last_content) = if pass == Pass::Lines {
        (
            all.iter().position(|l| !blank(l)),
            all.iter().rposition(|l| !blank(l)),
        )
    } else {
        (None, None)
    };
    // Where the no-break spaces are (C2 A0), found once: most lines have none, and looking for them line by
    // line costs a search per line.
    let nbsp: Vec<usize> = if pass == Pass::Inline {
        memchr::memmem::find_iter(text.as_bytes(), "\u{a0}".as_bytes()).collect()
    } else {
        Vec::new()
    };
    let mut edits = Vec::new();
    let mut blank_run = 0;
    for (i, line) in all.iter().enumerate() {
        if pass == Pass::Normalize {
            if needs_nfc {
                nfc(text, line.start, line.content_end, &mut edits);
            }
            continue;
        }
        if pass == Pass::Inline {
            if !blank(line) {
                line_edits(text, line, &nbsp, &mut edits);
            }
            continue;
        }
        if blank(line) {
            blank_run += 1;
            let leading = ctx.at_start && first_content.is_none_or(|f| i < f);
            let trailing = ctx.at_end && last_content.is_none_or(|l| i > l);
            if leading || trailing || blank_run > 1 {
                let why = if leading {
                    "blank line at the start of the document"
                } else if trailing {
                    "blank line at the end of the document"
                } else {
                    "repeated blank line"
                };
                edits.push(Edit::fix(line.start..line.end, "", why, 1.0));
            } else if line.content_end > line.start {
                edits.push(Edit::fix(
                    line.content(),
                    "",
                    "spaces on an empty line",
                    1.0,
                ));
            }
            continue;
        }
        blank_run = 0;
        let content = &text[line.content()];
        let trimmed = content.trim_end_matches(is_hspace);
        if trimmed.len() < content.len() {
            edits.push(Edit::fix(
                line.start + trimmed.len()..line.content_end,
                "",
                "trailing spaces",
                1.0,
            ));
        }
    }
    edits
}

/// The inline fixes of one line; `nbsp` holds the offsets of the text's no-break spaces, in order.
fn line_edits(text: &str, line: &Line, nbsp: &[usize], edits: &mut Vec<Edit>) {
    let content = &text[line.content()];
    let mut start = line.start;
    // Trailing spaces are the other pass's; leave them out of the runs here.
    let end = line.start + content.trim_end_matches(is_hspace).len();
    // Indented bullet.
    let body = content.trim_start_matches(is_hspace);
    if body.len() < content.len()
        && body.starts_with(['•', '●', '▪', '◦', '‣', '○', '■', '□', '·', '-', '*', '–'])
    {
        let indent = content.len() - body.len();
        if body[body.chars().next().map_or(0, char::len_utf8)..].starts_with(is_hspace) {
            edits.push(Edit::fix(
                line.start..line.start + indent,
                "",
                "indentation before a bullet",
                0.9,
            ));
            start = line.start + indent;
        }
    }
    if start >= end {
        return;
    }
    let mut inner = Vec::new();
    // Only a no-break space starts a run worth collapsing.
    let first = nbsp.partition_point(|&k| k < start);
    if nbsp.get(first).is_some_and(|&k| k < end) {
        nbsp_runs(text, start, end, &mut inner);
    }

    inner.sort_by_key(|e| e.range.start);
    let mut last_end = start;
    for e in inner {
        if e.range.start >= last_end {
            last_end = e.range.end;
            edits.push(e);
        }
    }
}

/// Runs of two or more spaces with a no-break space among them become one space.
fn nbsp_runs(text: &str, start: usize, end: usize, edits: &mut Vec<Edit>) {
    let bytes = &text.as_bytes()[..end];
    let mut from = start;
    while let Some(k) = memchr::memmem::find(&bytes[from..], "\u{a0}".as_bytes()) {
        let at = from + k;
        let run_start = text[start..at]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_hspace(c))
            .last()
            .map_or(at, |(j, _)| start + j);
        let run_end = text[at..end]
            .char_indices()
            .find(|&(_, c)| !is_hspace(c))
            .map_or(end, |(j, _)| at + j);
        if text[run_start..run_end].chars().count() >= 2 {
            edits.push(Edit::fix(
                run_start..run_end,
                " ",
                "run of spaces with a no-break space",
                0.95,
            ));
        }
        from = run_end.max(at + 2);
        if from >= end {
            break;
        }
    }
}

/// Characters whose NFC form might differ from what is written.
fn maybe_not_nfc(c: char) -> bool {
    // Fast answers for what Chinese and English text is made of: these blocks are all NFC and combine with
    // nothing (U+2000 and U+2001, which NFC replaces, and the kana voicing marks are left to the tables).
    if matches!(c as u32,
        0..=0x2FF | 0x2002..=0x206F | 0x3000..=0x3029 | 0x3030..=0x3098 | 0x309B..=0x30FF | 0x3400..=0x9FFF
        | 0xFF00..=0xFFEF)
    {
        return false;
    }
    canonical_combining_class(c) != 0 || is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes
}

/// Whether `text` holds a character NFC could change (a byte-level fast path over ASCII, Latin, CJK).
pub(crate) fn needs_nfc(text: &str) -> bool {
    let bytes = text.as_bytes();
    let table = bmp_not_nfc();
    // Lead bytes of what may not be NFC: U+0300 and up, except U+4000–U+9FFF (E4–E9), which is all CJK. ASCII,
    // U+0080–U+02FF (C2–CB) and continuation bytes are skipped eight bytes at a time.
    let marks = |w: u64| scan::high_between(w, 0xCC, 0xFF) & !scan::high_between(w, 0xE4, 0xE9);
    let lead = |b: u8| b >= 0xCC && !(0xE4..=0xE9).contains(&b);
    let mut i = 0;
    while let Some(at) = scan::find(bytes, i, marks, lead) {
        i = at;
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            // U+3400–U+3FFF
            (0xE3, Some(0x90..=0xBF), _) => i += 3,
            // The rest of the BMP from U+0800: looked up in a table of the same test as below.
            (b0 @ 0xE0..=0xEF, Some(&b1), Some(&b2)) => {
                let code = ((b0 as usize & 0x0F) << 12)
                    | ((b1 as usize & 0x3F) << 6)
                    | (b2 as usize & 0x3F);
                if table[code / 64] & (1 << (code % 64)) != 0 {
                    return true;
                }
                i += 3;
            }
            _ => {
                let Some(c) = text[i..].chars().next() else {
                    break;
                };
                if maybe_not_nfc(c) && !is_compat_ideograph(c) {
                    return true;
                }
                i += c.len_utf8();
            }
        }
    }
    false
}

/// One bit per BMP code point from U+0800: whether `needs_nfc` must report it (`maybe_not_nfc` and not a
/// compatibility ideograph). Built once; looking a character up here is much cheaper than the two tests.
fn bmp_not_nfc() -> &'static [u64] {
    static TABLE: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut bits = vec![0u64; 1024];
        for code in 0x800..0x10000u32 {
            if let Some(c) = char::from_u32(code) {
                if maybe_not_nfc(c) && !is_compat_ideograph(c) {
                    bits[code as usize / 64] |= 1 << (code % 64);
                }
            }
        }
        bits
    })
}

/// NFC of `text`, leaving CJK compatibility ideographs as written.
pub(crate) fn to_nfc(text: &str) -> std::borrow::Cow<'_, str> {
    if !needs_nfc(text) {
        return text.into();
    }
    let mut normal = String::with_capacity(text.len());
    let mut piece = String::new();
    for c in text.chars() {
        if is_compat_ideograph(c) {
            normal.extend(piece.nfc());
            piece.clear();
            normal.push(c);
        } else {
            piece.push(c);
        }
    }
    normal.extend(piece.nfc());
    normal.into()
}

fn is_compat_ideograph(c: char) -> bool {
    matches!(c as u32, 0xF900..=0xFAFF | 0x2F800..=0x2FA1F)
}

/// NFC of the line, leaving compatibility ideographs alone; one edit for the differing stretch.
fn nfc(text: &str, start: usize, end: usize, edits: &mut Vec<Edit>) {
    let span = &text[start..end];
    let normal = to_nfc(span);
    if normal == span {
        return;
    }
    // Trim the common prefix and suffix (on character boundaries) so the change shows only what moved.
    let prefix: usize = span
        .chars()
        .zip(normal.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let suffix: usize = span[prefix..]
        .chars()
        .rev()
        .zip(normal[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    // Keep a combining mark with its base: back the prefix up over any base the normal form changed.
    let mut p = prefix;
    while p > 0
        && span[p..]
            .chars()
            .next()
            .is_some_and(|c| canonical_combining_class(c) != 0)
    {
        p -= span[..p].chars().next_back().map_or(1, char::len_utf8);
    }
    let p = p.min(prefix);
    let s_end = span.len() - suffix;
    let n_end = normal.len() - suffix;
    if p > s_end || p > n_end {
        edits.push(Edit::fix(
            start..end,
            normal,
            "Unicode normalisation (NFC)",
            1.0,
        ));
        return;
    }
    let before = &span[p..s_end];
    let after = &normal[p..n_end];
    edits.push(Edit::fix(
        start + p..start + s_end,
        after,
        format!("Unicode normalisation (NFC): {before} → {after}"),
        1.0,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, at_start: bool, at_end: bool) -> String {
        let mut text = text.to_owned();
        for pass in [Pass::Normalize, Pass::Inline, Pass::Lines] {
            let edits = find(&text, ChunkContext { at_start, at_end }, pass);
            let mut out = String::new();
            let mut pos = 0;
            for e in &edits {
                assert!(e.range.start >= pos, "overlap in {text:?}: {edits:?}");
                out.push_str(&text[pos..e.range.start]);
                out.push_str(&e.after);
                pos = e.range.end;
            }
            out.push_str(&text[pos..]);
            text = out;
        }
        text
    }

    #[test]
    fn table() {
        let cases = [
            ("a  \nb\t\n", "a\nb\n"),
            ("\n\n\nTitle\n\n\n\nBody\n\n\n", "Title\n\nBody\n"),
            ("Title\r\n\r\n\r\nBody", "Title\r\n\r\nBody"),
            ("82,400 km2 \u{a0}large", "82,400 km2 large"),
            ("region.\u{a0} \u{a0}The goal", "region. The goal"),
            ("10\u{a0}km", "10\u{a0}km"),
            (
                "  • Elevated profile\n  • Solicited",
                "• Elevated profile\n• Solicited",
            ),
            ("  indented paragraph", "  indented paragraph"),
            ("Cafe\u{301} au lait", "Café au lait"),
            ("\u{f900}豈 stays", "\u{f900}豈 stays"),
            ("全面經貿，　　中文", "全面經貿，　　中文"),
            ("   \n", ""),
            ("line\n   \nnext", "line\n\nnext"),
        ];
        for (input, want) in cases {
            assert_eq!(run(input, true, true), want, "{input:?}");
        }
        // In the middle of a document, leading and trailing blank lines belong to the neighbours.
        assert_eq!(run("\nText\n\n", false, false), "\nText\n\n");
    }
}
