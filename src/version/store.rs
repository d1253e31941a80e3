//! Versions kept in the workspace database (table `versions`, created by the workspace's migrations), so
//! that a cleaned or converted version and the reviewer's decisions are back after a restart, and survive
//! their original file changing or vanishing.
//!
//! The text is stored deflate-compressed (scraped releases shrink to a third); a multi-row change is one
//! transaction. Main items: [`list`], [`insert`], [`update`], [`delete`], all taking the workspace's
//! connection; [`crate::workspace::Workspace`] wraps them.

use std::io::{Read, Write};
use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

use super::{Recipe, Version};
use crate::fingerprint;
use crate::{Error, Result};

/// The table, as the workspace's second migration creates it.
pub const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS versions (
        id INTEGER PRIMARY KEY,
        document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        parent INTEGER REFERENCES versions(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        recipe TEXT NOT NULL,
        parent_hash TEXT NOT NULL,
        text BLOB NOT NULL,
        modified TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
     );
     CREATE INDEX IF NOT EXISTS versions_of ON versions(document);";

fn compress(text: &str) -> Vec<u8> {
    let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
    // Writing into a Vec cannot fail.
    let _ = enc.write_all(text.as_bytes());
    enc.finish().unwrap_or_default()
}

fn decompress(path: &Path, id: i64, data: &[u8]) -> Result<String> {
    let mut text = String::new();
    flate2::read::DeflateDecoder::new(data)
        .read_to_string(&mut text)
        .map_err(|e| Error::database(path, format!("version {id} is damaged: {e}")))?;
    Ok(text)
}

/// The versions of `document`, oldest first.
pub fn list(conn: &Connection, path: &Path, document: i64) -> Result<Vec<Version>> {
    let db = |e: rusqlite::Error| Error::database(path, e);
    let mut stmt = conn
        .prepare(
            "SELECT id, document, parent, recipe, parent_hash, text, modified
             FROM versions WHERE document = ?1 ORDER BY id",
        )
        .map_err(db)?;
    let rows = stmt
        .query_map([document], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Vec<u8>>(5)?,
                r.get::<_, String>(6)?,
            ))
        })
        .map_err(db)?;
    let mut out = Vec::new();
    for row in rows {
        let (id, document, parent, recipe, parent_hash, text, modified) = row.map_err(db)?;
        let recipe: Recipe = serde_json::from_str(&recipe)
            .map_err(|e| Error::database(path, format!("version {id} is damaged: {e}")))?;
        out.push(Version {
            id,
            document,
            parent,
            recipe,
            parent_hash: fingerprint::from_hex(&parent_hash).unwrap_or(0),
            text: decompress(path, id, &text)?,
            modified,
        });
    }
    Ok(out)
}

/// One version by id.
pub fn get(conn: &Connection, path: &Path, id: i64) -> Result<Option<Version>> {
    let document: Option<i64> = conn
        .query_row("SELECT document FROM versions WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()
        .map_err(|e| Error::database(path, e))?;
    match document {
        Some(d) => Ok(list(conn, path, d)?.into_iter().find(|v| v.id == id)),
        None => Ok(None),
    }
}

/// Stores a new version of `document` made from `parent` (`None`: the original) and returns it.
pub fn insert(
    conn: &Connection,
    path: &Path,
    document: i64,
    parent: Option<i64>,
    recipe: &Recipe,
    parent_hash: u64,
    text: &str,
) -> Result<Version> {
    let db = |e: rusqlite::Error| Error::database(path, e);
    let json = serde_json::to_string(recipe).map_err(|e| Error::database(path, e))?;
    conn.execute(
        "INSERT INTO versions (document, parent, kind, recipe, parent_hash, text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            document,
            parent,
            recipe.kind(),
            json,
            fingerprint::to_hex(parent_hash),
            compress(text)
        ],
    )
    .map_err(db)?;
    let id = conn.last_insert_rowid();
    get(conn, path, id)?.ok_or_else(|| Error::database(path, "the new version vanished"))
}

/// Replaces a version's recipe and text (the reviewer changed decisions, or it was made again from a
/// changed parent). Fails when the version no longer exists.
pub fn update(
    conn: &Connection,
    path: &Path,
    id: i64,
    recipe: &Recipe,
    parent_hash: u64,
    text: &str,
) -> Result<Version> {
    let json = serde_json::to_string(recipe).map_err(|e| Error::database(path, e))?;
    let n = conn
        .execute(
            "UPDATE versions SET recipe = ?2, kind = ?3, parent_hash = ?4, text = ?5,
                 modified = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
             WHERE id = ?1",
            params![
                id,
                json,
                recipe.kind(),
                fingerprint::to_hex(parent_hash),
                compress(text)
            ],
        )
        .map_err(|e| Error::database(path, e))?;
    if n == 0 {
        return Err(Error::Invalid(format!("there is no version {id} any more")));
    }
    get(conn, path, id)?.ok_or_else(|| Error::database(path, "the version vanished"))
}

/// Deletes a version and the versions made from it.
pub fn delete(conn: &Connection, path: &Path, id: i64) -> Result<()> {
    // Foreign keys may be off on this connection: delete the children explicitly, in one transaction.
    let tx = conn
        .unchecked_transaction()
        .map_err(|e| Error::database(path, e))?;
    tx.execute(
        "WITH RECURSIVE doomed(id) AS (SELECT ?1 UNION SELECT v.id FROM versions v JOIN doomed d ON v.parent = d.id)
         DELETE FROM versions WHERE id IN (SELECT id FROM doomed)",
        [id],
    )
    .map_err(|e| Error::database(path, e))?;
    tx.commit().map_err(|e| Error::database(path, e))
}

/// Deletes every version of a document (when it is closed).
pub fn delete_all(conn: &Connection, path: &Path, document: i64) -> Result<()> {
    conn.execute("DELETE FROM versions WHERE document = ?1", [document])
        .map_err(|e| Error::database(path, e))?;
    Ok(())
}
