//! Hand edits of an alignment, with undo and redo.
//!
//! Every [`Edit`] is turned into a [`Patch`] against the current alignment — a splice of beads and, for
//! text edits, a splice of one side's sentences — and the patch is applied. Undo applies the inverse
//! patch, redo the patch again, so every operation is undoable by construction. [`Editor`] holds the
//! alignment and the history; the review GUI sends it edits, and [`super::project`] stores each patch
//! as it is made.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::types::{Alignment, Bead};
use crate::{Error, Result};

/// One of the two sides of an alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Side {
    /// The Chinese side.
    Zh,
    /// The English side.
    En,
}

/// A change a reviewer asks for. Bead and sentence indices are those of the current alignment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Edit {
    /// Joins a bead with the one after it.
    MergeNext { bead: usize },
    /// Joins a bead with the one before it.
    MergePrev { bead: usize },
    /// Splits a bead in two after `zh` of its Chinese and `en` of its English sentences.
    SplitBead { bead: usize, zh: usize, en: usize },
    /// Splits a sentence in two at a character offset (both parts stay in its bead).
    SplitSentence {
        side: Side,
        sentence: usize,
        at_char: usize,
    },
    /// Joins a sentence with the next one of the same bead.
    JoinSentences { side: Side, sentence: usize },
    /// Moves a bead's first sentence on one side to the end of the previous bead.
    MoveFirstToPrev { bead: usize, side: Side },
    /// Moves a bead's last sentence on one side to the start of the next bead.
    MoveLastToNext { bead: usize, side: Side },
    /// Splits a bead into a Chinese-only and an English-only bead ("these do not correspond").
    Unpair { bead: usize },
    /// Replaces a sentence's text.
    EditText {
        side: Side,
        sentence: usize,
        text: String,
    },
    /// Marks a bead accepted (or not).
    Accept { bead: usize, accepted: bool },
}

/// A reversible change: beads `at..at + old.len()` become `new`; optionally sentences of one side
/// `sent_at..sent_at + old_text.len()` become `new_text`, and the beads after the splice shift.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Patch {
    pub at: usize,
    pub old: Vec<Bead>,
    pub new: Vec<Bead>,
    pub text: Option<TextSplice>,
}

/// Sentences replaced on one side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextSplice {
    pub side: Side,
    pub at: usize,
    pub old: Vec<String>,
    pub new: Vec<String>,
}

impl Patch {
    /// The patch that undoes this one.
    pub fn inverse(&self) -> Patch {
        Patch {
            at: self.at,
            old: self.new.clone(),
            new: self.old.clone(),
            text: self.text.as_ref().map(|t| TextSplice {
                side: t.side,
                at: t.at,
                old: t.new.clone(),
                new: t.old.clone(),
            }),
        }
    }

    /// Applies the patch to an alignment.
    pub fn apply(&self, a: &mut Alignment) {
        if let Some(t) = &self.text {
            let list = match t.side {
                Side::Zh => &mut a.zh,
                Side::En => &mut a.en,
            };
            list.splice(t.at..t.at + t.old.len(), t.new.iter().cloned());
            let delta = t.new.len() as isize - t.old.len() as isize;
            if delta != 0 {
                // Beads after the splice window keep their sentences, now at shifted indices.
                for b in a.beads.iter_mut().skip(self.at + self.old.len()) {
                    let r = match t.side {
                        Side::Zh => &mut b.zh,
                        Side::En => &mut b.en,
                    };
                    *r = shift(r, delta);
                }
            }
        }
        a.beads
            .splice(self.at..self.at + self.old.len(), self.new.iter().cloned());
    }
}

fn shift(r: &Range<usize>, delta: isize) -> Range<usize> {
    (r.start as isize + delta) as usize..(r.end as isize + delta) as usize
}

/// Builds the patch for an edit, or says why the edit does not apply.
pub fn patch_for(a: &Alignment, edit: &Edit) -> Result<Patch> {
    let n = a.beads.len();
    let bead_ok = |k: usize| {
        if k < n {
            Ok(&a.beads[k])
        } else {
            Err(Error::Invalid(format!(
                "there is no bead {k} (the alignment has {n})"
            )))
        }
    };
    let splice = |at: usize, old: usize, new: Vec<Bead>| Patch {
        at,
        old: a.beads[at..at + old].to_vec(),
        new,
        text: None,
    };
    // Beads changed by hand are trusted.
    let manual = |zh: Range<usize>, en: Range<usize>| Bead::new(zh, en, 1.0);
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
            patch_for(a, &Edit::MergeNext { bead: bead - 1 })
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
            let k = bead_of(a, side, sentence);
            let mut nb = a.beads[k].clone();
            *range_mut(&mut nb, side) = {
                let r = range(&nb, side);
                r.start..r.end + 1
            };
            let mut p = splice(k, 1, vec![nb]);
            p.text = Some(TextSplice {
                side,
                at: sentence,
                old: vec![text.to_string()],
                new: vec![left.to_string(), right.to_string()],
            });
            Ok(p)
        }
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
            let r = range(&nb, side);
            *range_mut(&mut nb, side) = r.start..r.end - 1;
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

/// Two neighbouring beads after a move; a bead left with no sentence at all disappears.
fn two_beads(mut p: Patch, first: Bead, second: Bead) -> Patch {
    for mut b in [first, second] {
        if !(b.zh.is_empty() && b.en.is_empty()) {
            b.confidence = 1.0;
            p.new.push(b);
        }
    }
    p
}

fn range(b: &Bead, side: Side) -> Range<usize> {
    match side {
        Side::Zh => b.zh.clone(),
        Side::En => b.en.clone(),
    }
}

fn range_mut(b: &mut Bead, side: Side) -> &mut Range<usize> {
    match side {
        Side::Zh => &mut b.zh,
        Side::En => &mut b.en,
    }
}

fn side_list(a: &Alignment, side: Side) -> &[String] {
    match side {
        Side::Zh => &a.zh,
        Side::En => &a.en,
    }
}

fn sentence_text(a: &Alignment, side: Side, s: usize) -> Result<&str> {
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

/// An alignment under review, with undo and redo.
#[derive(Debug, Clone, Default)]
pub struct Editor {
    alignment: Alignment,
    undo: Vec<Patch>,
    redo: Vec<Patch>,
}

impl Editor {
    /// Starts reviewing an alignment.
    pub fn new(alignment: Alignment) -> Self {
        Self {
            alignment,
            undo: Vec::new(),
            redo: Vec::new(),
        }
    }

    /// Restores an editor with its history (as saved by [`super::project`]).
    pub fn with_history(alignment: Alignment, undo: Vec<Patch>, redo: Vec<Patch>) -> Self {
        Self {
            alignment,
            undo,
            redo,
        }
    }

    /// The current alignment.
    pub fn alignment(&self) -> &Alignment {
        &self.alignment
    }

    /// Applies an edit; returns the patch applied (to save it). Clears the redo history.
    pub fn apply(&mut self, edit: &Edit) -> Result<Patch> {
        let p = patch_for(&self.alignment, edit)?;
        p.apply(&mut self.alignment);
        self.undo.push(p.clone());
        self.redo.clear();
        Ok(p)
    }

    /// Undoes the last edit; returns the patch applied, or `None` if there is nothing to undo.
    pub fn undo(&mut self) -> Option<Patch> {
        let p = self.undo.pop()?;
        let inv = p.inverse();
        inv.apply(&mut self.alignment);
        self.redo.push(p);
        Some(inv)
    }

    /// Redoes the last undone edit; returns the patch applied.
    pub fn redo(&mut self) -> Option<Patch> {
        let p = self.redo.pop()?;
        p.apply(&mut self.alignment);
        self.undo.push(p.clone());
        Some(p)
    }

    /// Whether there is an edit to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is an edit to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// The undo and redo stacks (oldest first).
    pub fn history(&self) -> (&[Patch], &[Patch]) {
        (&self.undo, &self.redo)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Alignment {
        Alignment {
            zh: ["甲。", "乙。", "丙。丁。"].map(String::from).to_vec(),
            en: ["A.", "B.", "C.", "D."].map(String::from).to_vec(),
            beads: vec![
                Bead::new(0..1, 0..1, 0.9),
                Bead::new(1..2, 1..3, 0.4),
                Bead::new(2..3, 3..4, 0.8),
            ],
        }
    }

    #[test]
    fn every_edit_keeps_the_alignment_whole_and_undoes_exactly() {
        let edits = [
            Edit::MergeNext { bead: 0 },
            Edit::MergePrev { bead: 2 },
            Edit::SplitBead {
                bead: 1,
                zh: 1,
                en: 1,
            },
            Edit::SplitBead {
                bead: 1,
                zh: 0,
                en: 1,
            },
            Edit::SplitSentence {
                side: Side::Zh,
                sentence: 2,
                at_char: 2,
            },
            Edit::SplitSentence {
                side: Side::En,
                sentence: 0,
                at_char: 1,
            },
            Edit::JoinSentences {
                side: Side::En,
                sentence: 1,
            },
            Edit::MoveFirstToPrev {
                bead: 1,
                side: Side::En,
            },
            Edit::MoveLastToNext {
                bead: 1,
                side: Side::En,
            },
            Edit::MoveLastToNext {
                bead: 0,
                side: Side::Zh,
            },
            Edit::Unpair { bead: 2 },
            Edit::EditText {
                side: Side::En,
                sentence: 3,
                text: "Dee.".into(),
            },
            Edit::Accept {
                bead: 0,
                accepted: true,
            },
        ];
        for edit in &edits {
            let mut ed = Editor::new(sample());
            ed.apply(edit).unwrap_or_else(|e| panic!("{edit:?}: {e}"));
            ed.alignment()
                .check()
                .unwrap_or_else(|e| panic!("{edit:?}: {e}"));
            let after = ed.alignment().clone();
            ed.undo().unwrap();
            assert_eq!(ed.alignment(), &sample(), "undo {edit:?}");
            ed.redo().unwrap();
            assert_eq!(ed.alignment(), &after, "redo {edit:?}");
        }
    }

    #[test]
    fn edits_do_what_they_say() {
        let mut ed = Editor::new(sample());
        ed.apply(&Edit::SplitSentence {
            side: Side::Zh,
            sentence: 2,
            at_char: 2,
        })
        .unwrap();
        assert_eq!(ed.alignment().zh, ["甲。", "乙。", "丙。", "丁。"]);
        assert_eq!(ed.alignment().beads[2].zh, 2..4);
        ed.apply(&Edit::SplitBead {
            bead: 2,
            zh: 1,
            en: 1,
        })
        .unwrap();
        assert_eq!(ed.alignment().beads[3].zh, 3..4);
        assert!(ed.alignment().beads[3].en.is_empty());
        ed.apply(&Edit::MoveLastToNext {
            bead: 0,
            side: Side::Zh,
        })
        .unwrap();
        assert_eq!(ed.alignment().beads[0].zh, 0..0);
        assert_eq!(ed.alignment().beads[1].zh, 0..2);
        ed.apply(&Edit::MoveFirstToPrev {
            bead: 1,
            side: Side::Zh,
        })
        .unwrap();
        ed.apply(&Edit::MoveFirstToPrev {
            bead: 1,
            side: Side::Zh,
        })
        .unwrap();
        ed.apply(&Edit::MoveFirstToPrev {
            bead: 1,
            side: Side::En,
        })
        .unwrap();
        ed.apply(&Edit::MoveFirstToPrev {
            bead: 1,
            side: Side::En,
        })
        .unwrap();
        // Bead 1 had 乙 and B, C: now empty on both sides, so it is gone.
        assert_eq!(ed.alignment().beads.len(), 3);
        ed.alignment().check().unwrap();
        for _ in 0..7 {
            ed.undo().unwrap();
        }
        assert!(ed.undo().is_none());
        assert_eq!(ed.alignment(), &sample());
    }

    #[test]
    fn impossible_edits_are_refused() {
        let a = sample();
        let bad = [
            Edit::MergeNext { bead: 2 },
            Edit::MergePrev { bead: 0 },
            Edit::SplitBead {
                bead: 0,
                zh: 1,
                en: 1,
            },
            Edit::SplitSentence {
                side: Side::Zh,
                sentence: 0,
                at_char: 0,
            },
            Edit::SplitSentence {
                side: Side::Zh,
                sentence: 9,
                at_char: 1,
            },
            Edit::JoinSentences {
                side: Side::Zh,
                sentence: 0,
            },
            Edit::MoveFirstToPrev {
                bead: 0,
                side: Side::En,
            },
            Edit::Accept {
                bead: 7,
                accepted: true,
            },
        ];
        for edit in &bad {
            assert!(patch_for(&a, edit).is_err(), "{edit:?} should be refused");
        }
    }

    #[test]
    fn history_can_be_restored() {
        let mut ed = Editor::new(sample());
        ed.apply(&Edit::MergeNext { bead: 0 }).unwrap();
        let (undo, redo) = ed.history();
        let mut restored =
            Editor::with_history(ed.alignment().clone(), undo.to_vec(), redo.to_vec());
        restored.undo().unwrap();
        assert_eq!(restored.alignment(), &sample());
    }
}
