//! The starter glossary's Traditional forms checked against our conversion engine: `s2twp` for the
//! Taiwan column (`zh-Hant`) and `s2hk` for Hong Kong (`zh-HK`, or the Taiwan form in Hong Kong glyphs,
//! `t2hk`, where the column is empty because the vocabulary is the same). Every difference is either
//! fixed in `glossary/trade.tsv` or listed, with its reason, in `glossary/script-exceptions.tsv`; an
//! exception that no longer matches a difference is reported too, so the list cannot go stale.

use std::collections::BTreeSet;

use duizhao::convert::{Config, Converter};
use duizhao::glossary::STARTER_TSV;

/// (zh-Hans, column, glossary form, engine form).
type Difference = (String, String, String, String);

fn differences() -> BTreeSet<Difference> {
    let mut lines = STARTER_TSV.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("no {name} column"))
    };
    let (hans, hant, hk) = (col("zh-Hans"), col("zh-Hant"), col("zh-HK"));
    let s2twp = Converter::new(Config::S2twp);
    let s2hk = Converter::new(Config::S2hk);
    let t2hk = Converter::new(Config::T2hk);
    let mut out = BTreeSet::new();
    for line in lines {
        let cells: Vec<&str> = line.split('\t').collect();
        let cell = |i: usize| cells.get(i).copied().unwrap_or("").trim();
        let (s, t, h) = (cell(hans), cell(hant), cell(hk));
        assert!(
            !s.is_empty() && !t.is_empty(),
            "every starter entry has Simplified and Traditional forms: {line}"
        );
        let engine = s2twp.convert(s);
        if engine != t {
            out.insert((s.into(), "zh-Hant".into(), t.into(), engine));
        }
        let ours = if h.is_empty() {
            t2hk.convert(t)
        } else {
            h.to_string()
        };
        let engine = s2hk.convert(s);
        if engine != ours {
            out.insert((s.into(), "zh-HK".into(), ours, engine));
        }
    }
    out
}

fn exceptions() -> BTreeSet<Difference> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/glossary/script-exceptions.tsv"
    );
    let text = std::fs::read_to_string(path).expect("glossary/script-exceptions.tsv");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("zh-Hans\tcolumn\tglossary\tengine\treason")
    );
    lines
        .enumerate()
        .map(|(i, line)| {
            let c: Vec<&str> = line.split('\t').collect();
            assert!(
                c.len() == 5 && c.iter().all(|x| !x.trim().is_empty()),
                "script-exceptions.tsv line {}: five filled cells needed, the reason included: {line}",
                i + 2
            );
            (c[0].into(), c[1].into(), c[2].into(), c[3].into())
        })
        .collect()
}

#[test]
fn traditional_forms_agree_with_the_engine_or_are_listed_exceptions() {
    let found = differences();
    let listed = exceptions();
    let unexplained: Vec<String> = found
        .difference(&listed)
        .map(|(s, col, ours, engine)| format!("{s}\t{col}\t{ours}\t{engine}"))
        .collect();
    let stale: Vec<String> = listed
        .difference(&found)
        .map(|(s, col, ours, engine)| format!("{s}\t{col}\t{ours}\t{engine}"))
        .collect();
    assert!(
        unexplained.is_empty(),
        "Traditional forms that differ from the engine without a listed reason (fix glossary/trade.tsv or \
         add them to glossary/script-exceptions.tsv):\n{}",
        unexplained.join("\n")
    );
    assert!(
        stale.is_empty(),
        "exceptions in glossary/script-exceptions.tsv that no longer match the glossary and the engine:\n{}",
        stale.join("\n")
    );
    // The check has teeth: the Taiwan column differs from plain s2twp for real entries.
    assert!(found.len() > 20, "{} differences", found.len());
}
