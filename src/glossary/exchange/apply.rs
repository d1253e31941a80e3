//! Applying imported rows to the glossary, all in one transaction.
//!
//! A row is matched to an existing entry by our own id (`g<uid>-<n>`, written by our exports; the row's
//! version or modification date says whether the entry changed since the export), else by sharing terms
//! in two languages (case, accents and script folded). A match with nothing new is skipped; one that only
//! adds terms or fills empty fields is merged; one that contradicts the entry is reported as conflicting
//! and left alone unless [`ImportOptions::overwrite`] is set.

use std::path::Path;

use rustc_hash::FxHashSet;

use super::bulk::{KeyMap, NewEntries, Stamp, group_of};
use super::{ImportOptions, ImportReport, Outcome, Row, RowReport, parse};
use crate::glossary::Glossary;
use crate::glossary::model::{Entry, EntryData, EntryId, TermKind};
use crate::glossary::normalize::fold;
use crate::glossary::store::{Action, load_entry, record, write_entry};
use crate::sql::{Db, DbError};
use crate::{Error, Progress, Result};

/// Rows between progress reports (and cancellation checks).
const STEP: usize = 1000;

/// From this many rows on, an import gives SQLite a larger page cache for its transaction.
const LARGE: usize = 20_000;

impl Glossary {
    /// Imports a glossary file (format detected unless given in `options`). Either every row is applied
    /// or, on an error or cancellation, nothing is.
    pub fn import(
        &mut self,
        path: &Path,
        options: &ImportOptions,
        progress: &mut dyn Progress,
    ) -> Result<ImportReport> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        self.import_bytes(path, &bytes, options, progress)
    }

    /// Imports glossary data already in memory; `path` names it in messages and guides format detection.
    pub fn import_bytes(
        &mut self,
        path: &Path,
        bytes: &[u8],
        options: &ImportOptions,
        progress: &mut dyn Progress,
    ) -> Result<ImportReport> {
        self.check_writable()?;
        let parsed = parse(path, bytes, options)?;
        let mut report = ImportReport {
            path: path.to_path_buf(),
            format: parsed.format,
            rows: Vec::with_capacity(parsed.rows.len()),
            warnings: parsed.warnings,
            batch: None,
        };
        progress.start(
            parsed.rows.len() as u64,
            &format!("importing {}", path.display()),
        );
        // The `status IN (...)` and `kind IN (...)` checks of the schema cost SQLite a temporary table per
        // row; the values written here come from `Status` and `TermKind`, which cannot hold anything else.
        // A large import also gets a 256 MB page cache, so its pages stay in memory until the commit.
        let large = parsed.rows.len() >= LARGE;
        let tuning = if large {
            "PRAGMA ignore_check_constraints = ON; PRAGMA cache_size = -262144;"
        } else {
            "PRAGMA ignore_check_constraints = ON;"
        };
        // SQLite only: a server tunes itself.
        let sqlite = self.db.sqlite_conn().is_some();
        if sqlite {
            self.db.execute_batch(tuning).map_err(|e| self.db_err(e))?;
        }
        let result = self.apply_rows(parsed.rows, options, &mut report, progress);
        if sqlite {
            let restore = self.db.execute_batch(&format!(
                "PRAGMA ignore_check_constraints = OFF; {}",
                crate::glossary::store::CACHE_SIZE_PRAGMA
            ));
            if result.is_ok() {
                restore.map_err(|e| self.db_err(e))?;
            }
        }
        let changed = result?;
        // A search index built before now is out of date; past a few thousand changes a fresh build beats
        // following them one by one.
        if changed > 2_000 {
            self.search = Default::default();
        }
        Ok(report)
    }

    /// Applies the rows in one transaction; returns how many entries were added or changed.
    fn apply_rows(
        &mut self,
        rows: Vec<Row>,
        options: &ImportOptions,
        report: &mut ImportReport,
        progress: &mut dyn Progress,
    ) -> Result<usize> {
        let (author, at) = (
            self.author().to_string(),
            crate::glossary::store::now_rfc3339(),
        );
        let uid = self.uid().to_string();
        let db_path = self.path().to_path_buf();
        let tx = self.write_tx()?;
        let db = |e: DbError| {
            crate::glossary::store::classify(
                &db_path,
                std::time::Duration::ZERO,
                e,
                "cannot import",
            )
        };
        let batch: i64 = tx
            .query_value("SELECT coalesce(max(batch), 0) + 1 FROM history", &[])
            .map_err(db)?;
        let keys = KeyMap::load(&tx).map_err(db)?;
        let mut ctx = Ctx {
            conn: &tx,
            uid: &uid,
            stamp: Stamp {
                author: &author,
                at: &at,
                batch,
            },
            overwrite: options.overwrite,
            keys,
            new: NewEntries::new(&tx).map_err(db)?,
        };
        let mut changed = 0;
        // Each row is normalised and its terms' keys folded (once) as it comes, not all beforehand: a
        // second copy of every row was a fifth of an import's memory.
        for (i, mut row) in rows.into_iter().enumerate() {
            row.data = std::mem::take(&mut row.data).normalized();
            let keys = row.data.terms.iter().map(|t| fold(&t.text)).collect();
            let r = ctx.apply(row, keys).map_err(db)?;
            changed += usize::from(matches!(r.outcome, Outcome::Added | Outcome::Updated));
            report.rows.push(r);
            if (i + 1) % STEP == 0 && !progress.advance(STEP as u64) {
                return Err(Error::Cancelled);
            }
        }
        ctx.new.flush(&tx, &ctx.stamp).map_err(db)?;
        progress.advance((report.rows.len() % STEP) as u64);
        if changed > 0 {
            tx.commit().map_err(db)?;
            report.batch = Some(batch);
            if changed >= crate::sql::LARGE_IMPORT {
                self.db.refresh_statistics();
            }
        }
        Ok(changed)
    }
}

struct Ctx<'a> {
    conn: &'a Db,
    uid: &'a str,
    stamp: Stamp<'a>,
    overwrite: bool,
    keys: KeyMap,
    new: NewEntries,
}

fn report(
    row: &Row,
    outcome: Outcome,
    entry: Option<EntryId>,
    message: impl Into<String>,
) -> RowReport {
    RowReport {
        line: row.line,
        outcome,
        entry,
        message: message.into(),
    }
}

impl Ctx<'_> {
    /// Applies one row (its data normalised, `keys` its terms' folded keys).
    fn apply(&mut self, row: Row, keys: Vec<String>) -> crate::sql::Result<RowReport> {
        if let Some(problem) = &row.problem {
            return Ok(report(&row, Outcome::Skipped, None, problem.clone()));
        }
        if let Err(why) = row.data.validate() {
            return Ok(report(&row, Outcome::Skipped, None, why));
        }
        let own = row.id.as_deref().and_then(|id| {
            let rest = id.trim().strip_prefix('g')?.strip_prefix(self.uid)?;
            rest.strip_prefix('-')?.parse::<EntryId>().ok()
        });
        if let Some(id) = own {
            if let Some(current) = self.load(id)? {
                let data = row.data.clone();
                return self.apply_own(&row, data, current);
            }
        }
        let mut matches = Vec::new();
        for id in self.keys.candidates(&row.data, &keys) {
            if let Some(e) = self.load(id)? {
                if !e.deleted && shares_two_groups(&row.data, &keys, &e.data) {
                    matches.push(e);
                }
            }
        }
        match matches.len() {
            0 => {
                let id = self.new.next_id();
                self.keys.insert_entry(&row.data, &keys, id);
                let added = report(&row, Outcome::Added, Some(id), "");
                self.new.push(self.conn, &self.stamp, row.data, keys)?;
                Ok(added)
            }
            1 => {
                let current = matches.pop().expect("one match");
                let data = row.data.clone();
                self.merge(&row, data, current)
            }
            _ => {
                let ids: Vec<String> = matches.iter().map(|e| e.id.to_string()).collect();
                Ok(report(
                    &row,
                    Outcome::Conflicting,
                    None,
                    format!(
                        "the terms match several entries ({}); resolve the duplicates first",
                        ids.join(", ")
                    ),
                ))
            }
        }
    }

    /// Loads an entry, writing queued new entries first if it is one of them.
    fn load(&mut self, id: EntryId) -> crate::sql::Result<Option<Entry>> {
        if self.new.is_pending(id) {
            self.new.flush(self.conn, &self.stamp)?;
        }
        load_entry(self.conn, id)
    }

    /// A row exported from this glossary: apply it if the entry has not changed since the export.
    fn apply_own(
        &mut self,
        row: &Row,
        data: EntryData,
        current: Entry,
    ) -> crate::sql::Result<RowReport> {
        if !current.deleted && current.data == data {
            return Ok(report(row, Outcome::Skipped, Some(current.id), "unchanged"));
        }
        let fresh = match (row.version, &row.changed_at) {
            (Some(v), _) => v == current.version,
            (None, Some(at)) => *at == current.changed_at,
            (None, None) => false,
        };
        if !fresh && !self.overwrite {
            let what = if current.deleted {
                "deleted"
            } else {
                "changed"
            };
            let since = match row.version {
                Some(v) => format!(
                    "version {v} in the file, {} in the glossary",
                    current.version
                ),
                None => "the file does not say which version it was made from".to_string(),
            };
            return Ok(report(
                row,
                Outcome::Conflicting,
                Some(current.id),
                format!(
                    "entry {} was {what} by {} at {} ({since}); not applied",
                    current.id, current.changed_by, current.changed_at
                ),
            ));
        }
        self.write(row, current, data, "")
    }

    fn write(
        &mut self,
        row: &Row,
        current: Entry,
        data: EntryData,
        message: &str,
    ) -> crate::sql::Result<RowReport> {
        let version = current.version + 1;
        let Stamp { author, at, batch } = self.stamp;
        write_entry(self.conn, current.id, version, &data, author, at)?;
        let before = (!current.deleted).then_some(&current.data);
        record(
            self.conn,
            current.id,
            version,
            Action::Import,
            author,
            at,
            before,
            Some(&data),
            Some(batch),
        )?;
        let keys: Vec<String> = data.terms.iter().map(|t| fold(&t.text)).collect();
        self.keys.insert_entry(&data, &keys, current.id);
        Ok(report(row, Outcome::Updated, Some(current.id), message))
    }

    /// Merges a row into the entry it matched by terms.
    fn merge(
        &mut self,
        row: &Row,
        data: EntryData,
        current: Entry,
    ) -> crate::sql::Result<RowReport> {
        let mut merged = current.data.clone();
        let mut added_terms = Vec::new();
        // What the entry knows, in sets that grow with the terms merged in, so that a row of many terms
        // costs time in proportion to its size (it was compared term by term with the whole entry).
        let mut texts: FxHashSet<(String, String)> = FxHashSet::default();
        let mut keys: FxHashSet<(String, String)> = FxHashSet::default();
        let mut mains: FxHashSet<String> = FxHashSet::default();
        for m in &merged.terms {
            texts.insert((group_of(&m.lang).to_string(), m.text.clone()));
            keys.insert((m.lang.clone(), fold(&m.text)));
            if m.kind == TermKind::Main {
                mains.insert(m.lang.clone());
            }
        }
        for t in &data.terms {
            // Known already: the same text in any Chinese column (an OmegaT line carrying a Hong Kong
            // form), or the same key in the same language (another case or script of a term it has). A
            // Traditional form of a Simplified term is new: it fills the Traditional column.
            let text = (group_of(&t.lang).to_string(), t.text.clone());
            let key = (t.lang.clone(), fold(&t.text));
            if texts.contains(&text) || keys.contains(&key) {
                continue;
            }
            let mut t = t.clone();
            if t.kind == TermKind::Main && !mains.insert(t.lang.clone()) {
                t.kind = TermKind::Variant;
            }
            added_terms.push(format!("{} '{}'", t.lang, t.text));
            texts.insert(text);
            keys.insert(key);
            merged.terms.push(t);
        }
        let mut conflicts = Vec::new();
        let fields: [(&str, &String, &mut String); 5] = [
            ("domain", &data.domain, &mut merged.domain),
            (
                "part of speech",
                &data.part_of_speech,
                &mut merged.part_of_speech,
            ),
            ("note", &data.note, &mut merged.note),
            ("source", &data.source, &mut merged.source),
            ("date", &data.source_date, &mut merged.source_date),
        ];
        for (name, new, old) in fields {
            if new.is_empty() || new == old {
                continue;
            }
            if old.is_empty() || self.overwrite {
                *old = new.clone();
            } else {
                conflicts.push(format!(
                    "{name} '{}' here, '{}' in the glossary",
                    short(new),
                    short(old)
                ));
            }
        }
        if self.overwrite {
            merged.status = data.status;
        }
        let merged = merged.normalized();
        if !conflicts.is_empty() {
            let msg = format!(
                "matches entry {} but differs: {}; not applied",
                current.id,
                conflicts.join("; ")
            );
            return Ok(report(row, Outcome::Conflicting, Some(current.id), msg));
        }
        if merged == current.data {
            return Ok(report(
                row,
                Outcome::Skipped,
                Some(current.id),
                format!("already in the glossary as entry {}", current.id),
            ));
        }
        let msg = if added_terms.is_empty() {
            format!("filled in entry {}", current.id)
        } else {
            format!("added {} to entry {}", added_terms.join(", "), current.id)
        };
        self.write(row, current, merged, &msg)
    }
}

/// Whether an entry really shares terms with a row in two language groups (the key map's hashes only
/// propose candidates).
fn shares_two_groups(row: &EntryData, keys: &[String], entry: &EntryData) -> bool {
    let entry_keys: FxHashSet<(&str, String)> = entry
        .terms
        .iter()
        .map(|t| (group_of(&t.lang), fold(&t.text)))
        .collect();
    let mut groups: Vec<&str> = Vec::new();
    for (t, key) in row.terms.iter().zip(keys) {
        let group = group_of(&t.lang);
        if !groups.contains(&group) && entry_keys.contains(&(group, key.clone())) {
            groups.push(group);
            if groups.len() >= 2 {
                break;
            }
        }
    }
    groups.len() >= 2
}

fn short(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}
