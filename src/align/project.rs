//! Alignment projects saved in SQLite as the reviewer works: every edit, undo and redo is one small
//! transaction, so closing the app or a crash loses nothing.
//!
//! The tables (prefixed `align_`) live in the database file the caller names — the app's
//! `<data dir>/workspace.sqlite` — next to other areas' tables. `align_schema` holds this module's schema
//! version; [`migrate`] brings older files up to date. Main types: [`Project`] (an open project with its
//! [`Editor`]) and [`ProjectInfo`] (a row of [`list`]).

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;

use super::edit::{Edit, Editor, Patch, Side};
use super::types::{Alignment, Bead};
use crate::{Error, Result};

/// Version of the `align_` tables this code writes.
pub const SCHEMA_VERSION: i64 = 1;

/// A saved project as listed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectInfo {
    /// Row id (pass it to [`Project::open`]).
    pub id: i64,
    /// Name shown to the user.
    pub name: String,
    /// The Chinese source file, if known.
    pub zh_file: Option<String>,
    /// The English source file, if known.
    pub en_file: Option<String>,
    /// When it was created (UTC, ISO 8601).
    pub created: String,
    /// When it was last changed (UTC, ISO 8601).
    pub modified: String,
    /// Number of beads.
    pub beads: usize,
}

/// An open alignment project: the editor, and the database every change is written to.
pub struct Project {
    conn: Connection,
    path: PathBuf,
    id: i64,
    editor: Editor,
}

/// Opens (creating if needed) the database file and brings its `align_` tables up to date.
pub fn connect(path: &Path) -> Result<Connection> {
    let db = |e: rusqlite::Error| Error::database(path, e);
    let conn = Connection::open(path).map_err(db)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(db)?;
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(db)?;
    conn.pragma_update(None, "foreign_keys", true).map_err(db)?;
    migrate(&conn).map_err(db)?;
    Ok(conn)
}

/// Creates or upgrades the `align_` tables. Refuses a file written by a newer version.
pub fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("CREATE TABLE IF NOT EXISTS align_schema (version INTEGER NOT NULL);")?;
    let version: i64 = conn
        .query_row("SELECT version FROM align_schema", [], |r| r.get(0))
        .optional()?
        .unwrap_or(0);
    if version > SCHEMA_VERSION {
        return Err(rusqlite::Error::InvalidParameterName(format!(
            "alignment tables are version {version}, newer than this program ({SCHEMA_VERSION}); update Duizhao"
        )));
    }
    if version < 1 {
        conn.execute_batch(
            "BEGIN;
             CREATE TABLE align_projects (
                 id INTEGER PRIMARY KEY,
                 name TEXT NOT NULL,
                 zh_file TEXT,
                 en_file TEXT,
                 created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
                 modified TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));
             CREATE TABLE align_sentences (
                 project INTEGER NOT NULL REFERENCES align_projects(id) ON DELETE CASCADE,
                 side INTEGER NOT NULL, idx INTEGER NOT NULL, text TEXT NOT NULL);
             CREATE INDEX align_sentences_at ON align_sentences(project, side, idx);
             CREATE TABLE align_beads (
                 project INTEGER NOT NULL REFERENCES align_projects(id) ON DELETE CASCADE,
                 idx INTEGER NOT NULL,
                 zh_start INTEGER NOT NULL, zh_end INTEGER NOT NULL,
                 en_start INTEGER NOT NULL, en_end INTEGER NOT NULL,
                 confidence REAL NOT NULL, accepted INTEGER NOT NULL);
             CREATE INDEX align_beads_at ON align_beads(project, idx);
             CREATE TABLE align_history (
                 project INTEGER NOT NULL REFERENCES align_projects(id) ON DELETE CASCADE,
                 stack INTEGER NOT NULL, seq INTEGER NOT NULL, patch TEXT NOT NULL);
             CREATE INDEX align_history_at ON align_history(project, stack, seq);
             DELETE FROM align_schema;
             INSERT INTO align_schema (version) VALUES (1);
             COMMIT;",
        )?;
    }
    Ok(())
}

const UNDO: i64 = 0;
const REDO: i64 = 1;

fn side_no(side: Side) -> i64 {
    match side {
        Side::Zh => 0,
        Side::En => 1,
    }
}

/// Lists the saved projects, most recently changed first.
pub fn list(path: &Path) -> Result<Vec<ProjectInfo>> {
    let conn = connect(path)?;
    query_info(&conn, "ORDER BY p.modified DESC, p.id DESC", [])
        .map_err(|e| Error::database(path, e))
}

/// Project rows with their bead counts; `tail` is the `WHERE`/`ORDER BY` part.
fn query_info(
    conn: &Connection,
    tail: &str,
    params: impl rusqlite::Params,
) -> rusqlite::Result<Vec<ProjectInfo>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT p.id, p.name, p.zh_file, p.en_file, p.created, p.modified,
                (SELECT count(*) FROM align_beads b WHERE b.project = p.id)
         FROM align_projects p {tail}"
    ))?;
    let rows = stmt.query_map(params, |r| {
        Ok(ProjectInfo {
            id: r.get(0)?,
            name: r.get(1)?,
            zh_file: r.get(2)?,
            en_file: r.get(3)?,
            created: r.get(4)?,
            modified: r.get(5)?,
            beads: r.get::<_, i64>(6)? as usize,
        })
    })?;
    rows.collect()
}

/// Deletes a project and everything saved with it.
pub fn delete(path: &Path, id: i64) -> Result<()> {
    let conn = connect(path)?;
    let n = conn
        .execute("DELETE FROM align_projects WHERE id = ?1", [id])
        .map_err(|e| Error::database(path, e))?;
    if n == 0 {
        return Err(Error::Invalid(format!(
            "there is no alignment project {id}"
        )));
    }
    Ok(())
}

impl Project {
    /// Saves a new project with its alignment and opens it.
    pub fn create(
        path: &Path,
        name: &str,
        zh_file: Option<&str>,
        en_file: Option<&str>,
        alignment: Alignment,
    ) -> Result<Project> {
        alignment.check()?;
        let mut conn = connect(path)?;
        let db = |e: rusqlite::Error| Error::database(path, e);
        let tx = conn.transaction().map_err(db)?;
        tx.execute(
            "INSERT INTO align_projects (name, zh_file, en_file) VALUES (?1, ?2, ?3)",
            params![name, zh_file, en_file],
        )
        .map_err(db)?;
        let id = tx.last_insert_rowid();
        insert_sentences(&tx, id, Side::Zh, 0, &alignment.zh).map_err(db)?;
        insert_sentences(&tx, id, Side::En, 0, &alignment.en).map_err(db)?;
        insert_beads(&tx, id, 0, &alignment.beads).map_err(db)?;
        tx.commit().map_err(db)?;
        Ok(Project {
            conn,
            path: path.to_path_buf(),
            id,
            editor: Editor::new(alignment),
        })
    }

    /// Opens a saved project, with its undo and redo history.
    pub fn open(path: &Path, id: i64) -> Result<Project> {
        let conn = connect(path)?;
        let db = |e: rusqlite::Error| Error::database(path, e);
        let exists: Option<i64> = conn
            .query_row("SELECT id FROM align_projects WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()
            .map_err(db)?;
        if exists.is_none() {
            return Err(Error::Invalid(format!(
                "there is no alignment project {id}"
            )));
        }
        let sentences = |side: Side| -> rusqlite::Result<Vec<String>> {
            let mut st = conn.prepare(
                "SELECT text FROM align_sentences WHERE project = ?1 AND side = ?2 ORDER BY idx",
            )?;
            let rows = st.query_map(params![id, side_no(side)], |r| r.get(0))?;
            rows.collect()
        };
        let zh = sentences(Side::Zh).map_err(db)?;
        let en = sentences(Side::En).map_err(db)?;
        let beads = {
            let mut st = conn
                .prepare(
                    "SELECT zh_start, zh_end, en_start, en_end, confidence, accepted
                     FROM align_beads WHERE project = ?1 ORDER BY idx",
                )
                .map_err(db)?;
            let rows = st
                .query_map([id], |r| {
                    let u = |k: usize| r.get::<_, i64>(k).map(|v| v as usize);
                    Ok(Bead {
                        zh: u(0)?..u(1)?,
                        en: u(2)?..u(3)?,
                        confidence: r.get::<_, f64>(4)? as f32,
                        accepted: r.get::<_, i64>(5)? != 0,
                    })
                })
                .map_err(db)?;
            rows.collect::<rusqlite::Result<Vec<_>>>().map_err(db)?
        };
        let alignment = Alignment { zh, en, beads };
        alignment.check().map_err(|e| {
            Error::database(path, format!("alignment project {id} is damaged: {e}"))
        })?;
        let history = |stack: i64| -> Result<Vec<Patch>> {
            let mut st = conn
                .prepare("SELECT patch FROM align_history WHERE project = ?1 AND stack = ?2 ORDER BY seq")
                .map_err(db)?;
            let rows = st
                .query_map(params![id, stack], |r| r.get::<_, String>(0))
                .map_err(db)?;
            let mut out = Vec::new();
            for row in rows {
                let json = row.map_err(db)?;
                out.push(serde_json::from_str(&json).map_err(|e| Error::database(path, e))?);
            }
            Ok(out)
        };
        let editor = Editor::with_history(alignment, history(UNDO)?, history(REDO)?);
        Ok(Project {
            conn,
            path: path.to_path_buf(),
            id,
            editor,
        })
    }

    /// The project's row id.
    pub fn id(&self) -> i64 {
        self.id
    }

    /// The project as listed: name, file names, dates, bead count (file names and dates go into TMX
    /// exports and the memory, see [`super::export::UnitOptions::for_project`]).
    pub fn info(&self) -> Result<ProjectInfo> {
        query_info(&self.conn, "WHERE p.id = ?1", [self.id])
            .map_err(|e| Error::database(&self.path, e))?
            .pop()
            .ok_or_else(|| Error::Invalid(format!("there is no alignment project {}", self.id)))
    }

    /// The editor (alignment and history).
    pub fn editor(&self) -> &Editor {
        &self.editor
    }

    /// The current alignment.
    pub fn alignment(&self) -> &Alignment {
        self.editor.alignment()
    }

    /// Applies an edit and saves it.
    pub fn apply(&mut self, edit: &Edit) -> Result<()> {
        let patch = super::edit::patch_for(self.editor.alignment(), edit)?;
        self.save(&patch, |tx, id| {
            tx.execute(
                "DELETE FROM align_history WHERE project = ?1 AND stack = ?2",
                params![id, REDO],
            )?;
            push(tx, id, UNDO, &patch)
        })?;
        self.editor.apply(edit)?;
        Ok(())
    }

    /// Undoes the last edit and saves that; `false` if there was nothing to undo.
    pub fn undo(&mut self) -> Result<bool> {
        let Some(last) = self.editor.history().0.last().cloned() else {
            return Ok(false);
        };
        self.save(&last.inverse(), |tx, id| {
            pop(tx, id, UNDO)?;
            push(tx, id, REDO, &last)
        })?;
        self.editor.undo();
        Ok(true)
    }

    /// Redoes the last undone edit and saves that; `false` if there was nothing to redo.
    pub fn redo(&mut self) -> Result<bool> {
        let Some(last) = self.editor.history().1.last().cloned() else {
            return Ok(false);
        };
        self.save(&last, |tx, id| {
            pop(tx, id, REDO)?;
            push(tx, id, UNDO, &last)
        })?;
        self.editor.redo();
        Ok(true)
    }

    /// Renames the project.
    pub fn rename(&mut self, name: &str) -> Result<()> {
        self.conn
            .execute(
                "UPDATE align_projects SET name = ?2, modified = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
                 WHERE id = ?1",
                params![self.id, name],
            )
            .map_err(|e| Error::database(&self.path, e))?;
        Ok(())
    }

    /// Writes a patch to the tables, plus the history change, in one transaction.
    fn save(
        &mut self,
        patch: &Patch,
        history: impl FnOnce(&Transaction<'_>, i64) -> rusqlite::Result<()>,
    ) -> Result<()> {
        let (id, path) = (self.id, self.path.clone());
        let db = |e: rusqlite::Error| Error::database(&path, e);
        let tx = self.conn.transaction().map_err(db)?;
        write_patch(&tx, id, patch).map_err(db)?;
        history(&tx, id).map_err(db)?;
        tx.execute(
            "UPDATE align_projects SET modified = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1",
            [id],
        )
        .map_err(db)?;
        tx.commit().map_err(db)
    }
}

fn push(tx: &Transaction<'_>, id: i64, stack: i64, patch: &Patch) -> rusqlite::Result<()> {
    let json = serde_json::to_string(patch)
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    tx.execute(
        "INSERT INTO align_history (project, stack, seq, patch)
         VALUES (?1, ?2, (SELECT coalesce(max(seq), 0) + 1 FROM align_history WHERE project = ?1 AND stack = ?2), ?3)",
        params![id, stack, json],
    )?;
    Ok(())
}

fn pop(tx: &Transaction<'_>, id: i64, stack: i64) -> rusqlite::Result<()> {
    tx.execute(
        "DELETE FROM align_history WHERE project = ?1 AND stack = ?2
         AND seq = (SELECT max(seq) FROM align_history WHERE project = ?1 AND stack = ?2)",
        params![id, stack],
    )?;
    Ok(())
}

/// The same change as [`Patch::apply`], on the tables.
fn write_patch(tx: &Transaction<'_>, id: i64, p: &Patch) -> rusqlite::Result<()> {
    let (at, old_end) = (p.at as i64, (p.at + p.old.len()) as i64);
    if let Some(t) = &p.text {
        let side = side_no(t.side);
        let (s_at, s_end) = (t.at as i64, (t.at + t.old.len()) as i64);
        let delta = t.new.len() as i64 - t.old.len() as i64;
        tx.execute(
            "DELETE FROM align_sentences WHERE project = ?1 AND side = ?2 AND idx >= ?3 AND idx < ?4",
            params![id, side, s_at, s_end],
        )?;
        if delta != 0 {
            tx.execute(
                "UPDATE align_sentences SET idx = idx + ?4 WHERE project = ?1 AND side = ?2 AND idx >= ?3",
                params![id, side, s_end, delta],
            )?;
            let sql = match t.side {
                Side::Zh => {
                    "UPDATE align_beads SET zh_start = zh_start + ?3, zh_end = zh_end + ?3 WHERE project = ?1 AND idx >= ?2"
                }
                Side::En => {
                    "UPDATE align_beads SET en_start = en_start + ?3, en_end = en_end + ?3 WHERE project = ?1 AND idx >= ?2"
                }
            };
            tx.execute(sql, params![id, old_end, delta])?;
        }
        insert_sentences(tx, id, t.side, t.at, &t.new)?;
    }
    tx.execute(
        "DELETE FROM align_beads WHERE project = ?1 AND idx >= ?2 AND idx < ?3",
        params![id, at, old_end],
    )?;
    let delta = p.new.len() as i64 - p.old.len() as i64;
    if delta != 0 {
        tx.execute(
            "UPDATE align_beads SET idx = idx + ?3 WHERE project = ?1 AND idx >= ?2",
            params![id, old_end, delta],
        )?;
    }
    insert_beads(tx, id, p.at, &p.new)
}

fn insert_sentences(
    tx: &Transaction<'_>,
    id: i64,
    side: Side,
    at: usize,
    texts: &[String],
) -> rusqlite::Result<()> {
    let mut st = tx.prepare_cached(
        "INSERT INTO align_sentences (project, side, idx, text) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (k, t) in texts.iter().enumerate() {
        st.execute(params![id, side_no(side), (at + k) as i64, t])?;
    }
    Ok(())
}

fn insert_beads(tx: &Transaction<'_>, id: i64, at: usize, beads: &[Bead]) -> rusqlite::Result<()> {
    let mut st = tx.prepare_cached(
        "INSERT INTO align_beads (project, idx, zh_start, zh_end, en_start, en_end, confidence, accepted)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (k, b) in beads.iter().enumerate() {
        st.execute(params![
            id,
            (at + k) as i64,
            b.zh.start as i64,
            b.zh.end as i64,
            b.en.start as i64,
            b.en.end as i64,
            b.confidence as f64,
            b.accepted as i64
        ])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Alignment {
        Alignment {
            zh: ["甲。", "乙。", "丙。丁。"].map(String::from).to_vec(),
            en: ["A.", "B.", "C.", "D."].map(String::from).to_vec(),
            beads: vec![
                Bead::new(0..1, 0..1, 0.9),
                Bead::new(1..2, 1..3, 0.4),
                Bead::new(2..3, 3..4, 0.8),
            ],
        }
    }

    #[test]
    fn every_change_is_saved_and_reloads_identically() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("workspace.sqlite");
        let mut p =
            Project::create(&db, "Release 1", Some("zh.txt"), Some("en.txt"), sample()).unwrap();
        let edits = [
            Edit::SplitSentence {
                side: Side::Zh,
                sentence: 2,
                at_char: 2,
            },
            Edit::SplitBead {
                bead: 2,
                zh: 1,
                en: 1,
            },
            Edit::MergeNext { bead: 0 },
            Edit::EditText {
                side: Side::En,
                sentence: 0,
                text: "Aa.".into(),
            },
            Edit::Accept {
                bead: 0,
                accepted: true,
            },
            Edit::JoinSentences {
                side: Side::En,
                sentence: 1,
            },
            Edit::MoveLastToNext {
                bead: 0,
                side: Side::En,
            },
        ];
        for e in &edits {
            p.apply(e).unwrap_or_else(|err| panic!("{e:?}: {err}"));
            // "Crash" after every edit: what is on disk is what the reviewer sees.
            let reopened = Project::open(&db, p.id()).unwrap();
            assert_eq!(reopened.alignment(), p.alignment(), "after {e:?}");
        }
        assert!(p.undo().unwrap() && p.undo().unwrap());
        assert!(p.redo().unwrap());
        let reopened = Project::open(&db, p.id()).unwrap();
        assert_eq!(reopened.alignment(), p.alignment());
        assert_eq!(reopened.editor().history().0.len(), edits.len() - 1);
        assert_eq!(reopened.editor().history().1.len(), 1);
        let mut reopened = reopened;
        while reopened.undo().unwrap() {}
        assert_eq!(reopened.alignment(), &sample());
        assert_eq!(Project::open(&db, p.id()).unwrap().alignment(), &sample());
    }

    #[test]
    fn list_rename_delete() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("w.sqlite");
        let mut a = Project::create(&db, "A", None, None, sample()).unwrap();
        let b = Project::create(&db, "B", Some("b.zh"), Some("b.en"), sample()).unwrap();
        a.rename("A2").unwrap();
        let info = b.info().unwrap();
        assert_eq!((info.name.as_str(), info.beads), ("B", 3));
        assert_eq!(info.zh_file.as_deref(), Some("b.zh"));
        assert_eq!(a.info().unwrap().name, "A2");
        let names: Vec<String> = list(&db).unwrap().into_iter().map(|p| p.name).collect();
        assert_eq!(names.len(), 2);
        assert!(names.contains(&"A2".to_string()));
        assert_eq!(list(&db).unwrap()[0].beads, 3);
        delete(&db, a.id()).unwrap();
        assert_eq!(list(&db).unwrap().len(), 1);
        assert!(Project::open(&db, a.id()).is_err());
        assert!(delete(&db, 999).is_err());
    }

    #[test]
    fn newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("w.sqlite");
        connect(&db)
            .unwrap()
            .execute("UPDATE align_schema SET version = 99", [])
            .unwrap();
        let err = list(&db).unwrap_err().to_string();
        assert!(err.contains("newer than this program"), "{err}");
    }
}
