//! Reading and changing entries. Every change checks the version it was made against (optimistic
//! concurrency), raises the version by one and writes a history row, all in one transaction.

use crate::sql::Db;

use super::Glossary;
use super::history::{Action, record};
use crate::glossary::model::{Entry, EntryData, EntryId, Status, Term, TermKind};
use crate::glossary::normalize;
use crate::{Error, Result};

/// Two or more entries that share a term (the GUI's duplicates check).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The shared term's search key (case, accents and script folded).
    pub key: String,
    /// The term as written in the first entry.
    pub text: String,
    /// The entries that contain it.
    pub entries: Vec<EntryId>,
}

impl Glossary {
    /// The entry with this id (deleted entries too, marked [`Entry::deleted`]), or `None`.
    pub fn get(&self, id: EntryId) -> Result<Option<Entry>> {
        load_entry(&self.db, id).map_err(|e| self.db_err(e))
    }

    /// The entries with these ids, in the same order; ids that do not exist are left out.
    pub fn get_many(&self, ids: &[EntryId]) -> Result<Vec<Entry>> {
        let mut out = Vec::with_capacity(ids.len());
        // Two queries per hundred entries, not two per entry: on a server each query is a round trip.
        for chunk in ids.chunks(100) {
            let mut found = load_entries(&self.db, chunk).map_err(|e| self.db_err(e))?;
            out.extend(chunk.iter().filter_map(|id| found.remove(id)));
        }
        Ok(out)
    }

    /// Number of entries (not counting deleted ones).
    pub fn count(&self) -> Result<usize> {
        self.db
            .query_value::<i64>("SELECT count(*) FROM entry WHERE deleted = 0", &[])
            .map(|n| n as usize)
            .map_err(|e| self.db_err(e))
    }

    /// A page of entries in id order (not deleted ones), for browsing the whole glossary.
    pub fn list(&self, offset: usize, limit: usize) -> Result<Vec<Entry>> {
        let ids: Vec<EntryId> = self
            .db
            .query_vec(
                "SELECT id FROM entry WHERE deleted = 0 ORDER BY id LIMIT ?1 OFFSET ?2",
                &[&(limit as i64), &(offset as i64)],
                |r| r.get(0),
            )
            .map_err(|e| self.db_err(e))?;
        self.get_many(&ids)
    }

    /// A page of entries in id order restricted to a domain and/or status (the GUI's filters with an empty
    /// search box), and how many entries match in all.
    pub fn list_filtered(
        &self,
        domain: Option<&str>,
        status: Option<Status>,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<Entry>, usize)> {
        // The casts tell PostgreSQL the parameters' type, which `?1 IS NULL` alone does not.
        let filter = "deleted = 0 AND (CAST(?1 AS TEXT) IS NULL OR domain = ?1) \
                      AND (CAST(?2 AS TEXT) IS NULL OR status = ?2)";
        let status = status.map(|s| s.as_str());
        let total: i64 = self
            .db
            .query_value(
                &format!("SELECT count(*) FROM entry WHERE {filter}"),
                &[&domain, &status],
            )
            .map_err(|e| self.db_err(e))?;
        let ids: Vec<EntryId> = self
            .db
            .query_vec(
                &format!("SELECT id FROM entry WHERE {filter} ORDER BY id LIMIT ?3 OFFSET ?4"),
                &[&domain, &status, &(limit as i64), &(offset as i64)],
                |r| r.get(0),
            )
            .map_err(|e| self.db_err(e))?;
        Ok((self.get_many(&ids)?, total as usize))
    }

    /// The domains in use, with their entry counts, most used first (for the GUI's filter list).
    pub fn domains(&self) -> Result<Vec<(String, usize)>> {
        self.db
            .query_vec(
                "SELECT domain, count(*) FROM entry WHERE deleted = 0 GROUP BY domain \
                 ORDER BY count(*) DESC, domain",
                &[],
                |r| Ok((r.get(0)?, r.get::<i64>(1)? as usize)),
            )
            .map_err(|e| self.db_err(e))
    }

    /// Adds a new entry (version 1). The data must have terms in two languages at least.
    pub fn add(&mut self, data: EntryData) -> Result<Entry> {
        let data = checked(data)?;
        let (author, at) = (self.author().to_string(), super::now_rfc3339());
        let tx = self.write_tx()?;
        let id = insert_entry(&tx, &data, &author, &at)
            .and_then(|id| {
                record(
                    &tx,
                    id,
                    1,
                    Action::Add,
                    &author,
                    &at,
                    None,
                    Some(&data),
                    None,
                )
                .map(|_| id)
            })
            .and_then(|id| tx.commit().map(|_| id));
        let id = id.map_err(|e| self.db_err(e))?;
        self.expect_entry(id)
    }

    /// Replaces the data of entry `id`, which the caller read at `expected_version`. If someone changed or
    /// deleted it since, nothing is written and [`Error::Conflict`] says who changed it and when.
    pub fn update(&mut self, id: EntryId, expected_version: i64, data: EntryData) -> Result<Entry> {
        let data = checked(data)?;
        self.change(id, expected_version, Action::Update, Some(data))
    }

    /// Deletes entry `id` (read at `expected_version`). The entry is kept, marked deleted, so that the
    /// deletion shows in the history and can be undone.
    pub fn delete(&mut self, id: EntryId, expected_version: i64) -> Result<Entry> {
        self.change(id, expected_version, Action::Delete, None)
    }

    /// The one place where an existing entry changes: check the version under the write lock, write the
    /// new state (`None` = deleted), record the change.
    pub(crate) fn change(
        &mut self,
        id: EntryId,
        expected_version: i64,
        action: Action,
        data: Option<EntryData>,
    ) -> Result<Entry> {
        let (author, at) = (self.author().to_string(), super::now_rfc3339());
        let path = self.path().to_path_buf();
        let tx = self.write_tx()?;
        let current = load_entry(&tx, id).map_err(|e| {
            super::classify(&path, std::time::Duration::ZERO, e, "cannot read the entry")
        })?;
        let Some(current) = current else {
            return Err(Error::Invalid(format!(
                "there is no entry {id} in {}",
                path.display()
            )));
        };
        if current.version != expected_version {
            return Err(conflict(&current, expected_version));
        }
        let before = (!current.deleted).then_some(&current.data);
        if before == data.as_ref() {
            // Nothing to change: do not add a version or a history row.
            drop(tx);
            return Ok(current);
        }
        let version = current.version + 1;
        let result = (|| {
            match &data {
                Some(d) => write_entry(&tx, id, version, d, &author, &at)?,
                None => mark_deleted(&tx, id, version, &author, &at)?,
            }
            record(
                &tx,
                id,
                version,
                action,
                &author,
                &at,
                before,
                data.as_ref(),
                None,
            )?;
            tx.commit()
        })();
        result.map_err(|e| self.db_err(e))?;
        self.expect_entry(id)
    }

    /// Groups of entries that share a term (same search key), for the duplicates check.
    pub fn duplicates(&self) -> Result<Vec<Duplicate>> {
        // The engines spell "join these ids" differently.
        let ids = match self.db.engine() {
            crate::sql::Engine::Sqlite => "group_concat(DISTINCT t.entry_id)",
            crate::sql::Engine::Postgres => "string_agg(DISTINCT t.entry_id::text, ',')",
        };
        let sql = format!(
            "SELECT t.key, min(t.text), {ids} \
             FROM term t JOIN entry e ON e.id = t.entry_id \
             WHERE e.deleted = 0 \
             GROUP BY t.key HAVING count(DISTINCT t.entry_id) > 1 ORDER BY t.key"
        );
        self.db
            .query_vec(&sql, &[], |r| {
                let ids: String = r.get(2)?;
                Ok(Duplicate {
                    key: r.get(0)?,
                    text: r.get(1)?,
                    entries: ids.split(',').filter_map(|s| s.parse().ok()).collect(),
                })
            })
            .map_err(|e| self.db_err(e))
    }

    fn expect_entry(&self, id: EntryId) -> Result<Entry> {
        self.get(id)?.ok_or_else(|| {
            Error::database(self.path(), format!("entry {id} vanished after a change"))
        })
    }
}

/// Normalises and validates data for storing.
pub(crate) fn checked(data: EntryData) -> Result<EntryData> {
    let data = data.normalized();
    data.validate().map_err(Error::Invalid)?;
    Ok(data)
}

/// The conflict message: who changed the entry, when, and what to do.
pub(crate) fn conflict(current: &Entry, expected: i64) -> Error {
    let what = if current.deleted {
        "deleted"
    } else {
        "changed"
    };
    Error::Conflict(format!(
        "conflict: entry {} was {what} by {} at {} (it is now at version {}, your edit was made on version \
         {expected}); nothing was saved: reload the entry and make your change again",
        current.id, current.changed_by, current.changed_at, current.version
    ))
}

/// Loads one entry with its terms.
pub(crate) fn load_entry(db: &Db, id: EntryId) -> crate::sql::Result<Option<Entry>> {
    Ok(load_entries(db, &[id])?.remove(&id))
}

/// The columns [`entry_from_row`] reads, in its order.
pub(crate) const ENTRY_COLUMNS: &str =
    "id, version, domain, pos, note, source, source_date, status, changed_by, changed_at, deleted";

/// An entry (without its terms) from a row of [`ENTRY_COLUMNS`].
pub(crate) fn entry_from_row(r: &crate::sql::Row) -> crate::sql::Result<Entry> {
    let status: String = r.get(7)?;
    Ok(Entry {
        id: r.get(0)?,
        version: r.get(1)?,
        data: EntryData {
            terms: Vec::new(),
            domain: r.get(2)?,
            part_of_speech: r.get(3)?,
            note: r.get(4)?,
            source: r.get(5)?,
            source_date: r.get(6)?,
            status: Status::parse(&status).unwrap_or_default(),
        },
        changed_by: r.get(8)?,
        changed_at: r.get(9)?,
        deleted: r.get::<i64>(10)? != 0,
    })
}

/// Loads the entries with these ids (those that exist) with their terms, in two queries.
pub(crate) fn load_entries(
    db: &Db,
    ids: &[EntryId],
) -> crate::sql::Result<rustc_hash::FxHashMap<EntryId, Entry>> {
    let mut out = rustc_hash::FxHashMap::default();
    if ids.is_empty() {
        return Ok(out);
    }
    let list: Vec<String> = (1..=ids.len()).map(|i| format!("?{i}")).collect();
    let list = list.join(",");
    let params: Vec<&dyn crate::sql::Param> = ids.iter().map(|id| id as _).collect();
    db.for_each(
        &format!("SELECT {ENTRY_COLUMNS} FROM entry WHERE id IN ({list})"),
        &params,
        |r| {
            let e = entry_from_row(r)?;
            out.insert(e.id, e);
            Ok(())
        },
    )?;
    db.for_each(
        &format!(
            "SELECT entry_id, lang, text, kind FROM term WHERE entry_id IN ({list}) \
             ORDER BY entry_id, seq"
        ),
        &params,
        |r| {
            let id: EntryId = r.get(0)?;
            if let Some(e) = out.get_mut(&id) {
                let kind: String = r.get(3)?;
                e.data.terms.push(Term {
                    lang: r.get(1)?,
                    text: r.get(2)?,
                    kind: TermKind::parse(&kind).unwrap_or_default(),
                });
            }
            Ok(())
        },
    )?;
    Ok(out)
}

/// Inserts a new entry at version 1 and returns its id.
pub(crate) fn insert_entry(
    db: &Db,
    data: &EntryData,
    author: &str,
    at: &str,
) -> crate::sql::Result<EntryId> {
    let id: EntryId = db.query_value(
        "INSERT INTO entry(version, domain, pos, note, source, source_date, status, changed_by, changed_at) \
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
        &[
            &data.domain,
            &data.part_of_speech,
            &data.note,
            &data.source,
            &data.source_date,
            &data.status.as_str(),
            &author,
            &at,
        ],
    )?;
    insert_terms(db, id, data)?;
    Ok(id)
}

/// Overwrites an entry's data and version (and undeletes it).
pub(crate) fn write_entry(
    db: &Db,
    id: EntryId,
    version: i64,
    data: &EntryData,
    author: &str,
    at: &str,
) -> crate::sql::Result<()> {
    db.execute(
        "UPDATE entry SET version = ?2, domain = ?3, pos = ?4, note = ?5, source = ?6, source_date = ?7, \
         status = ?8, changed_by = ?9, changed_at = ?10, deleted = 0 WHERE id = ?1",
        &[
            &id,
            &version,
            &data.domain,
            &data.part_of_speech,
            &data.note,
            &data.source,
            &data.source_date,
            &data.status.as_str(),
            &author,
            &at,
        ],
    )?;
    db.execute("DELETE FROM term WHERE entry_id = ?1", &[&id])?;
    insert_terms(db, id, data)
}

/// Marks an entry deleted at `version` (it stays, for history and undo).
pub(crate) fn mark_deleted(
    db: &Db,
    id: EntryId,
    version: i64,
    author: &str,
    at: &str,
) -> crate::sql::Result<()> {
    db.execute(
        "UPDATE entry SET version = ?2, changed_by = ?3, changed_at = ?4, deleted = 1 WHERE id = ?1",
        &[&id, &version, &author, &at],
    )?;
    Ok(())
}

fn insert_terms(db: &Db, id: EntryId, data: &EntryData) -> crate::sql::Result<()> {
    for (seq, t) in data.terms.iter().enumerate() {
        db.execute(
            "INSERT INTO term(entry_id, seq, lang, text, kind, key) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            &[
                &id,
                &(seq as i64),
                &t.lang,
                &t.text,
                &t.kind.as_str(),
                &normalize::fold(&t.text),
            ],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::model::Term;

    fn data(en: &str, zh: &str) -> EntryData {
        EntryData {
            terms: vec![Term::main("en", en), Term::main("zh-Hans", zh)],
            domain: "trade".into(),
            ..Default::default()
        }
    }

    fn fresh() -> (tempfile::TempDir, Glossary) {
        let dir = tempfile::tempdir().unwrap();
        let g = Glossary::open(dir.path().join("g.sqlite")).unwrap();
        (dir, g)
    }

    #[test]
    fn add_update_delete_with_versions() {
        let (_dir, mut g) = fresh();
        let e = g.add(data("bonded port area", "保税港区")).unwrap();
        assert_eq!((e.version, e.deleted), (1, false));
        assert_eq!(g.count().unwrap(), 1);
        let e2 = g
            .update(e.id, 1, data("bonded port area", "保税港区 "))
            .unwrap();
        assert_eq!(
            e2.version, 1,
            "an edit that changes nothing keeps the version"
        );
        let e2 = g
            .update(e.id, 1, data("bonded port zone", "保税港区"))
            .unwrap();
        assert_eq!(e2.version, 2);
        let err = g.update(e.id, 1, data("stale", "过时")).unwrap_err();
        assert!(matches!(err, Error::Conflict(_)), "{err}");
        assert!(err.to_string().contains("version 2"), "{err}");
        assert_eq!(
            g.get(e.id).unwrap().unwrap().data.preferred("en"),
            Some("bonded port zone")
        );
        let d = g.delete(e.id, 2).unwrap();
        assert!(d.deleted && d.version == 3);
        assert_eq!(g.count().unwrap(), 0);
        let err = g.update(e.id, 2, data("x", "下")).unwrap_err().to_string();
        assert!(err.contains("deleted"), "{err}");
    }

    #[test]
    fn single_language_is_refused_with_reason() {
        let (_dir, mut g) = fresh();
        let only = EntryData {
            terms: vec![Term::main("en", "sister city")],
            ..Default::default()
        };
        let err = g.add(only).unwrap_err().to_string();
        assert!(err.contains("only one language"), "{err}");
        assert_eq!(g.count().unwrap(), 0);
    }

    #[test]
    fn duplicates_are_found_across_scripts_and_case() {
        let (_dir, mut g) = fresh();
        let a = g.add(data("Free Trade Zone", "自由贸易区")).unwrap();
        let b = g.add(data("free trade zone", "自贸区")).unwrap();
        g.add(data("sister city", "友好城市")).unwrap();
        let dups = g.duplicates().unwrap();
        assert_eq!(dups.len(), 1);
        assert_eq!(dups[0].key, "free trade zone");
        assert_eq!(dups[0].entries, vec![a.id, b.id]);
    }

    #[test]
    fn filtered_lists_and_domains() {
        let (_dir, mut g) = fresh();
        g.add(data("port", "港口")).unwrap();
        let mut d = data("MOU", "谅解备忘录");
        d.domain = "agreements".into();
        d.status = Status::Proposed;
        g.add(d).unwrap();
        let (page, total) = g.list_filtered(Some("agreements"), None, 0, 10).unwrap();
        assert_eq!((page.len(), total), (1, 1));
        assert_eq!(
            g.list_filtered(None, Some(Status::Proposed), 0, 10)
                .unwrap()
                .1,
            1
        );
        assert_eq!(g.list_filtered(None, None, 0, 10).unwrap().1, 2);
        assert_eq!(
            g.domains().unwrap(),
            [("agreements".to_string(), 1), ("trade".to_string(), 1)]
        );
    }

    #[test]
    fn list_pages_in_id_order() {
        let (_dir, mut g) = fresh();
        for i in 0..5 {
            g.add(data(&format!("term {i}"), &format!("术语{i}")))
                .unwrap();
        }
        let page = g.list(1, 2).unwrap();
        assert_eq!(page.len(), 2);
        assert_eq!(page[0].data.preferred("en"), Some("term 1"));
    }
}
