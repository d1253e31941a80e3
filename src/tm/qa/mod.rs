//! Quality checks before export: each [`QaFinding`] names its segment, says what is wrong and how much it
//! counts ([`Severity`]).
//!
//! Checks: an empty or untranslated target; a glossary term in the source whose approved translation is
//! missing from the target; a forbidden term in the target; numbers, dates and amounts that differ between
//! source and target ([`numbers`]). Terminology comes through the [`Terminology`] trait, so any glossary
//! plugs in; [`TermList`] is a plain list of term pairs. Term findings are errors only where the glossary's
//! decision applies to the document's domain, suggestions otherwise (`severity.rs`); the translations a
//! hit offers are in the target's script and region (`offer.rs`). [`check_segment`] takes what it checks
//! against as a [`QaContext`].

pub mod glossary;
pub mod numbers;
mod offer;
mod severity;

pub use glossary::GlossaryTerms;
pub use offer::{OfferedTerms, offer_terms, offered_terms, tidy_term};
pub use severity::{Severity, normalize_domain};

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::fuzzy::is_han;
use super::lang::LangTag;
use super::script::ScriptConverter;
use crate::glossary::{Status, TermKind};

/// A glossary term found in a segment, with what one entry (or several that agree on domain and status)
/// says about it. Entries of different domains or status that share the term give one hit each, at the
/// same span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermHit {
    /// The term as found.
    pub term: String,
    /// Byte range in the segment.
    pub span: Range<usize>,
    /// Translations to offer for the target language, in its script and region, de-duplicated, preferred
    /// first ([`offered_terms`]).
    pub approved: Vec<String>,
    /// Translations the glossary forbids, in the same script.
    pub forbidden: Vec<String>,
    /// The entry's subject field (`finance`, `customs`), `None` when it has none.
    #[serde(default)]
    pub domain: Option<String>,
    /// The entry's approval state: a proposed entry only suggests.
    #[serde(default)]
    pub status: Status,
    /// Whether the entry is a name (part of speech `properNoun`), which binds whatever the domain.
    #[serde(default)]
    pub proper_noun: bool,
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

/// A translation a term list gives: its language tag, text and kind.
type Candidate<'a> = (&'a str, &'a str, TermKind);

impl Terminology for TermList {
    fn terms_in(&self, source: &str, source_lang: &LangTag, target_lang: &LangTag) -> Vec<TermHit> {
        // Per place in the source, every translation the pairs give, with its language and whether it is
        // approved: the offer then picks the target's script and region from them.
        let mut found: Vec<(Range<usize>, Vec<Candidate>)> = Vec::new();
        for p in &self.pairs {
            let (term, translation) = if p.source_lang.same_language(source_lang)
                && p.target_lang.same_language(target_lang)
            {
                ((&p.source, &p.source_lang), (&p.target, &p.target_lang))
            } else if p.target_lang.same_language(source_lang)
                && p.source_lang.same_language(target_lang)
            {
                ((&p.target, &p.target_lang), (&p.source, &p.source_lang))
            } else {
                continue;
            };
            let kind = match p.status {
                TermStatus::Approved => TermKind::Main,
                TermStatus::Forbidden => TermKind::Forbidden,
            };
            for span in find_all(source, term.0, true) {
                let i = match found.iter().position(|(s, _)| *s == span) {
                    Some(i) => i,
                    None => {
                        found.push((span, Vec::new()));
                        found.len() - 1
                    }
                };
                found[i]
                    .1
                    .push((translation.1.as_str(), translation.0.as_str(), kind));
            }
        }
        let mut hits: Vec<TermHit> = found
            .into_iter()
            .map(|(span, candidates)| {
                let offered = offer_terms(candidates, target_lang);
                TermHit {
                    term: source[span.clone()].to_string(),
                    span,
                    approved: offered.approved,
                    forbidden: offered.forbidden,
                    domain: None,
                    status: Status::Approved,
                    proper_noun: false,
                }
            })
            .filter(|h| !h.approved.is_empty() || !h.forbidden.is_empty())
            .collect();
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
    /// How much it counts: term findings where the glossary's decision may not apply are suggestions,
    /// everything else is an error.
    #[serde(default)]
    pub severity: Severity,
    /// The problem in words a translator understands.
    pub message: String,
}

/// What a segment is checked against.
#[derive(Clone, Copy)]
pub struct QaContext<'a> {
    /// Language of the sources.
    pub source_lang: &'a LangTag,
    /// Language of the targets.
    pub target_lang: &'a LangTag,
    /// The document's subject field (`finance`, `trade`), which decides which glossary terms bind
    /// ([`TermHit::severity`]).
    pub domain: Option<&'a str>,
    /// The glossary.
    pub terms: &'a dyn Terminology,
    /// Folds Chinese to one script, so that a Traditional target matches a Simplified term.
    pub converter: &'a dyn ScriptConverter,
}

/// Checks one segment; findings carry `segment` as their index.
pub fn check_segment(
    ctx: &QaContext<'_>,
    segment: usize,
    source: &str,
    target: &str,
) -> Vec<QaFinding> {
    let mut out = Vec::new();
    let mut push = |kind: QaKind, severity: Severity, message: String| {
        out.push(QaFinding {
            segment,
            kind,
            severity,
            message,
        })
    };
    let (source, target) = (source.trim(), target.trim());
    if source.is_empty() {
        return out;
    }
    let has_words = |t: &str| t.chars().any(|c| c.is_alphabetic());
    if target.is_empty() {
        push(QaKind::Empty, Severity::Error, "no translation".into());
        return out;
    }
    let target_lang = ctx.target_lang;
    let wrong_script = target_lang.is_chinese()
        && !target.chars().any(is_han)
        && source.chars().any(|c| c.is_alphabetic() && !is_han(c))
        || target_lang.is_english()
            && target.chars().filter(|c| is_han(*c)).count() * 2
                > target.chars().filter(|c| c.is_alphabetic()).count();
    if (target == source && has_words(source)) || wrong_script {
        push(
            QaKind::Untranslated,
            Severity::Error,
            "the target is not translated".into(),
        );
    }
    // Compare Chinese in one script: the glossary may be Simplified and the target Traditional.
    let fold = |t: &str| {
        if t.chars().any(is_han) {
            ctx.converter.to_simplified(t)
        } else {
            t.to_string()
        }
    };
    let target_folded = fold(target);
    let present = |t: &str| !find_all(&target_folded, &fold(t), false).is_empty();
    let hits = ctx.terms.terms_in(source, ctx.source_lang, target_lang);
    let severities: Vec<Severity> = hits.iter().map(|h| h.severity(ctx.domain)).collect();
    // The other senses of a term at the same place that bind at least as much as hit `i`: a translation
    // one of them approves answers hit `i` too (the translator chose that sense), a weaker one does not.
    let peers = |i: usize| {
        let (span, severity) = (&hits[i].span, severities[i]);
        hits.iter()
            .zip(&severities)
            .filter(move |(h, s)| h.span == *span && **s <= severity)
            .map(|(h, _)| h)
    };
    for (i, hit) in hits.iter().enumerate() {
        let severity = severities[i];
        let why = hit
            .why_suggestion(ctx.domain)
            .map(|w| format!(" ({w})"))
            .unwrap_or_default();
        let approved = hit.approved.join("” or “");
        if !hit.approved.is_empty() && !peers(i).any(|h| h.approved.iter().any(|a| present(a))) {
            let message = match severity {
                Severity::Error => format!("“{}” should be translated as “{approved}”", hit.term),
                Severity::Suggestion => {
                    format!("“{}” may be translated as “{approved}”{why}", hit.term)
                }
            };
            push(
                QaKind::MissingTerm {
                    term: hit.term.clone(),
                    approved: hit.approved.clone(),
                },
                severity,
                message,
            );
        }
        for bad in &hit.forbidden {
            let bad_folded = fold(bad);
            let used = !find_all(&target_folded, &bad_folded, true).is_empty();
            if !used || peers(i).any(|h| h.approved.iter().any(|a| fold(a) == bad_folded)) {
                continue;
            }
            let message = if hit.approved.is_empty() {
                format!("“{bad}” is a forbidden translation of “{}”{why}", hit.term)
            } else {
                format!(
                    "“{bad}” is forbidden for “{}”{why}; use “{approved}”",
                    hit.term
                )
            };
            push(
                QaKind::ForbiddenTerm {
                    term: hit.term.clone(),
                    used: bad.clone(),
                    approved: hit.approved.clone(),
                },
                severity,
                message,
            );
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
            Severity::Error,
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
        let ctx = QaContext {
            source_lang: &LangTag::zh_simplified(),
            target_lang: &LangTag::en(),
            domain: None,
            terms: &glossary(),
            converter: &NoConversion,
        };
        check_segment(&ctx, 3, source, target)
            .into_iter()
            .map(|f| {
                assert_eq!(f.segment, 3);
                assert_eq!(f.severity, Severity::Error, "{f:?}");
                match f.kind {
                    QaKind::Empty => "empty".to_string(),
                    QaKind::Untranslated => "untranslated".into(),
                    QaKind::MissingTerm { term, .. } => format!("missing {term}"),
                    QaKind::ForbiddenTerm { used, .. } => format!("forbidden {used}"),
                    QaKind::NumberMismatch { text, in_source } => {
                        format!("number {text} {in_source}")
                    }
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
        // A Traditional target is offered the Traditional form of a Simplified pair.
        let found: Vec<(&str, &[String])> = hits
            .iter()
            .map(|h| (h.term.as_str(), h.approved.as_slice()))
            .collect();
        assert_eq!(
            found,
            [
                ("Liangjiang New Area", &["兩江新區".to_string()][..]),
                ("CCISF", &["渝洽會".to_string()][..])
            ]
        );
        assert!(
            g.terms_in("XCCISF", &LangTag::en(), &LangTag::zh_simplified())
                .is_empty()
        );
        assert_eq!(find_all("a CCISF, ccisf.", "CCISF", true), [2..7, 9..14]);
    }

    /// Hits given as they are, whatever the source.
    struct Fixed(Vec<TermHit>);

    impl Terminology for Fixed {
        fn terms_in(&self, _: &str, _: &LangTag, _: &LangTag) -> Vec<TermHit> {
            self.0.clone()
        }
    }

    fn sense(approved: &[&str], forbidden: &[&str], domain: Option<&str>) -> TermHit {
        TermHit {
            term: "bond".into(),
            span: 10..14,
            approved: approved.iter().map(|s| s.to_string()).collect(),
            forbidden: forbidden.iter().map(|s| s.to_string()).collect(),
            domain: domain.map(str::to_string),
            status: Status::Approved,
            proper_noun: false,
        }
    }

    #[test]
    fn senses_of_one_term_answer_each_other_only_upwards() {
        // "bond": 债券 in finance, 纽带 (and not 债券) for ties between places, in no domain.
        let senses = Fixed(vec![
            sense(&["债券"], &[], Some("finance")),
            sense(&["纽带"], &["债券"], None),
        ]);
        let run = |domain: Option<&str>, target: &str| -> Vec<(Severity, String)> {
            let ctx = QaContext {
                source_lang: &LangTag::en(),
                target_lang: &LangTag::zh_simplified(),
                domain,
                terms: &senses,
                converter: &NoConversion,
            };
            check_segment(&ctx, 0, "The close bond between the two cities", target)
                .into_iter()
                .map(|f| (f.severity, f.message))
                .collect()
        };
        let (e, s) = (Severity::Error, Severity::Suggestion);
        // Project domain, target, the findings.
        type Case<'a> = (Option<&'a str>, &'a str, &'a [(Severity, &'a str)]);
        let cases: &[Case] = &[
            // No domain: the general sense binds; the finance one only suggests, and is answered by it.
            (None, "两市之间的纽带", &[]),
            (
                None,
                "两市关系密切",
                &[
                    (
                        s,
                        "“bond” may be translated as “债券” (a term of the finance domain; the project has no domain)",
                    ),
                    (e, "“bond” should be translated as “纽带”"),
                ],
            ),
            // The general sense forbids 债券; a finance suggestion does not outweigh that.
            (
                None,
                "两市之间的债券",
                &[
                    (e, "“bond” should be translated as “纽带”"),
                    (e, "“债券” is forbidden for “bond”; use “纽带”"),
                ],
            ),
            // A finance document: 债券 binds and answers the weaker sense, both its missing and forbidden.
            (Some("finance"), "两市之间的债券", &[]),
            (
                Some("finance"),
                "两市之间的纽带",
                &[(e, "“bond” should be translated as “债券”")],
            ),
        ];
        for (domain, target, want) in cases {
            let want: Vec<(Severity, String)> =
                want.iter().map(|(s, m)| (*s, m.to_string())).collect();
            assert_eq!(run(*domain, target), want, "{domain:?} {target}");
        }
    }

    #[test]
    fn a_term_in_the_other_script_of_the_target_is_present() {
        let conv = crate::tm::script::OpenCcConverter::new();
        let g = glossary();
        let cases = [
            (
                "Liangjiang New Area hosts it",
                "zh-CN",
                "两江新区举办",
                true,
            ),
            (
                "Liangjiang New Area hosts it",
                "zh-CN",
                "兩江新區舉辦",
                true,
            ),
            (
                "Liangjiang New Area hosts it",
                "zh-TW",
                "两江新区举办",
                true,
            ),
            (
                "Liangjiang New Area hosts it",
                "zh-HK",
                "兩江新區舉辦",
                true,
            ),
            ("Liangjiang New Area hosts it", "zh-TW", "新区举办", false),
        ];
        for (source, target_lang, target, present) in cases {
            let target_lang = LangTag::parse(target_lang).unwrap();
            let ctx = QaContext {
                source_lang: &LangTag::en(),
                target_lang: &target_lang,
                domain: None,
                terms: &g,
                converter: &conv,
            };
            let missing = check_segment(&ctx, 0, source, target)
                .iter()
                .any(|f| matches!(f.kind, QaKind::MissingTerm { .. }));
            assert_eq!(!missing, present, "{target_lang} {target}");
        }
    }
}
