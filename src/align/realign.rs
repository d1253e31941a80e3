//! Re-alignment: a new version of the two documents aligned again, keeping the work a person did.
//!
//! [`realign`] first replays the reviewer's text edits (split, joined and corrected sentences: the
//! [`TextSplice`]s of the undo history, in order, earlier re-alignments left out) on the new sentences,
//! each where its old sentences are still found, nearest its old place first. It then matches the current
//! alignment's sentences with that text per side (module `diff`, exact text). A bead a person accepted or
//! made ([`Bead::is_manual`]) is kept when every sentence of it is found, contiguously, on both sides; the
//! stretches between kept beads are aligned with the normal aligner (a stretch with one side empty gives
//! 1-0 or 0-1 beads), and the pieces are joined. [`RealignSummary`] says what was kept and what was lost.

use std::collections::HashSet;
use std::ops::Range;

use serde::Serialize;

use super::edit::{Patch, Side, TextSplice};
use super::rescore::Rescorer;
use super::types::{AlignOptions, Alignment, Bead};
use super::{align_unchecked, diff};
use crate::{Progress, Result};

/// What a re-alignment did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RealignSummary {
    /// Beads a person accepted or made, kept as they were (their sentences did not change).
    pub kept: usize,
    /// Beads the aligner made for everything else.
    pub realigned: usize,
    /// Beads a person accepted or made that were given up because their sentences changed or went.
    pub dropped: usize,
    /// Text edits (sentence splits, joins, corrections) replayed on the new text.
    pub edits_replayed: usize,
    /// Text edits whose sentences are not in the new text any more.
    pub edits_lost: usize,
}

/// Aligns `zh_new` with `en_new`, keeping the manual beads of `current` whose sentences are unchanged;
/// `history` is the undo history that led to `current` (oldest first). `opts` are those of
/// [`super::align`], its paragraph starts indices into the new sentences. `progress` counts Chinese
/// sentences aligned per pass and may cancel.
pub fn realign(
    current: &Alignment,
    history: &[Patch],
    zh_new: &[String],
    en_new: &[String],
    opts: &AlignOptions,
    progress: &mut dyn Progress,
) -> Result<(Alignment, RealignSummary)> {
    let mut summary = RealignSummary::default();
    // Every text edit of the history with the length of its side before it, found by walking back
    // from the current alignment. Re-alignments count for the lengths but are not replayed: the edits
    // before them are, on the newest text, where their sentences still are.
    let (mut lz, mut le) = (current.zh.len(), current.en.len());
    let mut edits: Vec<(&TextSplice, usize)> = Vec::new();
    for p in history.iter().rev() {
        for t in p.splices() {
            let len = match t.side {
                Side::Zh => &mut lz,
                Side::En => &mut le,
            };
            *len = (*len + t.old.len()).saturating_sub(t.new.len());
            if !p.realigned {
                edits.push((t, *len));
            }
        }
    }
    let mut zh = Replayed::new(zh_new, Side::Zh);
    let mut en = Replayed::new(en_new, Side::En);
    for &(t, len) in edits.iter().rev() {
        let done = match t.side {
            Side::Zh => zh.replay(t, len),
            Side::En => en.replay(t, len),
        };
        if done {
            summary.edits_replayed += 1;
        } else {
            summary.edits_lost += 1;
        }
    }

    let zh_map = diff::matches(&current.zh, &zh.text);
    let en_map = diff::matches(&current.en, &en.text);
    let mut pinned: Vec<Bead> = Vec::new();
    for b in current.beads.iter().filter(|b| b.is_manual()) {
        let z = mapped(&zh_map, &b.zh);
        let e = mapped(&en_map, &b.en);
        let fits = |z: &Range<usize>, e: &Range<usize>| {
            pinned
                .last()
                .is_none_or(|p| z.start >= p.zh.end && e.start >= p.en.end)
        };
        match (z, e) {
            (Some(z), Some(e)) if fits(&z, &e) => {
                let mut kept = b.clone();
                (kept.zh, kept.en) = (z, e);
                pinned.push(kept);
            }
            _ => summary.dropped += 1,
        }
    }
    summary.kept = pinned.len();

    // Glossary terms found once in the whole text, not once per stretch.
    let zh_all = zh.text.concat();
    let opts = &AlignOptions {
        lexicon: opts.lexicon.clone(),
        terms: opts
            .terms
            .iter()
            .filter(|t| !t.zh.is_empty() && zh_all.contains(t.zh.as_str()))
            .cloned()
            .collect(),
        zh_paragraphs: opts.zh_paragraphs.clone(),
        en_paragraphs: opts.en_paragraphs.clone(),
        second_pass: opts.second_pass,
    };
    let zh_paragraphs = zh.starts(&opts.zh_paragraphs);
    let en_paragraphs = en.starts(&opts.en_paragraphs);
    let passes = if opts.second_pass { 2 } else { 1 };
    progress.start((zh.text.len() * passes) as u64, "aligning sentences again");
    let mut quiet = Quiet(progress);
    let mut beads: Vec<Bead> = Vec::new();
    let mut forced: Vec<usize> = Vec::new();
    let (mut z0, mut e0) = (0, 0);
    let ends = pinned.iter().map(Some).chain([None]).collect::<Vec<_>>();
    for p in ends {
        let (z1, e1) = p.map_or((zh.text.len(), en.text.len()), |p| (p.zh.start, p.en.start));
        let gap = Gap {
            zh: &zh.text[z0..z1],
            en: &en.text[e0..e1],
            at: (z0, e0),
            zh_paragraphs: local(&zh_paragraphs, z0..z1),
            en_paragraphs: local(&en_paragraphs, e0..e1),
        };
        let made = gap.align(opts, &mut quiet)?;
        summary.realigned += made.len();
        if gap.zh.is_empty() || gap.en.is_empty() {
            forced.extend(beads.len()..beads.len() + made.len());
        }
        beads.extend(made);
        if let Some(p) = p {
            beads.push(p.clone());
            (z0, e0) = (p.zh.end, p.en.end);
        }
    }
    let mut out = Alignment {
        zh: zh.text,
        en: en.text,
        beads,
    };
    if !forced.is_empty() {
        // Sentences with nothing to pair with between kept beads: scored like hand-made unpaired
        // sentences, by how little the neighbours' other side translates them.
        let r = Rescorer::new(&out, opts);
        for k in forced {
            out.beads[k].confidence = r.score(&out, &out.beads[k]);
        }
    }
    out.check()?;
    Ok((out, summary))
}

/// One side's new sentences with the reviewer's text edits replayed, and where each came from.
struct Replayed {
    text: Vec<String>,
    // The new-input index a sentence stands for (the first part of a split keeps it, later parts none).
    origin: Vec<Option<usize>>,
    side: Side,
}

impl Replayed {
    fn new(input: &[String], side: Side) -> Self {
        Replayed {
            text: input.to_vec(),
            origin: (0..input.len()).map(Some).collect(),
            side,
        }
    }

    /// Replays a splice made when the side had `len` sentences: its old sentences, found nearest to
    /// where they were (scaled to the new length), become its new ones. `false` when they are gone.
    fn replay(&mut self, t: &TextSplice, len: usize) -> bool {
        let n = t.old.len();
        if t.side != self.side || n == 0 || n > self.text.len() {
            return false;
        }
        let guess = t.at * self.text.len() / len.max(1);
        let found = (0..=self.text.len() - n)
            .filter(|&p| self.text[p..p + n] == t.old[..])
            .min_by_key(|&p| p.abs_diff(guess));
        let Some(p) = found else {
            return false;
        };
        let first = self.origin[p];
        self.text.splice(p..p + n, t.new.iter().cloned());
        let origins = (0..t.new.len()).map(|k| if k == 0 { first } else { None });
        self.origin.splice(p..p + n, origins);
        true
    }

    /// The sentences that start a paragraph, given the new input's paragraph starts.
    fn starts(&self, input_starts: &[usize]) -> Vec<usize> {
        let set: HashSet<usize> = input_starts.iter().copied().collect();
        (0..self.origin.len())
            .filter(|&k| self.origin[k].is_some_and(|o| set.contains(&o)))
            .collect()
    }
}

/// The new range of an old range whose sentences all map, contiguously. An empty range maps to the
/// place after the last mapped sentence before it.
fn mapped(map: &[Option<usize>], r: &Range<usize>) -> Option<Range<usize>> {
    if r.is_empty() {
        let at = map[..r.start.min(map.len())]
            .iter()
            .rev()
            .find_map(|m| *m)
            .map_or(0, |j| j + 1);
        return Some(at..at);
    }
    let start = map.get(r.start).copied().flatten()?;
    for (k, s) in r.clone().enumerate() {
        if map.get(s).copied().flatten() != Some(start + k) {
            return None;
        }
    }
    Some(start..start + r.len())
}

/// Paragraph starts inside `r`, relative to its start.
fn local(starts: &[usize], r: Range<usize>) -> Vec<usize> {
    starts
        .iter()
        .filter(|s| r.contains(s))
        .map(|s| s - r.start)
        .collect()
}

/// A stretch of sentences between kept beads.
struct Gap<'a> {
    zh: &'a [String],
    en: &'a [String],
    at: (usize, usize),
    zh_paragraphs: Vec<usize>,
    en_paragraphs: Vec<usize>,
}

impl Gap<'_> {
    /// The stretch aligned, as beads of the whole document.
    fn align(&self, opts: &AlignOptions, progress: &mut dyn Progress) -> Result<Vec<Bead>> {
        let (z0, e0) = self.at;
        if self.zh.is_empty() || self.en.is_empty() {
            // Nothing to pair with: every sentence alone (scored by the caller).
            let zh = (0..self.zh.len()).map(|i| Bead::new(z0 + i..z0 + i + 1, e0..e0, 0.0));
            let en = (0..self.en.len()).map(|j| Bead::new(z0..z0, e0 + j..e0 + j + 1, 0.0));
            return Ok(zh.chain(en).collect());
        }
        let zh: Vec<&str> = self.zh.iter().map(String::as_str).collect();
        let en: Vec<&str> = self.en.iter().map(String::as_str).collect();
        let opts = AlignOptions {
            zh_paragraphs: self.zh_paragraphs.clone(),
            en_paragraphs: self.en_paragraphs.clone(),
            ..opts.clone()
        };
        let a = align_unchecked(&zh, &en, &opts, progress)?.alignment;
        Ok(a.beads
            .into_iter()
            .map(|mut b| {
                b.zh = b.zh.start + z0..b.zh.end + z0;
                b.en = b.en.start + e0..b.en.end + e0;
                b
            })
            .collect())
    }
}

/// Passes on progress and cancellation, not the size each stretch's alignment announces.
struct Quiet<'p>(&'p mut dyn Progress);

impl Progress for Quiet<'_> {
    fn advance(&mut self, n: u64) -> bool {
        self.0.advance(n)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::NoProgress;
    use crate::align::edit::{Edit, Editor};
    use crate::align::{Lexicon, Rescorer, align};

    fn opts() -> AlignOptions {
        let lex = Lexicon::parse(
            "貿易 贸易 [mao4 yi4] /trade/commerce/\n\
             協議 协议 [xie2 yi4] /agreement/\n\
             簽署 签署 [qian1 shu3] /to sign/\n\
             會議 会议 [hui4 yi4] /meeting/conference/\n\
             舉行 举行 [ju3 xing2] /to hold (a meeting)/\n\
             部長 部长 [bu4 zhang3] /minister/\n\
             投資 投资 [tou2 zi1] /to invest/investment/\n\
             企業 企业 [qi3 ye4] /company/enterprise/\n\
             出口 出口 [chu1 kou3] /export/\n\
             增長 增长 [zeng1 zhang3] /to grow/growth/increase/\n\
             合作 合作 [he2 zuo4] /cooperation/\n",
        )
        .expect("sample lexicon");
        AlignOptions {
            lexicon: Some(Arc::new(lex)),
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

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn editor() -> Editor {
        let a = align(&ZH, &EN, &opts(), &mut NoProgress).unwrap();
        let mut ed = Editor::new(a);
        let r = Rescorer::new(ed.alignment(), &opts());
        ed.set_rescorer(Arc::new(r));
        ed
    }

    #[test]
    fn without_manual_beads_it_is_the_aligner() {
        let ed = editor();
        let (zh, en) = (strings(&ZH), strings(&EN));
        let (a, s) = realign(ed.alignment(), &[], &zh, &en, &opts(), &mut NoProgress).unwrap();
        assert_eq!(&a, ed.alignment());
        assert_eq!((s.kept, s.dropped, s.realigned), (0, 0, a.beads.len()));
    }

    #[test]
    fn manual_beads_with_unchanged_sentences_are_kept() {
        let mut ed = editor();
        // Bead 0 accepted (its Chinese changes below); bead 3 (1-2) split at the Chinese comma,
        // which splits the sentence; bead 4 accepted.
        ed.apply(&Edit::Accept {
            bead: 0,
            accepted: true,
        })
        .unwrap();
        let at = ZH[3].chars().position(|c| c == '，').unwrap() + 1;
        ed.apply(&Edit::SplitAt {
            bead: 3,
            side: Side::Zh,
            sentence: 3,
            at_char: at,
        })
        .unwrap();
        assert_eq!(ed.alignment().beads[3].en, 3..4);
        assert_eq!(ed.alignment().beads[4].en, 4..5);
        ed.apply(&Edit::Accept {
            bead: 5,
            accepted: true,
        })
        .unwrap();
        let before = ed.alignment().clone();

        let mut zh = strings(&ZH);
        zh[0] = "两国部长在上海举行会议。".into();
        let mut en = strings(&EN);
        // Between the two halves of the split bead: nothing to pair it with there.
        en.insert(4, "The figures were published on Monday.".into());
        let (a, s) = realign(
            ed.alignment(),
            ed.history().0,
            &zh,
            &en,
            &opts(),
            &mut NoProgress,
        )
        .unwrap();
        a.check().unwrap();
        assert_eq!((s.edits_replayed, s.edits_lost), (1, 0));
        assert_eq!((s.kept, s.dropped), (3, 1), "{a:?}");
        // The split Chinese sentence is split again, and both halves keep their English.
        assert_eq!(a.zh.len(), 6);
        assert_eq!(a.zh[3], before.zh[3]);
        let kept: Vec<&Bead> = a.beads.iter().filter(|b| b.is_manual()).collect();
        assert_eq!(kept[0].zh, 3..4);
        assert_eq!(a.en_text(kept[0]), EN[3]);
        assert_eq!(a.en_text(kept[1]), EN[4]);
        assert!(kept[2].accepted && a.zh_text(kept[2]) == ZH[4]);
        assert_eq!(s.kept + s.realigned, a.beads.len());
        // The sentence added between kept beads is alone, and the changed first bead aligned again.
        let alone = a.beads.iter().find(|b| b.en == (4..5)).unwrap();
        assert!(alone.zh.is_empty() && !alone.is_manual(), "{alone:?}");
        assert!(!a.beads[0].accepted && a.beads[0].zh == (0..1));
    }

    #[test]
    fn edits_whose_sentences_are_gone_are_counted() {
        let mut ed = editor();
        ed.apply(&Edit::EditText {
            side: Side::En,
            sentence: 1,
            text: "Both sides signed a trade agreement.".into(),
        })
        .unwrap();
        let mut en = strings(&EN);
        en[1] = "The two sides signed a new trade agreement.".into();
        let (a, s) = realign(
            ed.alignment(),
            ed.history().0,
            &strings(&ZH),
            &en,
            &opts(),
            &mut NoProgress,
        )
        .unwrap();
        assert_eq!((s.edits_replayed, s.edits_lost, s.dropped), (0, 1, 1));
        assert_eq!(a.en, en);
    }

    #[test]
    fn mapping_keeps_only_contiguous_runs() {
        let map = [Some(0), Some(1), None, Some(2), Some(4)];
        let cases = [
            (0..2, Some(0..2)),
            (1..3, None),
            (3..5, None),
            (4..5, Some(4..5)),
            (2..2, Some(2..2)),
            (3..3, Some(2..2)),
            (0..0, Some(0..0)),
        ];
        for (r, want) in cases {
            assert_eq!(mapped(&map, &r), want, "{r:?}");
        }
    }
}
