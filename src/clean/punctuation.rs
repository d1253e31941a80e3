//! The `punctuation` rule (GB/T 15834): half-width `, ; : ? ! ( )` inside Chinese become full-width, and
//! full-width `，；：？！（）` inside English become half-width.
//!
//! The language of a mark is read from its neighbours: a mark after a Han character (or after a closing
//! quote that follows one) is Chinese; a full-width mark between Latin letters or digits with no Chinese
//! character within a few characters is English. Nothing changes between two digits (`1,753.18`, `10:30`,
//! `3:1`), inside URLs and e-mail addresses, or in Japanese and Korean text.

use super::edits::Edit;
use super::scan;
use super::text::{
    char_at, char_before, is_cjk, is_han, is_kana_or_hangul, looks_like_address, token_around,
};

/// How far (in characters) to look for Chinese around a full-width mark before calling it English.
const ENGLISH_WINDOW: usize = 12;

/// Finds punctuation to convert in `text`.
pub(crate) fn find(text: &str) -> Vec<Edit> {
    let bytes = text.as_bytes();
    let mut edits = Vec::new();
    let mut skip_until = 0;
    let mut i = 0;
    // The marks are ASCII bytes or lead byte EF of the full-width forms (EF BC xx): the scan skips eight
    // bytes at a time where there is neither.
    let marks = |w: u64| {
        scan::ascii_between(w, 0x20, 0x2D) | scan::ascii_between(w, 0x39, 0x40) | scan::eq(w, 0xEF)
    };
    let wanted = |b: u8| matches!(b, b',' | b';' | b':' | b'?' | b'!' | b'(' | 0xEF);
    while let Some(at) = scan::find(bytes, i.max(skip_until), marks, wanted) {
        i = at;
        let b = bytes[i];
        if b == 0xEF && bytes.get(i + 1) != Some(&0xBC) {
            i += 1;
            continue;
        }
        let edit = if b < 0x80 {
            to_full(text, i)
        } else {
            to_half(text, i)
        };
        match edit {
            Some(found) => {
                skip_until = found.iter().map(|e| e.range.end).max().unwrap_or(i + 1);
                edits.extend(found);
                i = skip_until.max(i + 1);
            }
            None => i += 1,
        }
    }
    edits.sort_by_key(|e| e.range.start);
    edits
}

fn full_of(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        _ => return None,
    })
}

fn half_of(c: char) -> Option<char> {
    Some(match c {
        '，' => ',',
        '；' => ';',
        '：' => ':',
        '？' => '?',
        '！' => '!',
        '（' => '(',
        '）' => ')',
        _ => return None,
    })
}

/// Closing quotes and brackets that sit between a Chinese word and its punctuation.
fn is_closer(c: char) -> bool {
    matches!(c, '”' | '’' | '"' | '\'' | '」' | '』' | '》' | '）' | '】')
}

/// Marks this rule converts, in either width.
fn is_mark(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '?' | '!') || matches!(c, '，' | '；' | '：' | '？' | '！')
}

/// The character that decides the language before `i`, and where it is: skips closing quotes and other
/// marks (up to four), so that "合作?:" and "ready？！" convert whole, not one mark per run.
fn context_before(text: &str, i: usize) -> Option<(char, usize)> {
    let mut pos = i;
    for _ in 0..5 {
        let c = char_before(text, pos)?;
        pos -= c.len_utf8();
        if !is_closer(c) && !is_mark(c) {
            return Some((c, pos));
        }
    }
    None
}

fn japanese_or_korean_nearby(text: &str, i: usize) -> bool {
    let line = |c: &char| *c != '\n';
    text[..i]
        .chars()
        .rev()
        .take(ENGLISH_WINDOW)
        .take_while(line)
        .any(is_kana_or_hangul)
        || text[i..]
            .chars()
            .take(ENGLISH_WINDOW)
            .take_while(line)
            .any(is_kana_or_hangul)
}

/// A half-width mark at `i` that belongs to Chinese text.
fn to_full(text: &str, i: usize) -> Option<Vec<Edit>> {
    let mark = text.as_bytes()[i] as char;
    let (mut prev, at) = context_before(text, i)?;
    let mut start = i;
    // "合作 ,取得": a stray space right before the mark goes with it.
    if prev == ' ' {
        let c = char_before(text, at).filter(|_| at + 1 == i)?;
        if !is_cjk(c) {
            return None;
        }
        prev = c;
        start = at;
    }
    if !is_cjk(prev) || japanese_or_korean_nearby(text, i) {
        return None;
    }
    // After a Han character the mark starts a token, so it is inside an address only as the ':' of "://".
    if text[i..].starts_with("://") {
        return None;
    }
    if mark == '(' {
        return paren_to_full(text, start, i);
    }
    let full = full_of(mark)?;
    // A space after the mark is absorbed by the full-width mark's own spacing.
    let mut end = i + 1;
    if text.as_bytes().get(end) == Some(&b' ')
        && char_at(text, end + 1).is_some_and(|c| !c.is_whitespace())
    {
        end += 1;
    }
    Some(vec![Edit::fix(
        start..end,
        full.to_string(),
        format!("half-width {mark} in Chinese text → {full}"),
        0.9,
    )])
}

fn paren_to_full(text: &str, start: usize, open: usize) -> Option<Vec<Edit>> {
    let close = matching(text, open, '(', ')')?;
    Some(vec![
        Edit::fix(
            start..open + 1,
            "（",
            "half-width ( in Chinese text → （",
            0.85,
        ),
        Edit::fix(
            close..close + 1,
            "）",
            "half-width ) in Chinese text → ）",
            0.85,
        ),
    ])
}

/// The closing bracket that matches the one at `open`, on the same line, not nested.
fn matching(text: &str, open: usize, o: char, c: char) -> Option<usize> {
    let start = open + o.len_utf8();
    for (k, ch) in text[start..].char_indices().take(200) {
        if ch == c {
            return Some(start + k);
        }
        if ch == o || ch == '\n' || ch == '(' || ch == '（' {
            return None;
        }
    }
    None
}

/// A full-width mark at `i` that sits in English text.
fn to_half(text: &str, i: usize) -> Option<Vec<Edit>> {
    // Most full-width marks follow a Han character: U+4000–U+9FFF (lead bytes E4–E9) is neither a closer nor
    // a mark, so it is the context, and not an English one. Decided from the bytes, without decoding.
    if i >= 3 && matches!(text.as_bytes()[i - 3], 0xE4..=0xE9) {
        return None;
    }
    let mark = char_at(text, i)?;
    let half = half_of(mark)?;
    if mark == '）' {
        return None; // handled with its opening bracket
    }
    let prev = char_before(text, i)?;
    let (context, _) = context_before(text, i)?;
    if !(context.is_ascii_alphanumeric() || matches!(context, ' ' | '.' | ')' | '"' | '\'' | '%')) {
        return None;
    }
    if chinese_nearby(text, i) || looks_like_address(token_around(text, i)) {
        return None;
    }
    let after_i = i + mark.len_utf8();
    let next = char_at(text, after_i);
    if mark == '（' {
        let close = matching(text, i, '（', '）')?;
        let close_end = close + '）'.len_utf8();
        if text[after_i..close].chars().any(is_cjk) || chinese_nearby(text, close) {
            return None;
        }
        let open_text = if prev.is_ascii_alphanumeric() {
            " ("
        } else {
            "("
        };
        let close_text = if char_at(text, close_end).is_some_and(|c| c.is_ascii_alphanumeric()) {
            ") "
        } else {
            ")"
        };
        return Some(vec![
            Edit::fix(
                i..after_i,
                open_text,
                "full-width （ in English text → (",
                0.85,
            ),
            Edit::fix(
                close..close_end,
                close_text,
                "full-width ） in English text → )",
                0.85,
            ),
        ]);
    }
    if !next.is_none_or(|c| c.is_ascii() || c.is_whitespace() || is_mark(c)) {
        return None;
    }
    let between_digits = prev.is_ascii_digit() && next.is_some_and(|c| c.is_ascii_digit());
    let space =
        next.is_some_and(|c| c.is_ascii_alphanumeric() || c == '"' || c == '(') && !between_digits;
    let replacement = if space {
        format!("{half} ")
    } else {
        half.to_string()
    };
    Some(vec![Edit::fix(
        i..after_i,
        replacement,
        format!("full-width {mark} in English text → {half}"),
        0.85,
    )])
}

/// Whether a Han character or CJK punctuation (other than the full-width marks this rule converts) is
/// within a few characters of `i` on the same line.
fn chinese_nearby(text: &str, i: usize) -> bool {
    let chinese =
        |c: char| is_han(c) || (is_cjk(c) && half_of(c).is_none()) || is_kana_or_hangul(c);
    let line = |c: &char| *c != '\n';
    let before = text[..i]
        .chars()
        .rev()
        .take(ENGLISH_WINDOW)
        .take_while(line)
        .any(chinese);
    let after = text[i..]
        .chars()
        .skip(1)
        .take(ENGLISH_WINDOW)
        .take_while(line)
        .any(chinese);
    before || after
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> String {
        let mut out = String::new();
        let mut pos = 0;
        for e in find(text) {
            out.push_str(&text[pos..e.range.start]);
            out.push_str(&e.after);
            pos = e.range.end;
        }
        out.push_str(&text[pos..]);
        out
    }

    #[test]
    fn table() {
        let cases = [
            ("備忘錄後,市外", "備忘錄後，市外"),
            (
                "会议议题包括:贸易、投资和旅游。",
                "会议议题包括：贸易、投资和旅游。",
            ),
            (
                "双方是否达成协议?目前尚无消息。",
                "双方是否达成协议？目前尚无消息。",
            ),
            ("欢迎加州代表团!", "欢迎加州代表团！"),
            (
                "一是加强合作;二是扩大投资。",
                "一是加强合作；二是扩大投资。",
            ),
            ("等領域,10個", "等領域，10個"),
            ("合作, 取得", "合作，取得"),
            ("“加州節”,在", "“加州節”，在"),
            ("惠普(HP)在重庆", "惠普（HP）在重庆"),
            ("Chongqing，China", "Chongqing, China"),
            (
                "The goal is clear：trade and investment.",
                "The goal is clear: trade and investment.",
            ),
            ("Is it ready？Yes！", "Is it ready? Yes!"),
            ("Is it ready？！Yes", "Is it ready?! Yes"),
            ("經貿合作?:", "經貿合作？："),
            (" ）:經", " ）:經"),
            (
                "Hewlett-Packard（Chongqing）：trade",
                "Hewlett-Packard (Chongqing): trade",
            ),
            (
                "Hewlett-Packard（Chongqing）",
                "Hewlett-Packard (Chongqing)",
            ),
            (
                "Hewlett-Packard （Chongqing）",
                "Hewlett-Packard (Chongqing)",
            ),
            ("The ratio is 3：1.", "The ratio is 3:1."),
            ("USD 1,753.18 million", "USD 1,753.18 million"),
            (
                "Add Time:2014-10-27 00:00:00",
                "Add Time:2014-10-27 00:00:00",
            ),
            ("会议时间为10:30。", "会议时间为10:30。"),
            ("比分为3:1", "比分为3:1"),
            (
                "投资总额为1.2亿美元，其中外资占60%。",
                "投资总额为1.2亿美元，其中外资占60%。",
            ),
            ("重庆（Chongqing）", "重庆（Chongqing）"),
            (
                "Hewlett-Packard (Chongqing), Wal-Mart (Chongqing)",
                "Hewlett-Packard (Chongqing), Wal-Mart (Chongqing)",
            ),
            (
                "详见网站http://www.cq.gov.cn/a,b",
                "详见网站http://www.cq.gov.cn/a,b",
            ),
            ("日本語の文,テスト", "日本語の文,テスト"),
            ("Soruce:中美省州合作", "Soruce:中美省州合作"),
            ("使用Python，并且", "使用Python，并且"),
            ("网址:http://www.cq.gov.cn", "网址：http://www.cq.gov.cn"),
        ];
        for (input, want) in cases {
            assert_eq!(run(input), want, "{input}");
            assert_eq!(run(want), want, "not idempotent: {want}");
        }
    }
}
