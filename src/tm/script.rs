//! Script folding for the memory: a Traditional segment must find Simplified memories and the other way
//! round, and a match is shown in the script the translator works in.
//!
//! [`ScriptConverter`] is the seam; [`OpenCcConverter`] is the conversion engine behind it
//! ([`crate::convert`], OpenCC 1.4); [`NoConversion`] leaves text alone (memories then match within one
//! script only). The memory records which converter built its match keys ([`ScriptConverter::id`]) and
//! rebuilds them when that changes.

use std::sync::Arc;

use super::fuzzy::tokens::{is_han, write_key};
use super::lang::{ChineseScript, LangTag};
use crate::convert::{Config, Converter};

/// Converts Chinese text between scripts.
pub trait ScriptConverter: Send + Sync {
    /// A stable name for the conversion (stored with the match keys it produced).
    fn id(&self) -> &str;
    /// The text in Simplified characters.
    fn to_simplified(&self, text: &str) -> String;
    /// The text in Traditional characters.
    fn to_traditional(&self, text: &str) -> String;
    /// The text in the Traditional characters of a region (`TW`, `HK`); the generic form by default.
    fn to_traditional_in(&self, text: &str, region: Option<&str>) -> String {
        let _ = region;
        self.to_traditional(text)
    }
}

/// Script folding through the conversion engine: `t2s` for match keys, `s2t` / `s2tw` / `s2hk` (by the
/// requested region) for display. Character conversion only: vocabulary (`软件` / `軟體`) is left alone, as a
/// memory's wording should be.
#[derive(Debug, Clone)]
pub struct OpenCcConverter {
    t2s: Converter,
    s2t: Converter,
    s2tw: Converter,
    s2hk: Converter,
}

impl OpenCcConverter {
    /// Builds the four converters (the engine shares its tables between instances).
    pub fn new() -> Self {
        OpenCcConverter {
            t2s: Converter::new(Config::T2s),
            s2t: Converter::new(Config::S2t),
            s2tw: Converter::new(Config::S2tw),
            s2hk: Converter::new(Config::S2hk),
        }
    }
}

impl Default for OpenCcConverter {
    fn default() -> Self {
        Self::new()
    }
}

impl ScriptConverter for OpenCcConverter {
    fn id(&self) -> &str {
        "opencc-1.4/t2s"
    }

    fn to_simplified(&self, text: &str) -> String {
        self.t2s.convert(text)
    }

    fn to_traditional(&self, text: &str) -> String {
        self.s2t.convert(text)
    }

    fn to_traditional_in(&self, text: &str, region: Option<&str>) -> String {
        match region {
            Some("TW") => self.s2tw.convert(text),
            Some("HK" | "MO") => self.s2hk.convert(text),
            _ => self.s2t.convert(text),
        }
    }
}

/// The converter the memory uses by default: the conversion engine.
pub fn default_converter() -> Arc<dyn ScriptConverter> {
    Arc::new(OpenCcConverter::new())
}

/// No conversion: text is compared and shown as stored.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoConversion;

impl ScriptConverter for NoConversion {
    fn id(&self) -> &str {
        "none"
    }

    fn to_simplified(&self, text: &str) -> String {
        text.to_string()
    }

    fn to_traditional(&self, text: &str) -> String {
        text.to_string()
    }
}

/// The language family memories are grouped by: `zh` for every Chinese tag, else the primary subtag.
pub fn family(lang: &LangTag) -> String {
    if lang.is_chinese() {
        "zh".to_string()
    } else {
        lang.primary().to_string()
    }
}

/// The match key of a segment: Chinese folded to Simplified, then tokenised and folded ([`write_key`]).
pub fn match_key(conv: &dyn ScriptConverter, text: &str, lang: &LangTag) -> String {
    let mut key = String::with_capacity(text.len() + text.len() / 2);
    if lang.is_chinese() || text.chars().any(is_han) {
        write_key(&conv.to_simplified(text), &mut key);
    } else {
        write_key(text, &mut key);
    }
    key
}

/// `text` shown in the script of `lang` (unchanged when its script is unknown or the text has no Han
/// characters); Traditional follows the tag's region (`zh-TW`, `zh-HK`).
pub fn in_script(conv: &dyn ScriptConverter, text: &str, lang: &LangTag) -> String {
    match lang.chinese_script() {
        Some(_) if !text.chars().any(is_han) => text.to_string(),
        Some(ChineseScript::Simplified) => conv.to_simplified(text),
        Some(ChineseScript::Traditional) => conv.to_traditional_in(text, lang.region()),
        None => text.to_string(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A converter for tests: a handful of character pairs, enough to show script folding without the
    /// conversion engine.
    pub struct PairConverter;

    const PAIRS: &[(char, char)] = &[
        ('区', '區'),
        ('会', '會'),
        ('举', '舉'),
        ('进', '進'),
        ('额', '額'),
        ('长', '長'),
        ('庆', '慶'),
        ('于', '於'),
    ];

    impl ScriptConverter for PairConverter {
        fn id(&self) -> &str {
            "test-pairs"
        }
        fn to_simplified(&self, text: &str) -> String {
            text.chars()
                .map(|c| PAIRS.iter().find(|p| p.1 == c).map_or(c, |p| p.0))
                .collect()
        }
        fn to_traditional(&self, text: &str) -> String {
            text.chars()
                .map(|c| PAIRS.iter().find(|p| p.0 == c).map_or(c, |p| p.1))
                .collect()
        }
    }

    #[test]
    fn keys_fold_scripts_and_display_follows_the_user() {
        let zh_tw = LangTag::zh_traditional();
        let zh_cn = LangTag::zh_simplified();
        assert_eq!(
            match_key(&PairConverter, "渝洽會將於5月舉行", &zh_tw),
            match_key(&PairConverter, "渝洽会將于5月举行", &zh_cn)
        );
        assert_eq!(
            match_key(&PairConverter, "Held in May.", &LangTag::en()),
            "held in may ."
        );
        assert_eq!(in_script(&PairConverter, "渝洽会", &zh_tw), "渝洽會");
        let bare = LangTag::parse("zh").unwrap();
        assert_eq!(in_script(&PairConverter, "渝洽會", &bare), "渝洽會");
        assert_eq!(family(&zh_tw), "zh");
        assert_eq!(family(&LangTag::en()), "en");
    }

    #[test]
    fn the_conversion_engine_folds_keys_and_shows_regional_forms() {
        let conv = OpenCcConverter::new();
        let (tw, cn) = (LangTag::zh_traditional(), LangTag::zh_simplified());
        assert_eq!(
            match_key(&conv, "第二十屆渝洽會將於5月舉行。", &tw),
            match_key(&conv, "第二十届渝洽会将于5月举行。", &cn)
        );
        assert_eq!(
            in_script(&conv, "渝洽会将于5月举行", &tw),
            "渝洽會將於5月舉行"
        );
        assert_eq!(in_script(&conv, "渝洽會", &cn), "渝洽会");
        assert_eq!(in_script(&conv, "Held in May.", &tw), "Held in May.");
    }
}
