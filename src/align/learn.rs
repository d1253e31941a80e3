//! A per-document word table learned from the first pass: Chinese strings (1–3 characters) and English
//! stems that keep turning up in the same beads. It catches what no dictionary holds — a translator's
//! rendering of a name (韦小宝 → Trinket), house terms, abbreviations — and is only used for the second
//! pass over the same document.

use std::ops::Range;

use rustc_hash::{FxHashMap, FxHashSet};

use super::chinese::is_han;
use super::english;
use super::features::{Extra, Keys};

/// A pair must co-occur in at least this many beads.
const MIN_COUNT: u32 = 3;
/// ... and its Dice coefficient 2·c(z,e) / (n(z) + n(e)) must reach this.
const MIN_DICE: f32 = 0.5;
/// Longest Chinese string learned, in characters.
const MAX_CHARS: usize = 3;
/// Learn from at most this many beads (evenly spread): enough for the table, and it keeps the cost
/// flat on very long documents.
const MAX_BEADS: usize = 6000;

/// Learns (Chinese string → English stems) from beads with both sides.
pub fn learn(
    zh: &[&str],
    en: &[&str],
    path: &[(Range<usize>, Range<usize>)],
    keys: &mut Keys<'_>,
) -> Extra {
    // Intern Chinese strings (slices of the input) and English stems (as keys) per bead.
    let mut zh_ids: FxHashMap<&str, u32> = FxHashMap::default();
    let mut beads: Vec<(Vec<u32>, Vec<u32>)> = Vec::new();
    let step = path.len().div_ceil(MAX_BEADS).max(1);
    for (z, e) in path.iter().step_by(step) {
        if z.is_empty() || e.is_empty() {
            continue;
        }
        let mut zs = FxHashSet::default();
        for s in &zh[z.clone()] {
            let idx: Vec<usize> = s.char_indices().map(|(b, _)| b).chain([s.len()]).collect();
            let chars: Vec<char> = s.chars().collect();
            for start in 0..chars.len() {
                for len in 1..=MAX_CHARS {
                    if start + len > chars.len() || !is_han(chars[start + len - 1]) {
                        break;
                    }
                    let sub = &s[idx[start]..idx[start + len]];
                    let next = zh_ids.len() as u32;
                    zs.insert(*zh_ids.entry(sub).or_insert(next));
                }
            }
        }
        let mut es = FxHashSet::default();
        for s in &en[e.clone()] {
            for w in english::words(s) {
                if !w.stop && !w.stem.as_bytes()[0].is_ascii_digit() {
                    es.insert(keys.stem(&w.stem));
                }
            }
        }
        beads.push((zs.into_iter().collect(), es.into_iter().collect()));
    }
    // Marginals first, so that only pairs of strings seen often enough are counted together.
    let mut nz: FxHashMap<u32, u32> = FxHashMap::default();
    let mut ne: FxHashMap<u32, u32> = FxHashMap::default();
    for (zs, es) in &beads {
        for &z in zs {
            *nz.entry(z).or_default() += 1;
        }
        for &e in es {
            *ne.entry(e).or_default() += 1;
        }
    }
    let mut joint: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    for (zs, es) in &beads {
        for &z in zs.iter().filter(|z| nz[z] >= MIN_COUNT) {
            for &e in es.iter().filter(|e| ne[e] >= MIN_COUNT) {
                *joint.entry((z, e)).or_default() += 1;
            }
        }
    }
    let mut best: FxHashMap<u32, (u32, f32)> = FxHashMap::default();
    for (&(z, e), &c) in &joint {
        if c < MIN_COUNT {
            continue;
        }
        let dice = 2.0 * c as f32 / (nz[&z] + ne[&e]) as f32;
        if dice >= MIN_DICE && best.get(&z).is_none_or(|b| dice > b.1) {
            best.insert(z, (e, dice));
        }
    }
    let names: FxHashMap<u32, &str> = zh_ids.iter().map(|(&s, &id)| (id, s)).collect();
    let mut extra = Extra::default();
    let mut learned: Vec<(&str, u32)> = best.iter().map(|(z, &(e, _))| (names[z], e)).collect();
    learned.sort_unstable();
    for (z, e) in learned {
        extra.add(z, &[e]);
    }
    extra
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::lexicon::Lexicon;

    #[test]
    fn learns_a_translators_name() {
        let zh = [
            "韦小宝笑了。",
            "天亮了。",
            "韦小宝走了进来。",
            "下雨了。",
            "韦小宝很高兴。",
            "他们吃饭。",
        ];
        let en = [
            "Trinket laughed.",
            "Day broke.",
            "Trinket came in.",
            "It rained.",
            "Trinket was pleased.",
            "They ate.",
        ];
        let path: Vec<_> = (0..6).map(|k| (k..k + 1, k..k + 1)).collect();
        let lex = Lexicon::empty();
        let mut keys = Keys::new(&lex);
        let extra = learn(&zh, &en, &path, &mut keys);
        let trinket = keys.stem("trinket");
        assert_eq!(extra.table.get("韦小宝"), Some(&vec![trinket]));
        assert!(
            !extra.table.contains_key("了"),
            "了 is everywhere: Dice stays low"
        );
    }
}
