//! End-to-end tests of [`super::suggest`] with the shipped CC-CEDICT: the glossary check, rejections,
//! filters, contexts, progress and cancel.

use super::*;
use crate::glossary::{EntryData, Term, lang};
use crate::{Error, NoProgress};

/// A few releases' worth of sentence pairs with terms that recur.
fn pairs() -> Vec<BeadPair> {
    BeadPair::from_texts([
        (
            "两江新区企业去年增长很快。",
            "Firms in the Liangjiang New Area grew fast last year.",
        ),
        (
            "两江新区有很多外资企业。",
            "The Liangjiang New Area has many foreign-invested enterprises.",
        ),
        (
            "外资企业看好两江新区。",
            "Foreign-invested enterprises are confident in the Liangjiang New Area.",
        ),
        (
            "渝洽会在两江新区举行。",
            "The CCISF was held in the Liangjiang New Area.",
        ),
        (
            "渝洽会吸引了外资企业。",
            "The CCISF attracted foreign-invested enterprises.",
        ),
        (
            "保税港区的企业享受免税政策。",
            "Firms in the bonded port area enjoy tax-free policies.",
        ),
        (
            "重庆有两个保税港区。",
            "Chongqing has two bonded port areas.",
        ),
        ("今天天气很好。", "The weather is fine today."),
    ])
}

fn find<'a>(got: &'a [Suggestion], zh: &str) -> Option<&'a Suggestion> {
    got.iter().find(|s| s.zh == zh)
}

#[test]
fn suggestions_are_ranked_and_placed() {
    let pairs = pairs();
    let got = suggest(&pairs, None, &Options::default(), &mut NoProgress).unwrap();
    let lna = find(&got, "两江新区").expect("两江新区 is suggested");
    assert_eq!(lna.en, "Liangjiang New Area");
    assert_eq!(lna.freq, 4);
    assert_eq!(lna.in_glossary, InGlossary::Unchecked);
    assert!(lna.evidence.pinyin >= 1, "{:?}", lna.evidence);
    let beads: Vec<i64> = lna.beads.iter().map(|b| b.bead).collect();
    assert_eq!(beads, [0, 1, 2, 3]);
    let first = &lna.contexts[0];
    assert_eq!(
        (first.zh.before.as_str(), first.zh.term.as_str()),
        ("", "两江新区")
    );
    assert_eq!(first.en.before, "Firms in the ");
    assert_eq!(first.en.term, "Liangjiang New Area");
    assert_eq!(first.en.after, " grew fast last year.");
    let bpa = find(&got, "保税港区").expect("保税港区 is suggested");
    assert_eq!(bpa.en.to_lowercase(), "bonded port area");
    assert!(got.windows(2).all(|w| w[0].score >= w[1].score), "ranked");
    assert!(find(&got, "渝洽会").is_some_and(|s| s.en == "CCISF"));

    let few = Options {
        top: Some(1),
        contexts: 1,
        ..Options::default()
    };
    let top = suggest(&pairs, None, &few, &mut NoProgress).unwrap();
    assert_eq!(top.len(), 1);
    assert_eq!(top[0].zh, got[0].zh);
    assert!(top[0].contexts.len() <= 1 && top[0].beads.len() == got[0].beads.len());
}

#[test]
fn glossary_standing_rejections_and_new_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut g = Glossary::open(dir.path().join("g.sqlite")).unwrap();
    let known = g
        .add(EntryData {
            terms: vec![
                Term::main(lang::EN, "Liangjiang New Area"),
                Term::main(lang::ZH_HANT, "兩江新區"),
            ],
            ..EntryData::default()
        })
        .unwrap();
    let other = g
        .add(EntryData {
            terms: vec![
                Term::main(lang::EN, "BPA"),
                Term::main(lang::ZH_HANS, "保税港区"),
            ],
            ..EntryData::default()
        })
        .unwrap();
    let pairs = pairs();
    let got = suggest(&pairs, Some(&mut g), &Options::default(), &mut NoProgress).unwrap();
    let status = |zh: &str| find(&got, zh).map(|s| s.in_glossary.clone());
    assert_eq!(
        status("两江新区"),
        Some(InGlossary::Known { entry: known.id })
    );
    assert_eq!(
        status("保税港区"),
        Some(InGlossary::OtherTranslation {
            entry: other.id,
            english: vec!["BPA".into()],
        })
    );
    assert_eq!(status("渝洽会"), Some(InGlossary::New));

    // Rejected: the pair, then (through its Chinese) with any English.
    let ccisf = find(&got, "渝洽会").unwrap().clone();
    reject(&mut g, &ccisf, false).unwrap();
    let again = suggest(&pairs, Some(&mut g), &Options::default(), &mut NoProgress).unwrap();
    assert!(find(&again, "渝洽会").is_none());
    let keep = Options {
        include_rejected: true,
        ..Options::default()
    };
    let all = suggest(&pairs, Some(&mut g), &keep, &mut NoProgress).unwrap();
    assert!(find(&all, "渝洽会").is_some());

    let new_only = Options {
        new_only: true,
        ..Options::default()
    };
    let fresh = suggest(&pairs, Some(&mut g), &new_only, &mut NoProgress).unwrap();
    assert!(
        fresh.iter().all(|s| s.in_glossary == InGlossary::New),
        "{fresh:?}"
    );
    assert!(find(&fresh, "两江新区").is_none() && find(&fresh, "保税港区").is_none());

    // Added from a suggestion, it is known the next time; `check` refreshes a list in place.
    let mut list = fresh.clone();
    let first = list[0].clone();
    let entry = g.add(first.to_entry("trade", "test release")).unwrap();
    check(&mut list, &mut g, false).unwrap();
    assert_eq!(list[0].in_glossary, InGlossary::Known { entry: entry.id });
}

#[test]
fn traditional_chinese_works_too() {
    let pairs = BeadPair::from_texts([
        (
            "兩江新區企業增長。",
            "Firms in the Liangjiang New Area grew.",
        ),
        ("兩江新區很大。", "The Liangjiang New Area is large."),
        ("我們去兩江新區。", "We go to the Liangjiang New Area."),
    ]);
    let got = suggest(&pairs, None, &Options::default(), &mut NoProgress).unwrap();
    let s = find(&got, "兩江新區").expect("found in Traditional");
    assert_eq!(s.en, "Liangjiang New Area");
    let entry = s.to_entry("places", "");
    assert_eq!(entry.preferred(lang::ZH_HANS), Some("两江新区"));
    assert_eq!(entry.preferred(lang::ZH_HANT), Some("兩江新區"));
}

/// Progress that counts what it is told and cancels after `stop_after` calls.
struct Counting {
    total: u64,
    done: u64,
    calls: usize,
    stop_after: usize,
}

impl Progress for Counting {
    fn start(&mut self, total: u64, _what: &str) {
        self.total = total;
    }

    fn advance(&mut self, n: u64) -> bool {
        self.done += n;
        self.calls += 1;
        self.calls < self.stop_after
    }
}

#[test]
fn progress_adds_up_and_cancel_stops() {
    let pairs = pairs();
    let mut p = Counting {
        total: 0,
        done: 0,
        calls: 0,
        stop_after: usize::MAX,
    };
    suggest(&pairs, None, &Options::default(), &mut p).unwrap();
    assert_eq!(p.total, pairs.len() as u64 * 7);
    assert!(
        p.done <= p.total && p.done + 8 >= p.total,
        "{} of {}",
        p.done,
        p.total
    );
    for stop_after in 1..p.calls {
        let mut c = Counting { stop_after, ..p };
        c.calls = 0;
        let err = suggest(&pairs, None, &Options::default(), &mut c).unwrap_err();
        assert!(matches!(err, Error::Cancelled), "{err}");
    }
}

#[test]
fn bad_input_is_refused_with_a_reason() {
    let one = BeadPair::from_texts([("两江新区。", "Liangjiang New Area.")]);
    let err = suggest(&one, None, &Options::default(), &mut NoProgress).unwrap_err();
    assert!(err.to_string().contains("only one sentence pair"), "{err}");
    let english = BeadPair::from_texts([("Hello.", "Hello."), ("Again.", "Again.")]);
    let err = suggest(&english, None, &Options::default(), &mut NoProgress).unwrap_err();
    assert!(err.to_string().contains("no Chinese"), "{err}");
    // Nothing recurs: no suggestions, no error.
    let once = BeadPair::from_texts([("甲乙。", "Alpha beta."), ("丙丁。", "Gamma delta.")]);
    assert!(
        suggest(&once, None, &Options::default(), &mut NoProgress)
            .unwrap()
            .is_empty()
    );
}
