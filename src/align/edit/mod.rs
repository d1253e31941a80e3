//! Hand edits of an alignment, with undo and redo.
//!
//! Every [`Edit`] is turned into a [`Patch`] against the current alignment — a splice of beads and, for
//! text edits, a splice of one side's sentences — and the patch is applied. Undo applies the inverse
//! patch, redo the patch again, so every operation is undoable by construction. [`Editor`] holds the
//! alignment and the history; the review GUI sends it edits, and [`super::project`] stores each patch
//! as it is made.
//!
//! Beads an edit makes are marked [`Bead::edited`] and scored again from their sentences
//! ([`super::Rescorer`]): "made by hand" is shown apart from how well the sentences correspond, so a
//! slip (two sentences paired that do not translate each other) still looks doubtful.

mod build;
mod split;

use std::ops::Range;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::rescore::Rescorer;
use super::types::{AlignOptions, Alignment, Bead};
use crate::Result;

pub use build::{patch_for, patch_with};

/// One of the two sides of an alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Side {
    /// The Chinese side.
    Zh,
    /// The English side.
    En,
}

impl Side {
    /// The other side.
    pub fn other(self) -> Side {
        match self {
            Side::Zh => Side::En,
            Side::En => Side::Zh,
        }
    }
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
    /// Splits a bead where the reviewer's cursor is: in sentence `sentence` of `side` (an index of the
    /// whole side, inside the bead) at char offset `at_char`. A cursor inside the sentence splits the
    /// sentence there first (the text before the cursor stays in the first bead); a cursor at its start
    /// or end splits between sentences. The other side is cut at the sentence boundary that gives the
    /// two beads the best aligner score.
    SplitAt {
        bead: usize,
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
/// `sent_at..sent_at + old_text.len()` become `new_text` (and, for a re-alignment, those of the other
/// side too), and the beads after the splice shift.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Patch {
    /// First bead replaced.
    pub at: usize,
    /// The beads replaced.
    pub old: Vec<Bead>,
    /// The beads put in their place.
    pub new: Vec<Bead>,
    /// Sentences replaced on one side.
    pub text: Option<TextSplice>,
    /// Sentences replaced on the other side: only a re-alignment changes both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_text: Option<TextSplice>,
    /// Whether this is a re-alignment of the whole document ([`super::realign`]), which replays text
    /// edits made before it and stands for a new version of the sources.
    #[serde(default, skip_serializing_if = "is_false")]
    pub realigned: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Sentences replaced on one side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextSplice {
    /// The side.
    pub side: Side,
    /// First sentence replaced.
    pub at: usize,
    /// The sentences replaced.
    pub old: Vec<String>,
    /// The sentences put in their place.
    pub new: Vec<String>,
}

impl TextSplice {
    fn inverse(&self) -> TextSplice {
        TextSplice {
            side: self.side,
            at: self.at,
            old: self.new.clone(),
            new: self.old.clone(),
        }
    }
}

impl Patch {
    /// A patch of beads only.
    pub fn beads(at: usize, old: Vec<Bead>, new: Vec<Bead>) -> Patch {
        Patch {
            at,
            old,
            new,
            text: None,
            other_text: None,
            realigned: false,
        }
    }

    /// The text splices of the patch (none, one, or one per side).
    pub fn splices(&self) -> impl Iterator<Item = &TextSplice> {
        self.text.iter().chain(self.other_text.iter())
    }

    /// The patch that undoes this one.
    pub fn inverse(&self) -> Patch {
        Patch {
            at: self.at,
            old: self.new.clone(),
            new: self.old.clone(),
            text: self.text.as_ref().map(TextSplice::inverse),
            other_text: self.other_text.as_ref().map(TextSplice::inverse),
            realigned: self.realigned,
        }
    }

    /// Applies the patch to an alignment.
    pub fn apply(&self, a: &mut Alignment) {
        for t in self.splices() {
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

    /// The text of sentence `i` of `side` once the patch is applied to `a`.
    fn text_after<'a>(&'a self, a: &'a Alignment, side: Side, i: usize) -> &'a str {
        let list = match side {
            Side::Zh => &a.zh,
            Side::En => &a.en,
        };
        match self.splices().find(|t| t.side == side) {
            Some(t) if i >= t.at && i < t.at + t.new.len() => &t.new[i - t.at],
            Some(t) if i >= t.at + t.new.len() => &list[i - t.new.len() + t.old.len()],
            _ => &list[i],
        }
    }
}

fn shift(r: &Range<usize>, delta: isize) -> Range<usize> {
    (r.start as isize + delta) as usize..(r.end as isize + delta) as usize
}

/// An alignment under review, with undo and redo.
#[derive(Debug, Clone, Default)]
pub struct Editor {
    alignment: Alignment,
    undo: Vec<Patch>,
    redo: Vec<Patch>,
    // Document statistics for scoring hand-made beads, built at the first edit that needs them.
    rescorer: Option<Arc<Rescorer>>,
}

impl Editor {
    /// Starts reviewing an alignment.
    pub fn new(alignment: Alignment) -> Self {
        Self::with_history(alignment, Vec::new(), Vec::new())
    }

    /// Restores an editor with its history (as saved by [`super::project`]).
    pub fn with_history(alignment: Alignment, undo: Vec<Patch>, redo: Vec<Patch>) -> Self {
        Self {
            alignment,
            undo,
            redo,
            rescorer: None,
        }
    }

    /// The current alignment.
    pub fn alignment(&self) -> &Alignment {
        &self.alignment
    }

    /// The scorer of hand-made beads, built now if it was not (with the shared CC-CEDICT; see
    /// [`Editor::set_rescorer`] for another lexicon or glossary terms). Building costs about one feature
    /// extraction of the document; a front end may call this when a project opens, off the first edit.
    pub fn rescorer(&mut self) -> Arc<Rescorer> {
        let a = &self.alignment;
        self.rescorer
            .get_or_insert_with(|| Arc::new(Rescorer::new(a, &AlignOptions::default())))
            .clone()
    }

    /// Uses this scorer for the beads edits make (e.g. one built with the glossary terms the alignment
    /// was made with).
    pub fn set_rescorer(&mut self, rescorer: Arc<Rescorer>) {
        self.rescorer = Some(rescorer);
    }

    /// The patch an edit would apply, with its beads scored, without applying it.
    pub fn patch(&mut self, edit: &Edit) -> Result<Patch> {
        if !build::makes_beads(edit) {
            return patch_for(&self.alignment, edit);
        }
        let r = self.rescorer();
        patch_with(&self.alignment, edit, &r)
    }

    /// Applies an edit; returns the patch applied (to save it). Clears the redo history.
    pub fn apply(&mut self, edit: &Edit) -> Result<Patch> {
        let p = self.patch(edit)?;
        self.apply_patch(p.clone());
        Ok(p)
    }

    /// Applies a patch made by [`Editor::patch`] (or a re-alignment) as one undoable step. Clears the redo
    /// history.
    pub fn apply_patch(&mut self, p: Patch) {
        p.apply(&mut self.alignment);
        if p.realigned {
            // A new version of the document: its statistics are built again when next needed.
            self.rescorer = None;
        }
        self.undo.push(p);
        self.redo.clear();
    }

    /// Undoes the last edit; returns the patch applied, or `None` if there is nothing to undo.
    pub fn undo(&mut self) -> Option<Patch> {
        let p = self.undo.pop()?;
        let inv = p.inverse();
        inv.apply(&mut self.alignment);
        if p.realigned {
            self.rescorer = None;
        }
        self.redo.push(p);
        Some(inv)
    }

    /// Redoes the last undone edit; returns the patch applied.
    pub fn redo(&mut self) -> Option<Patch> {
        let p = self.redo.pop()?;
        p.apply(&mut self.alignment);
        if p.realigned {
            self.rescorer = None;
        }
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
    use crate::align::Lexicon;

    /// An editor whose rescorer has no dictionary (the tests here are about structure, not scores).
    fn editor(a: Alignment) -> Editor {
        let mut ed = Editor::new(a);
        ed.set_rescorer(plain(ed.alignment()));
        ed
    }

    fn plain(a: &Alignment) -> Arc<Rescorer> {
        let opts = AlignOptions {
            lexicon: Some(Arc::new(Lexicon::empty())),
            ..AlignOptions::default()
        };
        Arc::new(Rescorer::new(a, &opts))
    }

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
            Edit::SplitAt {
                bead: 2,
                side: Side::Zh,
                sentence: 2,
                at_char: 2,
            },
            Edit::SplitAt {
                bead: 1,
                side: Side::En,
                sentence: 2,
                at_char: 0,
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
            let mut ed = editor(sample());
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
        let mut ed = editor(sample());
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
        let r = plain(&a);
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
            Edit::SplitAt {
                bead: 1,
                side: Side::Zh,
                sentence: 0,
                at_char: 1,
            },
        ];
        for edit in &bad {
            assert!(
                patch_with(&a, edit, &r).is_err(),
                "{edit:?} should be refused"
            );
        }
    }

    #[test]
    fn history_can_be_restored() {
        let mut ed = editor(sample());
        ed.apply(&Edit::MergeNext { bead: 0 }).unwrap();
        let (undo, redo) = ed.history();
        let mut restored =
            Editor::with_history(ed.alignment().clone(), undo.to_vec(), redo.to_vec());
        restored.set_rescorer(plain(ed.alignment()));
        restored.undo().unwrap();
        assert_eq!(restored.alignment(), &sample());
    }
}
