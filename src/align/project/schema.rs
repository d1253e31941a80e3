//! The `align_` tables: opening the database and the versioned migrations.
//!
//! Version 1: projects, sentences, beads, undo/redo history. Version 2: beads record whether a hand
//! edit made them (`edited`); every re-alignment is a *generation* of the project's sources, with the
//! caller's key and a fingerprint per side (`align_sources`) and the input sentences (`align_inputs`);
//! `align_projects.generation` is the current one (0: made before version 2, nothing recorded).

use std::path::Path;

use rusqlite::{Connection, OptionalExtension};

use crate::{Error, Result};

/// Version of the `align_` tables this code writes.
pub const SCHEMA_VERSION: i64 = 2;

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

/// Creates or upgrades the `align_` tables, one transaction per version. Refuses a file written by a
/// newer version.
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
    if version < 2 {
        // Beads saved before version 2 were the aligner's or accepted: none is marked edited. Their
        // projects keep generation 0, with no recorded sources.
        conn.execute_batch(
            "BEGIN;
             ALTER TABLE align_beads ADD COLUMN edited INTEGER NOT NULL DEFAULT 0;
             ALTER TABLE align_projects ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
             CREATE TABLE align_sources (
                 project INTEGER NOT NULL REFERENCES align_projects(id) ON DELETE CASCADE,
                 generation INTEGER NOT NULL, side INTEGER NOT NULL,
                 key TEXT, fingerprint TEXT NOT NULL, sentences INTEGER NOT NULL,
                 PRIMARY KEY (project, generation, side));
             CREATE TABLE align_inputs (
                 project INTEGER NOT NULL REFERENCES align_projects(id) ON DELETE CASCADE,
                 generation INTEGER NOT NULL, side INTEGER NOT NULL, idx INTEGER NOT NULL,
                 text TEXT NOT NULL);
             CREATE INDEX align_inputs_at ON align_inputs(project, generation, side, idx);
             UPDATE align_schema SET version = 2;
             COMMIT;",
        )?;
    }
    Ok(())
}

/// A version-1 file with one project and one undo step, as the previous release wrote it.
#[cfg(test)]
pub(super) const V1: &str = "
    CREATE TABLE align_schema (version INTEGER NOT NULL);
    INSERT INTO align_schema VALUES (1);
    CREATE TABLE align_projects (id INTEGER PRIMARY KEY, name TEXT NOT NULL, zh_file TEXT, en_file TEXT,
        created TEXT NOT NULL DEFAULT '2025-01-01T00:00:00Z', modified TEXT NOT NULL DEFAULT '2025-01-01T00:00:00Z');
    CREATE TABLE align_sentences (project INTEGER NOT NULL, side INTEGER NOT NULL, idx INTEGER NOT NULL,
        text TEXT NOT NULL);
    CREATE TABLE align_beads (project INTEGER NOT NULL, idx INTEGER NOT NULL, zh_start INTEGER NOT NULL,
        zh_end INTEGER NOT NULL, en_start INTEGER NOT NULL, en_end INTEGER NOT NULL,
        confidence REAL NOT NULL, accepted INTEGER NOT NULL);
    CREATE TABLE align_history (project INTEGER NOT NULL, stack INTEGER NOT NULL, seq INTEGER NOT NULL,
        patch TEXT NOT NULL);
    INSERT INTO align_projects (id, name) VALUES (1, 'old');
    INSERT INTO align_sentences VALUES (1, 0, 0, '甲。'), (1, 1, 0, 'A.');
    INSERT INTO align_beads VALUES (1, 0, 0, 1, 0, 1, 0.9, 1);
    INSERT INTO align_history VALUES (1, 0, 1,
        '{\"at\":0,\"old\":[{\"zh\":{\"start\":0,\"end\":1},\"en\":{\"start\":0,\"end\":1},\"confidence\":0.9,\"accepted\":false}],\"new\":[{\"zh\":{\"start\":0,\"end\":1},\"en\":{\"start\":0,\"end\":1},\"confidence\":0.9,\"accepted\":true}],\"text\":null}');
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_one_files_upgrade_and_newer_ones_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("w.sqlite");
        {
            let conn = Connection::open(&db).unwrap();
            conn.execute_batch(V1).unwrap();
        }
        let conn = connect(&db).unwrap();
        let version: i64 = conn
            .query_row("SELECT version FROM align_schema", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        let (edited, generation): (i64, i64) = conn
            .query_row(
                "SELECT b.edited, p.generation FROM align_beads b JOIN align_projects p ON p.id = b.project",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((edited, generation), (0, 0));
        drop(conn);
        // Opening again changes nothing.
        connect(&db).unwrap();

        connect(&db)
            .unwrap()
            .execute("UPDATE align_schema SET version = 99", [])
            .unwrap();
        let err = connect(&db).unwrap_err().to_string();
        assert!(err.contains("newer than this program"), "{err}");
    }
}
