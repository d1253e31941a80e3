//! The fast paths of an import: [`KeyMap`], an in-memory map from folded terms to the entries that have
//! them (one scan or a few indexed look-ups up front, instead of one query per term of every row), and
//! [`NewEntries`], which buffers new entries and writes them with prepared multi-row inserts.
//!
//! A new entry's history row carries no copy of the entry (`after` is NULL for an import that adds): the
//! data after the change is the entry itself, or the `before` of its next change, and `history.rs`
//! rebuilds it from there when the history is read. That keeps a million-row import from writing a
//! million JSON documents.

use std::hash::{Hash, Hasher};

use crate::sql::{Db, Engine, Param};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::glossary::model::{EntryData, EntryId, lang};

/// Rows per multi-row `INSERT`.
const CHUNK: usize = 64;

/// The group a language counts in when rows are matched: the Chinese columns are one group.
pub(crate) fn group_of(tag: &str) -> &str {
    if lang::is_chinese(tag) { "zh" } else { tag }
}

/// A 64-bit hash of a (group, key) pair. The map holds hashes, not strings, to stay small for a million
/// entries; a collision can only propose a candidate, which is checked against the entry's real terms.
fn key_hash(group: &str, key: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    group.hash(&mut h);
    key.hash(&mut h);
    h.finish()
}

/// Which live entries have a term with a given folded key in a given language group.
#[derive(Default)]
pub(crate) struct KeyMap {
    /// Hash → entry id (> 0), or `-(i + 1)` for `multi[i]` when several entries share the key.
    map: FxHashMap<u64, i64>,
    /// Lists of the entries sharing a key, each sorted (see [`KeyMap::insert`]).
    multi: Vec<Vec<EntryId>>,
}

impl KeyMap {
    /// Loads the key of every live term in one scan of the term table.
    pub fn load(db: &Db) -> crate::sql::Result<KeyMap> {
        let mut km = KeyMap::default();
        let deleted: FxHashSet<EntryId> = db
            .query_vec("SELECT id FROM entry WHERE deleted = 1", &[], |r| r.get(0))?
            .into_iter()
            .collect();
        db.for_each("SELECT entry_id, lang, key FROM term", &[], |r| {
            let id: EntryId = r.get(0)?;
            if !deleted.contains(&id) {
                let group = r.with_str(1, |l| group_of(l).to_string())?;
                r.with_str(2, |key| km.insert(&group, key, id))?;
            }
            Ok(())
        })?;
        Ok(km)
    }

    /// Records that entry `id` has `key` in `group`.
    pub fn insert(&mut self, group: &str, key: &str, id: EntryId) {
        let h = key_hash(group, key);
        match self.map.get(&h).copied() {
            None => {
                self.map.insert(h, id);
            }
            Some(one) if one > 0 => {
                if one != id {
                    self.multi.push(vec![one.min(id), one.max(id)]);
                    self.map.insert(h, -(self.multi.len() as i64));
                }
            }
            Some(many) => {
                // Kept sorted, so that an id is found by bisection, and a key shared by a hundred thousand
                // entries costs each new one a search, not a scan. New entries come in increasing order:
                // their insertion is a push.
                let list = &mut self.multi[(-many - 1) as usize];
                if let Err(at) = list.binary_search(&id) {
                    list.insert(at, id);
                }
            }
        }
    }

    /// Records every term of an entry.
    pub fn insert_entry(&mut self, data: &EntryData, keys: &[String], id: EntryId) {
        for (t, key) in data.terms.iter().zip(keys) {
            self.insert(group_of(&t.lang), key, id);
        }
    }

    /// Entries that share keys with the row in at least two language groups (candidates: a hash collision
    /// can propose one that the caller must check), in id order.
    pub fn candidates(&self, data: &EntryData, keys: &[String]) -> Vec<EntryId> {
        let lists: Vec<(&str, &[EntryId])> = data
            .terms
            .iter()
            .zip(keys)
            .filter_map(|(t, key)| {
                let group = group_of(&t.lang);
                let ids: &[EntryId] = match self.map.get(&key_hash(group, key))? {
                    one if *one > 0 => std::slice::from_ref(one),
                    many => &self.multi[(-many - 1) as usize],
                };
                Some((group, ids))
            })
            .collect();
        // An entry sharing two groups is in two lists, so in one besides the longest: the longest (a key
        // a hundred thousand entries share) is only searched, never walked, or an import of many rows
        // with one common term would cost their square.
        let Some(longest) = (0..lists.len()).max_by_key(|&i| lists[i].1.len()) else {
            return Vec::new();
        };
        let mut hits: rustc_hash::FxHashSet<(EntryId, &str)> = rustc_hash::FxHashSet::default();
        for (i, (group, ids)) in lists.iter().enumerate() {
            if i != longest {
                hits.extend(ids.iter().map(|&id| (id, *group)));
            }
        }
        let (long_group, long_ids) = lists[longest];
        let also: Vec<EntryId> = hits
            .iter()
            .map(|&(id, _)| id)
            .filter(|id| long_ids.binary_search(id).is_ok())
            .collect();
        hits.extend(also.into_iter().map(|id| (id, long_group)));
        let mut hits: Vec<(EntryId, &str)> = hits.into_iter().collect();
        hits.sort_unstable();
        let mut out: Vec<EntryId> = Vec::new();
        for w in hits.windows(2) {
            if w[0].0 == w[1].0 && out.last() != Some(&w[0].0) {
                out.push(w[0].0);
            }
        }
        out
    }
}

/// New entries waiting to be written, with the ids they will get.
pub(crate) struct NewEntries {
    next_id: EntryId,
    pending: Vec<(EntryId, EntryData, Vec<String>)>,
}

/// Who made an import and which history batch it is.
pub(crate) struct Stamp<'a> {
    pub author: &'a str,
    pub at: &'a str,
    pub batch: i64,
}

impl NewEntries {
    /// Starts after the highest id ever given (`AUTOINCREMENT` never reuses ids, and neither do we).
    pub fn new(db: &Db) -> crate::sql::Result<NewEntries> {
        let sql = match db.engine() {
            Engine::Sqlite => {
                "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'entry'), 0), \
                            coalesce((SELECT max(id) FROM entry), 0))"
            }
            Engine::Postgres => {
                "SELECT greatest((SELECT last_value FROM entry_id_seq), \
                                 coalesce((SELECT max(id) FROM entry), 0))"
            }
        };
        let last: i64 = db.query_value(sql, &[])?;
        Ok(NewEntries {
            next_id: last + 1,
            pending: Vec::new(),
        })
    }

    /// The id the next queued entry gets.
    pub fn next_id(&self) -> EntryId {
        self.next_id
    }

    /// Queues a new entry (normalised and valid, `keys` its terms' folded keys) and returns its id.
    pub fn push(
        &mut self,
        db: &Db,
        stamp: &Stamp<'_>,
        data: EntryData,
        keys: Vec<String>,
    ) -> crate::sql::Result<EntryId> {
        let id = self.next_id;
        self.next_id += 1;
        self.pending.push((id, data, keys));
        if self.pending.len() >= 16 * CHUNK {
            self.flush(db, stamp)?;
        }
        Ok(id)
    }

    /// Writes every queued entry: its row, its terms and its history row.
    pub fn flush(&mut self, db: &Db, stamp: &Stamp<'_>) -> crate::sql::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let pending = std::mem::take(&mut self.pending);
        let statuses: Vec<&str> = pending.iter().map(|(_, d, _)| d.status.as_str()).collect();
        insert_chunked(
            db,
            "INSERT INTO entry(id, version, domain, pos, note, source, source_date, status, changed_by, \
             changed_at) VALUES ",
            "(?,1,?,?,?,?,?,?,?,?)",
            pending.len(),
            |i, out| {
                let (id, d, _) = &pending[i];
                out.extend_from_slice(&[
                    id,
                    &d.domain,
                    &d.part_of_speech,
                    &d.note,
                    &d.source,
                    &d.source_date,
                    &statuses[i],
                    &stamp.author,
                    &stamp.at,
                ]);
            },
        )?;
        let terms: Vec<(EntryId, i64, &crate::glossary::Term, &str, &str)> = pending
            .iter()
            .flat_map(|(id, d, keys)| {
                d.terms
                    .iter()
                    .zip(keys)
                    .enumerate()
                    .map(move |(seq, (t, k))| (*id, seq as i64, t, k.as_str(), t.kind.as_str()))
            })
            .collect();
        insert_chunked(
            db,
            "INSERT INTO term(entry_id, seq, lang, text, kind, key) VALUES ",
            "(?,?,?,?,?,?)",
            terms.len(),
            |i, out| {
                let (id, seq, t, key, kind) = &terms[i];
                out.extend_from_slice(&[id, seq, &t.lang, &t.text, kind, key]);
            },
        )?;
        insert_chunked(
            db,
            "INSERT INTO history(entry_id, version, action, author, at, before, after, batch) VALUES ",
            "(?,1,'import',?,?,NULL,NULL,?)",
            pending.len(),
            |i, out| {
                out.extend_from_slice(&[&pending[i].0, &stamp.author, &stamp.at, &stamp.batch]);
            },
        )?;
        if db.engine() == Engine::Postgres {
            // The ids were chosen here; the server's sequence must not hand them out again.
            db.execute(
                "SELECT setval('entry_id_seq', greatest((SELECT max(id) FROM entry), 1))",
                &[],
            )?;
        }
        Ok(())
    }

    /// Whether `id` is queued and not written yet.
    pub fn is_pending(&self, id: EntryId) -> bool {
        self.pending
            .first()
            .is_some_and(|(first, _, _)| id >= *first)
    }
}

/// Inserts `count` items with a statement of [`CHUNK`] value tuples per run, then one-tuple runs for
/// the rest. `bind(i, out)` pushes item `i`'s parameters, one per `?` of `tuple`.
fn insert_chunked<'a>(
    db: &Db,
    head: &str,
    tuple: &str,
    count: usize,
    mut bind: impl FnMut(usize, &mut Vec<&'a dyn Param>),
) -> crate::sql::Result<()> {
    let full = count / CHUNK * CHUNK;
    let mut params: Vec<&dyn Param> = Vec::new();
    if full > 0 {
        let sql = numbered(head, tuple, CHUNK);
        for start in (0..full).step_by(CHUNK) {
            params.clear();
            for i in start..start + CHUNK {
                bind(i, &mut params);
            }
            db.execute(&sql, &params)?;
        }
    }
    if full < count {
        let sql = numbered(head, tuple, 1);
        for i in full..count {
            params.clear();
            bind(i, &mut params);
            db.execute(&sql, &params)?;
        }
    }
    Ok(())
}

/// `head` followed by `n` copies of `tuple` whose `?` are numbered `?1`, `?2`, … (both engines).
fn numbered(head: &str, tuple: &str, n: usize) -> String {
    let mut sql = String::from(head);
    let mut next = 1;
    for copy in 0..n {
        if copy > 0 {
            sql.push(',');
        }
        for c in tuple.chars() {
            sql.push(c);
            if c == '?' {
                sql.push_str(&next.to_string());
                next += 1;
            }
        }
    }
    sql
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::model::Term;

    fn data(terms: &[(&str, &str)]) -> (EntryData, Vec<String>) {
        let d = EntryData {
            terms: terms.iter().map(|(l, t)| Term::main(l, t)).collect(),
            ..Default::default()
        };
        let keys = d
            .terms
            .iter()
            .map(|t| crate::glossary::normalize::fold(&t.text))
            .collect();
        (d, keys)
    }

    #[test]
    fn candidates_share_two_language_groups() {
        let mut km = KeyMap::default();
        let (a, ka) = data(&[("en", "port"), ("zh-Hans", "港口")]);
        let (b, kb) = data(&[("en", "port"), ("zh-Hans", "口岸")]);
        km.insert_entry(&a, &ka, 1);
        km.insert_entry(&b, &kb, 2);
        km.insert_entry(&a, &ka, 1);
        type Case<'a> = (&'a [(&'a str, &'a str)], &'a [EntryId]);
        let cases: [Case; 5] = [
            (&[("en", "Port"), ("zh-Hant", "港口")], &[1]),
            (&[("en", "port"), ("zh-Hans", "码头")], &[]),
            (
                &[("en", "port"), ("zh-Hans", "港口"), ("zh-Hant", "口岸")],
                &[1, 2],
            ),
            // The same key in another language group is not a match.
            (&[("fr", "port"), ("zh-Hans", "港口")], &[]),
            (&[("zh-Hans", "港口"), ("zh-Hant", "港口")], &[]),
        ];
        for (terms, want) in cases {
            let (d, k) = data(terms);
            assert_eq!(km.candidates(&d, &k), want, "{terms:?}");
        }
    }
}
