//! Search keys: one spelling for every way a term can be typed.
//!
//! [`fold`] makes a key from a term or a query: compatibility forms (full-width letters) become plain,
//! accents are dropped, letters are lower-cased, apostrophes vanish and every other run of punctuation or
//! space becomes one space; Chinese is brought to one script (Simplified, by the conversion engine's
//! `t2s`), so that 兩江新區, 两江新区 and 两江新區 share a key. Keys are stored in the database; when the folding
//! changes, [`KEY_VERSION`] changes and stored keys are rebuilt on open.

use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::convert::{Config, Converter};

/// Version of the folding rules; stored keys made under another version are recomputed.
/// 2: Chinese is folded to Simplified (`t2s`).
pub const KEY_VERSION: i64 = 2;

/// The search key of a term or a query (see the module documentation).
pub fn fold(text: &str) -> String {
    if let Some(key) = fold_plain(text) {
        return key;
    }
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    let mut has_han = false;
    for c in text.nfkd() {
        if is_combining_mark(c) || matches!(c, '\'' | '’' | 'ʼ' | '`' | '\u{00AD}') {
            continue;
        }
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            has_han |= is_han(c);
            for l in c.to_lowercase() {
                out.push(l);
            }
        } else {
            pending_space = true;
        }
    }
    if has_han { to_simplified(&out) } else { out }
}

/// [`fold`] for the common case, text of ASCII and CJK unified ideographs only (no decompositions, no
/// case beyond ASCII, no combining marks), without the Unicode normalisation machinery. `None` for
/// anything else.
fn fold_plain(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    let mut has_han = false;
    for c in text.chars() {
        let han = matches!(c as u32, 0x4E00..=0x9FFF);
        if !c.is_ascii() && !han {
            return None;
        }
        if matches!(c, '\'' | '`') {
            continue;
        }
        if han || c.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            has_han |= han;
            out.push(c.to_ascii_lowercase());
        } else {
            pending_space = true;
        }
    }
    Some(if has_han { to_simplified(&out) } else { out })
}

/// Whether `c` is a Han character (CJK unified ideographs and their extensions, compatibility ideographs).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x30000..=0x323AF)
}

/// Whether `c` belongs to a script written without spaces between words (Han, kana, Hangul), where a
/// two-character query is a meaningful word.
pub fn is_dense(c: char) -> bool {
    is_han(c)
        || matches!(c as u32, 0x3040..=0x30FF | 0x1100..=0x11FF | 0xAC00..=0xD7AF | 0x3131..=0x318E)
}

/// The other script forms of a Chinese term, for term recognition: its Simplified form (`t2s`) and that
/// form's OpenCC-standard, Taiwan and Hong Kong Traditional forms (`s2t`, `s2tw`, `s2hk`), so a term stored
/// in either script is found in a text written in any of them. The term itself is not repeated, nor is any
/// form twice.
pub fn other_scripts(term: &str) -> Vec<String> {
    if !term.chars().any(is_han) {
        return Vec::new();
    }
    let c = converters();
    let simplified = c.t2s.convert(term);
    let mut out: Vec<String> = Vec::with_capacity(4);
    for form in [
        c.s2t.convert(&simplified),
        c.s2tw.convert(&simplified),
        c.s2hk.convert(&simplified),
        simplified,
    ] {
        if form != term && !out.contains(&form) {
            out.push(form);
        }
    }
    out
}

/// Brings Chinese text to Simplified characters with the conversion engine's `t2s`, so that Traditional,
/// Simplified and mixed spellings of a term share a key.
fn to_simplified(text: &str) -> String {
    converters().t2s.convert(text)
}

/// The converters folding and [`other_scripts`] use, built once per process (the engine shares its
/// tables between converters, so this costs a few milliseconds on first use).
struct Converters {
    t2s: Converter,
    s2t: Converter,
    s2tw: Converter,
    s2hk: Converter,
}

fn converters() -> &'static Converters {
    static CONVERTERS: OnceLock<Converters> = OnceLock::new();
    CONVERTERS.get_or_init(|| Converters {
        t2s: Converter::new(Config::T2s),
        s2t: Converter::new(Config::S2t),
        s2tw: Converter::new(Config::S2tw),
        s2hk: Converter::new(Config::S2hk),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_width_and_punctuation() {
        let cases = [
            ("Bonded Port", "bonded port"),
            (
                "  Chengdu–Chongqing   Economic Circle ",
                "chengdu chongqing economic circle",
            ),
            ("Chengdu-Chongqing", "chengdu chongqing"),
            ("Xi'an", "xian"),
            ("China’s", "chinas"),
            ("Café  Zürich", "cafe zurich"),
            ("ＭＯＵ", "mou"),
            ("M.O.U.", "m o u"),
            ("两江新区", "两江新区"),
            ("兩江新區", "两江新区"),
            ("两江新區", "两江新区"),
            ("保稅港區", "保税港区"),
            ("渝洽會", "渝洽会"),
            ("WTO組織", "wto组织"),
            ("中国（重庆）自由贸易试验区", "中国 重庆 自由贸易试验区"),
            ("", ""),
            ("—", ""),
        ];
        for (input, want) in cases {
            assert_eq!(fold(input), want, "{input}");
        }
    }

    #[test]
    fn the_plain_path_folds_like_the_general_one() {
        let general = |text: &str| {
            // The general path, forced by a character the plain path does not take.
            let key = fold(&format!("{text}\u{00E9}"));
            key.strip_suffix('e').unwrap_or(&key).trim_end().to_string()
        };
        for text in [
            "Bonded Port-Area",
            "  Xi'an  ",
            "WTO组织成员",
            "兩江新區 (Liangjiang)",
            "a`b",
            "5G",
            "",
        ] {
            assert_eq!(fold_plain(text), Some(general(text)), "{text:?}");
        }
        assert_eq!(fold_plain("Café"), None);
        assert_eq!(fold_plain("ＭＯＵ"), None);
    }

    #[test]
    fn other_scripts_gives_every_form_once() {
        let forms = other_scripts("两江新区");
        assert_eq!(forms, ["兩江新區"], "s2t, s2tw and s2hk agree here");
        let forms = other_scripts("兩江新區");
        assert_eq!(forms, ["两江新区"]);
        // 软件: s2t and s2tw write 軟件 (no phrase conversion), t2s gives the Simplified form back.
        let forms = other_scripts("軟件");
        assert!(forms.contains(&"软件".to_string()), "{forms:?}");
        assert!(!forms.contains(&"軟件".to_string()), "{forms:?}");
        assert!(other_scripts("MOU").is_empty());
    }

    #[test]
    fn script_classes() {
        assert!(is_han('港') && is_dense('港') && is_dense('カ'));
        assert!(!is_han('a') && !is_dense('a') && !is_dense('é'));
    }
}
