//! Quality checks before export: each [`QaFinding`] names its segment and says what is wrong.
//!
//! Checks: an empty or untranslated target; a glossary term in the source whose approved translation is
//! missing from the target; a forbidden term in the target; numbers, dates and amounts that differ between
//! source and target ([`numbers`]). Terminology comes through the [`Terminology`] trait, so any glossary
//! plugs in; [`TermList`] is a plain list of term pairs.

pub mod glossary;
pub mod numbers;

pub use glossary::GlossaryTerms;

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::fuzzy::is_han;
use super::lang::LangTag;
use super::script::ScriptConverter;

/// A glossary term found in a segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermHit {
    /// The term as found.
    pub term: String,
    /// Byte range in the segment.
    pub span: Range<usize>,
    /// Translations approved for the target language.
    pub approved: Vec<String>,
    /// Translations the glossary forbids.
    pub forbidden: Vec<String>,
}

/// Term recognition, as a glossary provides it.
pub trait Terminology {
    /// Terms found in a source segment, with their approved and forbidden translations into `target_lang`.
    fn terms_in(&self, source: &str, source_lang: &LangTag, target_lang: &LangTag) -> Vec<TermHit>;
}

/// Status of a term pair in a [`TermList`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TermStatus {
    /// The translation to use.
    Approved,
    /// A translation not to use.
    Forbidden,
}

/// One term pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermPair {
    /// Language of `source`.
    pub source_lang: LangTag,
    /// The term.
    pub source: String,
    /// Language of `target`.
    pub target_lang: LangTag,
    /// Its translation.
    pub target: String,
    /// Whether the translation is approved or forbidden.
    pub status: TermStatus,
}

/// A plain list of term pairs: recognition by substring (case-insensitive, whole words for Latin script).
/// Pairs are used in both directions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermList {
    /// The pairs.
    pub pairs: Vec<TermPair>,
}

impl TermList {
    /// Adds an approved pair (builder style).
    pub fn approved(
        mut self,
        source_lang: LangTag,
        source: &str,
        target_lang: LangTag,
        target: &str,
    ) -> Self {
        self.pairs.push(TermPair {
            source_lang,
            source: source.into(),
            target_lang,
            target: target.into(),
            status: TermStatus::Approved,
        });
        self
    }

    /// Adds a forbidden pair (builder style).
    pub fn forbidden(
        mut self,
        source_lang: LangTag,
        source: &str,
        target_lang: LangTag,
        target: &str,
    ) -> Self {
        self.pairs.push(TermPair {
            source_lang,
            source: source.into(),
            target_lang,
            target: target.into(),
            status: TermStatus::Forbidden,
        });
        self
    }
}

impl Terminology for TermList {
    fn terms_in(&self, source: &str, source_lang: &LangTag, target_lang: &LangTag) -> Vec<TermHit> {
        let mut hits: Vec<TermHit> = Vec::new();
        for p in &self.pairs {
            let (term, translation) = if p.source_lang.same_language(source_lang)
                && p.target_lang.same_language(target_lang)
            {
                (&p.source, &p.target)
            } else if p.target_lang.same_language(source_lang)
                && p.source_lang.same_language(target_lang)
            {
                (&p.target, &p.source)
            } else {
                continue;
            };
            for span in find_all(source, term, true) {
                let hit = match hits.iter_mut().find(|h| h.span == span) {
                    Some(h) => h,
                    None => {
                        hits.push(TermHit {
                            term: source[span.clone()].to_string(),
                            span,
                            approved: Vec::new(),
                            forbidden: Vec::new(),
                        });
                        hits.last_mut().expect("just pushed")
                    }
                };
                let list = match p.status {
                    TermStatus::Approved => &mut hit.approved,
                    TermStatus::Forbidden => &mut hit.forbidden,
                };
                if !list.contains(translation) {
                    list.push(translation.clone());
                }
            }
        }
        hits.sort_by_key(|h| h.span.start);
        hits
    }
}

/// Byte ranges of `needle` in `hay`, ignoring ASCII case; Latin-script needles must start and end at word
/// boundaries when `whole_words`.
pub fn find_all(hay: &str, needle: &str, whole_words: bool) -> Vec<Range<usize>> {
    let needle = needle.trim();
    if needle.is_empty() {
        return Vec::new();
    }
    let (h, n) = (hay.to_ascii_lowercase(), needle.to_ascii_lowercase());
    let latin_start = needle
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() && !is_han(c));
    let latin_end = needle
        .chars()
        .last()
        .is_some_and(|c| c.is_alphanumeric() && !is_han(c));
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() && !is_han(c));
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = h[from..].find(&n) {
        let (s, e) = (from + at, from + at + n.len());
        let ok = !whole_words
            || ((!latin_start || !word(hay[..s].chars().next_back()))
                && (!latin_end || !word(hay[e..].chars().next())));
        if ok {
            out.push(s..e);
        }
        from = s + n.len().max(1);
    }
    out
}

/// What a finding is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum QaKind {
    /// The target is empty.
    Empty,
    /// The target is the source, unchanged, or not in the target language.
    Untranslated,
    /// A glossary term in the source whose approved translation the target lacks.
    MissingTerm {
        /// The source term.
        term: String,
        /// Its approved translations.
        approved: Vec<String>,
    },
    /// A forbidden translation used in the target.
    ForbiddenTerm {
        /// The source term.
        term: String,
        /// The forbidden translation found.
        used: String,
        /// What to use instead.
        approved: Vec<String>,
    },
    /// A number in one side and not the other.
    NumberMismatch {
        /// The number as written.
        text: String,
        /// `true` if the source has it and the target lacks it.
        in_source: bool,
    },
}

/// One problem, in one segment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QaFinding {
    /// Index of the segment in its project.
    pub segment: usize,
    /// What is wrong.
    #[serde(flatten)]
    pub kind: QaKind,
    /// The problem in words a translator understands.
    pub message: String,
}

/// Checks one segment; findings carry `segment` as their index.
#[allow(clippy::too_many_arguments)]
pub fn check_segment(
    segment: usize,
    source: &str,
    target: &str,
    source_lang: &LangTag,
    target_lang: &LangTag,
    terms: &dyn Terminology,
    converter: &dyn ScriptConverter,
) -> Vec<QaFinding> {
    let mut out = Vec::new();
    let mut push = |kind: QaKind, message: String| {
        out.push(QaFinding {
            segment,
            kind,
            message,
        })
    };
    let (source, target) = (source.trim(), target.trim());
    if source.is_empty() {
        return out;
    }
    let has_words = |t: &str| t.chars().any(|c| c.is_alphabetic());
    if target.is_empty() {
        push(QaKind::Empty, "no translation".into());
        return out;
    }
    let wrong_script = target_lang.is_chinese()
        && !target.chars().any(is_han)
        && source.chars().any(|c| c.is_alphabetic() && !is_han(c))
        || target_lang.is_english()
            && target.chars().filter(|c| is_han(*c)).count() * 2
                > target.chars().filter(|c| c.is_alphabetic()).count();
    if (target == source && has_words(source)) || wrong_script {
        push(QaKind::Untranslated, "the target is not translated".into());
    }
    // Compare Chinese in one script: the glossary may be Simplified and the target Traditional.
    let fold = |t: &str| {
        if t.chars().any(is_han) {
            converter.to_simplified(t)
        } else {
            t.to_string()
        }
    };
    let target_folded = fold(target);
    for hit in terms.terms_in(source, source_lang, target_lang) {
        if !hit.approved.is_empty()
            && !hit
                .approved
                .iter()
                .any(|a| !find_all(&target_folded, &fold(a), false).is_empty())
        {
            push(
                QaKind::MissingTerm {
                    term: hit.term.clone(),
                    approved: hit.approved.clone(),
                },
                format!(
                    "“{}” should be translated as “{}”",
                    hit.term,
                    hit.approved.join("” or “")
                ),
            );
        }
        for bad in &hit.forbidden {
            if !find_all(&target_folded, &fold(bad), true).is_empty() {
                push(
                    QaKind::ForbiddenTerm {
                        term: hit.term.clone(),
                        used: bad.clone(),
                        approved: hit.approved.clone(),
                    },
                    if hit.approved.is_empty() {
                        format!("“{bad}” is a forbidden translation of “{}”", hit.term)
                    } else {
                        format!(
                            "“{bad}” is forbidden for “{}”; use “{}”",
                            hit.term,
                            hit.approved.join("” or “")
                        )
                    },
                );
            }
        }
    }
    for d in numbers::compare(source, target) {
        let message = if d.in_source {
            format!("the source has {} but the target does not", d.text)
        } else {
            format!("the target has {} but the source does not", d.text)
        };
        push(
            QaKind::NumberMismatch {
                text: d.text,
                in_source: d.in_source,
            },
            message,
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tm::script::NoConversion;

    fn glossary() -> TermList {
        let (zh, en) = (LangTag::zh_simplified(), LangTag::en());
        TermList::default()
            .approved(zh.clone(), "两江新区", en.clone(), "Liangjiang New Area")
            .forbidden(
                zh.clone(),
                "两江新区",
                en.clone(),
                "Liangjiang New District",
            )
            .approved(zh, "渝洽会", en, "CCISF")
    }

    fn kinds(source: &str, target: &str) -> Vec<String> {
        check_segment(
            3,
            source,
            target,
            &LangTag::zh_simplified(),
            &LangTag::en(),
            &glossary(),
            &NoConversion,
        )
        .into_iter()
        .map(|f| {
            assert_eq!(f.segment, 3);
            match f.kind {
                QaKind::Empty => "empty".to_string(),
                QaKind::Untranslated => "untranslated".into(),
                QaKind::MissingTerm { term, .. } => format!("missing {term}"),
                QaKind::ForbiddenTerm { used, .. } => format!("forbidden {used}"),
                QaKind::NumberMismatch { text, in_source } => format!("number {text} {in_source}"),
            }
        })
        .collect()
    }

    #[test]
    fn each_check_fires_on_its_own_problem() {
        let cases: &[(&str, &str, &[&str])] = &[
            (
                "两江新区位于重庆。",
                "Liangjiang New Area is in Chongqing.",
                &[],
            ),
            ("两江新区位于重庆。", "", &["empty"]),
            (
                "两江新区位于重庆。",
                "两江新区位于重庆。",
                &["untranslated", "missing 两江新区"],
            ),
            (
                "两江新区位于重庆。",
                "The area is in Chongqing.",
                &["missing 两江新区"],
            ),
            (
                "两江新区位于重庆。",
                "Liangjiang New District is in Chongqing.",
                &["missing 两江新区", "forbidden Liangjiang New District"],
            ),
            (
                "第二十届渝洽会增长12%。",
                "The 20th CCISF grew 15%.",
                &["number 12 true", "number 15 false"],
            ),
            ("第二十届渝洽会增长12%。", "The 20th ccisf grew 12%.", &[]),
            ("", "", &[]),
        ];
        for (src, tgt, want) in cases {
            assert_eq!(kinds(src, tgt), *want, "{src} | {tgt}");
        }
    }

    #[test]
    fn term_lists_work_both_ways_and_respect_word_boundaries() {
        let g = glossary();
        let hits = g.terms_in(
            "Liangjiang New Area and the CCISF",
            &LangTag::en(),
            &LangTag::zh_traditional(),
        );
        let found: Vec<(&str, &[String])> = hits
            .iter()
            .map(|h| (h.term.as_str(), h.approved.as_slice()))
            .collect();
        assert_eq!(
            found,
            [
                ("Liangjiang New Area", &["两江新区".to_string()][..]),
                ("CCISF", &["渝洽会".to_string()][..])
            ]
        );
        assert!(
            g.terms_in("XCCISF", &LangTag::en(), &LangTag::zh_simplified())
                .is_empty()
        );
        assert_eq!(find_all("a CCISF, ccisf.", "CCISF", true), [2..7, 9..14]);
    }
}
