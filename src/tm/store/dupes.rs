//! Duplicates and conflicts, and the memory's figures.
//!
//! An exact duplicate says what another unit says (the same match keys on both sides: script, width and
//! case aside); [`Memory::dedupe`] keeps the oldest of each and deletes the rest (one undoable change). A
//! [`Conflict`] is one source with several different targets, for the translator to choose between. Both
//! are found by grouping the key hashes in the index, then checked against the keys themselves, so a hash
//! collision never merges two different texts.

use serde::{Deserialize, Serialize};

use super::edit::{Change, ChangeKind};
use super::{Memory, MemoryUnit, Origin, SELECT_UNIT, count_units, row_to_unit};
use crate::Result;

/// One source with several different targets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    /// The units, oldest first (at least two, with different targets).
    pub units: Vec<MemoryUnit>,
}

/// What a memory holds, in figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoryStats {
    /// Units stored.
    pub units: usize,
    /// Language pairs as stored (`zh-CN`, `en-US`, units), most units first.
    pub languages: Vec<(String, String, usize)>,
    /// Origins (kind, detail, units), most units first.
    pub origins: Vec<(Origin, String, usize)>,
    /// Units that repeat an older unit exactly (what [`Memory::dedupe`] would delete).
    pub duplicates: usize,
    /// Sources with more than one target.
    pub conflicts: usize,
    /// Units deleted but kept so that the deletion can be undone.
    pub deleted: usize,
}

/// Key columns of a unit, to check a hash group.
type Keys = (i64, String, String, String, String);

impl Memory {
    /// Groups of live unit ids that say the same thing (oldest first in each), checked on the keys.
    fn duplicate_groups(&self) -> Result<Vec<Vec<i64>>> {
        let db = |e| self.fail(e);
        let hashes: Vec<(i64, i64)> = self
            .db
            .query_vec(
                "SELECT source_hash, target_hash FROM units WHERE deleted IS NULL
                 GROUP BY source_hash, target_hash HAVING count(*) > 1",
                &[],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(db)?;
        let mut groups = Vec::new();
        for (sh, th) in hashes {
            let rows: Vec<Keys> = self
                .db
                .query_vec(
                    "SELECT id, source_family, source_key, target_family, target_key FROM units
                     WHERE source_hash = ?1 AND target_hash = ?2 AND deleted IS NULL ORDER BY id",
                    &[&sh, &th],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
                )
                .map_err(db)?;
            let same = split_equal(rows, |r| {
                (r.1.clone(), r.2.clone(), r.3.clone(), r.4.clone())
            });
            groups.extend(
                same.into_iter()
                    .map(|g| g.into_iter().map(|r| r.0).collect::<Vec<i64>>()),
            );
        }
        Ok(groups)
    }

    /// How many units repeat an older one exactly.
    pub fn duplicate_count(&self) -> Result<usize> {
        Ok(self.duplicate_groups()?.iter().map(|g| g.len() - 1).sum())
    }

    /// Deletes every unit that repeats an older one exactly (one undoable change); `None` when there
    /// were none.
    pub fn dedupe(&mut self) -> Result<Option<Change>> {
        self.writable()?;
        let extra: Vec<i64> = self
            .duplicate_groups()?
            .into_iter()
            .flat_map(|g| g.into_iter().skip(1))
            .collect();
        let Some(change) = self.delete_units(&extra)? else {
            return Ok(None);
        };
        let summary = format!("Removed {} repeating older ones", count_units(extra.len()));
        self.db
            .execute(
                "UPDATE changes SET kind = ?2, summary = ?3 WHERE id = ?1",
                &[&change.id, &ChangeKind::Dedupe.as_str(), &summary],
            )
            .map_err(|e| self.fail(e))?;
        Ok(Some(Change {
            kind: ChangeKind::Dedupe,
            summary,
            ..change
        }))
    }

    /// Sources with several different targets, up to `limit` of them (oldest source first).
    pub fn conflicts(&self, limit: usize) -> Result<Vec<Conflict>> {
        let db = |e| self.fail(e);
        // The hashes first, whole: a server connection runs one query at a time.
        let hashes: Vec<i64> = self
            .db
            .query_vec(
                "SELECT source_hash FROM units WHERE deleted IS NULL GROUP BY source_hash
                 HAVING count(DISTINCT target_hash) > 1 ORDER BY min(id)",
                &[],
                |r| r.get(0),
            )
            .map_err(db)?;
        let mut out = Vec::new();
        for hash in hashes {
            if out.len() >= limit {
                break;
            }
            let found: Vec<MemoryUnit> = self
                .db
                .query_vec(
                    &format!(
                        "{SELECT_UNIT} WHERE source_hash = ?1 AND deleted IS NULL ORDER BY id"
                    ),
                    &[&hash],
                    row_to_unit,
                )
                .map_err(db)?;
            let mut keyed = Vec::with_capacity(found.len());
            for u in found {
                let k: (String, String, String) = self
                    .db
                    .query_row(
                        "SELECT source_family, source_key, target_key FROM units WHERE id = ?1",
                        &[&u.id],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                    )
                    .map_err(db)?
                    .unwrap_or_default();
                keyed.push((u, k));
            }
            for group in split_equal(keyed, |(_, k)| (k.0.clone(), k.1.clone())) {
                let mut targets: Vec<&String> = group.iter().map(|(_, k)| &k.2).collect();
                targets.sort();
                targets.dedup();
                if targets.len() > 1 && out.len() < limit {
                    out.push(Conflict {
                        units: group.into_iter().map(|(u, _)| u).collect(),
                    });
                }
            }
        }
        Ok(out)
    }

    /// The memory's figures (one pass over the table for languages and origins).
    pub fn stats(&self) -> Result<MemoryStats> {
        let db = |e| self.fail(e);
        let languages = self
            .db
            .query_vec(
                "SELECT source_lang, target_lang, count(*) FROM units WHERE deleted IS NULL
                 GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2",
                &[],
                |r| Ok((r.get(0)?, r.get(1)?, r.get::<i64>(2)? as usize)),
            )
            .map_err(db)?;
        let origins = self
            .db
            .query_vec(
                "SELECT origin, origin_detail, count(*) FROM units WHERE deleted IS NULL
                 GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2",
                &[],
                |r| {
                    Ok((
                        Origin::parse(&r.get::<String>(0)?).unwrap_or(Origin::TmxImport),
                        r.get(1)?,
                        r.get::<i64>(2)? as usize,
                    ))
                },
            )
            .map_err(db)?;
        let conflicts: i64 = self
            .db
            .query_value(
                "SELECT count(*) FROM (SELECT 1 FROM units WHERE deleted IS NULL GROUP BY source_hash
                 HAVING count(DISTINCT target_hash) > 1) AS conflicting",
                &[],
            )
            .map_err(db)?;
        let deleted: i64 = self
            .db
            .query_value("SELECT count(*) FROM units WHERE deleted IS NOT NULL", &[])
            .map_err(db)?;
        Ok(MemoryStats {
            units: self.len()?,
            languages,
            origins,
            duplicates: self.duplicate_count()?,
            conflicts: conflicts as usize,
            deleted: deleted as usize,
        })
    }
}

/// Splits rows (in order) into groups of equal `key`, keeping groups of two or more. The groups come from
/// one hash, so they are few and small: comparing each with each is cheapest.
fn split_equal<T, K: PartialEq>(rows: Vec<T>, key: impl Fn(&T) -> K) -> Vec<Vec<T>> {
    let mut groups: Vec<Vec<T>> = Vec::new();
    for row in rows {
        match groups.iter_mut().find(|g| key(&g[0]) == key(&row)) {
            Some(g) => g.push(row),
            None => groups.push(vec![row]),
        }
    }
    groups.retain(|g| g.len() > 1);
    groups
}

#[cfg(test)]
mod tests {
    use super::super::edit::Side;
    use super::super::tests::memory_with;
    use super::*;

    #[test]
    fn conflicts_duplicates_dedupe_and_stats() {
        let mut m = memory_with(&[
            ("两江新区位于重庆。", "Liangjiang is in Chongqing."),
            ("两江新区位于重庆。", "Liangjiang New Area is in Chongqing."),
            ("寸滩港区。", "Cuntan port area."),
        ]);
        let ids = m.unit_ids(&Default::default()).unwrap();
        let c = m.conflicts(10).unwrap();
        assert_eq!(c.len(), 1);
        let got: Vec<i64> = c[0].units.iter().map(|u| u.id).collect();
        assert_eq!(got, [ids[0], ids[1]]);
        assert_eq!(m.duplicate_count().unwrap(), 0);
        assert!(m.dedupe().unwrap().is_none());

        // An edit can make a unit repeat another: dedupe keeps the older.
        m.edit(ids[1], Side::Target, "LIANGJIANG is in Chongqing.")
            .unwrap();
        assert!(m.conflicts(10).unwrap().is_empty());
        let s = m.stats().unwrap();
        assert_eq!(
            (s.units, s.duplicates, s.conflicts, s.deleted),
            (3, 1, 0, 0)
        );
        assert_eq!(s.languages, [("zh-CN".to_string(), "en-US".to_string(), 3)]);
        assert_eq!(s.origins, [(Origin::Alignment, String::new(), 3)]);
        let change = m.dedupe().unwrap().unwrap();
        assert_eq!(change.kind, ChangeKind::Dedupe);
        assert_eq!(m.unit_ids(&Default::default()).unwrap(), [ids[0], ids[2]]);
        assert_eq!(m.stats().unwrap().deleted, 1);
        m.undo().unwrap();
        assert_eq!(m.len().unwrap(), 3);
    }
}
