//! [`Edit::SplitAt`](super::Edit::SplitAt): a bead split where the reviewer's cursor is.
//!
//! The cursor fixes the cut on its own side (splitting its sentence first when it is inside one). On the
//! other side every sentence boundary of the bead is a candidate, and the one whose two beads the aligner
//! scores best together wins — the same sum its dynamic programming maximises, so length, dictionary
//! words, numbers and names all count. A proportion of characters would be the fallback of a scorer with
//! no evidence; the length term already says as much, and ties go to the cut nearest that proportion.

use super::build::{bead, range, sentence_text, side_list, split_text};
use super::{Patch, Side, TextSplice};
use crate::align::rescore::Rescorer;
use crate::align::types::{Alignment, Bead};
use crate::{Error, Result};

/// The patch of a split at the cursor (beads not yet scored).
pub(super) fn split_at(
    a: &Alignment,
    rescorer: Option<&Rescorer>,
    k: usize,
    side: Side,
    sentence: usize,
    at_char: usize,
) -> Result<Patch> {
    let b = bead(a, k)?;
    let text = sentence_text(a, side, sentence)?;
    let r = range(b, side);
    if !r.contains(&sentence) {
        return Err(Error::Invalid(format!(
            "sentence {sentence} is not in bead {k} (it has sentences {}–{} on that side)",
            r.start,
            r.end.saturating_sub(1)
        )));
    }
    let chars = text.chars().count();
    // Where the cut falls on the cursor's side, and the sentence split first, if any. A cursor in the
    // spaces at either end of the sentence means its start or end.
    let (cut, pieces) = match split_text(text, at_char.min(chars)) {
        Ok((left, right)) => (sentence + 1, Some([left.to_string(), right.to_string()])),
        Err(_) if text[..byte_of(text, at_char)].trim().is_empty() => (sentence, None),
        Err(_) => (sentence + 1, None),
    };
    let grown = pieces.is_some() as usize;
    let this = r.start..r.end + grown;
    if cut == this.start || cut == this.end {
        return Err(Error::Invalid(
            "the cursor is at the start or the end of the bead: there is nothing to split off"
                .into(),
        ));
    }
    // The bead's sentences as they will be, for scoring the candidate cuts.
    let mut own: Vec<&str> = side_list(a, side)[r.clone()]
        .iter()
        .map(String::as_str)
        .collect();
    if let Some([left, right]) = &pieces {
        let at = sentence - r.start;
        own.splice(at..at + 1, [left.as_str(), right.as_str()]);
    }
    let o = range(b, side.other());
    let other: Vec<&str> = side_list(a, side.other())[o.clone()]
        .iter()
        .map(String::as_str)
        .collect();
    let c = o.start + best_cut(rescorer, &own, cut - this.start, &other, side);
    let (first, second) = match side {
        Side::Zh => (
            Bead::new(this.start..cut, o.start..c, 0.0),
            Bead::new(cut..this.end, c..o.end, 0.0),
        ),
        Side::En => (
            Bead::new(o.start..c, this.start..cut, 0.0),
            Bead::new(c..o.end, cut..this.end, 0.0),
        ),
    };
    let mut p = Patch::beads(k, vec![b.clone()], vec![first, second]);
    if let Some(new) = pieces {
        p.text = Some(TextSplice {
            side,
            at: sentence,
            old: vec![text.to_string()],
            new: new.to_vec(),
        });
    }
    Ok(p)
}

/// The number of `other` sentences that go with the first `cut` of `own` (the cursor's side, `side`):
/// the cut whose two beads score best, ties to the one nearest the cursor's share of characters
/// (without a scorer, that share alone decides).
fn best_cut(
    rescorer: Option<&Rescorer>,
    own: &[&str],
    cut: usize,
    other: &[&str],
    side: Side,
) -> usize {
    if other.is_empty() {
        return 0;
    }
    let (zh, en) = match side {
        Side::Zh => (own, other),
        Side::En => (other, own),
    };
    let window = rescorer.map(|r| r.window(zh, en));
    let scorer = window.as_ref().map(|w| w.scorer());
    let chars = |s: &[&str]| s.iter().map(|t| t.chars().count()).sum::<usize>() as f32;
    let share = chars(&own[..cut]) / chars(own).max(1.0);
    let mut best = (f32::NEG_INFINITY, f32::INFINITY, 0usize);
    for c in 0..=other.len() {
        let score = scorer.as_ref().map_or(0.0, |sc| {
            let (z1, e1, z2, e2) = match side {
                Side::Zh => (0..cut, 0..c, cut..own.len(), c..other.len()),
                Side::En => (0..c, 0..cut, c..other.len(), cut..own.len()),
            };
            sc.bead_any(&z1, &e1) + sc.bead_any(&z2, &e2)
        });
        let off = (chars(&other[..c]) / chars(other).max(1.0) - share).abs();
        if score > best.0 + 1e-4 || ((score - best.0).abs() <= 1e-4 && off < best.1) {
            best = (score, off, c);
        }
    }
    best.2
}

/// The byte offset of char `at_char` (the end for an offset past it).
fn byte_of(text: &str, at_char: usize) -> usize {
    text.char_indices()
        .nth(at_char)
        .map_or(text.len(), |(b, _)| b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::edit::{Edit, Editor};
    use crate::align::types::AlignOptions;
    use crate::align::{Lexicon, Rescorer};

    const ZH: [&str; 2] = [
        "双方签署了一项为期五年的投资保护协议。",
        "两国企业对新能源汽车的投资达到120亿美元，电池出口继续快速增长。",
    ];
    const EN: [&str; 3] = [
        "The two sides signed a five-year agreement on the protection of investment.",
        "Investment by companies of the two countries in new energy vehicles reached 12 billion dollars.",
        "Battery exports continued to grow rapidly.",
    ];

    fn editor() -> Editor {
        let a = Alignment {
            zh: ZH.map(String::from).to_vec(),
            en: EN.map(String::from).to_vec(),
            beads: vec![Bead::new(0..1, 0..1, 0.9), Bead::new(1..2, 1..3, 0.9)],
        };
        let lexicon = Lexicon::shared().expect("assets/cedict is part of the repository");
        let opts = AlignOptions {
            lexicon: Some(lexicon),
            ..AlignOptions::default()
        };
        let mut ed = Editor::new(a);
        let r = Rescorer::new(ed.alignment(), &opts);
        ed.set_rescorer(std::sync::Arc::new(r));
        ed
    }

    #[test]
    fn the_cursor_decides_one_side_and_the_scores_the_other() {
        let comma = ZH[1].chars().position(|c| c == '，').unwrap_or(0) + 1;
        // (edit, Chinese sentences after, beads 1 and 2 as (zh, en))
        let cases = [
            (
                Edit::SplitAt {
                    bead: 1,
                    side: Side::Zh,
                    sentence: 1,
                    at_char: comma,
                },
                3,
                [(1..2, 1..2), (2..3, 2..3)],
            ),
            (
                Edit::SplitAt {
                    bead: 1,
                    side: Side::En,
                    sentence: 2,
                    at_char: 0,
                },
                2,
                [(1..2, 1..2), (2..2, 2..3)],
            ),
            (
                // At the end of English sentence 1: the same cut.
                Edit::SplitAt {
                    bead: 1,
                    side: Side::En,
                    sentence: 1,
                    at_char: 500,
                },
                2,
                [(1..2, 1..2), (2..2, 2..3)],
            ),
        ];
        for (edit, zh_len, want) in cases {
            let mut ed = editor();
            let before = ed.alignment().clone();
            ed.apply(&edit).unwrap_or_else(|e| panic!("{edit:?}: {e}"));
            let a = ed.alignment();
            a.check().unwrap();
            assert_eq!(a.zh.len(), zh_len, "{edit:?}");
            let got = [1, 2].map(|k| (a.beads[k].zh.clone(), a.beads[k].en.clone()));
            assert_eq!(got, want, "{edit:?}");
            assert!(a.beads[1].edited && a.beads[2].edited && !a.beads[0].edited);
            assert_eq!(ed.history().0.len(), 1, "one step");
            ed.undo();
            assert_eq!(ed.alignment(), &before, "undo {edit:?}");
        }
        let mut ed = editor();
        ed.apply(&Edit::SplitAt {
            bead: 1,
            side: Side::Zh,
            sentence: 1,
            at_char: comma,
        })
        .unwrap();
        let a = ed.alignment();
        assert!(
            a.zh[1].ends_with('，') && a.zh[2].starts_with("电池"),
            "{:?}",
            a.zh
        );
        assert!(a.beads[1].confidence >= 0.5 && a.beads[2].confidence >= 0.5);
    }

    #[test]
    fn nothing_to_split_off_is_refused() {
        let ed = editor();
        let a = ed.alignment();
        let bad = [
            (1, Side::Zh, 1, 0),
            (1, Side::Zh, 1, 999),
            (1, Side::En, 1, 0),
            (1, Side::En, 0, 3),
            (7, Side::Zh, 0, 1),
        ];
        for (bead, side, sentence, at_char) in bad {
            assert!(
                split_at(a, None, bead, side, sentence, at_char).is_err(),
                "{bead} {side:?} {sentence} {at_char}"
            );
        }
    }

    #[test]
    fn without_a_scorer_the_share_of_characters_decides() {
        let cases: [(&[&str], usize, &[&str], usize); 3] = [
            (&["aaaa", "bb"], 1, &["xxx", "y", "zz"], 2),
            (&["a", "bbbbb"], 1, &["xxx", "y", "zz"], 0),
            (&["aaa", "bbb"], 1, &[], 0),
        ];
        for (own, cut, other, want) in cases {
            assert_eq!(best_cut(None, own, cut, other, Side::Zh), want, "{own:?}");
        }
    }
}
