//! The memory as a table: the ids of the units under a filter, in order, and the rows for the ids in view.
//!
//! A virtualised table over a million units asks [`Memory::unit_ids`] once per filter (a few megabytes of
//! integers: the count is their length, a scroll position an index into them) and [`Memory::rows`] for
//! the few dozen ids on screen each time it scrolls; no text is loaded for rows out of view. The text
//! filter compares match keys, so it is blind to script (兩江 finds 两江), width (ＡＢ finds AB) and case,
//! like the glossary's search; it finds the folded query anywhere in either side (or the side asked for).
//!
//! Both can run on a connection of their own ([`IdsQuery`], [`RowReader`]), so that a window searches and
//! scrolls a memory on a team server without waiting for the network on its own thread.

use std::path::PathBuf;

use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};

use super::edit::Side;
use super::{Memory, MemoryUnit, Origin, SELECT_UNIT, row_to_unit};
use crate::Result;
use crate::sql::{Db, Engine, Param};
use crate::tm::lang::LangTag;
use crate::tm::script::match_key;
use crate::tm::time::Timestamp;

/// A search for unit ids, ready to run on its own read-only connection (see [`Memory::ids_query`]).
#[derive(Debug, Clone)]
pub struct IdsQuery {
    path: PathBuf,
    server: Option<super::server::ServerLink>,
    sql: String,
    params: Vec<Value>,
}

/// A value bound to a filter's condition.
#[derive(Debug, Clone)]
pub(super) enum Value {
    Text(String),
    Integer(i64),
}

impl IdsQuery {
    /// Opens a connection of its own to the memory (its file read-only, or the server) and runs the
    /// search. It sees what was committed when it starts, and waits as a write would if the file is locked.
    pub fn run(self) -> Result<Vec<i64>> {
        let fail = |e| super::db_error(&self.path, e);
        let db = match &self.server {
            Some(link) => link.open().map_err(fail)?,
            None => {
                let conn = Connection::open_with_flags(
                    &self.path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )
                .map_err(|e| fail(e.into()))?;
                conn.busy_timeout(super::BUSY_TIMEOUT)
                    .map_err(|e| fail(e.into()))?;
                Db::sqlite(conn)
            }
        };
        run_ids(&db, &self.sql, &self.params).map_err(fail)
    }
}

fn run_ids(db: &Db, sql: &str, params: &[Value]) -> crate::sql::Result<Vec<i64>> {
    db.query_vec(sql, &bound(params), |r| r.get(0))
}

/// The values as statement parameters.
fn bound(params: &[Value]) -> Vec<&dyn Param> {
    params
        .iter()
        .map(|v| match v {
            Value::Text(t) => t as &dyn Param,
            Value::Integer(i) => i as &dyn Param,
        })
        .collect()
}

/// The order of a table of units.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnitOrder {
    /// As they entered the memory.
    #[default]
    Oldest,
    /// Latest first.
    Newest,
    /// The most used first (then the latest).
    MostUsed,
}

/// Which units a table shows, an export writes or a deletion takes. Every field narrows; the default
/// takes every unit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitFilter {
    /// Text in either side (or in `side`), blind to script, width and case.
    pub text: Option<String>,
    /// The side `text` must be in (either when `None`).
    pub side: Option<Side>,
    /// The kind of origin.
    pub origin: Option<Origin>,
    /// The origin's detail, exactly (a TMX file's name, an alignment project's name).
    pub origin_detail: Option<String>,
    /// Who created or last changed the unit.
    pub author: Option<String>,
    /// Created or last changed at or after this moment.
    pub since: Option<Timestamp>,
    /// Created or last changed before this moment.
    pub until: Option<Timestamp>,
    /// The order of the ids.
    pub order: UnitOrder,
}

impl UnitFilter {
    /// Whether the filter takes every unit.
    pub fn is_everything(&self) -> bool {
        UnitFilter {
            order: self.order,
            ..UnitFilter::default()
        } == *self
    }
}

impl Memory {
    /// The SQL condition and parameters of `filter` (over live units).
    pub(super) fn filter_sql(&self, filter: &UnitFilter) -> (String, Vec<Value>) {
        let mut sql = String::from("deleted IS NULL");
        let mut params: Vec<Value> = Vec::new();
        if let Some(text) = filter.text.as_deref() {
            // Folded as Chinese so that Han characters in either side's query fold too.
            let key = match_key(&*self.converter, text, &LangTag::zh_simplified());
            if !key.is_empty() {
                let clause = match filter.side {
                    Some(Side::Source) => " AND instr(source_key, ?) > 0",
                    Some(Side::Target) => " AND instr(target_key, ?) > 0",
                    None => " AND (instr(source_key, ?) > 0 OR instr(target_key, ?) > 0)",
                };
                // The same function is `strpos` on the server.
                let clause = match self.db.engine() {
                    Engine::Sqlite => clause.to_string(),
                    Engine::Postgres => clause.replace("instr(", "strpos("),
                };
                // The same parameter twice: SQLite numbers it once.
                params.push(Value::Text(key));
                sql.push_str(&clause.replace('?', &format!("?{}", params.len())));
            }
        }
        let mut param = |sql: &mut String, clause: &str, v: Value| {
            params.push(v);
            sql.push_str(&clause.replace('?', &format!("?{}", params.len())));
        };
        if let Some(origin) = filter.origin {
            param(
                &mut sql,
                " AND origin = ?",
                Value::Text(origin.as_str().into()),
            );
        }
        if let Some(detail) = &filter.origin_detail {
            param(
                &mut sql,
                " AND origin_detail = ?",
                Value::Text(detail.clone()),
            );
        }
        if let Some(author) = &filter.author {
            param(
                &mut sql,
                " AND (creation_id = ? OR change_id = ?)",
                Value::Text(author.clone()),
            );
        }
        let when = "coalesce(changed, created, added)";
        if let Some(since) = filter.since {
            param(
                &mut sql,
                &format!(" AND {when} >= ?"),
                Value::Integer(since.0),
            );
        }
        if let Some(until) = filter.until {
            param(
                &mut sql,
                &format!(" AND {when} < ?"),
                Value::Integer(until.0),
            );
        }
        (sql, params)
    }

    /// The ids of the units `filter` takes, in its order.
    pub fn unit_ids(&self, filter: &UnitFilter) -> Result<Vec<i64>> {
        let (sql, params) = self.ids_sql(filter);
        run_ids(&self.db, &sql, &params).map_err(|e| self.fail(e))
    }

    /// The same search as [`Memory::unit_ids`], made to run on a connection of its own (on another
    /// thread), so that searching a large memory holds neither the window nor this connection. `None` for
    /// a memory that lives only in this process (it has no file another connection could open).
    pub fn ids_query(&self, filter: &UnitFilter) -> Option<IdsQuery> {
        if self.server.is_none() && self.path.as_os_str() == ":memory:" {
            return None;
        }
        let (sql, params) = self.ids_sql(filter);
        Some(IdsQuery {
            path: self.path.clone(),
            server: self.server.clone(),
            sql,
            params,
        })
    }

    fn ids_sql(&self, filter: &UnitFilter) -> (String, Vec<Value>) {
        let (cond, params) = self.filter_sql(filter);
        let order = match filter.order {
            UnitOrder::Oldest => "id",
            UnitOrder::Newest => "id DESC",
            UnitOrder::MostUsed => "used DESC, id DESC",
        };
        (
            format!("SELECT id FROM units WHERE {cond} ORDER BY {order}"),
            params,
        )
    }

    /// How many units `filter` takes.
    pub fn count(&self, filter: &UnitFilter) -> Result<usize> {
        let (cond, params) = self.filter_sql(filter);
        self.db
            .query_value::<i64>(
                &format!("SELECT count(*) FROM units WHERE {cond}"),
                &bound(&params),
            )
            .map(|n| n as usize)
            .map_err(|e| self.fail(e))
    }

    /// The units with these ids, in the order given; ids of deleted or unknown units are left out.
    pub fn rows(&self, ids: &[i64]) -> Result<Vec<MemoryUnit>> {
        rows_on(&self.db, ids).map_err(|e| self.fail(e))
    }

    /// For a memory on a server: a reader of rows on a connection of its own, so that a window can fetch
    /// the rows scrolled into view off its own thread (each page is a round trip to the server). `None`
    /// for a file, which answers in microseconds.
    pub fn row_reader(&self) -> Option<RowReader> {
        self.server.clone().map(|link| RowReader {
            link,
            db: None,
            path: self.path.clone(),
        })
    }
}

/// Reads a memory's rows on a connection of its own ([`Memory::row_reader`]); it connects on first use.
#[derive(Debug)]
pub struct RowReader {
    link: super::server::ServerLink,
    db: Option<Db>,
    path: PathBuf,
}

impl RowReader {
    /// [`Memory::rows`], on this reader's connection (made again if it was lost).
    pub fn rows(&mut self, ids: &[i64]) -> Result<Vec<MemoryUnit>> {
        let fail = |e| super::db_error(&self.path, e);
        if self.db.as_ref().is_none_or(Db::is_lost) {
            self.db = Some(self.link.open().map_err(fail)?);
        }
        let db = self.db.as_ref().expect("connected above");
        rows_on(db, ids).map_err(fail)
    }
}

/// The units with these ids on `db`, in the order given, deleted and unknown ones left out.
fn rows_on(db: &Db, ids: &[i64]) -> crate::sql::Result<Vec<MemoryUnit>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let params: Vec<&dyn Param> = chunk.iter().map(|id| id as &dyn Param).collect();
        let mut found: Vec<MemoryUnit> = db.query_vec(
            &format!(
                "{SELECT_UNIT} WHERE id IN ({}) AND deleted IS NULL",
                crate::sql::numbered(chunk.len())
            ),
            &params,
            row_to_unit,
        )?;
        found.sort_by_key(|u| u.id);
        for id in chunk {
            if let Ok(i) = found.binary_search_by_key(id, |u| u.id) {
                out.push(found[i].clone());
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{memory_with, unit};
    use super::*;
    use crate::NoProgress;

    #[test]
    fn a_query_on_its_own_connection_finds_what_the_memory_finds() {
        let dir = tempfile::tempdir().unwrap();
        let mut m = Memory::open(&dir.path().join("m.sqlite")).unwrap();
        let units = [
            unit("两江新区位于重庆。", "Liangjiang is in Chongqing."),
            unit("寸滩港区进出口增长。", "Cuntan port trade grew."),
            unit("兩江新區簽約。", "Liangjiang signed."),
        ];
        m.add(&units, Origin::TmxImport, &mut NoProgress).unwrap();
        let filter = UnitFilter {
            text: Some("两江".into()),
            order: UnitOrder::Newest,
            ..UnitFilter::default()
        };
        let here = m.unit_ids(&filter).unwrap();
        assert_eq!(here.len(), 2, "both scripts");
        // Run on another thread while this connection stays open.
        let query = m.ids_query(&filter).expect("a file memory");
        let there = std::thread::spawn(move || query.run())
            .join()
            .unwrap()
            .unwrap();
        assert_eq!(there, here);
        // A memory without a file has nothing another connection could open.
        let mem = memory_with(&[("两江。", "Liangjiang.")]);
        assert!(mem.ids_query(&filter).is_none());
    }

    #[test]
    fn filters_fold_script_width_and_case_and_combine() {
        let mut m = memory_with(&[
            ("两江新区位于重庆。", "Liangjiang is in Chongqing."),
            ("寸滩港区进出口增长。", "Cuntan port TRADE grew."),
        ]);
        m.set_author("wang");
        m.add_from(
            &[unit(
                "会议在重庆举行。",
                "The meeting was held in Chongqing.",
            )],
            Origin::TmxImport,
            "m.tmx",
            &mut NoProgress,
        )
        .unwrap();
        let all = m.unit_ids(&UnitFilter::default()).unwrap();
        assert_eq!(all.len(), 3);
        let text = |t: &str| UnitFilter {
            text: Some(t.into()),
            ..UnitFilter::default()
        };
        type Case<'a> = (UnitFilter, &'a [usize]);
        let cases: Vec<Case> = vec![
            (text("重慶"), &[0, 2]),
            (text("ＣＨＯＮＧＱＩＮＧ"), &[0, 2]),
            (text("trade"), &[1]),
            (text("港區"), &[1]),
            (text("nothing"), &[]),
            (text(""), &[0, 1, 2]),
            (
                UnitFilter {
                    side: Some(Side::Source),
                    ..text("chongqing")
                },
                &[],
            ),
            (
                UnitFilter {
                    origin: Some(Origin::TmxImport),
                    ..text("重庆")
                },
                &[2],
            ),
            (
                UnitFilter {
                    origin_detail: Some("m.tmx".into()),
                    ..UnitFilter::default()
                },
                &[2],
            ),
            (
                UnitFilter {
                    author: Some("lin".into()),
                    ..UnitFilter::default()
                },
                &[0, 1],
            ),
            (
                UnitFilter {
                    since: Some(Timestamp(i64::MAX)),
                    ..UnitFilter::default()
                },
                &[],
            ),
            (
                UnitFilter {
                    until: Some(Timestamp(i64::MAX)),
                    ..UnitFilter::default()
                },
                &[0, 1, 2],
            ),
        ];
        for (filter, want) in cases {
            let want: Vec<i64> = want.iter().map(|&i| all[i]).collect();
            assert_eq!(m.unit_ids(&filter).unwrap(), want, "{filter:?}");
            assert_eq!(m.count(&filter).unwrap(), want.len(), "{filter:?}");
        }
        m.record_use(all[1]).unwrap();
        let used = UnitFilter {
            order: UnitOrder::MostUsed,
            ..UnitFilter::default()
        };
        assert_eq!(m.unit_ids(&used).unwrap(), [all[1], all[2], all[0]]);
        let newest = UnitFilter {
            order: UnitOrder::Newest,
            ..UnitFilter::default()
        };
        assert_eq!(m.unit_ids(&newest).unwrap(), [all[2], all[1], all[0]]);
        assert!(newest.is_everything() && !text("x").is_everything());

        m.delete(all[0]).unwrap();
        let rows = m.rows(&[all[2], all[0], all[1], 999]).unwrap();
        let got: Vec<i64> = rows.iter().map(|u| u.id).collect();
        assert_eq!(
            got,
            [all[2], all[1]],
            "given order, deleted and unknown ids left out"
        );
        assert_eq!(rows[0].origin_detail, "m.tmx");
        assert_eq!(rows[0].unit.creation_id.as_deref(), Some("wang"));
    }
}
