//! The memory database's schema, as numbered migrations (SQLite's `user_version` says which have run).
//!
//! Each side of a unit keeps its language, its text as the user gave it, its language family (`zh`, `en`)
//! and its match key (Chinese folded to Simplified, tokens folded; see [`crate::tm::script::match_key`]).
//! The unique index on the keys makes re-importing the same memory harmless.

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
}
