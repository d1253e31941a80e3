//! What term extraction reads: Chinese–English sentence pairs ([`BeadPair`]) taken from the beads of
//! alignments or the units of a translation memory, each knowing where it came from ([`BeadRef`]), and the
//! checks that turn unusable input into a message a translator understands.

use serde::{Deserialize, Serialize};

use crate::align::{Alignment, Script, script_of};
use crate::tm::MemoryUnit;
use crate::{Error, Result};

/// Where a sentence pair came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BeadRef {
    /// Which input: the position of the alignment in the slice given to
    /// [`BeadPair::from_alignments`]; 0 for a memory.
    pub source: usize,
    /// The bead's index in its alignment, or the memory unit's id.
    pub bead: i64,
}

/// The Chinese and the English text of one bead (or memory unit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BeadPair {
    /// The Chinese sentences, joined.
    pub zh: String,
    /// The English sentences, joined by a space.
    pub en: String,
    /// Where the pair came from.
    pub at: BeadRef,
}

impl BeadPair {
    /// The beads of one or more alignments that have both sides (1-0 and 0-1 beads pair nothing).
    pub fn from_alignments(alignments: &[&Alignment]) -> Vec<BeadPair> {
        let mut out = Vec::new();
        for (source, a) in alignments.iter().enumerate() {
            for (k, bead) in a.beads.iter().enumerate() {
                if bead.is_null() || bead.zh.end > a.zh.len() || bead.en.end > a.en.len() {
                    continue;
                }
                out.push(BeadPair {
                    zh: a.zh_text(bead),
                    en: a.en_text(bead),
                    at: BeadRef {
                        source,
                        bead: k as i64,
                    },
                });
            }
        }
        out
    }

    /// The Chinese–English units of a memory, in either direction (a unit translated from English is
    /// turned round); units in other languages are left out. `bead` is the unit's id.
    pub fn from_memory(units: Vec<MemoryUnit>) -> Vec<BeadPair> {
        units
            .into_iter()
            .filter_map(|m| {
                let (s, t) = (m.unit.source, m.unit.target);
                let (zh, en) = if s.lang.is_chinese() && t.lang.is_english() {
                    (s.text, t.text)
                } else if s.lang.is_english() && t.lang.is_chinese() {
                    (t.text, s.text)
                } else {
                    return None;
                };
                Some(BeadPair {
                    zh,
                    en,
                    at: BeadRef {
                        source: 0,
                        bead: m.id,
                    },
                })
            })
            .collect()
    }

    /// Sentence pairs given as text (`source` 0, `bead` the position), for tests and simple callers.
    pub fn from_texts<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<BeadPair> {
        pairs
            .into_iter()
            .enumerate()
            .map(|(k, (zh, en))| BeadPair {
                zh: zh.to_string(),
                en: en.to_string(),
                at: BeadRef {
                    source: 0,
                    bead: k as i64,
                },
            })
            .collect()
    }
}

/// Refuses input term extraction cannot work on, saying why: nothing at all, one side empty, a single
/// pair (no statistics to pair terms on), no Chinese on the Chinese side, or the sides swapped.
pub fn check(pairs: &[BeadPair]) -> Result<()> {
    let blank = |s: &str| s.trim().is_empty();
    if pairs.is_empty() {
        return Err(Error::Invalid(
            "there are no aligned sentence pairs to suggest terms from".into(),
        ));
    }
    let (zh_blank, en_blank) = (
        pairs.iter().all(|p| blank(&p.zh)),
        pairs.iter().all(|p| blank(&p.en)),
    );
    match (zh_blank, en_blank) {
        (true, true) => return Err(Error::Invalid("both sides are empty".into())),
        (true, false) => return Err(Error::Invalid("the Chinese side is empty".into())),
        (false, true) => return Err(Error::Invalid("the English side is empty".into())),
        _ => {}
    }
    let zh: Vec<&str> = pairs.iter().map(|p| p.zh.as_str()).collect();
    let en: Vec<&str> = pairs.iter().map(|p| p.en.as_str()).collect();
    let has_han = |side: &[&str]| {
        side.iter()
            .any(|s| s.chars().any(crate::align::chinese::is_han))
    };
    if !has_han(&zh) {
        return Err(Error::Invalid(if script_of(&en) == Script::Chinese {
            "the Chinese side is in English and the English side in Chinese: swap them".into()
        } else {
            "the Chinese side has no Chinese characters: there are no Chinese terms to suggest"
                .into()
        }));
    }
    if script_of(&en) == Script::Chinese {
        return Err(Error::Invalid(
            "the English side is in Chinese: give the English version as the second text".into(),
        ));
    }
    let usable = pairs
        .iter()
        .filter(|p| !blank(&p.zh) && !blank(&p.en))
        .count();
    if usable < 2 {
        return Err(Error::Invalid(
            "only one sentence pair: suggesting terms needs the statistics of many aligned pairs \
             (a whole release, or a memory)"
                .into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Bead;
    use crate::tm::{LangTag, Origin, Segment, Timestamp, TranslationUnit};

    #[test]
    fn alignments_give_their_two_sided_beads() {
        let a = Alignment {
            zh: vec!["甲。".into(), "乙。".into(), "丙。".into()],
            en: vec!["A.".into(), "B.".into()],
            beads: vec![
                Bead::new(0..2, 0..1, 1.0),
                Bead::new(2..3, 1..1, 1.0),
                Bead::new(3..3, 1..2, 1.0),
            ],
        };
        let pairs = BeadPair::from_alignments(&[&a, &a]);
        let got: Vec<_> = pairs
            .iter()
            .map(|p| (p.zh.as_str(), p.en.as_str(), p.at.source, p.at.bead))
            .collect();
        assert_eq!(got, [("甲。乙。", "A.", 0, 0), ("甲。乙。", "A.", 1, 0)]);
    }

    #[test]
    fn memory_units_are_turned_to_chinese_first() {
        let unit = |id, s: (LangTag, &str), t: (LangTag, &str)| MemoryUnit {
            id,
            unit: TranslationUnit::new(Segment::new(s.0, s.1), Segment::new(t.0, t.1)),
            origin: Origin::TmxImport,
            origin_detail: String::new(),
            added: Timestamp::now(),
            used: 0,
        };
        let fr = LangTag::parse("fr").unwrap();
        let pairs = BeadPair::from_memory(vec![
            unit(7, (LangTag::zh_simplified(), "中"), (LangTag::en(), "C")),
            unit(8, (LangTag::en(), "E"), (LangTag::zh_traditional(), "英")),
            unit(9, (fr, "F"), (LangTag::en(), "G")),
        ]);
        let got: Vec<_> = pairs
            .iter()
            .map(|p| (p.zh.as_str(), p.en.as_str(), p.at.bead))
            .collect();
        assert_eq!(got, [("中", "C", 7), ("英", "E", 8)]);
    }

    #[test]
    fn bad_input_is_explained() {
        let cases: [(&[(&str, &str)], &str); 7] = [
            (&[], "no aligned sentence pairs"),
            (
                &[("", "Trade grew."), (" ", "Again.")],
                "Chinese side is empty",
            ),
            (
                &[("贸易增长。", ""), ("再次。", "")],
                "English side is empty",
            ),
            (&[("贸易增长。", "Trade grew.")], "only one sentence pair"),
            (
                &[("Trade grew.", "贸易增长。"), ("Again.", "再次。")],
                "swap them",
            ),
            (
                &[("Trade grew.", "Trade grew."), ("Again.", "Again.")],
                "no Chinese characters",
            ),
            (
                &[("贸易增长。", "贸易增长。"), ("再次。", "再次。")],
                "English side is in Chinese",
            ),
        ];
        for (pairs, want) in cases {
            let err = check(&BeadPair::from_texts(pairs.iter().copied()))
                .unwrap_err()
                .to_string();
            assert!(err.contains(want), "{pairs:?}: {err}");
        }
        let ok = BeadPair::from_texts([("贸易增长。", "Trade grew."), ("再次。", "Again.")]);
        assert!(check(&ok).is_ok());
    }
}
