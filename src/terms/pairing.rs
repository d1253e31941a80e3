//! Pairing Chinese candidates with English ones across beads, and the score that ranks the pairs.
//!
//! For each Chinese candidate the English candidates of its beads are counted in a dense array (no hash
//! map of all pairs: the work is the sum over beads of |Chinese| × |English| candidates, each an array
//! increment). A pair's score multiplies
//! - association: Dice, 2·both / (Chinese beads + English beads);
//! - confidence in the count: both / (both + 1), so a pair seen twice ranks below one seen twenty times;
//! - termhood: the geometric mean of both candidates' freedom ([`super::candidates`]), and a quarter for
//!   a single word on both sides that is not a name (合作 ~ cooperation is a translation, rarely a
//!   glossary term);
//! - evidence: 0.35 + 0.65 × the share of both terms explained by CC-CEDICT, pinyin or Latin tokens,
//!   less for Chinese words the dictionary knows but the English lacks ([`Evidence::weight`]), so new
//!   names without any evidence still rank, below explained ones.
//!
//! Each Chinese candidate keeps its best English; [`super::resolve`] then settles pairs that overlap.
//!
//! Main type: [`Pair`]; entry point [`pair`].

use super::analysis::Analysis;
use super::evidence::{EnWord, Evidence, Prover, ZhWord};
use crate::{Error, Progress, Result};

/// English candidates kept per Chinese candidate for scoring with evidence (the rest are alternatives
/// nobody would pick).
const SHORTLIST: usize = 4;
/// The termhood of a single general word paired with a single word (合作 ~ cooperation, 支持 ~ support):
/// a translation the dictionary knows, rarely a glossary term.
const GENERAL: f32 = 0.25;
/// Alternatives shown must score at least this share of the best.
const ALTERNATIVE_SHARE: f32 = 0.3;

/// A scored pair of candidates.
#[derive(Debug, Clone)]
pub struct Pair {
    /// Chinese candidate.
    pub zh: u32,
    /// English candidate.
    pub en: u32,
    /// Beads holding both.
    pub both: u32,
    /// The ranking score.
    pub score: f32,
    /// What supports it besides co-occurrence.
    pub evidence: Evidence,
    /// Other English candidates for the same Chinese, best first: (candidate, beads holding both, score).
    pub alternatives: Vec<(u32, u32, f32)>,
}

/// Pairs every Chinese candidate with its best English one and ranks the pairs, best first.
/// `progress` advances by the number of beads in all.
pub fn pair(s: &Analysis<'_>, min_freq: u32, progress: &mut dyn Progress) -> Result<Vec<Pair>> {
    let (zc, ec) = (&s.zh_cands, &s.en_cands);
    let mut counts = vec![0u32; ec.len()];
    let mut touched: Vec<u32> = Vec::new();
    let mut prover = Prover::new(s.lex);
    let mut best: Vec<Pair> = Vec::new();
    let beads = s.zh.beads() as u64;
    let chunk = 512usize;
    let mut reported = 0u64;
    for z in 0..zc.len() as u32 {
        if z as usize % chunk == chunk - 1 {
            let done = beads * u64::from(z) / zc.len() as u64;
            if !progress.advance(done - reported) {
                return Err(Error::Cancelled);
            }
            reported = done;
        }
        let zsize = u32::from(zc.size[z as usize]);
        for &b in zc.beads_of(z) {
            for &e in ec.of_bead(b as usize) {
                if !compatible(zsize, s, e) {
                    continue;
                }
                if counts[e as usize] == 0 {
                    touched.push(e);
                }
                counts[e as usize] += 1;
            }
        }
        let mut short: Vec<(u32, u32, f32)> = Vec::new();
        for &e in &touched {
            let both = counts[e as usize];
            counts[e as usize] = 0;
            if both >= min_freq {
                short.push((e, both, prior(s, z, e, both)));
            }
        }
        touched.clear();
        if short.is_empty() {
            continue;
        }
        short.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
        short.truncate(SHORTLIST);
        let mut scored: Vec<(u32, u32, f32, Evidence)> = short
            .into_iter()
            .map(|(e, both, p)| {
                let ev = evidence(s, &mut prover, z, e);
                (e, both, p * ev.weight(), ev)
            })
            .collect();
        scored.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
        let (e, both, score, evidence) = scored[0];
        let alternatives = scored[1..]
            .iter()
            .filter(|a| a.2 >= score * ALTERNATIVE_SHARE)
            .map(|a| (a.0, a.1, a.2))
            .collect();
        best.push(Pair {
            zh: z,
            en: e,
            both,
            score,
            evidence,
            alternatives,
        });
    }
    if !progress.advance(beads - reported) {
        return Err(Error::Cancelled);
    }
    Ok(super::resolve::resolve(s, best, min_freq))
}

/// Whether a Chinese candidate of `zsize` characters can translate English candidate `e`: an English
/// term has at most one word more than the Chinese has characters, and at least one word per four
/// characters, unless it is an acronym.
fn compatible(zsize: u32, s: &Analysis<'_>, e: u32) -> bool {
    let words = u32::from(s.en_cands.size[e as usize]);
    words <= zsize + 1 && (zsize <= 4 * words + 2 || s.en_is_acronym(e))
}

/// The score before evidence: association × confidence × termhood.
fn prior(s: &Analysis<'_>, z: u32, e: u32, both: u32) -> f32 {
    let (zc, ec) = (&s.zh_cands, &s.en_cands);
    let (fz, fe) = (zc.count[z as usize], ec.count[e as usize]);
    let dice = 2.0 * both as f32 / (fz + fe) as f32;
    let confidence = both as f32 / (both as f32 + 1.0);
    let freedom = (zc.freedom[z as usize] * ec.freedom[e as usize]).sqrt();
    let zh_words = s.zh_grams.grams[zc.gram[z as usize] as usize].len;
    let general = zh_words == 1 && ec.size[e as usize] == 1 && !s.en_is_name(e);
    let specific = if general { GENERAL } else { 1.0 };
    dice * confidence * freedom * specific
}

fn evidence(s: &Analysis<'_>, prover: &mut Prover<'_>, z: u32, e: u32) -> Evidence {
    let (zv, ev) = (&s.zh.vocab, &s.en.vocab);
    let zw = s.zh_grams.words(s.zh_cands.gram[z as usize]);
    let ew = s.en_grams.words(s.en_cands.gram[e as usize]);
    let zh: Vec<ZhWord<'_>> = zw
        .iter()
        .map(|&w| ZhWord {
            text: &zv.words[w as usize],
            entry: zv.entry[w as usize],
            joiner: zv.joiner[w as usize],
        })
        .collect();
    let en: Vec<EnWord<'_>> = ew
        .iter()
        .map(|&w| EnWord {
            text: &ev.words[w as usize],
            stop: ev.stop[w as usize],
            capitalised: ev.capitalised[w as usize],
            acronym: ev.acronym[w as usize],
        })
        .collect();
    prover.prove(&zh, &en)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NoProgress;
    use crate::align::Lexicon;

    fn lex() -> Lexicon {
        Lexicon::parse(
            "新區 新区 [xin1 qu1] /new district/new area/\n\
             企業 企业 [qi3 ye4] /company/firm/enterprise/\n\
             增長 增长 [zeng1 zhang3] /to grow/to increase/\n",
        )
        .unwrap()
    }

    #[test]
    fn best_english_for_each_chinese_and_nested_losers_dropped() {
        let zh = [
            "两江新区企业增长。",
            "两江新区企业很多。",
            "两江新区吸引企业。",
            "渝洽会在两江新区举行。",
            "渝洽会开幕。",
        ];
        let en = [
            "Firms in the Liangjiang New Area grew.",
            "The Liangjiang New Area has many firms.",
            "The Liangjiang New Area attracts firms.",
            "The CCISF was held in the Liangjiang New Area.",
            "The CCISF opened.",
        ];
        let lex = lex();
        let s = Analysis::new(&zh, &en, &lex, 2, &mut NoProgress).unwrap();
        let pairs = pair(&s, 2, &mut NoProgress).unwrap();
        let got: Vec<(String, String, u32)> = pairs
            .iter()
            .map(|p| (s.zh_text(p.zh), s.en_text(p.en), p.both))
            .collect();
        let has = |z: &str, e: &str| got.iter().any(|g| g.0 == z && g.1 == e);
        assert!(has("两江新区", "Liangjiang New Area"), "{got:?}");
        assert!(has("渝洽会", "CCISF"), "{got:?}");
        assert_eq!(got[0].0, "两江新区", "{got:?}");
        // 两江 never stands alone; nothing else takes Liangjiang New Area.
        assert_eq!(
            got.iter().filter(|g| g.1 == "Liangjiang New Area").count(),
            1,
            "{got:?}"
        );
        let lna = &pairs[0];
        assert_eq!(lna.both, 4);
        assert_eq!((lna.evidence.pinyin, lna.evidence.dictionary), (1, 1));
    }
}
