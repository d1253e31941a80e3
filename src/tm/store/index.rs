//! The memory's in-memory fuzzy index: one [`FuzzyIndex`] per direction (`"zh>en"`), over the sides that
//! are searched from that family, built on the first lookup (or by [`Memory::build_index`]) and kept
//! current as units are added, edited, deleted and restored.
//!
//! An entry's payload is `unit id << 1 | side` (side 1 = the unit's target side, i.e. the unit read
//! backwards), so every side of every unit is in exactly one index: concordance searches them all.
//!
//! For a memory on a team server the index can also be built apart ([`IndexSource`]) on a connection of
//! its own and put in when ready ([`Memory::install_index`]), after other people changed many units.

use rustc_hash::FxHashMap;

use super::keys::SideKey;
use super::{Memory, db_error};
use crate::progress::Progress;
use crate::tm::fuzzy::FuzzyIndex;
use crate::{Error, Result};

/// The indexes by direction.
#[derive(Debug, Default)]
pub(crate) struct Indexes {
    pub by_direction: FxHashMap<String, FuzzyIndex>,
}

impl Indexes {
    /// Indexes both sides of unit `id`.
    pub fn add_unit(&mut self, id: i64, s: &SideKey, t: &SideKey) {
        self.add_keys(id, &s.family, &s.key, &t.family, &t.key);
    }

    fn add_keys(&mut self, id: i64, sf: &str, sk: &str, tf: &str, tk: &str) {
        let id = id as u64;
        self.by_direction
            .entry(format!("{sf}>{tf}"))
            .or_default()
            .add(id << 1, sk.split(' ').filter(|k| !k.is_empty()));
        self.by_direction
            .entry(format!("{tf}>{sf}"))
            .or_default()
            .add((id << 1) | 1, tk.split(' ').filter(|k| !k.is_empty()));
    }

    /// Forgets unit `id`.
    pub fn remove_unit(&mut self, id: i64) {
        for idx in self.by_direction.values_mut() {
            idx.remove((id as u64) << 1);
            idx.remove(((id as u64) << 1) | 1);
        }
    }
}

/// Rows read per progress report while building.
const STEP: u64 = 4096;

/// Where a memory's fuzzy index can be built apart from it ([`Memory::index_source`]).
#[derive(Debug, Clone)]
pub struct IndexSource {
    link: super::server::ServerLink,
    path: std::path::PathBuf,
}

/// A fuzzy index built apart, for [`Memory::install_index`].
#[derive(Debug)]
pub struct FreshIndex(Indexes);

impl IndexSource {
    /// Builds the index from the server's keys (as they are when it starts).
    pub fn build(self, progress: &mut dyn Progress) -> Result<FreshIndex> {
        let fail = |e| super::db_error(&self.path, e);
        let db = self.link.open().map_err(fail)?;
        let total: i64 = db
            .query_value("SELECT count(*) FROM units WHERE deleted IS NULL", &[])
            .map_err(fail)?;
        match scan(&db, total as u64, progress) {
            Ok(indexes) => Ok(FreshIndex(indexes)),
            Err(Scan::Cancelled) => Err(Error::Cancelled),
            Err(Scan::Db(e)) => Err(fail(e)),
        }
    }
}

/// Why a scan stopped.
enum Scan {
    Cancelled,
    Db(crate::sql::DbError),
}

/// Reads every live unit's keys into a new index (`total` units, for the progress).
fn scan(
    db: &crate::sql::Db,
    total: u64,
    progress: &mut dyn Progress,
) -> std::result::Result<Indexes, Scan> {
    progress.start(total, "Indexing the translation memory");
    let mut indexes = Indexes::default();
    let mut n = 0u64;
    let mut cancelled = false;
    let read = db.for_each(
        "SELECT id, source_family, source_key, target_family, target_key FROM units
         WHERE deleted IS NULL ORDER BY id",
        &[],
        |row| {
            let id: i64 = row.get(0)?;
            // The keys are lent, not copied: a million units are read here.
            let text = |i| row.text(i);
            indexes.add_keys(id, text(1)?, text(2)?, text(3)?, text(4)?);
            n += 1;
            if n % STEP == 0 && !progress.advance(STEP) {
                cancelled = true;
                return Err(crate::sql::DbError::other("cancelled"));
            }
            Ok(())
        },
    );
    match (cancelled, read) {
        (true, _) => Err(Scan::Cancelled),
        (false, Err(e)) => Err(Scan::Db(e)),
        (false, Ok(())) => Ok(indexes),
    }
}

impl Memory {
    /// Builds the fuzzy index now (otherwise the first lookup does), e.g. on a worker thread after opening.
    pub fn build_index(&mut self, progress: &mut dyn Progress) -> Result<()> {
        if self.indexes.is_some() {
            return Ok(());
        }
        let total = self.len()? as u64;
        let indexes = scan(&self.db, total, progress).map_err(|e| self.fail_scan(e))?;
        self.indexes = Some(indexes);
        Ok(())
    }

    fn fail_scan(&self, e: Scan) -> Error {
        match e {
            Scan::Cancelled => Error::Cancelled,
            Scan::Db(e) => self.fail(e),
        }
    }

    /// For a memory on a server: what builds its fuzzy index again on a connection of its own, so that
    /// a window's memory stays usable (with its current index) while the new one is built. `None` for a
    /// file, where nobody else's changes need it.
    pub fn index_source(&self) -> Option<IndexSource> {
        self.server.clone().map(|link| IndexSource {
            link,
            path: self.path.clone(),
        })
    }

    /// Puts in an index built by [`IndexSource::build`].
    pub fn install_index(&mut self, fresh: FreshIndex) {
        self.indexes = Some(fresh.0);
    }

    /// Forgets units `ids` in the index (if built), after they were deleted.
    pub(super) fn unindex(&mut self, ids: &[i64]) {
        if let Some(indexes) = &mut self.indexes {
            for &id in ids {
                indexes.remove_unit(id);
            }
        }
    }

    /// Brings the index (if built) in step with units `ids` as they now are in the database: live ones
    /// re-indexed with their current keys, deleted ones forgotten.
    pub(super) fn reindex(&mut self, ids: &[i64]) -> Result<()> {
        let Some(indexes) = &mut self.indexes else {
            return Ok(());
        };
        for &id in ids {
            indexes.remove_unit(id);
            let keys = self
                .db
                .query_row(
                    "SELECT source_family, source_key, target_family, target_key FROM units
                     WHERE id = ?1 AND deleted IS NULL",
                    &[&id],
                    |r| {
                        Ok((
                            r.get::<String>(0)?,
                            r.get::<String>(1)?,
                            r.get::<String>(2)?,
                            r.get::<String>(3)?,
                        ))
                    },
                )
                .map_err(|e| db_error(&self.path, e))?;
            if let Some((sf, sk, tf, tk)) = keys {
                indexes.add_keys(id, &sf, &sk, &tf, &tk);
            }
        }
        Ok(())
    }
}
