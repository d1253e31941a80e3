//! The translation memory every workspace shares: the Translate workspace looks segments up in it and
//! adds confirmed ones, the Align workspace adds accepted beads, and TMX files are imported into it.
//!
//! Main type: [`SharedMemory`]. The store sits behind a mutex because lookups run on the UI thread while
//! imports and pre-translation run in jobs; the UI only ever `try_lock`s it, so a long job never freezes
//! the window. On a team server ([`MemorySource::Server`]) it is the server's Default memory, and it is
//! watched: units other people add, edit or delete reach its fuzzy index as they are committed (on the
//! watching thread), and [`SharedMemory::heard`] moves so that views read again.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::tm::{Memory, MemoryChange, MemoryWatch};
use crate::{Progress, Result};

/// Where the shared memory lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemorySource {
    /// A memory file (the data folder's `memory.sqlite`, normally).
    File(PathBuf),
    /// The Default memory of a team server (`postgres://…` or a libpq string; no password kept here).
    Server(String),
}

/// The open memory.
#[derive(Clone)]
pub struct SharedMemory {
    /// The database file, or the memory on its server (`postgres://user@host:port/database#1`).
    pub path: PathBuf,
    /// The store.
    pub store: Arc<Mutex<Memory>>,
    /// Units stored, as last counted.
    pub units: usize,
    /// Whether it is on a team server.
    pub on_server: bool,
    /// How many changes by others have been heard from the server.
    heard: Arc<AtomicU64>,
    /// Keeps the server watch running while the memory is open.
    _watch: Option<Arc<MemoryWatch>>,
}

impl SharedMemory {
    /// Opens (creating a new file) the memory and builds its fuzzy index; `repaint` is called when a
    /// change by someone else is heard from a server.
    pub fn open(
        source: MemorySource,
        repaint: impl Fn() + Send + Sync + 'static,
        progress: &mut dyn Progress,
    ) -> Result<SharedMemory> {
        let converter = crate::tm::script::default_converter();
        let mut memory = match &source {
            MemorySource::File(path) => Memory::open_with(path, converter)?,
            MemorySource::Server(target) => {
                Memory::connect(target, crate::tm::catalogue::DEFAULT_NAME, converter)?
            }
        };
        memory.build_index(progress)?;
        let units = memory.len()?;
        let path = memory.path().to_path_buf();
        let store = Arc::new(Mutex::new(memory));
        let heard = Arc::new(AtomicU64::new(0));
        let watch = match &source {
            MemorySource::File(_) => None,
            MemorySource::Server(target) => {
                let (store, heard) = (Arc::downgrade(&store), heard.clone());
                let watch = crate::tm::watch_memories(target, move |change| {
                    let Some(store) = store.upgrade() else { return };
                    let source = {
                        // Waits for a job holding the store (an import): this thread is the watch's own.
                        let Ok(mut m) = store.lock() else { return };
                        if change == MemoryChange::Anything {
                            // The server is back after going away: the store connects again too.
                            let _ = m.reconnect_if_lost();
                        }
                        match change.for_memory(&m) {
                            None => return,
                            Some(Some(ids)) => {
                                let _ = m.refresh(Some(ids));
                                None
                            }
                            Some(None) => m.index_source(),
                        }
                    };
                    // Too many units to name (an import), or anything while the server was away: the
                    // index is built again on a connection of its own, the old one serving meanwhile,
                    // so no lookup in the window waits for it.
                    if let Some(fresh) = source.and_then(|s| s.build(&mut crate::NoProgress).ok()) {
                        if let Ok(mut m) = store.lock() {
                            m.install_index(fresh);
                            let _ = m.refresh(Some(&[]));
                        }
                    }
                    heard.fetch_add(1, Ordering::Relaxed);
                    repaint();
                })?;
                Some(Arc::new(watch))
            }
        };
        Ok(SharedMemory {
            path,
            store,
            units,
            on_server: watch.is_some(),
            heard,
            _watch: watch,
        })
    }

    /// How many changes by others (and this program's own, as the server echoes them) have been heard.
    pub fn heard(&self) -> u64 {
        self.heard.load(Ordering::Relaxed)
    }

    /// Counts the units again (after an import or additions), if the store is free.
    pub fn recount(&mut self) {
        if let Ok(m) = self.store.try_lock() {
            if let Ok(n) = m.len() {
                self.units = n;
            }
        }
    }
}
