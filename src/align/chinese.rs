//! Chinese text for alignment: longest-match words, numbers (Arabic and Chinese numerals), Latin tokens
//! inside Chinese text, and toneless pinyin for transliterated names.

use super::lexicon::Lexicon;

/// Whether `c` is a Han character (CJK Unified Ideographs and their extensions, compatibility ideographs).
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// A piece of a Chinese sentence.
#[derive(Debug, Clone, PartialEq)]
pub enum ZhPiece<'a> {
    /// A run of Han characters found as one headword (`entry`) or a single character not in the lexicon.
    Word {
        /// The characters.
        text: &'a str,
        /// The lexicon entry, if the word is a headword.
        entry: Option<u32>,
    },
    /// A Latin-script token (`WTO`, `iPhone`), lower-cased.
    Latin(String),
    /// A number, with its value (`3000万` → 30,000,000; `二十` → 20; `5.3` → 5.3).
    Number(f64),
}

/// Splits a Chinese sentence into pieces: Han runs by forward longest match against the lexicon's
/// headwords, numbers, and Latin tokens. Punctuation and spaces are skipped.
pub fn pieces<'a>(text: &'a str, lex: &Lexicon) -> Vec<ZhPiece<'a>> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte_at = |k: usize| chars.get(k).map_or(text.len(), |&(b, _)| b);
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k].1;
        if let Some((value, len)) = number_at(&chars[k..]) {
            out.push(ZhPiece::Number(value));
            k += len;
        } else if is_han(c) {
            let run_end = (k..chars.len())
                .find(|&e| !is_han(chars[e].1))
                .unwrap_or(chars.len());
            let max = lex.max_chars().min(run_end - k).max(1);
            let mut taken = None;
            for len in (1..=max).rev() {
                let word = &text[byte_at(k)..byte_at(k + len)];
                if let Some(e) = lex.entry(word) {
                    taken = Some((len, Some(e)));
                    break;
                }
            }
            let (len, entry) = taken.unwrap_or((1, None));
            out.push(ZhPiece::Word {
                text: &text[byte_at(k)..byte_at(k + len)],
                entry,
            });
            k += len;
        } else if c.is_ascii_alphabetic() || is_fullwidth_alpha(c) {
            let mut s = String::new();
            while k < chars.len() {
                let c = narrow(chars[k].1);
                if c.is_ascii_alphanumeric() || (c == '-' && !s.is_empty()) {
                    s.push(c.to_ascii_lowercase());
                    k += 1;
                } else {
                    break;
                }
            }
            out.push(ZhPiece::Latin(s.trim_end_matches('-').to_string()));
        } else {
            k += 1;
        }
    }
    out
}

fn is_fullwidth_alpha(c: char) -> bool {
    matches!(c, 'Ａ'..='Ｚ' | 'ａ'..='ｚ')
}

/// Full-width ASCII (`０`, `Ａ`, `．`) to half-width.
pub fn narrow(c: char) -> char {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

fn digit_value(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' | '兩' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn unit_value(c: char) -> Option<f64> {
    Some(match c {
        '十' => 10.0,
        '百' => 100.0,
        '千' => 1_000.0,
        '万' | '萬' => 10_000.0,
        '亿' | '億' => 100_000_000.0,
        _ => return None,
    })
}

/// A number at the start of `chars`: Arabic digits (half- or full-width, with `,` and `.`), optionally
/// scaled by a following 万/亿, or a Chinese numeral of two or more characters (a lone 一 is an article
/// far more often than the number one). Returns the value and the number of chars used.
fn number_at(chars: &[(usize, char)]) -> Option<(f64, usize)> {
    let first = narrow(chars.first()?.1);
    if first.is_ascii_digit() {
        let mut s = String::new();
        let mut k = 0;
        while k < chars.len() {
            let c = narrow(chars[k].1);
            let next_digit = chars
                .get(k + 1)
                .is_some_and(|&(_, n)| narrow(n).is_ascii_digit());
            if c.is_ascii_digit() {
                s.push(c);
            } else if (c == '.' || c == ',') && next_digit {
                if c == '.' {
                    s.push('.');
                }
            } else {
                break;
            }
            k += 1;
        }
        let mut value: f64 = s.parse().ok()?;
        if let Some(u) = chars
            .get(k)
            .and_then(|&(_, c)| unit_value(c))
            .filter(|&u| u >= 10_000.0)
        {
            value *= u;
            k += 1;
        }
        return Some((value, k));
    }
    // Chinese numerals: digits and units, e.g. 二十 (20), 一九九八 (1998), 三千五百 (3500).
    let len = chars
        .iter()
        .take_while(|&&(_, c)| digit_value(c).is_some() || unit_value(c).is_some())
        .count();
    if len < 2 {
        return None;
    }
    let run: Vec<char> = chars[..len].iter().map(|&(_, c)| c).collect();
    let value = if run.iter().all(|&c| digit_value(c).is_some()) {
        // Read digit by digit, as years are written (一九九八).
        run.iter().fold(0.0, |acc, &c| {
            acc * 10.0 + digit_value(c).unwrap_or(0) as f64
        })
    } else {
        chinese_numeral(&run)?
    };
    Some((value, len))
}

fn chinese_numeral(run: &[char]) -> Option<f64> {
    let (mut total, mut section, mut digit) = (0.0f64, 0.0f64, None::<u64>);
    for &c in run {
        if let Some(d) = digit_value(c) {
            digit = Some(d);
        } else if let Some(u) = unit_value(c) {
            if u >= 10_000.0 {
                section += digit.take().unwrap_or(0) as f64;
                total = (total + section) * u;
                section = 0.0;
            } else {
                // 十 alone means 10 (十五 = 15).
                section += digit.take().unwrap_or(1) as f64 * u;
            }
        }
    }
    let value = total + section + digit.unwrap_or(0) as f64;
    (value > 0.0).then_some(value)
}

/// Toneless pinyin readings of a Han character (several for heteronyms), `ü` written `u`.
pub fn pinyin_readings(c: char) -> Vec<String> {
    use pinyin::ToPinyinMulti;
    let Some(multi) = c.to_pinyin_multi() else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for p in multi {
        let s: String = p
            .plain()
            .chars()
            .map(|c| if c == 'ü' { 'u' } else { c })
            .collect();
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> Lexicon {
        Lexicon::parse(
            "投資 投资 [tou2 zi1] /to invest/investment/\n\
             中國 中国 [Zhong1 guo2] /China/\n\
             中 中 [zhong1] /middle/\n\
             國 国 [guo2] /country/\n",
        )
        .unwrap()
    }

    #[test]
    fn longest_match_numbers_and_latin() {
        let lex = lex();
        let p = pieces("中国对WTO投资3000万美元，增长5.3%，二十年。", &lex);
        let want = vec![
            ZhPiece::Word {
                text: "中国",
                entry: lex.entry("中国"),
            },
            ZhPiece::Word {
                text: "对",
                entry: None,
            },
            ZhPiece::Latin("wto".into()),
            ZhPiece::Word {
                text: "投资",
                entry: lex.entry("投资"),
            },
            ZhPiece::Number(30_000_000.0),
            ZhPiece::Word {
                text: "美",
                entry: None,
            },
            ZhPiece::Word {
                text: "元",
                entry: None,
            },
            ZhPiece::Word {
                text: "增",
                entry: None,
            },
            ZhPiece::Word {
                text: "长",
                entry: None,
            },
            ZhPiece::Number(5.3),
            ZhPiece::Number(20.0),
            ZhPiece::Word {
                text: "年",
                entry: None,
            },
        ];
        assert_eq!(p, want);
    }

    #[test]
    fn chinese_numerals() {
        let cases = [
            ("二十", Some(20.0)),
            ("十五", Some(15.0)),
            ("一九九八", Some(1998.0)),
            ("三千五百", Some(3500.0)),
            ("两万", Some(20_000.0)),
            ("十四五", Some(15.0)),
            ("１２，０００", Some(12_000.0)),
            ("一", None),
        ];
        for (text, want) in cases {
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            assert_eq!(number_at(&chars).map(|v| v.0), want, "{text}");
        }
    }

    #[test]
    fn pinyin_of_names() {
        assert!(pinyin_readings('宝').contains(&"bao".to_string()));
        assert!(pinyin_readings('绿').contains(&"lu".to_string()));
        assert!(pinyin_readings('a').is_empty());
    }
}
