//! Language and script of a stretch of text: Simplified Chinese, Traditional Chinese, English, or mixed.
//!
//! Main items: [`Lang`] and [`detect`]. Chinese versus English is decided by how much of the text each
//! script carries (a Han character weighs about as much as 2.5 Latin letters); Simplified versus
//! Traditional by the characters that exist in only one of the two scripts, through the conversion engine's
//! dictionaries ([`crate::convert::script`]).

use crate::convert::script::{self, Script};

/// The language/script tag of a paragraph or sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Lang {
    /// Chinese in Simplified characters.
    #[serde(rename = "zh-Hans")]
    ZhHans,
    /// Chinese in Traditional characters.
    #[serde(rename = "zh-Hant")]
    ZhHant,
    /// English (any Latin-script text).
    #[serde(rename = "en")]
    En,
    /// Substantial Chinese and English together.
    #[serde(rename = "mixed")]
    Mixed,
    /// Neither: numbers, symbols, or another script.
    #[serde(rename = "und")]
    Other,
}

impl Lang {
    /// The BCP 47-style tag shown to users and written in JSON (`zh-Hans`, `zh-Hant`, `en`, `mixed`, `und`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhHans => "zh-Hans",
            Lang::ZhHant => "zh-Hant",
            Lang::En => "en",
            Lang::Mixed => "mixed",
            Lang::Other => "und",
        }
    }

    /// Whether this is Chinese in either script.
    pub fn is_chinese(self) -> bool {
        matches!(self, Lang::ZhHans | Lang::ZhHant)
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.tag())
    }
}

/// How much of a text is Chinese and how much Latin, and which Chinese script.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LangCounts {
    /// Han characters.
    pub han: usize,
    /// Latin letters.
    pub latin: usize,
    /// Letters of other scripts (Cyrillic, kana, Hangul, ...).
    pub other: usize,
    /// Characters that exist only in Simplified Chinese.
    pub simplified_only: usize,
    /// Characters that exist only in Traditional Chinese.
    pub traditional_only: usize,
}

impl LangCounts {
    /// Counts the letters of `text`.
    pub fn of(text: &str) -> Self {
        let mut counts = LangCounts::default();
        for c in text.chars() {
            if c.is_ascii() {
                counts.latin += usize::from(c.is_ascii_alphabetic());
            } else if super::segment::is_han(c) {
                counts.han += 1;
            } else if (c as u32) < 0x250 {
                counts.latin += usize::from(c.is_alphabetic());
            } else if matches!(c as u32, 0x2000..=0x2BFF | 0x3000..=0x303F | 0xFF00..=0xFFEF) {
                // Punctuation, symbols and full-width forms: neither language.
            } else if c.is_alphabetic() {
                counts.other += 1;
            }
        }
        if counts.han > 0 {
            let report = script::detect_script(text);
            counts.simplified_only = report.simplified_only;
            counts.traditional_only = report.traditional_only;
        }
        counts
    }

    /// Whether the text has no letter of any script (only digits, punctuation and spaces): it carries no
    /// evidence of its language.
    pub fn is_empty(&self) -> bool {
        self.han == 0 && self.latin == 0 && self.other == 0
    }

    /// Chinese weight in "Latin-letter equivalents".
    pub fn zh_weight(&self) -> f64 {
        self.han as f64 * 2.5
    }

    /// The language these counts show; `fallback` decides Simplified versus Traditional when the text has
    /// no character that exists in only one script.
    pub fn lang(&self, fallback: Lang) -> Lang {
        let zh = self.zh_weight();
        let en = self.latin as f64;
        let other = self.other as f64;
        if zh == 0.0 && en == 0.0 {
            return Lang::Other;
        }
        if other > zh.max(en) {
            return Lang::Other;
        }
        let (big, small) = if zh >= en { (zh, en) } else { (en, zh) };
        if small >= 0.35 * big && small >= 10.0 {
            return Lang::Mixed;
        }
        if zh >= en {
            self.chinese_script(fallback)
        } else {
            Lang::En
        }
    }

    fn chinese_script(&self, fallback: Lang) -> Lang {
        match self.simplified_only.cmp(&self.traditional_only) {
            std::cmp::Ordering::Greater => Lang::ZhHans,
            std::cmp::Ordering::Less => Lang::ZhHant,
            std::cmp::Ordering::Equal if fallback.is_chinese() => fallback,
            std::cmp::Ordering::Equal => Lang::ZhHans,
        }
    }
}

impl std::ops::AddAssign for LangCounts {
    fn add_assign(&mut self, other: Self) {
        self.han += other.han;
        self.latin += other.latin;
        self.other += other.other;
        self.simplified_only += other.simplified_only;
        self.traditional_only += other.traditional_only;
    }
}

/// The language of `text`, with Simplified as the choice when the script cannot be told.
pub fn detect(text: &str) -> Lang {
    LangCounts::of(text).lang(Lang::ZhHans)
}

/// Maps the conversion engine's verdict to a [`Lang`], for callers that only have a [`Script`].
pub fn lang_of_script(s: Script) -> Option<Lang> {
    match s {
        Script::Hans => Some(Lang::ZhHans),
        Script::Hant => Some(Lang::ZhHant),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages() {
        let cases = [
            ("重庆与加州签署经贸合作谅解备忘录。", Lang::ZhHans),
            ("重慶與加州簽署經貿合作諒解備忘錄。", Lang::ZhHant),
            ("Chongqing signed a trade MOU with California.", Lang::En),
            ("两江新区 Liangjiang New Area", Lang::Mixed),
            ("Welcome to the site 主页", Lang::En),
            ("2014-10-27 00:00:00", Lang::Other),
            ("", Lang::Other),
            ("Москва и Пекин", Lang::Other),
        ];
        for (text, want) in cases {
            assert_eq!(detect(text), want, "{text}");
        }
    }

    #[test]
    fn ambiguous_chinese_takes_the_fallback() {
        // 中美合作 is written the same in both scripts.
        let counts = LangCounts::of("中美合作");
        assert_eq!(counts.lang(Lang::ZhHant), Lang::ZhHant);
        assert_eq!(counts.lang(Lang::En), Lang::ZhHans);
    }
}
