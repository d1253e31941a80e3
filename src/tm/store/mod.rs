//! The translation memory store: one SQLite file per memory (WAL, busy timeout, one transaction per write)
//! plus an in-memory fuzzy index built on first lookup and kept current as units change.
//!
//! [`Memory`] holds accepted alignment beads, imported TMX files and segments confirmed while translating
//! ([`Origin`], with a detail such as the file's or project's name). A memory describes itself
//! ([`MemoryInfo`]: name, language pair, note, read-only flag) in its own database, so a copied file
//! carries them. The work is split by concern:
//!
//! - `write.rs`: [`Memory::add`], [`Memory::record_use`], removing what a caller added;
//! - `edit.rs`: editing a side, deleting units (one, a selection, an origin, all), the change log and
//!   [`Memory::undo`];
//! - `table.rs`: [`UnitFilter`], ids under a filter and pages of rows, for a table of a million units;
//! - `dupes.rs`: conflicts (one source, several targets), exact duplicates, [`MemoryStats`];
//! - `import.rs`: streamed TMX import in one transaction ([`ImportOptions`], [`ImportSummary`]);
//! - `export.rs`: TMX 1.4b and OmegaT TSV of the whole memory or a filter ([`ExportFormat`]);
//! - `index.rs` and `lookup.rs`: the fuzzy index, [`Memory::matches`] and [`Memory::concordance`];
//! - `keys.rs`: match keys, their stable hashes and re-keying; `schema.rs`: migrations;
//! - `server.rs`: a memory on a team server ([`Memory::connect`]).
//!
//! Every statement goes through [`crate::sql::Db`], so one memory's code runs on an SQLite file and on a
//! PostgreSQL server alike; what only SQLite has (pragmas, a second read-only connection) is asked of it
//! by name.

mod dupes;
mod edit;
mod export;
mod import;
mod index;
mod keys;
mod lookup;
mod schema;
mod server;
mod table;
mod write;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

pub use dupes::{Conflict, MemoryStats};
pub use edit::{Change, ChangeKind, Edit, Side};
pub use export::{ExportFormat, ExportSummary};
pub use import::{ImportOptions, ImportSummary, LanguagePolicy, OnDuplicate};
pub use index::{FreshIndex, IndexSource};
pub use lookup::{ConcordanceHit, MatchOptions, TmMatch};
use server::Changed;
pub use server::{MemoryChange, MemoryWatch, watch_memories};
pub(crate) use server::{ServerMemories, ensure_default as ensure_default_memory};
pub use table::{IdsQuery, RowReader, UnitFilter, UnitOrder};
pub use write::AddSummary;

use self::index::Indexes;
use self::keys::lang_or_und;
use super::lang::LangTag;
use super::script::ScriptConverter;
use super::time::Timestamp;
use super::unit::{Segment, TranslationUnit};
use crate::sql::{Db, DbError};
use crate::{Error, Result};

/// Where a memory unit came from (its kind; [`MemoryUnit::origin_detail`] names the file, project or
/// document).
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

    /// The origin named `s` (as stored, or as typed on a command line).
    pub fn parse(s: &str) -> Option<Origin> {
        match s {
            "alignment" => Some(Origin::Alignment),
            "translation" => Some(Origin::Translation),
            "tmx-import" | "tmx" | "import" => Some(Origin::TmxImport),
            _ => None,
        }
    }
}

/// A unit as stored, with its id and bookkeeping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoryUnit {
    /// Row id.
    pub id: i64,
    /// The unit (its `created`/`creation_id` and `changed`/`change_id` say when and by whom).
    pub unit: TranslationUnit,
    /// Where it came from.
    pub origin: Origin,
    /// The TMX file's name, the alignment project's name, or the translated document ("" when unknown).
    pub origin_detail: String,
    /// When it entered this memory.
    pub added: Timestamp,
    /// How many times a match from it was used.
    pub used: u32,
}

/// What a memory says about itself (stored in its own database).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoryInfo {
    /// The memory's name ("Default" for the data folder's `memory.sqlite`).
    pub name: String,
    /// Its database file.
    pub path: PathBuf,
    /// The language its units are translated from (e.g. `zh-CN`).
    pub source_lang: LangTag,
    /// The language they are translated into (e.g. `en-US`).
    pub target_lang: LangTag,
    /// A free-text note (client, subject).
    pub note: String,
    /// Whether every change is refused.
    pub read_only: bool,
    /// Why the file cannot be changed where it lies (a read-only file or folder), if so. Unlike
    /// `read_only`, which is the memory's own flag, no setting in Duizhao clears it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cannot_write: Option<String>,
}

/// A translation memory database.
pub struct Memory {
    db: Db,
    /// The file, or `postgres://user@host:port/database#memory` for a memory on a server.
    path: PathBuf,
    /// The server and the memory's number there, for a memory on a team server.
    server: Option<server::ServerLink>,
    /// The server process of this connection: its own changes, echoed by the server, need no reading.
    server_pid: Option<i32>,
    converter: Arc<dyn ScriptConverter>,
    indexes: Option<Indexes>,
    info: MemoryInfo,
    author: String,
}

impl std::fmt::Debug for Memory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Memory")
            .field("name", &self.info.name)
            .field("path", &self.path)
            .field("converter", &self.converter.id())
            .finish_non_exhaustive()
    }
}

/// How long a write waits for another program holding the file before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

impl Memory {
    /// Opens (creating if needed) the memory at `path`, folding scripts with the conversion engine.
    pub fn open(path: &Path) -> Result<Memory> {
        Self::open_with(path, super::script::default_converter())
    }

    /// Opens the memory at `path`, folding Chinese scripts with `converter`. An older file is upgraded in
    /// place; if the keys were built by a different converter they are rebuilt (one transaction).
    pub fn open_with(path: &Path, converter: Arc<dyn ScriptConverter>) -> Result<Memory> {
        if let Some(reason) = crate::db_file::read_only_reason(path) {
            return Self::open_read_only(path, converter, reason);
        }
        let conn = Connection::open(path).map_err(|e| Error::database(path, e))?;
        Self::setup(conn, path.to_path_buf(), converter)
    }

    /// Opens a memory whose file or folder cannot be written: it can be searched and exported, every
    /// change is refused naming `reason`. Nothing is migrated or re-keyed (both would write).
    fn open_read_only(
        path: &Path,
        converter: Arc<dyn ScriptConverter>,
        reason: &'static str,
    ) -> Result<Memory> {
        if !path.exists() {
            return Err(Error::database(
                path,
                format!("cannot create the memory: {reason}"),
            ));
        }
        let db = |e: DbError| db_error(path, e);
        let conn = crate::db_file::open_read_only(path).map_err(|e| db(e.into()))?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| db(e.into()))?;
        let conn = Db::sqlite(conn);
        let version: i64 = conn.query_value("PRAGMA user_version", &[]).map_err(db)?;
        if version != schema::VERSION {
            return Err(Error::database(
                path,
                format!(
                    "{reason}, and the memory uses another layout (version {version}, this Duizhao \
                     reads {}); make it writable once so it can be upgraded",
                    schema::VERSION
                ),
            ));
        }
        let mut info = read_info(&conn, path).map_err(db)?;
        info.read_only = true;
        info.cannot_write = Some(reason.to_string());
        Ok(Memory {
            db: conn,
            path: path.to_path_buf(),
            server: None,
            server_pid: None,
            converter,
            indexes: None,
            info,
            author: crate::paths::login_name(),
        })
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
        let db = |e: rusqlite::Error| db_error(&path, e.into());
        conn.busy_timeout(BUSY_TIMEOUT).map_err(db)?;
        // WAL lets the GUI read while an import writes; `journal_mode` answers with a row.
        let _: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(db)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(db)?;
        // Keep the log from staying as large as the biggest import once it has been checkpointed.
        conn.pragma_update(None, "journal_size_limit", 64 * 1024 * 1024)
            .map_err(db)?;
        // One plan per statement: without this SQLite re-plans a lookup at every new binding (the
        // partial index makes the plan look value-dependent), which was a third of an import's time.
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )
        .map_err(db)?;
        schema::migrate(&mut conn).map_err(|m| Error::database(&path, m))?;
        let conn = Db::sqlite(conn);
        let info = read_info(&conn, &path).map_err(|e| db_error(&path, e))?;
        let mut memory = Memory {
            db: conn,
            path,
            server: None,
            server_pid: None,
            converter,
            indexes: None,
            info,
            author: crate::paths::login_name(),
        };
        memory.rekey_if_needed()?;
        Ok(memory)
    }

    /// An error from the database of this memory, in words naming its file or server.
    pub(crate) fn fail(&self, e: DbError) -> Error {
        db_error(&self.path, e)
    }

    /// The database file (`:memory:` for an in-memory one).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The converter folding Chinese scripts.
    pub fn converter(&self) -> &Arc<dyn ScriptConverter> {
        &self.converter
    }

    /// What the memory says about itself.
    pub fn info(&self) -> &MemoryInfo {
        &self.info
    }

    /// The memory's name.
    pub fn name(&self) -> &str {
        &self.info.name
    }

    /// The name recorded as author of additions and changes ([`crate::paths::login_name`] by default).
    pub fn author(&self) -> &str {
        &self.author
    }

    /// Records `author` as the author of this value's additions and changes from now on. On a team
    /// server the author is always the database role, which the server vouches for; this is ignored.
    pub fn set_author(&mut self, author: impl Into<String>) {
        if self.server.is_none() {
            self.author = author.into();
        }
    }

    /// How long a write waits for another program that holds the file (5 s unless changed).
    pub fn set_busy_timeout(&mut self, timeout: Duration) -> Result<()> {
        match self.db.sqlite_conn() {
            Some(conn) => conn.busy_timeout(timeout).map_err(|e| self.fail(e.into())),
            None => Ok(()),
        }
    }

    /// Refuses when the memory is read-only: every write calls this first.
    pub(crate) fn writable(&self) -> Result<()> {
        if let Some(reason) = &self.info.cannot_write {
            return Err(Error::database(
                &self.path,
                format!(
                    "{reason}, so the memory “{}” can be searched but not changed",
                    self.info.name
                ),
            ));
        }
        if self.info.read_only {
            return Err(Error::ReadOnly {
                path: self.path.clone(),
                name: self.info.name.clone(),
            });
        }
        Ok(())
    }

    /// Renames the memory (its file stays where it is).
    pub fn set_name(&mut self, name: &str) -> Result<()> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::Invalid("a memory needs a name".into()));
        }
        if let Some(link) = &self.server {
            link.rename(&self.db, name).map_err(|e| self.fail(e))?;
        }
        self.set_meta("name", name)?;
        self.info.name = name.to_string();
        Ok(())
    }

    /// Sets the language pair the memory holds.
    pub fn set_languages(&mut self, source: &LangTag, target: &LangTag) -> Result<()> {
        self.writable()?;
        self.set_meta("source_lang", source.as_str())?;
        self.set_meta("target_lang", target.as_str())?;
        self.info.source_lang = source.clone();
        self.info.target_lang = target.clone();
        Ok(())
    }

    /// Sets the note.
    pub fn set_note(&mut self, note: &str) -> Result<()> {
        self.set_meta("note", note)?;
        self.info.note = note.to_string();
        Ok(())
    }

    /// Sets or clears the read-only flag (allowed on a read-only memory: it is how one is made writable).
    pub fn set_read_only(&mut self, read_only: bool) -> Result<()> {
        self.set_meta("read_only", if read_only { "1" } else { "0" })?;
        self.info.read_only = read_only;
        Ok(())
    }

    fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        if let Some(reason) = &self.info.cannot_write {
            return Err(Error::database(
                &self.path,
                format!("{reason}, so the memory's name, note and flags cannot be changed"),
            ));
        }
        write_meta(&self.db, key, value).map_err(|e| self.fail(e))
    }

    /// Number of units stored (deleted ones aside).
    pub fn len(&self) -> Result<usize> {
        self.db
            .query_value::<i64>("SELECT count(*) FROM units WHERE deleted IS NULL", &[])
            .map(|n| n as usize)
            .map_err(|e| self.fail(e))
    }

    /// Whether the memory holds no units.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }

    /// The unit with row id `id` (`None` if there is none, or it was deleted).
    pub fn get(&self, id: i64) -> Result<Option<MemoryUnit>> {
        self.db
            .query_row(
                &format!("{SELECT_UNIT} WHERE id = ?1 AND deleted IS NULL"),
                &[&id],
                row_to_unit,
            )
            .map_err(|e| self.fail(e))
    }

    /// Every unit, oldest first. This holds the whole memory; exports stream instead
    /// ([`Memory::export`]) and tables fetch pages ([`Memory::rows`]).
    pub fn units(&self) -> Result<Vec<MemoryUnit>> {
        self.db
            .query_vec(
                &format!("{SELECT_UNIT} WHERE deleted IS NULL ORDER BY id"),
                &[],
                row_to_unit,
            )
            .map_err(|e| self.fail(e))
    }
}

/// "1 unit", "3 units".
pub(crate) fn count_units(n: usize) -> String {
    if n == 1 {
        "1 unit".to_string()
    } else {
        format!("{n} units")
    }
}

/// A database error on the memory at `path` (a file or a server), in words.
pub(crate) fn db_error(path: &Path, e: DbError) -> Error {
    Error::database(path, e.explain("memory", BUSY_TIMEOUT, ""))
}

/// Sets one of the memory's own facts (`name`, `note`, …); the same two statements on both engines (an
/// `ON CONFLICT` target cannot name a column of a view's key on the server).
fn write_meta(db: &Db, key: &str, value: &str) -> crate::sql::Result<()> {
    let tx = db.transaction()?;
    let n = tx.execute("UPDATE meta SET value = ?2 WHERE key = ?1", &[&key, &value])?;
    if n == 0 {
        tx.execute(
            "INSERT INTO meta(key, value) VALUES (?1, ?2)",
            &[&key, &value],
        )?;
    }
    tx.commit()
}

fn read_info(conn: &Db, path: &Path) -> crate::sql::Result<MemoryInfo> {
    let get = |key: &str| -> crate::sql::Result<Option<String>> {
        conn.query_row("SELECT value FROM meta WHERE key = ?1", &[&key], |r| {
            r.get(0)
        })
    };
    let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let default_name = if file_name == crate::paths::TM_DB || file_name == ":memory:" {
        crate::tm::catalogue::DEFAULT_NAME.to_string()
    } else {
        path.file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("Memory")
            .to_string()
    };
    let lang = |raw: Option<String>, fallback: LangTag| {
        raw.and_then(|r| LangTag::parse(&r)).unwrap_or(fallback)
    };
    Ok(MemoryInfo {
        name: get("name")?.unwrap_or(default_name),
        path: path.to_path_buf(),
        source_lang: lang(get("source_lang")?, LangTag::zh_simplified()),
        target_lang: lang(get("target_lang")?, LangTag::en()),
        note: get("note")?.unwrap_or_default(),
        read_only: get("read_only")?.as_deref() == Some("1"),
        cannot_write: None,
    })
}

/// The columns [`row_to_unit`] reads, in its order.
const SELECT_UNIT: &str =
    "SELECT id, source_lang, source_text, target_lang, target_text, origin, props, notes,
    created, changed, creation_id, added, change_id, origin_detail, used FROM units";

fn row_to_unit(r: &crate::sql::Row) -> crate::sql::Result<MemoryUnit> {
    let props: String = r.get(6)?;
    let notes: String = r.get(7)?;
    Ok(MemoryUnit {
        id: r.get(0)?,
        unit: TranslationUnit {
            source: Segment::new(lang_or_und(&r.get::<String>(1)?), r.get::<String>(2)?),
            target: Segment::new(lang_or_und(&r.get::<String>(3)?), r.get::<String>(4)?),
            props: serde_json::from_str(&props).unwrap_or_default(),
            notes: serde_json::from_str(&notes).unwrap_or_default(),
            created: r.get::<Option<i64>>(8)?.map(Timestamp),
            changed: r.get::<Option<i64>>(9)?.map(Timestamp),
            creation_id: r.get(10)?,
            change_id: r.get(12)?,
        },
        origin: Origin::parse(&r.get::<String>(5)?).unwrap_or(Origin::TmxImport),
        added: Timestamp(r.get(11)?),
        origin_detail: r.get(13)?,
        used: r.get::<i64>(14)?.clamp(0, i64::from(u32::MAX)) as u32,
    })
}

#[cfg(test)]
pub(crate) mod tests {
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

    pub(crate) fn memory_with(pairs: &[(&str, &str)]) -> Memory {
        let mut m = Memory::open_in_memory(Arc::new(PairConverter)).unwrap();
        m.set_author("lin");
        let units: Vec<_> = pairs.iter().map(|(z, e)| unit(z, e)).collect();
        m.add(&units, Origin::Alignment, &mut NoProgress).unwrap();
        m
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
        assert_eq!(m.name(), "Default", "the data folder's memory.sqlite");
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

    #[test]
    fn the_description_is_kept_in_the_file_and_read_only_refuses_writes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("client.sqlite");
        {
            let mut m = Memory::open_with(&path, Arc::new(NoConversion)).unwrap();
            assert_eq!(m.name(), "client");
            m.set_name("Client A").unwrap();
            m.set_note("customs releases").unwrap();
            m.set_languages(&LangTag::zh_traditional(), &LangTag::en())
                .unwrap();
            m.add(&[unit("甲", "A")], Origin::Alignment, &mut NoProgress)
                .unwrap();
            m.set_read_only(true).unwrap();
        }
        let mut m = Memory::open_with(&path, Arc::new(NoConversion)).unwrap();
        let info = m.info().clone();
        assert_eq!(
            (info.name.as_str(), info.note.as_str(), info.read_only),
            ("Client A", "customs releases", true)
        );
        assert_eq!(info.source_lang, LangTag::zh_traditional());
        let id = m.units().unwrap()[0].id;
        let refusals = [
            m.add(&[unit("乙", "B")], Origin::Alignment, &mut NoProgress)
                .map(drop),
            m.delete(id).map(drop),
            m.edit(id, Side::Target, "B").map(drop),
            m.record_use(id),
            m.dedupe().map(drop),
        ];
        for r in refusals {
            let err = r.unwrap_err();
            assert!(matches!(err, Error::ReadOnly { .. }), "{err}");
            assert!(err.to_string().contains("“Client A” is read-only"), "{err}");
        }
        m.set_read_only(false).unwrap();
        assert!(m.delete(id).unwrap());
    }

    #[test]
    fn a_locked_file_is_waited_for_then_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("memory.sqlite");
        let mut m = Memory::open_with(&path, Arc::new(NoConversion)).unwrap();
        m.set_busy_timeout(Duration::from_millis(50)).unwrap();
        let other = Connection::open(&path).unwrap();
        other.execute_batch("BEGIN IMMEDIATE").unwrap();
        let err = m
            .add(&[unit("甲", "A")], Origin::Alignment, &mut NoProgress)
            .unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("memory.sqlite") && msg.contains("in use by another program"),
            "{msg}"
        );
        other.execute_batch("COMMIT").unwrap();
        m.add(&[unit("甲", "A")], Origin::Alignment, &mut NoProgress)
            .unwrap();
    }
}
