//! Build script: compiles OpenCC's dictionaries (`assets/opencc/dict/*.txt`, plain text dumped from the
//! OpenCC 1.4.2 `.ocd2` files) into one compact binary table that `src/convert/dict.rs` embeds with
//! `include_bytes!`. Loading that table at run time is a few copies of `u32` arrays, so the converter
//! needs no parsing, no sorting and no system library.
//!
//! Format, written by [`write_dict`] (`u32` little-endian, `var` LEB128):
//!
//! ```text
//! "OCCD" version:u32=2 count:u32 offset:[u32; count]  (where each dictionary starts)
//! per dictionary, a trie over chars numbered breadth-first (node 0 is the root; the children of a
//! node are contiguous and sorted by char, so child counts rebuild the whole layout):
//!   name_len:u8 name nodes:u32 values:u32
//!   label:[u24; nodes]          the char leading to each node (0 for the root)
//!   children:[var; nodes]       how many children each node has
//!   has_value:[bit; nodes]      the i-th node with a value owns value i
//!   value_len:[var; values]     byte length of each value in the pool
//!   pool_len:u32 pool           UTF-8 values as OpenCC writes them: "candidate1 candidate2 ..."
//! ```
//!
//! About 1.1 MB for the 22 dictionaries (the text dump is 1.2 MB); `dict.rs` expands each dictionary
//! when first needed, in about a millisecond for the largest.
//!
//! It also parses the shipped CC-CEDICT (`assets/cedict/`) into the aligner's lexicon, with the parser
//! the program itself uses for a user's dictionary (`src/align/lexicon/cedict.rs`, compiled in here
//! by `#[path]`), and writes it in the binary form of `src/align/lexicon/form.rs` for
//! `src/align/lexicon/mod.rs` to embed: the aligner then starts in milliseconds instead of spending
//! 0.2 s of every process inflating and parsing 120,000 entries.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Read as _;
use std::path::Path;

// The lexicon's parser and binary form, shared with the program so that both build the same lexicon.
// The program uses more of the stemmer and of the form than the build does.
#[allow(dead_code)]
#[path = "src/align/lexicon/cedict.rs"]
mod cedict;
#[allow(dead_code)]
#[path = "src/align/english.rs"]
mod english;
#[allow(dead_code)]
#[path = "src/align/lexicon/form.rs"]
mod form;
// The stemmer reads number words through `crate::number_words`.
#[allow(dead_code)]
#[path = "src/number_words.rs"]
mod number_words;

/// The dictionaries OpenCC 1.4.2's sixteen configurations use, in the order `dict.rs` expects.
const DICTS: &[&str] = &[
    "CJK_Compatibility_Ideographs",
    "STCharacters",
    "STPhrases",
    "STPhrases_GeneratedFromRegionalPhrases",
    "TSCharacters",
    "TSCharactersExt",
    "TSPhrases",
    "TWVariants",
    "TWVariantsPhrases",
    "TWVariantsRev",
    "TWVariantsRevPhrases",
    "TWPhrases",
    "TWPhrasesRev",
    "HKVariants",
    "HKVariantsPhrases",
    "HKVariantsRev",
    "HKVariantsRevPhrases",
    "HKPhrases",
    "HKPhrasesRev",
    "JPShinjitaiCharacters",
    "JPShinjitaiCharactersRev",
    "JPShinjitaiPhrases",
];

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    compile_opencc();
    compile_cedict();
}

/// Writes `$OUT_DIR/cedict_lexicon.bin`. The parse is ~2 s in the unoptimised build script; it reruns
/// only when the dictionary, the parser or the stemmer changes.
fn compile_cedict() {
    let path = Path::new("assets/cedict/cedict_1_0_ts_utf-8_mdbg.txt.gz");
    for file in [
        path,
        Path::new("src/align/lexicon/cedict.rs"),
        Path::new("src/align/lexicon/form.rs"),
        Path::new("src/align/english.rs"),
    ] {
        println!("cargo:rerun-if-changed={}", file.display());
    }
    let gz = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut text = String::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_string(&mut text)
        .unwrap_or_else(|e| panic!("cannot inflate {}: {e}", path.display()));
    let parts = cedict::parse(&text)
        .unwrap_or_else(|(line, msg)| panic!("{}:{line}: {msg}", path.display()));
    let out_dir = std::env::var_os("OUT_DIR").expect("OUT_DIR is set by cargo");
    let dest = Path::new(&out_dir).join("cedict_lexicon.bin");
    std::fs::write(&dest, parts.to_bytes())
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", dest.display()));
}

/// Writes `$OUT_DIR/opencc_dicts.bin` (see the module documentation).
fn compile_opencc() {
    let dir = Path::new("assets/opencc/dict");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut out = Vec::new();
    out.extend_from_slice(b"OCCD");
    push_u32(&mut out, 2);
    push_u32(&mut out, DICTS.len() as u32);
    // Offsets of each dictionary, filled in below, so that each can be expanded on its own.
    let index_at = out.len();
    out.resize(index_at + 4 * DICTS.len(), 0);
    for (i, name) in DICTS.iter().enumerate() {
        let offset = (out.len() as u32).to_le_bytes();
        out[index_at + 4 * i..index_at + 4 * i + 4].copy_from_slice(&offset);
        let path = dir.join(format!("{name}.txt"));
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let entries = parse(&path, &text);
        write_dict(&mut out, name, &entries);
    }
    let out_dir = std::env::var_os("OUT_DIR").expect("OUT_DIR is set by cargo");
    let dest = Path::new(&out_dir).join("opencc_dicts.bin");
    std::fs::write(&dest, &out).unwrap_or_else(|e| panic!("cannot write {}: {e}", dest.display()));
}

/// Parses OpenCC's text format: `key<TAB>candidate1 candidate2 ...` per line. Duplicate keys or
/// malformed lines stop the build: the dump must be exactly what OpenCC would load.
fn parse(path: &Path, text: &str) -> BTreeMap<Vec<char>, String> {
    let mut entries = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let at = || format!("{}:{}", path.display(), n + 1);
        let (key, values) = line
            .split_once('\t')
            .unwrap_or_else(|| panic!("{}: no tab", at()));
        assert!(!key.is_empty(), "{}: empty key", at());
        assert!(
            !values.is_empty() && values.split(' ').all(|v| !v.is_empty()),
            "{}: empty candidate",
            at()
        );
        let old = entries.insert(key.chars().collect::<Vec<_>>(), values.to_owned());
        assert!(old.is_none(), "{}: duplicate key {key}", at());
    }
    entries
}

/// A trie node while building: children by char, and the index of its value.
#[derive(Default)]
struct Node {
    children: BTreeMap<char, usize>,
    value: Option<u32>,
}

fn write_dict(out: &mut Vec<u8>, name: &str, entries: &BTreeMap<Vec<char>, String>) {
    let mut nodes = vec![Node::default()];
    let mut values = Vec::new();
    for (key, candidates) in entries {
        let mut at = 0;
        for &c in key {
            at = match nodes[at].children.get(&c) {
                Some(&child) => child,
                None => {
                    nodes.push(Node::default());
                    let child = nodes.len() - 1;
                    nodes[at].children.insert(c, child);
                    child
                }
            };
        }
        values.push(candidates.as_str());
        nodes[at].value = Some(values.len() as u32 - 1);
    }
    // Breadth-first order: each node's children are contiguous and sorted, so child counts alone
    // rebuild the layout, and values are numbered in node order, so one bit per node finds them.
    let mut order = vec![0usize];
    let mut labels = vec![0u32];
    let mut i = 0;
    while i < order.len() {
        for (&c, &child) in &nodes[order[i]].children {
            order.push(child);
            labels.push(c as u32);
        }
        i += 1;
    }
    assert_eq!(order.len(), nodes.len());

    out.push(u8::try_from(name.len()).expect("short dictionary name"));
    out.extend_from_slice(name.as_bytes());
    push_u32(out, order.len() as u32);
    push_u32(out, values.len() as u32);
    for &label in &labels {
        out.extend_from_slice(&label.to_le_bytes()[..3]);
    }
    for &old in &order {
        push_varint(out, nodes[old].children.len() as u32);
    }
    let mut bits = vec![0u8; order.len().div_ceil(8)];
    let mut pool = String::new();
    let mut lengths = Vec::new();
    for (i, &old) in order.iter().enumerate() {
        if let Some(v) = nodes[old].value {
            bits[i / 8] |= 1 << (i % 8);
            pool.write_str(values[v as usize])
                .expect("writing to a String");
            lengths.push(values[v as usize].len() as u32);
        }
    }
    out.extend_from_slice(&bits);
    lengths.iter().for_each(|&l| push_varint(out, l));
    push_u32(out, pool.len() as u32);
    out.extend_from_slice(pool.as_bytes());
}

/// LEB128: seven bits per byte, high bit set while more bytes follow.
fn push_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn push_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}
