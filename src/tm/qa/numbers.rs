//! Numbers, amounts and dates in Chinese and English text, as values, so that a translation can be checked
//! against its source: `1,200` = `1200` = `一千二百`, `12亿` = `1.2 billion`, `3.5万` = `35,000`,
//! `百分之十二` = `12%`, `2025年5月` ~ `May 2025`.
//!
//! Chinese numerals are only read where they are clearly numbers (`二十`, `一千二百`, `二〇二五`, `五月`):
//! a lone `一` is usually part of a word (`一些`, `统一`, `之一`) and would flood the report. English number
//! words are read from eleven up (`twenty-five`), or with a scale (`two million`), for the same reason;
//! month names count only next to a number (`May 20`, since "may" is also a verb). The English number
//! words themselves are read by [`crate::number_words`], as the aligner reads them.

use std::ops::Range;

use crate::number_words::{self, Kind};

/// A number found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberMention {
    /// Its value (`1.2e9` for `12亿`).
    pub value: f64,
    /// Byte range of the mention.
    pub span: Range<usize>,
}

/// A number that appears in one side of a segment and not the other.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberDifference {
    /// The value.
    pub value: f64,
    /// The text of the mention.
    pub text: String,
    /// `true` if it is in the source and missing from the target; `false` if the target added it.
    pub in_source: bool,
}

const DIGITS: &str = "零〇一二两三四五六七八九";

fn zh_digit(c: char) -> Option<u64> {
    match c {
        '零' | '〇' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

fn zh_unit(c: char) -> Option<u64> {
    match c {
        '十' => Some(10),
        '百' => Some(100),
        '千' => Some(1000),
        '万' | '萬' => Some(10_000),
        '亿' | '億' => Some(100_000_000),
        _ => None,
    }
}

fn is_zh_numeral(c: char) -> bool {
    zh_digit(c).is_some() || zh_unit(c).is_some()
}

/// Value of a Chinese numeral run such as `一千二百`, `三万五千`, `十二`, `二〇二五` (digit by digit).
fn parse_zh(run: &[char]) -> Option<f64> {
    if run.iter().all(|&c| zh_digit(c).is_some()) {
        return run
            .iter()
            .try_fold(0u64, |acc, &c| {
                acc.checked_mul(10)?.checked_add(zh_digit(c)?)
            })
            .map(|v| v as f64);
    }
    let (mut total, mut section, mut digit) = (0u64, 0u64, None::<u64>);
    for &c in run {
        if let Some(d) = zh_digit(c) {
            if digit.is_some() && d != 0 {
                return None; // two digits in a row without a unit: not a standard numeral
            }
            digit = if d == 0 { None } else { Some(d) };
        } else {
            let unit = zh_unit(c)?;
            if unit >= 10_000 {
                let value = (section + digit.take().unwrap_or(0)).max(1);
                total = total.checked_add(value)?.checked_mul(unit)?;
                section = 0;
            } else {
                section += digit.take().unwrap_or(1) * unit;
            }
        }
    }
    Some((total + section + digit.unwrap_or(0)) as f64)
}

/// An English scale word (`million`, `bn`, `hundred`), read by [`crate::number_words`].
fn scale_word(word: &str) -> Option<f64> {
    number_words::parse(word)
        .filter(|n| n.kind == Kind::Scale)
        .map(|n| n.value as f64)
}

fn month(word: &str) -> Option<f64> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let w = word.to_ascii_lowercase();
    let w = w.trim_end_matches('.');
    MONTHS
        .iter()
        .position(|m| {
            *m == w || (w.len() >= 3 && m.starts_with(w) && (w.len() == 3 || w == "sept"))
        })
        .map(|i| (i + 1) as f64)
}

/// An exact English number word: a cardinal or ordinal (`twenty-five`, `third`). "Dozen" is left out:
/// "dozens of firms" is no figure to compare.
fn english_number_word(word: &str) -> Option<f64> {
    number_words::parse(word)
        .filter(|n| matches!(n.kind, Kind::Cardinal | Kind::Ordinal))
        .map(|n| n.value as f64)
}

/// Every number mentioned in `text`.
pub fn numbers(text: &str) -> Vec<NumberMention> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(text.len(), |c| c.0);
    let mut out = Vec::new();
    // Latin words seen, for "two million" and month names: (value or month, span, kind).
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
        if digit(c) {
            let start = i;
            let mut s = String::new();
            while i < chars.len() {
                let ch = chars[i].1;
                if digit(ch) {
                    s.push(
                        char::from_digit(
                            ch.to_digit(10).unwrap_or_else(|| ch as u32 - '０' as u32),
                            10,
                        )
                        .unwrap_or('0'),
                    );
                    i += 1;
                } else if matches!(ch, ',' | '，')
                    && (1..=3).all(|k| chars.get(i + k).is_some_and(|c| c.1.is_ascii_digit()))
                    && !chars.get(i + 4).is_some_and(|c| c.1.is_ascii_digit())
                {
                    i += 1; // thousands separator
                } else if matches!(ch, '.' | '．')
                    && chars.get(i + 1).is_some_and(|c| digit(c.1))
                    && !s.contains('.')
                {
                    s.push('.');
                    i += 1;
                } else {
                    break;
                }
            }
            let mut value: f64 = s.parse().unwrap_or(0.0);
            let mut end = i;
            // An attached Chinese scale (3.5万, 12亿, 1.5万亿) or an English one after a space (1.2 billion).
            while let Some(unit) = chars
                .get(end)
                .and_then(|c| zh_unit(c.1))
                .filter(|u| *u >= 1000)
            {
                value *= unit as f64;
                end += 1;
            }
            if end == i {
                let mut j = i;
                while chars.get(j).is_some_and(|c| c.1 == ' ') {
                    j += 1;
                }
                let word_end = (j..chars.len())
                    .find(|&k| !chars[k].1.is_ascii_alphabetic())
                    .unwrap_or(chars.len());
                if word_end > j {
                    let word = &text[end_of(j)..end_of(word_end)];
                    if let Some(scale) = scale_word(word) {
                        value *= scale;
                        end = word_end;
                    }
                }
            }
            out.push(NumberMention {
                value,
                span: end_of(start)..end_of(end),
            });
            i = end;
            continue;
        }
        if is_zh_numeral(c) {
            let start = i;
            while i < chars.len() && is_zh_numeral(chars[i].1) {
                i += 1;
            }
            let run: Vec<char> = chars[start..i].iter().map(|c| c.1).collect();
            let next = chars.get(i).map(|c| c.1);
            let first_ok = DIGITS.contains(run[0]) || (run[0] == '十' && run.len() > 1);
            let all_digits = run.iter().all(|&c| zh_digit(c).is_some());
            let counts = if run.len() == 1 {
                zh_digit(run[0]).is_some() && matches!(next, Some('月' | '日' | '号' | '號'))
                    || run[0] == '十' && matches!(next, Some('月' | '日' | '号' | '號'))
            } else if all_digits {
                run.len() >= 4 || run.iter().any(|&c| matches!(c, '〇' | '零'))
            } else {
                first_ok && !matches!(run.as_slice(), ['万', '一'] | ['一', '一'] | ['万', '万'])
            };
            if counts && let Some(value) = parse_zh(&run) {
                out.push(NumberMention {
                    value,
                    span: end_of(start)..end_of(i),
                });
            }
            continue;
        }
        if c.is_ascii_alphabetic() {
            let start = i;
            while i < chars.len()
                && (chars[i].1.is_ascii_alphabetic()
                    || (chars[i].1 == '-'
                        && chars.get(i + 1).is_some_and(|c| c.1.is_ascii_alphabetic())))
            {
                i += 1;
            }
            let word = &text[end_of(start)..end_of(i)];
            let before_digit = start > 0
                && text[..end_of(start)]
                    .trim_end()
                    .ends_with(|c: char| c.is_ascii_digit());
            let mut after = i;
            if chars.get(after).is_some_and(|c| c.1 == '.') {
                after += 1;
            }
            while chars.get(after).is_some_and(|c| c.1 == ' ') {
                after += 1;
            }
            let after_digit = chars.get(after).is_some_and(|c| c.1.is_ascii_digit());
            // Month names count when capitalised ("in May"), except "May" and "March" opening the text
            // (a verb there), and always next to a number ("may 20").
            let capitalised = word.starts_with(|c: char| c.is_ascii_uppercase());
            let opening = text[..end_of(start)]
                .trim_matches(|c: char| c.is_whitespace() || "\"'“‘(".contains(c))
                .is_empty();
            let ambiguous = matches!(word.to_ascii_lowercase().as_str(), "may" | "march");
            let month_ok = before_digit || after_digit || (capitalised && !(ambiguous && opening));
            if let Some(m) = month(word).filter(|_| month_ok) {
                out.push(NumberMention {
                    value: m,
                    span: end_of(start)..end_of(i),
                });
            } else if let Some(v) = english_number_word(word) {
                // A following scale word: "two million".
                let mut j = i;
                while chars.get(j).is_some_and(|c| c.1 == ' ') {
                    j += 1;
                }
                let word_end = (j..chars.len())
                    .find(|&k| !chars[k].1.is_ascii_alphabetic())
                    .unwrap_or(chars.len());
                let scale = (word_end > j)
                    .then(|| scale_word(&text[end_of(j)..end_of(word_end)]))
                    .flatten();
                if let Some(scale) = scale {
                    out.push(NumberMention {
                        value: v * scale,
                        span: end_of(start)..end_of(word_end),
                    });
                    i = word_end;
                } else if v > 10.0 {
                    out.push(NumberMention {
                        value: v,
                        span: end_of(start)..end_of(i),
                    });
                }
            }
            continue;
        }
        i += 1;
    }
    out
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Numbers that appear in `source` and not in `target`, and the other way round (each mention is matched
/// at most once).
pub fn compare(source: &str, target: &str) -> Vec<NumberDifference> {
    let src = numbers(source);
    let mut tgt: Vec<Option<NumberMention>> = numbers(target).into_iter().map(Some).collect();
    let mut out = Vec::new();
    for s in src {
        match tgt
            .iter_mut()
            .find(|t| t.as_ref().is_some_and(|t| same(t.value, s.value)))
        {
            Some(slot) => *slot = None,
            None => out.push(NumberDifference {
                value: s.value,
                text: source[s.span].to_string(),
                in_source: true,
            }),
        }
    }
    for t in tgt.into_iter().flatten() {
        out.push(NumberDifference {
            value: t.value,
            text: target[t.span].to_string(),
            in_source: false,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<f64> {
        numbers(text).into_iter().map(|m| m.value).collect()
    }

    #[test]
    fn values_in_both_languages() {
        let cases: &[(&str, &[f64])] = &[
            ("1,200 and 1200 and 1200.5", &[1200.0, 1200.0, 1200.5]),
            ("一千二百", &[1200.0]),
            ("12亿美元", &[1.2e9]),
            ("$1.2 billion", &[1.2e9]),
            ("3.5万", &[35000.0]),
            ("增长百分之十二", &[12.0]),
            ("grew 12%", &[12.0]),
            ("2025年5月20日", &[2025.0, 5.0, 20.0]),
            ("May 20, 2025", &[5.0, 20.0, 2025.0]),
            ("you may go", &[]),
            ("May I march in March?", &[3.0]),
            ("二〇二五年五月", &[2025.0, 5.0]),
            ("第二十届", &[20.0]),
            ("the 20th fair", &[20.0]),
            ("一些统一的做法之一，十分重要，千万不要", &[]),
            (
                "twenty-five countries, two million people, one of them",
                &[25.0, 2e6],
            ),
            ("三万五千人", &[35000.0]),
            ("１２３", &[123.0]),
            ("1.5万亿元", &[1.5e12]),
            ("1, 2 and 3", &[1.0, 2.0, 3.0]),
        ];
        for (text, want) in cases {
            assert_eq!(values(text), *want, "{text}");
        }
    }

    #[test]
    fn differences_name_the_odd_numbers() {
        type Case<'a> = (&'a str, &'a str, &'a [(&'a str, bool)]);
        let cases: &[Case] = &[
            ("进出口额增长12%。", "Trade grew by 12%.", &[]),
            (
                "进出口额增长12%。",
                "Trade grew by 15%.",
                &[("12", true), ("15", false)],
            ),
            ("投资12亿美元。", "An investment of US$1.2 billion.", &[]),
            (
                "第二十届渝洽会将于5月举行。",
                "The 20th CCISF will be held in May.",
                &[],
            ),
            (
                "第二十届渝洽会将于6月举行。",
                "The 20th CCISF will be held in May.",
                &[("6", true), ("May", false)],
            ),
            (
                "第二十届渝洽会将于2025年5月举行。",
                "The 20th CCISF will be held in May 2025.",
                &[],
            ),
        ];
        for (src, tgt, want) in cases {
            let got: Vec<(String, bool)> = compare(src, tgt)
                .into_iter()
                .map(|d| (d.text, d.in_source))
                .collect();
            let want: Vec<(String, bool)> = want.iter().map(|(t, s)| (t.to_string(), *s)).collect();
            assert_eq!(got, want, "{src} | {tgt}");
        }
    }
}
