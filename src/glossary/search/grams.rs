//! The n-grams that index keys for substring search.
//!
//! Latin-script text is indexed by character trigrams; wherever a Han (or kana, Hangul) character is
//! involved, by bigrams, and every dense-script character also by itself, so that 1- and 2-character
//! Chinese queries (港, 港区) find every key containing them — FTS5's trigram tokenizer cannot. Two-letter
//! Latin queries use the pair of letters that starts each word. A key containing the query contains every
//! gram of the query, because a gram depends only on the characters it covers.

use crate::glossary::normalize::is_dense;

const SHIFT: u32 = 21;
const WORD_START: u64 = 1 << 63;

fn pack2(a: char, b: char) -> u64 {
    ((a as u64) << (2 * SHIFT)) | ((b as u64) << SHIFT)
}

fn pack3(a: char, b: char, c: char) -> u64 {
    pack2(a, b) | c as u64
}

/// Calls `f` with every gram of a key (repeats possible).
pub(crate) fn key_grams(chars: &[char], mut f: impl FnMut(u64)) {
    for (i, &c) in chars.iter().enumerate() {
        if is_dense(c) {
            f(c as u64);
        }
        let Some(&d) = chars.get(i + 1) else { break };
        if is_dense(c) || is_dense(d) {
            f(pack2(c, d));
        } else if let Some(&e) = chars.get(i + 2) {
            f(pack3(c, d, e));
        }
        if (i == 0 || chars[i - 1] == ' ') && c != ' ' && d != ' ' && !is_dense(c) && !is_dense(d) {
            f(WORD_START | pack2(c, d));
        }
    }
}

/// The grams a query needs; empty if the query is too short to use the index (one Latin letter).
pub(crate) fn query_grams(chars: &[char]) -> Vec<u64> {
    let mut out = Vec::new();
    match chars {
        [] => {}
        [c] if is_dense(*c) => out.push(*c as u64),
        [_] => {}
        [a, b] if !is_dense(*a) && !is_dense(*b) => {
            if *a != ' ' && *b != ' ' {
                out.push(WORD_START | pack2(*a, *b));
            }
        }
        _ => {
            for i in 0..chars.len() - 1 {
                let (c, d) = (chars[i], chars[i + 1]);
                if is_dense(c) || is_dense(d) {
                    out.push(pack2(c, d));
                } else if let Some(&e) = chars.get(i + 2) {
                    out.push(pack3(c, d, e));
                }
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether a two-letter Latin query needs the word-start check instead of a plain substring check.
pub(crate) fn is_word_start_query(chars: &[char]) -> bool {
    matches!(chars, [a, b] if !is_dense(*a) && !is_dense(*b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grams(s: &str) -> Vec<u64> {
        let chars: Vec<char> = s.chars().collect();
        let mut v = Vec::new();
        key_grams(&chars, |g| v.push(g));
        v.sort_unstable();
        v.dedup();
        v
    }

    #[test]
    fn every_substring_query_is_covered_by_the_key() {
        let keys = [
            "bonded port area",
            "两江新区",
            "wto组织成员",
            "中国 重庆 自由贸易试验区",
            "a",
        ];
        for key in keys {
            let chars: Vec<char> = key.chars().collect();
            let all = grams(key);
            for i in 0..chars.len() {
                for j in i + 1..=chars.len() {
                    let q = &chars[i..j];
                    let starts_word = i == 0 || chars[i - 1] == ' ';
                    if is_word_start_query(q) && !starts_word {
                        continue;
                    }
                    for g in query_grams(q) {
                        assert!(
                            all.contains(&g),
                            "{key}: query {:?}",
                            q.iter().collect::<String>()
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn short_queries() {
        assert_eq!(query_grams(&['港']).len(), 1);
        assert!(query_grams(&['b']).is_empty());
        assert_eq!(query_grams(&['p', 'o']), vec![WORD_START | pack2('p', 'o')]);
        assert_eq!(query_grams(&['港', '区']), vec![pack2('港', '区')]);
    }
}
