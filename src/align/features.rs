//! What the scorer knows about each sentence: its length, punctuation, and its "units" of lexical evidence.
//!
//! Both sides have the same shape ([`Side`]): a sentence is a list of units, a unit a list of keys. A unit
//! of one sentence is *matched* by a sentence of the other side when any of its keys occurs there.
//! Chinese units are dictionary words (keys: the stems of their English senses), numbers, Latin tokens,
//! transliterated names (keys: their pinyin), glossary terms and words learned from a first pass;
//! English units are content words (keys: stem, number value, and the joined form of a capitalised
//! name). Keys are `u32`: the lexicon's stem ids, then ids local to the document ([`Keys`]).

use rustc_hash::{FxHashMap, FxHashSet};

use super::chinese::{self, ZhPiece};
use super::english;
use super::lexicon::Lexicon;
use super::types::TermPair;

/// At most this many units per sentence count as evidence (they are bit positions in a `u128`).
pub const MAX_UNITS: usize = 128;

/// Key interning: lexicon stems keep their ids, anything else gets a document-local id after them.
///
/// A `Keys` can sit on top of a frozen table of local keys ([`Keys::on_top_of`]): the re-scorer keeps a
/// whole document's keys and interns a few edited sentences against them without copying the table.
pub struct Keys<'l> {
    lex: &'l Lexicon,
    base: Option<&'l FxHashMap<String, u32>>,
    local: FxHashMap<String, u32>,
}

impl<'l> Keys<'l> {
    pub fn new(lex: &'l Lexicon) -> Self {
        Self {
            lex,
            base: None,
            local: FxHashMap::default(),
        }
    }

    /// Keys that find lexicon stems, then the local keys of `base` (ids as [`Keys::into_local`] gave
    /// them), and number anything new after both.
    pub fn on_top_of(lex: &'l Lexicon, base: &'l FxHashMap<String, u32>) -> Self {
        Self {
            lex,
            base: Some(base),
            local: FxHashMap::default(),
        }
    }

    /// The local keys handed out (to freeze them for [`Keys::on_top_of`]).
    pub fn into_local(self) -> FxHashMap<String, u32> {
        self.local
    }

    /// The key of an English stem.
    pub fn stem(&mut self, stem: &str) -> u32 {
        match self.lex.key(stem) {
            Some(k) => k,
            None => self.local(stem),
        }
    }

    /// A document-local key (numbers are `#value`, names `@pinyin`).
    pub fn local(&mut self, name: &str) -> u32 {
        if let Some(&k) = self.base.and_then(|b| b.get(name)) {
            return k;
        }
        if let Some(&k) = self.local.get(name) {
            return k;
        }
        let k = self.len() as u32;
        self.local.insert(name.to_string(), k);
        k
    }

    /// One past the largest key handed out.
    pub fn len(&self) -> usize {
        self.lex.vocab_len() + self.base.map_or(0, |b| b.len()) + self.local.len()
    }

    /// The number key for a value (`#30000000`, `#5.3`).
    pub fn number(&mut self, value: f64) -> u32 {
        self.local(&number_name(value))
    }
}

/// A canonical name for a number, to 7 significant digits, so that 711.3亿 (711.3 × 10⁸) and
/// "71.13 billion" (71.13 × 10⁹) meet despite floating-point rounding.
fn number_name(value: f64) -> String {
    format!("#{value:.6e}")
}

/// Question marks, exclamation marks and quotation marks of a sentence.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Punct {
    pub question: u8,
    pub exclaim: u8,
    pub quote: bool,
}

/// One side's sentences as evidence.
#[derive(Debug, Default)]
pub struct Side {
    /// Non-space characters per sentence.
    pub len: Vec<f32>,
    pub punct: Vec<Punct>,
    // Sentence s has units unit_off[s]..unit_off[s+1]; unit u has keys keys[key_off[u]..key_off[u+1]].
    unit_off: Vec<u32>,
    key_off: Vec<u32>,
    keys: Vec<u32>,
    // Sentence s's key set, sorted: set[set_off[s]..set_off[s+1]].
    set_off: Vec<u32>,
    set: Vec<u32>,
}

impl Side {
    fn new() -> Self {
        Self {
            unit_off: vec![0],
            key_off: vec![0],
            set_off: vec![0],
            ..Self::default()
        }
    }

    /// Number of sentences.
    pub fn n(&self) -> usize {
        self.len.len()
    }

    /// Number of evidence units of sentence `s`.
    pub fn units(&self, s: usize) -> usize {
        (self.unit_off[s + 1] - self.unit_off[s]) as usize
    }

    /// Index of the first unit of sentence `s` among all units of the side.
    pub fn first_unit(&self, s: usize) -> usize {
        self.unit_off[s] as usize
    }

    /// Number of units of the whole side.
    pub fn total_units(&self) -> usize {
        self.key_off.len() - 1
    }

    /// The keys of the `k`-th unit of sentence `s`.
    pub fn unit_keys(&self, s: usize, k: usize) -> &[u32] {
        let u = self.unit_off[s] as usize + k;
        &self.keys[self.key_off[u] as usize..self.key_off[u + 1] as usize]
    }

    /// The sorted set of keys of sentence `s`.
    pub fn key_set(&self, s: usize) -> &[u32] {
        &self.set[self.set_off[s] as usize..self.set_off[s + 1] as usize]
    }

    fn push_unit(&mut self, keys: &[u32]) {
        let s_units = self.units_in_current_sentence();
        if keys.is_empty() || s_units >= MAX_UNITS {
            return;
        }
        self.keys.extend_from_slice(keys);
        self.key_off.push(self.keys.len() as u32);
    }

    fn units_in_current_sentence(&self) -> usize {
        self.key_off.len() - 1 - *self.unit_off.last().unwrap_or(&0) as usize
    }

    fn end_sentence(&mut self, len: f32, punct: Punct) {
        let first_unit = *self.unit_off.last().unwrap_or(&0) as usize;
        self.unit_off.push((self.key_off.len() - 1) as u32);
        let start = self.key_off[first_unit] as usize;
        let mut set: Vec<u32> = self.keys[start..].to_vec();
        set.sort_unstable();
        set.dedup();
        self.set.extend_from_slice(&set);
        self.set_off.push(self.set.len() as u32);
        self.len.push(len);
        self.punct.push(punct);
    }
}

/// Extra Chinese → English evidence beyond the lexicon: glossary terms and a learned word table.
#[derive(Debug, Default, Clone)]
pub struct Extra {
    /// Chinese string → English keys.
    pub table: FxHashMap<String, Vec<u32>>,
    /// Longest Chinese string in `table`, in chars.
    pub max_chars: usize,
}

impl Extra {
    /// Adds glossary term pairs (English words stemmed, function words dropped).
    pub fn add_terms(&mut self, terms: &[TermPair], keys: &mut Keys<'_>) {
        for t in terms {
            let ks: Vec<u32> = english::words(&t.en)
                .iter()
                .filter(|w| !w.stop)
                .map(|w| keys.stem(&w.stem))
                .collect();
            if !ks.is_empty() && !t.zh.trim().is_empty() {
                self.add(t.zh.trim(), &ks);
            }
        }
    }

    /// Adds keys for a Chinese string.
    pub fn add(&mut self, zh: &str, ks: &[u32]) {
        self.max_chars = self.max_chars.max(zh.chars().count());
        let list = self.table.entry(zh.to_string()).or_default();
        for &k in ks {
            if !list.contains(&k) {
                list.push(k);
            }
        }
    }
}

/// Builds the English side. `names` ([`english_names`]) are the words that get a pinyin key wherever
/// they stand, sentence-initial too.
pub fn english_side(sentences: &[&str], names: &FxHashSet<String>, keys: &mut Keys<'_>) -> Side {
    let mut side = Side::new();
    for s in sentences {
        for value in english_numbers(s) {
            let k = keys.number(value);
            side.push_unit(&[k]);
        }
        for w in english::words(s) {
            if w.stop || w.stem.as_bytes()[0].is_ascii_digit() {
                continue;
            }
            let mut ks = vec![keys.stem(&w.stem)];
            if let Some(v) = w.number {
                ks.push(keys.number(v as f64));
            }
            if names.contains(&w.joined) {
                ks.push(keys.local(&format!("@{}", w.joined)));
            }
            side.push_unit(&ks);
        }
        side.end_sentence(text_len(s), punct(s));
    }
    side
}

/// The words of an English document that are capitalised inside a sentence somewhere, joined
/// (`Bao-yu` → `baoyu`): the names pinyin may match.
pub fn english_names(sentences: &[&str]) -> FxHashSet<String> {
    let mut names = FxHashSet::default();
    for s in sentences {
        for w in english::words(s) {
            if w.capitalised
                && !w.stop
                && w.joined.len() >= 2
                && w.joined.bytes().all(|b| b.is_ascii_alphabetic())
            {
                names.insert(w.joined);
            }
        }
    }
    names
}

/// Builds the Chinese side. `names` are the English document's capitalised words (for pinyin), `extra`
/// glossary terms and learned words.
pub fn chinese_side(
    sentences: &[&str],
    lex: &Lexicon,
    names: &FxHashSet<String>,
    extra: &Extra,
    keys: &mut Keys<'_>,
) -> Side {
    let prefixes: FxHashSet<&str> = names
        .iter()
        .flat_map(|n| (1..=n.len()).map(move |k| &n[..k]))
        .collect();
    let mut side = Side::new();
    for s in sentences {
        for piece in chinese::pieces(s, lex) {
            match piece {
                ZhPiece::Word { entry: Some(e), .. } => {
                    side.push_unit(lex.keys(e));
                }
                ZhPiece::Word { .. } => {}
                ZhPiece::Latin(t) => {
                    let k = keys.stem(&english::stem(&t));
                    side.push_unit(&[k]);
                }
                ZhPiece::Number(v) => {
                    let k = keys.number(v);
                    side.push_unit(&[k]);
                }
            }
        }
        let chars: Vec<char> = s.chars().collect();
        if !prefixes.is_empty() {
            for name in pinyin_names(&chars, &prefixes, names) {
                let k = keys.local(&format!("@{name}"));
                side.push_unit(&[k]);
            }
        }
        if extra.max_chars > 0 {
            let mut k = 0;
            while k < chars.len() {
                let mut step = 1;
                for len in (1..=extra.max_chars.min(chars.len() - k)).rev() {
                    let sub: String = chars[k..k + len].iter().collect();
                    if let Some(ks) = extra.table.get(&sub) {
                        side.push_unit(ks);
                        step = len;
                        break;
                    }
                }
                k += step;
            }
        }
        side.end_sentence(text_len(s), punct(s));
    }
    side
}

/// Spans of 1–4 Han characters whose toneless pinyin spells one of the English names. A single
/// character counts only if it is a common surname (李 → "Li"), so that everyday characters do not match
/// every English name of one syllable.
pub fn pinyin_names(
    chars: &[char],
    prefixes: &FxHashSet<&str>,
    names: &FxHashSet<String>,
) -> Vec<String> {
    let mut found = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let mut best: Option<(usize, String)> = None;
        let mut partial: Vec<String> = vec![String::new()];
        for len in 1..=4 {
            let Some(&c) = chars.get(k + len - 1) else {
                break;
            };
            if !chinese::is_han(c) {
                break;
            }
            let mut next = Vec::new();
            for p in &partial {
                for r in chinese::pinyin_readings(c) {
                    let cand = format!("{p}{r}");
                    if prefixes.contains(cand.as_str()) && next.len() < 16 {
                        next.push(cand);
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            if let Some(hit) = next.iter().find(|c| names.contains(c.as_str())) {
                if len > 1 || SURNAMES.contains(c) {
                    best = Some((len, hit.clone()));
                }
            }
            partial = next;
        }
        match best {
            Some((len, name)) => {
                found.push(name);
                k += len;
            }
            None => k += 1,
        }
    }
    found
}

// Common Chinese surnames (Simplified and Traditional) that are written as one syllable in English.
const SURNAMES: &str = "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮\
邓鄧曹彭曾肖萧蕭田董袁潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范金石廖贾賈夏韦韋付方白邹鄒孟熊\
秦邱江尹薛阎閻段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬钱錢严嚴覃武戴莫孔向汤湯";

/// Numbers in English text: `1,200`, `5.3`, `$30 million` (30 and 30,000,000).
pub fn english_numbers(s: &str) -> Vec<f64> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut k = 0;
    while k < b.len() {
        if !b[k].is_ascii_digit() || (k > 0 && b[k - 1].is_ascii_alphanumeric()) {
            k += 1;
            continue;
        }
        let start = k;
        let mut digits = String::new();
        while k < b.len() {
            let c = b[k];
            let next_digit = b.get(k + 1).is_some_and(|n| n.is_ascii_digit());
            if c.is_ascii_digit() {
                digits.push(c as char);
            } else if c == b'.' && next_digit {
                digits.push('.');
            } else if c != b',' || !next_digit {
                break;
            }
            k += 1;
        }
        let _ = start;
        let Ok(value) = digits.parse::<f64>() else {
            continue;
        };
        out.push(value);
        let rest = s[k..].trim_start().to_ascii_lowercase();
        for (word, scale) in [
            ("thousand", 1e3),
            ("million", 1e6),
            ("billion", 1e9),
            ("trillion", 1e12),
        ] {
            if rest.starts_with(word) {
                out.push(value * scale);
            }
        }
    }
    out
}

/// Non-space characters: the length measure of both sides.
pub fn text_len(s: &str) -> f32 {
    s.chars().filter(|c| !c.is_whitespace()).count() as f32
}

fn punct(s: &str) -> Punct {
    let mut p = Punct::default();
    let chars: Vec<char> = s.chars().collect();
    for (k, &c) in chars.iter().enumerate() {
        match c {
            '?' | '？' => p.question = p.question.saturating_add(1),
            '!' | '！' => p.exclaim = p.exclaim.saturating_add(1),
            '"' | '“' | '”' | '「' | '」' | '『' | '』' | '‘' => p.quote = true,
            // An apostrophe is a quotation mark only at a word edge ('Why ... me!').
            '\'' | '’' => {
                let before = k > 0 && chars[k - 1].is_alphanumeric();
                let after = chars.get(k + 1).is_some_and(|c| c.is_alphanumeric());
                if before != after && !(before && chars.get(k + 1) == Some(&'s')) {
                    p.quote = true;
                }
            }
            _ => {}
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> Lexicon {
        Lexicon::parse(
            "投資 投资 [tou2 zi1] /to invest/investment/\n\
             寶玉 宝玉 [bao3 yu4] /precious jade/\n\
             說 说 [shuo1] /to speak/to say/\n",
        )
        .unwrap()
    }

    #[test]
    fn units_match_across_sides() {
        let lex = lex();
        let mut keys = Keys::new(&lex);
        let en = [
            "Then Bao-yu said they invested $30 million in 2019.",
            "Is it here?",
        ];
        let names = english_names(&en);
        let en_side = english_side(&en, &names, &mut keys);
        assert!(names.contains("baoyu"));
        let zh = ["宝玉说他们2019年投资3000万美元。"];
        let zh_side = chinese_side(&zh, &lex, &names, &Extra::default(), &mut keys);
        // 宝玉 (word and pinyin name), 说, 投资, 2019, 30,000,000.
        assert_eq!(zh_side.units(0), 6);
        let matched = (0..zh_side.units(0))
            .filter(|&u| {
                zh_side
                    .unit_keys(0, u)
                    .iter()
                    .any(|k| en_side.key_set(0).binary_search(k).is_ok())
            })
            .count();
        assert_eq!(
            matched, 5,
            "宝玉 as 'precious jade' does not match, its pinyin does"
        );
        assert_eq!(en_side.punct[1].question, 1);
        assert_eq!(en_side.units(1), 0, "only function words");
    }

    #[test]
    fn english_number_forms() {
        assert_eq!(
            english_numbers("$30 million, 1,200 and 5.3%"),
            [30.0, 30e6, 1200.0, 5.3]
        );
        assert!(english_numbers("G20 summit").is_empty());
    }

    #[test]
    fn quotes_and_apostrophes() {
        assert!(punct("'Why,' he said.").quote);
        assert!(!punct("He didn't see Trinket's boots.").quote);
        assert!(punct("韦小宝道：“谁说不会？”").quote);
    }
}
