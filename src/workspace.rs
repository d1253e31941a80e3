//! The user's workspace: which documents are open (with any encoding override) and small settings,
//! remembered across restarts in an SQLite file in the data folder.
//!
//! Main type: [`Workspace`]. Other areas keep their own tables in the same file (alignment projects);
//! this module owns only the `documents` and `settings` tables and its own schema version key.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};

use crate::{Error, Result};

/// A document remembered in the workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceDoc {
    /// Stable id (row id).
    pub id: i64,
    /// The file.
    pub path: PathBuf,
    /// Encoding chosen by the user, if any (WHATWG name, e.g. `GBK`).
    pub encoding: Option<String>,
}

/// The workspace database.
pub struct Workspace {
    conn: Connection,
    path: PathBuf,
}

/// Ordered schema migrations for this module's tables; the index + 1 is the version.
const MIGRATIONS: &[&str] = &["CREATE TABLE IF NOT EXISTS documents (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        encoding TEXT,
        added_at TEXT NOT NULL DEFAULT (datetime('now'))
     );
     CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);"];

impl Workspace {
    /// Opens (or creates) the workspace database at `path`.
    pub fn open(path: &Path) -> Result<Workspace> {
        let conn = Connection::open(path).map_err(|e| Error::database(path, e))?;
        let db = |e: rusqlite::Error| Error::database(path, e);
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(db)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| Error::database(path, format!("not a usable database ({e})")))?;
        // This module's own version key: other modules migrate their own tables in the same file.
        conn.execute("CREATE TABLE IF NOT EXISTS schema_versions (module TEXT PRIMARY KEY, version INTEGER NOT NULL)", [])
            .map_err(db)?;
        let version: i64 = conn
            .query_row(
                "SELECT version FROM schema_versions WHERE module = 'workspace'",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(db)?
            .unwrap_or(0);
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = conn.unchecked_transaction().map_err(db)?;
            tx.execute_batch(sql).map_err(db)?;
            tx.execute(
                "INSERT INTO schema_versions (module, version) VALUES ('workspace', ?1)
                 ON CONFLICT(module) DO UPDATE SET version = excluded.version",
                [i as i64 + 1],
            )
            .map_err(db)?;
            tx.commit().map_err(db)?;
        }
        Ok(Workspace {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn db(&self) -> impl Fn(rusqlite::Error) -> Error + '_ {
        move |e| Error::database(&self.path, e)
    }

    /// The remembered documents, in the order they were added.
    pub fn documents(&self) -> Result<Vec<WorkspaceDoc>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, path, encoding FROM documents ORDER BY id")
            .map_err(self.db())?;
        let rows = stmt
            .query_map([], |r| {
                Ok(WorkspaceDoc {
                    id: r.get(0)?,
                    path: PathBuf::from(r.get::<_, String>(1)?),
                    encoding: r.get(2)?,
                })
            })
            .map_err(self.db())?;
        rows.collect::<std::result::Result<_, _>>()
            .map_err(self.db())
    }

    /// Remembers a document (or updates its encoding) and returns its id.
    pub fn add_document(&self, path: &Path, encoding: Option<&str>) -> Result<i64> {
        let path_text = path.to_string_lossy();
        self.conn
            .execute(
                "INSERT INTO documents (path, encoding) VALUES (?1, ?2)
                 ON CONFLICT(path) DO UPDATE SET encoding = excluded.encoding",
                params![path_text, encoding],
            )
            .map_err(self.db())?;
        self.conn
            .query_row(
                "SELECT id FROM documents WHERE path = ?1",
                [path_text],
                |r| r.get(0),
            )
            .map_err(self.db())
    }

    /// Forgets a document (the file itself is untouched).
    pub fn remove_document(&self, id: i64) -> Result<()> {
        self.conn
            .execute("DELETE FROM documents WHERE id = ?1", [id])
            .map_err(self.db())?;
        Ok(())
    }

    /// A stored setting.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()
            .map_err(self.db())
    }

    /// Stores a setting.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )
            .map_err(self.db())?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_documents_and_settings_across_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("workspace.sqlite");
        {
            let ws = Workspace::open(&db).unwrap();
            let a = ws.add_document(Path::new("/x/a.txt"), None).unwrap();
            let b = ws.add_document(Path::new("/x/b.txt"), Some("GBK")).unwrap();
            assert_eq!(
                ws.add_document(Path::new("/x/a.txt"), Some("Big5"))
                    .unwrap(),
                a
            );
            ws.remove_document(b).unwrap();
            ws.set_setting("theme", "dark").unwrap();
        }
        let ws = Workspace::open(&db).unwrap();
        let docs = ws.documents().unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].path, PathBuf::from("/x/a.txt"));
        assert_eq!(docs[0].encoding.as_deref(), Some("Big5"));
        assert_eq!(ws.setting("theme").unwrap().as_deref(), Some("dark"));
        assert_eq!(ws.setting("missing").unwrap(), None);
    }

    #[test]
    fn a_file_that_is_not_a_database_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("workspace.sqlite");
        std::fs::write(
            &db,
            "this is not sqlite, just some text that is long enough to look like a header",
        )
        .unwrap();
        let err = Workspace::open(&db).err().expect("must fail").to_string();
        assert!(err.contains("workspace.sqlite"), "{err}");
    }
}
