//! Tests of [`super::align`] on small hand-written documents.

use std::sync::Arc;

use super::*;
use crate::{CancelFlag, NoProgress};

fn small_lexicon() -> Arc<Lexicon> {
    Arc::new(
        Lexicon::parse(
            "投資 投资 [tou2 zi1] /to invest/investment/\n\
             貿易 贸易 [mao4 yi4] /trade/commerce/\n\
             協議 协议 [xie2 yi4] /agreement/\n\
             簽署 签署 [qian1 shu3] /to sign/\n\
             會議 会议 [hui4 yi4] /meeting/conference/\n\
             舉行 举行 [ju3 xing2] /to hold (a meeting)/\n\
             增長 增长 [zeng1 zhang3] /to grow/growth/increase/\n\
             部長 部长 [bu4 zhang3] /minister/\n\
             企業 企业 [qi3 ye4] /company/enterprise/\n\
             出口 出口 [chu1 kou3] /export/\n",
        )
        .expect("sample lexicon"),
    )
}

fn opts() -> AlignOptions {
    AlignOptions {
        lexicon: Some(small_lexicon()),
        ..AlignOptions::default()
    }
}

const ZH: [&str; 5] = [
    "两国部长在北京举行会议。",
    "双方签署了贸易协议。",
    "2023年双边贸易增长5.3%。",
    "企业投资达到120亿美元，出口继续增长。",
    "王明表示，合作前景广阔。",
];
const EN: [&str; 6] = [
    "The ministers of the two countries held a meeting in Beijing.",
    "The two sides signed a trade agreement.",
    "Bilateral trade grew by 5.3% in 2023.",
    "Company investment reached 12 billion dollars.",
    "Exports continued to grow.",
    "Wang Ming said the prospects for cooperation are broad.",
];

#[test]
fn aligns_a_small_release() {
    let a = align(&ZH, &EN, &opts(), &mut NoProgress).unwrap();
    a.check().unwrap();
    let got: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> = ranges(&a);
    assert_eq!(
        got,
        vec![
            (0..1, 0..1),
            (1..2, 1..2),
            (2..3, 2..3),
            (3..4, 3..5),
            (4..5, 5..6)
        ]
    );
    assert!(a.beads.iter().all(|b| (0.0..=1.0).contains(&b.confidence)));
}

#[test]
fn an_extra_sentence_does_not_shift_the_rest() {
    // An English sentence the Chinese lacks. The aligner attaches it to a neighbouring bead rather than
    // leaving it alone (a 1-0 bead costs more than a weak 1-2), but the other beads stay right.
    let mut en: Vec<&str> = EN.to_vec();
    en.insert(
        3,
        "Reporters from several newspapers attended the press conference on Tuesday afternoon.",
    );
    let a = align(&ZH, &en, &AlignOptions::default(), &mut NoProgress).unwrap();
    a.check().unwrap();
    let got = ranges(&a);
    for want in [(0..1, 0..1), (1..2, 1..2), (3..4, 4..6), (4..5, 6..7)] {
        assert!(got.contains(&want), "{want:?} missing from {got:?}");
    }
}

#[test]
fn bad_input_is_explained() {
    let cases: [(&[&str], &[&str], &str); 5] = [
        (&[], &EN, "Chinese document is empty"),
        (&ZH, &["", "  "], "English document is empty"),
        (&EN, &ZH, "swap them"),
        (&ZH, &ZH, "both documents are in Chinese"),
        (&EN, &EN, "both documents are in English"),
    ];
    for (zh, en, want) in cases {
        let err = align(zh, en, &opts(), &mut NoProgress).unwrap_err();
        assert!(err.to_string().contains(want), "{err} (wanted {want})");
    }
}

#[test]
fn cancellation_stops_with_cancelled() {
    let flag = CancelFlag::new();
    flag.cancel();
    let mut worker = flag.clone();
    let err = align(&ZH, &EN, &opts(), &mut worker).unwrap_err();
    assert!(matches!(err, Error::Cancelled));
}

#[test]
fn summary_against_long_release_warns() {
    let zh: Vec<String> = (0..40)
        .map(|k| format!("第{k}段的内容与英文摘要毫无关系，讲述了其他事情。"))
        .collect();
    let zh: Vec<&str> = zh.iter().map(String::as_str).collect();
    let en = ["A short English summary."];
    let r = align_report(&zh, &en, &opts(), &mut NoProgress).unwrap();
    r.alignment.check().unwrap();
    assert!(
        r.warnings
            .iter()
            .any(|w| matches!(w, AlignWarning::MostlyUnaligned { .. })
                || matches!(w, AlignWarning::LengthMismatch { .. })),
        "{:?}",
        r.warnings
    );
}

#[test]
fn glossary_terms_count_as_evidence() {
    let zh = ["丝路基金宣布新计划。", "天气很好。"];
    let en = [
        "Officials met on Monday.",
        "The Silk Road Fund announced a new plan.",
        "The weather was fine.",
    ];
    let mut o = opts();
    o.second_pass = false;
    o.terms = vec![TermPair {
        zh: "丝路基金".into(),
        en: "Silk Road Fund".into(),
    }];
    let with = align(&zh, &en, &o, &mut NoProgress).unwrap();
    // With the term, the Chinese sentence goes with the English one that names the fund.
    let pair_found = |a: &Alignment| a.beads.iter().any(|b| b.zh == (0..1) && b.en.contains(&1));
    assert!(pair_found(&with), "{:?}", ranges(&with));
}
