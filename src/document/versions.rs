//! Files that hold a Chinese and an English version of one release: how the two are laid out, and how that
//! is recognised.
//!
//! Main types: [`Versions`] and [`Layout`]; [`find`] recognises them in a segmented document. Recognition
//! weighs letters (a Han character as 2.5 Latin letters, as [`super::lang`] does) and asks for what a
//! one-language release never shows: both languages carry a fair and comparable share of the text, and
//! they come either in two blocks, or paired paragraph by paragraph, or sentence by sentence. A Chinese
//! release quoting English names, or with a short English abstract, has neither.

use super::{Document, Lang, Paragraph, Side, Weight};

/// How the two versions of a bilingual file are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One version, then the other; `split` is the index of the first paragraph of the second.
    Halves {
        /// Index of the first paragraph of the second version.
        split: usize,
    },
    /// Each paragraph followed by its translation (中英对照), with here and there a paragraph present in
    /// one version only (a dateline, a heading).
    AlternatingParagraphs,
    /// Inside paragraphs, each sentence followed by its translation.
    AlternatingSentences,
}

impl Layout {
    /// Words for users: "halves", "alternating paragraphs", "alternating sentences".
    pub fn label(self) -> &'static str {
        match self {
            Layout::Halves { .. } => "halves",
            Layout::AlternatingParagraphs => "alternating paragraphs",
            Layout::AlternatingSentences => "alternating sentences",
        }
    }

    /// A stable key for JSON: `halves`, `alternating-paragraphs`, `alternating-sentences`.
    pub fn key(self) -> &'static str {
        match self {
            Layout::Halves { .. } => "halves",
            Layout::AlternatingParagraphs => "alternating-paragraphs",
            Layout::AlternatingSentences => "alternating-sentences",
        }
    }
}

/// A file holding a Chinese and an English version of the same release.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Versions {
    /// How the two versions are laid out.
    pub layout: Layout,
    /// Language of the version that comes first (in the file for halves, in each pair when alternating).
    pub first: Lang,
    /// Language of the other version.
    pub second: Lang,
}

impl Versions {
    /// Which side comes first.
    pub fn first_side(&self) -> Side {
        if self.first.is_chinese() {
            Side::Chinese
        } else {
            Side::English
        }
    }

    /// The language of one side (`zh-Hans` or `zh-Hant` for the Chinese one).
    pub fn lang(&self, side: Side) -> Lang {
        if side == self.first_side() {
            self.first
        } else {
            self.second
        }
    }

    /// "alternating paragraphs, zh-Hans + en": the layout and the languages in order.
    pub fn describe(&self) -> String {
        format!("{}, {} + {}", self.layout.label(), self.first, self.second)
    }
}

/// Chinese weight of a translation per unit of English weight: Chinese takes about 3.5 to 4.5 Latin
/// letters' worth of English per Han character, so at 2.5 letters a character the Chinese weighs about
/// two thirds of the English (measured on the aligned releases of the conformance suite).
const ZH_PER_EN: f64 = 0.65;
/// Each language carries at least this share of the weight.
const MIN_SHARE: f64 = 0.15;
/// The lighter version weighs at least this fraction of the heavier (after [`ZH_PER_EN`]): an abstract or
/// a summary is not a second version.
const MIN_BALANCE: f64 = 0.4;
/// Halves: the share of the weight that agrees with "one language before the split, the other after".
const MIN_AGREEMENT: f64 = 0.9;
/// Alternating layouts: at least this many translation pairs...
const MIN_PAIRS: usize = 2;
/// ... holding at least this share of the weight.
const MIN_PAIRED: f64 = 0.6;
/// A paragraph or sentence (or a short run of them) and the one after it are a pair only when their weights
/// are within this factor (after [`ZH_PER_EN`]).
const PAIR_BALANCE: f64 = 0.25;
/// At most this many paragraphs or sentences of one language make one side of a pair.
const MAX_RUN: usize = 3;

/// Whether a Chinese weight and an English weight are within `min` of each other, once the Chinese is
/// scaled to what its translation would weigh.
fn balanced(zh: f64, en: f64, min: f64) -> bool {
    let zh = zh / ZH_PER_EN;
    zh.min(en) >= min * zh.max(en)
}

/// The side a language belongs to, if any (`mixed` and `und` belong to neither).
pub(super) fn side_of(lang: Lang) -> Option<Side> {
    match lang {
        Lang::ZhHans | Lang::ZhHant => Some(Side::Chinese),
        Lang::En => Some(Side::English),
        Lang::Mixed | Lang::Other => None,
    }
}

/// Whether a mixed stretch of text leans Chinese: its Chinese outweighs what its English would weigh in
/// Chinese.
pub(super) fn leans_chinese(text: &str) -> bool {
    let c = super::lang::LangCounts::of(text);
    c.zh_weight() / ZH_PER_EN >= c.latin as f64
}

/// Recognises a file holding a Chinese and an English version; `weights` are each paragraph's sentences'
/// (Chinese, Latin) weights.
pub(super) fn find(paragraphs: &[Paragraph], weights: &[Vec<Weight>]) -> Option<Versions> {
    let para: Vec<Weight> = weights
        .iter()
        .map(|ws| ws.iter().fold((0.0, 0.0), |a, w| (a.0 + w.0, a.1 + w.1)))
        .collect();
    let (zh, en) = para.iter().fold((0.0, 0.0), |a, w| (a.0 + w.0, a.1 + w.1));
    let total = zh + en;
    if total == 0.0
        || zh < MIN_SHARE * total
        || en < MIN_SHARE * total
        || !balanced(zh, en, MIN_BALANCE)
    {
        return None;
    }
    let (layout, zh_first) = halves(&para)
        .map(|(split, zh_first)| (Layout::Halves { split }, zh_first))
        .or_else(|| alternating(paragraphs, weights, &para, total))?;
    let zh_lang = chinese_script(paragraphs);
    let (first, second) = if zh_first {
        (zh_lang, Lang::En)
    } else {
        (Lang::En, zh_lang)
    };
    Some(Versions {
        layout,
        first,
        second,
    })
}

/// The split into a Chinese half and an English half (in either order), and whether the Chinese comes
/// first.
///
/// The split is the paragraph index where the agreement with "all A before, all B after" is best; it
/// counts when at least [`MIN_AGREEMENT`] of the weight agrees, each half carries [`MIN_SHARE`] of it, and
/// neither half is a single paragraph facing three or more (an abstract before or after the release).
fn halves(para: &[Weight]) -> Option<(usize, bool)> {
    let total: f64 = para.iter().map(|(z, e)| z + e).sum();
    let mut best: Option<(f64, usize, bool)> = None;
    for zh_first in [true, false] {
        // agreement(k) = weight of the first language in [0, k) + weight of the second in [k, n)
        let mut before = 0.0;
        let mut after: f64 = para.iter().map(|w| if zh_first { w.1 } else { w.0 }).sum();
        for k in 1..para.len() {
            let w = para[k - 1];
            before += if zh_first { w.0 } else { w.1 };
            after -= if zh_first { w.1 } else { w.0 };
            let score = before + after;
            if best.is_none_or(|b| score > b.0) {
                best = Some((score, k, zh_first));
            }
        }
    }
    let (score, split, zh_first) = best?;
    let first_weight: f64 = para[..split].iter().map(|w| w.0 + w.1).sum();
    let second_weight = total - first_weight;
    if score < MIN_AGREEMENT * total
        || first_weight < MIN_SHARE * total
        || second_weight < MIN_SHARE * total
    {
        return None;
    }
    let count = |ws: &[Weight]| ws.iter().filter(|w| w.0 + w.1 > 0.0).count();
    let (a, b) = (count(&para[..split]), count(&para[split..]));
    if a.min(b) == 1 && a.max(b) >= 3 {
        return None;
    }
    Some((split, zh_first))
}

/// A paragraph or sentence as the pairing sees it.
struct Unit {
    side: Option<Side>,
    weight: Weight,
    /// Units pair only inside one group (a paragraph, for sentences).
    group: usize,
}

/// Alternating paragraphs or alternating sentences, whichever pairs more of the weight, and whether the
/// Chinese comes first in each pair.
fn alternating(
    paragraphs: &[Paragraph],
    weights: &[Vec<Weight>],
    para: &[Weight],
    total: f64,
) -> Option<(Layout, bool)> {
    let by_paragraph: Vec<Unit> = paragraphs
        .iter()
        .zip(para)
        .map(|(p, &weight)| Unit {
            side: side_of(p.lang),
            weight,
            group: 0,
        })
        .collect();
    let by_sentence: Vec<Unit> = paragraphs
        .iter()
        .zip(weights)
        .enumerate()
        .flat_map(|(group, (p, ws))| {
            p.sentences.iter().zip(ws).map(move |(s, &weight)| Unit {
                side: side_of(s.lang),
                weight,
                group,
            })
        })
        .collect();
    let mut best: Option<(f64, Layout, bool)> = None;
    for (layout, units) in [
        (Layout::AlternatingParagraphs, &by_paragraph),
        (Layout::AlternatingSentences, &by_sentence),
    ] {
        for zh_first in [true, false] {
            let (pairs, paired) = pair_up(units, zh_first);
            if pairs >= MIN_PAIRS
                && paired >= MIN_PAIRED * total
                && best.is_none_or(|b| paired > b.0)
            {
                best = Some((paired, layout, zh_first));
            }
        }
    }
    best.map(|(_, layout, zh_first)| (layout, zh_first))
}

/// Consecutive units of one language in one group: a translation may render one sentence as two, or two
/// paragraphs as one, and an unpaired dateline may stand just before a pair.
#[derive(Debug, Clone, Copy)]
struct Run {
    side: Side,
    weight: Weight,
    group: usize,
    len: usize,
}

/// The runs of `units`; units of neither language are skipped over.
fn runs(units: &[Unit]) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for u in units {
        let Some(side) = u.side else { continue };
        match out.last_mut() {
            Some(r) if r.side == side && r.group == u.group => {
                r.weight = (r.weight.0 + u.weight.0, r.weight.1 + u.weight.1);
                r.len += 1;
            }
            _ => out.push(Run {
                side,
                weight: u.weight,
                group: u.group,
                len: 1,
            }),
        }
    }
    out
}

/// Pairs each run of the first language with the next run when that one is of the other language, in
/// the same group, both at most [`MAX_RUN`] long (longer runs are halves, not alternation) and of
/// comparable weight. Returns the number of pairs and their weight.
fn pair_up(units: &[Unit], zh_first: bool) -> (usize, f64) {
    let (first, second) = if zh_first {
        (Side::Chinese, Side::English)
    } else {
        (Side::English, Side::Chinese)
    };
    let mut pending: Option<Run> = None;
    let (mut pairs, mut paired) = (0, 0.0);
    for r in runs(units) {
        if let Some(p) = pending.filter(|p| r.side == second && p.group == r.group) {
            let (zh, en) = if zh_first {
                (p.weight.0, r.weight.1)
            } else {
                (r.weight.0, p.weight.1)
            };
            if r.len <= MAX_RUN && balanced(zh, en, PAIR_BALANCE) {
                pairs += 1;
                paired += p.weight.0 + p.weight.1 + r.weight.0 + r.weight.1;
                pending = None;
                continue;
            }
        }
        pending = (r.side == first && r.len <= MAX_RUN).then_some(r);
    }
    (pairs, paired)
}

/// Simplified or Traditional: the script of most Chinese sentences (by bytes).
fn chinese_script(paragraphs: &[Paragraph]) -> Lang {
    let (mut hans, mut hant) = (0, 0);
    for s in paragraphs.iter().flat_map(|p| &p.sentences) {
        match s.lang {
            Lang::ZhHans => hans += s.span.len(),
            Lang::ZhHant => hant += s.span.len(),
            _ => {}
        }
    }
    if hant > hans {
        Lang::ZhHant
    } else {
        Lang::ZhHans
    }
}

impl Document {
    /// The two Chinese scripts, in order of appearance, when the text holds both in fair shares (a release
    /// given in Simplified and again in Traditional characters): such a file holds two versions, but not a
    /// Chinese and an English one, and callers say so rather than "one language only".
    pub fn chinese_scripts(&self) -> Option<(Lang, Lang)> {
        let (mut hans, mut hant, mut first) = (0, 0, None);
        for s in self.sentences() {
            match s.lang {
                Lang::ZhHans => hans += s.span.len(),
                Lang::ZhHant => hant += s.span.len(),
                _ => continue,
            }
            first.get_or_insert(s.lang);
        }
        let first = first?;
        let other = if first == Lang::ZhHans {
            Lang::ZhHant
        } else {
            Lang::ZhHans
        };
        (hans.min(hant) * 4 >= hans + hant).then_some((first, other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NoProgress;

    fn doc(text: &str) -> Document {
        Document::from_text("t", text.to_string(), &mut NoProgress).unwrap()
    }

    const ZH: [&str; 4] = [
        "宁波港开通至汉堡的冷链航线",
        "宁波港集团周二宣布，连接宁波与汉堡的冷链集装箱航线正式开通。首艘班轮装载了四百个冷藏箱。",
        "该航线每周一班，全程约三十五天。货物主要是水产品、水果和药品。",
        "集团负责人表示，新航线将帮助长三角企业降低物流成本。",
    ];
    const EN: [&str; 4] = [
        "Ningbo Port Opens Cold-Chain Route to Hamburg",
        "Ningbo Port Group announced on Tuesday that a cold-chain container route linking Ningbo and Hamburg has opened. The first liner carried four hundred reefer boxes.",
        "The route runs weekly and the voyage takes about thirty-five days. The cargo is mostly seafood, fruit and medicine.",
        "A group official said the new route will help Yangtze River Delta companies cut logistics costs.",
    ];

    /// Paragraphs `zh` and `en` interleaved, Chinese first when `zh_first`, separated by `sep`.
    fn interleave(zh_first: bool, sep: &str) -> String {
        let mut out = String::new();
        for (z, e) in ZH.iter().zip(EN) {
            let (a, b) = if zh_first { (*z, e) } else { (e, *z) };
            out.push_str(&format!("{a}{sep}{b}{sep}"));
        }
        out
    }

    #[test]
    fn layouts_are_recognised() {
        let halves_zh_first = format!("{}\n{}\n", ZH.join("\n"), EN.join("\n"));
        let halves_en_first = format!("{}\n\n{}\n", EN.join("\n"), ZH.join("\n"));
        let with_dateline = format!("（本报记者 王明）\n{}", interleave(true, "\n"));
        let sentences = "中欧班列今年开行突破三千列。China-Europe freight trains made over 3,000 trips this year. \
                         回程班列占比超过四成。Return trips made up over 40 percent.\n\
                         铁路港将新增至波兰的线路。The rail port will add a route to Poland. \
                         新线路预计明年春季开通。The new route should open next spring.\n\
                         Source: rail port office 铁路港办公室\n";
        let sentences_en_first = "Exports of new energy vehicles rose by a third. 新能源汽车出口增长三分之一。\
                                  Most went to Europe. 大部分销往欧洲。\n\
                                  Battery makers expanded abroad. 电池企业加快海外布局。\n";
        let cases: &[(&str, &str, Layout, Lang, Lang)] = &[
            (
                "halves, Chinese first",
                &halves_zh_first,
                Layout::Halves { split: 4 },
                Lang::ZhHans,
                Lang::En,
            ),
            (
                "halves, English first",
                &halves_en_first,
                Layout::Halves { split: 4 },
                Lang::En,
                Lang::ZhHans,
            ),
            (
                "alternating paragraphs, one per line",
                &interleave(true, "\n"),
                Layout::AlternatingParagraphs,
                Lang::ZhHans,
                Lang::En,
            ),
            (
                "alternating paragraphs, blank lines, English first",
                &interleave(false, "\n\n"),
                Layout::AlternatingParagraphs,
                Lang::En,
                Lang::ZhHans,
            ),
            (
                "alternating paragraphs with a Chinese-only dateline",
                &with_dateline,
                Layout::AlternatingParagraphs,
                Lang::ZhHans,
                Lang::En,
            ),
            (
                "alternating sentences",
                sentences,
                Layout::AlternatingSentences,
                Lang::ZhHans,
                Lang::En,
            ),
            (
                "alternating sentences, English first",
                sentences_en_first,
                Layout::AlternatingSentences,
                Lang::En,
                Lang::ZhHans,
            ),
        ];
        for (name, text, layout, first, second) in cases {
            let got = doc(text).versions;
            let want = Versions {
                layout: *layout,
                first: *first,
                second: *second,
            };
            assert_eq!(got, Some(want), "{name}");
        }
    }

    #[test]
    fn look_alikes_are_not_two_versions() {
        let abstract_after = format!(
            "{}\nAbstract: Ningbo Port Group has opened a weekly cold-chain container route to Hamburg \
             that carries seafood, fruit and medicine for exporters in the Yangtze River Delta region, \
             which expects lower logistics costs.\n",
            ZH.join("\n")
        );
        let summary_in_two = format!(
            "{}\nSummary: a weekly reefer route now links Ningbo and Hamburg.\nIt carries seafood and fruit.\n",
            ZH.join("\n")
        );
        let abstract_first = format!(
            "Summary: a new weekly route links Ningbo and Hamburg for reefer cargo.\n{}\n",
            ZH.join("\n")
        );
        let cases: &[(&str, &str)] = &[
            (
                "Chinese quoting English names",
                "苹果公司（Apple Inc.）与富士康在郑州航空港区扩建工厂。\n\
                 特斯拉（Tesla）上海超级工厂今年交付新车超过九十万辆。\n\
                 世界贸易组织（WTO）总干事将出席进博会开幕式。\n",
            ),
            (
                "English with Chinese names",
                "The Liangjiang New Area (两江新区) signed twelve projects on Monday.\n\
                 Officials from Chongqing (重庆) said exports rose 8 percent.\n\
                 The Guoyuan Port (果园港) handled more containers than last year.\n",
            ),
            ("Chinese with an English abstract after it", &abstract_after),
            (
                "Chinese with a short English summary in two lines",
                &summary_in_two,
            ),
            (
                "Chinese with a short English summary before it",
                &abstract_first,
            ),
            (
                "Chinese with a quoted English sentence",
                "会上，外方代表用英语说：“We are glad to be here.”随后双方签署协议。\n\
                 该项目总投资十亿元，预计明年投产，将带动上下游企业五十余家。\n\
                 园区管委会表示，将为项目提供全流程服务，确保早日建成。\n",
            ),
            (
                "Chinese under an English site menu",
                "Home | News | About Us\n\
                 宁波港集团周二宣布，连接宁波与汉堡的冷链集装箱航线正式开通。\n\
                 该航线每周一班，全程约三十五天，货物主要是水产品和水果。\n\
                 Copyright 2024 Ningbo Port\n",
            ),
            (
                "Simplified then Traditional",
                "宁波港集团宣布冷链航线正式开通，货物主要是水产品和水果。\n\
                 寧波港集團宣佈冷鏈航線正式開通，貨物主要是水產品和水果。\n",
            ),
        ];
        for (name, text) in cases {
            assert_eq!(doc(text).versions, None, "{name}");
        }
    }

    #[test]
    fn pairing_takes_comparable_neighbours_in_one_group() {
        let zh = |w: f64, group| Unit {
            side: Some(Side::Chinese),
            weight: (w, 0.0),
            group,
        };
        let en = |w: f64, group| Unit {
            side: Some(Side::English),
            weight: (0.0, w),
            group,
        };
        let none = |group| Unit {
            side: None,
            weight: (5.0, 5.0),
            group,
        };
        // (units, zh_first, pairs)
        let cases: Vec<(Vec<Unit>, bool, usize)> = vec![
            (vec![zh(65.0, 0), en(100.0, 0)], true, 1),
            // Order matters.
            (vec![zh(65.0, 0), en(100.0, 0)], false, 0),
            (vec![en(100.0, 0), zh(65.0, 0)], false, 1),
            // An unpaired paragraph (a dateline) before a pair, and a neutral one inside it.
            (
                vec![zh(10.0, 0), zh(65.0, 0), none(0), en(100.0, 0)],
                true,
                1,
            ),
            // A heavy paragraph and a caption are no translations of each other.
            (vec![zh(650.0, 0), en(20.0, 0)], true, 0),
            // Sentences pair only inside their paragraph.
            (vec![zh(65.0, 0), en(100.0, 1)], true, 0),
            (
                vec![zh(65.0, 0), en(100.0, 0), zh(30.0, 1), en(50.0, 1)],
                true,
                2,
            ),
        ];
        for (i, (units, zh_first, want)) in cases.iter().enumerate() {
            assert_eq!(pair_up(units, *zh_first).0, *want, "case {i}");
        }
    }

    #[test]
    fn two_chinese_scripts_are_named() {
        let d = doc("宁波港集团宣布冷链航线正式开通。\n寧波港集團宣佈冷鏈航線正式開通。\n");
        assert_eq!(d.chinese_scripts(), Some((Lang::ZhHans, Lang::ZhHant)));
        assert_eq!(doc(&interleave(true, "\n")).chinese_scripts(), None);
    }
}
