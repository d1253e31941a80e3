//! Document pairing: which Chinese release is the version of which English one.
//!
//! Each document becomes a bag of keys that survive translation — numbers and amounts, Latin-script
//! tokens, names (pinyin), glossary terms, and the English senses of its dictionary words — weighted by
//! how rare they are among the English documents. Pairs are scored by the cosine of their bags, damped
//! when their lengths do not fit the collection's usual length ratio, and assigned one-to-one so that
//! the total score is highest ([`pair`]).

use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use super::chinese::{self, ZhPiece};
use super::english;
use super::features::{self, Keys};
use super::lexicon::Lexicon;
use super::types::TermPair;

/// A proposed pair: indices into the Chinese and English document lists, and how well they fit (0–1).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairProposal {
    /// Index of the Chinese document.
    pub zh: usize,
    /// Index of the English document.
    pub en: usize,
    /// Similarity of the two, 0–1 (cosine of their evidence, damped by a length misfit).
    pub score: f32,
}

/// Options of [`pair`].
#[derive(Debug, Clone, Default)]
pub struct PairOptions {
    /// The lexicon (`None`: the shipped CC-CEDICT, or none if it cannot be found).
    pub lexicon: Option<Arc<Lexicon>>,
    /// Glossary term pairs.
    pub terms: Vec<TermPair>,
}

/// Pairs below this score are not proposed (the documents share almost nothing).
pub const MIN_PAIR_SCORE: f32 = 0.05;

/// Proposes one English document for each Chinese one (and vice versa), best total score first,
/// sorted by Chinese index. Documents that fit nothing are left out.
pub fn pair(zh_docs: &[&str], en_docs: &[&str], opts: &PairOptions) -> Vec<PairProposal> {
    if zh_docs.is_empty() || en_docs.is_empty() {
        return Vec::new();
    }
    let lexicon = match &opts.lexicon {
        Some(l) => l.clone(),
        None => Lexicon::shared().unwrap_or_else(|_| Arc::new(Lexicon::empty())),
    };
    let scores = score_matrix(zh_docs, en_docs, &lexicon, &opts.terms);
    let mut out: Vec<PairProposal> = assign(&scores)
        .into_iter()
        .filter(|&(z, e)| scores[z][e] >= MIN_PAIR_SCORE)
        .map(|(z, e)| PairProposal {
            zh: z,
            en: e,
            score: scores[z][e],
        })
        .collect();
    out.sort_by_key(|p| p.zh);
    out
}

/// Similarity of every Chinese document with every English one.
pub fn score_matrix(
    zh_docs: &[&str],
    en_docs: &[&str],
    lex: &Lexicon,
    terms: &[TermPair],
) -> Vec<Vec<f32>> {
    let mut keys = Keys::new(lex);
    let names = features::english_names(en_docs);
    let prefixes: FxHashSet<&str> = names
        .iter()
        .flat_map(|n| (1..=n.len()).map(move |k| &n[..k]))
        .collect();
    let term_keys: Vec<(String, String, u32)> = terms
        .iter()
        .filter(|t| !t.zh.trim().is_empty() && !t.en.trim().is_empty())
        .map(|t| {
            let k = keys.local(&format!("=term:{}", t.zh.trim()));
            (t.zh.trim().to_string(), t.en.trim().to_lowercase(), k)
        })
        .collect();
    let en_bags: Vec<FxHashMap<u32, f32>> = en_docs
        .iter()
        .map(|d| english_bag(d, &term_keys, &mut keys))
        .collect();
    let zh_bags: Vec<FxHashMap<u32, f32>> = zh_docs
        .iter()
        .map(|d| chinese_bag(d, lex, &names, &prefixes, &term_keys, &mut keys))
        .collect();
    // Inverse document frequency over the English documents (keys in all of them tell nothing).
    let mut df: FxHashMap<u32, f32> = FxHashMap::default();
    for bag in &en_bags {
        for &k in bag.keys() {
            *df.entry(k).or_default() += 1.0;
        }
    }
    let n = en_docs.len() as f32;
    let idf = |k: &u32| ((n + 1.0) / (df.get(k).copied().unwrap_or(0.0) + 0.5)).ln();
    let weigh = |bag: &FxHashMap<u32, f32>| -> FxHashMap<u32, f32> {
        bag.iter().map(|(k, &c)| (*k, c.ln_1p() * idf(k))).collect()
    };
    let en_w: Vec<FxHashMap<u32, f32>> = en_bags.iter().map(weigh).collect();
    let zh_w: Vec<FxHashMap<u32, f32>> = zh_bags.iter().map(weigh).collect();
    let norm = |v: &FxHashMap<u32, f32>| v.values().map(|x| x * x).sum::<f32>().sqrt().max(1e-6);
    let en_norm: Vec<f32> = en_w.iter().map(norm).collect();
    let zh_norm: Vec<f32> = zh_w.iter().map(norm).collect();
    // The collection's usual length ratio (English characters per Chinese character).
    let zl: Vec<f32> = zh_docs
        .iter()
        .map(|d| features::text_len(d).max(1.0))
        .collect();
    let el: Vec<f32> = en_docs
        .iter()
        .map(|d| features::text_len(d).max(1.0))
        .collect();
    let ratio = el.iter().sum::<f32>() / zl.iter().sum::<f32>();
    zh_w.iter()
        .enumerate()
        .map(|(z, zv)| {
            en_w.iter()
                .enumerate()
                .map(|(e, ev)| {
                    let dot: f32 = zv
                        .iter()
                        .filter_map(|(k, w)| ev.get(k).map(|x| x * w))
                        .sum();
                    let cos = dot / (zh_norm[z] * en_norm[e]);
                    let misfit = (el[e] / (zl[z] * ratio)).ln();
                    cos * (-misfit * misfit / (2.0 * 0.5 * 0.5)).exp()
                })
                .collect()
        })
        .collect()
}

fn english_bag(
    text: &str,
    terms: &[(String, String, u32)],
    keys: &mut Keys<'_>,
) -> FxHashMap<u32, f32> {
    let mut bag: FxHashMap<u32, f32> = FxHashMap::default();
    for v in features::english_numbers(text) {
        *bag.entry(keys.number(v)).or_default() += 1.0;
    }
    for w in english::words(text) {
        if w.stop || w.stem.as_bytes()[0].is_ascii_digit() {
            continue;
        }
        *bag.entry(keys.stem(&w.stem)).or_default() += 1.0;
        if w.capitalised && w.joined.len() >= 2 && !w.stop {
            *bag.entry(keys.local(&format!("@{}", w.joined)))
                .or_default() += 1.0;
        }
    }
    let lower = text.to_lowercase();
    for (_, en, k) in terms {
        let count = lower.matches(en.as_str()).count();
        if count > 0 {
            *bag.entry(*k).or_default() += count as f32;
        }
    }
    bag
}

fn chinese_bag(
    text: &str,
    lex: &Lexicon,
    names: &FxHashSet<String>,
    prefixes: &FxHashSet<&str>,
    terms: &[(String, String, u32)],
    keys: &mut Keys<'_>,
) -> FxHashMap<u32, f32> {
    let mut bag: FxHashMap<u32, f32> = FxHashMap::default();
    for piece in chinese::pieces(text, lex) {
        match piece {
            ZhPiece::Word { entry: Some(e), .. } => {
                // A word's senses share one count between them.
                let ks = lex.keys(e);
                for &k in ks {
                    *bag.entry(k).or_default() += 1.0 / ks.len() as f32;
                }
            }
            ZhPiece::Word { .. } => {}
            ZhPiece::Latin(t) => *bag.entry(keys.stem(&english::stem(&t))).or_default() += 1.0,
            ZhPiece::Number(v) => *bag.entry(keys.number(v)).or_default() += 1.0,
        }
    }
    if !prefixes.is_empty() {
        let chars: Vec<char> = text.chars().collect();
        for name in features::pinyin_names(&chars, prefixes, names) {
            *bag.entry(keys.local(&format!("@{name}"))).or_default() += 1.0;
        }
    }
    for (zh, _, k) in terms {
        let count = text.matches(zh.as_str()).count();
        if count > 0 {
            *bag.entry(*k).or_default() += count as f32;
        }
    }
    bag
}

/// One-to-one assignment maximising the total score (Hungarian algorithm on the cost 1 − score; for
/// very large collections, greedy best-first).
fn assign(scores: &[Vec<f32>]) -> Vec<(usize, usize)> {
    let (nz, ne) = (scores.len(), scores.first().map_or(0, Vec::len));
    let n = nz.max(ne);
    if n > 400 {
        return greedy(scores);
    }
    // Square cost matrix, padded with cost 1 (score 0).
    let cost = |i: usize, j: usize| -> f64 {
        if i < nz && j < ne {
            1.0 - scores[i][j] as f64
        } else {
            1.0
        }
    };
    // Kuhn–Munkres with potentials (e-maxx formulation), 1-based.
    let inf = f64::INFINITY;
    let (mut u, mut v) = (vec![0.0; n + 1], vec![0.0; n + 1]);
    let (mut p, mut way) = (vec![0usize; n + 1], vec![0usize; n + 1]);
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0;
        let mut minv = vec![inf; n + 1];
        let mut used = vec![false; n + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let (mut delta, mut j1) = (inf, 0);
            for j in 1..=n {
                if !used[j] {
                    let cur = cost(i0 - 1, j - 1) - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=n {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    (1..=n)
        .filter(|&j| p[j] >= 1 && p[j] - 1 < nz && j - 1 < ne)
        .map(|j| (p[j] - 1, j - 1))
        .collect()
}

fn greedy(scores: &[Vec<f32>]) -> Vec<(usize, usize)> {
    let mut all: Vec<(f32, usize, usize)> = Vec::new();
    for (z, row) in scores.iter().enumerate() {
        for (e, &s) in row.iter().enumerate() {
            all.push((s, z, e));
        }
    }
    all.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (mut zu, mut eu) = (FxHashSet::default(), FxHashSet::default());
    let mut out = Vec::new();
    for (_, z, e) in all {
        if !zu.contains(&z) && !eu.contains(&e) {
            zu.insert(z);
            eu.insert(e);
            out.push((z, e));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignment_maximises_the_total() {
        // Greedy would take (0,0)=0.9 and be left with (1,1)=0.1; the best total is 0.8 + 0.8.
        let scores = vec![vec![0.9, 0.8], vec![0.8, 0.1]];
        let mut got = assign(&scores);
        got.sort();
        assert_eq!(got, [(0, 1), (1, 0)]);
        let rect = vec![vec![0.1, 0.7, 0.2]];
        assert_eq!(assign(&rect), [(0, 1)]);
    }

    #[test]
    fn pairs_releases_by_numbers_names_and_terms() {
        let zh = [
            "商务部部长王文涛与WTO总干事会谈。2024年双边贸易额达到3500亿美元。",
            "丝路基金宣布投资12亿美元建设港口。",
            "天气预报说明天有雨。",
        ];
        let en = [
            "The Silk Road Fund announced a USD 1.2 billion investment in a port.",
            "It will rain tomorrow, the weather forecast says.",
            "Commerce Minister Wang Wentao met the WTO Director-General. Bilateral trade reached USD 350 billion in 2024.",
        ];
        let opts = PairOptions {
            lexicon: Some(Arc::new(Lexicon::empty())),
            terms: vec![TermPair {
                zh: "丝路基金".into(),
                en: "Silk Road Fund".into(),
            }],
        };
        let got: Vec<(usize, usize)> = pair(&zh, &en, &opts).iter().map(|p| (p.zh, p.en)).collect();
        assert_eq!(&got[..2], [(0, 2), (1, 0)]);
    }
}
