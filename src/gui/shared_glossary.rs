//! The glossary every workspace shares: the store (behind a mutex, for the Glossary workspace and jobs),
//! the term index that highlights terms in documents and alignments, and the entries for tooltips.
//!
//! Main type: [`SharedGlossary`]. It is opened and indexed on a worker thread when the app starts and
//! re-indexed after edits and imports. A glossary on a team server ([`GlossarySource::Server`]) is also
//! watched: other people's changes are heard as they are committed ([`SharedGlossary::heard`]), and when
//! the server comes back after going away the store connects again by itself.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;

use crate::glossary::{ChangeWatch, Entry, EntryId, Glossary, OpenOptions, TermIndex, TermMatch};
use crate::{Error, Progress, Result};

/// Where the glossary lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GlossarySource {
    /// A glossary file (the one in the data folder, normally).
    File(PathBuf),
    /// A team server (`postgres://…` or a libpq string; no password is kept here).
    Server(String),
}

/// The open glossary and what is derived from it.
#[derive(Clone)]
pub struct SharedGlossary {
    /// The database file, or the server as `postgres://user@host:port/database`.
    pub path: PathBuf,
    /// Whether it is on a team server.
    pub on_server: bool,
    /// How many changes by others have been heard from the server (views refresh when it moves).
    pub heard: Arc<AtomicU64>,
    /// Keeps the server watch running while the glossary is open.
    _watch: Option<Arc<ChangeWatch>>,
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
    /// Opens (a new file is created and seeded with the starter glossary) and indexes the glossary;
    /// changes to a file are recorded as made by `author` (on a server, by the database role).
    /// `repaint` is called when a change by someone else is heard from a server.
    pub fn open(
        source: GlossarySource,
        author: &str,
        repaint: impl Fn() + Send + Sync + 'static,
        progress: &mut dyn Progress,
    ) -> Result<SharedGlossary> {
        progress.start(0, "opening the glossary");
        let (mut glossary, server) = match &source {
            GlossarySource::File(path) => (Glossary::open_or_create(path)?, None),
            GlossarySource::Server(target) => (
                Glossary::connect(target, &OpenOptions::default())?,
                Some(target.clone()),
            ),
        };
        if server.is_none() && !author.trim().is_empty() {
            glossary.set_author(author);
        }
        let path = glossary.path().to_path_buf();
        let indexed = index(&glossary, progress)?;
        let store = Arc::new(Mutex::new(glossary));
        let heard = Arc::new(AtomicU64::new(0));
        let watch = match server {
            Some(target) => {
                let (store, heard) = (Arc::downgrade(&store), heard.clone());
                let watch = crate::glossary::watch_changes(&target, move || {
                    // Called after each change, and once when the server is back after going away:
                    // then the store connects again (off the window's thread).
                    if let Some(store) = store.upgrade()
                        && let Ok(mut g) = store.lock()
                    {
                        let _ = g.reconnect_if_lost();
                    }
                    heard.fetch_add(1, Ordering::Relaxed);
                    repaint();
                })?;
                Some(Arc::new(watch))
            }
            None => None,
        };
        Ok(SharedGlossary {
            path,
            on_server: watch.is_some(),
            heard,
            _watch: watch,
            store,
            index: Arc::new(indexed.index),
            entries: Arc::new(indexed.entries),
        })
    }

    /// How many changes by others have been heard so far.
    pub fn heard(&self) -> u64 {
        self.heard.load(Ordering::Relaxed)
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
