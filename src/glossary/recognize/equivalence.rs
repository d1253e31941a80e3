//! Proof that the fast term finder gives exactly what the reference finder (`reference.rs`) gives: the
//! same matches, spans, entries, languages and kinds, in the same order, on generated glossaries and texts
//! that are full of the awkward cases — case and inflection changes, words glued to terms, accents and
//! full-width letters, apostrophes and hyphens, runs of spaces and tabs, both Chinese scripts, terms
//! inside terms and terms that overlap.

use super::TermIndex;
use super::reference::ReferenceIndex;
use crate::glossary::model::{Entry, EntryData, Term, TermKind};
use crate::glossary::normalize::other_scripts;

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "port",
    "bonded",
    "area",
    "zone",
    "free",
    "trade",
    "city",
    "sister",
    "tax",
    "ship",
    "box",
    "match",
    "dish",
    "quiz",
    "store",
    "export",
    "free-trade",
    "MOU",
    "WTO",
    "5G",
    "Xi'an",
    "café",
    "Zürich",
    "naïve",
    "a",
    "I",
    "x",
    "an",
    "of",
    "the",
    "ports",
    "portal",
    "air",
    "airport",
    "data",
    "b2b",
    "ÉLAN",
    "straße",
    "ﬁle",
    "C",
    "co",
    "op",
    "co-op",
    "e-commerce",
    "1st",
    "v2",
    // Past the exact keys (eleven ASCII letters, seven bytes): hashed, so matches are confirmed.
    "warehousing",
    "transshipment",
    "international",
    "Großhandel",
    "ÉLECTRONIQUE",
    "électronique",
    "zzzzzzzzzzzz",
];

const HAN: &[&str] = &[
    "两", "兩", "江", "新", "区", "區", "保", "税", "稅", "港", "口", "会", "會", "组", "組", "织",
    "織", "软", "軟", "件", "发", "發", "展", "中", "国", "國", "重", "庆", "慶", "自", "由", "贸",
    "貿", "易",
];

const OTHER: &[&str] = &["カ", "ラ", "オ", "ケ", "한", "국", "ＭＯＵ", "Ｗ", "é"];

fn english_term(rng: &mut Rng) -> String {
    let n = 1 + rng.below(3);
    let mut t = String::new();
    for i in 0..n {
        if i > 0 {
            t.push_str(rng.pick(&[" ", " ", " ", "  ", "-", " - ", "'", "\t"]));
        }
        t.push_str(rng.pick(WORDS));
    }
    t
}

fn chinese_term(rng: &mut Rng) -> String {
    let n = 1 + rng.below(4);
    let mut t: String = (0..n).map(|_| rng.pick(HAN)).collect();
    match rng.below(10) {
        0 => t.insert_str(0, rng.pick(&["WTO", "5G", "e"])),
        1 => t.push_str(rng.pick(OTHER)),
        2 => t.push_str(rng.pick(&["（", "、", " "])),
        _ => {}
    }
    t
}

fn glossary(rng: &mut Rng, n: usize) -> Vec<Entry> {
    let kinds = [
        TermKind::Main,
        TermKind::Abbreviation,
        TermKind::Forbidden,
        TermKind::Variant,
    ];
    let mut entries: Vec<Entry> = Vec::new();
    for id in 1..=n as i64 {
        let mut terms = Vec::new();
        for _ in 0..1 + rng.below(3) {
            let kind = kinds[rng.below(kinds.len())];
            let term = match rng.below(7) {
                0..=2 => Term::new("en", &english_term(rng), kind),
                3..=4 => Term::new("zh-Hans", &chinese_term(rng), kind),
                5 => Term::new("zh-Hant", &chinese_term(rng), kind),
                _ => Term::new("fr", &english_term(rng), kind),
            };
            terms.push(term);
        }
        // Some terms shared with an earlier entry, so a pattern stands for several entries.
        if id > 1 && rng.below(5) == 0 {
            let other = &entries[rng.below(entries.len())];
            terms.push(other.data.terms[0].clone());
        }
        entries.push(Entry {
            id,
            version: 1,
            data: EntryData {
                terms,
                ..Default::default()
            },
            changed_by: String::new(),
            changed_at: String::new(),
            deleted: rng.below(15) == 0,
        });
    }
    entries
}

/// Changes the case of ASCII letters in `s`: all upper, capitalised, alternating or as it was.
fn recase(rng: &mut Rng, s: &str) -> String {
    match rng.below(5) {
        0 => s.to_uppercase(),
        1 => s
            .chars()
            .enumerate()
            .map(|(i, c)| if i == 0 { c.to_ascii_uppercase() } else { c })
            .collect(),
        2 => s
            .chars()
            .enumerate()
            .map(|(i, c)| {
                if i % 2 == 0 {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect(),
        _ => s.to_string(),
    }
}

fn text(rng: &mut Rng, entries: &[Entry], len: usize) -> String {
    let mut t = String::new();
    while t.len() < len {
        match rng.below(12) {
            0..=3 => {
                let e = &entries[rng.below(entries.len())];
                let term = &e.data.terms[rng.below(e.data.terms.len())].text;
                let mut term = recase(rng, term);
                if rng.below(3) == 0 {
                    term.push_str(rng.pick(&["s", "es", "ed", "ing", "d", "ies", "x", "港"]));
                }
                if rng.below(4) == 0 {
                    term = other_scripts(&term).pop().unwrap_or(term);
                }
                t.push_str(&term);
            }
            4..=6 => {
                let word = rng.pick(WORDS);
                t.push_str(&recase(rng, word));
            }
            7 | 8 => t.push_str(rng.pick(HAN)),
            9 => t.push_str(rng.pick(OTHER)),
            _ => t.push_str(rng.pick(&[
                ",", ".", "-", "'", "’", "（", "）", "、", "。", "\n", "e\u{301}", "0",
            ])),
        }
        t.push_str(rng.pick(&[
            " ", " ", " ", " ", "", "", "  ", "\t", "\n", "\u{3000}", " \t",
        ]));
    }
    t
}

#[test]
fn the_fast_finder_agrees_with_the_reference_on_generated_texts() {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let (mut matches, mut texts) = (0, 0);
    for size in [5, 40, 300, 1500] {
        let entries = glossary(&mut rng, size);
        let fast = TermIndex::build(&entries, other_scripts).unwrap();
        let reference = ReferenceIndex::build(&entries, other_scripts);
        for _ in 0..40 {
            let len = 50 + rng.below(3000);
            let text = text(&mut rng, &entries, len);
            let want = reference.find(&text);
            assert_eq!(fast.find(&text), want, "text: {text:?}");
            matches += want.len();
            texts += 1;
        }
    }
    // The texts must be rich in terms for the comparison to mean anything.
    assert!(matches > 20 * texts, "{matches} matches in {texts} texts");
}

#[test]
fn the_fast_finder_agrees_with_the_reference_on_edge_texts() {
    let mut rng = Rng(7);
    let entries = glossary(&mut rng, 200);
    let fast = TermIndex::build(&entries, other_scripts).unwrap();
    let reference = ReferenceIndex::build(&entries, other_scripts);
    let empty = TermIndex::build(&[], other_scripts).unwrap();
    let empty_reference = ReferenceIndex::build(&[], other_scripts);
    for text in [
        "", " ", "  ", "\t", "port", " port ", "port ", "ports", "港", "港口 ", "e\u{301}",
    ] {
        assert_eq!(fast.find(text), reference.find(text), "{text:?}");
        assert_eq!(empty.find(text), empty_reference.find(text), "{text:?}");
    }
}
