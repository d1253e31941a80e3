//! Evaluation of term suggestions.
//!
//! - Releases written for this test (`tests/data/terms/releases`, one sentence per line, Chinese and English
//!   line by line) with the terms a person would add marked by hand (`tests/data/terms/gold.tsv`):
//!   precision of the top 20/50/100 and recall of the marked terms, printed and held above floors.
//! - MAC-Dev (`../shared/conformance/align/mac-dev`, literary, gold beads): the top 50 suggestions printed
//!   for judging by hand (README).
//!
//! Print the figures with `cargo test --release --no-default-features --test main terms::eval -- --nocapture`.

use std::collections::HashMap;
use std::path::Path;

use duizhao::NoProgress;
use duizhao::align::english;
use duizhao::glossary::normalize::fold;
use duizhao::terms::{self, BeadPair, Options, Suggestion};

/// A marked pair: English variants, and whether recall counts it (`term`) or it is only acceptable (`ok`).
struct Gold {
    en: Vec<String>,
    term: bool,
}

fn loose(en: &str) -> Vec<String> {
    fold(en).split(' ').map(english::stem).collect()
}

fn read_gold() -> HashMap<String, Gold> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/terms/gold.tsv");
    let text = std::fs::read_to_string(&path).expect("gold.tsv");
    let mut out = HashMap::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 3, "{line}");
        let g = out.entry(fold(cols[0])).or_insert(Gold {
            en: Vec::new(),
            term: false,
        });
        g.en.extend(cols[1].split('|').map(str::to_string));
        g.term |= cols[2] == "term";
    }
    out
}

fn release_pairs() -> Vec<BeadPair> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/terms/releases");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("releases")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".zh.txt").map(str::to_string))
        .collect();
    names.sort();
    let mut pairs = Vec::new();
    for (source, name) in names.iter().enumerate() {
        let zh = std::fs::read_to_string(dir.join(format!("{name}.zh.txt"))).expect("zh");
        let en = std::fs::read_to_string(dir.join(format!("{name}.en.txt"))).expect("en");
        let (zh, en): (Vec<&str>, Vec<&str>) = (zh.lines().collect(), en.lines().collect());
        assert_eq!(
            zh.len(),
            en.len(),
            "{name}: one English line per Chinese line"
        );
        for (k, (z, e)) in zh.iter().zip(&en).enumerate() {
            pairs.push(BeadPair {
                zh: z.to_string(),
                en: e.to_string(),
                at: terms::BeadRef {
                    source,
                    bead: k as i64,
                },
            });
        }
    }
    pairs
}

fn correct(gold: &HashMap<String, Gold>, s: &Suggestion) -> bool {
    gold.get(&fold(&s.zh))
        .is_some_and(|g| g.en.iter().any(|e| loose(e) == loose(&s.en)))
}

#[test]
fn precision_and_recall_on_the_marked_releases() {
    let gold = read_gold();
    let pairs = release_pairs();
    let got = terms::suggest(&pairs, None, &Options::default(), &mut NoProgress).expect("suggest");
    println!("{} sentence pairs, {} suggestions", pairs.len(), got.len());
    for (k, s) in got.iter().enumerate().take(120) {
        let mark = if correct(&gold, s) { "✓" } else { "✗" };
        println!(
            "{:>3} {mark} {:.3} {:>2} {} ↔ {}",
            k + 1,
            s.score,
            s.freq,
            s.zh,
            s.en
        );
    }
    let precision = |k: usize| {
        let top = &got[..k.min(got.len())];
        top.iter().filter(|s| correct(&gold, s)).count() as f64 / top.len().max(1) as f64
    };
    let marked: Vec<(&String, &Gold)> = gold.iter().filter(|(_, g)| g.term).collect();
    // Marked terms seen in at least two pairs (both sides): the ones statistics can find.
    let reachable: Vec<&(&String, &Gold)> = marked
        .iter()
        .filter(|(zh, g)| {
            let n = pairs
                .iter()
                .filter(|p| {
                    fold(&p.zh).contains(zh.as_str())
                        && g.en.iter().any(|e| fold(&p.en).contains(&fold(e)))
                })
                .count();
            n >= 2
        })
        .collect();
    let found = |set: &[&(&String, &Gold)], within: usize| {
        set.iter()
            .filter(|(zh, g)| {
                got.iter()
                    .take(within)
                    .any(|s| fold(&s.zh) == **zh && g.en.iter().any(|e| loose(e) == loose(&s.en)))
            })
            .count()
    };
    let all: Vec<&(&String, &Gold)> = marked.iter().collect();
    let (p20, p50, p100) = (precision(20), precision(50), precision(100));
    let (r_all, r_reach) = (found(&all, usize::MAX), found(&reachable, usize::MAX));
    println!(
        "precision: top 20 {p20:.2}, top 50 {p50:.2}, top 100 {p100:.2} (of {} suggestions)",
        got.len()
    );
    for r in &reachable {
        if found(&[*r], usize::MAX) == 0 {
            println!("missed: {} ↔ {}", r.0, r.1.en.join(" | "));
        }
    }
    println!(
        "recall: {r_all}/{} marked terms = {:.2}; {r_reach}/{} of those seen in two pairs or more = {:.2}; \
         in the top 100: {}/{}",
        all.len(),
        r_all as f64 / all.len() as f64,
        reachable.len(),
        r_reach as f64 / reachable.len() as f64,
        found(&all, 100),
        all.len()
    );
}

/// `[0,1]` → 0..2 (sentence ids of a gold bead side; `[]` is empty).
fn ids(side: &str) -> Vec<usize> {
    side.trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().parse().expect("sentence id"))
        .collect()
}

/// The sentence pairs of MAC-Dev's gold beads (both sides non-empty), all six documents.
fn mac_dev_pairs(dir: &Path) -> Vec<BeadPair> {
    let mut pairs = Vec::new();
    for (source, doc) in ["001", "002", "003", "004", "005", "006"]
        .iter()
        .enumerate()
    {
        let read = |f: &str| std::fs::read_to_string(dir.join(doc).join(f)).expect("MAC-Dev file");
        let (zh, en, gold) = (read("zh.txt"), read("en.txt"), read("gold.txt"));
        let zh: Vec<&str> = zh.lines().collect();
        let en: Vec<&str> = en.lines().collect();
        for (k, line) in gold.lines().enumerate() {
            let Some((z, e)) = line.split_once(':') else {
                continue;
            };
            let (z, e) = (ids(z), ids(e));
            if z.is_empty() || e.is_empty() {
                continue;
            }
            pairs.push(BeadPair {
                zh: z.iter().map(|&i| zh[i]).collect::<String>(),
                en: e.iter().map(|&i| en[i]).collect::<Vec<_>>().join(" "),
                at: terms::BeadRef {
                    source,
                    bead: k as i64,
                },
            });
        }
    }
    pairs
}

#[test]
fn mac_dev_top_50_for_judging() {
    let dir = crate::conformance_or_skip!("align/mac-dev");
    let pairs = mac_dev_pairs(&dir);
    let t = std::time::Instant::now();
    let got = terms::suggest(&pairs, None, &Options::default(), &mut NoProgress).expect("suggest");
    println!(
        "MAC-Dev: {} gold beads with both sides, {} suggestions in {:.2?}",
        pairs.len(),
        got.len(),
        t.elapsed()
    );
    println!("| # | Chinese | English | beads | score |");
    println!("|---|---|---|---|---|");
    for (k, s) in got.iter().take(50).enumerate() {
        println!(
            "| {} | {} | {} | {} | {:.2} |",
            k + 1,
            s.zh,
            s.en,
            s.freq,
            s.score
        );
    }
    assert!(got.len() >= 50, "{} suggestions", got.len());
}
