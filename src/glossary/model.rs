//! The glossary's data: a concept [`Entry`] holds [`Term`]s in several languages plus the facts about the
//! concept ([`EntryData`]: domain, part of speech, note, source, [`Status`]).
//!
//! Languages are BCP 47 tags. The four the app shows in columns are [`lang::EN`], [`lang::ZH_HANS`],
//! [`lang::ZH_HANT`] (Taiwan usage) and [`lang::ZH_HK`] (only where Hong Kong usage differs); terms in other
//! languages that arrive in a TBX file are kept, not dropped.

use serde::{Deserialize, Serialize};

/// The database id of an entry.
pub type EntryId = i64;

/// Language tags and their canonical spelling.
pub mod lang {
    /// English.
    pub const EN: &str = "en";
    /// Simplified Chinese (mainland usage).
    pub const ZH_HANS: &str = "zh-Hans";
    /// Traditional Chinese (Taiwan usage, as OpenCC's `s2twp` writes it).
    pub const ZH_HANT: &str = "zh-Hant";
    /// Traditional Chinese as used in Hong Kong, where it differs from [`ZH_HANT`].
    pub const ZH_HK: &str = "zh-HK";

    /// Whether the tag is one of the Chinese columns (these count as one language when an entry is checked
    /// for having at least two languages).
    pub fn is_chinese(tag: &str) -> bool {
        tag == ZH_HANS || tag == ZH_HANT || tag == ZH_HK || tag.eq_ignore_ascii_case("zh")
    }

    /// Canonical form of a language tag as found in a file: `zh-CN` and `zh-SG` become `zh-Hans`, `zh-TW`
    /// and `zh-MO` become `zh-Hant`, `zh-Hant-HK` becomes `zh-HK`, `en-US` and `en-GB` become `en`; other
    /// tags keep their subtags with the usual case (`pt-BR`, `sr-Latn`). `None` if it is not a well-formed
    /// BCP 47 tag (for example `zh_CN`, or an empty string).
    pub fn canonical(tag: &str) -> Option<String> {
        let tag = tag.trim();
        if !is_well_formed(tag) {
            return None;
        }
        let lower = tag.to_ascii_lowercase();
        let parts: Vec<&str> = lower.split('-').collect();
        let primary = parts[0];
        if primary == "en" {
            return Some(EN.to_string());
        }
        if primary == "zh" || primary == "cmn" {
            let has = |s: &str| parts[1..].contains(&s);
            let chinese = if has("hk") {
                ZH_HK
            } else if has("hant") || has("tw") || has("mo") {
                ZH_HANT
            } else if has("hans") || has("cn") || has("sg") {
                ZH_HANS
            } else {
                // A bare `zh` says nothing about the script; mainland usage is the common case in trade releases.
                ZH_HANS
            };
            return Some(chinese.to_string());
        }
        let mut out = String::with_capacity(tag.len());
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                out.push('-');
            }
            if i > 0 && part.len() == 2 && part.bytes().all(|b| b.is_ascii_alphabetic()) {
                out.push_str(&part.to_ascii_uppercase());
            } else if i > 0 && part.len() == 4 && part.bytes().all(|b| b.is_ascii_alphabetic()) {
                out.push_str(&part[..1].to_ascii_uppercase());
                out.push_str(&part[1..]);
            } else {
                out.push_str(part);
            }
        }
        Some(out)
    }

    /// A syntactic check of a BCP 47 tag: a 2–3 or 5–8 letter primary subtag, then subtags of 1–8 letters
    /// or digits separated by hyphens.
    pub fn is_well_formed(tag: &str) -> bool {
        let mut parts = tag.split('-');
        let Some(primary) = parts.next() else {
            return false;
        };
        let ok_primary = matches!(primary.len(), 2 | 3 | 5..=8)
            && primary.bytes().all(|b| b.is_ascii_alphabetic())
            || primary.eq_ignore_ascii_case("i")
            || primary.eq_ignore_ascii_case("x");
        ok_primary
            && parts
                .all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
    }

    /// The order in which the app lists languages: the four columns, then the rest alphabetically.
    pub fn sort_key(tag: &str) -> (u8, &str) {
        match tag {
            EN => (0, tag),
            ZH_HANS => (1, tag),
            ZH_HANT => (2, tag),
            ZH_HK => (3, tag),
            _ => (4, tag),
        }
    }
}

/// What role a term plays within its language in an entry.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, PartialOrd, Ord,
)]
#[serde(rename_all = "lowercase")]
pub enum TermKind {
    /// The preferred term (the first in its language).
    #[default]
    Main,
    /// An abbreviation or acronym (`CCISF`, `MOU`).
    Abbreviation,
    /// An admitted synonym or spelling variant.
    Variant,
    /// A form that must not be used (QA flags it).
    Forbidden,
}

impl TermKind {
    /// All kinds, in column order.
    pub const ALL: [TermKind; 4] = [
        TermKind::Main,
        TermKind::Abbreviation,
        TermKind::Variant,
        TermKind::Forbidden,
    ];

    /// The name used in files and the database (`main`, `abbr`, `variant`, `forbidden`).
    pub fn as_str(self) -> &'static str {
        match self {
            TermKind::Main => "main",
            TermKind::Abbreviation => "abbr",
            TermKind::Variant => "variant",
            TermKind::Forbidden => "forbidden",
        }
    }

    /// Parses a kind name, accepting common synonyms (`abbreviation`, `acronym`, `synonym`, `deprecated`).
    pub fn parse(s: &str) -> Option<TermKind> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "" | "main" | "preferred" => TermKind::Main,
            "abbr" | "abbreviation" | "acronym" | "short" | "shortform" => TermKind::Abbreviation,
            "variant" | "synonym" | "admitted" => TermKind::Variant,
            "forbidden" | "deprecated" | "do not use" => TermKind::Forbidden,
            _ => return None,
        })
    }
}

/// The approval state of an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Agreed and to be used.
    #[default]
    Approved,
    /// Suggested, not yet agreed.
    Proposed,
    /// No longer to be used (forbidden).
    Deprecated,
}

impl Status {
    /// All statuses.
    pub const ALL: [Status; 3] = [Status::Approved, Status::Proposed, Status::Deprecated];

    /// The name used in files and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Approved => "approved",
            Status::Proposed => "proposed",
            Status::Deprecated => "deprecated",
        }
    }

    /// Parses a status name, accepting synonyms from other tools (`forbidden`, `preferred`, `admitted`,
    /// TBX's `preferredTerm-admn-sts`, ...). An empty string is `Approved`.
    pub fn parse(s: &str) -> Option<Status> {
        let lower = s.trim().to_ascii_lowercase();
        let base = lower.trim_end_matches("term-admn-sts");
        Some(match base {
            "" | "approved" | "preferred" | "admitted" | "final" | "finalized" => Status::Approved,
            "proposed" | "draft" | "new" | "pending" => Status::Proposed,
            "deprecated" | "forbidden" | "superseded" | "obsolete" | "notrecommended" => {
                Status::Deprecated
            }
            _ => return None,
        })
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One term of an entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Term {
    /// Canonical BCP 47 tag (see [`lang::canonical`]).
    pub lang: String,
    /// The term as written.
    pub text: String,
    /// Its role.
    #[serde(default)]
    pub kind: TermKind,
}

impl Term {
    /// A term of the given kind.
    pub fn new(lang: &str, text: &str, kind: TermKind) -> Self {
        Term {
            lang: lang.to_string(),
            text: text.trim().to_string(),
            kind,
        }
    }

    /// A preferred term.
    pub fn main(lang: &str, text: &str) -> Self {
        Term::new(lang, text, TermKind::Main)
    }
}

/// Everything about an entry that a user edits.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryData {
    /// The terms, in any order; the first [`TermKind::Main`] term of a language is its preferred term.
    pub terms: Vec<Term>,
    /// Subject field (`trade`, `customs`, `places`, ...).
    #[serde(default)]
    pub domain: String,
    /// Part of speech (`noun`, `verb`, `adjective`, `adverb`, `properNoun`, `other`), or empty.
    #[serde(default)]
    pub part_of_speech: String,
    /// Definition or usage note.
    #[serde(default)]
    pub note: String,
    /// Where the term comes from (document, web page).
    #[serde(default)]
    pub source: String,
    /// Date of the source, as written (ISO 8601 preferred).
    #[serde(default)]
    pub source_date: String,
    /// Approval state.
    #[serde(default)]
    pub status: Status,
}

impl EntryData {
    /// The terms in `lang`, in order.
    pub fn terms_in<'a>(&'a self, lang: &'a str) -> impl Iterator<Item = &'a Term> + 'a {
        self.terms.iter().filter(move |t| t.lang == lang)
    }

    /// The preferred term in `lang`: the first main term, else the first term of any kind.
    pub fn preferred(&self, lang: &str) -> Option<&str> {
        let mut of_lang = self.terms.iter().filter(|t| t.lang == lang);
        let first = of_lang.next()?;
        let main = std::iter::once(first)
            .chain(of_lang)
            .find(|t| t.kind == TermKind::Main);
        Some(main.unwrap_or(first).text.as_str())
    }

    /// The languages present, in display order.
    pub fn languages(&self) -> Vec<&str> {
        let mut langs: Vec<&str> = self.terms.iter().map(|t| t.lang.as_str()).collect();
        langs.sort_by(|a, b| lang::sort_key(a).cmp(&lang::sort_key(b)));
        langs.dedup();
        langs
    }

    /// Trims every field, drops empty terms and exact duplicates, and keeps terms in a stable order
    /// (language display order, then kind, then as given).
    pub fn normalized(mut self) -> Self {
        // Imports call this for every row: nothing is reallocated unless it changes.
        for t in &mut self.terms {
            trim_in_place(&mut t.text);
        }
        self.terms.retain(|t| !t.text.is_empty());
        dedup_terms(&mut self.terms);
        let order = |a: &Term, b: &Term| {
            lang::sort_key(&a.lang)
                .cmp(&lang::sort_key(&b.lang))
                .then(a.kind.cmp(&b.kind))
        };
        if !self.terms.is_sorted_by(|a, b| order(a, b).is_le()) {
            self.terms.sort_by(order);
        }
        for field in [
            &mut self.domain,
            &mut self.part_of_speech,
            &mut self.note,
            &mut self.source,
            &mut self.source_date,
        ] {
            trim_in_place(field);
        }
        self
    }

    /// Checks what every stored entry must satisfy. The message says what is missing, in words for the
    /// user: an entry needs terms in at least two languages (Simplified, Traditional and Hong Kong Chinese
    /// count as one), and every language tag must be well formed.
    pub fn validate(&self) -> Result<(), String> {
        for t in &self.terms {
            let usual = matches!(
                t.lang.as_str(),
                lang::EN | lang::ZH_HANS | lang::ZH_HANT | lang::ZH_HK
            );
            if !usual && lang::canonical(&t.lang).as_deref() != Some(t.lang.as_str()) {
                return Err(format!("'{}' is not a valid language tag", t.lang));
            }
            if t.text.chars().any(|c| c == '\n' || c == '\r' || c == '\t') {
                return Err(format!(
                    "the {} term '{}' contains a line break or tab",
                    t.lang,
                    t.text.escape_debug()
                ));
            }
        }
        let mut groups: Vec<&str> = self
            .terms
            .iter()
            .filter(|t| !t.text.trim().is_empty())
            .map(|t| {
                if lang::is_chinese(&t.lang) {
                    "zh"
                } else {
                    t.lang.as_str()
                }
            })
            .collect();
        groups.sort_unstable();
        groups.dedup();
        match groups.as_slice() {
            [] => Err("the entry has no terms".into()),
            [only] => Err(format!(
                "only one language is filled in ({}); an entry needs terms in at least two languages, \
                 e.g. English and Chinese",
                if *only == "zh" { "Chinese" } else { only }
            )),
            _ => Ok(()),
        }
    }
}

/// Removes leading and trailing white space, reallocating only when there is some.
fn trim_in_place(s: &mut String) {
    let trimmed = s.trim();
    if trimmed.len() != s.len() {
        *s = trimmed.to_string();
    }
}

/// A stored entry: its data plus id, version and who changed it when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Database id.
    pub id: EntryId,
    /// Version, starting at 1 and raised by every change. Updates name the version they were made
    /// against; a stale version is refused ([`crate::Error::Conflict`]).
    pub version: i64,
    /// The content.
    pub data: EntryData,
    /// Who made the last change.
    pub changed_by: String,
    /// When the last change was made (RFC 3339, UTC).
    pub changed_at: String,
    /// Whether the entry is deleted (kept so that the deletion can be undone).
    pub deleted: bool,
}

/// Drops exact duplicates (same language, kind and text), keeping the first of each. A few terms are
/// compared pairwise without allocating; past that a set keeps the work linear (a CSV row with 200,000
/// term columns took a minute when every term was compared with all before it).
fn dedup_terms(terms: &mut Vec<Term>) {
    const PAIRWISE: usize = 16;
    if terms.len() <= PAIRWISE {
        let mut i = 1;
        while i < terms.len() {
            let t = &terms[i];
            if terms[..i]
                .iter()
                .any(|x| x.kind == t.kind && x.text == t.text && x.lang == t.lang)
            {
                terms.remove(i);
            } else {
                i += 1;
            }
        }
        return;
    }
    let keep: Vec<bool> = {
        let mut seen = rustc_hash::FxHashSet::default();
        terms
            .iter()
            .map(|t| seen.insert((t.kind, t.lang.as_str(), t.text.as_str())))
            .collect()
    };
    let mut keep = keep.into_iter();
    terms.retain(|_| keep.next().unwrap_or(true));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_language_tags() {
        let cases = [
            ("en", Some("en")),
            ("EN-us", Some("en")),
            ("zh-CN", Some("zh-Hans")),
            ("zh-Hans-CN", Some("zh-Hans")),
            ("zh", Some("zh-Hans")),
            ("zh-TW", Some("zh-Hant")),
            ("zh-hant", Some("zh-Hant")),
            ("zh-Hant-HK", Some("zh-HK")),
            ("zh-hk", Some("zh-HK")),
            ("pt-br", Some("pt-BR")),
            ("sr-latn-rs", Some("sr-Latn-RS")),
            ("zh_CN", None),
            ("", None),
            ("e", None),
            ("en--US", None),
        ];
        for (input, want) in cases {
            assert_eq!(lang::canonical(input).as_deref(), want, "{input}");
        }
    }

    #[test]
    fn status_and_kind_synonyms() {
        assert_eq!(Status::parse("Forbidden"), Some(Status::Deprecated));
        assert_eq!(
            Status::parse("preferredTerm-admn-sts"),
            Some(Status::Approved)
        );
        assert_eq!(Status::parse(""), Some(Status::Approved));
        assert_eq!(Status::parse("maybe"), None);
        assert_eq!(TermKind::parse("acronym"), Some(TermKind::Abbreviation));
        assert_eq!(TermKind::parse("x"), None);
    }

    #[test]
    fn validation_needs_two_languages() {
        let one = EntryData {
            terms: vec![
                Term::main("zh-Hans", "保税港区"),
                Term::main("zh-Hant", "保稅港區"),
            ],
            ..Default::default()
        };
        let err = one.validate().unwrap_err();
        assert!(err.contains("only one language"), "{err}");
        let two = EntryData {
            terms: vec![
                Term::main("zh-Hans", "保税港区"),
                Term::main("en", "bonded port area"),
            ],
            ..Default::default()
        };
        assert!(two.validate().is_ok());
        let bad = EntryData {
            terms: vec![Term::main("zh_CN", "保税港区"), Term::main("en", "x")],
            ..Default::default()
        };
        assert!(bad.validate().unwrap_err().contains("zh_CN"));
    }

    #[test]
    fn normalized_orders_and_dedups() {
        let d = EntryData {
            terms: vec![
                Term::main("zh-Hant", "兩江新區"),
                Term::new("en", " LNA ", TermKind::Abbreviation),
                Term::main("en", "Liangjiang New Area"),
                Term::main("en", "Liangjiang New Area"),
                Term::main("zh-Hans", "  "),
            ],
            ..Default::default()
        }
        .normalized();
        let got: Vec<_> = d
            .terms
            .iter()
            .map(|t| (t.lang.as_str(), t.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("en", "Liangjiang New Area"),
                ("en", "LNA"),
                ("zh-Hant", "兩江新區")
            ]
        );
        assert_eq!(d.preferred("en"), Some("Liangjiang New Area"));
    }
}
