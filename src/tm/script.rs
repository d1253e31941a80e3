//! Script folding for the memory: a Traditional segment must find Simplified memories and the other way
//! round, and a match is shown in the script the translator works in.
//!
//! [`ScriptConverter`] is the seam to the conversion engine ([`crate::convert`]); [`NoConversion`] leaves
//! text alone (memories then match within one script only). The memory records which converter built its
//! match keys ([`ScriptConverter::id`]) and rebuilds them when that changes.

use super::fuzzy::tokens::{is_han, key_string, tokenize};
use super::lang::{ChineseScript, LangTag};

/// Converts Chinese text between scripts.
pub trait ScriptConverter: Send + Sync {
    /// A stable name for the conversion (stored with the match keys it produced).
    fn id(&self) -> &str;
    /// The text in Simplified characters.
    fn to_simplified(&self, text: &str) -> String;
    /// The text in Traditional characters.
    fn to_traditional(&self, text: &str) -> String;
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

/// The converter the memory uses by default.
pub fn default_converter() -> std::sync::Arc<dyn ScriptConverter> {
    std::sync::Arc::new(NoConversion)
}

/// The language family memories are grouped by: `zh` for every Chinese tag, else the primary subtag.
pub fn family(lang: &LangTag) -> String {
    if lang.is_chinese() {
        "zh".to_string()
    } else {
        lang.primary().to_string()
    }
}

/// The match key of a segment: Chinese folded to Simplified, then tokenised and folded ([`tokenize`]).
pub fn match_key(conv: &dyn ScriptConverter, text: &str, lang: &LangTag) -> String {
    if lang.is_chinese() || text.chars().any(is_han) {
        key_string(&tokenize(&conv.to_simplified(text)))
    } else {
        key_string(&tokenize(text))
    }
}

/// `text` shown in `script` (unchanged when the script is unknown or the text has no Han characters).
pub fn in_script(conv: &dyn ScriptConverter, text: &str, script: Option<ChineseScript>) -> String {
    match script {
        Some(_) if !text.chars().any(is_han) => text.to_string(),
        Some(ChineseScript::Simplified) => conv.to_simplified(text),
        Some(ChineseScript::Traditional) => conv.to_traditional(text),
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
        assert_eq!(
            in_script(&PairConverter, "渝洽会", Some(ChineseScript::Traditional)),
            "渝洽會"
        );
        assert_eq!(in_script(&PairConverter, "渝洽會", None), "渝洽會");
        assert_eq!(family(&zh_tw), "zh");
        assert_eq!(family(&LangTag::en()), "en");
    }
}
