//! The English word list the `ligatures` and `run-together` rules consult: Debian's `wamerican` (SCOWL,
//! permissive licence, see `assets/clean/`), lower-cased, shipped gzip-compressed and unpacked once on first
//! use.

use std::io::Read;
use std::sync::OnceLock;

use rustc_hash::FxHashSet;

static COMPRESSED: &[u8] = include_bytes!("../../assets/clean/english-words.txt.gz");

fn set() -> &'static FxHashSet<Box<str>> {
    static WORDS: OnceLock<FxHashSet<Box<str>>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut text = String::new();
        // The asset is part of the build; if it were damaged the rules would simply find no words.
        if flate2::read::GzDecoder::new(COMPRESSED)
            .read_to_string(&mut text)
            .is_err()
        {
            text.clear();
        }
        text.lines()
            .filter(|w| !w.is_empty())
            .map(Box::from)
            .collect()
    })
}

/// Whether `word` (ASCII letters, any case) is an English word.
pub(crate) fn is_word(word: &str) -> bool {
    if word.is_empty() || word.len() > 40 {
        return false;
    }
    if word.bytes().all(|b| b.is_ascii_lowercase()) {
        return set().contains(word);
    }
    set().contains(word.to_ascii_lowercase().as_str())
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
            ("tarifflines", false),
            ("", false),
        ] {
            assert_eq!(is_word(w), want, "{w}");
        }
        assert!(set().len() > 70_000);
    }
}
