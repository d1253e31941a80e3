//! The other Chinese script of a term, by conversion: what a new entry's 繁體 column gets when the user
//! types its 简体 term (and the other way round), so a terminologist types a term once and checks it.
//!
//! Main item: [`counterpart`]. The columns follow [`super::lang`]: zh-Hant holds Taiwan usage as OpenCC's
//! `s2twp` writes it, and Simplified comes from `t2s`, the same conversions the Translate workspace uses
//! when it offers a term in a column the entry lacks.

use std::sync::OnceLock;

use super::lang;
use crate::convert::{Config, Converter};

/// The other Chinese column for a term in `tag` (zh-Hans ⇄ zh-Hant) and the term converted to it; `None`
/// for other languages or text without Han characters.
pub fn counterpart(tag: &str, text: &str) -> Option<(&'static str, String)> {
    static TO_HANT: OnceLock<Converter> = OnceLock::new();
    static TO_HANS: OnceLock<Converter> = OnceLock::new();
    if !text.chars().any(super::normalize::is_han) {
        return None;
    }
    let (other, converter) = match tag {
        lang::ZH_HANS => (
            lang::ZH_HANT,
            TO_HANT.get_or_init(|| Converter::new(Config::S2twp)),
        ),
        lang::ZH_HANT => (
            lang::ZH_HANS,
            TO_HANS.get_or_init(|| Converter::new(Config::T2s)),
        ),
        _ => return None,
    };
    Some((other, converter.convert(text.trim())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_chinese_column_fills_the_other() {
        let cases = [
            (lang::ZH_HANS, "两江新区", Some((lang::ZH_HANT, "兩江新區"))),
            (lang::ZH_HANT, "兩江新區", Some((lang::ZH_HANS, "两江新区"))),
            // Taiwan usage, as the column holds it.
            (lang::ZH_HANS, "软件园", Some((lang::ZH_HANT, "軟體園"))),
            (lang::ZH_HANS, " 渝洽会 ", Some((lang::ZH_HANT, "渝洽會"))),
            (lang::EN, "Liangjiang New Area", None),
            (lang::ZH_HANS, "CCISF", None),
            (lang::ZH_HK, "兩江新區", None),
        ];
        for (tag, text, want) in cases {
            let got = counterpart(tag, text);
            assert_eq!(
                got.as_ref().map(|(t, s)| (*t, s.as_str())),
                want,
                "{tag} {text}"
            );
        }
    }
}
