//! The glossary on a PostgreSQL server, for a team: the same [`Glossary`] with the same methods, on a
//! [`Db`] that talks to the server.
//!
//! The tables live in the schema `duizhao` (migrations in `src/sql/server/`), recorded by
//! version in its `meta` table. [`init`] creates the schema and the group roles `duizhao_reader`,
//! `duizhao_editor` and `duizhao_admin` with their grants (`roles.sql`); [`migrate`] brings an older
//! schema up to date. The server enforces the roles: a reader's change is refused by the server, and the
//! refusal is turned into a message saying which role is needed. Every change records the database role
//! that made it as its author.

use std::path::PathBuf;
use std::time::Duration;

use super::{Glossary, OpenOptions, classify, time};
use crate::glossary::normalize::KEY_VERSION;
use crate::glossary::search::SearchState;
use crate::sql::postgres::{PgConn, place_of};
use crate::sql::{Db, DbError};
use crate::{Error, Result};

/// Server migrations, by the schema version they produce.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../../sql/server/001_initial.sql")),
    (2, include_str!("../../sql/server/002_memories.sql")),
];

/// The roles and their grants, applied after every migration (grants cover the tables that exist).
const ROLES: &str = include_str!("../../sql/server/roles.sql");

/// The schema version this build writes on a server.
pub const SERVER_SCHEMA_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// The advisory lock every glossary write takes on the server (`DZG1`, as the SQLite file's id).
const WRITE_LOCK: i64 = 0x445A_4731;

impl Glossary {
    /// Connects to the glossary on the server named by `target` (a `postgres://` URL or libpq
    /// `key=value` string, completed from `PG*` variables, the service file and `.pgpass` as libpq
    /// does). Changes are recorded under the database role's name; `options.author` is ignored there.
    pub fn connect(target: &str, options: &OpenOptions) -> Result<Glossary> {
        let place = PathBuf::from(place_of(target));
        let fail = |e: DbError, doing: &str| classify(&place, options.busy_timeout, e, doing);
        let db = connect_db(target).map_err(|e| fail(e, "cannot connect to the server"))?;
        let version = schema_version(&db).map_err(|e| fail(e, "cannot read the glossary"))?;
        match version {
            None => {
                return Err(Error::database(
                    &place,
                    "there is no Duizhao glossary on this server yet: an administrator creates it with \
                     `duizhao-cli server init`",
                ));
            }
            Some(v) if v > SERVER_SCHEMA_VERSION => {
                return Err(Error::database(
                    &place,
                    format!(
                        "the server's glossary has a newer layout (version {v}, this Duizhao knows \
                         {SERVER_SCHEMA_VERSION}); update Duizhao"
                    ),
                ));
            }
            Some(v) if v < SERVER_SCHEMA_VERSION => {
                return Err(Error::database(
                    &place,
                    format!(
                        "the server's glossary has an older layout (version {v}); an administrator \
                         upgrades it with `duizhao-cli server migrate`"
                    ),
                ));
            }
            Some(_) => {}
        }
        let author: String = db
            .query_value("SELECT current_user::text", &[])
            .map_err(|e| fail(e, "cannot read the glossary"))?;
        // What this role may do, so that a window can say so before a change is refused (the server
        // refuses it anyway: this is only the hint).
        let may_edit: bool = db
            .query_value("SELECT has_table_privilege('duizhao.entry', 'UPDATE')", &[])
            .map_err(|e| fail(e, "cannot read the glossary"))?;
        let uid: String = db
            .query_row("SELECT value FROM meta WHERE key = 'uid'", &[], |r| {
                r.get(0)
            })
            .map_err(|e| fail(e, "cannot read the glossary"))?
            .unwrap_or_default();
        Ok(Glossary {
            db,
            path: place,
            server_target: Some(target.to_string()),
            read_only: None,
            role_may_edit: may_edit,
            author,
            busy_timeout: options.busy_timeout,
            uid,
            search: SearchState::default(),
        })
    }

    /// After the server went away and came back: connects again (the same server, as the same role) and
    /// returns `true`; `false` when the connection was never lost. Nothing unsaved is lost either way:
    /// a change that failed was not written, and the caller still holds it to save again.
    pub fn reconnect_if_lost(&mut self) -> Result<bool> {
        let Some(target) = self.server_target.clone() else {
            return Ok(false);
        };
        if !self.db.is_lost() {
            return Ok(false);
        }
        let fresh = Glossary::connect(
            &target,
            &OpenOptions {
                busy_timeout: self.busy_timeout,
                ..OpenOptions::default()
            },
        )?;
        self.db = fresh.db;
        Ok(true)
    }

    /// Whether changes can be expected to succeed: the file is writable, or the database role may
    /// change entries (`duizhao_editor`). Windows use it to grey out editing; the store and the server
    /// check for themselves.
    pub fn may_edit(&self) -> bool {
        self.read_only.is_none() && self.role_may_edit
    }

    /// Whether this glossary is on a server.
    pub fn is_on_server(&self) -> bool {
        self.db.engine() == crate::sql::Engine::Postgres
    }
}

fn connect_db(target: &str) -> crate::sql::Result<Db> {
    let db = Db::postgres(PgConn::connect(target, WRITE_LOCK)?);
    // Each statement runs in Duizhao's schema; a lock held by another program is waited for, within
    // reason, as SQLite's busy timeout does.
    db.execute_batch("SET search_path = duizhao; SET lock_timeout = '5s'")?;
    Ok(db)
}

/// The schema version on the server, `None` when there is no Duizhao glossary there.
fn schema_version(db: &Db) -> crate::sql::Result<Option<i64>> {
    let exists: bool = db.query_value("SELECT to_regclass('duizhao.meta') IS NOT NULL", &[])?;
    if !exists {
        return Ok(None);
    }
    let v: Option<String> = db.query_row(
        "SELECT value FROM meta WHERE key = 'schema_version'",
        &[],
        |r| r.get(0),
    )?;
    Ok(v.and_then(|v| v.parse().ok()))
}

/// Creates the glossary schema and the three roles on the server (as a role that may create schemas and
/// roles). Refuses when there is a glossary already. Returns what was done.
pub fn init(target: &str) -> Result<String> {
    let place = PathBuf::from(place_of(target));
    let fail = |e: DbError| classify(&place, Duration::ZERO, e, "cannot create the glossary");
    let db = connect_db(target).map_err(fail)?;
    if let Some(v) = schema_version(&db).map_err(fail)? {
        return Err(Error::database(
            &place,
            format!(
                "there is a Duizhao glossary here already (layout version {v}); nothing was changed \
                 (`server migrate` upgrades it)"
            ),
        ));
    }
    let tx = db.write().map_err(fail)?;
    for (_, sql) in MIGRATIONS {
        tx.execute_batch(sql).map_err(fail)?;
    }
    for (key, value) in [
        ("uid", time::random_uid()),
        ("created_at", time::now_rfc3339()),
        ("schema_version", SERVER_SCHEMA_VERSION.to_string()),
        ("key_version", KEY_VERSION.to_string()),
    ] {
        tx.execute(
            "INSERT INTO meta(key, value) VALUES (?1, ?2)",
            &[&key, &value],
        )
        .map_err(fail)?;
    }
    tx.execute_batch(ROLES).map_err(fail)?;
    crate::tm::store::ensure_default_memory(&tx).map_err(fail)?;
    tx.commit().map_err(fail)?;
    Ok(format!(
        "{}: glossary and the Default memory created (layout version {SERVER_SCHEMA_VERSION}) with the roles duizhao_reader, \
         duizhao_editor and duizhao_admin; grant one to each person's login role (GRANT duizhao_editor \
         TO lin)",
        place.display()
    ))
}

/// Upgrades the server's glossary to this build's layout, re-applies the grants and rebuilds search keys
/// made by older folding rules. Returns what was done.
pub fn migrate(target: &str) -> Result<String> {
    let place = PathBuf::from(place_of(target));
    let fail = |e: DbError| classify(&place, Duration::ZERO, e, "cannot upgrade the glossary");
    let db = connect_db(target).map_err(fail)?;
    let tx = db.write().map_err(fail)?;
    let Some(current) = schema_version(&tx).map_err(fail)? else {
        return Err(Error::database(
            &place,
            "there is no Duizhao glossary on this server yet (`server init` creates it)",
        ));
    };
    if current > SERVER_SCHEMA_VERSION {
        return Err(Error::database(
            &place,
            format!("the glossary has a newer layout (version {current}); update Duizhao"),
        ));
    }
    for &(version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
        tx.execute_batch(sql).map_err(fail)?;
        tx.execute(
            "UPDATE meta SET value = ?1 WHERE key = 'schema_version'",
            &[&version.to_string()],
        )
        .map_err(fail)?;
    }
    let keys: Option<String> = tx
        .query_row(
            "SELECT value FROM meta WHERE key = 'key_version'",
            &[],
            |r| r.get(0),
        )
        .map_err(fail)?;
    let rekeyed = keys.and_then(|k| k.parse::<i64>().ok()) != Some(KEY_VERSION);
    if rekeyed {
        super::migrate::rekey_terms(&tx).map_err(fail)?;
    }
    tx.execute_batch(ROLES).map_err(fail)?;
    crate::tm::store::ensure_default_memory(&tx).map_err(fail)?;
    tx.commit().map_err(fail)?;
    Ok(format!(
        "{}: layout version {current} → {SERVER_SCHEMA_VERSION}{}; roles and grants checked",
        place.display(),
        if rekeyed { ", search keys rebuilt" } else { "" }
    ))
}

/// Tells of every change other people make to the glossary on a server, as it is committed (the server's
/// LISTEN/NOTIFY, on a connection of its own). Dropping it stops the listening thread within a second.
pub type ChangeWatch = crate::sql::postgres::Listener;

/// Starts watching the glossary on `target`: `on_change` runs on the watching thread after each committed
/// change (several at once may come as one call). If the connection is lost the thread reconnects every
/// few seconds, calling `on_change` once it is back (changes may have been missed meanwhile).
pub fn watch_changes(target: &str, on_change: impl Fn() + Send + 'static) -> Result<ChangeWatch> {
    crate::sql::postgres::listen(target, "duizhao_glossary", "glossary watch", move |_| {
        on_change()
    })
    .map_err(|e| {
        let place = PathBuf::from(place_of(target));
        classify(&place, Duration::ZERO, e, "cannot watch the glossary")
    })
}
