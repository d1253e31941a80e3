//! From an [`Edit`] to the [`Patch`] that makes it: checks that the edit applies, builds the bead and
//! text splices, and scores the beads it makes with the document's [`Rescorer`].

use std::ops::Range;

use super::split::split_at;
use super::{Edit, Patch, Side, TextSplice};
use crate::align::rescore::Rescorer;
use crate::align::types::{AlignOptions, Alignment, Bead};
use crate::{Error, Result};

/// Builds the patch for an edit, or says why the edit does not apply.
///
/// Builds a [`Rescorer`] for the alignment first (with the shared CC-CEDICT) to score the beads the edit
/// makes: fine for one edit, costly for many on a long document; [`super::Editor`] keeps one, and
/// [`patch_with`] takes one. [`Edit::Accept`] needs none.
pub fn patch_for(a: &Alignment, edit: &Edit) -> Result<Patch> {
    if !makes_beads(edit) {
        return unscored(a, edit, None);
    }
    patch_with(a, edit, &Rescorer::new(a, &AlignOptions::default()))
}

/// [`patch_for`] with the document statistics already built. Every bead the patch puts in place is
/// marked [`Bead::edited`] and gets its score from `rescorer`, except with [`Edit::Accept`], which only
/// changes [`Bead::accepted`].
pub fn patch_with(a: &Alignment, edit: &Edit, rescorer: &Rescorer) -> Result<Patch> {
    let p = unscored(a, edit, Some(rescorer))?;
    if !makes_beads(edit) {
        return Ok(p);
    }
    Ok(scored(a, p, rescorer))
}

/// Whether the edit makes beads (everything but accepting).
pub(super) fn makes_beads(edit: &Edit) -> bool {
    !matches!(edit, Edit::Accept { .. })
}

/// The patch with its new beads marked edited and scored where they will stand.
fn scored(a: &Alignment, mut p: Patch, rescorer: &Rescorer) -> Patch {
    let prev = p.at.checked_sub(1).and_then(|k| a.beads.get(k));
    // The bead after the splice, at its indices once the text splice shifted it.
    let next = a.beads.get(p.at + p.old.len()).map(|b| {
        let mut b = b.clone();
        for t in p.splices() {
            let delta = t.new.len() as isize - t.old.len() as isize;
            let r = range_mut(&mut b, t.side);
            *r = super::shift(r, delta);
        }
        b
    });
    let mut new = std::mem::take(&mut p.new);
    for b in &mut new {
        b.edited = true;
    }
    rescorer.score_run(|s, i| p.text_after(a, s, i), prev, &mut new, next.as_ref());
    p.new = new;
    p
}

/// The patch with the beads not yet scored (`rescorer` chooses where [`Edit::SplitAt`] cuts the other
/// side).
fn unscored(a: &Alignment, edit: &Edit, rescorer: Option<&Rescorer>) -> Result<Patch> {
    let bead_ok = |k: usize| bead(a, k);
    let splice = |at: usize, old: usize, new: Vec<Bead>| {
        Patch::beads(at, a.beads[at..at + old].to_vec(), new)
    };
    let manual = |zh: Range<usize>, en: Range<usize>| Bead::new(zh, en, 0.0);
    match *edit {
        Edit::MergeNext { bead } => {
            let b = bead_ok(bead)?;
            let next = bead_ok(bead + 1)
                .map_err(|_| Error::Invalid("the last bead has no next bead".into()))?;
            Ok(splice(
                bead,
                2,
                vec![manual(b.zh.start..next.zh.end, b.en.start..next.en.end)],
            ))
        }
        Edit::MergePrev { bead } => {
            if bead == 0 {
                bead_ok(0)?;
                return Err(Error::Invalid("the first bead has no previous bead".into()));
            }
            unscored(a, &Edit::MergeNext { bead: bead - 1 }, rescorer)
        }
        Edit::SplitBead { bead, zh, en } => {
            let b = bead_ok(bead)?;
            let (zl, el) = (b.zh.len(), b.en.len());
            if zh > zl || en > el || (zh == 0 && en == 0) || (zh == zl && en == el) {
                return Err(Error::Invalid(format!(
                    "cannot split a bead of {zl}+{el} sentences after {zh}+{en}: both parts need a sentence"
                )));
            }
            let (zm, em) = (b.zh.start + zh, b.en.start + en);
            Ok(splice(
                bead,
                1,
                vec![
                    manual(b.zh.start..zm, b.en.start..em),
                    manual(zm..b.zh.end, em..b.en.end),
                ],
            ))
        }
        Edit::SplitSentence {
            side,
            sentence,
            at_char,
        } => {
            let text = sentence_text(a, side, sentence)?;
            let (left, right) = split_text(text, at_char)?;
            let k = bead_of(a, side, sentence);
            let mut nb = a.beads[k].clone();
            range_mut(&mut nb, side).end += 1;
            let mut p = splice(k, 1, vec![nb]);
            p.text = Some(TextSplice {
                side,
                at: sentence,
                old: vec![text.to_string()],
                new: vec![left.to_string(), right.to_string()],
            });
            Ok(p)
        }
        Edit::SplitAt {
            bead,
            side,
            sentence,
            at_char,
        } => split_at(a, rescorer, bead, side, sentence, at_char),
        Edit::JoinSentences { side, sentence } => {
            sentence_text(a, side, sentence)?;
            let k = bead_of(a, side, sentence);
            if range(&a.beads[k], side).end <= sentence + 1 {
                return Err(Error::Invalid(
                    "only sentences of the same bead can be joined; merge the beads first".into(),
                ));
            }
            let list = side_list(a, side);
            let sep = if side == Side::En { " " } else { "" };
            let joined = format!("{}{sep}{}", list[sentence], list[sentence + 1]);
            let mut nb = a.beads[k].clone();
            range_mut(&mut nb, side).end -= 1;
            let mut p = splice(k, 1, vec![nb]);
            p.text = Some(TextSplice {
                side,
                at: sentence,
                old: list[sentence..sentence + 2].to_vec(),
                new: vec![joined],
            });
            Ok(p)
        }
        Edit::MoveFirstToPrev { bead, side } => {
            let b = bead_ok(bead)?;
            if bead == 0 {
                return Err(Error::Invalid("the first bead has no previous bead".into()));
            }
            if range(b, side).is_empty() {
                return Err(Error::Invalid(
                    "that side of the bead has no sentence to move".into(),
                ));
            }
            let (mut prev, mut cur) = (a.beads[bead - 1].clone(), b.clone());
            range_mut(&mut prev, side).end += 1;
            range_mut(&mut cur, side).start += 1;
            Ok(two_beads(splice(bead - 1, 2, Vec::new()), prev, cur))
        }
        Edit::MoveLastToNext { bead, side } => {
            let b = bead_ok(bead)?;
            let next = bead_ok(bead + 1)
                .map_err(|_| Error::Invalid("the last bead has no next bead".into()))?;
            if range(b, side).is_empty() {
                return Err(Error::Invalid(
                    "that side of the bead has no sentence to move".into(),
                ));
            }
            let (mut cur, mut nxt) = (b.clone(), next.clone());
            range_mut(&mut cur, side).end -= 1;
            range_mut(&mut nxt, side).start -= 1;
            Ok(two_beads(splice(bead, 2, Vec::new()), cur, nxt))
        }
        Edit::Unpair { bead } => {
            let b = bead_ok(bead)?;
            if b.is_null() {
                return Err(Error::Invalid("the bead already has an empty side".into()));
            }
            Ok(splice(
                bead,
                1,
                vec![
                    manual(b.zh.clone(), b.en.start..b.en.start),
                    manual(b.zh.end..b.zh.end, b.en.clone()),
                ],
            ))
        }
        Edit::EditText {
            side,
            sentence,
            ref text,
        } => {
            let old = sentence_text(a, side, sentence)?.to_string();
            let k = bead_of(a, side, sentence);
            let mut p = splice(k, 1, vec![a.beads[k].clone()]);
            p.text = Some(TextSplice {
                side,
                at: sentence,
                old: vec![old],
                new: vec![text.clone()],
            });
            Ok(p)
        }
        Edit::Accept { bead, accepted } => {
            let mut b = bead_ok(bead)?.clone();
            b.accepted = accepted;
            Ok(splice(bead, 1, vec![b]))
        }
    }
}

/// Bead `k`, or why there is none.
pub(super) fn bead(a: &Alignment, k: usize) -> Result<&Bead> {
    a.beads.get(k).ok_or_else(|| {
        Error::Invalid(format!(
            "there is no bead {k} (the alignment has {})",
            a.beads.len()
        ))
    })
}

/// A sentence split at a character offset, each part trimmed; refused when a part would be empty.
pub(super) fn split_text(text: &str, at_char: usize) -> Result<(&str, &str)> {
    let chars = text.chars().count();
    if at_char == 0 || at_char >= chars {
        return Err(Error::Invalid(format!(
            "split point {at_char} is not inside the sentence ({chars} characters)"
        )));
    }
    let byte = text
        .char_indices()
        .nth(at_char)
        .map_or(text.len(), |(b, _)| b);
    let (left, right) = (text[..byte].trim_end(), text[byte..].trim_start());
    if left.is_empty() || right.is_empty() {
        return Err(Error::Invalid(
            "both parts of a split sentence need text".into(),
        ));
    }
    Ok((left, right))
}

/// Two neighbouring beads after a move; a bead left with no sentence at all disappears.
fn two_beads(mut p: Patch, first: Bead, second: Bead) -> Patch {
    for b in [first, second] {
        if !(b.zh.is_empty() && b.en.is_empty()) {
            p.new.push(b);
        }
    }
    p
}

pub(super) fn range(b: &Bead, side: Side) -> Range<usize> {
    match side {
        Side::Zh => b.zh.clone(),
        Side::En => b.en.clone(),
    }
}

pub(super) fn range_mut(b: &mut Bead, side: Side) -> &mut Range<usize> {
    match side {
        Side::Zh => &mut b.zh,
        Side::En => &mut b.en,
    }
}

pub(super) fn side_list(a: &Alignment, side: Side) -> &[String] {
    match side {
        Side::Zh => &a.zh,
        Side::En => &a.en,
    }
}

pub(super) fn sentence_text(a: &Alignment, side: Side, s: usize) -> Result<&str> {
    let list = side_list(a, side);
    list.get(s).map(String::as_str).ok_or_else(|| {
        Error::Invalid(format!(
            "there is no sentence {s} on that side (it has {})",
            list.len()
        ))
    })
}

/// The bead holding a sentence (beads are sorted and cover every sentence).
fn bead_of(a: &Alignment, side: Side, s: usize) -> usize {
    a.beads
        .partition_point(|b| range(b, side).end <= s)
        .min(a.beads.len().saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Lexicon;

    const ZH: [&str; 3] = [
        "两国部长在北京举行会议，讨论扩大双边贸易。",
        "两国企业对新能源汽车的投资达到120亿美元，电池出口继续快速增长。",
        "王明表示，两国在农业和旅游领域的合作前景广阔。",
    ];
    const EN: [&str; 4] = [
        "The ministers of the two countries held a meeting in Beijing to discuss expanding bilateral trade.",
        "Investment by companies of the two countries in new energy vehicles reached 12 billion dollars.",
        "Battery exports continued to grow rapidly.",
        "Wang Ming said the prospects for cooperation in agriculture and tourism are broad.",
    ];

    /// The aligner left English 2 alone (its confidence made up for the test).
    fn aligned() -> (Alignment, Rescorer) {
        let a = Alignment {
            zh: ZH.map(String::from).to_vec(),
            en: EN.map(String::from).to_vec(),
            beads: vec![
                Bead::new(0..1, 0..1, 0.95),
                Bead::new(1..2, 1..2, 0.6),
                Bead::new(2..2, 2..3, 0.3),
                Bead::new(2..3, 3..4, 0.9),
            ],
        };
        let lexicon = Lexicon::shared().expect("assets/cedict is part of the repository");
        let opts = AlignOptions {
            lexicon: Some(lexicon),
            ..AlignOptions::default()
        };
        let r = Rescorer::new(&a, &opts);
        (a, r)
    }

    #[test]
    fn beads_made_by_hand_are_marked_and_scored() {
        let (a, r) = aligned();
        // (edit, the new beads' (edited, score ≥ 0.5))
        let cases: [(Edit, &[(bool, bool)]); 5] = [
            // The right 1-2.
            (Edit::MergeNext { bead: 1 }, &[(true, true)]),
            // A slip: the first Chinese sentence given the next English one too, which leaves the second
            // Chinese sentence without its translation: both doubtful.
            (
                Edit::MoveFirstToPrev {
                    bead: 1,
                    side: Side::En,
                },
                &[(true, false), (true, false)],
            ),
            // Unpairing right beads: the unpaired sentences have their translation next to them.
            (Edit::Unpair { bead: 0 }, &[(true, false), (true, false)]),
            (
                Edit::EditText {
                    side: Side::En,
                    sentence: 0,
                    text: "The weather was fine on Tuesday.".into(),
                },
                &[(true, false)],
            ),
            // Accepting changes nothing but the flag.
            (
                Edit::Accept {
                    bead: 2,
                    accepted: true,
                },
                &[(false, false)],
            ),
        ];
        for (edit, want) in cases {
            let p = patch_with(&a, &edit, &r).unwrap_or_else(|e| panic!("{edit:?}: {e}"));
            let got: Vec<(bool, bool)> = p
                .new
                .iter()
                .map(|b| (b.edited, b.confidence >= 0.5))
                .collect();
            assert_eq!(got, want, "{edit:?}: {:?}", p.new);
        }
        let accept = patch_with(
            &a,
            &Edit::Accept {
                bead: 1,
                accepted: true,
            },
            &r,
        )
        .unwrap();
        assert_eq!(accept.new[0].confidence, 0.6, "accepting keeps the score");
        // A bead a person made is not 100 % just because a person made it.
        let merged = patch_with(&a, &Edit::MergeNext { bead: 1 }, &r).unwrap();
        assert!(merged.new[0].confidence < 1.0);
    }
}
