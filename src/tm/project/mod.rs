//! The Translate workspace's model: a source document cut into segments, their translations and status,
//! and an undo history. The GUI view wraps a [`TranslationProject`]; the CLI's `pretranslate` drives the
//! same one.
//!
//! Main items: [`TranslationProject`], [`ProjectSegment`], [`SegmentStatus`], [`ProjectProgress`].
//! Pre-translation is in `pretranslate.rs`, exports (TXT, DOCX, TMX, memory) in `export.rs`.

mod export;
mod memory_sync;
mod open;
mod pretranslate;
mod rebase;

use std::path::Path;

use serde::{Deserialize, Serialize};

pub use memory_sync::{MemoryLink, MemoryWork};
pub use pretranslate::{PretranslateOptions, PretranslateSummary};
pub use rebase::RebaseSummary;

use super::lang::LangTag;
use super::qa::{QaContext, QaFinding, TermHit, Terminology, check_segment};
use super::script::ScriptConverter;
use super::store::{MatchOptions, Memory, TmMatch};
use crate::{Error, Result};

/// Where a segment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SegmentStatus {
    /// No translation yet.
    Untranslated,
    /// Filled from the memory by pre-translation, not yet reviewed.
    Pretranslated,
    /// Edited by the translator, not confirmed.
    Draft,
    /// Confirmed by the translator (goes into the memory).
    Confirmed,
}

/// One segment of the source and its translation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectSegment {
    /// Index of the source paragraph it belongs to.
    pub paragraph: usize,
    /// The source sentence.
    pub source: String,
    /// The translation (empty when untranslated).
    pub target: String,
    /// Where it stands.
    pub status: SegmentStatus,
    /// The match percentage of the memory the target came from, if it came from one.
    pub match_score: Option<u8>,
    /// The memory unit its confirmation added, so that undoing the confirmation takes it out again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<MemoryLink>,
}

/// Translated and total segment counts, for a progress bar.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectProgress {
    /// Segments with a translation.
    pub translated: usize,
    /// Segments confirmed.
    pub confirmed: usize,
    /// All segments.
    pub total: usize,
}

/// One segment's state before and after an edit.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Change {
    segment: usize,
    before: (String, SegmentStatus, Option<u8>),
    after: (String, SegmentStatus, Option<u8>),
}

/// A document being translated.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TranslationProject {
    /// Name of the source document (a file name), written into exported TMX properties.
    pub source_name: Option<String>,
    /// Language of the source.
    pub source_lang: LangTag,
    /// Language translated into.
    pub target_lang: LangTag,
    /// The segments in document order.
    pub segments: Vec<ProjectSegment>,
    /// What separates paragraphs in the exported text (`"\n"` or `"\n\n"`, as in the source).
    pub paragraph_break: String,
    /// Which text the project translates (a [`crate::version::VersionRef`] key), when it came from an
    /// open document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_key: Option<String>,
    /// Fingerprint of the source sentences it was made from ([`TranslationProject::source_fingerprint`]):
    /// when the text has other sentences now, the project is out of date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_hash: Option<String>,
    /// The document's subject field (`finance`, `trade`, as the glossary names domains): QA enforces the
    /// glossary terms of this domain and only suggests the others ([`TermHit::severity`]). Projects saved
    /// before there was a domain load with none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    #[serde(skip)]
    undo: Vec<Vec<Change>>,
    #[serde(skip)]
    redo: Vec<Vec<Change>>,
    /// Counts every edit, undo and redo, so that a view can tell cheaply whether to save or check again.
    #[serde(skip)]
    revision: u64,
}

impl TranslationProject {
    /// A project from the source's paragraphs, each a list of sentences. Empty sentences are dropped;
    /// a paragraph without sentences still separates its neighbours.
    pub fn new(
        source_name: Option<String>,
        source_lang: LangTag,
        target_lang: LangTag,
        paragraphs: Vec<Vec<String>>,
    ) -> TranslationProject {
        let segments = paragraphs
            .into_iter()
            .enumerate()
            .flat_map(|(p, sentences)| {
                sentences
                    .into_iter()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .map(move |source| ProjectSegment {
                        paragraph: p,
                        source,
                        target: String::new(),
                        status: SegmentStatus::Untranslated,
                        match_score: None,
                        memory: None,
                    })
            })
            .collect();
        TranslationProject {
            source_name,
            source_lang,
            target_lang,
            segments,
            paragraph_break: "\n".into(),
            source_key: None,
            source_hash: None,
            domain: None,
            undo: Vec::new(),
            redo: Vec::new(),
            revision: 0,
        }
    }

    /// Changes with every edit, undo and redo.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Fingerprint of the source sentences (in order), to tell when the source text has changed.
    pub fn source_fingerprint(&self) -> String {
        let sources: Vec<&str> = self.segments.iter().map(|s| s.source.as_str()).collect();
        crate::fingerprint::to_hex(crate::fingerprint::of_texts(&sources))
    }

    /// Reads a project saved with [`TranslationProject::save`].
    pub fn load(path: &Path) -> Result<TranslationProject> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        serde_json::from_str(&text).map_err(|e| Error::Format {
            path: path.to_path_buf(),
            line: Some(e.line()),
            column: Some(e.column()),
            message: format!("not a Duizhao translation project: {e}"),
        })
    }

    /// Saves the project (segments, targets, status; not the undo history) as JSON, atomically.
    pub fn save(&self, path: &Path) -> Result<()> {
        let json = serde_json::to_vec_pretty(self).map_err(|e| Error::Invalid(e.to_string()))?;
        crate::export::write_atomic(path, &json)
    }

    fn segment(&self, i: usize) -> Result<&ProjectSegment> {
        self.segments.get(i).ok_or_else(|| {
            Error::Invalid(format!(
                "no segment {} (the project has {})",
                i + 1,
                self.segments.len()
            ))
        })
    }

    fn state(&self, i: usize) -> (String, SegmentStatus, Option<u8>) {
        let s = &self.segments[i];
        (s.target.clone(), s.status, s.match_score)
    }

    /// Applies a group of changes as one undo step.
    fn apply(&mut self, changes: Vec<Change>) {
        if changes.is_empty() {
            return;
        }
        for c in &changes {
            let s = &mut self.segments[c.segment];
            (s.target, s.status, s.match_score) = c.after.clone();
        }
        self.undo.push(changes);
        self.redo.clear();
        self.revision += 1;
    }

    fn change(
        &self,
        i: usize,
        target: String,
        status: SegmentStatus,
        score: Option<u8>,
    ) -> Option<Change> {
        let before = self.state(i);
        let after = (target, status, score);
        (before != after).then_some(Change {
            segment: i,
            before,
            after,
        })
    }

    /// Sets the translation of segment `i` (a draft; empty text makes it untranslated again).
    pub fn set_target(&mut self, i: usize, text: &str) -> Result<()> {
        self.segment(i)?;
        let text = text.trim().to_string();
        let status = if text.is_empty() {
            SegmentStatus::Untranslated
        } else {
            SegmentStatus::Draft
        };
        let change = self.change(i, text, status, None);
        self.apply(change.into_iter().collect());
        Ok(())
    }

    /// Takes a memory match as the translation of segment `i` (a draft, remembering the score).
    pub fn use_match(&mut self, i: usize, m: &TmMatch) -> Result<()> {
        self.segment(i)?;
        let change = self.change(
            i,
            m.target.trim().to_string(),
            SegmentStatus::Draft,
            Some(m.score),
        );
        self.apply(change.into_iter().collect());
        Ok(())
    }

    /// Confirms segment `i`'s translation. An empty translation cannot be confirmed.
    pub fn confirm(&mut self, i: usize) -> Result<()> {
        let s = self.segment(i)?;
        if s.target.is_empty() {
            return Err(Error::Invalid(format!(
                "segment {} has no translation to confirm",
                i + 1
            )));
        }
        let (target, score) = (s.target.clone(), s.match_score);
        let change = self.change(i, target, SegmentStatus::Confirmed, score);
        self.apply(change.into_iter().collect());
        Ok(())
    }

    /// Undoes the last edit (a whole pre-translation counts as one). Returns whether there was one.
    pub fn undo(&mut self) -> bool {
        let Some(changes) = self.undo.pop() else {
            return false;
        };
        for c in changes.iter().rev() {
            let s = &mut self.segments[c.segment];
            (s.target, s.status, s.match_score) = c.before.clone();
        }
        self.redo.push(changes);
        self.revision += 1;
        true
    }

    /// Redoes the last undone edit. Returns whether there was one.
    pub fn redo(&mut self) -> bool {
        let Some(changes) = self.redo.pop() else {
            return false;
        };
        for c in &changes {
            let s = &mut self.segments[c.segment];
            (s.target, s.status, s.match_score) = c.after.clone();
        }
        self.undo.push(changes);
        self.revision += 1;
        true
    }

    /// Whether [`TranslationProject::undo`] has something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether [`TranslationProject::redo`] has something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Translated / confirmed / total.
    pub fn progress(&self) -> ProjectProgress {
        ProjectProgress {
            translated: self
                .segments
                .iter()
                .filter(|s| !s.target.is_empty())
                .count(),
            confirmed: self
                .segments
                .iter()
                .filter(|s| s.status == SegmentStatus::Confirmed)
                .count(),
            total: self.segments.len(),
        }
    }

    /// Memory matches for segment `i`, in the project's scripts.
    pub fn matches(
        &self,
        i: usize,
        memory: &mut Memory,
        options: &MatchOptions,
    ) -> Result<Vec<TmMatch>> {
        let s = self.segment(i)?;
        memory.matches(&s.source, &self.source_lang, &self.target_lang, options)
    }

    /// Glossary terms in segment `i`'s source, with their translations in the target's script and region,
    /// in the order to show them: by position, the terms that bind in the project's domain before those
    /// that only suggest.
    pub fn terms(&self, i: usize, terms: &dyn Terminology) -> Result<Vec<TermHit>> {
        let s = self.segment(i)?;
        let mut hits = terms.terms_in(&s.source, &self.source_lang, &self.target_lang);
        let domain = self.domain.as_deref();
        hits.sort_by_key(|h| (h.span.start, h.severity(domain)));
        Ok(hits)
    }

    /// Runs every quality check over every segment, in segment order, weighing glossary terms by the
    /// project's [`domain`](TranslationProject::domain).
    pub fn qa(&self, terms: &dyn Terminology, converter: &dyn ScriptConverter) -> Vec<QaFinding> {
        let ctx = QaContext {
            source_lang: &self.source_lang,
            target_lang: &self.target_lang,
            domain: self.domain.as_deref(),
            terms,
            converter,
        };
        self.segments
            .iter()
            .enumerate()
            .flat_map(|(i, s)| check_segment(&ctx, i, &s.source, &s.target))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn project() -> TranslationProject {
        TranslationProject::new(
            Some("release.txt".into()),
            LangTag::zh_simplified(),
            LangTag::en(),
            vec![
                vec![
                    "两江新区位于重庆。".into(),
                    "  ".into(),
                    "渝洽会将于5月举行。".into(),
                ],
                vec![],
                vec!["进出口额增长12%。".into()],
            ],
        )
    }

    #[test]
    fn edits_confirm_and_undo_redo() {
        let mut p = project();
        assert_eq!(p.segments.len(), 3);
        assert_eq!(
            p.progress(),
            ProjectProgress {
                translated: 0,
                confirmed: 0,
                total: 3
            }
        );
        p.set_target(0, "Liangjiang is in Chongqing.").unwrap();
        p.confirm(0).unwrap();
        assert!(p.confirm(1).is_err(), "nothing to confirm");
        assert!(p.set_target(9, "x").is_err());
        assert_eq!(
            p.progress(),
            ProjectProgress {
                translated: 1,
                confirmed: 1,
                total: 3
            }
        );
        assert!(p.undo());
        assert_eq!(p.segments[0].status, SegmentStatus::Draft);
        assert!(p.undo());
        assert_eq!(p.segments[0].status, SegmentStatus::Untranslated);
        assert!(p.segments[0].target.is_empty());
        assert!(!p.undo());
        assert!(p.redo());
        assert_eq!(p.segments[0].target, "Liangjiang is in Chongqing.");
        p.set_target(1, "CCISF in May.").unwrap();
        assert!(!p.can_redo(), "a new edit clears redo");
        p.set_target(1, "CCISF in May.").unwrap();
        assert!(p.undo());
        assert!(
            p.segments[1].target.is_empty(),
            "an edit that changes nothing adds no undo step"
        );
    }

    #[test]
    fn projects_save_and_load() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.json");
        let mut p = project();
        p.set_target(2, "Trade grew 12%.").unwrap();
        p.save(&path).unwrap();
        let back = TranslationProject::load(&path).unwrap();
        assert_eq!(back.segments, p.segments);
        assert_eq!(back.domain, None);
        // A project saved before projects had a domain loads, and a domain survives the round trip.
        let mut old: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert!(old.as_object_mut().unwrap().remove("domain").is_none());
        std::fs::write(&path, old.to_string()).unwrap();
        assert!(TranslationProject::load(&path).unwrap().domain.is_none());
        p.domain = Some("trade".into());
        p.save(&path).unwrap();
        assert_eq!(
            TranslationProject::load(&path).unwrap().domain.as_deref(),
            Some("trade")
        );
        std::fs::write(&path, "{ not json").unwrap();
        assert!(matches!(
            TranslationProject::load(&path),
            Err(Error::Format { .. })
        ));
    }
}
