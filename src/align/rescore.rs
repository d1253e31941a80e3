//! Scores for beads a person made: the aligner's own evidence, on its 0–1 scale, for one bead at a time.
//!
//! The aligner's confidence is a margin over local alternatives, which says nothing useful about a bead a
//! person just made: the person usually overrules the aligner, so the aligner's alternative would always
//! "win" and a right correction would show as doubtful. A hand-made bead is scored instead by how well
//! its two sides correspond — Gale-Church length with the document's ratio and variance, dictionary words,
//! numbers, Latin tokens, pinyin names, glossary terms and the words learned from the document, and
//! punctuation — turned into 0–1 by a logistic curve placed on human gold beads against wrong pairings
//! (see `PAIR_MIDPOINT`). A bead with an empty side scores one minus the best pairing of its sentences
//! with the other side of a neighbouring bead: high when nothing nearby translates them.
//!
//! [`Rescorer`] holds what is costly — the whole document's key counts, learned words and the refined
//! length model — and is built once per alignment (about as long as extracting the document's features;
//! the [`super::edit::Editor`] builds it at the first edit). Scoring one bead then reads a few sentences:
//! 40–110 µs per edit on mac-dev-concat (`benches/align.rs`). Counts need not follow every edit: a few
//! changed sentences hardly move them.

use std::ops::Range;
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use super::dp::Band;
use super::edit::Side;
use super::english;
use super::features::{self, Extra, Keys};
use super::learn;
use super::lexicon::Lexicon;
use super::score::{Model, Pairs, Prefix, Scorer};
use super::types::{AlignOptions, Alignment, Bead, TermPair};
use super::weights::Weights;

/// Pair evidence (log-likelihood units) at which a hand-made pairing scores 0.5. On the MAC dev gold
/// data with the shipped CC-CEDICT (1,337 beads), true beads and pairings shifted by one bead are told
/// apart best there: 93 % of true beads score above 0.5, 89 % of shifted ones below. Pairings that are
/// half right (a 1-2 bead cut to 1-1, a 1-1 bead given the next English sentence too) score lower than
/// the whole bead but often above 0.5: they are partly translations.
const PAIR_MIDPOINT: f32 = -3.0;
/// Evidence units per unit of logistic slope.
const PAIR_SCALE: f32 = 2.5;

/// What scoring a hand-made bead needs from its document, computed once.
#[derive(Debug)]
pub struct Rescorer {
    lexicon: Arc<Lexicon>,
    // The document's local keys (numbers, names, Latin tokens), frozen.
    local: FxHashMap<String, u32>,
    // English words capitalised inside a sentence somewhere in the document (pinyin names).
    names: FxHashSet<String>,
    extra: Extra,
    model: Model,
    // Sentences of each side that hold each key.
    df_zh: Vec<u32>,
    df_en: Vec<u32>,
    n_zh: usize,
    n_en: usize,
}

impl Rescorer {
    /// Builds the document statistics of an alignment with the lexicon and glossary terms of `opts`
    /// (no lexicon: the shared CC-CEDICT, or none if it cannot be loaded). Costs about one feature
    /// extraction of the document plus learning its word table (mac-dev-concat's 3,414 sentences:
    /// 75 ms). `Rescorer` is `Send`: a front end can build it off the UI thread and hand it to
    /// [`super::edit::Editor::set_rescorer`].
    pub fn new(alignment: &Alignment, opts: &AlignOptions) -> Rescorer {
        let lexicon = match &opts.lexicon {
            Some(l) => l.clone(),
            None => Lexicon::shared().unwrap_or_else(|_| Arc::new(Lexicon::empty())),
        };
        Self::build(alignment, lexicon, &opts.terms)
    }

    fn build(a: &Alignment, lexicon: Arc<Lexicon>, terms: &[TermPair]) -> Rescorer {
        let lex = &*lexicon;
        let zh: Vec<&str> = a.zh.iter().map(String::as_str).collect();
        let en: Vec<&str> = a.en.iter().map(String::as_str).collect();
        // A damaged alignment still gets scores, from the sentences alone.
        let path: Vec<(Range<usize>, Range<usize>)> = if a.check().is_ok() {
            a.beads
                .iter()
                .map(|b| (b.zh.clone(), b.en.clone()))
                .collect()
        } else {
            Vec::new()
        };
        let mut keys = Keys::new(lex);
        let names = features::english_names(&en);
        let en_side = features::english_side(&en, &names, &mut keys);
        let zh_text = zh.concat();
        let terms: Vec<TermPair> = terms
            .iter()
            .filter(|t| !t.zh.is_empty() && zh_text.contains(t.zh.as_str()))
            .cloned()
            .collect();
        let mut extra = Extra::default();
        extra.add_terms(&terms, &mut keys);
        // The same learned table the aligner's second pass uses, learned from the beads as they are now.
        let learned = learn::learn(&zh, &en, &path, &mut keys);
        for (z, ks) in &learned.table {
            extra.add(z, ks);
        }
        let zh_side = features::chinese_side(&zh, lex, &names, &extra, &mut keys);
        let mut model = Model::initial(&zh_side, &en_side);
        if !path.is_empty() && !zh.is_empty() && !en.is_empty() {
            model.refine(&zh_side, &en_side, &path);
            let rows = Band::around_path(&path, zh.len(), en.len(), 0.0).pair_rows(en.len());
            let pairs = Pairs::build(&zh_side, &en_side, &rows, keys.len());
            model.estimate_match(&zh_side, &en_side, &pairs, &path);
        }
        let count = |side: &features::Side, n: usize| {
            let mut df = vec![0u32; n];
            for s in 0..side.n() {
                for &k in side.key_set(s) {
                    df[k as usize] += 1;
                }
            }
            df
        };
        let nkeys = keys.len();
        let (df_zh, df_en) = (count(&zh_side, nkeys), count(&en_side, nkeys));
        Rescorer {
            local: keys.into_local(),
            lexicon,
            names,
            extra,
            model,
            df_zh,
            df_en,
            n_zh: zh.len(),
            n_en: en.len(),
        }
    }

    /// The score (0–1) of `bead` as it stands among the beads of `alignment` (it need not be one of
    /// them: its neighbours are the beads that end where it starts and start where it ends).
    pub fn score(&self, alignment: &Alignment, bead: &Bead) -> f32 {
        if bead.zh.end > alignment.zh.len() || bead.en.end > alignment.en.len() {
            return 0.0;
        }
        let beads = &alignment.beads;
        let prev = beads
            .iter()
            .find(|b| b.zh.end == bead.zh.start && b.en.end == bead.en.start);
        let next = beads
            .iter()
            .find(|b| b.zh.start == bead.zh.end && b.en.start == bead.en.end);
        let text = |side: Side, i: usize| match side {
            Side::Zh => alignment.zh[i].as_str(),
            Side::En => alignment.en[i].as_str(),
        };
        let mut one = [bead.clone()];
        self.score_run(text, prev, &mut one, next);
        one[0].confidence
    }

    /// Sets the confidence of each bead of `run`, consecutive beads between `prev` and `next`, with
    /// sentence texts from `text` (the edit builder passes the text as it will be after its patch).
    pub(crate) fn score_run<'t>(
        &self,
        text: impl Fn(Side, usize) -> &'t str,
        prev: Option<&Bead>,
        run: &mut [Bead],
        next: Option<&Bead>,
    ) {
        let sentences = |side: Side, r: &Range<usize>| -> Vec<&'t str> {
            r.clone().map(|i| text(side, i)).collect()
        };
        let scores: Vec<f32> = (0..run.len())
            .map(|k| {
                let b = &run[k];
                if !b.is_null() {
                    return self
                        .pair_score(&sentences(Side::Zh, &b.zh), &sentences(Side::En, &b.en));
                }
                // Unpaired sentences: as likely right as no neighbour's other side translates them.
                let before = if k == 0 { prev } else { Some(&run[k - 1]) };
                let after = run.get(k + 1).or(next);
                let best = [before, after]
                    .into_iter()
                    .flatten()
                    .filter_map(|n| {
                        if b.zh.is_empty() {
                            let zh = sentences(Side::Zh, &n.zh);
                            (!zh.is_empty())
                                .then(|| self.pair_score(&zh, &sentences(Side::En, &b.en)))
                        } else {
                            let en = sentences(Side::En, &n.en);
                            (!en.is_empty())
                                .then(|| self.pair_score(&sentences(Side::Zh, &b.zh), &en))
                        }
                    })
                    .fold(0.0f32, f32::max);
                1.0 - best
            })
            .collect();
        for (b, s) in run.iter_mut().zip(scores) {
            b.confidence = s;
        }
    }

    /// The 0–1 score of pairing these Chinese sentences with these English ones.
    pub(crate) fn pair_score(&self, zh: &[&str], en: &[&str]) -> f32 {
        let w = self.window(zh, en);
        pair_confidence(w.scorer().pair_evidence(&(0..zh.len()), &(0..en.len())))
    }

    /// Features of a few sentences, weighted with the document's counts.
    pub(crate) fn window(&self, zh: &[&str], en: &[&str]) -> Window<'_> {
        let lex = &*self.lexicon;
        let mut keys = Keys::on_top_of(lex, &self.local);
        // Names of the document that occur here, and those these sentences show themselves.
        let mut names = features::english_names(en);
        for s in en {
            for w in english::words(s) {
                if self.names.contains(&w.joined) {
                    names.insert(w.joined);
                }
            }
        }
        let en_side = features::english_side(en, &names, &mut keys);
        let zh_side = features::chinese_side(zh, lex, &names, &self.extra, &mut keys);
        let nkeys = keys.len();
        let rows = vec![0..en.len(); zh.len()];
        let pairs = Pairs::build(&zh_side, &en_side, &rows, nkeys);
        // Edited text may hold keys the document statistics never saw: count these sentences too.
        let here = |side: &features::Side| {
            let mut df: FxHashMap<u32, u32> = FxHashMap::default();
            for s in 0..side.n() {
                for &k in side.key_set(s) {
                    *df.entry(k).or_default() += 1;
                }
            }
            df
        };
        let (here_zh, here_en) = (here(&zh_side), here(&en_side));
        let df = |doc: &[u32], here: &FxHashMap<u32, u32>, k: u32| {
            let d = doc.get(k as usize).copied().unwrap_or(0);
            d.max(here.get(&k).copied().unwrap_or(0))
        };
        let wz = Weights::from_df(
            &zh_side,
            |k| df(&self.df_en, &here_en, k),
            self.n_en.max(en.len()),
            self.model.match_zh,
        );
        let we = Weights::from_df(
            &en_side,
            |k| df(&self.df_zh, &here_zh, k),
            self.n_zh.max(zh.len()),
            self.model.match_en,
        );
        Window {
            model: &self.model,
            zp: Prefix::new(&zh_side, &[]),
            ep: Prefix::new(&en_side, &[]),
            zh: zh_side,
            en: en_side,
            pairs,
            wz,
            we,
        }
    }
}

/// Scores one bead with its neighbours in `alignment`, building a [`Rescorer`] with the shared lexicon
/// first: convenient for one bead, costly for many (build the `Rescorer` once instead).
pub fn score_bead(alignment: &Alignment, bead: &Bead) -> f32 {
    Rescorer::new(alignment, &AlignOptions::default()).score(alignment, bead)
}

/// Pair evidence → 0–1.
fn pair_confidence(evidence: f32) -> f32 {
    1.0 / (1.0 + (-(evidence - PAIR_MIDPOINT) / PAIR_SCALE).exp())
}

/// A few sentences as the aligner's scorer sees them (local indices from 0).
pub(crate) struct Window<'r> {
    model: &'r Model,
    zh: features::Side,
    en: features::Side,
    zp: Prefix,
    ep: Prefix,
    pairs: Pairs,
    wz: Weights,
    we: Weights,
}

impl Window<'_> {
    /// The aligner's scorer over the window.
    pub(crate) fn scorer(&self) -> Scorer<'_> {
        Scorer {
            model: self.model,
            zh: &self.zh,
            en: &self.en,
            zp: &self.zp,
            ep: &self.ep,
            pairs: &self.pairs,
            wz: &self.wz,
            we: &self.we,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // A release and its translation (bead k pairs Chinese k with English k, except 3 ↔ 3–4).
    const ZH: [&str; 5] = [
        "两国部长在北京举行会议，讨论扩大双边贸易。",
        "双方签署了一项为期五年的投资保护协议。",
        "2023年双边贸易额增长5.3%，达到870亿美元。",
        "两国企业对新能源汽车的投资达到120亿美元，电池出口继续快速增长。",
        "王明表示，两国在农业和旅游领域的合作前景广阔。",
    ];
    const EN: [&str; 6] = [
        "The ministers of the two countries held a meeting in Beijing to discuss expanding bilateral trade.",
        "The two sides signed a five-year agreement on the protection of investment.",
        "In 2023, bilateral trade grew by 5.3% to 87 billion US dollars.",
        "Investment by companies of the two countries in new energy vehicles reached 12 billion dollars.",
        "Battery exports continued to grow rapidly.",
        "Wang Ming said the prospects for cooperation in agriculture and tourism are broad.",
    ];

    fn release() -> Alignment {
        Alignment {
            zh: ZH.map(String::from).to_vec(),
            en: EN.map(String::from).to_vec(),
            beads: vec![
                Bead::new(0..1, 0..1, 0.9),
                Bead::new(1..2, 1..2, 0.9),
                Bead::new(2..3, 2..3, 0.9),
                Bead::new(3..4, 3..5, 0.9),
                Bead::new(4..5, 5..6, 0.9),
            ],
        }
    }

    /// The shipped CC-CEDICT: scores mean something only with a real dictionary.
    fn rescorer(a: &Alignment) -> Rescorer {
        let lexicon = Lexicon::shared().expect("assets/cedict is part of the repository");
        let opts = AlignOptions {
            lexicon: Some(lexicon),
            ..AlignOptions::default()
        };
        Rescorer::new(a, &opts)
    }

    #[test]
    fn right_pairings_score_high_and_wrong_ones_low() {
        let a = release();
        let r = rescorer(&a);
        let cases = [
            (Bead::new(3..4, 3..5, 0.0), true, "the right 1-2"),
            (Bead::new(1..2, 1..2, 0.0), true, "a right 1-1"),
            (Bead::new(2..3, 2..3, 0.0), true, "numbers"),
            (Bead::new(2..3, 5..6, 0.0), false, "unrelated sentences"),
            (Bead::new(1..2, 2..3, 0.0), false, "shifted by one"),
            (Bead::new(4..5, 4..5, 0.0), false, "shifted the other way"),
        ];
        for (bead, high, what) in cases {
            let s = r.score(&a, &bead);
            assert!((0.0..=1.0).contains(&s), "{what}: {s}");
            assert_eq!(s >= 0.5, high, "{what}: {s}");
        }
        let whole = r.score(&a, &Bead::new(3..4, 3..5, 0.0));
        let half = r.score(&a, &Bead::new(3..4, 3..4, 0.0));
        assert!(whole > half, "{whole} vs {half}");
    }

    #[test]
    fn unpaired_sentences_score_by_their_neighbours() {
        let mut a = release();
        // Chinese 4 left alone although English 5 (its translation) is next to it: doubtful.
        a.beads.truncate(4);
        a.beads.push(Bead::new(4..5, 5..5, 0.0));
        a.beads.push(Bead::new(5..5, 5..6, 0.0));
        let r = rescorer(&a);
        assert!(r.score(&a, &a.beads[4]) < 0.5);
        assert!(r.score(&a, &a.beads[5]) < 0.5);
        // An English sentence nobody translated, next to a bead that does not match it: fine alone.
        let mut b = release();
        b.en.push(
            "Reporters from several newspapers attended the press conference on Tuesday.".into(),
        );
        b.beads.push(Bead::new(5..5, 6..7, 0.0));
        let r = rescorer(&b);
        assert!(r.score(&b, &b.beads[5]) > 0.5);
    }

    #[test]
    fn can_be_built_off_the_ui_thread() {
        fn shareable<T: Send + Sync>() {}
        shareable::<Rescorer>();
    }

    #[test]
    fn beads_outside_the_alignment_score_zero() {
        let a = release();
        let r = rescorer(&a);
        assert_eq!(r.score(&a, &Bead::new(4..9, 5..6, 0.0)), 0.0);
    }
}
