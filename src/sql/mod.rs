//! One small SQL interface over the two database engines a store can live in: SQLite (embedded, the
//! default) and PostgreSQL (a team server).
//!
//! Stores write their SQL once, with numbered parameters (`?1`, `?2`), in the subset both engines speak
//! (`INSERT … ON CONFLICT`, `RETURNING`, no `PRAGMA`); where the engines differ, [`Db::engine`] picks the
//! text. [`Db`] runs statements, [`Db::write`] starts a write transaction that holds the store's write
//! lock from its first statement (SQLite's `BEGIN IMMEDIATE`; on PostgreSQL an advisory lock), so a
//! version check inside it can never race another writer. A [`Tx`] dereferences to [`Db`], so functions
//! that take `&Db` run inside or outside a transaction alike.

mod error;
pub mod libpq;
pub mod postgres;
pub mod tls;

use std::cell::{Cell, RefCell};

pub use error::{DbError, Kind};

/// The result of a database call.
pub type Result<T> = std::result::Result<T, DbError>;

/// A value bound to a statement parameter: anything both engines can bind (integers as `i64`, text,
/// options of those).
pub trait Param: rusqlite::ToSql + ::postgres::types::ToSql + Sync {}
impl<T: rusqlite::ToSql + ::postgres::types::ToSql + Sync> Param for T {}

/// A value read from a column: anything both engines can read (`i64`, `String`, `f64`, options).
pub trait Column: rusqlite::types::FromSql + for<'a> ::postgres::types::FromSql<'a> {}
impl<T: rusqlite::types::FromSql + for<'a> ::postgres::types::FromSql<'a>> Column for T {}

/// Which engine a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// An SQLite file (or an in-memory database).
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// A connection to one store's database.
pub struct Db {
    conn: Conn,
    /// Open transactions (0 or 1): `Tx` values borrow `Db` shared, so this is how a nested `write` is
    /// refused instead of silently committing the outer one.
    depth: Cell<u32>,
}

enum Conn {
    Sqlite(rusqlite::Connection),
    Postgres(Box<RefCell<postgres::PgConn>>),
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("engine", &self.engine())
            .finish_non_exhaustive()
    }
}

/// One row of a query's result.
pub enum Row<'a> {
    #[doc(hidden)]
    Sqlite(&'a rusqlite::Row<'a>),
    #[doc(hidden)]
    Postgres(&'a ::postgres::Row),
}

impl Row<'_> {
    /// Column `index` (from 0) as `T`.
    pub fn get<T: Column>(&self, index: usize) -> Result<T> {
        match self {
            Row::Sqlite(r) => r.get(index).map_err(DbError::from),
            Row::Postgres(r) => r.try_get(index).map_err(DbError::from),
        }
    }

    /// Column `index` (text) lent without copying it (scans of millions of rows).
    pub fn text(&self, index: usize) -> Result<&str> {
        match self {
            Row::Sqlite(r) => Ok(r.get_ref(index)?.as_str().map_err(rusqlite::Error::from)?),
            Row::Postgres(r) => Ok(r.try_get::<_, &str>(index)?),
        }
    }

    /// Column `index` (text) lent to `f` without copying it (scans of millions of rows).
    pub fn with_str<R>(&self, index: usize, f: impl FnOnce(&str) -> R) -> Result<R> {
        match self {
            Row::Sqlite(r) => {
                let text = r.get_ref(index)?.as_str().map_err(rusqlite::Error::from)?;
                Ok(f(text))
            }
            Row::Postgres(r) => Ok(f(r.try_get::<_, &str>(index)?)),
        }
    }
}

impl Db {
    /// A store on an SQLite connection the caller opened and configured.
    pub fn sqlite(conn: rusqlite::Connection) -> Db {
        Db {
            conn: Conn::Sqlite(conn),
            depth: Cell::new(0),
        }
    }

    /// A store on a PostgreSQL server.
    pub fn postgres(conn: postgres::PgConn) -> Db {
        Db {
            conn: Conn::Postgres(Box::new(RefCell::new(conn))),
            depth: Cell::new(0),
        }
    }

    /// Which engine this is.
    pub fn engine(&self) -> Engine {
        match self.conn {
            Conn::Sqlite(_) => Engine::Sqlite,
            Conn::Postgres(_) => Engine::Postgres,
        }
    }

    /// The SQLite connection, for what only SQLite has (pragmas, backups); `None` on a server.
    pub fn sqlite_conn(&self) -> Option<&rusqlite::Connection> {
        match &self.conn {
            Conn::Sqlite(c) => Some(c),
            Conn::Postgres(_) => None,
        }
    }

    /// Whether the connection was lost (a server that went away); an SQLite file never is.
    pub fn is_lost(&self) -> bool {
        match &self.conn {
            Conn::Sqlite(_) => false,
            Conn::Postgres(c) => c.borrow().is_closed(),
        }
    }

    /// Runs one statement; returns the number of rows it changed.
    pub fn execute(&self, sql: &str, params: &[&dyn Param]) -> Result<usize> {
        match &self.conn {
            Conn::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                Ok(stmt.execute(rusqlite::params_from_iter(lite(params)))?)
            }
            Conn::Postgres(c) => c.borrow_mut().execute(sql, params),
        }
    }

    /// Runs one `INSERT` into a table with an `id` key and returns the new row's id (SQLite's last row
    /// id, which costs no result row on the import's hot path; PostgreSQL's `RETURNING id`).
    pub fn insert_id(&self, sql: &str, params: &[&dyn Param]) -> Result<i64> {
        match &self.conn {
            Conn::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                stmt.execute(rusqlite::params_from_iter(lite(params)))?;
                Ok(c.last_insert_rowid())
            }
            Conn::Postgres(_) => self.query_value(&format!("{sql} RETURNING id"), params),
        }
    }

    /// Which advisory lock [`Db::write`] takes on a server (one per store: a glossary, a memory); an
    /// SQLite file locks itself whole.
    pub fn set_write_lock(&self, key: i64) {
        if let Conn::Postgres(c) = &self.conn {
            c.borrow_mut().set_write_lock(key);
        }
    }

    /// After a large import has committed: on a server, fresh planner statistics for Duizhao's tables
    /// (through `duizhao.refresh_statistics()`, which acts as the tables' owner); nothing on SQLite,
    /// whose plans do not depend on them here. Best effort: an older server without the function, or a
    /// role that may not run it, only means slower searches until autovacuum has analysed the tables.
    pub fn refresh_statistics(&self) {
        if self.engine() == Engine::Postgres {
            let _ = self.execute_batch("SELECT duizhao.refresh_statistics()");
        }
    }

    /// Runs several statements without parameters (schema scripts).
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match &self.conn {
            Conn::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Conn::Postgres(c) => c.borrow_mut().batch(sql),
        }
    }

    /// The first row of a query mapped by `f`, or `None` when there is none.
    pub fn query_row<T>(
        &self,
        sql: &str,
        params: &[&dyn Param],
        f: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<Option<T>> {
        let mut f = Some(f);
        let mut out = None;
        self.for_each(sql, params, |row| {
            if let Some(f) = f.take() {
                out = Some(f(row)?);
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// A query's single value (`count(*)`, `max(id)`); an error when there is no row.
    pub fn query_value<T: Column>(&self, sql: &str, params: &[&dyn Param]) -> Result<T> {
        self.query_row(sql, params, |r| r.get(0))?
            .ok_or_else(|| DbError::other("the query returned no row"))
    }

    /// Every row of a query, mapped by `f`.
    pub fn query_vec<T>(
        &self,
        sql: &str,
        params: &[&dyn Param],
        mut f: impl FnMut(&Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        self.for_each(sql, params, |row| {
            out.push(f(row)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// Calls `f` on every row of a query as it arrives (large reads stream on both engines). `f` must not
    /// use this connection: a server connection is busy until the last row has come.
    pub fn for_each(
        &self,
        sql: &str,
        params: &[&dyn Param],
        mut f: impl FnMut(&Row) -> Result<()>,
    ) -> Result<()> {
        match &self.conn {
            Conn::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                let mut rows = stmt.query(rusqlite::params_from_iter(lite(params)))?;
                while let Some(row) = rows.next()? {
                    f(&Row::Sqlite(row))?;
                }
                Ok(())
            }
            Conn::Postgres(c) => c
                .borrow_mut()
                .for_each(sql, params, |r| f(&Row::Postgres(r))),
        }
    }

    /// Starts a write transaction holding the store's write lock: until it ends, no other connection
    /// writes, so what it reads stays true until it commits. Dropping it uncommitted rolls it back.
    pub fn write(&self) -> Result<Tx<'_>> {
        self.begin(true)
    }

    /// Starts a transaction that does not take the write lock (a consistent read, or writes that cannot
    /// conflict).
    pub fn transaction(&self) -> Result<Tx<'_>> {
        self.begin(false)
    }

    fn begin(&self, lock: bool) -> Result<Tx<'_>> {
        if self.depth.get() > 0 {
            return Err(DbError::other(
                "a transaction is already open on this connection",
            ));
        }
        match &self.conn {
            Conn::Sqlite(c) => c.execute_batch(if lock { "BEGIN IMMEDIATE" } else { "BEGIN" })?,
            Conn::Postgres(c) => c.borrow_mut().begin(lock)?,
        }
        self.depth.set(1);
        Ok(Tx {
            db: self,
            open: true,
        })
    }

    fn end(&self, commit: bool) -> Result<()> {
        self.depth.set(0);
        let sql = if commit { "COMMIT" } else { "ROLLBACK" };
        match &self.conn {
            Conn::Sqlite(c) => {
                let result = c.execute_batch(sql);
                // A failed COMMIT (disk full) leaves SQLite's transaction open: end it so the connection
                // stays usable and nothing half-done is kept.
                if result.is_err() && !c.is_autocommit() {
                    let _ = c.execute_batch("ROLLBACK");
                }
                Ok(result?)
            }
            Conn::Postgres(c) => c.borrow_mut().batch(sql),
        }
    }
}

/// An open transaction; [`Tx::commit`] ends it, dropping it rolls it back.
pub struct Tx<'a> {
    db: &'a Db,
    open: bool,
}

impl Tx<'_> {
    /// Makes the transaction's changes permanent.
    pub fn commit(mut self) -> Result<()> {
        self.open = false;
        self.db.end(true)
    }
}

impl std::ops::Deref for Tx<'_> {
    type Target = Db;
    fn deref(&self) -> &Db {
        self.db
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if self.open {
            let _ = self.db.end(false);
        }
    }
}

/// Rows an import must have added for [`Db::refresh_statistics`] to be worth its time (a second or so on
/// a million rows).
pub const LARGE_IMPORT: usize = 10_000;

/// `?1,?2,…,?n`: the placeholders of an `IN (…)` list of `n` values.
pub fn numbered(n: usize) -> String {
    (1..=n)
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// The parameters as rusqlite takes them.
fn lite<'p>(params: &'p [&'p dyn Param]) -> impl Iterator<Item = &'p dyn rusqlite::ToSql> {
    params.iter().map(|p| *p as &dyn rusqlite::ToSql)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Db {
        let db = Db::sqlite(rusqlite::Connection::open_in_memory().unwrap());
        db.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INTEGER)")
            .unwrap();
        db
    }

    #[test]
    fn rows_are_written_read_and_rolled_back() {
        let db = db();
        let tx = db.write().unwrap();
        let id: i64 = tx
            .query_value(
                "INSERT INTO t (name, n) VALUES (?1, ?2) RETURNING id",
                &[&"甲", &7i64],
            )
            .unwrap();
        tx.commit().unwrap();
        {
            let tx = db.write().unwrap();
            tx.execute("DELETE FROM t", &[]).unwrap();
            assert!(db.write().is_err(), "no nested transaction");
        }
        let rows = db
            .query_vec("SELECT name, n FROM t WHERE id = ?1", &[&id], |r| {
                Ok((r.get::<String>(0)?, r.get::<Option<i64>>(1)?))
            })
            .unwrap();
        assert_eq!(
            rows,
            vec![("甲".to_string(), Some(7))],
            "the delete was rolled back"
        );
        assert_eq!(
            db.query_row("SELECT name FROM t WHERE id = 99", &[], |r| r
                .get::<String>(0))
                .unwrap(),
            None
        );
    }
}
