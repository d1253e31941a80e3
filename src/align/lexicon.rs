//! The bilingual lexicon: CC-CEDICT read at run time into Chinese headwords → stemmed English words.
//!
//! [`Lexicon`] maps every Simplified and Traditional headword to the stems of the content words in its
//! definitions ("to negotiate; negotiation" → `negotiat`). English stems are interned as `u32` keys, so
//! matching a Chinese word against an English sentence is a few integer comparisons. Loading the gzip
//! file takes about a tenth of a second; the app loads it once ([`Lexicon::shared`]) and shares it.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashMap;

use super::english;
use crate::{Error, Result};

/// File name of the CC-CEDICT release shipped in `assets/cedict/`.
pub const CEDICT_FILE: &str = "cedict_1_0_ts_utf-8_mdbg.txt.gz";

/// Longest headword (in characters) tried by longest match; longer CC-CEDICT entries are idioms and phrases
/// that would rarely match a sentence anyway.
pub const MAX_WORD_CHARS: usize = 8;

/// Chinese headwords and the English stems their definitions contain.
#[derive(Debug, Default)]
pub struct Lexicon {
    heads: FxHashMap<Box<str>, u32>,
    // Entry e's English keys are keys[offsets[e]..offsets[e + 1]].
    offsets: Vec<u32>,
    keys: Vec<u32>,
    vocab: FxHashMap<Box<str>, u32>,
    max_chars: usize,
}

impl Lexicon {
    /// An empty lexicon (alignment then rests on length, punctuation, numbers and names).
    pub fn empty() -> Self {
        Self {
            offsets: vec![0],
            ..Self::default()
        }
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
        let mut builder = Builder::default();
        // CC-CEDICT has ~120k entries (~190k distinct headwords in both scripts) and ~30k distinct
        // definition words: sizing the tables up front saves rehashing.
        let lines = text.len() / 80;
        builder.heads.reserve(lines * 3 / 2);
        builder.entries.reserve(lines * 3 / 2);
        builder.memo.reserve(lines / 3);
        builder.vocab.reserve(lines / 4);
        let mut seen = 0usize;
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let entry = parse_line(line).ok_or_else(|| {
                (
                    n + 1,
                    "not a CC-CEDICT entry (TRAD SIMP [pin1 yin1] /definition/)".to_string(),
                )
            })?;
            seen += 1;
            builder.add(entry);
        }
        if seen == 0 {
            return Err((1, "no dictionary entries".into()));
        }
        Ok(builder.finish())
    }

    /// The CC-CEDICT shipped with Duizhao, loaded once per process and shared (it is immutable).
    pub fn shared() -> Result<Arc<Lexicon>> {
        static SHARED: OnceLock<Arc<Lexicon>> = OnceLock::new();
        if let Some(lex) = SHARED.get() {
            return Ok(lex.clone());
        }
        let path = default_path().ok_or_else(|| {
            Error::Invalid(format!(
                "the CC-CEDICT dictionary ({CEDICT_FILE}) was not found; set DUIZHAO_CEDICT to its path"
            ))
        })?;
        let lex = Arc::new(Self::load(&path)?);
        Ok(SHARED.get_or_init(|| lex).clone())
    }

    /// Number of distinct headwords.
    pub fn len(&self) -> usize {
        self.heads.len()
    }

    /// Whether the lexicon has no entries.
    pub fn is_empty(&self) -> bool {
        self.heads.is_empty()
    }

    /// Longest headword length in characters (at most [`MAX_WORD_CHARS`]).
    pub fn max_chars(&self) -> usize {
        self.max_chars
    }

    /// The entry of a headword, if it is one.
    pub fn entry(&self, word: &str) -> Option<u32> {
        self.heads.get(word).copied()
    }

    /// The English keys of an entry.
    pub fn keys(&self, entry: u32) -> &[u32] {
        let e = entry as usize;
        &self.keys[self.offsets[e] as usize..self.offsets[e + 1] as usize]
    }

    /// The key of an English stem, if any definition contains it.
    pub fn key(&self, stem: &str) -> Option<u32> {
        self.vocab.get(stem).copied()
    }

    /// Number of distinct English stems (keys are `0..vocab_len()`).
    pub fn vocab_len(&self) -> usize {
        self.vocab.len()
    }

    /// English stems of a headword, for display and tests.
    pub fn translations(&self, word: &str) -> Vec<&str> {
        let Some(e) = self.entry(word) else {
            return Vec::new();
        };
        let mut names: Vec<&str> = Vec::new();
        for (stem, id) in &self.vocab {
            if self.keys(e).contains(id) {
                names.push(stem);
            }
        }
        names.sort_unstable();
        names
    }
}

/// Where the shipped CC-CEDICT is: `DUIZHAO_CEDICT`, beside the executable, or in the source tree.
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

struct Entry<'a> {
    trad: &'a str,
    simp: &'a str,
    defs: &'a str,
}

fn parse_line(line: &str) -> Option<Entry<'_>> {
    let (trad, rest) = line.split_once(' ')?;
    let (simp, rest) = rest.split_once(' ')?;
    let rest = rest.strip_prefix('[')?;
    let (_pinyin, rest) = rest.split_once(']')?;
    let defs = rest.trim_start().strip_prefix('/')?;
    Some(Entry { trad, simp, defs })
}

#[derive(Default)]
struct Builder {
    heads: FxHashMap<Box<str>, u32>,
    entries: Vec<Vec<u32>>,
    vocab: FxHashMap<Box<str>, u32>,
    max_chars: usize,
    lower: String,
    // Raw lower-case word → its key (stemming runs once per distinct word, not once per occurrence).
    memo: FxHashMap<Box<str>, Option<u32>>,
}

impl Builder {
    fn add(&mut self, e: Entry<'_>) {
        // Headwords with Latin letters or digits ("3C", "88") are left to the number and Latin-token rules.
        if e.simp.bytes().any(|b| b.is_ascii_alphanumeric()) {
            return;
        }
        let mut keys = Vec::new();
        for def in e.defs.split('/') {
            self.def_keys(def, &mut keys);
        }
        if keys.is_empty() {
            return;
        }
        let heads = if e.trad == e.simp {
            &[e.simp][..]
        } else {
            &[e.simp, e.trad][..]
        };
        for &head in heads {
            let chars = head.chars().count();
            if chars > MAX_WORD_CHARS {
                continue;
            }
            self.max_chars = self.max_chars.max(chars);
            let id = match self.heads.get(head) {
                Some(&id) => id,
                None => {
                    let id = self.entries.len() as u32;
                    self.entries.push(Vec::new());
                    self.heads.insert(head.into(), id);
                    id
                }
            };
            let list = &mut self.entries[id as usize];
            for &k in &keys {
                if !list.contains(&k) {
                    list.push(k);
                }
            }
        }
    }

    fn def_keys(&mut self, def: &str, keys: &mut Vec<u32>) {
        let def = def.trim();
        // Cross-references and measure words say nothing about the meaning in English.
        if def.is_empty()
            || def.starts_with("CL:")
            || def.starts_with("variant of")
            || def.starts_with("old variant")
            || def.starts_with("see ")
            || def.starts_with("also pr.")
            || def.starts_with("abbr. for")
            || def.starts_with("used in")
        {
            return;
        }
        // Drop "(...)" and "[...]" asides (usage notes, pinyin of cross-references): scan the text
        // between them, without copying.
        let bytes = def.as_bytes();
        let (mut depth, mut seg) = (0i32, 0usize);
        for k in 0..=bytes.len() {
            let c = bytes.get(k).copied().unwrap_or(b'(');
            if matches!(c, b'(' | b'[' | b')' | b']') {
                if depth == 0 && k > seg {
                    self.segment_keys(&def[seg..k], keys);
                }
                depth = if matches!(c, b'(' | b'[') {
                    depth + 1
                } else {
                    (depth - 1).max(0)
                };
                seg = k + 1;
            }
        }
    }

    fn segment_keys(&mut self, text: &str, keys: &mut Vec<u32>) {
        for w in english::raw_words(text) {
            let lower = if w.bytes().any(|b| b.is_ascii_uppercase()) {
                self.lower.clear();
                self.lower.push_str(w);
                self.lower.make_ascii_lowercase();
                self.lower.as_str()
            } else {
                w
            };
            let key = match self.memo.get(lower) {
                Some(&k) => k,
                None => {
                    let k = Self::word_key(&mut self.vocab, lower);
                    self.memo.insert(lower.into(), k);
                    k
                }
            };
            if let Some(id) = key
                && !keys.contains(&id)
            {
                keys.push(id);
            }
        }
    }

    fn word_key(vocab: &mut FxHashMap<Box<str>, u32>, lower: &str) -> Option<u32> {
        let base = lower.split(['\'', '’']).next().unwrap_or("");
        // Single letters are leftovers ("~'s" → "s"), not words.
        if base.len() < 2 || english::is_stop(base) {
            return None;
        }
        let stem = english::stem(base);
        if let Some(&id) = vocab.get(stem.as_str()) {
            return Some(id);
        }
        let id = vocab.len() as u32;
        vocab.insert(stem.into_boxed_str(), id);
        Some(id)
    }

    fn finish(self) -> Lexicon {
        let mut offsets = Vec::with_capacity(self.entries.len() + 1);
        let mut keys = Vec::new();
        offsets.push(0);
        for list in &self.entries {
            keys.extend_from_slice(list);
            offsets.push(keys.len() as u32);
        }
        Lexicon {
            heads: self.heads,
            offsets,
            keys,
            vocab: self.vocab,
            max_chars: self.max_chars,
        }
    }
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

    #[test]
    fn shipped_dictionary_loads() {
        let Some(path) = default_path() else {
            panic!("assets/cedict/{CEDICT_FILE} is part of the repository");
        };
        let lex = Lexicon::load(&path).unwrap();
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
