//! The translation memory every workspace shares: the Translate workspace looks segments up in it and
//! adds confirmed ones, the Align workspace adds accepted beads, and TMX files are imported into it.
//!
//! Main type: [`SharedMemory`]. The store sits behind a mutex because lookups run on the UI thread while
//! imports and pre-translation run in jobs; the UI only ever `try_lock`s it, so a long job never freezes
//! the window.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::tm::Memory;
use crate::{Progress, Result};

/// The open memory.
#[derive(Clone)]
pub struct SharedMemory {
    /// The database file.
    pub path: PathBuf,
    /// The store.
    pub store: Arc<Mutex<Memory>>,
    /// Units stored, as last counted.
    pub units: usize,
}

impl SharedMemory {
    /// Opens (creating if new) the memory at `path` and builds its fuzzy index.
    pub fn open(path: PathBuf, progress: &mut dyn Progress) -> Result<SharedMemory> {
        let mut memory = Memory::open_with(&path, crate::tm::script::default_converter())?;
        memory.build_index(progress)?;
        let units = memory.len()?;
        Ok(SharedMemory {
            path,
            store: Arc::new(Mutex::new(memory)),
            units,
        })
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
