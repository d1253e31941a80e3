//! Which translations of a glossary entry to offer for a target language: in the target's script and
//! region, de-duplicated, tidied, preferred term first.
//!
//! An entry keeps Chinese in up to three columns (`zh-Hans` mainland, `zh-Hant` Taiwan usage, `zh-HK` only
//! where Hong Kong usage differs, see [`crate::glossary::lang`]). A target reads from its own column; when
//! the entry has nothing there, from the nearest other column, converted with the conversion engine
//! ([`crate::convert`]):
//!
//! | target | reads | else, converted |
//! | --- | --- | --- |
//! | `zh-CN`, `zh-SG`, `zh-Hans`, bare `zh` | `zh-Hans` | `zh-Hant` with `t2s`, `zh-HK` with `hk2s` |
//! | `zh-TW`, `zh-Hant` | `zh-Hant` | `zh-Hans` with `s2twp`, `zh-HK` with `hk2t` then `t2tw` |
//! | `zh-HK`, `zh-MO`, `zh-Hant-HK` | `zh-HK` | `zh-Hant` with `t2hk` (what an empty `zh-HK` cell means), `zh-Hans` with `s2hk` |
//!
//! Approved and forbidden translations each come from the first column that has some, so a forbidden
//! Simplified form still warns a Traditional target while a Taiwan-only form never reaches Hong Kong.
//! Other languages read the terms of the same language (`en` serves `en-US` and `en-GB`).
//!
//! Main items: [`offered_terms`], [`offer_terms`], [`OfferedTerms`], [`tidy_term`].

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::convert::{Config, Converter};
use crate::glossary::{EntryData, TermKind};
use crate::tm::fuzzy::is_han;
use crate::tm::lang::{ChineseScript, LangTag};

/// The translations to offer, in the order to show them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferedTerms {
    /// Translations to use: main terms, then abbreviations, then variants.
    pub approved: Vec<String>,
    /// Translations not to use.
    pub forbidden: Vec<String>,
}

/// The Chinese columns of a glossary entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    /// Mainland Simplified (`zh-Hans`, `zh-CN`, `zh-SG`, bare `zh`).
    Hans,
    /// Taiwan Traditional (`zh-Hant`, `zh-TW`).
    Hant,
    /// Hong Kong Traditional (`zh-HK`, `zh-MO`, `zh-Hant-HK`).
    Hk,
}

/// The column a Chinese tag reads from; `None` for other languages.
fn column(tag: &LangTag) -> Option<Column> {
    if !tag.is_chinese() {
        return None;
    }
    // Macau writes as Hong Kong does (the script converter's regional forms say the same).
    let hong_kong = matches!(tag.region(), Some("HK" | "MO"));
    Some(match tag.chinese_script() {
        Some(ChineseScript::Simplified) => Column::Hans,
        Some(ChineseScript::Traditional) if hong_kong => Column::Hk,
        Some(ChineseScript::Traditional) => Column::Hant,
        // A bare `zh` says nothing; the glossary reads it as mainland usage, and so does this.
        None => Column::Hans,
    })
}

/// Where a target looks, in order, and the conversions that bring each column into its script.
fn chain(target: Column) -> [(Column, &'static [Config]); 3] {
    match target {
        Column::Hans => [
            (Column::Hans, &[]),
            (Column::Hant, &[Config::T2s]),
            (Column::Hk, &[Config::Hk2s]),
        ],
        Column::Hant => [
            (Column::Hant, &[]),
            (Column::Hans, &[Config::S2twp]),
            (Column::Hk, &[Config::Hk2t, Config::T2tw]),
        ],
        Column::Hk => [
            (Column::Hk, &[]),
            (Column::Hant, &[Config::T2hk]),
            (Column::Hans, &[Config::S2hk]),
        ],
    }
}

/// The engine's converter for `config`, built on first use and kept for the process.
fn converter(config: Config) -> &'static Converter {
    const USED: [Config; 7] = [
        Config::T2s,
        Config::Hk2s,
        Config::S2twp,
        Config::Hk2t,
        Config::T2tw,
        Config::T2hk,
        Config::S2hk,
    ];
    static CONVERTERS: [OnceLock<Converter>; 7] = [const { OnceLock::new() }; 7];
    let i = USED.iter().position(|&c| c == config).unwrap_or(0);
    CONVERTERS[i].get_or_init(|| Converter::new(USED[i]))
}

/// The translations of `data` to offer for `target`. See the module documentation for which column a
/// target reads and how it is converted.
pub fn offered_terms(data: &EntryData, target: &LangTag) -> OfferedTerms {
    offer_terms(
        data.terms
            .iter()
            .map(|t| (t.lang.as_str(), t.text.as_str(), t.kind)),
        target,
    )
}

/// [`offered_terms`] for any list of `(language tag, text, kind)`: the terms of an entry or of a plain term
/// list. Tags that do not parse are skipped.
pub fn offer_terms<'a>(
    terms: impl IntoIterator<Item = (&'a str, &'a str, TermKind)>,
    target: &LangTag,
) -> OfferedTerms {
    let mut terms: Vec<(LangTag, &str, TermKind)> = terms
        .into_iter()
        .filter_map(|(lang, text, kind)| Some((LangTag::parse(lang)?, text, kind)))
        .collect();
    // Preferred terms first, whatever order the entry keeps them in (a stable sort keeps ties as given).
    terms.sort_by_key(|t| t.2);
    let pick = |forbidden: bool| -> Vec<String> {
        let wanted = |kind: TermKind| (kind == TermKind::Forbidden) == forbidden;
        let mut out: Vec<String> = Vec::new();
        let push = |out: &mut Vec<String>, text: String| {
            if !text.is_empty() && !out.contains(&text) {
                out.push(text);
            }
        };
        let Some(target_column) = column(target) else {
            for (lang, text, _) in terms.iter().filter(|t| wanted(t.2)) {
                if lang.same_language(target) {
                    push(&mut out, tidy_term(text));
                }
            }
            return out;
        };
        for (from, configs) in chain(target_column) {
            let texts: Vec<&str> = terms
                .iter()
                .filter(|(lang, _, kind)| wanted(*kind) && column(lang) == Some(from))
                .map(|t| t.1)
                .collect();
            for text in &texts {
                let mut text = tidy_term(text);
                if text.chars().any(is_han) {
                    for &config in configs {
                        text = converter(config).convert(&text);
                    }
                }
                push(&mut out, text);
            }
            if !out.is_empty() {
                break;
            }
        }
        out
    };
    OfferedTerms {
        approved: pick(false),
        forbidden: pick(true),
    }
}

/// A term as it should be inserted: no white space at either end, runs of white space inside made one
/// space, none left between two Han characters (a stray space from a table cell or a scraped page), and
/// no zero-width characters.
pub fn tidy_term(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if matches!(
            c,
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
        ) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space && !(is_han(c) && out.chars().next_back().is_some_and(is_han)) {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::Term;

    fn entry(terms: &[(&str, &str, TermKind)]) -> EntryData {
        EntryData {
            // Built by hand, not through Term::new, so that untrimmed text reaches the offer.
            terms: terms
                .iter()
                .map(|&(lang, text, kind)| Term {
                    lang: lang.into(),
                    text: text.into(),
                    kind,
                })
                .collect(),
            ..EntryData::default()
        }
    }

    use TermKind::{Abbreviation as Abbr, Forbidden as Bad, Main, Variant};

    #[test]
    fn each_target_reads_its_own_column_first() {
        let full = entry(&[
            ("en", "Liangjiang New Area", Main),
            ("zh-Hant", "兩江新區", Main),
            ("zh-HK", "兩江新區 ", Main),
            ("zh-Hans", " 两江新区", Main),
            ("zh-Hans", "两江新区", Variant),
        ]);
        let cases = [
            ("zh-CN", vec!["两江新区"]),
            ("zh-SG", vec!["两江新区"]),
            ("zh-Hans", vec!["两江新区"]),
            ("zh", vec!["两江新区"]),
            ("zh-TW", vec!["兩江新區"]),
            ("zh-Hant", vec!["兩江新區"]),
            ("zh-HK", vec!["兩江新區"]),
            ("zh-Hant-HK", vec!["兩江新區"]),
            ("zh-MO", vec!["兩江新區"]),
            ("en-US", vec!["Liangjiang New Area"]),
            ("en-GB", vec!["Liangjiang New Area"]),
            ("fr", vec![]),
        ];
        for (target, want) in cases {
            let got = offered_terms(&full, &LangTag::parse(target).unwrap());
            assert_eq!(got.approved, want, "{target}");
            assert!(got.forbidden.is_empty(), "{target}");
        }
    }

    #[test]
    fn a_missing_column_is_converted_from_the_nearest_one() {
        // Only a Simplified term: Taiwan gets Taiwan vocabulary (s2twp), Hong Kong its own (s2hk).
        let hans_only = entry(&[("en", "software", Main), ("zh-Hans", "软件", Main)]);
        // Only a Taiwan term: the mainland gets t2s characters, Hong Kong Taiwan's term in its glyphs.
        let hant_only = entry(&[
            ("en", "Liangjiang New Area", Main),
            ("zh-TW", "兩江新區", Main),
        ]);
        // Taiwan and Hong Kong differ: Hong Kong keeps its own.
        let regional = entry(&[
            ("zh-Hans", "软件", Main),
            ("zh-Hant", "軟體", Main),
            ("zh-HK", "軟件", Main),
        ]);
        let hk_only = entry(&[("en", "Lantau", Main), ("zh-HK", "大嶼山", Main)]);
        let cases: &[(&EntryData, &str, &[&str])] = &[
            (&hans_only, "zh-CN", &["软件"]),
            (&hans_only, "zh-TW", &["軟體"]),
            (&hans_only, "zh-HK", &["軟件"]),
            (&hant_only, "zh-CN", &["两江新区"]),
            (&hant_only, "zh-Hans", &["两江新区"]),
            (&hant_only, "zh-TW", &["兩江新區"]),
            (&hant_only, "zh-HK", &["兩江新區"]),
            (&regional, "zh-CN", &["软件"]),
            (&regional, "zh-TW", &["軟體"]),
            (&regional, "zh-HK", &["軟件"]),
            (&hk_only, "zh-CN", &["大屿山"]),
            (&hk_only, "zh-TW", &["大嶼山"]),
        ];
        for (data, target, want) in cases {
            let got = offered_terms(data, &LangTag::parse(target).unwrap());
            assert_eq!(got.approved, *want, "{target} {:?}", data.terms);
        }
    }

    #[test]
    fn lists_are_ordered_deduplicated_and_tidy() {
        let data = entry(&[
            ("en", "CCISF", Abbr),
            (
                "en",
                "  China Chongqing  International\tInvestment and Global Sourcing Fair ",
                Main,
            ),
            ("en", "CCISF", Abbr),
            ("en", "Chongqing Fair", Variant),
            ("en", "Chongqing Expo", Bad),
            ("zh-Hans", "渝 洽会", Main),
            ("zh-Hans", "渝洽会\u{200b}", Abbr),
            ("zh-Hant", "渝洽會", Main),
            ("zh-Hans", "重庆 SM 广场", Variant),
            ("zh-Hans", "渝交会", Bad),
        ]);
        let en = offered_terms(&data, &LangTag::en());
        assert_eq!(
            en.approved,
            [
                "China Chongqing International Investment and Global Sourcing Fair",
                "CCISF",
                "Chongqing Fair"
            ]
        );
        assert_eq!(en.forbidden, ["Chongqing Expo"]);
        let cn = offered_terms(&data, &LangTag::zh_simplified());
        assert_eq!(cn.approved, ["渝洽会", "重庆 SM 广场"]);
        assert_eq!(cn.forbidden, ["渝交会"]);
        // The Taiwan column has an approved term but no forbidden one: the forbidden Simplified form is
        // converted, so a Traditional target is warned too.
        let tw = offered_terms(&data, &LangTag::zh_traditional());
        assert_eq!(tw.approved, ["渝洽會"]);
        assert_eq!(tw.forbidden, ["渝交會"]);
    }

    #[test]
    fn tidying() {
        let cases = [
            ("  Liangjiang New Area ", "Liangjiang New Area"),
            ("Liangjiang\u{a0}\u{a0}New   Area", "Liangjiang New Area"),
            ("两江 新区", "两江新区"),
            ("两江\u{3000}新区", "两江新区"),
            ("重庆 SM 广场", "重庆 SM 广场"),
            ("\u{feff}渝洽会", "渝洽会"),
            ("   ", ""),
        ];
        for (input, want) in cases {
            assert_eq!(tidy_term(input), want, "{input:?}");
        }
    }
}
