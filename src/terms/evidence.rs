//! Evidence that a Chinese candidate and an English one translate each other, beyond co-occurrence: what
//! survives translation.
//!
//! - CC-CEDICT: a Chinese word whose dictionary senses share a stem with an English word (新区 ~ "new area").
//! - Pinyin: Han characters whose toneless pinyin spells an English word (两江 ~ Liangjiang, 重庆 ~
//!   Chongqing), with the aligner's readings ([`crate::align::chinese::pinyin_readings`]).
//! - Latin tokens written inside the Chinese (5G, RCEP) found again in the English.
//!
//! Main types: [`Evidence`] (what was found, and the share of both terms it explains) and [`Prover`],
//! which finds it and caches pinyin readings.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::align::chinese::{is_han, pinyin_readings};
use crate::align::english;
use crate::align::lexicon::Lexicon;

/// How an acronym alone counts: its letters cannot be checked against the Chinese, so it is neither
/// evidence for nor against.
const ACRONYM_COVERAGE: f32 = 0.5;

/// What supports a pair besides co-occurrence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Chinese words whose CC-CEDICT senses meet an English word.
    pub dictionary: u16,
    /// Spans of Han characters whose pinyin spells an English word.
    pub pinyin: u16,
    /// Latin tokens found on both sides.
    pub latin: u16,
    /// The share of both terms that these explain, 0–1: the smaller of the Chinese characters' share and
    /// the English content words' share (an extra word on either side, 优化 in 优化营商环境 against
    /// "business environment", counts against the pair).
    pub coverage: f32,
    /// The share of the Chinese characters in words of two or more characters that CC-CEDICT knows but
    /// whose senses the English lacks: evidence against the pair (企业 "firm" against "Liangjiang New
    /// Area"), where an unknown word is merely no evidence.
    pub contradicted: f32,
}

impl Evidence {
    /// The factor evidence puts on a pair's score: from 0.35 (nothing explained) to 1 (everything), less
    /// up to 40% for contradicted words.
    pub fn weight(&self) -> f32 {
        (0.35 + 0.65 * self.coverage) * (1.0 - 0.4 * self.contradicted)
    }
}

/// A word of a candidate as evidence needs it.
#[derive(Debug, Clone, Copy)]
pub struct ZhWord<'a> {
    /// The word (Han characters, or a lower-case Latin token).
    pub text: &'a str,
    /// Its CC-CEDICT entry.
    pub entry: Option<u32>,
    /// Joiners (与, 及) are not counted as needing evidence.
    pub joiner: bool,
}

/// An English word of a candidate.
#[derive(Debug, Clone, Copy)]
pub struct EnWord<'a> {
    /// Lower case.
    pub text: &'a str,
    /// A function word (joiners such as "of"): not counted as needing evidence.
    pub stop: bool,
    /// Capitalised inside sentences (a name: pinyin may spell it).
    pub capitalised: bool,
    /// Written in capitals (CCISF).
    pub acronym: bool,
}

/// Finds [`Evidence`], caching the pinyin readings of characters.
pub struct Prover<'l> {
    lex: &'l Lexicon,
    readings: FxHashMap<char, Vec<String>>,
}

impl<'l> Prover<'l> {
    /// A prover over `lex`.
    pub fn new(lex: &'l Lexicon) -> Self {
        Prover {
            lex,
            readings: FxHashMap::default(),
        }
    }

    /// The evidence for `zh` ↔ `en`.
    pub fn prove(&mut self, zh: &[ZhWord<'_>], en: &[EnWord<'_>]) -> Evidence {
        let content: Vec<usize> = (0..en.len()).filter(|&k| !en[k].stop).collect();
        if content.len() == 1 && en[content[0]].acronym {
            return Evidence {
                coverage: ACRONYM_COVERAGE,
                ..Evidence::default()
            };
        }
        // The stems of each English word's parts ("opening-up" → open), as the lexicon knows them.
        let keys: Vec<Vec<u32>> = en
            .iter()
            .map(|w| {
                w.text
                    .split('-')
                    .filter(|p| !p.is_empty() && !english::is_stop(p))
                    .filter_map(|p| self.lex.key(&english::stem(p)))
                    .collect()
            })
            .collect();
        let mut en_hit = vec![false; en.len()];
        let chars: Vec<char> = zh.iter().flat_map(|w| w.text.chars()).collect();
        let mut zh_hit = vec![false; chars.len()];
        let mut ev = Evidence::default();
        let mut at = 0;
        let mut known_missed: Vec<usize> = Vec::new();
        for w in zh {
            let n = w.text.chars().count();
            let mut hit = false;
            if let Some(e) = w.entry {
                let senses = self.lex.keys(e);
                for (k, key) in keys.iter().enumerate() {
                    if !en[k].stop && key.iter().any(|key| senses.contains(key)) {
                        en_hit[k] = true;
                        hit = true;
                    }
                }
                ev.dictionary += u16::from(hit);
            } else if w.text.is_ascii() {
                for (k, e) in en.iter().enumerate() {
                    if e.text == w.text {
                        en_hit[k] = true;
                        hit = true;
                    }
                }
                ev.latin += u16::from(hit);
            }
            if hit || w.joiner {
                zh_hit[at..at + n].iter_mut().for_each(|h| *h = true);
            } else if w.entry.is_some() && n >= 2 {
                // A word the dictionary knows whose senses the English lacks (unless pinyin finds it
                // below). Single characters are left out: they are the stuff of abbreviations (智博会).
                known_missed.extend(at..at + n);
            }
            at += n;
        }
        for &k in &content {
            let word: String = en[k]
                .text
                .chars()
                .filter(char::is_ascii_alphabetic)
                .collect();
            if word.len() < 2 {
                continue;
            }
            // One character spelling a whole English word is a coincidence unless the word is a name.
            let min_chars = if en[k].capitalised { 1 } else { 2 };
            if let Some((a, b)) = self.spelled(&chars, &word, min_chars) {
                zh_hit[a..b].iter_mut().for_each(|h| *h = true);
                en_hit[k] = true;
                ev.pinyin += 1;
            }
        }
        let zh_share = share(&zh_hit);
        let en_share = if content.is_empty() {
            0.0
        } else {
            content.iter().filter(|&&k| en_hit[k]).count() as f32 / content.len() as f32
        };
        ev.coverage = zh_share.min(en_share);
        let contradicted = known_missed.iter().filter(|&&k| !zh_hit[k]).count();
        ev.contradicted = contradicted as f32 / chars.len().max(1) as f32;
        ev
    }

    /// The first span of at least `min_chars` Han characters whose pinyin spells `word` exactly.
    fn spelled(&mut self, chars: &[char], word: &str, min_chars: usize) -> Option<(usize, usize)> {
        for start in 0..chars.len() {
            let mut partial: Vec<String> = vec![String::new()];
            for (end, &c) in chars.iter().enumerate().skip(start) {
                if !is_han(c) {
                    break;
                }
                let readings = self.readings.entry(c).or_insert_with(|| pinyin_readings(c));
                let mut next = Vec::new();
                for p in &partial {
                    for r in readings.iter() {
                        let cand = format!("{p}{r}");
                        if word.starts_with(&cand) && next.len() < 16 {
                            next.push(cand);
                        }
                    }
                }
                if next.is_empty() {
                    break;
                }
                if end + 1 - start >= min_chars && next.iter().any(|c| c.len() == word.len()) {
                    return Some((start, end + 1));
                }
                partial = next;
            }
        }
        None
    }
}

fn share(hit: &[bool]) -> f32 {
    if hit.is_empty() {
        0.0
    } else {
        hit.iter().filter(|&&h| h).count() as f32 / hit.len() as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> Lexicon {
        Lexicon::parse(
            "新區 新区 [xin1 qu1] /new district/new area/\n\
             內陸 内陆 [nei4 lu4] /inland/interior/\n\
             開放 开放 [kai1 fang1] /to open up/\n\
             高地 高地 [gao1 di4] /highland/upland/\n",
        )
        .unwrap()
    }

    fn zh<'a>(lex: &Lexicon, words: &[&'a str]) -> Vec<ZhWord<'a>> {
        words
            .iter()
            .map(|w| ZhWord {
                text: w,
                entry: lex.entry(w),
                joiner: *w == "与",
            })
            .collect()
    }

    fn en<'a>(words: &[&'a str]) -> Vec<EnWord<'a>> {
        words
            .iter()
            .map(|w| EnWord {
                text: w,
                stop: english::is_stop(w),
                capitalised: matches!(*w, "liangjiang" | "chongqing" | "ccisf" | "area"),
                acronym: *w == "ccisf",
            })
            .collect()
    }

    #[test]
    fn dictionary_pinyin_and_latin() {
        let lex = lex();
        let mut p = Prover::new(&lex);
        type Case<'a> = (&'a [&'a str], &'a [&'a str], (u16, u16, u16), f32);
        let cases: [Case<'_>; 6] = [
            // 两江 by pinyin, 新区 by the dictionary: everything explained.
            (
                &["两", "江", "新区"],
                &["liangjiang", "new", "area"],
                (1, 1, 0),
                1.0,
            ),
            (
                &["内陆", "开放", "高地"],
                &["inland", "opening-up", "highland"],
                (3, 0, 0),
                1.0,
            ),
            (&["重", "庆"], &["chongqing"], (0, 1, 0), 1.0),
            (&["5g", "网", "络"], &["5g", "networks"], (0, 0, 1), 0.5),
            // Nothing in common.
            (&["渝", "洽", "会"], &["trade", "fair"], (0, 0, 0), 0.0),
            // An acronym cannot be checked: neutral.
            (&["渝", "洽", "会"], &["ccisf"], (0, 0, 0), ACRONYM_COVERAGE),
        ];
        for (z, e, (d, py, la), cov) in cases {
            let ev = p.prove(&zh(&lex, z), &en(e));
            assert_eq!(
                (ev.dictionary, ev.pinyin, ev.latin),
                (d, py, la),
                "{z:?} {e:?}"
            );
            assert!(
                (ev.coverage - cov).abs() < 1e-5,
                "{z:?} {e:?}: {}",
                ev.coverage
            );
        }
    }

    #[test]
    fn single_characters_spell_names_only() {
        let lex = lex();
        let mut p = Prover::new(&lex);
        let chars: Vec<char> = "江山".chars().collect();
        assert_eq!(p.spelled(&chars, "jiang", 1), Some((0, 1)));
        assert_eq!(p.spelled(&chars, "jiang", 2), None);
        assert_eq!(p.spelled(&chars, "jiangshan", 2), Some((0, 2)));
    }
}
