//! Schema migrations: the SQL files in `src/glossary/migrations/`, applied in order inside one transaction
//! and recorded in `PRAGMA user_version`; `PRAGMA application_id` marks the file as a Duizhao glossary so
//! that another program's database is refused instead of being altered.

use super::{Glossary, classify, time};
use crate::glossary::normalize::{self, KEY_VERSION};
use crate::{Error, Result};

/// `DZG1` in ASCII.
const APPLICATION_ID: i64 = 0x445A_4731;

/// The migrations, by the schema version they produce.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/001_initial.sql")),
    (2, include_str!("../migrations/002_lean_indexes.sql")),
    (
        3,
        include_str!("../migrations/003_rejected_suggestions.sql"),
    ),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// Checks the file is ours, sets WAL mode, migrates it to [`SCHEMA_VERSION`] and rebuilds search keys made
/// by older folding rules.
pub(super) fn prepare(g: &mut Glossary) -> Result<()> {
    let (app_id, version) = read_header(g)?;
    check_ours(g, app_id, version)?;
    if g.read_only.is_some() {
        if version < SCHEMA_VERSION {
            return Err(Error::database(
                &g.path,
                format!(
                    "the glossary file is read-only and uses an older layout (version {version}); \
                     make it writable once so it can be upgraded"
                ),
            ));
        }
        return Ok(());
    }
    let mode: String =
        g.db.query_value("PRAGMA journal_mode = WAL", &[])
            .map_err(|e| g.db_err(e))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::database(
            &g.path,
            format!("cannot switch the glossary to WAL mode (got {mode})"),
        ));
    }
    g.db.execute_batch(&format!(
        "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; {};",
        super::CACHE_SIZE_PRAGMA
    ))
    .map_err(|e| g.db_err(e))?;
    if version < SCHEMA_VERSION {
        migrate(g)?;
    }
    let key_version: Option<i64> = g.meta("key_version")?.and_then(|v| v.parse().ok());
    if key_version != Some(KEY_VERSION) {
        rekey(g)?;
    }
    Ok(())
}

fn read_header(g: &Glossary) -> Result<(i64, i64)> {
    let app_id: i64 =
        g.db.query_value("PRAGMA application_id", &[])
            .map_err(|e| g.db_err(e))?;
    let version: i64 =
        g.db.query_value("PRAGMA user_version", &[])
            .map_err(|e| g.db_err(e))?;
    Ok((app_id, version))
}

fn check_ours(g: &Glossary, app_id: i64, version: i64) -> Result<()> {
    let foreign = if app_id == 0 {
        let objects: i64 =
            g.db.query_value("SELECT count(*) FROM sqlite_master", &[])
                .map_err(|e| g.db_err(e))?;
        objects > 0
    } else {
        app_id != APPLICATION_ID
    };
    if foreign {
        return Err(Error::database(
            &g.path,
            "not a Duizhao glossary: this SQLite database belongs to another program",
        ));
    }
    if version > SCHEMA_VERSION {
        return Err(Error::database(
            &g.path,
            format!(
                "the glossary was written by a newer Duizhao (layout version {version}, this one knows \
                 {SCHEMA_VERSION}); update Duizhao to open it"
            ),
        ));
    }
    Ok(())
}

fn migrate(g: &mut Glossary) -> Result<()> {
    let (path, timeout) = (g.path.clone(), g.busy_timeout);
    let err = |e| classify(&path, timeout, e, "cannot upgrade the glossary");
    let tx = g.db.write().map_err(err)?;
    // Another process may have migrated the file while we waited for the lock: read the version again.
    let current: i64 = tx.query_value("PRAGMA user_version", &[]).map_err(err)?;
    for &(version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
        tx.execute_batch(sql).map_err(err)?;
        tx.execute_batch(&format!("PRAGMA user_version = {version}"))
            .map_err(err)?;
    }
    if current == 0 {
        tx.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID}"))
            .map_err(err)?;
        tx.execute(
            "INSERT INTO meta(key, value) VALUES ('uid', ?1), ('created_at', ?2)",
            &[&time::random_uid(), &time::now_rfc3339()],
        )
        .map_err(err)?;
    }
    tx.commit().map_err(err)
}

/// Recomputes every stored search key (after the folding rules changed).
fn rekey(g: &mut Glossary) -> Result<()> {
    let (path, timeout) = (g.path.clone(), g.busy_timeout);
    let err = |e| classify(&path, timeout, e, "cannot rebuild the search keys");
    let tx = g.db.write().map_err(err)?;
    rekey_terms(&tx).map_err(err)?;
    tx.commit().map_err(err)
}

/// Rewrites every term's search key with today's folding rules, and records their version (both engines).
pub(crate) fn rekey_terms(db: &crate::sql::Db) -> crate::sql::Result<()> {
    let rows: Vec<(i64, i64, String)> =
        db.query_vec("SELECT entry_id, seq, text FROM term", &[], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    for (entry, seq, text) in rows {
        db.execute(
            "UPDATE term SET key = ?3 WHERE entry_id = ?1 AND seq = ?2",
            &[&entry, &seq, &normalize::fold(&text)],
        )?;
    }
    db.execute(
        "INSERT INTO meta(key, value) VALUES ('key_version', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        &[&KEY_VERSION.to_string()],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::glossary::model::{EntryData, Term};
    use crate::glossary::{Glossary, SearchOptions};

    #[test]
    fn keys_made_by_older_folding_rules_are_rebuilt_on_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.sqlite");
        {
            let mut g = Glossary::open(&path).unwrap();
            g.add(EntryData {
                terms: vec![
                    Term::main("en", "bonded port area"),
                    Term::main("zh-Hant", "保稅港區"),
                ],
                ..Default::default()
            })
            .unwrap();
            // As version 1 left it: Traditional keys kept their script.
            g.db.execute_batch(
                "UPDATE term SET key = text WHERE lang = 'zh-Hant'; \
                     UPDATE meta SET value = '1' WHERE key = 'key_version';",
            )
            .unwrap();
        }
        let mut g = Glossary::open(&path).unwrap();
        let key: String =
            g.db.query_value("SELECT key FROM term WHERE lang = 'zh-Hant'", &[])
                .unwrap();
        assert_eq!(key, "保税港区");
        assert_eq!(g.meta("key_version").unwrap().as_deref(), Some("2"));
        let hits = g.search("保税港区", &SearchOptions::default()).unwrap();
        assert_eq!(hits.len(), 1);
    }
}
