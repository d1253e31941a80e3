//! The bilingual lexicon: CC-CEDICT as Chinese headwords → stemmed English words.
//!
//! [`Lexicon`] maps every Simplified and Traditional headword to the stems of the content words in its
//! definitions ("to negotiate; negotiation" → `negotiat`). English stems are interned as `u32` keys, so
//! matching a Chinese word against an English sentence is a few integer comparisons.
//!
//! The shipped CC-CEDICT is parsed at build time (`build.rs` runs [`cedict::parse`] on it) and embedded
//! in its [`form`], so a process gets it in a few milliseconds ([`Lexicon::builtin`]) instead of the
//! 0.2 s that inflating and parsing the text takes; [`Lexicon::load`] still reads a CC-CEDICT file the
//! user names. Either way the lexicon is arrays plus a hash index over the headwords and the stems
//! ([`table::Table`]); the app loads it once ([`Lexicon::shared`]) and shares it.

mod cedict;
mod form;
mod table;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

// `cedict.rs` reaches the stemmer as `super::english`, here and in `build.rs` alike.
use super::english;
pub use cedict::MAX_WORD_CHARS;
use form::Parts;
use table::Table;

use crate::{Error, Result};

/// File name of the CC-CEDICT release shipped in `assets/cedict/`.
pub const CEDICT_FILE: &str = "cedict_1_0_ts_utf-8_mdbg.txt.gz";

/// The shipped CC-CEDICT in the binary form of [`form`], written by `build.rs`.
static BUILTIN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/cedict_lexicon.bin"));

/// Chinese headwords and the English stems their definitions contain.
pub struct Lexicon {
    // A headword's position is its entry.
    heads: Table,
    // Entry e's English keys are keys[offsets[e]..offsets[e + 1]].
    offsets: Vec<u32>,
    keys: Vec<u32>,
    // A stem's position is its key.
    vocab: Table,
    max_chars: usize,
}

impl std::fmt::Debug for Lexicon {
    // The tables run to megabytes: say how big they are instead.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("headwords", &self.heads.len())
            .field("keys", &self.keys.len())
            .field("stems", &self.vocab.len())
            .field("max_chars", &self.max_chars)
            .finish()
    }
}

impl Lexicon {
    /// An empty lexicon (alignment then rests on length, punctuation, numbers and names).
    pub fn empty() -> Self {
        Self::from_parts(Parts {
            offsets: vec![0],
            ..Parts::default()
        })
    }

    /// The CC-CEDICT shipped with Duizhao (`assets/cedict/`), compiled into the program: the lexicon
    /// [`Lexicon::load`] would read from that file, in a few milliseconds.
    pub fn builtin() -> Result<Self> {
        Self::from_bytes(BUILTIN)
            .map_err(|e| Error::Invalid(format!("the built-in CC-CEDICT lexicon is damaged: {e}")))
    }

    /// Reads a CC-CEDICT file, plain or gzip-compressed (by its `.gz` name).
    pub fn load(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = if path.extension().is_some_and(|e| e == "gz") {
            let mut out = String::with_capacity(bytes.len() * 3);
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_string(&mut out)
                .map_err(|e| Error::format(path, None, format!("not a readable gzip file: {e}")))?;
            out
        } else {
            String::from_utf8(bytes)
                .map_err(|e| Error::format(path, None, format!("not UTF-8: {e}")))?
        };
        Self::parse(&text).map_err(|(line, msg)| Error::format(path, Some(line), msg))
    }

    /// Parses CC-CEDICT text (`傳統 传统 [chuan2 tong3] /tradition/traditional/`). Comment lines start
    /// with `#`. Errors carry the 1-based line number.
    pub fn parse(text: &str) -> std::result::Result<Self, (usize, String)> {
        cedict::parse(text).map(Self::from_parts)
    }

    /// The shipped CC-CEDICT, loaded once per process and shared (it is immutable): the file named by
    /// `DUIZHAO_CEDICT` if that is set, otherwise the built-in copy ([`Lexicon::builtin`]).
    pub fn shared() -> Result<Arc<Lexicon>> {
        static SHARED: OnceLock<Arc<Lexicon>> = OnceLock::new();
        if let Some(lex) = SHARED.get() {
            return Ok(lex.clone());
        }
        let lex = match std::env::var_os("DUIZHAO_CEDICT") {
            Some(path) => Self::load(Path::new(&path))?,
            None => Self::builtin()?,
        };
        Ok(SHARED.get_or_init(|| Arc::new(lex)).clone())
    }

    /// Reads the binary form of [`form`], borrowing its strings.
    fn from_bytes(bytes: &'static [u8]) -> std::result::Result<Self, String> {
        Parts::from_bytes(bytes).map(Self::from_parts)
    }

    fn from_parts(p: Parts<'static>) -> Self {
        Lexicon {
            heads: Table::new(p.heads),
            offsets: p.offsets,
            keys: p.keys,
            vocab: Table::new(p.vocab),
            max_chars: p.max_chars as usize,
        }
    }

    /// Number of distinct headwords.
    pub fn len(&self) -> usize {
        self.heads.len()
    }

    /// Whether the lexicon has no entries.
    pub fn is_empty(&self) -> bool {
        self.heads.len() == 0
    }

    /// Longest headword length in characters (at most [`MAX_WORD_CHARS`]).
    pub fn max_chars(&self) -> usize {
        self.max_chars
    }

    /// The entry of a headword, if it is one.
    pub fn entry(&self, word: &str) -> Option<u32> {
        self.heads.get(word)
    }

    /// The English keys of an entry.
    pub fn keys(&self, entry: u32) -> &[u32] {
        let e = entry as usize;
        &self.keys[self.offsets[e] as usize..self.offsets[e + 1] as usize]
    }

    /// The key of an English stem, if any definition contains it.
    pub fn key(&self, stem: &str) -> Option<u32> {
        self.vocab.get(stem)
    }

    /// Number of distinct English stems (keys are `0..vocab_len()`).
    pub fn vocab_len(&self) -> usize {
        self.vocab.len()
    }

    /// English stems of a headword, sorted, for display and tests.
    pub fn translations(&self, word: &str) -> Vec<&str> {
        let Some(e) = self.entry(word) else {
            return Vec::new();
        };
        let mut names: Vec<&str> = self.keys(e).iter().map(|&k| self.vocab.str(k)).collect();
        names.sort_unstable();
        names
    }
}

/// Where the shipped CC-CEDICT file is: `DUIZHAO_CEDICT`, beside the executable, or in the source tree.
/// [`Lexicon::shared`] needs no file (it has the built-in copy unless `DUIZHAO_CEDICT` is set); this is
/// for tools and benchmarks that read the text itself.
pub fn default_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("DUIZHAO_CEDICT") {
        return Some(PathBuf::from(p));
    }
    let mut candidates = Vec::new();
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_path_buf))
    {
        candidates.push(dir.join("assets/cedict").join(CEDICT_FILE));
        candidates.push(dir.join("../share/duizhao/cedict").join(CEDICT_FILE));
    }
    candidates.push(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/cedict")
            .join(CEDICT_FILE),
    );
    candidates.into_iter().find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# comment\n\
        談判 谈判 [tan2 pan4] /to negotiate/negotiation/talks/CL:次[ci4]/\n\
        王 王 [Wang2] /surname Wang/\n\
        王 王 [wang2] /king or monarch/\n\
        3C 3C [san1 C] /computers, communications/\n\
        的 的 [de5] /of; ~'s (possessive particle)/\n";

    #[test]
    fn parses_entries_both_scripts_and_merges_readings() {
        let lex = Lexicon::parse(SAMPLE).unwrap();
        assert_eq!(
            lex.translations("谈判"),
            ["negotiat", "negotiation", "talk"]
        );
        assert_eq!(lex.translations("談判"), lex.translations("谈判"));
        assert_eq!(
            lex.translations("王"),
            ["king", "monarch", "surnam", "wang"]
        );
        assert!(
            lex.entry("3C").is_none(),
            "Latin headwords are left to other rules"
        );
        assert!(
            lex.entry("的").is_none(),
            "only function words: no evidence"
        );
        assert_eq!(lex.max_chars(), 2);
    }

    #[test]
    fn bad_line_is_reported_with_its_number() {
        let err = Lexicon::parse("# x\n谈判 谈判 tan2 pan4 /talks/\n").unwrap_err();
        assert_eq!(err.0, 2);
        assert!(Lexicon::parse("# only comments\n").is_err());
    }

    /// Everything a caller can see of a lexicon: its sizes, then every headword's entry and keys and every
    /// stem's key, in both lexicons' orders, then words neither has.
    fn assert_same(a: &Lexicon, b: &Lexicon, missing: &[&str]) {
        assert_eq!(
            (a.len(), a.vocab_len(), a.max_chars(), a.keys.len()),
            (b.len(), b.vocab_len(), b.max_chars(), b.keys.len())
        );
        for (x, y) in [(a, b), (b, a)] {
            for e in 0..x.len() as u32 {
                let head = x.heads.str(e);
                assert_eq!(y.entry(head), Some(e), "{head}");
                assert_eq!(y.keys(e), x.keys(e), "{head}");
                assert_eq!(y.translations(head), x.translations(head), "{head}");
            }
            for k in 0..x.vocab_len() as u32 {
                let stem = x.vocab.str(k);
                assert_eq!(y.key(stem), Some(k), "{stem}");
            }
        }
        for w in missing {
            assert_eq!((a.entry(w), a.key(w)), (None, None), "{w}");
            assert_eq!((b.entry(w), b.key(w)), (None, None), "{w}");
        }
    }

    /// The built-in form read back, as `Lexicon::builtin` reads the embedded bytes.
    fn through_bytes(text: &str) -> Lexicon {
        let bytes = cedict::parse(text).unwrap().to_bytes();
        Lexicon::from_bytes(Box::leak(bytes.into_boxed_slice())).unwrap()
    }

    #[test]
    fn binary_form_gives_the_same_lookups_as_parse() {
        let text = format!(
            "{SAMPLE}\
            貿易 贸易 [mao4 yi4] /(commercial) trade/CL:個|个[ge4]/\n\
            投資 投资 [tou2 zi1] /investment/to invest/\n\
            中國 中国 [Zhong1 guo2] /China/\n\
            國 国 [guo2] /country; nation; state/\n\
            一帶一路 一带一路 [Yi1 dai4 Yi1 lu4] /Belt and Road Initiative/\n\
            一二三四五六七八九 一二三四五六七八九 [yi1] /too long to be tried/\n"
        );
        let parsed = Lexicon::parse(&text).unwrap();
        let fast = through_bytes(&text);
        assert_same(
            &parsed,
            &fast,
            &[
                "谈",
                "贸易额",
                "3C",
                "的",
                "一二三四五六七八九",
                "trade",
                "x",
            ],
        );
        for (word, stems) in [
            // "(commercial)" is an aside, dropped.
            ("貿易", &["trad"][..]),
            ("国", &["country", "nation", "stat"]),
            ("國", &["country", "nation", "stat"]),
            ("王", &["king", "monarch", "surnam", "wang"]),
            ("的", &[]),
        ] {
            assert_eq!(fast.translations(word), stems, "{word}");
        }
        assert_eq!(fast.max_chars(), 4);
        assert_same(&Lexicon::empty(), &Lexicon::empty(), &["王"]);
    }

    #[test]
    fn damaged_binary_form_is_an_error() {
        let bytes = cedict::parse(SAMPLE).unwrap().to_bytes();
        for cut in [0, 4, 12, bytes.len() / 2, bytes.len() - 1] {
            assert!(Parts::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Parts::from_bytes(&longer).is_err());
        let mut wrong = bytes.clone();
        wrong[0] = b'x';
        assert!(Parts::from_bytes(&wrong).is_err());
        // The last key (just before the vocabulary: count, ends, pool length, pool) made out of range.
        let at = {
            let p = Parts::from_bytes(&bytes).unwrap();
            bytes.len() - (8 + 4 * p.vocab.len() + p.vocab.pool.len()) - 4
        };
        let mut bad_key = bytes;
        bad_key[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(Parts::from_bytes(&bad_key).is_err());
    }

    #[test]
    fn builtin_is_the_shipped_dictionary() {
        // The file itself, not `default_path`: `DUIZHAO_CEDICT` may name another dictionary.
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/cedict")
            .join(CEDICT_FILE);
        let lex = Lexicon::load(&path).unwrap();
        assert_same(&lex, &Lexicon::builtin().unwrap(), &["贸易贸易", "xyzzy"]);
        assert!(lex.len() > 150_000, "{} headwords", lex.len());
        assert!(
            lex.translations("投资").contains(&"invest"),
            "{:?}",
            lex.translations("投资")
        );
        assert!(
            lex.translations("贸易").contains(&"trad"),
            "{:?}",
            lex.translations("贸易")
        );
    }
}
