//! The translation memory store: SQLite (WAL, busy timeout, one transaction per batch) plus an in-memory
//! fuzzy index built on first lookup and kept current as units are added.
//!
//! [`Memory`] holds accepted alignment beads, imported TMX files and segments confirmed while translating
//! ([`Origin`]). Lookup ([`Memory::matches`], [`Memory::concordance`]) lives in `lookup.rs`.

mod lookup;
mod schema;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rusqlite::{Connection, OptionalExtension, params};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

pub use lookup::{ConcordanceHit, MatchOptions, TmMatch};

use super::fuzzy::FuzzyIndex;
use super::lang::LangTag;
use super::script::{ScriptConverter, family, match_key};
use super::time::Timestamp;
use super::tmx;
use super::unit::{Segment, TranslationUnit};
use crate::progress::Progress;
use crate::{Error, Result};

/// Where a memory unit came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// An accepted bead from the aligner.
    Alignment,
    /// A unit from an imported TMX file.
    TmxImport,
    /// A segment confirmed in the Translate workspace.
    Translation,
}

impl Origin {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Alignment => "alignment",
            Origin::TmxImport => "tmx-import",
            Origin::Translation => "translation",
        }
    }

    fn parse(s: &str) -> Origin {
        match s {
            "alignment" => Origin::Alignment,
            "translation" => Origin::Translation,
            _ => Origin::TmxImport,
        }
    }
}

/// A unit as stored, with its id and bookkeeping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoryUnit {
    /// Row id.
    pub id: i64,
    /// The unit.
    pub unit: TranslationUnit,
    /// Where it came from.
    pub origin: Origin,
    /// When it entered this memory.
    pub added: Timestamp,
}

/// What [`Memory::add`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddSummary {
    /// New units stored.
    pub added: usize,
    /// Units already in the memory (same source and target after folding).
    pub duplicates: usize,
    /// Units left out because a side was empty.
    pub skipped: usize,
}

/// What [`Memory::import_tmx`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    /// `<tu>` elements in the file.
    pub units_in_file: usize,
    /// Bilingual pairs found in them.
    pub pairs: usize,
    /// What storing them did.
    pub stored: AddSummary,
    /// The reader's warnings.
    pub warnings: Vec<String>,
}

/// Per direction (`"zh>en"`), the index over the sides that are searched from that family.
/// Payload: `unit id << 1 | side` (side 1 = the unit's target side, i.e. the unit read backwards).
type Indexes = FxHashMap<String, FuzzyIndex>;

/// A translation memory database.
pub struct Memory {
    conn: Connection,
    path: PathBuf,
    converter: Arc<dyn ScriptConverter>,
    indexes: Option<Indexes>,
}

impl std::fmt::Debug for Memory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Memory")
            .field("path", &self.path)
            .field("converter", &self.converter.id())
            .finish_non_exhaustive()
    }
}

const BATCH: usize = 500;

impl Memory {
    /// Opens (creating if needed) the memory at `path`, folding scripts with the conversion engine.
    pub fn open(path: &Path) -> Result<Memory> {
        Self::open_with(path, super::script::default_converter())
    }

    /// Opens the memory at `path`, folding Chinese scripts with `converter`. If the keys were built by a
    /// different converter they are rebuilt (one transaction).
    pub fn open_with(path: &Path, converter: Arc<dyn ScriptConverter>) -> Result<Memory> {
        let conn = Connection::open(path).map_err(|e| Error::database(path, e))?;
        Self::setup(conn, path.to_path_buf(), converter)
    }

    /// A memory that lives only as long as this value (tests, one-off runs).
    pub fn open_in_memory(converter: Arc<dyn ScriptConverter>) -> Result<Memory> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|e| Error::database(&path, e))?;
        Self::setup(conn, path, converter)
    }

    fn setup(
        mut conn: Connection,
        path: PathBuf,
        converter: Arc<dyn ScriptConverter>,
    ) -> Result<Memory> {
        let db = |e: rusqlite::Error| Error::database(&path, e);
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(db)?;
        // WAL lets the GUI read while an import writes; `journal_mode` answers with a row.
        let _: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(db)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(db)?;
        schema::migrate(&mut conn).map_err(|m| Error::database(&path, m))?;
        let mut memory = Memory {
            conn,
            path,
            converter,
            indexes: None,
        };
        memory.rekey_if_needed()?;
        Ok(memory)
    }

    fn db(&self, e: rusqlite::Error) -> Error {
        Error::database(&self.path, e)
    }

    /// The database file (`:memory:` for an in-memory one).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The converter folding Chinese scripts.
    pub fn converter(&self) -> &Arc<dyn ScriptConverter> {
        &self.converter
    }

    fn key_scheme(&self) -> String {
        format!("tokens-1/{}", self.converter.id())
    }

    fn rekey_if_needed(&mut self) -> Result<()> {
        let stored: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'key_scheme'", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.db(e))?;
        let scheme = self.key_scheme();
        if stored.as_deref() == Some(scheme.as_str()) {
            return Ok(());
        }
        let path = self.path.clone();
        let db = |e: rusqlite::Error| Error::database(&path, e);
        let tx = self.conn.transaction().map_err(db)?;
        {
            let mut read = tx
                .prepare("SELECT id, source_lang, source_text, target_lang, target_text FROM units")
                .map_err(db)?;
            let rows: Vec<(i64, String, String, String, String)> = read
                .query_map([], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })
                .map_err(db)?
                .collect::<rusqlite::Result<_>>()
                .map_err(db)?;
            // Re-keying can make two units identical: keep the older one.
            let mut update = tx
                .prepare(
                    "UPDATE OR IGNORE units SET source_key = ?2, target_key = ?3 WHERE id = ?1",
                )
                .map_err(db)?;
            let mut delete = tx.prepare("DELETE FROM units WHERE id = ?1").map_err(db)?;
            for (id, sl, st, tl, tt) in rows {
                let (sl, tl) = (lang_or_und(&sl), lang_or_und(&tl));
                let sk = match_key(&*self.converter, &st, &sl);
                let tk = match_key(&*self.converter, &tt, &tl);
                if update.execute(params![id, sk, tk]).map_err(db)? == 0 {
                    delete.execute(params![id]).map_err(db)?;
                }
            }
        }
        tx.execute(
            "INSERT INTO meta(key, value) VALUES ('key_scheme', ?1)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![scheme],
        )
        .map_err(db)?;
        tx.commit().map_err(db)?;
        self.indexes = None;
        Ok(())
    }

    /// Number of units stored.
    pub fn len(&self) -> Result<usize> {
        self.conn
            .query_row("SELECT count(*) FROM units", [], |r| r.get::<_, i64>(0))
            .map(|n| n as usize)
            .map_err(|e| self.db(e))
    }

    /// Whether the memory holds no units.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }

    /// Stores `units` (one transaction per batch of 500; a cancelled run keeps the batches already stored).
    /// Text is trimmed; units with an empty side are skipped; units already present are counted, not
    /// duplicated.
    pub fn add(
        &mut self,
        units: &[TranslationUnit],
        origin: Origin,
        progress: &mut dyn Progress,
    ) -> Result<AddSummary> {
        progress.start(units.len() as u64, "Adding to the translation memory");
        let mut summary = AddSummary::default();
        let now = Timestamp::now();
        for chunk in units.chunks(BATCH) {
            let mut added_rows = Vec::new();
            let path = self.path.clone();
            let db = |e: rusqlite::Error| Error::database(&path, e);
            let tx = self.conn.transaction().map_err(db)?;
            {
                let mut insert = tx
                    .prepare_cached(
                        "INSERT OR IGNORE INTO units (source_lang, source_text, source_family, source_key,
                            target_lang, target_text, target_family, target_key, origin, props, notes,
                            created, changed, creation_id, added)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                    )
                    .map_err(db)?;
                for u in chunk {
                    let (st, tt) = (u.source.text.trim(), u.target.text.trim());
                    if st.is_empty() || tt.is_empty() {
                        summary.skipped += 1;
                        continue;
                    }
                    let sk = match_key(&*self.converter, st, &u.source.lang);
                    let tk = match_key(&*self.converter, tt, &u.target.lang);
                    let (sf, tf) = (family(&u.source.lang), family(&u.target.lang));
                    let props = serde_json::to_string(&u.props).unwrap_or_else(|_| "[]".into());
                    let notes = serde_json::to_string(&u.notes).unwrap_or_else(|_| "[]".into());
                    let n = insert
                        .execute(params![
                            u.source.lang.as_str(),
                            st,
                            sf,
                            sk,
                            u.target.lang.as_str(),
                            tt,
                            tf,
                            tk,
                            origin.as_str(),
                            props,
                            notes,
                            u.created.map(|t| t.0),
                            u.changed.map(|t| t.0),
                            u.creation_id,
                            now.0
                        ])
                        .map_err(db)?;
                    if n == 0 {
                        summary.duplicates += 1;
                    } else {
                        summary.added += 1;
                        added_rows.push((tx.last_insert_rowid(), sf, sk, tf, tk));
                    }
                }
            }
            tx.commit().map_err(db)?;
            if let Some(indexes) = &mut self.indexes {
                for (id, sf, sk, tf, tk) in &added_rows {
                    index_unit(indexes, *id, sf, sk, tf, tk);
                }
            }
            if !progress.advance(chunk.len() as u64) {
                return Err(Error::Cancelled);
            }
        }
        Ok(summary)
    }

    /// Stores one unit and returns its row id, or `None` when the memory already holds the pair (or a
    /// side is empty): a confirmation that adds nothing takes nothing out when it is undone.
    pub fn add_one(&mut self, unit: &TranslationUnit, origin: Origin) -> Result<Option<i64>> {
        let summary = self.add(std::slice::from_ref(unit), origin, &mut crate::NoProgress)?;
        // This connection's last insert is the unit just added (another process's inserts do not count).
        Ok((summary.added == 1).then(|| self.conn.last_insert_rowid()))
    }

    /// Reads a TMX file and stores its bilingual units (each in its own direction; see
    /// [`tmx::TmxDocument::bilingual_units`]).
    pub fn import_tmx(
        &mut self,
        path: &Path,
        progress: &mut dyn Progress,
    ) -> Result<ImportSummary> {
        let doc = tmx::read(path, progress)?;
        let pairs = doc.bilingual_units();
        let stored = self.add(&pairs, Origin::TmxImport, progress)?;
        Ok(ImportSummary {
            units_in_file: doc.units.len(),
            pairs: pairs.len(),
            stored,
            warnings: doc.warnings,
        })
    }

    /// The unit with row id `id`.
    pub fn get(&self, id: i64) -> Result<Option<MemoryUnit>> {
        self.conn
            .query_row(
                &format!("{SELECT_UNIT} WHERE id = ?1"),
                params![id],
                row_to_unit,
            )
            .optional()
            .map_err(|e| self.db(e))
    }

    /// Every unit, oldest first (for exporting the whole memory).
    pub fn units(&self) -> Result<Vec<MemoryUnit>> {
        let mut stmt = self
            .conn
            .prepare(&format!("{SELECT_UNIT} ORDER BY id"))
            .map_err(|e| self.db(e))?;
        let rows = stmt
            .query_map([], row_to_unit)
            .map_err(|e| self.db(e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.db(e))?;
        Ok(rows)
    }

    /// Deletes the unit `id`; returns whether it existed.
    pub fn delete(&mut self, id: i64) -> Result<bool> {
        let n = self
            .conn
            .execute("DELETE FROM units WHERE id = ?1", params![id])
            .map_err(|e| self.db(e))?;
        if let Some(indexes) = &mut self.indexes {
            for idx in indexes.values_mut() {
                idx.remove((id as u64) << 1);
                idx.remove(((id as u64) << 1) | 1);
            }
        }
        Ok(n > 0)
    }

    /// Builds the fuzzy index now (otherwise the first lookup does), e.g. on a worker thread after opening.
    pub fn build_index(&mut self, progress: &mut dyn Progress) -> Result<()> {
        if self.indexes.is_some() {
            return Ok(());
        }
        let total = self.len()? as u64;
        progress.start(total, "Indexing the translation memory");
        let mut stmt = self
            .conn
            .prepare("SELECT id, source_family, source_key, target_family, target_key FROM units ORDER BY id")
            .map_err(|e| Error::database(&self.path, e))?;
        let mut rows = stmt.query([]).map_err(|e| Error::database(&self.path, e))?;
        let mut indexes = Indexes::default();
        let mut n = 0u64;
        while let Some(row) = rows.next().map_err(|e| Error::database(&self.path, e))? {
            let get = |i| {
                row.get::<_, String>(i)
                    .map_err(|e| Error::database(&self.path, e))
            };
            let id: i64 = row.get(0).map_err(|e| Error::database(&self.path, e))?;
            index_unit(&mut indexes, id, &get(1)?, &get(2)?, &get(3)?, &get(4)?);
            n += 1;
            if n % 4096 == 0 && !progress.advance(4096) {
                return Err(Error::Cancelled);
            }
        }
        drop(rows);
        drop(stmt);
        self.indexes = Some(indexes);
        Ok(())
    }
}

fn index_unit(indexes: &mut Indexes, id: i64, sf: &str, sk: &str, tf: &str, tk: &str) {
    let id = id as u64;
    indexes
        .entry(format!("{sf}>{tf}"))
        .or_default()
        .add(id << 1, sk.split(' ').filter(|k| !k.is_empty()));
    indexes
        .entry(format!("{tf}>{sf}"))
        .or_default()
        .add((id << 1) | 1, tk.split(' ').filter(|k| !k.is_empty()));
}

const SELECT_UNIT: &str =
    "SELECT id, source_lang, source_text, target_lang, target_text, origin, props, notes,
    created, changed, creation_id, added FROM units";

fn lang_or_und(raw: &str) -> LangTag {
    LangTag::parse(raw).unwrap_or_else(|| LangTag::parse("und").unwrap_or_else(LangTag::en))
}

fn row_to_unit(r: &rusqlite::Row<'_>) -> rusqlite::Result<MemoryUnit> {
    let props: String = r.get(6)?;
    let notes: String = r.get(7)?;
    Ok(MemoryUnit {
        id: r.get(0)?,
        unit: TranslationUnit {
            source: Segment::new(lang_or_und(&r.get::<_, String>(1)?), r.get::<_, String>(2)?),
            target: Segment::new(lang_or_und(&r.get::<_, String>(3)?), r.get::<_, String>(4)?),
            props: serde_json::from_str(&props).unwrap_or_default(),
            notes: serde_json::from_str(&notes).unwrap_or_default(),
            created: r.get::<_, Option<i64>>(8)?.map(Timestamp),
            changed: r.get::<_, Option<i64>>(9)?.map(Timestamp),
            creation_id: r.get(10)?,
        },
        origin: Origin::parse(&r.get::<_, String>(5)?),
        added: Timestamp(r.get(11)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NoProgress;
    use crate::tm::script::NoConversion;
    use crate::tm::script::tests::PairConverter;

    pub(crate) fn unit(zh: &str, en: &str) -> TranslationUnit {
        TranslationUnit::new(
            Segment::new(LangTag::zh_simplified(), zh),
            Segment::new(LangTag::en(), en),
        )
    }

    #[test]
    fn adding_counts_duplicates_and_empty_sides() {
        let mut m = Memory::open_in_memory(Arc::new(NoConversion)).unwrap();
        let units = [
            unit("两江新区位于重庆。", "Liangjiang is in Chongqing."),
            unit(" 两江新区位于重庆。 ", "Liangjiang is in Chongqing."),
            unit("空的", ""),
            unit("两江新区位于重庆。", "Liangjiang New Area is in Chongqing."),
        ];
        let s = m.add(&units, Origin::Alignment, &mut NoProgress).unwrap();
        assert_eq!(
            s,
            AddSummary {
                added: 2,
                duplicates: 1,
                skipped: 1
            }
        );
        assert_eq!(m.len().unwrap(), 2);
        let all = m.units().unwrap();
        assert_eq!(all[0].unit.source.text, "两江新区位于重庆。");
        assert_eq!(all[0].origin, Origin::Alignment);
        assert!(m.delete(all[0].id).unwrap());
        assert!(!m.delete(all[0].id).unwrap());
        assert_eq!(m.len().unwrap(), 1);
    }

    #[test]
    fn file_memory_survives_reopening_and_rekeys_for_a_new_converter() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("memory.sqlite");
        {
            let mut m = Memory::open_with(&path, Arc::new(NoConversion)).unwrap();
            let units = [
                unit("渝洽会举行。", "CCISF is held."),
                unit("渝洽會舉行。", "CCISF is held."),
            ];
            let s = m.add(&units, Origin::TmxImport, &mut NoProgress).unwrap();
            assert_eq!(
                s.added, 2,
                "without conversion the two scripts are different keys"
            );
        }
        let m = Memory::open_with(&path, Arc::new(PairConverter)).unwrap();
        assert_eq!(
            m.len().unwrap(),
            1,
            "with conversion they fold into one unit"
        );
        let m = Memory::open(&path).unwrap();
        assert_eq!(m.len().unwrap(), 1, "the conversion engine folds them too");
    }

    #[test]
    fn a_garbage_file_is_a_database_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("not-a-db.sqlite");
        std::fs::write(
            &path,
            "this is not SQLite, just text long enough to be read as a header....",
        )
        .unwrap();
        let err = Memory::open(&path).unwrap_err();
        assert!(matches!(err, Error::Database { .. }), "{err}");
        assert!(err.to_string().contains("not-a-db.sqlite"), "{err}");
    }
}
