//! The history of every change, and undo.
//!
//! Each change stores the entry's data before and after it ([`Change`]). Undo never rewrites history: it
//! restores an earlier state as a new change ([`Glossary::revert`], [`Glossary::restore_version`],
//! [`Glossary::revert_batch`] for a whole import), subject to the same version check as any edit.

use serde::Serialize;

use super::Glossary;
use super::entries::{conflict, load_entry, mark_deleted, write_entry};
use crate::glossary::model::{EntryData, EntryId};
use crate::sql::{Db, Param, Row};
use crate::{Error, Result};

/// What a change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// A new entry.
    Add,
    /// An edit.
    Update,
    /// A deletion.
    Delete,
    /// An undo: an earlier state restored.
    Restore,
    /// Added or changed by an import.
    Import,
}

impl Action {
    fn as_str(self) -> &'static str {
        match self {
            Action::Add => "add",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Restore => "restore",
            Action::Import => "import",
        }
    }

    fn parse(s: &str) -> Action {
        match s {
            "add" => Action::Add,
            "delete" => Action::Delete,
            "restore" => Action::Restore,
            "import" => Action::Import,
            _ => Action::Update,
        }
    }
}

/// One recorded change of one entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Id of the change (increasing).
    pub id: i64,
    /// The entry changed.
    pub entry: EntryId,
    /// The entry's version after the change.
    pub version: i64,
    /// What was done.
    pub action: Action,
    /// Who did it.
    pub author: String,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// The data before (`None` if the entry did not exist or was deleted).
    pub before: Option<EntryData>,
    /// The data after (`None` if the change deleted the entry).
    pub after: Option<EntryData>,
    /// The import this change belongs to, if any.
    pub batch: Option<i64>,
}

/// Writes a history row.
#[allow(clippy::too_many_arguments)]
pub(crate) fn record(
    db: &Db,
    entry: EntryId,
    version: i64,
    action: Action,
    author: &str,
    at: &str,
    before: Option<&EntryData>,
    after: Option<&EntryData>,
    batch: Option<i64>,
) -> crate::sql::Result<()> {
    let json = |d: Option<&EntryData>| d.map(|d| serde_json::to_string(d).unwrap_or_default());
    db.execute(
        "INSERT INTO history(entry_id, version, action, author, at, before, after, batch) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        &[
            &entry,
            &version,
            &action.as_str(),
            &author,
            &at,
            &json(before),
            &json(after),
            &batch,
        ],
    )?;
    Ok(())
}

const CHANGE_COLUMNS: &str = "id, entry_id, version, action, author, at, before, after, batch";

fn change_from_row(r: &Row) -> crate::sql::Result<Change> {
    let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
    let action: String = r.get(3)?;
    Ok(Change {
        id: r.get(0)?,
        entry: r.get(1)?,
        version: r.get(2)?,
        action: Action::parse(&action),
        author: r.get(4)?,
        at: r.get(5)?,
        before: parse(r.get(6)?),
        after: parse(r.get(7)?),
        batch: r.get(8)?,
    })
}

impl Glossary {
    /// Every change of one entry, oldest first.
    pub fn history(&self, entry: EntryId) -> Result<Vec<Change>> {
        self.query_changes(
            &format!("SELECT {CHANGE_COLUMNS} FROM history WHERE entry_id = ?1 ORDER BY id"),
            &[&entry],
        )
    }

    /// The latest changes to the whole glossary, newest first.
    pub fn recent_changes(&self, limit: usize) -> Result<Vec<Change>> {
        self.query_changes(
            &format!("SELECT {CHANGE_COLUMNS} FROM history ORDER BY id DESC LIMIT ?1"),
            &[&(limit as i64)],
        )
    }

    /// One change by id.
    pub fn change_by_id(&self, change: i64) -> Result<Option<Change>> {
        Ok(self
            .query_changes(
                &format!("SELECT {CHANGE_COLUMNS} FROM history WHERE id = ?1"),
                &[&change],
            )?
            .pop())
    }

    /// The id of the newest change (0 for an empty history); the search index uses it to notice changes
    /// made by other programs.
    pub fn last_change_id(&self) -> Result<i64> {
        self.db
            .query_value("SELECT coalesce(max(id), 0) FROM history", &[])
            .map_err(|e| self.db_err(e))
    }

    /// Undoes `change`: the entry goes back to its state before that change (a deletion for an undone
    /// add, the old data for an undone edit or deletion), recorded as a new change. The entry must still be
    /// at `expected_version` (normally the version the change produced), or [`Error::Conflict`].
    pub fn revert(&mut self, change: i64, expected_version: i64) -> Result<crate::glossary::Entry> {
        let c = self.change_by_id(change)?.ok_or_else(|| {
            Error::Invalid(format!(
                "there is no change {change} in {}",
                self.path().display()
            ))
        })?;
        self.change(c.entry, expected_version, Action::Restore, c.before)
    }

    /// Restores entry `entry` to how it was at `version` (as a new change; the entry must be at
    /// `expected_version`).
    pub fn restore_version(
        &mut self,
        entry: EntryId,
        version: i64,
        expected_version: i64,
    ) -> Result<crate::glossary::Entry> {
        let past = self
            .history(entry)?
            .into_iter()
            .find(|c| c.version == version)
            .ok_or_else(|| Error::Invalid(format!("entry {entry} has no version {version}")))?;
        self.change(entry, expected_version, Action::Restore, past.after)
    }

    /// Undoes a whole import: every entry it added is deleted and every entry it changed goes back, in one
    /// transaction. If any of those entries was changed after the import, nothing is undone and
    /// [`Error::Conflict`] names the entry. Returns the number of entries restored.
    pub fn revert_batch(&mut self, batch: i64) -> Result<usize> {
        let changes = self.query_changes(
            &format!("SELECT {CHANGE_COLUMNS} FROM history WHERE batch = ?1 ORDER BY id"),
            &[&batch],
        )?;
        if changes.is_empty() {
            return Err(Error::Invalid(format!(
                "there is no import {batch} to undo"
            )));
        }
        let (author, at) = (self.author().to_string(), super::now_rfc3339());
        let path = self.path().to_path_buf();
        let tx = self.write_tx()?;
        let result: Result<usize> = (|| {
            let db = |e| Error::database(&path, e);
            for c in &changes {
                let current = load_entry(&tx, c.entry).map_err(db)?;
                let Some(current) = current else { continue };
                if current.version != c.version {
                    return Err(conflict(&current, c.version));
                }
                let version = current.version + 1;
                match &c.before {
                    Some(d) => write_entry(&tx, c.entry, version, d, &author, &at).map_err(db)?,
                    None => mark_deleted(&tx, c.entry, version, &author, &at).map_err(db)?,
                }
                let after_now = (!current.deleted).then_some(&current.data);
                record(
                    &tx,
                    c.entry,
                    version,
                    Action::Restore,
                    &author,
                    &at,
                    after_now,
                    c.before.as_ref(),
                    None,
                )
                .map_err(db)?;
            }
            Ok(changes.len())
        })();
        let n = result?;
        tx.commit().map_err(|e| self.db_err(e))?;
        Ok(n)
    }

    fn query_changes(&self, sql: &str, params: &[&dyn Param]) -> Result<Vec<Change>> {
        let mut changes: Vec<Change> = self
            .db
            .query_vec(sql, params, change_from_row)
            .map_err(|e| self.db_err(e))?;
        for c in &mut changes {
            if c.action == Action::Import && c.after.is_none() {
                c.after = self.data_at(c.entry, c.version)?;
            }
        }
        Ok(changes)
    }

    /// The data an entry had at `version`, for an import's history row that stores none (an import never
    /// deletes, so a missing `after` means "not copied"): the `before` of the entry's next change, or the
    /// entry itself if it is still at that version.
    fn data_at(&self, entry: EntryId, version: i64) -> Result<Option<EntryData>> {
        let next: Option<Option<String>> = self
            .db
            .query_row(
                "SELECT before FROM history WHERE entry_id = ?1 AND version = ?2 ORDER BY id LIMIT 1",
                &[&entry, &(version + 1)],
                |r| r.get(0),
            )
            .map_err(|e| self.db_err(e))?;
        Ok(match next {
            Some(before) => before.and_then(|s| serde_json::from_str(&s).ok()),
            None => self
                .get(entry)?
                .filter(|e| !e.deleted && e.version == version)
                .map(|e| e.data),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::glossary::model::{EntryData, Term};
    use crate::glossary::{Action, Glossary};

    fn data(en: &str) -> EntryData {
        EntryData {
            terms: vec![Term::main("en", en), Term::main("zh-Hans", "冷链物流")],
            ..Default::default()
        }
    }

    #[test]
    fn history_and_undo() {
        let dir = tempfile::tempdir().unwrap();
        let mut g = Glossary::open(dir.path().join("g.sqlite")).unwrap();
        g.set_author("ana");
        let e = g.add(data("cold chain logistics")).unwrap();
        let e = g.update(e.id, 1, data("cold-chain logistics")).unwrap();
        let h = g.history(e.id).unwrap();
        assert_eq!(h.len(), 2);
        assert_eq!(h[1].action, Action::Update);
        assert_eq!(h[1].author, "ana");
        assert_eq!(
            h[1].before.as_ref().unwrap().preferred("en"),
            Some("cold chain logistics")
        );
        // Undo the edit.
        let e = g.revert(h[1].id, 2).unwrap();
        assert_eq!(
            (e.version, e.data.preferred("en")),
            (3, Some("cold chain logistics"))
        );
        // Undoing the add deletes; undoing that deletion brings it back.
        let e = g.revert(h[0].id, 3).unwrap();
        assert!(e.deleted);
        let last = g.recent_changes(1).unwrap().remove(0);
        let e = g.revert(last.id, 4).unwrap();
        assert!(!e.deleted && e.version == 5);
        // Restore a named version.
        let e = g.restore_version(e.id, 2, 5).unwrap();
        assert_eq!(e.data.preferred("en"), Some("cold-chain logistics"));
        // A stale undo is a conflict.
        assert!(matches!(
            g.revert(h[1].id, 2),
            Err(crate::Error::Conflict(_))
        ));
        assert_eq!(g.history(e.id).unwrap().len(), 6);
    }
}
