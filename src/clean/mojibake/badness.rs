//! Is this text mojibake? A heuristic over the few hundred characters that UTF-8 turns into when it is read
//! through a single-byte code page: sequences such as an accented lower-case letter followed by a currency
//! sign almost never occur in real text.
//!
//! The character categories and the sequences follow the published heuristic of ftfy 6 (Robyn Speer,
//! Apache-2.0), which the conformance suite in `../shared/conformance/mojibake-ftfy` comes from; keeping the
//! same judgement of what is "bad" is what makes our repairs agree with its expected results.

use std::sync::OnceLock;

use regex::Regex;

/// Character categories, as regex class fragments (`-` is a range).
mod cat {
    pub const COMMON: &str = r"\u{a0}\u{ad}\u{b7}\u{b4}\u{2013}\u{2014}\u{2015}\u{2026}\u{2019}";
    pub const C1: &str = r"\u{80}-\u{9f}";
    pub const BAD: &str = r"\u{a6}\u{a4}\u{a8}\u{ac}\u{af}\u{b8}\u{192}\u{2c6}\u{2c7}\u{2d8}\u{2db}\u{2dc}\u{2020}\u{2021}\u{2030}\u{2310}\u{25ca}\u{fffd}\u{aa}\u{ba}";
    pub const LAW: &str = r"\u{b6}\u{a7}";
    pub const CURRENCY: &str = r"\u{a2}\u{a3}\u{a5}\u{20a7}\u{20ac}";
    pub const START: &str = r"\u{a1}\u{ab}\u{bf}\u{a9}\u{384}\u{385}\u{2018}\u{201a}\u{201c}\u{201e}\u{2022}\u{2039}\u{f8ff}";
    pub const END: &str = r"\u{ae}\u{bb}\u{2dd}\u{201d}\u{203a}\u{2122}";
    pub const NUMERIC: &str = r"\u{b2}\u{b3}\u{b9}\u{b1}\u{bc}\u{bd}\u{be}\u{d7}\u{b5}\u{f7}\u{2044}\u{2202}\u{2206}\u{220f}\u{2211}\u{221a}\u{221e}\u{2229}\u{222b}\u{2248}\u{2260}\u{2261}\u{2264}\u{2265}\u{2116}";
    pub const KAOMOJI: &str =
        r"\u{d2}-\u{d6}\u{d9}-\u{dc}\u{f2}-\u{f6}\u{f8}-\u{fc}\u{150}\u{14c}\u{16a}\u{172}\u{b0}";
    pub const UPPER_ACCENTED: &str = r"\u{c0}-\u{d1}\u{d8}\u{dc}\u{dd}\u{102}\u{100}\u{104}\u{106}\u{10c}\u{10e}\u{110}\u{118}\u{11a}\u{112}\u{116}\u{11e}\u{122}\u{130}\u{12a}\u{136}\u{139}\u{13d}\u{141}\u{13b}\u{143}\u{147}\u{145}\u{152}\u{158}\u{15a}\u{15e}\u{160}\u{162}\u{164}\u{16e}\u{170}\u{178}\u{179}\u{17b}\u{17d}\u{490}";
    pub const LOWER_ACCENTED: &str = r"\u{df}\u{e0}-\u{f1}\u{103}\u{105}\u{101}\u{107}\u{10d}\u{10f}\u{111}\u{119}\u{11b}\u{113}\u{117}\u{11f}\u{123}\u{12f}\u{12b}\u{137}\u{13a}\u{13e}\u{142}\u{13c}\u{153}\u{155}\u{15b}\u{15f}\u{161}\u{165}\u{fc}\u{17a}\u{17c}\u{17e}\u{491}\u{fb01}\u{fb02}";
    pub const UPPER_COMMON: &str = r"\u{de}\u{391}-\u{3a9}\u{386}\u{388}\u{389}\u{38a}\u{38c}\u{38e}\u{38f}\u{3aa}\u{3ab}\u{401}-\u{42f}";
    pub const LOWER_COMMON: &str =
        r"\u{3b1}-\u{3c9}\u{3ac}\u{3ad}\u{3ae}\u{3af}\u{3b0}\u{430}-\u{45f}";
    pub const BOX: &str = r"\u{2502}\u{250c}\u{2510}\u{2518}\u{251c}\u{2524}\u{252c}\u{253c}\u{2550}-\u{256c}\u{2580}\u{2584}\u{2588}\u{258c}\u{2590}\u{2591}\u{2592}\u{2593}";
}

fn class(parts: &[&str]) -> String {
    format!("[{}]", parts.concat())
}

fn pattern() -> String {
    use cat::*;
    let c = class;
    let alternatives = [
        c(&[C1]),
        c(&[BAD, LOWER_ACCENTED, UPPER_ACCENTED, BOX, START, END, CURRENCY, NUMERIC, LAW]) + &c(&[BAD]),
        "[a-zA-Z]".to_owned() + &c(&[LOWER_COMMON, UPPER_COMMON]) + &c(&[BAD]),
        c(&[BAD]) + &c(&[LOWER_ACCENTED, UPPER_ACCENTED, BOX, START, END, CURRENCY, NUMERIC, LAW]),
        c(&[LOWER_ACCENTED, LOWER_COMMON, BOX, END, CURRENCY, NUMERIC]) + &c(&[UPPER_ACCENTED]),
        c(&[BOX, END, CURRENCY, NUMERIC]) + &c(&[LOWER_ACCENTED]),
        c(&[LOWER_ACCENTED, BOX, END]) + &c(&[CURRENCY]),
        r"\s".to_owned() + &c(&[UPPER_ACCENTED]) + &c(&[CURRENCY]),
        c(&[UPPER_ACCENTED, BOX]) + &c(&[NUMERIC, LAW]),
        c(&[LOWER_ACCENTED, UPPER_ACCENTED, BOX, CURRENCY, END]) + &c(&[START]) + &c(&[NUMERIC]),
        c(&[LOWER_ACCENTED, UPPER_ACCENTED, CURRENCY, NUMERIC, BOX, LAW]) + &c(&[END]) + &c(&[START]),
        c(&[CURRENCY, NUMERIC, BOX]) + &c(&[START]),
        "[a-z]".to_owned() + &c(&[UPPER_ACCENTED]) + &c(&[START, CURRENCY]),
        c(&[BOX]) + &c(&[KAOMOJI]),
        c(&[LOWER_ACCENTED, UPPER_ACCENTED, CURRENCY, NUMERIC, START, END, LAW]) + &c(&[BOX]),
        c(&[BOX]) + &c(&[END]),
        c(&[LOWER_ACCENTED, UPPER_ACCENTED]) + &c(&[START, END]) + r"\w",
        // The ligature œ not followed by an unaccented Latin letter.
        r"[\u{152}\u{153}][^A-Za-z]".to_owned(),
        // A degree sign after a capital letter.
        c(&[UPPER_ACCENTED]) + r"\u{b0}",
        // Common Windows-1252 two-character mojibake the classes above miss.
        r"[\u{c2}\u{c3}\u{ce}\u{d0}]".to_owned()
            + &c(&[r"\u{20ac}\u{153}\u{160}\u{161}\u{a2}\u{a3}\u{178}\u{17e}\u{a0}\u{ad}\u{ae}\u{a9}\u{b0}\u{b7}\u{bb}", START, END, r"\u{2013}\u{2014}\u{b4}"]),
        r"\u{d7}[\u{b2}\u{b3}]".to_owned(),
        // Windows-1252 mojibake of Arabic: four characters, as the pairs alone are common.
        {
            let pair = r"[\u{d8}\u{d9}]".to_owned() + &c(&[COMMON, CURRENCY, BAD, NUMERIC, START, r"\u{178}\u{160}\u{ae}\u{b0}\u{b5}\u{bb}"]);
            pair.clone() + &pair
        },
        // Windows-1252 starts of three-byte sequences of South Asian scripts.
        r"\u{e0}[\u{b2}\u{b5}\u{b9}\u{bc}\u{bd}\u{be}]".to_owned(),
        // MacRoman mojibake the classes above miss.
        r"\u{221a}[\u{b1}\u{2202}\u{2020}\u{2260}\u{ae}\u{2122}\u{b4}\u{2264}\u{2265}\u{a5}\u{b5}\u{f8}]".to_owned(),
        r"\u{2248}[\u{b0}\u{a2}]".to_owned(),
        r"\u{201a}\u{c4}[\u{ec}\u{ee}\u{ef}\u{f2}\u{f4}\u{fa}\u{f9}\u{fb}\u{2020}\u{b0}\u{a2}\u{3c0}]".to_owned(),
        r"\u{201a}[\u{e2}\u{f3}][\u{e0}\u{e4}\u{b0}\u{ea}]".to_owned(),
        // Windows-1251 mojibake of the U+2000 punctuation block.
        r"\u{432}\u{402}".to_owned(),
        // Windows-1251 mojibake of Latin-1 or Cyrillic: three characters.
        r"[\u{412}\u{413}\u{420}\u{421}]".to_owned() + &c(&[C1, BAD, START, END, CURRENCY, r"\u{b0}\u{b5}"]) + r"[\u{412}\u{413}\u{420}\u{421}]",
        r"\u{413}\u{45e}\u{412}\u{402}\u{412}.[A-Za-z ]".to_owned(),
        // Windows-1252 encodings of à, á and the no-break space itself.
        r"\u{c3}[\u{a0}\u{a1}]".to_owned(),
        r"[a-z]\s?[\u{c3}\u{c2}] ".to_owned(),
        r"^[\u{c3}\u{c2}] ".to_owned(),
        // Â standing in front of the character it encodes.
        c(&[r"a-z.,?!", END]) + r"\u{c2}" + &c(&[" ", START, END]),
        // Windows-1253 mojibake of the U+2000 block, and of Latin-1 or Greek.
        r"\u{3b2}\u{20ac}[\u{2122}\u{a0}\u{386}\u{ad}\u{ae}\u{b0}]".to_owned(),
        r"[\u{392}\u{393}\u{39e}\u{39f}]".to_owned() + &c(&[C1, BAD, START, END, CURRENCY, r"\u{b0}"]) + r"[\u{392}\u{393}\u{39e}\u{39f}]",
        // Windows-1257 mojibake of the U+2000 block.
        r"\u{101}\u{20ac}".to_owned(),
    ];
    alternatives.join("|")
}

fn regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(&pattern()).expect("badness pattern"))
}

/// Whether `text` contains a sequence that is almost certainly mojibake.
pub(crate) fn is_bad(text: &str) -> bool {
    regex().is_match(text)
}

/// The stretches of `text` that look like mojibake (byte ranges).
pub(crate) fn bad_spans(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    regex().find_iter(text).map(|m| m.range())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn judges() {
        for (text, bad) in [
            ("CafÃ© au lait", true),
            ("Ã©", true),
            ("â€œquotedâ€", true),
            ("µ˜’˚¥Û–° TG5D5207", true),
            ("Café au lait", false),
            ("“Quoted” – and more…", false),
            ("全面經貿戰略合作", false),
            ("經(jīng)貿(mào)戰(zhàn)略", false),
            ("NESTLÉ® requiere contratar", false),
            ("(-1/2)! = √π", false),
        ] {
            assert_eq!(is_bad(text), bad, "{text}");
        }
    }
}
