//! The English word list the `ligatures` and `run-together` rules consult: Debian's `wamerican` (SCOWL,
//! permissive licence, see `assets/clean/`), lower-cased, shipped gzip-compressed and unpacked once on first
//! use, and our own list of trade and logistics words it lacks (`assets/clean/trade-words.txt`).

use std::io::Read;
use std::sync::OnceLock;

use rustc_hash::FxHashSet;

static COMPRESSED: &[u8] = include_bytes!("../../assets/clean/english-words.txt.gz");

/// Words of the field the general list lacks ("multimodal", "transshipment"), one per line, `#` comments.
static TRADE_WORDS: &str = include_str!("../../assets/clean/trade-words.txt");

/// The word list, split so that a look-up costs one probe of a compact table: words of up to 16 bytes (all
/// but a few dozen) packed into a `u128` each, the rest as strings.
struct Words {
    short: FxHashSet<u128>,
    long: FxHashSet<Box<str>>,
}

/// A word of up to 16 bytes without NUL, lower-cased and zero-padded into a number (the padding cannot be
/// mistaken for a byte of the word, as words have no NUL).
fn packed(word: &[u8]) -> Option<u128> {
    if word.len() > 16 || word.contains(&0) {
        return None;
    }
    let mut bytes = [0u8; 16];
    for (to, from) in bytes.iter_mut().zip(word) {
        *to = from.to_ascii_lowercase();
    }
    Some(u128::from_le_bytes(bytes))
}

fn set() -> &'static Words {
    static WORDS: OnceLock<Words> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut text = String::new();
        // The asset is part of the build; if it were damaged the rules would simply find no words.
        if flate2::read::GzDecoder::new(COMPRESSED)
            .read_to_string(&mut text)
            .is_err()
        {
            text.clear();
        }
        let mut words = Words {
            short: FxHashSet::default(),
            long: FxHashSet::default(),
        };
        let trade = TRADE_WORDS
            .lines()
            .map(str::trim)
            .filter(|w| !w.starts_with('#'));
        for w in text
            .lines()
            .map(str::trim)
            .chain(trade)
            .filter(|w| !w.is_empty())
        {
            // Packing lower-cases; a word that lower-casing would change must not be found by its lower case.
            match packed(w.as_bytes()).filter(|_| !w.bytes().any(|b| b.is_ascii_uppercase())) {
                Some(p) => words.short.insert(p),
                None => words.long.insert(Box::from(w)),
            };
        }
        words
    })
}

/// Whether `word` (ASCII letters, any case) is an English word.
pub(crate) fn is_word(word: &str) -> bool {
    if word.is_empty() || word.len() > 40 {
        return false;
    }
    if let Some(p) = packed(word.as_bytes()) {
        return set().short.contains(&p);
    }
    if word.bytes().all(|b| b.is_ascii_lowercase()) {
        return set().long.contains(word);
    }
    set().long.contains(word.to_ascii_lowercase().as_str())
}

/// Two-letter words common enough to stand as one half of a run-together pair ("of", "in", ...); the list
/// has every two-letter abbreviation too, which would make nearly any word splittable.
pub(crate) fn is_common_short(word: &str) -> bool {
    const SHORT: &[&str] = &[
        "a", "i", "am", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it",
        "me", "my", "no", "of", "on", "or", "so", "to", "up", "us", "we",
    ];
    SHORT.iter().any(|s| s.eq_ignore_ascii_case(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_words() {
        for (w, want) in [
            ("officials", true),
            ("Specifically", true),
            ("briefings", true),
            ("between", true),
            ("talksbetween", false),
            ("multimodal", true),
            ("Transshipment", true),
            ("tarifflines", false),
            ("", false),
        ] {
            assert_eq!(is_word(w), want, "{w}");
        }
        assert!(set().short.len() + set().long.len() > 70_000);
        // Past 16 bytes the look-up takes the other table.
        assert!(is_word("ELECTROCARDIOGRAPHS") && !is_word("electrocardiographx"));
    }
}
