//! The glossary every workspace shares: the store (behind a mutex, for the Glossary workspace and jobs),
//! the term index that highlights terms in documents and alignments, and the entries for tooltips.
//!
//! Main type: [`SharedGlossary`]. It is opened and indexed on a worker thread when the app starts and
//! re-indexed after edits and imports.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;

use crate::glossary::{Entry, EntryId, Glossary, TermIndex, TermMatch};
use crate::{Error, Progress, Result};

/// The open glossary and what is derived from it.
#[derive(Clone)]
pub struct SharedGlossary {
    /// The database file.
    pub path: PathBuf,
    /// The store.
    pub store: Arc<Mutex<Glossary>>,
    /// Term recognition over all entries.
    pub index: Arc<TermIndex>,
    /// Entries by id, for tooltips and checks.
    pub entries: Arc<FxHashMap<EntryId, Entry>>,
}

/// What indexing produced, to swap into a [`SharedGlossary`].
pub struct Indexed {
    index: TermIndex,
    entries: FxHashMap<EntryId, Entry>,
}

impl SharedGlossary {
    /// Opens (creating and seeding with the starter glossary if new) and indexes the glossary at `path`;
    /// changes are recorded as made by `author`.
    pub fn open(
        path: PathBuf,
        author: &str,
        progress: &mut dyn Progress,
    ) -> Result<SharedGlossary> {
        progress.start(0, "opening the glossary");
        let mut glossary = Glossary::open_or_create(&path)?;
        if !author.trim().is_empty() {
            glossary.set_author(author);
        }
        let indexed = index(&glossary, progress)?;
        Ok(SharedGlossary {
            path,
            store: Arc::new(Mutex::new(glossary)),
            index: Arc::new(indexed.index),
            entries: Arc::new(indexed.entries),
        })
    }

    /// Rebuilds the index from the store (after edits or an import).
    pub fn reindex(&self, progress: &mut dyn Progress) -> Result<Indexed> {
        let store = self
            .store
            .lock()
            .map_err(|_| Error::Invalid("the glossary is unavailable".into()))?;
        index(&store, progress)
    }

    /// Swaps in a new index.
    pub fn set_index(&mut self, indexed: Indexed) {
        self.index = Arc::new(indexed.index);
        self.entries = Arc::new(indexed.entries);
    }

    /// The terms found in `text`, one match per range (the first entry when several share it).
    pub fn find(&self, text: &str) -> Vec<TermMatch> {
        let mut matches = self.index.find(text);
        matches.dedup_by(|a, b| a.range == b.range);
        matches
    }

    /// A short description of an entry for a tooltip: its terms in each language, status and domain.
    pub fn describe(&self, id: EntryId) -> Option<String> {
        let e = self.entries.get(&id)?;
        let mut lines = Vec::new();
        for lang in e.data.languages() {
            let terms: Vec<&str> = e.data.terms_in(lang).map(|t| t.text.as_str()).collect();
            lines.push(format!("{lang}: {}", terms.join(" · ")));
        }
        let mut meta = vec![e.data.status.as_str().to_string()];
        if !e.data.domain.is_empty() {
            meta.push(e.data.domain.clone());
        }
        lines.push(meta.join(" · "));
        if !e.data.note.is_empty() {
            lines.push(e.data.note.clone());
        }
        Some(lines.join("\n"))
    }
}

fn index(glossary: &Glossary, progress: &mut dyn Progress) -> Result<Indexed> {
    progress.start(0, "indexing terms");
    let count = glossary.count()?;
    let mut entries = FxHashMap::default();
    for e in glossary.list(0, count)? {
        entries.insert(e.id, e);
    }
    if !progress.advance(1) {
        return Err(Error::Cancelled);
    }
    Ok(Indexed {
        index: glossary.term_index()?,
        entries,
    })
}
