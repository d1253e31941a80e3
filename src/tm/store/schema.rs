//! The memory database's schema, as numbered migrations (SQLite's `user_version` says which have run).
//!
//! Each side of a unit keeps its language, its text as the user gave it, its language family (`zh`, `en`),
//! its match key (Chinese folded to Simplified, tokens folded; see [`crate::tm::script::match_key`]) and a
//! 64-bit hash of family and key (`keys.rs`), which is what the one index on units holds: finding the units
//! with a unit's source, or an identical pair, is an integer lookup, and the index stays small on a million
//! units. Migration 2 adds the bookkeeping the Memory workspace shows and undoes: origin detail, who
//! changed a unit, times used, soft deletion and the change log (`changes`, `edits`).

use rusqlite::Connection;

/// Migrations in order; migration `n` (1-based) brings `user_version` from `n - 1` to `n`.
const MIGRATIONS: &[&str] = &[
    // 1: units and a key/value table for bookkeeping (which converter built the keys).
    "CREATE TABLE units (
        id            INTEGER PRIMARY KEY,
        source_lang   TEXT NOT NULL,
        source_text   TEXT NOT NULL,
        source_family TEXT NOT NULL,
        source_key    TEXT NOT NULL,
        target_lang   TEXT NOT NULL,
        target_text   TEXT NOT NULL,
        target_family TEXT NOT NULL,
        target_key    TEXT NOT NULL,
        origin        TEXT NOT NULL,
        props         TEXT NOT NULL DEFAULT '[]',
        notes         TEXT NOT NULL DEFAULT '[]',
        created       INTEGER,
        changed       INTEGER,
        creation_id   TEXT,
        added         INTEGER NOT NULL
     );
     CREATE UNIQUE INDEX units_same ON units(source_family, source_key, target_family, target_key);
     CREATE INDEX units_target ON units(target_family, target_key);
     CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
    // 2: bookkeeping and undo. Units are soft-deleted (`deleted` names the change that deleted them) so that
    // a deletion is undone by clearing the mark; `batch` names the import that added a unit. The text
    // indexes give way to one index of hashes over live units; the hashes are filled by the re-keying that
    // dropping `key_scheme` forces (until then `source_hash = id` keeps them apart).
    "ALTER TABLE units ADD COLUMN origin_detail TEXT NOT NULL DEFAULT '';
     ALTER TABLE units ADD COLUMN change_id TEXT;
     ALTER TABLE units ADD COLUMN used INTEGER NOT NULL DEFAULT 0;
     ALTER TABLE units ADD COLUMN source_hash INTEGER NOT NULL DEFAULT 0;
     ALTER TABLE units ADD COLUMN target_hash INTEGER NOT NULL DEFAULT 0;
     ALTER TABLE units ADD COLUMN batch INTEGER;
     ALTER TABLE units ADD COLUMN deleted INTEGER;
     UPDATE units SET source_hash = id;
     DROP INDEX units_same;
     DROP INDEX units_target;
     CREATE INDEX units_pair ON units(source_hash, target_hash) WHERE deleted IS NULL;
     CREATE TABLE changes (
        id      INTEGER PRIMARY KEY,
        kind    TEXT NOT NULL,
        summary TEXT NOT NULL,
        author  TEXT NOT NULL,
        at      INTEGER NOT NULL,
        undone  INTEGER NOT NULL DEFAULT 0
     );
     CREATE TABLE edits (
        id              INTEGER PRIMARY KEY,
        change_id       INTEGER NOT NULL,
        unit_id         INTEGER NOT NULL,
        side            TEXT NOT NULL CHECK (side IN ('source', 'target')),
        before          TEXT NOT NULL,
        after           TEXT NOT NULL,
        before_changed  INTEGER,
        before_change_id TEXT
     );
     CREATE INDEX edits_unit ON edits(unit_id);
     CREATE INDEX edits_change ON edits(change_id);
     DELETE FROM meta WHERE key = 'key_scheme';",
];

/// The schema version this build writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the database up to [`VERSION`], each migration in its own transaction. Refuses a database made by
/// a newer version of Duizhao rather than damage it.
pub fn migrate(conn: &mut Connection) -> Result<(), String> {
    let current: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if current > VERSION {
        return Err(format!(
            "this memory was written by a newer Duizhao (schema {current}, this version knows {VERSION})"
        ));
    }
    for (n, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction().map_err(|e| e.to_string())?;
        tx.execute_batch(sql).map_err(|e| e.to_string())?;
        tx.pragma_update(None, "user_version", (n + 1) as i64)
            .map_err(|e| e.to_string())?;
        tx.commit().map_err(|e| e.to_string())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_run_once_and_newer_databases_are_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        migrate(&mut conn).unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, VERSION);
        conn.pragma_update(None, "user_version", VERSION + 1)
            .unwrap();
        assert!(migrate(&mut conn).unwrap_err().contains("newer Duizhao"));
    }

    #[test]
    fn a_version_1_memory_upgrades_in_place() {
        let mut conn = Connection::open_in_memory().unwrap();
        let tx = conn.transaction().unwrap();
        tx.execute_batch(MIGRATIONS[0]).unwrap();
        tx.pragma_update(None, "user_version", 1).unwrap();
        tx.execute(
            "INSERT INTO units (source_lang, source_text, source_family, source_key, target_lang, target_text,
                target_family, target_key, origin, added) VALUES ('zh-CN', '甲', 'zh', '甲', 'en-US', 'A', 'en', 'a',
                'alignment', 0), ('zh-CN', '乙', 'zh', '乙', 'en-US', 'B', 'en', 'b', 'alignment', 0)",
            [],
        )
        .unwrap();
        tx.execute("INSERT INTO meta VALUES ('key_scheme', 'tokens-1/x')", [])
            .unwrap();
        tx.commit().unwrap();
        migrate(&mut conn).unwrap();
        let (n, used, scheme): (i64, i64, i64) = conn
            .query_row(
                "SELECT count(*), sum(used), (SELECT count(*) FROM meta WHERE key = 'key_scheme') FROM units
                 WHERE deleted IS NULL",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!((n, used, scheme), (2, 0, 0), "units kept, re-keying forced");
    }
}
