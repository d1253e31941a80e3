//! CC-CEDICT text → [`Parts`]: which headwords there are and the stemmed English words of their
//! definitions.
//!
//! The program runs this on a dictionary the user names (`DUIZHAO_CEDICT`), and the build script runs
//! the very same code (this file is compiled into `build.rs` by `#[path]`) on the shipped CC-CEDICT, so
//! that the embedded lexicon is the one this parser makes, id for id. It depends only on `std`,
//! `rustc_hash` and the English stemmer (`super::english`).

use rustc_hash::FxHashMap;

use super::english;
use super::form::{Parts, Strings};

/// Longest headword (in characters) tried by longest match; longer CC-CEDICT entries are idioms and phrases
/// that would rarely match a sentence anyway.
pub const MAX_WORD_CHARS: usize = 8;

/// Parses CC-CEDICT text (`傳統 传统 [chuan2 tong3] /tradition/traditional/`). Comment lines start
/// with `#`. Errors carry the 1-based line number.
pub fn parse(text: &str) -> Result<Parts<'static>, (usize, String)> {
    // Every string and key the lexicon stores comes from the text, so its `u32` offsets fit if the text does.
    if u32::try_from(text.len()).is_err() {
        return Err((1, "the dictionary is larger than 4 GiB".into()));
    }
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

    fn finish(self) -> Parts<'static> {
        let mut offsets = Vec::with_capacity(self.entries.len() + 1);
        let mut keys = Vec::new();
        offsets.push(0);
        for list in &self.entries {
            keys.extend_from_slice(list);
            offsets.push(keys.len() as u32);
        }
        Parts {
            heads: in_id_order(&self.heads),
            offsets,
            keys,
            vocab: in_id_order(&self.vocab),
            max_chars: self.max_chars as u32,
        }
    }
}

/// The strings of an interning map laid end to end in id order (ids are `0..len`), so that a string's
/// position is its id.
fn in_id_order(map: &FxHashMap<Box<str>, u32>) -> Strings<'static> {
    let mut by_id = vec![""; map.len()];
    for (s, &id) in map {
        by_id[id as usize] = s;
    }
    let mut pool = String::with_capacity(by_id.iter().map(|s| s.len()).sum());
    let mut ends = Vec::with_capacity(by_id.len());
    for s in by_id {
        pool.push_str(s);
        ends.push(pool.len() as u32);
    }
    Strings {
        pool: pool.into_bytes().into(),
        ends,
    }
}
