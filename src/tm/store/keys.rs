//! Match keys and their hashes: what makes two sides "the same" in a memory, and the re-keying that keeps
//! them current when the script converter changes.
//!
//! A side's key is [`match_key`] (scripts, width and case folded); its hash is a stable 64-bit hash of its
//! language family and key ([`key_hash`]). The hash is stored, so it must not change between builds: it is
//! FNV-1a with a final mix, written out here rather than borrowed from a hasher whose output may change.

use std::borrow::Cow;

use crate::sql::Db;

use super::Memory;
use crate::Result;
use crate::tm::lang::LangTag;
use crate::tm::script::{ScriptConverter, family, match_key};

/// One side of a unit as the store compares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SideKey {
    /// Language family (`zh`, `en`), as [`crate::tm::script::family`] names it.
    pub family: Cow<'static, str>,
    /// Match key.
    pub key: String,
    /// [`key_hash`] of family and key.
    pub hash: i64,
}

impl SideKey {
    /// The key of `text` in `lang`.
    pub fn of(conv: &dyn ScriptConverter, text: &str, lang: &LangTag) -> SideKey {
        // The two families of nearly every unit without an allocation each.
        let family: Cow<'static, str> = match family(lang) {
            f if f == "zh" => Cow::Borrowed("zh"),
            f if f == "en" => Cow::Borrowed("en"),
            f => Cow::Owned(f),
        };
        let key = match_key(conv, text, lang);
        let hash = key_hash(&family, &key);
        SideKey { family, key, hash }
    }
}

/// A stable 64-bit hash of a family and a key (FNV-1a, then the SplitMix64 finaliser so that similar keys
/// spread over the index).
pub(crate) fn key_hash(family: &str, key: &str) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in family.bytes().chain([0xFF]).chain(key.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    h as i64
}

/// The language of a stored side (`und` when the stored tag does not parse).
pub(crate) fn lang_or_und(raw: &str) -> LangTag {
    LangTag::parse(raw).unwrap_or_else(|| LangTag::parse("und").unwrap_or_else(LangTag::en))
}

/// Rows re-keyed per statement batch (reading them all at once would hold a million texts).
const REKEY_BATCH: i64 = 10_000;

impl Memory {
    pub(super) fn key_scheme(&self) -> String {
        format!("tokens-1/{}", self.converter.id())
    }

    /// Rebuilds keys and hashes when they were built by another converter or an older schema (one
    /// transaction). Units that become identical to an older live unit are dropped, as the older one
    /// already says the same.
    pub(super) fn rekey_if_needed(&mut self) -> Result<()> {
        let scheme = self.key_scheme();
        let stored: Option<String> = self
            .db
            .query_row(
                "SELECT value FROM meta WHERE key = 'key_scheme'",
                &[],
                |r| r.get(0),
            )
            .map_err(|e| self.fail(e))?;
        if stored.as_deref() == Some(scheme.as_str()) {
            return Ok(());
        }
        let fail = |e| super::db_error(&self.path, e);
        let tx = self.db.write().map_err(fail)?;
        let rekeyed = rekey_all(&tx, &*self.converter).map_err(fail)?;
        tx.execute("DELETE FROM meta WHERE key = 'key_scheme'", &[])
            .map_err(fail)?;
        tx.execute(
            "INSERT INTO meta(key, value) VALUES ('key_scheme', ?1)",
            &[&scheme],
        )
        .map_err(fail)?;
        if rekeyed > 0 {
            self.announce(&tx, super::Changed::All)?;
        }
        tx.commit().map_err(fail)?;
        self.indexes = None;
        Ok(())
    }
}

/// Re-keys every unit; returns how many there were.
fn rekey_all(db: &Db, conv: &dyn ScriptConverter) -> crate::sql::Result<usize> {
    let mut after = 0i64;
    let mut seen = 0;
    loop {
        type Row = (i64, String, String, String, String, bool);
        let rows: Vec<Row> = db.query_vec(
            "SELECT id, source_lang, source_text, target_lang, target_text, deleted IS NULL FROM units
             WHERE id > ?1 ORDER BY id LIMIT ?2",
            &[&after, &REKEY_BATCH],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )?;
        let Some(last) = rows.last() else {
            return Ok(seen);
        };
        after = last.0;
        seen += rows.len();
        for (id, sl, st, tl, tt, live) in rows {
            let s = SideKey::of(conv, &st, &lang_or_und(&sl));
            let t = SideKey::of(conv, &tt, &lang_or_und(&tl));
            // Rows are re-keyed in id order, so an identical older unit already has its new hashes.
            if live
                && db
                    .query_row(
                        "SELECT 1 FROM units WHERE source_hash = ?1 AND target_hash = ?2 AND deleted IS NULL
                            AND id < ?3 AND source_key = ?4 AND target_key = ?5 LIMIT 1",
                        &[&s.hash, &t.hash, &id, &s.key, &t.key],
                        |_| Ok(()),
                    )?
                    .is_some()
            {
                db.execute("DELETE FROM units WHERE id = ?1", &[&id])?;
                continue;
            }
            db.execute(
                "UPDATE units SET source_family = ?2, source_key = ?3, source_hash = ?4, target_family = ?5,
                    target_key = ?6, target_hash = ?7 WHERE id = ?1",
                &[&id, &s.family, &s.key, &s.hash, &t.family, &t.key, &t.hash],
            )?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_stable_and_keep_families_apart() {
        // Stored in every memory: these values must never change.
        assert_eq!(key_hash("zh", "两 江"), key_hash("zh", "两 江"));
        assert_eq!(key_hash("en", "a"), -7_441_575_272_320_404_217);
        assert_ne!(key_hash("zh", "a"), key_hash("en", "a"));
        assert_ne!(key_hash("e", "na"), key_hash("en", "a"));
    }
}
