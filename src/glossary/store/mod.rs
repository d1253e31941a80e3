//! The glossary file: an SQLite database shared by several people or app instances.
//!
//! [`Glossary`] opens (and creates, migrates, seeds) the file; its methods in `entries.rs` read and change
//! entries with optimistic concurrency, `history.rs` keeps and reverts changes, `rejected.rs` remembers the
//! term suggestions a person turned down. The file is in WAL mode with a busy timeout, so readers never
//! block the writer and a second writer waits instead of failing at once. Every write runs in one
//! `BEGIN IMMEDIATE` transaction: it takes the write lock first, then checks the version it was asked to
//! change, so two writers can never both pass the check.

mod entries;
mod history;
mod migrate;
mod rejected;
mod server;
mod time;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::glossary::search::SearchState;
use crate::sql::{Db, DbError, Tx};
use crate::{Error, Result};

pub use entries::Duplicate;
pub(crate) use entries::{ENTRY_COLUMNS, entry_from_row, load_entry, write_entry};
pub(crate) use history::record;
pub use history::{Action, Change};
pub use rejected::Rejection;
pub use server::{
    ChangeWatch, SERVER_SCHEMA_VERSION, init as server_init, migrate as server_migrate,
    watch_changes,
};
pub(crate) use time::now_rfc3339;

/// The page cache a glossary connection keeps (16 MB); large imports raise it for their transaction.
pub(crate) const CACHE_SIZE_PRAGMA: &str = "PRAGMA cache_size = -16384";

/// How to open a glossary file.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// How long to wait for another program's write to finish before giving up (default 5 s).
    pub busy_timeout: Duration,
    /// Name recorded as the author of changes (default: the login name).
    pub author: Option<String>,
    /// Create the file if it does not exist (default true).
    pub create: bool,
    /// Fill a newly created file with the starter trade glossary (default false; see
    /// [`Glossary::open_or_create`]).
    pub seed_starter: bool,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            busy_timeout: Duration::from_secs(5),
            author: None,
            create: true,
            seed_starter: false,
        }
    }
}

/// An open glossary file. `Send`, so the GUI can move it to a worker thread.
pub struct Glossary {
    pub(crate) db: Db,
    path: PathBuf,
    /// What the user named to reach the server (to reconnect), `None` for a file.
    server_target: Option<String>,
    /// Why changes are refused (a read-only file or folder), if they are.
    read_only: Option<&'static str>,
    /// Whether the database role may change entries (always for a file).
    role_may_edit: bool,
    author: String,
    busy_timeout: Duration,
    uid: String,
    pub(crate) search: SearchState,
}

impl std::fmt::Debug for Glossary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Glossary")
            .field("path", &self.path)
            .field("read_only", &self.read_only)
            .field("author", &self.author)
            .finish_non_exhaustive()
    }
}

impl Glossary {
    /// Opens the glossary at `path`, creating an empty one if there is no file.
    pub fn open(path: impl AsRef<Path>) -> Result<Glossary> {
        Glossary::open_with(path, &OpenOptions::default())
    }

    /// Opens the glossary at `path`; a new file (and its folder) is created and filled with the starter
    /// trade glossary that ships with the app. This is what the app calls for the user's own glossary.
    pub fn open_or_create(path: impl AsRef<Path>) -> Result<Glossary> {
        let path = path.as_ref();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        Glossary::open_with(
            path,
            &OpenOptions {
                seed_starter: true,
                ..OpenOptions::default()
            },
        )
    }

    /// Opens the glossary at `path` with explicit options.
    pub fn open_with(path: impl AsRef<Path>, options: &OpenOptions) -> Result<Glossary> {
        let path = path.as_ref().to_path_buf();
        let meta = std::fs::metadata(&path).ok();
        if meta.as_ref().is_some_and(|m| m.is_dir()) {
            return Err(Error::database(&path, "is a folder, not a glossary file"));
        }
        let is_new = meta.as_ref().is_none_or(|m| m.len() == 0);
        if is_new && !options.create {
            return Err(Error::database(&path, "no glossary file here"));
        }
        let read_only = if is_new {
            None
        } else {
            crate::db_file::read_only_reason(&path)
        };
        let opened = match read_only {
            Some(_) => crate::db_file::open_read_only(&path),
            None => Connection::open_with_flags(
                &path,
                OpenFlags::SQLITE_OPEN_READ_WRITE
                    | OpenFlags::SQLITE_OPEN_CREATE
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            ),
        };
        let conn = opened.map_err(|e| {
            classify(
                &path,
                options.busy_timeout,
                e.into(),
                "cannot open the glossary file",
            )
        })?;
        // Imports keep a dozen statements of their own in the cache, next to the ones entries use.
        conn.set_prepared_statement_cache_capacity(64);
        conn.busy_timeout(options.busy_timeout)
            .map_err(|e| classify(&path, options.busy_timeout, e.into(), "cannot open"))?;
        let author = options
            .author
            .clone()
            .filter(|a| !a.trim().is_empty())
            .unwrap_or_else(crate::paths::login_name);
        let mut glossary = Glossary {
            db: Db::sqlite(conn),
            path,
            server_target: None,
            role_may_edit: true,
            read_only,
            author,
            busy_timeout: options.busy_timeout,
            uid: String::new(),
            search: SearchState::default(),
        };
        migrate::prepare(&mut glossary)?;
        glossary.uid = glossary.meta("uid")?.unwrap_or_default();
        if is_new && options.seed_starter {
            crate::glossary::starter::seed(&mut glossary)?;
        }
        Ok(glossary)
    }

    /// The file this glossary lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the file is read-only (searching works; every change is refused with a clear message).
    pub fn is_read_only(&self) -> bool {
        self.read_only.is_some()
    }

    /// The name recorded as the author of this session's changes.
    pub fn author(&self) -> &str {
        &self.author
    }

    /// Sets the name recorded as the author of later changes.
    pub fn set_author(&mut self, author: &str) {
        self.author = author.trim().to_string();
    }

    /// This glossary's identity, a short random string made when the file was created. Exports carry it in
    /// entry ids (`g<uid>-<id>`), so that re-importing an export updates the same entries and a file from
    /// another glossary is never mistaken for this one's.
    pub fn uid(&self) -> &str {
        &self.uid
    }

    /// The external id of an entry as written in exports.
    pub fn external_id(&self, id: i64) -> String {
        format!("g{}-{id}", self.uid)
    }

    /// Parses an external id written by [`Glossary::external_id`] of this glossary.
    pub fn parse_external_id(&self, text: &str) -> Option<i64> {
        let rest = text
            .trim()
            .strip_prefix('g')?
            .strip_prefix(self.uid.as_str())?;
        rest.strip_prefix('-')?.parse().ok()
    }

    pub(crate) fn meta(&self, key: &str) -> Result<Option<String>> {
        self.db
            .query_row("SELECT value FROM meta WHERE key = ?1", &[&key], |r| {
                r.get(0)
            })
            .map_err(|e| self.db_err(e))
    }

    /// Refuses a change when the file is read-only.
    pub(crate) fn check_writable(&self) -> Result<()> {
        if let Some(reason) = self.read_only {
            return Err(Error::database(
                &self.path,
                format!(
                    "{reason}, so the glossary can be searched but not changed (make it writable or \
                     open a copy)"
                ),
            ));
        }
        Ok(())
    }

    /// Turns an SQLite error into the core error, naming the file and saying what it means.
    pub(crate) fn db_err(&self, e: DbError) -> Error {
        classify(&self.path, self.busy_timeout, e, "database error")
    }

    /// Starts a write transaction that holds the write lock from its first statement.
    pub(crate) fn write_tx(&self) -> Result<Tx<'_>> {
        self.check_writable()?;
        self.db
            .write()
            .map_err(|e| classify(&self.path, self.busy_timeout, e, "cannot start a change"))
    }
}

/// Maps the engine's errors to messages a translator understands, always naming the file or server.
pub(crate) fn classify(path: &Path, timeout: Duration, e: DbError, doing: &str) -> Error {
    Error::database(path, e.explain("glossary", timeout, doing))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_file_is_migrated_and_has_an_identity() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.sqlite");
        let g = Glossary::open(&path).unwrap();
        assert_eq!(g.uid().len(), 8);
        assert!(!g.is_read_only());
        let id = g.external_id(42);
        assert_eq!(g.parse_external_id(&id), Some(42));
        assert_eq!(g.parse_external_id("gffffffff-42"), None);
        let mode: String =
            g.db.sqlite_conn()
                .unwrap()
                .query_row("PRAGMA journal_mode", [], |r| r.get(0))
                .unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn not_a_database_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.sqlite");
        std::fs::write(&path, "this is a text file, not a database\n".repeat(200)).unwrap();
        let err = Glossary::open(&path).unwrap_err().to_string();
        assert!(err.contains("notes.sqlite"), "{err}");
        assert!(err.contains("not an SQLite database"), "{err}");
    }

    #[test]
    fn foreign_sqlite_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other.db");
        let c = Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE songs(title TEXT)").unwrap();
        drop(c);
        let err = Glossary::open(&path).unwrap_err().to_string();
        assert!(
            err.contains("other.db") && err.contains("not a Duizhao glossary"),
            "{err}"
        );
    }

    #[test]
    fn missing_file_without_create() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("none.sqlite");
        let options = OpenOptions {
            create: false,
            ..OpenOptions::default()
        };
        let err = Glossary::open_with(&path, &options)
            .unwrap_err()
            .to_string();
        assert!(err.contains("none.sqlite"), "{err}");
    }
}
