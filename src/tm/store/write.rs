//! Adding units — [`Memory::add`] for alignment beads and confirmed segments, [`Memory::add_one`] — taking
//! back a unit a caller added ([`Memory::withdraw`]), and counting uses ([`Memory::record_use`]).
//!
//! [`Prepared`] is a unit made ready to store (texts trimmed, keys and hashes computed, properties as JSON);
//! the import builds them on a worker thread and stores them through the same [`insert`].

use std::borrow::Cow;

use crate::sql::Db;
use serde::{Deserialize, Serialize};

use super::Memory;
use super::Origin;
use super::keys::SideKey;
use crate::progress::Progress;
use crate::tm::lang::LangTag;
use crate::tm::script::ScriptConverter;
use crate::tm::time::Timestamp;
use crate::tm::unit::TranslationUnit;
use crate::{Error, Result};

/// What [`Memory::add`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddSummary {
    /// New units stored.
    pub added: usize,
    /// Units already in the memory (same source and target after folding).
    pub duplicates: usize,
    /// Units left out because a side was empty.
    pub skipped: usize,
}

/// A unit ready to be stored.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub source_lang: LangTag,
    pub source_text: String,
    pub s: SideKey,
    pub target_lang: LangTag,
    pub target_text: String,
    pub t: SideKey,
    pub props: Cow<'static, str>,
    pub notes: Cow<'static, str>,
    pub created: i64,
    pub changed: Option<i64>,
    pub creation_id: Option<String>,
    pub change_id: Option<String>,
}

impl Prepared {
    /// `unit` trimmed and keyed; `None` when a side is empty. A unit without a creation date gets `now`.
    pub fn of(
        conv: &dyn ScriptConverter,
        unit: &TranslationUnit,
        now: Timestamp,
    ) -> Option<Prepared> {
        Self::owned(conv, unit.clone(), now)
    }

    /// [`Prepared::of`] taking the unit (its texts are moved, not copied: the import's hot path).
    pub fn owned(
        conv: &dyn ScriptConverter,
        unit: TranslationUnit,
        now: Timestamp,
    ) -> Option<Prepared> {
        let trimmed = |s: String| {
            let t = s.trim();
            if t.len() == s.len() { s } else { t.to_string() }
        };
        let (st, tt) = (trimmed(unit.source.text), trimmed(unit.target.text));
        if st.is_empty() || tt.is_empty() {
            return None;
        }
        let json = |empty: bool, v: &dyn erased::Json| -> Cow<'static, str> {
            if empty {
                Cow::Borrowed("[]")
            } else {
                Cow::Owned(v.json())
            }
        };
        Some(Prepared {
            s: SideKey::of(conv, &st, &unit.source.lang),
            t: SideKey::of(conv, &tt, &unit.target.lang),
            source_lang: unit.source.lang,
            source_text: st,
            target_lang: unit.target.lang,
            target_text: tt,
            props: json(unit.props.is_empty(), &unit.props),
            notes: json(unit.notes.is_empty(), &unit.notes),
            created: unit.created.unwrap_or(now).0,
            changed: unit.changed.map(|t| t.0),
            creation_id: unit.creation_id,
            change_id: unit.change_id,
        })
    }
}

/// Properties and notes as the JSON the store keeps.
mod erased {
    /// Something serialisable as a JSON array.
    pub trait Json {
        fn json(&self) -> String;
    }

    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> String {
            serde_json::to_string(self).unwrap_or_else(|_| "[]".into())
        }
    }
}

/// Where stored units came from, when, and who stored them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Provenance<'a> {
    pub origin: Origin,
    /// The author of units that do not name their creator.
    pub author: &'a str,
    pub detail: &'a str,
    pub added: Timestamp,
    /// The import (a change) that adds them, so that undoing it removes them.
    pub batch: Option<i64>,
}

/// The columns [`insert`] fills, in the order of [`values`].
const INSERT_UNIT: &str = "INSERT INTO units (source_lang, source_text, source_family, source_key,
    source_hash, target_lang, target_text, target_family, target_key, target_hash, origin, origin_detail,
    props, notes, created, changed, creation_id, change_id, added, batch) VALUES ";

/// Values per unit in [`INSERT_UNIT`].
const COLUMNS: usize = 20;

/// Inserts `p`; returns its row id.
pub(crate) fn insert(db: &Db, p: &Prepared, from: &Provenance<'_>) -> crate::sql::Result<i64> {
    // Built once: this runs for every unit of an import.
    static SQL: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| format!("{INSERT_UNIT}({})", crate::sql::numbered(COLUMNS)));
    db.insert_id(&SQL, &values(p, from, &Texts::of(p, from)))
}

/// Units per statement in [`insert_many`] on a server (20 values each, far below its 65,535).
const MANY: usize = 200;

/// Inserts `units`; returns their row ids. On a server many rows go in one statement: a round trip per
/// unit was most of a large import's time there. SQLite has no round trips, and one statement per row
/// keeps its prepared statement and its import fastest.
pub(crate) fn insert_many(
    db: &Db,
    units: &[Prepared],
    from: &Provenance<'_>,
) -> crate::sql::Result<Vec<i64>> {
    if db.engine() == crate::sql::Engine::Sqlite {
        return units.iter().map(|p| insert(db, p, from)).collect();
    }
    let mut ids = Vec::with_capacity(units.len());
    for chunk in units.chunks(MANY) {
        let rows: Vec<String> = (0..chunk.len())
            .map(|r| {
                let n: Vec<String> = (1..=COLUMNS)
                    .map(|c| format!("?{}", r * COLUMNS + c))
                    .collect();
                format!("({})", n.join(","))
            })
            .collect();
        let sql = format!("{INSERT_UNIT}{} RETURNING id", rows.join(","));
        let texts: Vec<Texts> = chunk.iter().map(|p| Texts::of(p, from)).collect();
        let params: Vec<&dyn crate::sql::Param> = chunk
            .iter()
            .zip(&texts)
            .flat_map(|(p, t)| values(p, from, t))
            .collect();
        ids.extend(db.query_vec(&sql, &params, |r| r.get::<i64>(0))?);
    }
    Ok(ids)
}

/// The values of a unit that are not fields of it as stored (borrowed by [`values`]).
struct Texts<'a> {
    source_lang: &'a str,
    target_lang: &'a str,
    origin: &'static str,
    creation_id: &'a str,
}

impl<'a> Texts<'a> {
    fn of(p: &'a Prepared, from: &'a Provenance<'_>) -> Texts<'a> {
        Texts {
            source_lang: p.source_lang.as_str(),
            target_lang: p.target_lang.as_str(),
            origin: from.origin.as_str(),
            creation_id: p.creation_id.as_deref().unwrap_or(from.author),
        }
    }
}

/// The values of `p` for [`INSERT_UNIT`].
fn values<'a>(
    p: &'a Prepared,
    from: &'a Provenance<'_>,
    t: &'a Texts<'a>,
) -> [&'a dyn crate::sql::Param; COLUMNS] {
    [
        &t.source_lang,
        &p.source_text,
        &p.s.family,
        &p.s.key,
        &p.s.hash,
        &t.target_lang,
        &p.target_text,
        &p.t.family,
        &p.t.key,
        &p.t.hash,
        &t.origin,
        &from.detail,
        &p.props,
        &p.notes,
        &p.created,
        &p.changed,
        &t.creation_id,
        &p.change_id,
        &from.added.0,
        &from.batch,
    ]
}

/// A live unit saying exactly what `p` says (same keys on both sides), if any.
pub(crate) fn find_identical(db: &Db, p: &Prepared) -> crate::sql::Result<Option<i64>> {
    db.query_row(
        "SELECT id FROM units WHERE source_hash = ?1 AND target_hash = ?2 AND deleted IS NULL
            AND source_family = ?3 AND source_key = ?4 AND target_family = ?5 AND target_key = ?6 LIMIT 1",
        &[&p.s.hash, &p.t.hash, &p.s.family, &p.s.key, &p.t.family, &p.t.key],
        |r| r.get(0),
    )
}

/// Units stored per transaction by [`Memory::add`].
const BATCH: usize = 500;

impl Memory {
    /// Stores `units` (one transaction per batch of 500; a cancelled run keeps the batches already stored).
    /// Text is trimmed; units with an empty side are skipped; units already present are counted, not
    /// duplicated.
    pub fn add(
        &mut self,
        units: &[TranslationUnit],
        origin: Origin,
        progress: &mut dyn Progress,
    ) -> Result<AddSummary> {
        self.add_from(units, origin, "", progress)
    }

    /// [`Memory::add`] with the origin's detail: the alignment project's name, the translated document.
    pub fn add_from(
        &mut self,
        units: &[TranslationUnit],
        origin: Origin,
        detail: &str,
        progress: &mut dyn Progress,
    ) -> Result<AddSummary> {
        self.add_from_ids(units, origin, detail, progress)
            .map(|(summary, _)| summary)
    }

    /// [`Memory::add_from`], also returning the ids of the units added.
    fn add_from_ids(
        &mut self,
        units: &[TranslationUnit],
        origin: Origin,
        detail: &str,
        progress: &mut dyn Progress,
    ) -> Result<(AddSummary, Vec<i64>)> {
        self.writable()?;
        progress.start(units.len() as u64, "Adding to the translation memory");
        let mut summary = AddSummary::default();
        let mut ids = Vec::new();
        let author = self.author.clone();
        let from = Provenance {
            origin,
            author: &author,
            detail,
            added: Timestamp::now(),
            batch: None,
        };
        for chunk in units.chunks(BATCH) {
            let mut added_rows = Vec::new();
            // The write lock: the check for an identical unit and the insert cannot race another writer.
            let tx = self
                .db
                .write()
                .map_err(|e| super::db_error(&self.path, e))?;
            for u in chunk {
                let Some(p) = Prepared::of(&*self.converter, u, from.added) else {
                    summary.skipped += 1;
                    continue;
                };
                if find_identical(&tx, &p)
                    .map_err(|e| super::db_error(&self.path, e))?
                    .is_some()
                {
                    summary.duplicates += 1;
                    continue;
                }
                let id = insert(&tx, &p, &from).map_err(|e| super::db_error(&self.path, e))?;
                summary.added += 1;
                added_rows.push((id, p.s, p.t));
            }
            let batch: Vec<i64> = added_rows.iter().map(|(id, _, _)| *id).collect();
            self.announce(&tx, super::Changed::Units(&batch))?;
            tx.commit().map_err(|e| super::db_error(&self.path, e))?;
            if let Some(indexes) = &mut self.indexes {
                for (id, s, t) in &added_rows {
                    indexes.add_unit(*id, s, t);
                }
            }
            ids.extend(batch);
            if !progress.advance(chunk.len() as u64) {
                return Err(Error::Cancelled);
            }
        }
        Ok((summary, ids))
    }

    /// Stores one unit and returns its row id, or `None` when the memory already holds the pair (or a
    /// side is empty): a confirmation that adds nothing takes nothing out when it is undone.
    pub fn add_one(&mut self, unit: &TranslationUnit, origin: Origin) -> Result<Option<i64>> {
        let (_, ids) = self.add_from_ids(
            std::slice::from_ref(unit),
            origin,
            "",
            &mut crate::NoProgress,
        )?;
        Ok(ids.first().copied())
    }

    /// Takes back unit `id` that the caller itself added (a confirmation undone in Translate): removed for
    /// good, not a deletion the Memory workspace would offer to undo. Returns whether it existed.
    pub fn withdraw(&mut self, id: i64) -> Result<bool> {
        self.writable()?;
        let n = self
            .db
            .execute("DELETE FROM units WHERE id = ?1", &[&id])
            .map_err(|e| self.fail(e))?;
        if n > 0 {
            self.announce(&self.db, super::Changed::Units(&[id]))?;
        }
        if let Some(indexes) = &mut self.indexes {
            indexes.remove_unit(id);
        }
        Ok(n > 0)
    }

    /// Counts one use of unit `id` (a match from it was inserted into a translation).
    pub fn record_use(&mut self, id: i64) -> Result<()> {
        self.writable()?;
        self.db
            .execute("UPDATE units SET used = used + 1 WHERE id = ?1", &[&id])
            .map(drop)
            .map_err(|e| self.fail(e))
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{memory_with, unit};
    use super::*;

    #[test]
    fn units_record_origin_detail_author_and_uses() {
        let mut m = memory_with(&[]);
        m.add_from(
            &[unit("甲", "A")],
            Origin::Alignment,
            "release-2025",
            &mut crate::NoProgress,
        )
        .unwrap();
        let id = m.units().unwrap()[0].id;
        m.record_use(id).unwrap();
        m.record_use(id).unwrap();
        let u = m.get(id).unwrap().unwrap();
        assert_eq!(u.origin_detail, "release-2025");
        assert_eq!(u.unit.creation_id.as_deref(), Some("lin"));
        assert!(u.unit.created.is_some());
        assert_eq!(u.used, 2);
        assert!(m.withdraw(id).unwrap());
        assert!(m.get(id).unwrap().is_none());
    }
}
