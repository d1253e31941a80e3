//! Suggestions against the glossary: already there, there with another translation, or new — and
//! whether a person rejected them before ([`Glossary::reject_suggestion`]).
//!
//! The Chinese term is looked up with the glossary's own script-blind search (exact matches on folded
//! keys, so 兩江新區 finds 两江新区); English terms are the same when their folded words have the same
//! stems ("bonded port areas" is "Bonded Port Area").

use super::suggestion::{InGlossary, Suggestion};
use crate::Result;
use crate::align::english;
use crate::glossary::normalize::fold;
use crate::glossary::{Glossary, MatchKind, SearchOptions, lang};

/// How `zh` ↔ `en` stands in `glossary`.
pub fn standing(glossary: &mut Glossary, zh: &str, en: &str) -> Result<InGlossary> {
    let options = SearchOptions {
        limit: 20,
        fuzzy: false,
        ..SearchOptions::default()
    };
    let hits = glossary.search(zh, &options)?;
    let mut other: Option<(i64, Vec<String>)> = None;
    let want = loose(en);
    for hit in hits
        .iter()
        .filter(|h| h.kind == MatchKind::Exact && lang::is_chinese(&h.lang))
    {
        let english: Vec<&str> = hit
            .entry
            .data
            .terms_in(lang::EN)
            .map(|t| t.text.as_str())
            .collect();
        if english.iter().any(|e| loose(e) == want) {
            return Ok(InGlossary::Known {
                entry: hit.entry.id,
            });
        }
        let (_, list) = other.get_or_insert_with(|| (hit.entry.id, Vec::new()));
        if let Some(first) = hit.entry.data.preferred(lang::EN) {
            if !list.iter().any(|x| x == first) {
                list.push(first.to_string());
            }
        }
    }
    Ok(match other {
        Some((entry, english)) => InGlossary::OtherTranslation { entry, english },
        None => InGlossary::New,
    })
}

/// Fills in each suggestion's standing in `glossary` and drops those a person rejected (unless
/// `keep_rejected`). For a list made without a glossary, or to refresh one after entries were added.
pub fn check(
    suggestions: &mut Vec<Suggestion>,
    glossary: &mut Glossary,
    keep_rejected: bool,
) -> Result<()> {
    let mut keep = Vec::with_capacity(suggestions.len());
    for mut s in suggestions.drain(..) {
        if !keep_rejected && glossary.is_rejected(&s.zh, &s.en)? {
            continue;
        }
        s.in_glossary = standing(glossary, &s.zh, &s.en)?;
        keep.push(s);
    }
    *suggestions = keep;
    Ok(())
}

/// Rejects a suggestion in `glossary`: the pair, or with `any_english` the Chinese term whatever it is
/// paired with. It will not be suggested again.
pub fn reject(glossary: &mut Glossary, suggestion: &Suggestion, any_english: bool) -> Result<()> {
    let en = (!any_english).then_some(suggestion.en.as_str());
    glossary.reject_suggestion(&suggestion.zh, en)
}

/// An English term's words, folded and stemmed.
fn loose(en: &str) -> Vec<String> {
    fold(en).split(' ').map(english::stem).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{EntryData, Term};

    fn entry(en: &[&str], zh: &str) -> EntryData {
        let mut terms: Vec<Term> = en.iter().map(|e| Term::main(lang::EN, e)).collect();
        terms.push(Term::main(lang::ZH_HANT, zh));
        EntryData {
            terms,
            ..EntryData::default()
        }
    }

    #[test]
    fn known_other_translation_or_new() {
        let dir = tempfile::tempdir().unwrap();
        let mut g = Glossary::open(dir.path().join("g.sqlite")).unwrap();
        let lna = g
            .add(entry(&["Liangjiang New Area"], "兩江新區"))
            .unwrap()
            .id;
        let bpa = g
            .add(entry(&["bonded port area", "BPA"], "保稅港區"))
            .unwrap()
            .id;
        let cases = [
            (
                "两江新区",
                "Liangjiang new area",
                InGlossary::Known { entry: lna },
            ),
            (
                "两江新区",
                "Liangjiang New District",
                InGlossary::OtherTranslation {
                    entry: lna,
                    english: vec!["Liangjiang New Area".into()],
                },
            ),
            (
                "保税港区",
                "bonded port areas",
                InGlossary::Known { entry: bpa },
            ),
            ("保税港区", "BPA", InGlossary::Known { entry: bpa }),
            ("保税", "bonded", InGlossary::New),
            ("渝洽会", "CCISF", InGlossary::New),
        ];
        for (zh, en, want) in cases {
            assert_eq!(standing(&mut g, zh, en).unwrap(), want, "{zh} {en}");
        }
    }
}
