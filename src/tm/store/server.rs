//! Translation memories on a team server (PostgreSQL): the same [`Memory`] with the same methods, on a
//! [`Db`] that talks to the server.
//!
//! The server keeps every memory in shared tables (`src/sql/server/002_memories.sql`); a connection for
//! one memory sets `duizhao.memory` to its number and searches the schema `duizhao_tm`, whose views show
//! that memory under the names the SQLite file uses. So the store's statements are the file's statements,
//! and a write can never reach another memory (the views' check option). Writes to one memory take an
//! advisory lock of their own, so people adding to different memories do not wait for each other. Every
//! change records the database role as its author; the roles (`duizhao_reader`, `duizhao_editor`) are
//! enforced by the server. The fuzzy index is built in the client from the server's keys, as from a file,
//! and [`watch_memories`] tells an open window when someone else changed a memory.

use std::path::PathBuf;
use std::sync::Arc;

use super::{Memory, db_error, read_info};
use crate::sql::Db;
use crate::sql::postgres::{PgConn, place_of};
use crate::tm::catalogue::DEFAULT_NAME;
use crate::tm::lang::LangTag;
use crate::tm::script::ScriptConverter;
use crate::tm::time::Timestamp;
use crate::{Error, Result};

/// The lowest schema version on the server that has memories.
const MEMORIES_SINCE: i64 = 2;

/// The advisory locks of memory writes: `DZT` and the memory's number.
const WRITE_LOCK_BASE: i64 = 0x445A_5400_0000_0000;

/// Most unit ids named in one notification; more are announced as "everything" (a notification's text
/// is limited to 8,000 bytes).
const ANNOUNCE_MAX: usize = 200;

/// What a write changed, for [`Memory::announce`].
#[derive(Debug, Clone, Copy)]
pub(crate) enum Changed<'a> {
    /// These units (added, edited, deleted or restored).
    Units(&'a [i64]),
    /// Too many to name, or every key (re-keying).
    All,
}

/// Where a memory lives on a server: the server as the user named it, and the memory's number there.
#[derive(Debug, Clone)]
pub(crate) struct ServerLink {
    target: String,
    memory: i64,
}

impl ServerLink {
    /// A new connection to this memory (the table's search runs on one of its own).
    pub fn open(&self) -> crate::sql::Result<Db> {
        open_db(&self.target, self.memory)
    }

    /// Renames the memory in the server's list of memories.
    pub fn rename(&self, db: &Db, name: &str) -> crate::sql::Result<()> {
        db.execute(
            "UPDATE duizhao.tm_memory SET name = ?2 WHERE id = ?1",
            &[&self.memory, &name],
        )
        .map(drop)
    }
}

/// A connection to the server (no memory chosen yet): Duizhao's memory views first on the search path,
/// a lock held by someone else waited for within reason, as SQLite's busy timeout does.
fn connect(target: &str) -> crate::sql::Result<Db> {
    let db = Db::postgres(PgConn::connect(target, WRITE_LOCK_BASE)?);
    db.execute_batch("SET search_path = duizhao_tm; SET lock_timeout = '5s'")?;
    Ok(db)
}

/// A connection showing memory `memory`, whose writes take that memory's lock.
fn open_db(target: &str, memory: i64) -> crate::sql::Result<Db> {
    let db = connect(target)?;
    choose(&db, memory)?;
    Ok(db)
}

fn choose(db: &Db, memory: i64) -> crate::sql::Result<()> {
    // `SET` takes no parameters; the number is an integer, so it is spelled out.
    db.execute_batch(&format!("SET duizhao.memory = '{memory}'"))?;
    db.set_write_lock(WRITE_LOCK_BASE | memory);
    Ok(())
}

/// Refuses a server without memories (none of Duizhao at all, or a layout from before memories) or with
/// a layout newer than this build knows.
fn check_layout(db: &Db, place: &std::path::Path) -> Result<()> {
    let fail = |e| db_error(place, e);
    let exists: bool = db
        .query_value("SELECT to_regclass('duizhao.meta') IS NOT NULL", &[])
        .map_err(fail)?;
    let version: Option<i64> = if exists {
        db.query_row(
            "SELECT value FROM duizhao.meta WHERE key = 'schema_version'",
            &[],
            |r| r.get::<String>(0),
        )
        .map_err(fail)?
        .and_then(|v| v.parse().ok())
    } else {
        None
    };
    match version {
        None => Err(Error::database(
            place,
            "there is no Duizhao data on this server yet: an administrator creates it with \
             `duizhao-cli server init`",
        )),
        Some(v) if v < MEMORIES_SINCE => Err(Error::database(
            place,
            format!(
                "the server's layout (version {v}) has no translation memories yet; an administrator \
                 upgrades it with `duizhao-cli server migrate`"
            ),
        )),
        Some(v) if v > crate::glossary::SERVER_SCHEMA_VERSION => Err(Error::database(
            place,
            format!(
                "the server's layout is newer (version {v}, this Duizhao knows {}); update Duizhao",
                crate::glossary::SERVER_SCHEMA_VERSION
            ),
        )),
        Some(_) => Ok(()),
    }
}

/// The number of the memory called `name` (any case) on the server.
fn find(db: &Db, name: &str) -> crate::sql::Result<Option<i64>> {
    db.query_row(
        "SELECT id FROM duizhao.tm_memory WHERE lower(name) = lower(?1)",
        &[&name.trim()],
        |r| r.get(0),
    )
}

impl Memory {
    /// Connects to the memory called `name` on the server named by `target` (a `postgres://` URL or
    /// libpq `key=value` string, completed from `PG*` variables, the service file and `.pgpass` as libpq
    /// does), folding Chinese scripts with `converter`. Changes are recorded under the database role.
    pub fn connect(
        target: &str,
        name: &str,
        converter: Arc<dyn ScriptConverter>,
    ) -> Result<Memory> {
        let place = PathBuf::from(place_of(target));
        let fail = |e| db_error(&place, e);
        let db = connect(target).map_err(fail)?;
        check_layout(&db, &place)?;
        let memory = find(&db, name).map_err(fail)?.ok_or_else(|| {
            let names = names(&db).unwrap_or_default();
            Error::database(
                &place,
                format!(
                    "there is no memory named “{}” on the server (its memories are: {})",
                    name.trim(),
                    names.join(", ")
                ),
            )
        })?;
        Self::on_server(db, target, memory, converter)
    }

    fn on_server(
        db: Db,
        target: &str,
        memory: i64,
        converter: Arc<dyn ScriptConverter>,
    ) -> Result<Memory> {
        let place = PathBuf::from(format!("{}#{memory}", place_of(target)));
        let fail = |e| db_error(&place, e);
        choose(&db, memory).map_err(fail)?;
        let author: String = db
            .query_value("SELECT current_user::text", &[])
            .map_err(fail)?;
        let mut info = read_info(&db, &place).map_err(fail)?;
        info.path = place.clone();
        let pid = backend_pid(&db).map_err(fail)?;
        let mut memory = Memory {
            db,
            path: place,
            server: Some(ServerLink {
                target: target.to_string(),
                memory,
            }),
            server_pid: Some(pid),
            converter,
            indexes: None,
            info,
            author,
        };
        memory.rekey_if_needed()?;
        Ok(memory)
    }

    /// After the server went away and came back: connects again (the same server and memory, as the
    /// same role) and returns `true`; `false` when the connection was never lost. Nothing unsaved is lost
    /// either way: a write that failed was not stored, and the caller still holds it to try again. The
    /// fuzzy index is kept; changes made by others meanwhile are read on the next [`Memory::refresh`].
    pub fn reconnect_if_lost(&mut self) -> Result<bool> {
        let Some(link) = &self.server else {
            return Ok(false);
        };
        if !self.db.is_lost() {
            return Ok(false);
        }
        let db = link.open().map_err(|e| self.fail(e))?;
        self.server_pid = Some(backend_pid(&db).map_err(|e| self.fail(e))?);
        self.db = db;
        Ok(true)
    }

    /// Whether this memory is on a server.
    pub fn is_on_server(&self) -> bool {
        self.server.is_some()
    }

    /// Whether changes can be expected to succeed: the memory is not read-only, and on a server the
    /// database role may change units (`duizhao_editor`). Windows use it to grey out editing; the store
    /// and the server check for themselves.
    pub fn may_edit(&self) -> bool {
        !self.info.read_only && self.info.cannot_write.is_none() && self.role_may_edit()
    }

    /// Whether the database role may change units (`duizhao_editor`); always for a file.
    pub fn role_may_edit(&self) -> bool {
        match &self.server {
            None => true,
            Some(_) => self
                .db
                .query_value(
                    "SELECT has_table_privilege('duizhao_tm.units', 'INSERT')",
                    &[],
                )
                .unwrap_or(false),
        }
    }

    /// The server process of this memory's connection (`None` for a file): its own changes come back
    /// from [`watch_memories`] under this number.
    pub fn server_process(&self) -> Option<i32> {
        self.server_pid
    }

    /// The memory's number on its server (`None` for a file): what [`watch_memories`] reports.
    pub fn server_number(&self) -> Option<i64> {
        self.server.as_ref().map(|link| link.memory)
    }

    /// After someone else changed the memory on the server ([`watch_memories`]): the units `changed`
    /// are read again into the fuzzy index (`None`: too many to name, the index is built again on the
    /// next lookup), and the description is read again. Nothing for a file.
    pub fn refresh(&mut self, changed: Option<&[i64]>) -> Result<()> {
        if self.server.is_none() {
            return Ok(());
        }
        match changed {
            Some(ids) => self.reindex(ids)?,
            None => self.indexes = None,
        }
        let mut info = read_info(&self.db, &self.path).map_err(|e| self.fail(e))?;
        info.path = self.path.clone();
        self.info = info;
        Ok(())
    }

    /// Tells the other windows on the server which units a write changed (inside its transaction, so
    /// they hear of it when it commits, and not at all if it is rolled back). Nothing for a file.
    pub(super) fn announce(&self, db: &Db, changed: Changed<'_>) -> Result<()> {
        let Some(link) = &self.server else {
            return Ok(());
        };
        let ids = match changed {
            Changed::Units([]) => return Ok(()),
            Changed::Units(ids) if ids.len() <= ANNOUNCE_MAX => {
                ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
            }
            Changed::Units(_) | Changed::All => "*".to_string(),
        };
        let payload = format!("{}:{ids}", link.memory);
        db.execute("SELECT pg_notify('duizhao_tm', ?1)", &[&payload])
            .map(drop)
            .map_err(|e| self.fail(e))
    }
}

/// The server process serving `db` (the sender of its notifications).
fn backend_pid(db: &Db) -> crate::sql::Result<i32> {
    db.query_value("SELECT pg_backend_pid()", &[])
}

/// The names of the memories on the server, Default first, then by name.
fn names(db: &Db) -> crate::sql::Result<Vec<String>> {
    db.query_vec(
        "SELECT name FROM duizhao.tm_memory ORDER BY lower(name) <> lower(?1), lower(name)",
        &[&DEFAULT_NAME],
        |r| r.get(0),
    )
}

/// The memories of a team server, as [`crate::tm::Catalogue`] lists those of a data folder.
pub(crate) struct ServerMemories<'a> {
    pub target: &'a str,
    pub converter: &'a Arc<dyn ScriptConverter>,
}

impl ServerMemories<'_> {
    fn place(&self) -> PathBuf {
        PathBuf::from(place_of(self.target))
    }

    fn connect(&self) -> Result<Db> {
        let place = self.place();
        let db = connect(self.target).map_err(|e| db_error(&place, e))?;
        check_layout(&db, &place)?;
        Ok(db)
    }

    /// The names of the memories, Default first.
    pub fn names(&self) -> Result<Vec<String>> {
        let db = self.connect()?;
        names(&db).map_err(|e| db_error(&self.place(), e))
    }

    /// Whether there is a memory called `name` (any case).
    pub fn exists(&self, name: &str) -> Result<bool> {
        let db = self.connect()?;
        Ok(find(&db, name)
            .map_err(|e| db_error(&self.place(), e))?
            .is_some())
    }

    /// Opens the memory called `name`.
    pub fn open(&self, name: &str) -> Result<Memory> {
        Memory::connect(self.target, name, self.converter.clone())
    }

    /// Creates the memory called `name` (one transaction: the list's row and the memory's description).
    pub fn create(
        &self,
        name: &str,
        source: &LangTag,
        target: &LangTag,
        note: &str,
    ) -> Result<Memory> {
        let place = self.place();
        let fail = |e| db_error(&place, e);
        let db = self.connect()?;
        let made = db.transaction().and_then(|tx| {
            let id = create(&tx, name, source, target, note)?;
            tx.commit().map(|()| id)
        });
        let id = made.map_err(|e| {
            if e.kind == crate::sql::Kind::Duplicate {
                Error::Invalid(format!("there is already a memory named “{}”", name.trim()))
            } else {
                fail(e)
            }
        })?;
        Memory::on_server(db, self.target, id, self.converter.clone())
    }

    /// Deletes the memory called `name` with its units and history (an administrator's right).
    pub fn delete(&self, name: &str) -> Result<()> {
        let place = self.place();
        let fail = |e| db_error(&place, e);
        let db = self.connect()?;
        let n = db
            .execute(
                "DELETE FROM duizhao.tm_memory WHERE lower(name) = lower(?1)",
                &[&name.trim()],
            )
            .map_err(fail)?;
        if n == 0 {
            return Err(Error::Invalid(format!(
                "there is no memory named “{}” on the server",
                name.trim()
            )));
        }
        Ok(())
    }
}

/// Adds a memory to the server's list with its description (inside the caller's transaction); returns
/// its number. The memory's own `meta` rows are written through the views, so the connection is left
/// showing the new memory.
pub(crate) fn create(
    db: &Db,
    name: &str,
    source: &LangTag,
    target: &LangTag,
    note: &str,
) -> crate::sql::Result<i64> {
    let id: i64 = db.query_value(
        "INSERT INTO duizhao.tm_memory (name, created) VALUES (?1, ?2) RETURNING id",
        &[&name.trim(), &Timestamp::now().0],
    )?;
    choose(db, id)?;
    for (key, value) in [
        ("name", name.trim()),
        ("source_lang", source.as_str()),
        ("target_lang", target.as_str()),
        ("note", note),
    ] {
        db.execute(
            "INSERT INTO duizhao_tm.meta (key, value) VALUES (?1, ?2)",
            &[&key, &value],
        )?;
    }
    Ok(id)
}

/// Creates the Default memory (Chinese to English) when the server has none: `server init` and the
/// migration that brings memories call it, so a server's memories start as a data folder's do.
pub(crate) fn ensure_default(db: &Db) -> crate::sql::Result<()> {
    if find(db, DEFAULT_NAME)?.is_none() {
        create(
            db,
            DEFAULT_NAME,
            &LangTag::zh_simplified(),
            &LangTag::en(),
            "",
        )?;
    }
    Ok(())
}

/// Tells of changes other people make to memories on a server, as they are committed (LISTEN/NOTIFY on
/// a connection of its own). Dropping it stops the listening thread within a second.
pub type MemoryWatch = crate::sql::postgres::Listener;

/// A change heard by [`watch_memories`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemoryChange {
    /// Units of one memory (its [`Memory::server_number`]) changed: these, or (`None`) too many to name.
    Units {
        /// The memory's number.
        memory: i64,
        /// The units, when few enough to name.
        ids: Option<Vec<i64>>,
        /// The server process of the connection that made the change.
        by: i32,
    },
    /// The connection was lost and is back: anything may have changed meanwhile.
    Anything,
}

impl MemoryChange {
    fn parse(by: i32, payload: &str) -> Option<MemoryChange> {
        let (memory, ids) = payload.split_once(':')?;
        let ids = match ids {
            "*" => None,
            list => Some(
                list.split(',')
                    .map(str::parse)
                    .collect::<std::result::Result<_, _>>()
                    .ok()?,
            ),
        };
        Some(MemoryChange::Units {
            memory: memory.parse().ok()?,
            ids,
            by,
        })
    }

    /// What `memory` must read again: `None` when it was not changed (or changed through `memory`
    /// itself, whose index already has it), `Some(None)` for everything.
    pub fn for_memory(&self, memory: &Memory) -> Option<Option<&[i64]>> {
        let ids = match self {
            MemoryChange::Anything => None,
            MemoryChange::Units { ids, .. } => ids.as_deref(),
        };
        self.concerns(memory.server_number(), memory.server_pid)
            .then_some(ids)
    }

    /// Whether this change is news to the memory numbered `number` whose connection is the server
    /// process `pid` ([`Memory::server_number`], [`Memory::server_process`]): a change to it made through
    /// another connection, or anything after the watch lost the server for a while.
    pub fn concerns(&self, number: Option<i64>, pid: Option<i32>) -> bool {
        match self {
            MemoryChange::Anything => true,
            MemoryChange::Units { memory, by, .. } => number == Some(*memory) && pid != Some(*by),
        }
    }
}

/// Starts watching the memories on `target`: `on_change` runs on the watching thread after each
/// committed change by anyone (this program's own included).
pub fn watch_memories(
    target: &str,
    on_change: impl Fn(MemoryChange) + Send + 'static,
) -> Result<MemoryWatch> {
    crate::sql::postgres::listen(
        target,
        "duizhao_tm",
        "memory watch",
        move |payload| match payload {
            Some((by, text)) => {
                if let Some(change) = MemoryChange::parse(by, text) {
                    on_change(change);
                }
            }
            None => on_change(MemoryChange::Anything),
        },
    )
    .map_err(|e| db_error(&PathBuf::from(place_of(target)), e))
}
