//! Properties over generated scraped-looking text: cleaning is idempotent, reports keep their invariants,
//! rejecting everything gives the original back, and cancelling stops the work.

use duizhao::clean::{ChangeKind, CleanOptions, Rule, RuleSet, clean};
use duizhao::{CancelFlag, Error, NoProgress, Progress};
use proptest::prelude::*;

use super::{check_report, clean_with};

/// Pieces of text of the kinds the rules deal with, written for these tests.
const PIECES: &[&str] = &[
    "經(jīng)",
    "貿(mào)",
    "區(qū)",
    "我們(men)",
    "經貿合作",
    "进一步拓展合作领域",
    "重庆",
    "（",
    "）",
    "(",
    ")",
    "，",
    ",",
    "。",
    "：",
    ":",
    "？",
    "?",
    "!",
    "；",
    ";",
    "、",
    "“",
    "”",
    "加州",
    "后",
    "云",
    "基于",
    "建筑",
    "學",
    "学",
    "trade",
    "investment",
    "delegation",
    " ",
    " ",
    "  ",
    "\u{a0}",
    " \u{a0} ",
    "\n",
    "\n\n",
    "\n\n\n",
    "\t",
    "off i cials",
    "brief i ngs",
    "a f i le",
    "ﬁgures",
    "Caf\u{e9}",
    "CafÃ©",
    "â€œquotedâ€\u{9d}",
    "µ˜’˚¥Û–°",
    "talksbetween",
    "centerLatest",
    "Home>News Content\n",
    "Copyright 2020 All Rights Reserved\n",
    "Source:Office Author:Desk Add Time:2020-01-02\n",
    "Tel: +86-10-1234\n",
    "QR code\n",
    "More Information\n",
    "  • item\n",
    "1,753.18",
    "10:30",
    "http://www.example.com/a,b",
    "x@y.org",
    "e\u{301}",
    "\u{fffd}",
    "ÖÐ¹ú",
    "Hewlett-Packard（Chongqing）",
    "Chongqing，China",
    "日本語の文",
    "le gouvernement français",
];

fn text_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|v| v.concat())
}

/// Longer texts, for chunking.
fn long_text_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 100..400).prop_map(|v| v.concat())
}

/// A fixed seed: CI must give the same answer on every run. The seed was changed by hand to explore new
/// inputs while developing; a failure found that way is kept below as a plain regression test or noted as a
/// known limitation in the cleaning issue. Nothing is persisted into the source tree.
fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 300,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x5eed_2026_1122),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn cleaning_is_idempotent(text in text_strategy()) {
        let first = clean_with(&text, "all");
        check_report(&first);
        let cleaned = first.cleaned();
        let second = clean_with(&cleaned, "all");
        check_report(&second);
        let fixes: Vec<_> = second.changes.iter().filter(|c| c.kind == ChangeKind::Fix).collect();
        prop_assert!(fixes.is_empty(), "cleaning {:?} gave {:?}, which still changes: {:?}", text, cleaned, fixes);
        prop_assert_eq!(second.cleaned(), cleaned);
    }

    #[test]
    fn each_rule_alone_is_idempotent_and_reversible(text in text_strategy(), pick in 0usize..8) {
        let rule = Rule::ALL[pick];
        let report = clean(&text, &CleanOptions::only(RuleSet::none().with(rule)), &mut NoProgress).unwrap();
        check_report(&report);
        prop_assert!(report.changes.iter().all(|c| c.rule == rule));
        prop_assert_eq!(report.apply(&vec![false; report.changes.len()]), text.clone());
        let cleaned = report.cleaned();
        let again = clean(&cleaned, &CleanOptions::only(RuleSet::none().with(rule)), &mut NoProgress).unwrap();
        prop_assert!(again.is_clean(), "{}: {:?} → {:?} still changes {:?}", rule, text, cleaned, again.changes);
    }

    #[test]
    fn small_chunks_change_nothing_essential(text in long_text_strategy()) {
        // Cleaning in many small chunks gives a text the whole-text cleaning leaves alone, except where a
        // decision needs to see past the chunk: a blank line before boilerplate removed at the very end, and
        // an orphan heading that is only orphaned by the boilerplate after it.
        // Lines up to four times the chunk size are never split; longer ones may be, at a space.
        let options = CleanOptions { chunk_bytes: 1024, ..CleanOptions::default() };
        let chunked = clean(&text, &options, &mut NoProgress).unwrap();
        check_report(&chunked);
        let again = clean_with(&chunked.cleaned(), "all");
        let essential: Vec<_> = again
            .changes
            .iter()
            .filter(|c| c.kind == ChangeKind::Fix)
            .filter(|c| !(c.rule == Rule::Whitespace && c.before.trim().is_empty()))
            .filter(|c| !(c.rule == Rule::Boilerplate && c.reason.starts_with("orphan heading")))
            .collect();
        prop_assert!(essential.is_empty(), "{:?}: {:?}", text, essential);
    }
}

/// Inputs the property tests found (with other seeds) that once changed on a second cleaning, with the
/// rules they were cleaned with.
#[test]
fn found_inputs_clean_to_a_fixed_point() {
    for (text, rules) in [
        // U+FFFD after an accented letter reads as UTF-8 only once the trailing no-break space is gone.
        ("Caf\u{e9}\u{fffd}\u{a0}x\u{a0}", "all"),
        // ... only once the full-width colon is half-width.
        ("Caf\u{e9}\u{fffd}?trade\u{ff1a}trade", "all"),
        (
            "Hewlett-Packard\u{ff08}Chongqing\u{ff09}Caf\u{e9}\u{fffd}?tradetrade\n",
            "all",
        ),
        // ... only once the ligature is two letters.
        (
            "\u{fb01}guresCaf\u{e9}\u{fffd}\u{fffd}Tel: +86-10-1234\n",
            "all",
        ),
        // The first heading is orphaned only once the second, orphaned at the end, is gone.
        ("More Information\nMore Information\n", "all"),
        // The NFC of a repair joins the accent to garble that then reads as UTF-8.
        (
            "e\u{301}\u{b5}\u{2dc}\u{2019}\u{2da}\u{a5}\u{db}\u{2013}\u{b0}Caf\u{c3}\u{a9}",
            "mojibake",
        ),
    ] {
        let first = clean_with(text, rules);
        check_report(&first);
        let cleaned = first.cleaned();
        let second = clean_with(&cleaned, rules);
        assert!(
            second.is_clean(),
            "{text:?} → {cleaned:?} still changes: {:?}",
            second.changes
        );
    }
}

#[test]
fn empty_and_clean_text_have_no_changes() {
    for text in [
        "",
        "Trade between the two cities grew.\n",
        "重慶與加州的經貿合作進一步拓展。\n",
    ] {
        let report = clean_with(text, "all");
        assert!(report.changes.is_empty(), "{text:?}: {:?}", report.changes);
        assert!(report.is_clean());
        assert_eq!(report.cleaned(), text);
    }
}

#[test]
fn third_languages_are_left_alone() {
    for text in [
        "Le gouvernement a annoncé une nouvelle politique commerciale, dit-il : « nous verrons ».\n",
        "日本語の文章です。東京（とうきょう）で会議が開かれました、ありがとう。\n",
        "Правительство объявило о новой торговой политике.\n",
        "Die Regierung kündigte eine neue Handelspolitik an (siehe Anhang).\n",
    ] {
        let report = clean_with(text, "all");
        assert!(report.changes.is_empty(), "{text:?}: {:?}", report.changes);
    }
}

#[test]
fn cancel_stops_with_cancelled() {
    let text = "經(jīng)貿(mào)合作，trade and investment.\n".repeat(20_000);
    let options = CleanOptions {
        chunk_bytes: 64 * 1024,
        ..CleanOptions::default()
    };
    let flag = CancelFlag::new();
    flag.cancel();
    let mut progress = flag.clone();
    assert!(matches!(
        clean(&text, &options, &mut progress),
        Err(Error::Cancelled)
    ));

    struct Counting(u64, u64);
    impl Progress for Counting {
        fn start(&mut self, total: u64, _what: &str) {
            self.0 = total;
        }
        fn advance(&mut self, n: u64) -> bool {
            self.1 += n;
            true
        }
    }
    let mut counting = Counting(0, 0);
    let report = clean(&text, &options, &mut counting).unwrap();
    assert_eq!(
        (counting.0, counting.1),
        (text.len() as u64, text.len() as u64)
    );
    assert_eq!(
        report
            .changes
            .iter()
            .filter(|c| c.rule == Rule::Pinyin)
            .count(),
        40_000
    );
}
