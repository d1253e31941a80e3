//! Rows of a project: sentences, beads and history, read and written inside the caller's transaction.
//! [`write_patch`] makes on the tables the change [`Patch::apply`] makes in memory.

use rusqlite::{Connection, Transaction, params};

use crate::align::edit::{Patch, Side};
use crate::align::types::{Alignment, Bead};

/// The undo stack's number in `align_history.stack`.
pub const UNDO: i64 = 0;
/// The redo stack's number.
pub const REDO: i64 = 1;

/// A side's number in the tables.
pub fn side_no(side: Side) -> i64 {
    match side {
        Side::Zh => 0,
        Side::En => 1,
    }
}

/// The project's sentences and beads (not checked).
pub fn load_alignment(conn: &Connection, id: i64) -> rusqlite::Result<Alignment> {
    let sentences = |side: Side| -> rusqlite::Result<Vec<String>> {
        let mut st = conn.prepare(
            "SELECT text FROM align_sentences WHERE project = ?1 AND side = ?2 ORDER BY idx",
        )?;
        let rows = st.query_map(params![id, side_no(side)], |r| r.get(0))?;
        rows.collect()
    };
    let mut st = conn.prepare(
        "SELECT zh_start, zh_end, en_start, en_end, confidence, accepted, edited
         FROM align_beads WHERE project = ?1 ORDER BY idx",
    )?;
    let rows = st.query_map([id], |r| {
        let u = |k: usize| r.get::<_, i64>(k).map(|v| v.max(0) as usize);
        Ok(Bead {
            zh: u(0)?..u(1)?,
            en: u(2)?..u(3)?,
            confidence: r.get::<_, f64>(4)? as f32,
            accepted: r.get::<_, i64>(5)? != 0,
            edited: r.get::<_, i64>(6)? != 0,
        })
    })?;
    let beads = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Alignment {
        zh: sentences(Side::Zh)?,
        en: sentences(Side::En)?,
        beads,
    })
}

/// One history stack as stored (JSON per patch), oldest first.
pub fn load_history(conn: &Connection, id: i64, stack: i64) -> rusqlite::Result<Vec<String>> {
    let mut st = conn.prepare(
        "SELECT patch FROM align_history WHERE project = ?1 AND stack = ?2 ORDER BY seq",
    )?;
    let rows = st.query_map(params![id, stack], |r| r.get::<_, String>(0))?;
    rows.collect()
}

/// Pushes a patch on a history stack.
pub fn push(tx: &Transaction<'_>, id: i64, stack: i64, patch: &Patch) -> rusqlite::Result<()> {
    let json = serde_json::to_string(patch)
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    tx.execute(
        "INSERT INTO align_history (project, stack, seq, patch)
         VALUES (?1, ?2, (SELECT coalesce(max(seq), 0) + 1 FROM align_history WHERE project = ?1 AND stack = ?2), ?3)",
        params![id, stack, json],
    )?;
    Ok(())
}

/// Drops the top of a history stack.
pub fn pop(tx: &Transaction<'_>, id: i64, stack: i64) -> rusqlite::Result<()> {
    tx.execute(
        "DELETE FROM align_history WHERE project = ?1 AND stack = ?2
         AND seq = (SELECT max(seq) FROM align_history WHERE project = ?1 AND stack = ?2)",
        params![id, stack],
    )?;
    Ok(())
}

/// Empties a history stack.
pub fn clear(tx: &Transaction<'_>, id: i64, stack: i64) -> rusqlite::Result<()> {
    tx.execute(
        "DELETE FROM align_history WHERE project = ?1 AND stack = ?2",
        params![id, stack],
    )?;
    Ok(())
}

/// The same change as [`Patch::apply`], on the tables.
pub fn write_patch(tx: &Transaction<'_>, id: i64, p: &Patch) -> rusqlite::Result<()> {
    let (at, old_end) = (p.at as i64, (p.at + p.old.len()) as i64);
    for t in p.splices() {
        let side = side_no(t.side);
        let (s_at, s_end) = (t.at as i64, (t.at + t.old.len()) as i64);
        let delta = t.new.len() as i64 - t.old.len() as i64;
        tx.execute(
            "DELETE FROM align_sentences WHERE project = ?1 AND side = ?2 AND idx >= ?3 AND idx < ?4",
            params![id, side, s_at, s_end],
        )?;
        if delta != 0 {
            tx.execute(
                "UPDATE align_sentences SET idx = idx + ?4 WHERE project = ?1 AND side = ?2 AND idx >= ?3",
                params![id, side, s_end, delta],
            )?;
            let sql = match t.side {
                Side::Zh => {
                    "UPDATE align_beads SET zh_start = zh_start + ?3, zh_end = zh_end + ?3 WHERE project = ?1 AND idx >= ?2"
                }
                Side::En => {
                    "UPDATE align_beads SET en_start = en_start + ?3, en_end = en_end + ?3 WHERE project = ?1 AND idx >= ?2"
                }
            };
            tx.execute(sql, params![id, old_end, delta])?;
        }
        insert_sentences(tx, id, t.side, t.at, &t.new)?;
    }
    tx.execute(
        "DELETE FROM align_beads WHERE project = ?1 AND idx >= ?2 AND idx < ?3",
        params![id, at, old_end],
    )?;
    let delta = p.new.len() as i64 - p.old.len() as i64;
    if delta != 0 {
        tx.execute(
            "UPDATE align_beads SET idx = idx + ?3 WHERE project = ?1 AND idx >= ?2",
            params![id, old_end, delta],
        )?;
    }
    insert_beads(tx, id, p.at, &p.new)
}

/// Inserts sentences of one side from index `at`.
pub fn insert_sentences(
    tx: &Transaction<'_>,
    id: i64,
    side: Side,
    at: usize,
    texts: &[String],
) -> rusqlite::Result<()> {
    let mut st = tx.prepare_cached(
        "INSERT INTO align_sentences (project, side, idx, text) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (k, t) in texts.iter().enumerate() {
        st.execute(params![id, side_no(side), (at + k) as i64, t])?;
    }
    Ok(())
}

/// Inserts beads from index `at`.
pub fn insert_beads(
    tx: &Transaction<'_>,
    id: i64,
    at: usize,
    beads: &[Bead],
) -> rusqlite::Result<()> {
    let mut st = tx.prepare_cached(
        "INSERT INTO align_beads (project, idx, zh_start, zh_end, en_start, en_end, confidence, accepted, edited)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (k, b) in beads.iter().enumerate() {
        st.execute(params![
            id,
            (at + k) as i64,
            b.zh.start as i64,
            b.zh.end as i64,
            b.en.start as i64,
            b.en.end as i64,
            b.confidence as f64,
            b.accepted as i64,
            b.edited as i64
        ])?;
    }
    Ok(())
}
