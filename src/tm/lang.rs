//! Language tags as translation memories use them: `zh-CN`, `zh-Hant`, `en-US`, and the variants real files
//! contain (`EN-US`, `zh_CN`, `zh-hans`).
//!
//! [`LangTag`] keeps a tag in canonical BCP 47 casing; [`LangStyle`] chooses how Chinese is spelled when a
//! file is written (by region, `zh-CN` / `zh-TW`, which every CAT tool reads; or by script, `zh-Hans` /
//! `zh-Hant`); [`ChineseScript`] is what a Chinese tag says about the script.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A language tag in canonical casing (`zh-CN`, `zh-Hant`, `en-US`).
///
/// Parsing is tolerant: case is normalised and `_` is accepted for `-`, since TMX files from older tools
/// write `ZH_CN` or `en_us`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LangTag(String);

/// How Chinese language tags are spelled in exported files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LangStyle {
    /// `zh-CN` for Simplified, `zh-TW` for Traditional (`zh-HK` and `zh-SG` kept): what OmegaT, Trados and
    /// memoQ expect by default.
    #[default]
    Region,
    /// `zh-Hans` and `zh-Hant`: script subtags, for tools and teams that prefer them.
    Script,
}

/// The script a Chinese language tag stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ChineseScript {
    /// Simplified characters (`zh-Hans`, `zh-CN`, `zh-SG`, `zh-MY`).
    Simplified,
    /// Traditional characters (`zh-Hant`, `zh-TW`, `zh-HK`, `zh-MO`).
    Traditional,
}

impl LangTag {
    /// Parses a tag, normalising case and `_`. Returns `None` for an empty tag or one with characters a
    /// language tag cannot hold.
    pub fn parse(raw: &str) -> Option<LangTag> {
        let raw = raw.trim();
        if raw.is_empty() || raw.len() > 64 {
            return None;
        }
        let mut out = String::with_capacity(raw.len());
        for (i, part) in raw.split(['-', '_']).enumerate() {
            if part.is_empty() || !part.chars().all(|c| c.is_ascii_alphanumeric()) {
                return None;
            }
            if i > 0 {
                out.push('-');
            }
            let canonical = if i == 0 {
                part.to_ascii_lowercase()
            } else if part.len() == 4 && part.chars().all(|c| c.is_ascii_alphabetic()) {
                // Script subtag: title case (Hans, Hant, Latn).
                let lower = part.to_ascii_lowercase();
                let mut chars = lower.chars();
                chars
                    .next()
                    .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                    .unwrap_or_default()
            } else if part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic()) {
                // Region subtag: upper case (CN, TW, US).
                part.to_ascii_uppercase()
            } else {
                part.to_ascii_lowercase()
            };
            out.push_str(&canonical);
        }
        Some(LangTag(out))
    }

    /// Simplified Chinese as written by default: `zh-CN`.
    pub fn zh_simplified() -> LangTag {
        LangTag("zh-CN".into())
    }

    /// Traditional Chinese as written by default: `zh-TW`.
    pub fn zh_traditional() -> LangTag {
        LangTag("zh-TW".into())
    }

    /// Chinese in the given script, spelled by region (`zh-CN` / `zh-TW`).
    pub fn zh(script: ChineseScript) -> LangTag {
        match script {
            ChineseScript::Simplified => Self::zh_simplified(),
            ChineseScript::Traditional => Self::zh_traditional(),
        }
    }

    /// English as written by default: `en-US`.
    pub fn en() -> LangTag {
        LangTag("en-US".into())
    }

    /// The tag for a language the document core detected (`None` for mixed or undetermined text).
    pub fn from_document_lang(lang: crate::document::Lang) -> Option<LangTag> {
        use crate::document::Lang;
        match lang {
            Lang::ZhHans => Some(Self::zh_simplified()),
            Lang::ZhHant => Some(Self::zh_traditional()),
            Lang::En => Some(Self::en()),
            Lang::Mixed | Lang::Other => None,
        }
    }

    /// The usual language to translate into: English for Chinese, Simplified Chinese for anything else.
    pub fn counterpart(&self) -> LangTag {
        if self.is_chinese() {
            Self::en()
        } else {
            Self::zh_simplified()
        }
    }

    /// The tag as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary language subtag (`zh` for `zh-Hant-TW`).
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }

    /// Whether this is a Chinese tag (`zh`, or the macrolanguage members `cmn` and `yue` seen in some files).
    pub fn is_chinese(&self) -> bool {
        matches!(self.primary(), "zh" | "cmn" | "yue")
    }

    /// Whether this is an English tag.
    pub fn is_english(&self) -> bool {
        self.primary() == "en"
    }

    /// The script subtag, if any (`Hant` for `zh-Hant-HK`).
    pub fn script_subtag(&self) -> Option<&str> {
        self.0
            .split('-')
            .skip(1)
            .find(|p| p.len() == 4 && p.chars().all(|c| c.is_ascii_alphabetic()))
    }

    /// The region subtag, if any (`HK` for `zh-Hant-HK`).
    pub fn region(&self) -> Option<&str> {
        self.0.split('-').skip(1).find(|p| {
            (p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()))
                || (p.len() == 3 && p.chars().all(|c| c.is_ascii_digit()))
        })
    }

    /// The script a Chinese tag stands for: from its script subtag, else from its region. `None` for
    /// non-Chinese tags and for a bare `zh`.
    pub fn chinese_script(&self) -> Option<ChineseScript> {
        if !self.is_chinese() {
            return None;
        }
        match self.script_subtag() {
            Some("Hans") => return Some(ChineseScript::Simplified),
            Some("Hant") => return Some(ChineseScript::Traditional),
            _ => {}
        }
        match self.region() {
            Some("CN" | "SG" | "MY") => Some(ChineseScript::Simplified),
            Some("TW" | "HK" | "MO") => Some(ChineseScript::Traditional),
            _ => None,
        }
    }

    /// This tag spelled in `style`. Only Chinese tags whose script is known change: `zh-Hans` ⇄ `zh-CN`,
    /// `zh-Hant` ⇄ `zh-TW` (`zh-Hant-HK` becomes `zh-HK` by region; `zh-HK` becomes `zh-Hant` by script).
    pub fn styled(&self, style: LangStyle) -> LangTag {
        let Some(script) = self.chinese_script() else {
            return self.clone();
        };
        match style {
            LangStyle::Script => LangTag(
                match script {
                    ChineseScript::Simplified => "zh-Hans",
                    ChineseScript::Traditional => "zh-Hant",
                }
                .into(),
            ),
            LangStyle::Region => match self.region() {
                Some(region) if region.len() == 2 => LangTag(format!("zh-{region}")),
                _ => LangTag::zh(script),
            },
        }
    }

    /// Case-insensitive equality after normalisation (`EN-us` matches `en-US`).
    pub fn matches(&self, other: &LangTag) -> bool {
        self.0.eq_ignore_ascii_case(&other.0)
    }

    /// Whether both tags name the same primary language (`en-GB` and `en-US`).
    pub fn same_language(&self, other: &LangTag) -> bool {
        self.primary() == other.primary() || (self.is_chinese() && other.is_chinese())
    }
}

impl fmt::Display for LangTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for LangTag {
    type Error = String;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        LangTag::parse(&value).ok_or_else(|| format!("not a language tag: {value:?}"))
    }
}

impl From<LangTag> for String {
    fn from(tag: LangTag) -> String {
        tag.0
    }
}

impl std::str::FromStr for LangTag {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        LangTag::parse(s).ok_or_else(|| crate::Error::Invalid(format!("not a language tag: {s:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsing_normalises_case_and_underscores() {
        let cases = [
            ("zh-CN", Some("zh-CN")),
            ("ZH_cn", Some("zh-CN")),
            ("zh_CN", Some("zh-CN")),
            ("EN-US", Some("en-US")),
            ("eN-uS", Some("en-US")),
            ("zh-hans", Some("zh-Hans")),
            ("ZH-HANT-hk", Some("zh-Hant-HK")),
            ("es-419", Some("es-419")),
            ("en", Some("en")),
            ("", None),
            ("zh--CN", None),
            ("zh CN", None),
            ("*all*", None),
        ];
        for (raw, want) in cases {
            assert_eq!(
                LangTag::parse(raw).as_ref().map(LangTag::as_str),
                want,
                "{raw}"
            );
        }
    }

    #[test]
    fn chinese_script_from_script_or_region() {
        let cases = [
            ("zh-CN", Some(ChineseScript::Simplified)),
            ("zh-SG", Some(ChineseScript::Simplified)),
            ("zh-Hans", Some(ChineseScript::Simplified)),
            ("zh-TW", Some(ChineseScript::Traditional)),
            ("zh-HK", Some(ChineseScript::Traditional)),
            ("zh-Hant-CN", Some(ChineseScript::Traditional)),
            ("zh", None),
            ("en-US", None),
        ];
        for (raw, want) in cases {
            assert_eq!(LangTag::parse(raw).unwrap().chinese_script(), want, "{raw}");
        }
    }

    #[test]
    fn styles_spell_chinese_by_region_or_script() {
        let cases = [
            ("zh-Hans", LangStyle::Region, "zh-CN"),
            ("zh-Hant", LangStyle::Region, "zh-TW"),
            ("zh-Hant-HK", LangStyle::Region, "zh-HK"),
            ("zh-CN", LangStyle::Region, "zh-CN"),
            ("zh-CN", LangStyle::Script, "zh-Hans"),
            ("zh-TW", LangStyle::Script, "zh-Hant"),
            ("zh-HK", LangStyle::Script, "zh-Hant"),
            ("zh", LangStyle::Script, "zh"),
            ("en-US", LangStyle::Script, "en-US"),
        ];
        for (raw, style, want) in cases {
            assert_eq!(
                LangTag::parse(raw).unwrap().styled(style).as_str(),
                want,
                "{raw} {style:?}"
            );
        }
    }

    #[test]
    fn matching_ignores_case_and_same_language_ignores_region() {
        let a = LangTag::parse("en-US").unwrap();
        assert!(a.matches(&LangTag::parse("EN-us").unwrap()));
        assert!(!a.matches(&LangTag::parse("en-GB").unwrap()));
        assert!(a.same_language(&LangTag::parse("en-GB").unwrap()));
        assert!(LangTag::zh_simplified().same_language(&LangTag::zh_traditional()));
        assert!(!a.same_language(&LangTag::zh_simplified()));
    }
}
