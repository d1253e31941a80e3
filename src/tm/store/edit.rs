//! Correcting a memory: editing either side of a unit, deleting units (one, a selection, everything from
//! one origin, everything), and undoing any of it.
//!
//! Every such change is one row of the `changes` table ([`Change`]: what, who, when). An edit keeps the
//! side's previous text in `edits` ([`Edit`], also a unit's history); a deletion marks the units with the
//! change's id instead of removing them; an import marks the units it added with its id (`batch`) and
//! records the targets it replaced as edits. [`Memory::undo`] reverses the latest change that is not yet
//! undone from those records, in one transaction.

use crate::sql::{Db, Tx};
use serde::{Deserialize, Serialize};

use super::keys::{SideKey, lang_or_und};
use super::{Changed, Memory, Origin, count_units};
use crate::tm::time::Timestamp;
use crate::{Error, Result};

/// One side of a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The source segment.
    Source,
    /// The translation.
    Target,
}

impl Side {
    fn as_str(self) -> &'static str {
        match self {
            Side::Source => "source",
            Side::Target => "target",
        }
    }

    fn parse(s: &str) -> Side {
        if s == "source" {
            Side::Source
        } else {
            Side::Target
        }
    }
}

/// What a change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// A side of a unit was edited.
    Edit,
    /// Units were deleted.
    Delete,
    /// Exact duplicates were removed.
    Dedupe,
    /// A TMX file was imported.
    Import,
}

impl ChangeKind {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Edit => "edit",
            ChangeKind::Delete => "delete",
            ChangeKind::Dedupe => "dedupe",
            ChangeKind::Import => "import",
        }
    }

    fn parse(s: &str) -> ChangeKind {
        match s {
            "edit" => ChangeKind::Edit,
            "dedupe" => ChangeKind::Dedupe,
            "import" => ChangeKind::Import,
            _ => ChangeKind::Delete,
        }
    }
}

/// A change to the memory, as the change log records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// Its id (increasing).
    pub id: i64,
    /// What it did.
    pub kind: ChangeKind,
    /// In words ("Deleted 3 units").
    pub summary: String,
    /// Who made it.
    pub author: String,
    /// When.
    pub at: Timestamp,
    /// Whether it was undone.
    pub undone: bool,
}

/// A side's text before and after an edit (a unit's history).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    /// The change it belongs to.
    pub change_id: i64,
    /// The unit edited.
    pub unit_id: i64,
    /// The side edited.
    pub side: Side,
    /// The text before.
    pub before: String,
    /// The text after.
    pub after: String,
    /// Who edited it.
    pub author: String,
    /// When.
    pub at: Timestamp,
}

/// Units deleted or restored per statement (SQLite's limit on bound values is far above this).
const CHUNK: usize = 500;

impl Memory {
    /// Records a change and returns its id (inside the caller's transaction).
    pub(super) fn log_change(
        db: &Db,
        kind: ChangeKind,
        summary: &str,
        author: &str,
    ) -> crate::sql::Result<i64> {
        db.insert_id(
            "INSERT INTO changes (kind, summary, author, at) VALUES (?1, ?2, ?3, ?4)",
            &[&kind.as_str(), &summary, &author, &Timestamp::now().0],
        )
    }

    fn change(&self, id: i64) -> Result<Change> {
        self.db
            .query_row(
                "SELECT id, kind, summary, author, at, undone FROM changes WHERE id = ?1",
                &[&id],
                row_to_change,
            )
            .map_err(|e| self.fail(e))?
            .ok_or_else(|| Error::Invalid(format!("the memory has no change {id}")))
    }

    /// Replaces the text of one side of unit `id` (trimmed; the previous text is kept for undo and
    /// history). Returns the change, or `None` when the text is what the side already says.
    pub fn edit(&mut self, id: i64, side: Side, text: &str) -> Result<Option<Change>> {
        self.edit_from(id, side, None, text)
    }

    /// [`Memory::edit`] of a side the editor showed as `shown`: refused ([`Error::Conflict`]) when the
    /// side says something else by now (someone else saved it meanwhile, on a team server), so that
    /// neither change is lost without a word.
    pub fn edit_checked(
        &mut self,
        id: i64,
        side: Side,
        shown: &str,
        text: &str,
    ) -> Result<Option<Change>> {
        self.edit_from(id, side, Some(shown), text)
    }

    fn edit_from(
        &mut self,
        id: i64,
        side: Side,
        shown: Option<&str>,
        text: &str,
    ) -> Result<Option<Change>> {
        self.writable()?;
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::Invalid(
                "a side of a unit cannot be empty; delete the unit instead".into(),
            ));
        }
        let col = side.as_str();
        let path = self.path.clone();
        let db = |e| super::db_error(&path, e);
        let tx = self.db.write().map_err(db)?;
        let current: Option<(String, String, Option<i64>, Option<String>)> = tx
            .query_row(
                &format!(
                    "SELECT {col}_lang, {col}_text, changed, change_id FROM units
                     WHERE id = ?1 AND deleted IS NULL"
                ),
                &[&id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .map_err(db)?;
        let Some((lang, before, changed, change_id)) = current else {
            return Err(Error::Invalid(format!(
                "the memory “{}” has no unit {id}",
                self.info.name
            )));
        };
        if shown.is_some_and(|shown| shown != before) {
            return Err(Error::Conflict(format!(
                "unit {id} was changed by {} while you edited it: its {col} now says “{before}”; your \
                 text (“{text}”) was not saved — look at the new text, then save again",
                change_id.as_deref().unwrap_or("someone else")
            )));
        }
        if before == text {
            return Ok(None);
        }
        let key = SideKey::of(&*self.converter, text, &lang_or_und(&lang));
        let summary = format!("Edited the {col} of unit {id}");
        let change = Self::log_change(&tx, ChangeKind::Edit, &summary, &self.author).map_err(db)?;
        tx.execute(
            "INSERT INTO edits (change_id, unit_id, side, before, after, before_changed, before_change_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            &[&change, &id, &col, &before, &text, &changed, &change_id],
        )
        .map_err(db)?;
        tx.execute(
            &format!(
                "UPDATE units SET {col}_text = ?2, {col}_family = ?3, {col}_key = ?4, {col}_hash = ?5,
                    changed = ?6, change_id = ?7 WHERE id = ?1"
            ),
            &[
                &id,
                &text,
                &key.family,
                &key.key,
                &key.hash,
                &Timestamp::now().0,
                &self.author,
            ],
        )
        .map_err(db)?;
        self.announce(&tx, Changed::Units(&[id]))?;
        tx.commit().map_err(db)?;
        self.reindex(&[id])?;
        self.change(change).map(Some)
    }

    /// Deletes unit `id` (undoable); returns whether it existed.
    pub fn delete(&mut self, id: i64) -> Result<bool> {
        Ok(self.delete_units(&[id])?.is_some())
    }

    /// Deletes the units `ids` as one change (undoable); ids that are not live units are ignored. Returns
    /// the change, or `None` when nothing was deleted.
    pub fn delete_units(&mut self, ids: &[i64]) -> Result<Option<Change>> {
        self.writable()?;
        let path = self.path.clone();
        let db = |e| super::db_error(&path, e);
        let tx = self.db.write().map_err(db)?;
        let change = Self::log_change(&tx, ChangeKind::Delete, "", &self.author).map_err(db)?;
        let mut deleted = Vec::new();
        for chunk in ids.chunks(CHUNK) {
            let params: Vec<&dyn crate::sql::Param> = chunk
                .iter()
                .map(|id| id as &dyn crate::sql::Param)
                .collect();
            let rows = tx
                .query_vec(
                    &format!(
                        "UPDATE units SET deleted = {change} WHERE deleted IS NULL AND id IN ({})
                         RETURNING id",
                        crate::sql::numbered(chunk.len())
                    ),
                    &params,
                    |r| r.get::<i64>(0),
                )
                .map_err(db)?;
            deleted.extend(rows);
        }
        let summary = format!("Deleted {}", count_units(deleted.len()));
        self.announce(&tx, Changed::Units(&deleted))?;
        let done = Self::finish_delete_in(&self.path, tx, change, &deleted, summary)?;
        self.deleted(done, change, &deleted)
    }

    /// Deletes every unit from one origin (undoable): units of `kind` (any kind when `None`) whose origin
    /// detail is `detail` (any detail when `None`) — "remove the units of this alignment".
    pub fn delete_origin(
        &mut self,
        kind: Option<Origin>,
        detail: Option<&str>,
    ) -> Result<Option<Change>> {
        self.writable()?;
        let path = self.path.clone();
        let db = |e| super::db_error(&path, e);
        let tx = self.db.write().map_err(db)?;
        let change = Self::log_change(&tx, ChangeKind::Delete, "", &self.author).map_err(db)?;
        let deleted: Vec<i64> = tx
            .query_vec(
                "UPDATE units SET deleted = ?1 WHERE deleted IS NULL
                    AND (CAST(?2 AS TEXT) IS NULL OR origin = ?2)
                    AND (CAST(?3 AS TEXT) IS NULL OR origin_detail = ?3) RETURNING id",
                &[&change, &kind.map(Origin::as_str), &detail],
                |r| r.get(0),
            )
            .map_err(db)?;
        let from = match (kind, detail) {
            (_, Some(d)) => format!("from {d}"),
            (Some(k), None) => format!("of origin {}", k.as_str()),
            (None, None) => "of every origin".to_string(),
        };
        let summary = format!("Deleted {} {from}", count_units(deleted.len()));
        self.announce(&tx, Changed::Units(&deleted))?;
        let done = Self::finish_delete_in(&self.path, tx, change, &deleted, summary)?;
        self.deleted(done, change, &deleted)
    }

    /// Deletes every unit (undoable).
    pub fn delete_all(&mut self) -> Result<Option<Change>> {
        self.delete_origin(None, None)
    }

    /// Names the deletion in the log and commits it, or drops the empty change when nothing was deleted.
    fn finish_delete_in(
        path: &std::path::Path,
        tx: Tx<'_>,
        change: i64,
        deleted: &[i64],
        summary: String,
    ) -> Result<bool> {
        let db = |e| super::db_error(path, e);
        if deleted.is_empty() {
            // Dropping the transaction rolls back the empty change record.
            return Ok(false);
        }
        tx.execute(
            "UPDATE changes SET summary = ?2 WHERE id = ?1",
            &[&change, &summary],
        )
        .map_err(db)?;
        tx.commit().map_err(db)?;
        Ok(true)
    }

    /// After a deletion: the index forgets the units, and the change is returned.
    fn deleted(&mut self, done: bool, change: i64, deleted: &[i64]) -> Result<Option<Change>> {
        if !done {
            return Ok(None);
        }
        self.unindex(deleted);
        self.change(change).map(Some)
    }

    /// Undoes the latest change not yet undone (edits restored, deleted units back, an import's units
    /// removed and the targets it replaced restored). Returns it, or `None` when there is nothing to undo.
    ///
    /// On a team server it is the latest change of this database role: Undo never takes back what a
    /// colleague did. An edited side that someone changed again since is not overwritten: the undo is
    /// refused ([`Error::Conflict`]) and nothing is changed.
    pub fn undo(&mut self) -> Result<Option<Change>> {
        self.writable()?;
        let path = self.path.clone();
        let db = |e| super::db_error(&path, e);
        // Read under the write lock: on a server another person may be undoing at the same moment.
        let tx = self.db.write().map_err(db)?;
        let latest: Option<i64> = match &self.server {
            None => tx.query_value("SELECT max(id) FROM changes WHERE undone = 0", &[]),
            Some(_) => tx.query_value(
                "SELECT max(id) FROM changes WHERE undone = 0 AND author = ?1",
                &[&self.author],
            ),
        }
        .map_err(db)?;
        let Some(change) = latest else {
            return Ok(None);
        };
        let mut touched: Vec<i64> = Vec::new();
        type Undo = (
            i64,
            String,
            String,
            Option<i64>,
            Option<String>,
            String,
            String,
            String,
        );
        let edits: Vec<Undo> = tx
            .query_vec(
                "SELECT e.unit_id, e.side, e.before, e.before_changed, e.before_change_id,
                    CASE e.side WHEN 'source' THEN u.source_lang ELSE u.target_lang END,
                    e.after, CASE e.side WHEN 'source' THEN u.source_text ELSE u.target_text END
                 FROM edits e JOIN units u ON u.id = e.unit_id WHERE e.change_id = ?1 ORDER BY e.id DESC",
                &[&change],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                    ))
                },
            )
            .map_err(db)?;
        // Edits are undone newest first, so a side edited twice in this change is checked against its
        // last text only.
        let mut checked = std::collections::HashSet::new();
        for (id, side, _, _, _, _, after, now) in &edits {
            if checked.insert((*id, side.clone())) && after != now {
                return Err(Error::Conflict(format!(
                    "“{}” cannot be undone: the {side} of unit {id} was changed again since (it now says \
                     “{now}”); nothing was undone",
                    self.change(change).map(|c| c.summary).unwrap_or_default()
                )));
            }
        }
        for (id, side, before, changed, change_id, lang, _, _) in edits {
            let col = Side::parse(&side).as_str();
            let key = SideKey::of(&*self.converter, &before, &lang_or_und(&lang));
            tx.execute(
                &format!(
                    "UPDATE units SET {col}_text = ?2, {col}_family = ?3, {col}_key = ?4, {col}_hash = ?5,
                        changed = ?6, change_id = ?7 WHERE id = ?1"
                ),
                &[&id, &before, &key.family, &key.key, &key.hash, &changed, &change_id],
            )
            .map_err(db)?;
            touched.push(id);
        }
        for sql in [
            "UPDATE units SET deleted = NULL WHERE deleted = ?1 RETURNING id",
            "UPDATE units SET deleted = ?1 WHERE batch = ?1 AND deleted IS NULL RETURNING id",
        ] {
            let ids: Vec<i64> = tx.query_vec(sql, &[&change], |r| r.get(0)).map_err(db)?;
            touched.extend(ids);
        }
        tx.execute("UPDATE changes SET undone = 1 WHERE id = ?1", &[&change])
            .map_err(db)?;
        self.announce(&tx, Changed::Units(&touched))?;
        tx.commit().map_err(db)?;
        if touched.len() > 100_000 {
            // Cheaper to build again on the next lookup than to re-read this many units one by one.
            self.indexes = None;
        } else {
            self.reindex(&touched)?;
        }
        self.change(change).map(Some)
    }

    /// The latest `limit` changes, newest first (the GUI's history list).
    pub fn changes(&self, limit: usize) -> Result<Vec<Change>> {
        self.db
            .query_vec(
                "SELECT id, kind, summary, author, at, undone FROM changes ORDER BY id DESC LIMIT ?1",
                &[&(limit as i64)],
                row_to_change,
            )
            .map_err(|e| self.fail(e))
    }

    /// The edits of unit `id`, oldest first (undone ones included: the change says so).
    pub fn history(&self, id: i64) -> Result<Vec<Edit>> {
        self.db
            .query_vec(
                "SELECT e.change_id, e.unit_id, e.side, e.before, e.after, c.author, c.at
                 FROM edits e JOIN changes c ON c.id = e.change_id WHERE e.unit_id = ?1 ORDER BY e.id",
                &[&id],
                |r| {
                    Ok(Edit {
                        change_id: r.get(0)?,
                        unit_id: r.get(1)?,
                        side: Side::parse(&r.get::<String>(2)?),
                        before: r.get(3)?,
                        after: r.get(4)?,
                        author: r.get(5)?,
                        at: Timestamp(r.get(6)?),
                    })
                },
            )
            .map_err(|e| self.fail(e))
    }
}

fn row_to_change(r: &crate::sql::Row) -> crate::sql::Result<Change> {
    Ok(Change {
        id: r.get(0)?,
        kind: ChangeKind::parse(&r.get::<String>(1)?),
        summary: r.get(2)?,
        author: r.get(3)?,
        at: Timestamp(r.get(4)?),
        undone: r.get::<i64>(5)? != 0,
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::memory_with;
    use super::*;
    use crate::tm::{LangTag, MatchOptions};

    fn texts(m: &Memory) -> Vec<(String, String)> {
        m.units()
            .unwrap()
            .into_iter()
            .map(|u| (u.unit.source.text, u.unit.target.text))
            .collect()
    }

    #[test]
    fn edits_keep_history_and_undo_restores_text_and_matches() {
        let mut m = memory_with(&[("两江新区位于重庆。", "Liangjiang is in Chongqing.")]);
        let (zh, en) = (LangTag::zh_simplified(), LangTag::en());
        let id = m.units().unwrap()[0].id;
        m.build_index(&mut crate::NoProgress).unwrap();
        let c = m
            .edit(id, Side::Target, " Liangjiang New Area is in Chongqing. ")
            .unwrap()
            .unwrap();
        assert_eq!((c.kind, c.author.as_str()), (ChangeKind::Edit, "lin"));
        assert!(
            m.edit(id, Side::Target, "Liangjiang New Area is in Chongqing.")
                .unwrap()
                .is_none()
        );
        m.edit(id, Side::Source, "两江新区在重庆。").unwrap();
        let u = m.get(id).unwrap().unwrap();
        assert_eq!(u.unit.change_id.as_deref(), Some("lin"));
        let hits = m
            .matches("两江新区在重庆。", &zh, &en, &MatchOptions::default())
            .unwrap();
        assert_eq!(
            (hits[0].score, hits[0].target.as_str()),
            (100, "Liangjiang New Area is in Chongqing.")
        );
        let history = m.history(id).unwrap();
        assert_eq!(history.len(), 2);
        assert_eq!(history[0].before, "Liangjiang is in Chongqing.");
        assert_eq!(history[1].side, Side::Source);

        assert_eq!(
            m.undo().unwrap().unwrap().summary,
            format!("Edited the source of unit {id}")
        );
        m.undo().unwrap();
        assert_eq!(
            texts(&m),
            [(
                "两江新区位于重庆。".to_string(),
                "Liangjiang is in Chongqing.".to_string()
            )]
        );
        let hits = m
            .matches("两江新区位于重庆。", &zh, &en, &MatchOptions::default())
            .unwrap();
        assert_eq!(
            hits[0].target, "Liangjiang is in Chongqing.",
            "the index follows the undo"
        );
        assert!(m.undo().unwrap().is_none());
        assert!(m.edit(id, Side::Source, "  ").is_err());
        assert!(
            m.edit(id + 100, Side::Source, "x")
                .unwrap_err()
                .to_string()
                .contains("no unit")
        );
    }

    #[test]
    fn deletions_of_a_selection_an_origin_and_everything_undo() {
        let mut m = memory_with(&[("甲", "A"), ("乙", "B")]);
        m.add_from(
            &[super::super::tests::unit("丙", "C")],
            Origin::TmxImport,
            "c.tmx",
            &mut crate::NoProgress,
        )
        .unwrap();
        let ids: Vec<i64> = m.units().unwrap().iter().map(|u| u.id).collect();
        m.build_index(&mut crate::NoProgress).unwrap();
        let c = m.delete_units(&[ids[0], ids[1], 999]).unwrap().unwrap();
        assert_eq!(c.summary, "Deleted 2 units");
        assert_eq!(m.len().unwrap(), 1);
        assert!(
            m.delete_units(&[ids[0]]).unwrap().is_none(),
            "already deleted"
        );
        let c = m.delete_origin(None, Some("c.tmx")).unwrap().unwrap();
        assert_eq!(c.summary, "Deleted 1 unit from c.tmx");
        assert!(m.is_empty().unwrap());
        m.undo().unwrap();
        assert_eq!(texts(&m).len(), 1);
        m.undo().unwrap();
        assert_eq!(m.len().unwrap(), 3);
        let (zh, en) = (LangTag::zh_simplified(), LangTag::en());
        assert_eq!(
            m.matches("甲", &zh, &en, &MatchOptions::default())
                .unwrap()
                .len(),
            1
        );
        m.delete_all().unwrap();
        assert!(
            m.matches("甲", &zh, &en, &MatchOptions::default())
                .unwrap()
                .is_empty()
        );
        m.undo().unwrap();
        assert_eq!(m.len().unwrap(), 3);
        let log = m.changes(10).unwrap();
        assert_eq!(log.len(), 3);
        assert!(log.iter().all(|c| c.undone));
    }
}
