//! Scores of hand-made beads against the MAC dev gold data: true beads score high, beads shifted by one
//! sentence low (the figures `align::Rescorer`'s logistic midpoint was placed with).

use std::path::Path;

use duizhao::align::{AlignOptions, Alignment, Bead, Rescorer, export};

use super::{doc_dirs, lines};

/// The gold beads of a document as an alignment.
fn gold_alignment(dir: &Path) -> Alignment {
    let text = std::fs::read_to_string(dir.join("gold.txt")).unwrap();
    let gold = export::parse_beads(&text, "gold.txt").unwrap();
    let (mut z, mut e) = (0, 0);
    let mut beads = Vec::new();
    for (zs, es) in gold {
        beads.push(Bead::new(z..z + zs.len(), e..e + es.len(), 0.0));
        z += zs.len();
        e += es.len();
    }
    Alignment {
        zh: lines(&dir.join("zh.txt")),
        en: lines(&dir.join("en.txt")),
        beads,
    }
}

#[test]
fn hand_made_beads_score_like_the_gold_says() {
    let root = crate::conformance_or_skip!("align/mac-dev");
    let (mut right, mut right_high, mut shifted, mut shifted_low) = (0, 0, 0, 0);
    for dir in doc_dirs(&root) {
        let a = gold_alignment(&dir);
        a.check().unwrap();
        let r = Rescorer::new(&a, &AlignOptions::default());
        for (k, b) in a.beads.iter().enumerate() {
            if b.is_null() {
                continue;
            }
            right += 1;
            right_high += (r.score(&a, b) >= 0.5) as usize;
            if let Some(next) = a.beads.get(k + 1).filter(|n| !n.is_null()) {
                let wrong = Bead::new(b.zh.clone(), next.en.clone(), 0.0);
                shifted += 1;
                shifted_low += (r.score(&a, &wrong) < 0.5) as usize;
            }
        }
    }
    let high = right_high as f64 / right as f64;
    let low = shifted_low as f64 / shifted as f64;
    eprintln!(
        "rescore: {high:.3} of {right} gold beads ≥ 0.5, {low:.3} of {shifted} shifted < 0.5"
    );
    assert!(high >= 0.90, "only {high:.3} of gold beads score ≥ 0.5");
    assert!(low >= 0.85, "only {low:.3} of shifted beads score < 0.5");
}
