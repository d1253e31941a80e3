//! One language side of the input as interned word tokens: Chinese cut into words as the aligner cuts it
//! (forward longest match on CC-CEDICT, [`crate::align::chinese::pieces`]), English into words as the
//! aligner's tokenizer finds them ([`crate::align::english::raw_words`]).
//!
//! Main type: [`Side`] — every bead's tokens, one after the other, with [`BREAK`] where a term cannot run
//! on (punctuation, spaces, numbers), and each token's span in its bead's text; [`Vocab`]
//! holds what is known about each distinct word (function word or not, lexicon entry, usual spelling).

use rustc_hash::FxHashMap;

use crate::align::chinese::{self, ZhPiece};
use crate::align::english;
use crate::align::lexicon::Lexicon;

/// A token where no term can run across.
pub const BREAK: u32 = u32::MAX;

/// The distinct words of a side.
#[derive(Debug, Default)]
pub struct Vocab {
    /// The word as interned: Chinese as written, English lower-cased without clitics.
    pub words: Vec<String>,
    index: FxHashMap<String, u32>,
    /// A function word: never at the edge of a term.
    pub stop: Vec<bool>,
    /// A function word that may stand inside a term (暨, of, and).
    pub joiner: Vec<bool>,
    /// A word that may begin a term or stand inside one but not end it: Chinese postpositions (中 begins
    /// 中新 "China–Singapore" but ends 发展中 "in development"), English past participles ("signed
    /// projects", but "trade value reached").
    pub not_last: Vec<bool>,
    /// Chinese: the word's CC-CEDICT entry.
    pub entry: Vec<Option<u32>>,
    /// Chinese: Han characters in the word (0 for a Latin token).
    pub han: Vec<u16>,
    /// The spelling to show: Chinese as written (Latin tokens as first seen), English capitalised where
    /// the word is a name and ALL CAPS for acronyms.
    pub shown: Vec<String>,
    /// English: capitalised (or an acronym) more often than not inside a sentence.
    pub capitalised: Vec<bool>,
    /// English: letters all upper case (CCISF, RCEP, G20).
    pub acronym: Vec<bool>,
    // English: (capitalised, lower-case) counts inside sentences, to choose `shown`.
    cases: Vec<(u32, u32)>,
}

impl Vocab {
    fn intern(&mut self, word: &str, make: impl FnOnce(&mut Self)) -> u32 {
        if let Some(&id) = self.index.get(word) {
            return id;
        }
        let id = self.words.len() as u32;
        self.words.push(word.to_string());
        self.index.insert(word.to_string(), id);
        make(self);
        id
    }
}

/// A side's tokens, bead after bead.
#[derive(Debug, Default)]
pub struct Side {
    /// What the tokens are.
    pub vocab: Vocab,
    /// Word ids, or [`BREAK`].
    pub tokens: Vec<u32>,
    /// Each token's byte range in its bead's text.
    pub spans: Vec<(u32, u32)>,
    /// Bead `b`'s tokens are `tokens[bead_off[b]..bead_off[b + 1]]`.
    pub bead_off: Vec<u32>,
}

impl Side {
    fn new() -> Self {
        Side {
            bead_off: vec![0],
            ..Side::default()
        }
    }

    /// Number of beads.
    pub fn beads(&self) -> usize {
        self.bead_off.len() - 1
    }

    /// The token positions of bead `b`.
    pub fn range(&self, b: usize) -> std::ops::Range<usize> {
        self.bead_off[b] as usize..self.bead_off[b + 1] as usize
    }

    fn push(&mut self, token: u32, span: (u32, u32)) {
        if token == BREAK && self.tokens.last().is_none_or(|&t| t == BREAK) {
            return;
        }
        self.tokens.push(token);
        self.spans.push(span);
    }

    fn end_bead(&mut self) {
        if self.tokens.len() > *self.bead_off.last().unwrap_or(&0) as usize {
            self.push(BREAK, (0, 0));
        }
        self.bead_off.push(self.tokens.len() as u32);
    }
}

// Function words that cannot begin or end a Chinese term (both scripts). Whole words as the segmenter
// cuts them: 和 here is the conjunction; 和平 is a word of its own.
const ZH_STOP: &[&str] = &[
    "的", "了", "着", "著", "过", "過", "和", "与", "與", "及", "或", "是", "在", "对", "對", "为",
    "為", "把", "被", "将", "將", "从", "從", "向", "于", "於", "以", "由", "而", "并", "並", "且",
    "也", "都", "就", "又", "还", "還", "再", "其", "之", "这", "這", "那", "此", "该", "該", "等",
    "个", "個", "各", "每", "所", "给", "給", "让", "讓", "使", "到", "年", "月", "日", "我", "你",
    "他", "她", "它", "们", "們", "不", "没", "沒", "很", "更", "最", "已", "有", "说", "說", "道",
    "曾", "正", "要", "能", "可", "应", "應", "呢", "吗", "嗎", "吧", "啊", "呀", "第", "约", "約",
    "近", "共", "多", "余", "餘", "达", "達", "占", "已经", "已經", "正在", "进行", "進行", "通过",
    "通過", "关于", "關於", "根据", "根據", "作为", "作為", "以及", "但", "但是", "如果", "因为",
    "因為", "所以", "一", "一个", "一個", "这个", "這個", "那个", "那個", "我们", "我們", "他们",
    "他們", "她们", "它们", "你们", "自己", "什么", "什麼", "怎么", "怎麼", "没有", "沒有", "可以",
    "应该", "應該", "等等", "方面", "以来", "以來", "期间", "期間", "之一", "以上", "以下", "左右",
    "及其", "其中", "同时", "同時", "此外", "另外", "目前", "今年", "去年", "明年", "当天", "當天",
    "将会", "將會", "就是", "还是", "還是", "也是", "这样", "這樣", "那样", "那樣", "这些", "這些",
    "那些", "一些", "并且", "並且", "或者", "而且", "不仅", "不僅", "以后", "以後", "之后", "之後",
    "之前", "一起", "非常", "主要", "相关", "相關", "一直", "时候", "時候", "表示", "指出", "认为",
    "認為", "本届", "本屆", "本次", "此次", "这次", "這次", "全市", "第一",
];

// Postpositions: they may begin a Chinese term as an abbreviation (中 China, 外 foreign) but not end one.
const ZH_NOT_LAST: &[&str] = &[
    "中", "上", "下", "内", "內", "外", "里", "裡", "裏", "后", "後", "前", "时", "時", "间", "間",
];

// The function word a Chinese term may hold inside (投资暨全球采购会). 与 and 和 join two terms far more
// often than they stand inside one.
const ZH_JOINERS: &[&str] = &["暨"];

// Words that cannot begin or end an English term besides the aligner's function words: reporting
// verbs, dates, measures, prepositions ("countries along").
const EN_STOP: &[&str] = &[
    "according",
    "across",
    "along",
    "among",
    "april",
    "around",
    "august",
    "between",
    "beyond",
    "cent",
    "day",
    "days",
    "december",
    "february",
    "including",
    "january",
    "july",
    "june",
    "march",
    "may",
    "month",
    "months",
    "mr",
    "ms",
    "november",
    "october",
    "per",
    "percent",
    "said",
    "say",
    "says",
    "september",
    "through",
    "today",
    "toward",
    "towards",
    "under",
    "upon",
    "via",
    "week",
    "within",
    "without",
    "year",
    "years",
    "yesterday",
];

// Function words an English term may hold inside (Ministry of Commerce, Belt and Road, trade in services,
// upper reaches of the Yangtze: "of the" is one token).
const EN_JOINERS: &[&str] = &["and", "for", "in", "of", "of the", "on", "to"];

/// The Chinese side: each bead's Han runs cut into words, Latin tokens inside Chinese text (`5G`, `RCEP`)
/// kept as words of their own; punctuation, spaces and numbers break.
pub fn chinese<'a>(beads: impl Iterator<Item = &'a str>, lex: &Lexicon) -> Side {
    let mut side = Side::new();
    for text in beads {
        let mut k = 0;
        while k < text.len() {
            let Some((start, c)) = text[k..].char_indices().next().map(|(d, c)| (k + d, c)) else {
                break;
            };
            if chinese::is_han(c) {
                let end = text[start..]
                    .find(|c| !chinese::is_han(c))
                    .map_or(text.len(), |d| start + d);
                han_run(&mut side, text, start, end, lex);
                k = end;
            } else if is_latin(c) {
                let end = text[start..]
                    .find(|c| !is_latin(c))
                    .map_or(text.len(), |d| start + d);
                latin_token(&mut side, &text[start..end], start);
                k = end;
            } else {
                side.push(BREAK, (0, 0));
                k = start + c.len_utf8();
            }
        }
        side.end_bead();
    }
    side
}

/// ASCII or full-width letters and digits (what a Latin token inside Chinese text is made of).
fn is_latin(c: char) -> bool {
    chinese::narrow(c).is_ascii_alphanumeric()
}

/// The words of a run of Han characters, as the aligner cuts them.
fn han_run(side: &mut Side, text: &str, start: usize, end: usize, lex: &Lexicon) {
    let run = &text[start..end];
    for piece in chinese::pieces(run, lex) {
        match piece {
            ZhPiece::Word { text: word, entry } => {
                let at = start + (word.as_ptr() as usize - run.as_ptr() as usize);
                let id = side.vocab.intern(word, |v| {
                    v.stop.push(ZH_STOP.contains(&word));
                    v.joiner.push(ZH_JOINERS.contains(&word));
                    v.not_last.push(ZH_NOT_LAST.contains(&word));
                    v.entry.push(entry);
                    v.shown.push(word.to_string());
                    v.han.push(word.chars().count() as u16);
                });
                side.push(id, (at as u32, (at + word.len()) as u32));
            }
            // Numbers (二十, 两万) end a term: terms with numbers in them are rare and noisy.
            _ => side.push(BREAK, (0, 0)),
        }
    }
}

/// A Latin token inside Chinese text: a word (lower-cased, narrowed) if it has a letter, else a break.
fn latin_token(side: &mut Side, raw: &str, at: usize) {
    let narrow: String = raw.chars().map(chinese::narrow).collect();
    if !narrow.bytes().any(|b| b.is_ascii_alphabetic()) {
        side.push(BREAK, (0, 0));
        return;
    }
    let id = side.vocab.intern(&narrow.to_ascii_lowercase(), |v| {
        v.stop.push(false);
        v.joiner.push(false);
        v.not_last.push(false);
        v.entry.push(None);
        v.shown.push(narrow.clone());
        v.han.push(0);
    });
    side.push(id, (at as u32, (at + raw.len()) as u32));
}

/// The English side: words as the aligner finds them, lower-cased without clitics (`Chongqing's` →
/// `chongqing`); punctuation between words and bare numbers break.
pub fn english<'a>(beads: impl Iterator<Item = &'a str>) -> Side {
    let mut side = Side::new();
    for text in beads {
        let mut prev_end = 0;
        let mut sentence_start = true;
        for raw in english::raw_words(text) {
            let at = raw.as_ptr() as usize - text.as_ptr() as usize;
            let gap = &text[prev_end..at];
            prev_end = at + raw.len();
            if gap.chars().any(|c| !c.is_whitespace()) {
                side.push(BREAK, (0, 0));
                sentence_start |= gap
                    .chars()
                    .any(|c| matches!(c, '.' | '!' | '?' | ':' | '"'));
            }
            let initial = std::mem::replace(&mut sentence_start, false);
            let base = match raw.find(['\'', '’']) {
                Some(p) => &raw[..p],
                None => raw,
            };
            if base.is_empty() || base.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
                side.push(BREAK, (0, 0));
                continue;
            }
            let lower = base.to_ascii_lowercase();
            // "of the" is one joiner ("upper reaches of the Yangtze River"); "the" alone is not one.
            let last = side.tokens.len().wrapping_sub(1);
            let of = side.vocab.index.get("of");
            if lower == "the"
                && gap.trim().is_empty()
                && of.is_some()
                && side.tokens.get(last) == of
            {
                side.tokens.pop();
                let (start, _) = side.spans.pop().unwrap_or((at as u32, 0));
                let id = side
                    .vocab
                    .intern("of the", |v| english_word(v, "of the", false));
                side.push(id, (start, (at + base.len()) as u32));
                continue;
            }
            let acronym = base.len() >= 2
                && base.bytes().any(|b| b.is_ascii_uppercase())
                && !base.bytes().any(|b| b.is_ascii_lowercase());
            // Plurals count with their singular ("bonded port areas"); the text shows which is used.
            let key = if acronym || is_function_word(&lower) {
                lower.clone()
            } else {
                singular(&lower)
            };
            let id = side.vocab.intern(&key, |v| english_word(v, &key, acronym));
            let i = id as usize;
            if acronym {
                side.vocab.acronym[i] = true;
                side.vocab.shown[i] = base.to_string();
            }
            if !initial && !side.vocab.acronym[i] {
                let capital = base.as_bytes()[0].is_ascii_uppercase();
                let (cap, low) = &mut side.vocab.cases[i];
                if capital {
                    *cap += 1;
                    if *cap == 1 {
                        side.vocab.shown[i] = base.to_string();
                    }
                } else {
                    *low += 1;
                }
            }
            side.push(id, (at as u32, (at + base.len()) as u32));
        }
        side.end_bead();
    }
    let v = &mut side.vocab;
    for i in 0..v.words.len() {
        let (cap, low) = v.cases[i];
        v.capitalised[i] = v.acronym[i] || cap > low;
        if !v.capitalised[i] {
            v.shown[i] = v.words[i].clone();
        }
    }
    side
}

/// Whether an English word (lower case) never begins or ends a term.
fn is_function_word(lower: &str) -> bool {
    english::is_stop(lower) || EN_STOP.binary_search(&lower).is_ok() || EN_JOINERS.contains(&lower)
}

/// A plural's singular by its regular endings (`areas` → `area`, `companies` → `company`, `taxes` →
/// `tax`); words that only look plural (`express`, `status`, `analysis`, `news`) stay.
fn singular(lower: &str) -> String {
    let n = lower.len();
    if n < 4 || !lower.ends_with('s') || !lower.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
    {
        return lower.to_string();
    }
    if let Some(stem) = lower.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for tail in ["sses", "shes", "ches", "xes"] {
        if lower.ends_with(tail) {
            return lower[..n - 2].to_string();
        }
    }
    if ["ss", "us", "is", "ws"].iter().any(|t| lower.ends_with(t)) {
        return lower.to_string();
    }
    lower[..n - 1].to_string()
}

/// Adds what the vocabulary knows of a new English word.
fn english_word(v: &mut Vocab, lower: &str, acronym: bool) {
    let joiner = EN_JOINERS.contains(&lower);
    v.stop.push(is_function_word(lower));
    v.joiner.push(joiner);
    // A past participle can begin a term ("signed projects") but rarely ends one ("value reached").
    v.not_last.push(lower.len() >= 5 && lower.ends_with("ed"));
    v.shown.push(lower.to_string());
    v.capitalised.push(false);
    v.acronym.push(acronym);
    v.cases.push((0, 0));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> Lexicon {
        Lexicon::parse(
            "新區 新区 [xin1 qu1] /new district/new area/\n\
             開放 开放 [kai1 fang4] /to open up/\n\
             中國 中国 [Zhong1 guo2] /China/\n",
        )
        .unwrap()
    }

    fn words(side: &Side, b: usize) -> Vec<&str> {
        side.tokens[side.range(b)]
            .iter()
            .map(|&t| {
                if t == BREAK {
                    "|"
                } else {
                    side.vocab.words[t as usize].as_str()
                }
            })
            .collect()
    }

    #[test]
    fn chinese_words_and_breaks() {
        let side = chinese(
            ["两江新区的开放，ＷＴＯ二十年，5G网络2024。", "中国"].into_iter(),
            &lex(),
        );
        assert_eq!(
            words(&side, 0),
            [
                "两", "江", "新区", "的", "开放", "|", "wto", "|", "年", "|", "5g", "网", "络", "|"
            ]
        );
        assert_eq!(words(&side, 1), ["中国", "|"]);
        assert_eq!(side.vocab.shown[side.vocab.index["wto"] as usize], "WTO");
        let de = side.vocab.index["的"] as usize;
        assert!(side.vocab.stop[de] && !side.vocab.joiner[de]);
        assert_eq!(
            side.vocab.entry[side.vocab.index["新区"] as usize],
            lex().entry("新区")
        );
        // Spans point into the bead's text.
        let k = side
            .tokens
            .iter()
            .position(|&t| t == side.vocab.index["新区"])
            .unwrap();
        let (a, b) = side.spans[k];
        assert_eq!(
            &"两江新区的开放，ＷＴＯ二十年，5G网络2024。"[a as usize..b as usize],
            "新区"
        );
    }

    #[test]
    fn english_words_cases_and_breaks() {
        let text = "The Liangjiang New Area's output, up 12%, beat Chongqing. New firms joined the CCISF of the city.";
        let side = english([text, "new area"].into_iter());
        assert_eq!(
            words(&side, 0),
            [
                "the",
                "liangjiang",
                "new",
                "area",
                "output",
                "|",
                "up",
                "|",
                "beat",
                "chongqing",
                "|",
                "new",
                "firm",
                "joined",
                "the",
                "ccisf",
                "of the",
                "city",
                "|"
            ]
        );
        let v = &side.vocab;
        let shown = |w: &str| v.shown[v.index[w] as usize].as_str();
        assert_eq!(shown("liangjiang"), "Liangjiang");
        assert_eq!(shown("ccisf"), "CCISF");
        // Capitalised once inside a sentence; at the start of a sentence or bead it does not count.
        assert_eq!(shown("new"), "New");
        assert_eq!(shown("firm"), "firm");
        assert!(v.stop[v.index["the"] as usize] && !v.joiner[v.index["the"] as usize]);
        assert!(v.joiner[v.index["of the"] as usize] && v.not_last[v.index["joined"] as usize]);
        let k = side
            .tokens
            .iter()
            .position(|&t| t == v.index["area"])
            .unwrap();
        let (a, b) = side.spans[k];
        assert_eq!(&text[a as usize..b as usize], "Area");
    }

    #[test]
    fn plurals_meet_their_singular() {
        let cases = [
            ("areas", "area"),
            ("companies", "company"),
            ("taxes", "tax"),
            ("branches", "branch"),
            ("express", "express"),
            ("status", "status"),
            ("analysis", "analysis"),
            ("news", "news"),
            ("gas", "gas"),
            ("e-commerce", "e-commerce"),
            ("foreign-invested", "foreign-invested"),
        ];
        for (word, want) in cases {
            assert_eq!(singular(word), want, "{word}");
        }
        let side = english(["Two bonded port areas.", "One bonded port area."].into_iter());
        assert_eq!(side.tokens[3], side.tokens[8], "{:?}", side.vocab.words);
    }

    #[test]
    fn stop_lists_are_sorted_where_searched() {
        assert!(EN_STOP.windows(2).all(|w| w[0] < w[1]));
    }
}
