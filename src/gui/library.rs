//! The open documents as the app holds them: each document's original and its stored versions, each
//! loaded on a worker thread into a [`Loaded`] text (the segmented document, its table rows, its language
//! parts), and how a [`VersionRef`] resolves to the text a workspace works on.
//!
//! Main types: [`Library`] (the documents in the Documents list), [`OpenDoc`], [`OpenVersion`], [`Loaded`]
//! and [`Row`]. The library never touches the database or starts jobs: the app does, and tells it what came
//! back.

use std::sync::Arc;

use crate::document::{self, Document, Lang, Side};
use crate::version::{self, Recipe, Version, VersionRef};
use crate::{Progress, Result};

use super::widgets;

/// A stored version, as the app keeps it.
pub type StoredVersion = Version;

/// One table row: a sentence with its numbering.
#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based paragraph number.
    pub paragraph: u32,
    /// 1-based sentence number within the document.
    pub sentence: u32,
    /// Index into the paragraph's sentences (0 for the first sentence of a paragraph).
    pub index_in_paragraph: u32,
    /// Byte span in the document text.
    pub span: std::ops::Range<usize>,
    /// Language of the sentence.
    pub lang: Lang,
    /// Estimated width of the text in ems, for the row height.
    pub ems: f32,
}

/// Builds the rows of a document's table (run on a worker thread: it touches every character).
pub fn build_rows(doc: &Document) -> Vec<Row> {
    let mut rows = Vec::with_capacity(doc.sentence_count());
    let mut n = 0u32;
    for (pi, p) in doc.paragraphs.iter().enumerate() {
        for (si, s) in p.sentences.iter().enumerate() {
            n += 1;
            rows.push(Row {
                paragraph: pi as u32 + 1,
                sentence: n,
                index_in_paragraph: si as u32,
                span: s.span.clone(),
                lang: s.lang,
                ems: widgets::estimate_ems(&doc.text[s.span.clone()]),
            });
        }
    }
    rows
}

/// A text ready to show and work on.
pub struct Loaded {
    /// The segmented document.
    pub doc: Arc<Document>,
    /// Its table rows.
    pub rows: Arc<Vec<Row>>,
    /// Fingerprint of its text: versions made from it record it, and are out of date when it changes.
    pub hash: u64,
    /// Its two language parts, when it holds both.
    pub parts: Vec<(Side, Arc<Document>, Arc<Vec<Row>>)>,
}

impl Loaded {
    /// Everything the app shows of `doc`, computed once (on a worker thread).
    pub fn build(doc: Document, progress: &mut dyn Progress) -> Result<Loaded> {
        let mut parts = Vec::new();
        if doc.versions.is_some() {
            for side in [Side::Chinese, Side::English] {
                if let Some(p) = doc.part_document(side) {
                    let rows = build_rows(&p);
                    parts.push((side, Arc::new(p), Arc::new(rows)));
                }
            }
        }
        if !progress.advance(0) {
            return Err(crate::Error::Cancelled);
        }
        Ok(Loaded {
            rows: Arc::new(build_rows(&doc)),
            hash: crate::fingerprint::of_text(&doc.text),
            doc: Arc::new(doc),
            parts,
        })
    }

    /// The whole text, or one part of it.
    pub fn text(&self, part: Option<Side>) -> Option<(&Arc<Document>, &Arc<Vec<Row>>)> {
        match part {
            None => Some((&self.doc, &self.rows)),
            Some(side) => self
                .parts
                .iter()
                .find(|(s, _, _)| *s == side)
                .map(|(_, d, r)| (d, r)),
        }
    }
}

/// Loading state of a text.
#[derive(Clone)]
pub enum DocState {
    /// Being read on a worker thread.
    Loading,
    /// Ready to show.
    Ready(Arc<Loaded>),
    /// Could not be read; the message names the file and the reason.
    Failed(String),
}

impl DocState {
    /// The loaded text, when ready.
    pub fn ready(&self) -> Option<&Arc<Loaded>> {
        match self {
            DocState::Ready(l) => Some(l),
            _ => None,
        }
    }
}

/// A stored version of an open document.
#[derive(Clone)]
pub struct OpenVersion {
    /// What is stored.
    pub stored: StoredVersion,
    /// Its text, segmented.
    pub state: DocState,
}

/// A document in the Documents list: the file and the versions made from it.
#[derive(Clone)]
pub struct OpenDoc {
    /// Workspace id (negative when the workspace database is unavailable).
    pub id: i64,
    /// The file.
    pub path: std::path::PathBuf,
    /// The user's encoding override.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// The original's loading state.
    pub state: DocState,
    /// The stored versions, oldest first.
    pub versions: Vec<OpenVersion>,
}

impl OpenDoc {
    /// Name shown in lists.
    pub fn name(&self) -> String {
        document::display_name(&self.path)
    }

    /// The original, when loaded.
    pub fn ready(&self) -> Option<&Arc<Loaded>> {
        self.state.ready()
    }

    /// A stored version.
    pub fn version(&self, id: i64) -> Option<&OpenVersion> {
        self.versions.iter().find(|v| v.stored.id == id)
    }

    /// The cleaned version made from the original, if there is one.
    pub fn cleaned(&self) -> Option<&OpenVersion> {
        self.versions
            .iter()
            .rev()
            .find(|v| v.stored.parent.is_none() && matches!(v.stored.recipe, Recipe::Cleaned(_)))
    }

    /// What the workspaces take when only the document was chosen: its cleaned version where there is
    /// one, else the original.
    pub fn preferred(&self) -> VersionRef {
        VersionRef {
            document: self.id,
            version: self.cleaned().map(|v| v.stored.id),
            part: None,
        }
    }

    /// The loaded text of the original or of a version (not of a part).
    pub fn loaded(&self, version: Option<i64>) -> Option<&Arc<Loaded>> {
        match version {
            None => self.ready(),
            Some(id) => self.version(id)?.state.ready(),
        }
    }

    /// Every text of this document a workspace can pick: the original, each version, and their parts.
    pub fn refs(&self) -> Vec<VersionRef> {
        let mut out = Vec::new();
        let mut push = |version: Option<i64>, loaded: Option<&Arc<Loaded>>| {
            let whole = VersionRef {
                document: self.id,
                version,
                part: None,
            };
            out.push(whole);
            for (side, _, _) in loaded.map(|l| l.parts.as_slice()).unwrap_or_default() {
                out.push(whole.with_part(Some(*side)));
            }
        };
        push(None, self.ready());
        for v in &self.versions {
            push(Some(v.stored.id), v.state.ready());
        }
        out
    }

    /// The fingerprint the parent of `v` has now, if it is loaded.
    pub fn parent_hash_now(&self, v: &StoredVersion) -> Option<u64> {
        self.loaded(v.parent).map(|l| l.hash)
    }

    /// Why a version is out of date, in words a translator understands; `None` when it is current.
    pub fn staleness(&self, v: &StoredVersion) -> Option<String> {
        let what = match v.parent.and_then(|p| self.version(p)) {
            Some(parent) => format!("the {} version", parent.stored.recipe.label()),
            None => "the original file".to_string(),
        };
        match (v.parent, &self.state) {
            (None, DocState::Failed(reason)) => Some(format!(
                "{what} cannot be read now ({reason}); this is the version as it was stored"
            )),
            _ => match self.parent_hash_now(v) {
                Some(h) if h != v.parent_hash => {
                    Some(format!("{what} has changed since this version was made"))
                }
                _ => None,
            },
        }
    }

    /// "cleaned · English", "original" — the label of one of this document's texts.
    pub fn version_label(&self, r: &VersionRef) -> String {
        let base = match r.version.and_then(|id| self.version(id)) {
            Some(v) => v.stored.recipe.label(),
            None if r.version.is_some() => "deleted version".to_string(),
            None => "original".to_string(),
        };
        match r.part {
            Some(side) => format!("{base} · {}", version::part_label(side)),
            None => base,
        }
    }
}

/// The documents in the Documents list.
#[derive(Default)]
pub struct Library {
    /// The documents, in the order they were opened.
    pub docs: Vec<OpenDoc>,
    /// Counts every change of any text, so that views can tell cheaply whether to look again.
    pub generation: u64,
}

impl Library {
    /// A document by id.
    pub fn get(&self, id: i64) -> Option<&OpenDoc> {
        self.docs.iter().find(|d| d.id == id)
    }

    /// A document by id, to change it.
    pub fn get_mut(&mut self, id: i64) -> Option<&mut OpenDoc> {
        self.generation += 1;
        self.docs.iter_mut().find(|d| d.id == id)
    }

    /// The text `r` names, when it is loaded.
    pub fn resolve(&self, r: &VersionRef) -> Option<Arc<Document>> {
        self.resolve_rows(r).map(|(d, _)| d)
    }

    /// The text `r` names with its table rows, when it is loaded.
    pub fn resolve_rows(&self, r: &VersionRef) -> Option<(Arc<Document>, Arc<Vec<Row>>)> {
        let loaded = self.get(r.document)?.loaded(r.version)?;
        loaded
            .text(r.part)
            .map(|(d, rows)| (d.clone(), rows.clone()))
    }

    /// Whether `r` names a text that is still being read.
    pub fn is_loading(&self, r: &VersionRef) -> bool {
        let Some(doc) = self.get(r.document) else {
            return false;
        };
        let state = match r.version {
            None => &doc.state,
            Some(id) => match doc.version(id) {
                Some(v) => &v.state,
                None => return false,
            },
        };
        matches!(state, DocState::Loading)
    }

    /// "release.txt · cleaned · English".
    pub fn label(&self, r: &VersionRef) -> String {
        match self.get(r.document) {
            Some(d) => {
                let v = d.version_label(r);
                if v == "original" {
                    d.name()
                } else {
                    format!("{} · {v}", d.name())
                }
            }
            None => "a closed document".to_string(),
        }
    }

    /// Every text of every document a workspace can pick.
    pub fn all_refs(&self) -> Vec<VersionRef> {
        self.docs.iter().flat_map(|d| d.refs()).collect()
    }

    /// Why the text `r` names is out of date (its version's parent changed), if it is.
    pub fn staleness(&self, r: &VersionRef) -> Option<String> {
        let doc = self.get(r.document)?;
        let v = doc.version(r.version?)?;
        doc.staleness(&v.stored)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NoProgress;

    fn loaded(text: &str) -> Arc<Loaded> {
        let doc = Document::from_text("r.txt", text.to_string(), &mut NoProgress).unwrap();
        Arc::new(Loaded::build(doc, &mut NoProgress).unwrap())
    }

    fn version(id: i64, recipe: Recipe, parent_hash: u64, text: &str) -> OpenVersion {
        OpenVersion {
            stored: Version {
                id,
                document: 1,
                parent: None,
                recipe,
                parent_hash,
                text: text.to_string(),
                modified: String::new(),
            },
            state: DocState::Ready(loaded(text)),
        }
    }

    #[test]
    fn the_cleaned_version_is_preferred_and_goes_stale_when_the_original_changes() {
        let original = loaded("經(jīng)貿合作。\n");
        let decisions = crate::version::CleanDecisions {
            rules: Vec::new(),
            flipped: Vec::new(),
            changes: 0,
            report: String::new(),
        };
        let mut doc = OpenDoc {
            id: 1,
            path: "/x/r.txt".into(),
            encoding: None,
            state: DocState::Ready(original.clone()),
            versions: vec![version(
                5,
                Recipe::Cleaned(decisions),
                original.hash,
                "經貿合作。\n",
            )],
        };
        assert_eq!(
            doc.preferred(),
            VersionRef {
                document: 1,
                version: Some(5),
                part: None
            }
        );
        assert_eq!(doc.staleness(&doc.versions[0].stored), None);
        assert_eq!(doc.refs().len(), 2);
        let mut library = Library::default();
        library.docs.push(doc.clone());
        assert_eq!(library.label(&doc.preferred()), "r.txt · cleaned");
        assert_eq!(
            library.resolve(&doc.preferred()).unwrap().text,
            "經貿合作。\n"
        );
        doc.state = DocState::Ready(loaded("經(jīng)貿合作擴大。\n"));
        let why = doc.staleness(&doc.versions[0].stored).unwrap();
        assert!(why.contains("original file has changed"), "{why}");
        doc.state = DocState::Failed("/x/r.txt: no such file".into());
        let why = doc.staleness(&doc.versions[0].stored).unwrap();
        assert!(
            why.contains("no such file") && why.contains("as it was stored"),
            "{why}"
        );
    }
}
