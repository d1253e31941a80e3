//! Which script a text is written in, and which characters betray a bad conversion.
//!
//! The character classes come from OpenCC's own dictionaries, not from a hand-made list:
//! - *Simplified-only*: a key of `STCharacters` (it has a Traditional form) that is not itself valid
//!   Traditional: not among its own candidates (后 → 後 后 is valid both ways), not a candidate of
//!   another key, not a key of `TSCharacters`, and not a Taiwan or Hong Kong variant form (峰 群 床 are
//!   standard in Taiwan though OpenCC's standard writes 峯 羣 牀).
//! - *Traditional-only*: the mirror image, from `TSCharacters`.
//!
//! [`detect_script`] counts both classes. [`suspicious_chars`] goes further and uses phrase context:
//! in text expected to be Traditional, a character is suspicious where OpenCC's `s2t` would change it
//! *in that context* — so 后 in 之后 is flagged but 后 in 皇后 is not — and it is not a regional
//! Traditional variant. The mirror rule, with `t2s`, applies to text expected to be Simplified.
//!
//! Main items: [`Script`], [`ScriptReport`], [`detect_script`], [`suspicious_chars`].

use std::ops::Range;
use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::dict::DictId;
use super::utf8::next_char;
use super::{ChangedSpan, Config, Converter};

/// The script of a Chinese text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Script {
    /// Simplified Chinese.
    Hans,
    /// Traditional Chinese.
    Hant,
    /// Both scripts, neither clearly dominant.
    Mixed,
    /// No Han characters, or only characters common to both scripts.
    Neither,
}

/// What [`detect_script`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ScriptReport {
    /// The decision.
    pub script: Script,
    /// How many characters only Simplified Chinese uses.
    pub simplified_only: usize,
    /// How many characters only Traditional Chinese uses.
    pub traditional_only: usize,
    /// How many Han characters in all (including those common to both scripts).
    pub han: usize,
}

/// The share of script-specific characters the minority script may have before a text counts as
/// mixed: a Traditional release with a few leftover Simplified characters is still Traditional (and
/// [`suspicious_chars`] then points at the leftovers).
const MIXED_THRESHOLD_PERCENT: usize = 10;

/// Counts Simplified-only and Traditional-only characters and decides the script.
pub fn detect_script(text: &str) -> ScriptReport {
    let classes = classes();
    // Counts per `KIND_*`, indexed rather than matched: which kind comes next is unpredictable in mixed
    // text, and a branch per character that the processor guesses wrong costs more than the look-up.
    let mut counts = [0usize; 4];
    let s = text.as_bytes();
    let mut i = 0;
    while i < s.len() {
        // ASCII (markup, Latin text, digits) needs no decoding.
        if s[i] < 0x80 {
            i += 1;
            continue;
        }
        let (c, len) = next_char(s, i);
        i += len;
        counts[usize::from(classes.kind(c) & 3)] += 1;
    }
    let [_, common, simplified_only, traditional_only] = counts;
    let han = common + simplified_only + traditional_only;
    let specific = simplified_only + traditional_only;
    let script = if specific == 0 {
        Script::Neither
    } else if traditional_only * 100 <= specific * MIXED_THRESHOLD_PERCENT {
        Script::Hans
    } else if simplified_only * 100 <= specific * MIXED_THRESHOLD_PERCENT {
        Script::Hant
    } else {
        Script::Mixed
    };
    ScriptReport {
        script,
        simplified_only,
        traditional_only,
        han,
    }
}

/// The characters of `text` that do not belong in text written in `expected`, with their byte
/// ranges: Simplified characters in Traditional text or the reverse, judged in phrase context.
/// Returns nothing for [`Script::Mixed`] and [`Script::Neither`], where no character is out of place.
pub fn suspicious_chars(text: &str, expected: Script) -> Vec<(Range<usize>, char)> {
    let Some(config) = conversion_towards(expected) else {
        return Vec::new();
    };
    let (_, spans) = Converter::new(config).convert_with_spans(text);
    suspicious_in_spans(text, &spans, expected)
}

/// The conversion that turns text into `expected`: `s2t` for Traditional, `t2s` for Simplified, none
/// for [`Script::Mixed`] and [`Script::Neither`].
pub fn conversion_towards(expected: Script) -> Option<Config> {
    match expected {
        Script::Hant => Some(Config::S2t),
        Script::Hans => Some(Config::T2s),
        Script::Mixed | Script::Neither => None,
    }
}

/// [`suspicious_chars`] for a text already converted: `spans` are what
/// [`Converter::convert_with_spans`] with [`conversion_towards`]`(expected)` reported for `text`. For a
/// caller that needs the conversion anyway (to suggest the converted characters), which saves converting
/// the text twice.
pub fn suspicious_in_spans(
    text: &str,
    spans: &[ChangedSpan],
    expected: Script,
) -> Vec<(Range<usize>, char)> {
    let (foreign, native_variants) = match expected {
        Script::Hant => (&classes().simplified_keys, &classes().regional_variants),
        Script::Hans => (&classes().traditional_keys, &classes().none),
        Script::Mixed | Script::Neither => return Vec::new(),
    };
    let mut out = Vec::new();
    for span in spans {
        for (i, c) in text[span.src.clone()].char_indices() {
            // Only characters with a counterpart in the other script count; this leaves out
            // compatibility ideographs that normalization alone changed.
            if foreign.contains(&c) && !native_variants.contains(&c) {
                let at = span.src.start + i;
                out.push((at..at + c.len_utf8(), c));
            }
        }
    }
    out
}

/// Whether `c` is a Han character (CJK Unified Ideographs and their extensions, compatibility
/// ideographs, and 〇).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3007
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x2A6DF
        | 0x2A700..=0x2EE5F
        | 0x2F800..=0x2FA1F
        | 0x30000..=0x323AF)
}

/// [`Classes::kind`] of a char that is not Han.
const KIND_NONE: u8 = 0;
/// [`Classes::kind`] of a Han char common to both scripts.
const KIND_COMMON: u8 = 1;
/// [`Classes::kind`] of a Simplified-only char.
const KIND_SIMPLIFIED: u8 = 2;
/// [`Classes::kind`] of a Traditional-only char.
const KIND_TRADITIONAL: u8 = 3;

/// Character classes derived from the dictionaries (see the module notes).
struct Classes {
    /// Per BMP char, its kind (`KIND_*`): one table lookup per char of a text, which matters as
    /// every document opened is classified.
    bmp_kind: Box<[u8]>,
    /// Script-specific chars beyond the BMP (few; the other astral Han chars are common).
    astral_kind: FxHashMap<u32, u8>,
    /// Keys of `STCharacters` / `TSCharacters`: characters with a counterpart in the other script.
    simplified_keys: FxHashSet<char>,
    traditional_keys: FxHashSet<char>,
    /// Taiwan and Hong Kong standard forms.
    regional_variants: FxHashSet<char>,
    none: FxHashSet<char>,
}

impl Classes {
    /// The `KIND_*` of char `c`.
    #[inline(always)]
    fn kind(&self, c: u32) -> u8 {
        if c < 0x10000 {
            self.bmp_kind[c as usize]
        } else if char::from_u32(c).is_some_and(is_han) {
            self.astral_kind.get(&c).copied().unwrap_or(KIND_COMMON)
        } else {
            KIND_NONE
        }
    }
}

fn classes() -> &'static Classes {
    static CLASSES: OnceLock<Classes> = OnceLock::new();
    CLASSES.get_or_init(|| {
        let single = |s: &str| {
            let mut it = s.chars();
            it.next().filter(|_| it.next().is_none())
        };
        let chars_of = |id: DictId| -> Vec<(char, Vec<char>)> {
            id.get()
                .entries()
                .into_iter()
                .filter_map(|(k, v)| Some((single(&k)?, v.split(' ').filter_map(single).collect())))
                .collect()
        };
        let st = chars_of(DictId::StCharacters);
        let ts = chars_of(DictId::TsCharacters);
        let simplified_keys: FxHashSet<char> = st.iter().map(|(k, _)| *k).collect();
        let traditional_keys: FxHashSet<char> = ts.iter().map(|(k, _)| *k).collect();
        let mut regional_variants = FxHashSet::default();
        for id in [DictId::TwVariants, DictId::HkVariants] {
            regional_variants.extend(chars_of(id).into_iter().flat_map(|(_, v)| v));
        }
        for id in [DictId::TwVariantsRev, DictId::HkVariantsRev] {
            regional_variants.extend(chars_of(id).into_iter().map(|(k, _)| k));
        }
        // Valid Traditional: any Traditional candidate, any key of TSCharacters, any regional form.
        let mut traditional_valid: FxHashSet<char> =
            st.iter().flat_map(|(_, v)| v.iter().copied()).collect();
        traditional_valid.extend(&traditional_keys);
        traditional_valid.extend(&regional_variants);
        let mut simplified_valid: FxHashSet<char> =
            ts.iter().flat_map(|(_, v)| v.iter().copied()).collect();
        simplified_valid.extend(&simplified_keys);
        let mut bmp_kind: Box<[u8]> = (0..0x10000u32)
            .map(|c| match char::from_u32(c) {
                Some(c) if is_han(c) => KIND_COMMON,
                _ => KIND_NONE,
            })
            .collect();
        let mut astral_kind = FxHashMap::default();
        let only = [
            (
                simplified_keys.difference(&traditional_valid),
                KIND_SIMPLIFIED,
            ),
            (
                traditional_keys.difference(&simplified_valid),
                KIND_TRADITIONAL,
            ),
        ];
        for (chars, kind) in only {
            // Only Han chars count (the dictionaries hold a few symbols too).
            for &c in chars.filter(|c| is_han(**c)) {
                if (c as u32) < 0x10000 {
                    bmp_kind[c as usize] = kind;
                } else {
                    astral_kind.insert(c as u32, kind);
                }
            }
        }
        Classes {
            bmp_kind,
            astral_kind,
            simplified_keys,
            traditional_keys,
            regional_variants,
            none: FxHashSet::default(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_script() {
        let cases = [
            ("重庆两江新区与加州签署合作备忘录。", Script::Hans),
            ("重慶兩江新區與加州簽署合作備忘錄。", Script::Hant),
            ("Chongqing signed an MOU with California.", Script::Neither),
            ("中文", Script::Neither),
            ("", Script::Neither),
            ("简体字和繁體字各半", Script::Mixed),
            // One leftover Simplified character does not make a Traditional text mixed.
            (
                "重慶兩江新區與加州簽署合作備忘錄，之后推動雙向投資與貿易發展。基于",
                Script::Hant,
            ),
            // 峰 and 群 are standard Taiwan forms, not Simplified characters.
            ("山峰與人群", Script::Hant),
        ];
        for (text, want) in cases {
            assert_eq!(detect_script(text).script, want, "{text}");
        }
        let r = detect_script("后来發展");
        assert_eq!((r.simplified_only, r.traditional_only, r.han), (1, 1, 4));
    }

    #[test]
    fn suspicious_chars_use_phrase_context() {
        let show = |text: &str, expected| -> Vec<(String, char)> {
            suspicious_chars(text, expected)
                .into_iter()
                .map(|(r, c)| {
                    assert_eq!(text[r.clone()].chars().next(), Some(c));
                    (text[r].to_owned(), c)
                })
                .collect()
        };
        // Seed-003-like leftovers in Traditional text: 后 基于 云.
        let text = "雙方會談之后，基于共識，決定推動雲端與云计算合作。皇后大道";
        let got: Vec<char> = show(text, Script::Hant)
            .into_iter()
            .map(|(_, c)| c)
            .collect();
        assert_eq!(got, ['后', '于', '云', '计']);
        assert!(show("皇后大道的山峰與人群", Script::Hant).is_empty());
        let got: Vec<char> = show("这是繁體字的发展", Script::Hans)
            .into_iter()
            .map(|(_, c)| c)
            .collect();
        assert_eq!(got, ['體']);
        assert!(show("干部和后来", Script::Hans).is_empty());
        assert!(show("后來", Script::Mixed).is_empty());
    }

    #[test]
    fn han_ranges() {
        assert!(is_han('中') && is_han('〇') && is_han('𠮷') && is_han('\u{F900}'));
        assert!(!is_han('a') && !is_han('，') && !is_han('ア'));
    }
}
