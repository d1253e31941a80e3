//! Making a version's text and document from its parent: cleaning with the reviewer's decisions (or the
//! defaults), converting, and taking one language part. The GUI's jobs and the CLI's `--clean` call these,
//! so both get the same text.
//!
//! Main items: [`clean`] (returns the [`Cleaned`] text with the report and decisions), [`convert`],
//! [`document`] (a version's text as a segmented [`Document`] carrying the original's provenance) and
//! [`part`].

use crate::clean::{self, CleanOptions, CleanReport, RuleSet};
use crate::convert::{Config, Converter};
use crate::document::{Document, Side};
use crate::{Error, Progress, Result};

use super::CleanDecisions;

/// A cleaning run and its outcome.
#[derive(Debug, Clone)]
pub struct Cleaned {
    /// What the rules found.
    pub report: CleanReport,
    /// Whether each change is applied.
    pub accepted: Vec<bool>,
    /// The decisions in their stored form.
    pub decisions: CleanDecisions,
    /// Whether stored decisions were given but did not fit this run (the original or the cleaner changed),
    /// so the defaults were used instead.
    pub decisions_dropped: bool,
    /// The cleaned text.
    pub text: String,
}

/// Cleans `text` with `rules`, applying `decisions` when they were taken on this same run, else the
/// defaults (every fix, no suggestion).
pub fn clean(
    text: &str,
    rules: RuleSet,
    decisions: Option<&CleanDecisions>,
    progress: &mut dyn Progress,
) -> Result<Cleaned> {
    let report = clean::clean(text, &CleanOptions::only(rules), progress)?;
    let stored = decisions.and_then(|d| d.accepted(&report));
    let decisions_dropped = decisions.is_some() && stored.is_none();
    let accepted = stored.unwrap_or_else(|| report.default_accepted());
    let decisions = CleanDecisions::from_review(rules, &report, &accepted);
    let text = report.apply(&accepted);
    Ok(Cleaned {
        report,
        accepted,
        decisions,
        decisions_dropped,
        text,
    })
}

/// `text` converted with `config`.
pub fn convert(text: &str, config: Config) -> String {
    Converter::new(config).convert(text)
}

/// A version's `text` as a document: segmented anew, with the original's file, name and format, so that
/// exports and provenance still name the file the user opened.
pub fn document(
    original: &Document,
    text: String,
    progress: &mut dyn Progress,
) -> Result<Document> {
    let mut doc = Document::from_text(original.name.clone(), text, progress)?;
    doc.path = original.path.clone();
    doc.format = original.format;
    doc.encoding = original.encoding;
    doc.encoding_source = original.encoding_source;
    Ok(doc)
}

/// One language part of a document holding both, or a clear error naming the document when it holds one
/// language only.
pub fn part(doc: &Document, side: Side) -> Result<Document> {
    doc.part_document(side).ok_or_else(|| {
        if let Some((a, b)) = doc.chinese_scripts() {
            return Error::Invalid(format!(
                "{}: holds Chinese in two scripts ({a} and {b}) but no English version, so it has no {} part",
                doc.name,
                super::part_label(side)
            ));
        }
        Error::Invalid(format!(
            "{}: holds only one language version ({}), so it has no {} part",
            doc.name,
            doc.main_lang(),
            super::part_label(side)
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NoProgress;

    #[test]
    fn cleaning_applies_stored_decisions_only_to_the_same_run() {
        let dirty = "繼(jì)續擴大經(jīng)貿合作。\nThe off i cials met.\n";
        let first = clean(dirty, RuleSet::all(), None, &mut NoProgress).unwrap();
        assert!(!first.text.contains("(jīng)"), "{}", first.text);
        assert!(first.text.contains("officials"));
        assert!(!first.decisions_dropped);
        // Reject the pinyin fixes: the stored decisions bring them back on the next run.
        let mut accepted = first.accepted.clone();
        for (i, c) in first.report.changes.iter().enumerate() {
            if c.rule == crate::clean::Rule::Pinyin {
                accepted[i] = false;
            }
        }
        let d = CleanDecisions::from_review(RuleSet::all(), &first.report, &accepted);
        let again = clean(dirty, RuleSet::all(), Some(&d), &mut NoProgress).unwrap();
        assert!(again.text.contains("經(jīng)"), "{}", again.text);
        assert_eq!(again.decisions, d);
        // Another text: the decisions do not fit and are dropped, said so.
        let other = clean("經(jīng)濟。\n", RuleSet::all(), Some(&d), &mut NoProgress).unwrap();
        assert!(other.decisions_dropped);
        assert_eq!(other.text, "經濟。\n");
    }

    #[test]
    fn a_version_document_keeps_the_original_provenance() {
        let mut original =
            Document::from_text("r.txt", "两江新区。\n".into(), &mut NoProgress).unwrap();
        original.path = Some("/data/r.txt".into());
        let doc = document(
            &original,
            convert("两江新区。\n", Config::S2t),
            &mut NoProgress,
        )
        .unwrap();
        assert_eq!(doc.text, "兩江新區。\n");
        assert_eq!(doc.path, original.path);
        assert_eq!(doc.name, "r.txt");
        let err = part(&doc, Side::English).unwrap_err().to_string();
        assert!(
            err.contains("r.txt") && err.contains("only one language"),
            "{err}"
        );
    }
}
