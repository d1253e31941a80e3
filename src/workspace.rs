//! The user's workspace: which documents are open (with any encoding override) and small settings,
//! remembered across restarts in an SQLite file in the data folder.
//!
//! Main type: [`Workspace`]. Other areas keep their own tables in the same file (alignment projects);
//! this module owns the `documents`, `settings` and `versions` tables (the last through
//! [`crate::version::store`]) and its own schema version key.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};

use crate::version::{self, Recipe, Version};
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
const MIGRATIONS: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS documents (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        encoding TEXT,
        added_at TEXT NOT NULL DEFAULT (datetime('now'))
     );
     CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
    crate::version::store::SCHEMA,
];

impl Workspace {
    /// Opens (or creates) the workspace database at `path`.
    pub fn open(path: &Path) -> Result<Workspace> {
        // The workspace is written at every step (open documents, settings, versions): a place that
        // cannot be written is refused at once, with the way out, rather than failing at the first save.
        if let Some(reason) = crate::db_file::read_only_reason(path) {
            return Err(Error::database(
                path,
                format!(
                    "{reason}, so open documents, versions and settings cannot be saved; start Duizhao \
                     with a writable data folder (--data-dir or DUIZHAO_DATA_DIR)"
                ),
            ));
        }
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

    /// Forgets a document and its versions (the file itself is untouched).
    pub fn remove_document(&self, id: i64) -> Result<()> {
        let tx = self.conn.unchecked_transaction().map_err(self.db())?;
        version::store::delete_all(&tx, &self.path, id)?;
        tx.execute("DELETE FROM documents WHERE id = ?1", [id])
            .map_err(self.db())?;
        tx.commit().map_err(self.db())
    }

    /// The stored versions of a document, oldest first.
    pub fn versions(&self, document: i64) -> Result<Vec<Version>> {
        version::store::list(&self.conn, &self.path, document)
    }

    /// Stores a new version of `document` made from `parent` (`None`: the original), whose text had the
    /// fingerprint `parent_hash`.
    pub fn add_version(
        &self,
        document: i64,
        parent: Option<i64>,
        recipe: &Recipe,
        parent_hash: u64,
        text: &str,
    ) -> Result<Version> {
        version::store::insert(
            &self.conn,
            &self.path,
            document,
            parent,
            recipe,
            parent_hash,
            text,
        )
    }

    /// Replaces a version's recipe and text.
    pub fn update_version(
        &self,
        id: i64,
        recipe: &Recipe,
        parent_hash: u64,
        text: &str,
    ) -> Result<Version> {
        version::store::update(&self.conn, &self.path, id, recipe, parent_hash, text)
    }

    /// Deletes a version and the versions made from it.
    pub fn delete_version(&self, id: i64) -> Result<()> {
        version::store::delete(&self.conn, &self.path, id)
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
    fn versions_are_kept_with_their_document_and_go_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("workspace.sqlite");
        let (doc, cleaned) = {
            let ws = Workspace::open(&db).unwrap();
            let doc = ws.add_document(Path::new("/x/r.txt"), None).unwrap();
            let recipe = Recipe::Cleaned(crate::version::CleanDecisions {
                rules: crate::clean::RuleSet::all().iter().collect(),
                flipped: vec![2],
                changes: 5,
                report: "00".into(),
            });
            let cleaned = ws
                .add_version(doc, None, &recipe, 42, "經貿合作。\n")
                .unwrap();
            let converted = Recipe::converted(crate::convert::Config::T2s);
            let child = ws
                .add_version(
                    doc,
                    Some(cleaned.id),
                    &converted,
                    cleaned.hash(),
                    "经贸合作。\n",
                )
                .unwrap();
            assert_eq!(child.parent, Some(cleaned.id));
            (doc, cleaned)
        };
        let ws = Workspace::open(&db).unwrap();
        let versions = ws.versions(doc).unwrap();
        assert_eq!(versions.len(), 2);
        assert_eq!(versions[0], cleaned);
        assert_eq!(versions[0].parent_hash, 42);
        assert_eq!(versions[1].text, "经贸合作。\n");
        let updated = ws
            .update_version(cleaned.id, &cleaned.recipe, 43, "经(jīng)贸。\n")
            .unwrap();
        assert_eq!(
            (updated.parent_hash, updated.text.as_str()),
            (43, "经(jīng)贸。\n")
        );
        // Deleting a version deletes what was made from it; closing the document deletes the rest.
        ws.delete_version(cleaned.id).unwrap();
        assert!(ws.versions(doc).unwrap().is_empty());
        ws.add_version(
            doc,
            None,
            &Recipe::converted(crate::convert::Config::S2t),
            1,
            "x",
        )
        .unwrap();
        ws.remove_document(doc).unwrap();
        assert!(ws.versions(doc).unwrap().is_empty());
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
