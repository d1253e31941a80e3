//! The shared glossary as QA's [`Terminology`]: the glossary's term recognition ([`TermIndex`]) plus each
//! entry's approved and forbidden translations.
//!
//! An entry's terms in the target language are its approved translations (main terms, abbreviations and
//! variants alike, in the target's script and region: [`super::offered_terms`]), its `forbidden` terms are
//! forbidden; a deprecated entry's target terms are all forbidden. Each hit carries the entry's domain,
//! status and whether it is a name, from which QA decides whether a finding is an error or a suggestion
//! (a proposed entry only suggests). Chinese terms are indexed in both scripts through the conversion
//! engine, so a Traditional source finds a Simplified entry.

use rustc_hash::FxHashMap;

use super::{TermHit, Terminology, normalize_domain, offered_terms};
use crate::glossary::{Entry, EntryId, Glossary, Status, TermIndex, TermKind};
use crate::tm::lang::LangTag;
use crate::tm::script::ScriptConverter;
use crate::{Error, Result};

/// Glossary entries indexed for QA. Immutable and `Send + Sync`: build once (on a worker), share.
pub struct GlossaryTerms {
    index: TermIndex,
    entries: FxHashMap<EntryId, Entry>,
}

impl std::fmt::Debug for GlossaryTerms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GlossaryTerms")
            .field("entries", &self.entries.len())
            .finish()
    }
}

impl GlossaryTerms {
    /// Every live entry of `glossary`, indexed.
    pub fn load(glossary: &Glossary, converter: &dyn ScriptConverter) -> Result<GlossaryTerms> {
        const PAGE: usize = 1000;
        let mut entries = Vec::new();
        loop {
            let page = glossary.list(entries.len(), PAGE)?;
            let done = page.len() < PAGE;
            entries.extend(page);
            if done {
                break;
            }
        }
        Self::from_entries(entries, converter)
    }

    /// Indexes `entries` (deleted ones are left out).
    pub fn from_entries(
        entries: Vec<Entry>,
        converter: &dyn ScriptConverter,
    ) -> Result<GlossaryTerms> {
        let index = TermIndex::build(&entries, |term| {
            let mut forms = vec![
                converter.to_simplified(term),
                converter.to_traditional(term),
            ];
            forms.retain(|f| f != term);
            forms.dedup();
            forms
        })
        .map_err(|e| Error::Invalid(format!("cannot index the glossary: {e}")))?;
        let entries = entries
            .into_iter()
            .filter(|e| !e.deleted)
            .map(|e| (e.id, e))
            .collect();
        Ok(GlossaryTerms { index, entries })
    }

    /// Number of entries indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no entry is indexed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl Terminology for GlossaryTerms {
    fn terms_in(&self, source: &str, source_lang: &LangTag, target_lang: &LangTag) -> Vec<TermHit> {
        let mut hits: Vec<TermHit> = Vec::new();
        for m in self.index.find(source) {
            let in_source_lang =
                LangTag::parse(&m.lang).is_some_and(|l| l.same_language(source_lang));
            if !in_source_lang || m.kind == TermKind::Forbidden {
                continue;
            }
            let Some(entry) = self.entries.get(&m.entry) else {
                continue;
            };
            let data = &entry.data;
            let domain = normalize_domain(Some(&data.domain)).map(str::to_string);
            let proper_noun = data.part_of_speech.eq_ignore_ascii_case("propernoun");
            // Entries that agree on everything QA weighs share a hit (a duplicate entry adds no line to
            // the panel); entries of another domain or status get their own, at the same span.
            let same = |h: &TermHit| {
                h.span == m.range
                    && h.domain == domain
                    && h.status == data.status
                    && h.proper_noun == proper_noun
            };
            let hit = match hits.iter().position(same) {
                Some(i) => &mut hits[i],
                None => {
                    hits.push(TermHit {
                        term: source[m.range.clone()].to_string(),
                        span: m.range.clone(),
                        approved: Vec::new(),
                        forbidden: Vec::new(),
                        domain,
                        status: data.status,
                        proper_noun,
                    });
                    hits.last_mut().expect("just pushed")
                }
            };
            let offered = offered_terms(data, target_lang);
            let (approved, forbidden) = if data.status == Status::Deprecated {
                let all = offered.approved.into_iter().chain(offered.forbidden);
                (Vec::new(), all.collect())
            } else {
                (offered.approved, offered.forbidden)
            };
            for (list, texts) in [
                (&mut hit.approved, approved),
                (&mut hit.forbidden, forbidden),
            ] {
                for t in texts {
                    if !list.contains(&t) {
                        list.push(t);
                    }
                }
            }
        }
        hits.retain(|h| !h.approved.is_empty() || !h.forbidden.is_empty());
        hits.sort_by_key(|h| h.span.start);
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{EntryData, Term};
    use crate::tm::qa::{QaContext, QaKind, Severity, check_segment};
    use crate::tm::script::OpenCcConverter;

    fn entry(id: i64, status: Status, terms: &[(&str, &str, TermKind)]) -> Entry {
        Entry {
            id,
            version: 1,
            data: EntryData {
                terms: terms.iter().map(|(l, t, k)| Term::new(l, t, *k)).collect(),
                status,
                ..EntryData::default()
            },
            changed_by: String::new(),
            changed_at: String::new(),
            deleted: false,
        }
    }

    /// An approved entry with a domain and a part of speech.
    fn filed(id: i64, domain: &str, pos: &str, terms: &[(&str, &str)]) -> Entry {
        let terms: Vec<_> = terms.iter().map(|&(l, t)| (l, t, TermKind::Main)).collect();
        let mut e = entry(id, Status::Approved, &terms);
        e.data.domain = domain.into();
        e.data.part_of_speech = pos.into();
        e
    }

    fn terms() -> GlossaryTerms {
        let entries = vec![
            entry(
                1,
                Status::Approved,
                &[
                    ("zh-Hans", "两江新区", TermKind::Main),
                    ("en", "Liangjiang New Area", TermKind::Main),
                    ("en", "Liangjiang New District", TermKind::Forbidden),
                ],
            ),
            entry(
                2,
                Status::Deprecated,
                &[
                    ("zh-Hans", "渝洽会", TermKind::Main),
                    ("en", "Chongqing Fair", TermKind::Main),
                ],
            ),
            entry(
                3,
                Status::Proposed,
                &[
                    ("zh-Hans", "重庆", TermKind::Main),
                    ("en", "Chungking", TermKind::Main),
                ],
            ),
        ];
        GlossaryTerms::from_entries(entries, &OpenCcConverter::new()).unwrap()
    }

    #[test]
    fn statuses_decide_what_is_approved_and_forbidden() {
        let g = terms();
        let hits = g.terms_in(
            "兩江新區位於重慶，渝洽會",
            &LangTag::zh_traditional(),
            &LangTag::en(),
        );
        let got: Vec<(&str, Vec<&str>, Vec<&str>, Status)> = hits
            .iter()
            .map(|h| {
                (
                    h.term.as_str(),
                    h.approved.iter().map(String::as_str).collect(),
                    h.forbidden.iter().map(String::as_str).collect(),
                    h.status,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "兩江新區",
                    vec!["Liangjiang New Area"],
                    vec!["Liangjiang New District"],
                    Status::Approved
                ),
                ("重慶", vec!["Chungking"], vec![], Status::Proposed),
                ("渝洽會", vec![], vec!["Chongqing Fair"], Status::Deprecated),
            ]
        );
        let (zh, en) = (LangTag::zh_simplified(), LangTag::en());
        let conv = OpenCcConverter::new();
        let ctx = QaContext {
            source_lang: &zh,
            target_lang: &en,
            domain: None,
            terms: &g,
            converter: &conv,
        };
        let findings = check_segment(
            &ctx,
            0,
            "两江新区在重庆举办渝洽会。",
            "Liangjiang New District hosts the Chongqing Fair in Chongqing.",
        );
        let got: Vec<(Severity, &str)> = findings
            .iter()
            .map(|f| (f.severity, f.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    Severity::Error,
                    "“两江新区” should be translated as “Liangjiang New Area”"
                ),
                (
                    Severity::Error,
                    "“Liangjiang New District” is forbidden for “两江新区”; use “Liangjiang New Area”"
                ),
                (
                    Severity::Suggestion,
                    "“重庆” may be translated as “Chungking” (a proposed glossary entry, not yet approved)"
                ),
                (
                    Severity::Error,
                    "“Chongqing Fair” is a forbidden translation of “渝洽会”"
                ),
            ]
        );
    }

    /// The regression: a finance term in a text about ties between two cities is not an error.
    #[test]
    fn terms_of_another_domain_only_suggest() {
        let g = GlossaryTerms::from_entries(
            vec![
                filed(1, "finance", "noun", &[("en", "bond"), ("zh-Hans", "债券")]),
                filed(
                    2,
                    "places",
                    "properNoun",
                    &[("en", "Chengdu"), ("zh-Hans", "成都")],
                ),
                filed(
                    3,
                    "places",
                    "properNoun",
                    &[("en", "Chongqing"), ("zh-Hans", "重庆")],
                ),
                filed(4, "", "noun", &[("en", "ties"), ("zh-Hans", "联系")]),
            ],
            &OpenCcConverter::new(),
        )
        .unwrap();
        let source = "Ties and a close bond now link Chengdu with Chongqing.";
        let (en, zh) = (LangTag::en(), LangTag::zh_simplified());
        let conv = OpenCcConverter::new();
        let run = |domain: Option<&str>, target: &str| -> Vec<(Severity, String)> {
            let ctx = QaContext {
                source_lang: &en,
                target_lang: &zh,
                domain,
                terms: &g,
                converter: &conv,
            };
            check_segment(&ctx, 0, source, target)
                .into_iter()
                .filter_map(|f| match f.kind {
                    QaKind::MissingTerm { term, .. } => Some((f.severity, term)),
                    _ => None,
                })
                .collect()
        };
        let (e, s) = (Severity::Error, Severity::Suggestion);
        let good = "成都与重庆之间的联系日益紧密。";
        // Project domain, target, the missing terms with their severity.
        type Case<'a> = (Option<&'a str>, &'a str, &'a [(Severity, &'a str)]);
        let cases: &[Case] = &[
            (None, good, &[(s, "bond")]),
            (Some("trade"), good, &[(s, "bond")]),
            (Some("finance"), good, &[(e, "bond")]),
            (Some(" Finance "), good, &[(e, "bond")]),
            // Without a domain, names and entries without a domain bind; with one, only its terms.
            (
                None,
                "两地之间的关系日益紧密。",
                &[(e, "Ties"), (s, "bond"), (e, "Chengdu"), (e, "Chongqing")],
            ),
            (
                Some("trade"),
                "两地之间的关系日益紧密。",
                &[(s, "Ties"), (s, "bond"), (s, "Chengdu"), (s, "Chongqing")],
            ),
        ];
        for (domain, target, want) in cases {
            let want: Vec<(Severity, String)> =
                want.iter().map(|(s, t)| (*s, t.to_string())).collect();
            assert_eq!(run(*domain, target), want, "{domain:?} {target}");
        }
    }

    #[test]
    fn hits_offer_the_targets_script_once() {
        let mut both = filed(
            1,
            "places",
            "properNoun",
            &[
                ("en", "Liangjiang New Area"),
                ("zh-Hans", "两江新区"),
                ("zh-Hant", "兩江新區"),
            ],
        );
        both.data
            .terms
            .push(Term::new("en", "LJNA", TermKind::Abbreviation));
        // The same concept entered twice, and "bond" in two domains.
        let twice = filed(
            2,
            "places",
            "properNoun",
            &[("en", "Liangjiang New Area"), ("zh-Hans", "两江新区")],
        );
        let finance = filed(3, "finance", "noun", &[("en", "bond"), ("zh-Hant", "債券")]);
        let general = filed(4, "", "noun", &[("en", "bond"), ("zh-Hans", "纽带")]);
        let g = GlossaryTerms::from_entries(
            vec![both, twice, finance, general],
            &OpenCcConverter::new(),
        )
        .unwrap();
        let source = "LJNA: the Liangjiang New Area bond";
        // Target, the hits: term, offered translations, domain.
        type Case<'a> = (&'a str, &'a [(&'a str, &'a [&'a str], Option<&'a str>)]);
        let cases: &[Case] = &[
            (
                "zh-CN",
                &[
                    ("LJNA", &["两江新区"], Some("places")),
                    ("Liangjiang New Area", &["两江新区"], Some("places")),
                    ("bond", &["债券"], Some("finance")),
                    ("bond", &["纽带"], None),
                ],
            ),
            (
                "zh-TW",
                &[
                    ("LJNA", &["兩江新區"], Some("places")),
                    ("Liangjiang New Area", &["兩江新區"], Some("places")),
                    ("bond", &["債券"], Some("finance")),
                    ("bond", &["紐帶"], None),
                ],
            ),
            (
                "zh-HK",
                &[
                    ("LJNA", &["兩江新區"], Some("places")),
                    ("Liangjiang New Area", &["兩江新區"], Some("places")),
                    ("bond", &["債券"], Some("finance")),
                    ("bond", &["紐帶"], None),
                ],
            ),
        ];
        for (target, want) in cases {
            let hits = g.terms_in(source, &LangTag::en(), &LangTag::parse(target).unwrap());
            let got: Vec<(&str, Vec<&str>, Option<&str>)> = hits
                .iter()
                .map(|h| {
                    (
                        h.term.as_str(),
                        h.approved.iter().map(String::as_str).collect(),
                        h.domain.as_deref(),
                    )
                })
                .collect();
            let want: Vec<(&str, Vec<&str>, Option<&str>)> =
                want.iter().map(|(t, a, d)| (*t, a.to_vec(), *d)).collect();
            assert_eq!(got, want, "{target}");
        }
        // From Chinese, English is offered main term first.
        let hits = g.terms_in("兩江新區", &LangTag::zh_traditional(), &LangTag::en());
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(hits[0].approved, ["Liangjiang New Area", "LJNA"]);
    }
}
