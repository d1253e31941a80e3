//! Sentence alignment of Chinese–English document pairs, document pairing, review edits, saved projects
//! and exports.
//!
//! - [`align`] turns two sentence lists into an [`Alignment`]: [`Bead`]s (1-1, 1-2, 2-1, 1-3, 3-1, 2-2,
//!   1-4, 2-3, 3-2, 1-0, 0-1), each with a confidence. It is dynamic programming over a combined score
//!   (Gale-Church length with a per-document ratio, CC-CEDICT words, numbers, Latin tokens, pinyin of
//!   names, glossary terms, punctuation, paragraph boundaries), first in a band found from rare shared
//!   words, then again with a word table learned from the first pass, in a narrow band around it.
//! - [`pair`] proposes which Chinese document is the version of which English one.
//! - [`edit`] changes an alignment by hand with undo and redo, scoring the beads a person makes
//!   ([`Rescorer`]); [`project`] saves it in SQLite as you go; [`realign`] aligns a new version of the
//!   documents keeping the beads a person accepted or made.
//! - [`export`] writes bead files, OmegaT TSV and side-by-side HTML.

mod anchor;
pub mod chinese;
mod diff;
mod dp;
pub mod edit;
pub mod english;
pub mod export;
mod features;
mod learn;
pub mod lexicon;
pub mod pair;
pub mod project;
pub mod realign;
mod rescore;
mod score;
mod types;
mod weights;

#[cfg(test)]
mod tests;

use std::ops::Range;
use std::sync::Arc;

pub use edit::{Edit, Editor, Patch, Side};
pub use lexicon::Lexicon;
pub use pair::{PairOptions, PairProposal, pair};
pub use rescore::{Rescorer, score_bead};
pub use types::{
    AlignOptions, AlignResult, AlignWarning, Alignment, Bead, DOUBTFUL_BELOW, TermPair, TermSource,
};

use features::{Extra, Keys};
use score::{Model, Pairs, Prefix, Scorer};
use weights::Weights;

use crate::{Error, Progress, Result};

/// Documents up to this many sentence pairs (Chinese × English) get a first pass over the whole matrix;
/// longer ones a band around anchors.
const FULL_MATRIX_CELLS: usize = 400_000;
/// Half-width (sentences) of the first-pass band around anchors, and of the second pass around the first.
const ANCHOR_BAND: f32 = 12.0;
const SECOND_PASS_BAND: f32 = 6.0;

/// Aligns Chinese sentences with English sentences.
///
/// Runs on any thread; `progress` is told the number of Chinese sentences per pass and may cancel
/// ([`Error::Cancelled`]). Fails with [`Error::Invalid`] when a side is empty or both sides are in the
/// same language.
pub fn align(
    zh: &[&str],
    en: &[&str],
    opts: &AlignOptions,
    progress: &mut dyn Progress,
) -> Result<Alignment> {
    Ok(align_report(zh, en, opts, progress)?.alignment)
}

/// [`align`], with the warnings a person should see (no dictionary, many unpaired sentences, very
/// different lengths).
pub fn align_report(
    zh: &[&str],
    en: &[&str],
    opts: &AlignOptions,
    progress: &mut dyn Progress,
) -> Result<AlignResult> {
    check_languages(zh, en)?;
    align_unchecked(zh, en, opts, progress)
}

/// [`align_report`] without the checks of the input's languages: re-alignment aligns stretches between
/// kept beads that may be a single line of digits or a Latin name.
fn align_unchecked(
    zh: &[&str],
    en: &[&str],
    opts: &AlignOptions,
    progress: &mut dyn Progress,
) -> Result<AlignResult> {
    let mut warnings = Vec::new();
    let lexicon = match &opts.lexicon {
        Some(l) => l.clone(),
        None => Lexicon::shared().unwrap_or_else(|e| {
            warnings.push(AlignWarning::NoLexicon(e.to_string()));
            Arc::new(Lexicon::empty())
        }),
    };
    let lex = &*lexicon;
    let (nz, ne) = (zh.len(), en.len());
    let passes = if opts.second_pass { 2 } else { 1 };
    progress.start((nz * passes) as u64, "aligning sentences");

    let mut keys = Keys::new(lex);
    let names = features::english_names(en);
    let en_side = features::english_side(en, &names, &mut keys);
    let mut extra = Extra::default();
    let zh_text = zh.concat();
    let terms: Vec<TermPair> = opts
        .terms
        .iter()
        .filter(|t| !t.zh.is_empty() && zh_text.contains(t.zh.as_str()))
        .cloned()
        .collect();
    extra.add_terms(&terms, &mut keys);
    let mut zh_side = features::chinese_side(zh, lex, &names, &extra, &mut keys);
    let zp = Prefix::new(&zh_side, &opts.zh_paragraphs);
    let ep = Prefix::new(&en_side, &opts.en_paragraphs);
    let mut model = Model::initial(&zh_side, &en_side);

    let band = if nz * ne <= FULL_MATRIX_CELLS {
        dp::Band::full(nz, ne)
    } else {
        anchor::band(&zh_side, &en_side, ANCHOR_BAND)
    };
    let pairs = Pairs::build(&zh_side, &en_side, &band.pair_rows(ne), keys.len());
    let mut wz = Weights::new(&zh_side, &en_side, keys.len(), model.match_zh);
    let mut we = Weights::new(&en_side, &zh_side, keys.len(), model.match_en);
    let scorer = Scorer {
        model: &model,
        zh: &zh_side,
        en: &en_side,
        zp: &zp,
        ep: &ep,
        pairs: &pairs,
        wz: &wz,
        we: &we,
    };
    let mut path = dp::best_path(&scorer, &band, progress)?;

    let mut pairs = pairs;
    if opts.second_pass {
        // A word table learned from the first pass, and the model's parameters re-estimated on it.
        let learned = learn::learn(zh, en, &path, &mut keys);
        for (z, ks) in &learned.table {
            extra.add(z, ks);
        }
        zh_side = features::chinese_side(zh, lex, &names, &extra, &mut keys);
        model.refine(&zh_side, &en_side, &path);
        let on_path = dp::Band::around_path(&path, nz, ne, 0.0).pair_rows(ne);
        let path_pairs = Pairs::build(&zh_side, &en_side, &on_path, keys.len());
        model.estimate_match(&zh_side, &en_side, &path_pairs, &path);
        let band = dp::Band::around_path(&path, nz, ne, SECOND_PASS_BAND);
        pairs = Pairs::build(&zh_side, &en_side, &band.pair_rows(ne), keys.len());
        wz = Weights::new(&zh_side, &en_side, keys.len(), model.match_zh);
        we = Weights::new(&en_side, &zh_side, keys.len(), model.match_en);
        let scorer = Scorer {
            model: &model,
            zh: &zh_side,
            en: &en_side,
            zp: &zp,
            ep: &ep,
            pairs: &pairs,
            wz: &wz,
            we: &we,
        };
        path = dp::best_path(&scorer, &band, progress)?;
    }
    let scorer = Scorer {
        model: &model,
        zh: &zh_side,
        en: &en_side,
        zp: &zp,
        ep: &ep,
        pairs: &pairs,
        wz: &wz,
        we: &we,
    };
    let conf = dp::confidences(&scorer, &path);
    let beads: Vec<Bead> = path
        .into_iter()
        .zip(conf)
        .map(|((z, e), c)| Bead::new(z, e, c))
        .collect();
    warnings.extend(result_warnings(&beads, &zh_side, &en_side, nz + ne));
    Ok(AlignResult {
        alignment: Alignment {
            zh: zh.iter().map(|s| s.to_string()).collect(),
            en: en.iter().map(|s| s.to_string()).collect(),
            beads,
        },
        warnings,
    })
}

fn result_warnings(
    beads: &[Bead],
    zh: &features::Side,
    en: &features::Side,
    total: usize,
) -> Vec<AlignWarning> {
    let mut w = Vec::new();
    let zh_alone: usize = beads
        .iter()
        .filter(|b| b.en.is_empty())
        .map(|b| b.zh.len())
        .sum();
    let en_alone: usize = beads
        .iter()
        .filter(|b| b.zh.is_empty())
        .map(|b| b.en.len())
        .sum();
    if (zh_alone + en_alone) * 4 > total {
        w.push(AlignWarning::MostlyUnaligned {
            zh_alone,
            en_alone,
            total,
        });
    }
    let lz: f32 = zh.len.iter().sum();
    let le: f32 = en.len.iter().sum();
    let ratio = le / lz.max(1.0);
    if !(1.5..=8.0).contains(&ratio) {
        w.push(AlignWarning::LengthMismatch { ratio });
    }
    w
}

/// Which script a text is mostly in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Mostly Han characters.
    Chinese,
    /// Mostly Latin letters.
    Latin,
    /// Neither (empty, or digits and punctuation only).
    Unknown,
}

/// Guesses the script of a set of sentences from the share of Han characters among letters.
pub fn script_of(sentences: &[&str]) -> Script {
    let (mut han, mut latin) = (0usize, 0usize);
    for s in sentences {
        for c in s.chars() {
            if chinese::is_han(c) {
                han += 1;
            } else if c.is_alphabetic() {
                latin += 1;
            }
        }
    }
    // A Chinese character carries about as much as a short English word (~4 letters).
    if han == 0 && latin == 0 {
        Script::Unknown
    } else if han * 4 >= latin {
        Script::Chinese
    } else {
        Script::Latin
    }
}

fn check_languages(zh: &[&str], en: &[&str]) -> Result<()> {
    let blank = |s: &[&str]| s.iter().all(|t| t.trim().is_empty());
    match (blank(zh), blank(en)) {
        (true, true) => return Err(Error::Invalid("both documents are empty".into())),
        (true, false) => return Err(Error::Invalid("the Chinese document is empty".into())),
        (false, true) => return Err(Error::Invalid("the English document is empty".into())),
        _ => {}
    }
    match (script_of(zh), script_of(en)) {
        (Script::Latin, Script::Chinese) => Err(Error::Invalid(
            "the Chinese document is in English and the English one in Chinese: swap them".into(),
        )),
        (Script::Chinese, Script::Chinese) => Err(Error::Invalid(
            "both documents are in Chinese: give the English version as the second document".into(),
        )),
        (Script::Latin, Script::Latin) => Err(Error::Invalid(
            "both documents are in English: give the Chinese version as the first document".into(),
        )),
        _ => Ok(()),
    }
}

/// Beads as (Chinese range, English range), for code that does not need confidences.
pub fn ranges(alignment: &Alignment) -> Vec<(Range<usize>, Range<usize>)> {
    alignment
        .beads
        .iter()
        .map(|b| (b.zh.clone(), b.en.clone()))
        .collect()
}
