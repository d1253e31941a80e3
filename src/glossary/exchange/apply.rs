//! Applying imported rows to the glossary, all in one transaction.
//!
//! A row is matched to an existing entry by our own id (`g<uid>-<n>`, written by our exports; the row's
//! version or modification date says whether the entry changed since the export), else by sharing terms
//! in two languages (case, accents and script folded). A match with nothing new is skipped; one that only
//! adds terms or fills empty fields is merged; one that contradicts the entry is reported as conflicting
//! and left alone unless [`ImportOptions::overwrite`] is set.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::Connection;

use super::{ImportOptions, ImportReport, Outcome, Row, RowReport, parse};
use crate::glossary::Glossary;
use crate::glossary::model::{Entry, EntryData, EntryId, TermKind, lang};
use crate::glossary::normalize::fold;
use crate::glossary::store::{Action, insert_entry, load_entry, record, write_entry};
use crate::{Error, Progress, Result};

/// Rows between progress reports (and cancellation checks).
const STEP: usize = 1000;

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
        let (author, at) = (
            self.author().to_string(),
            crate::glossary::store::now_rfc3339(),
        );
        let uid = self.uid().to_string();
        let db_path = self.path().to_path_buf();
        let tx = self.write_tx()?;
        let db = |e: rusqlite::Error| Error::database(&db_path, e);
        let batch: i64 = tx
            .query_row("SELECT coalesce(max(batch), 0) + 1 FROM history", [], |r| {
                r.get(0)
            })
            .map_err(db)?;
        let ctx = Ctx {
            conn: &tx,
            uid: &uid,
            author: &author,
            at: &at,
            batch,
            overwrite: options.overwrite,
        };
        let mut changed = false;
        for (i, row) in parsed.rows.into_iter().enumerate() {
            let r = ctx.apply(row).map_err(db)?;
            changed |= matches!(r.outcome, Outcome::Added | Outcome::Updated);
            report.rows.push(r);
            if (i + 1) % STEP == 0 && !progress.advance(STEP as u64) {
                return Err(Error::Cancelled);
            }
        }
        progress.advance((report.rows.len() % STEP) as u64);
        if changed {
            tx.commit().map_err(db)?;
            report.batch = Some(batch);
        }
        Ok(report)
    }
}

struct Ctx<'a> {
    conn: &'a Connection,
    uid: &'a str,
    author: &'a str,
    at: &'a str,
    batch: i64,
    overwrite: bool,
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
    fn apply(&self, row: Row) -> rusqlite::Result<RowReport> {
        if let Some(problem) = &row.problem {
            return Ok(report(&row, Outcome::Skipped, None, problem.clone()));
        }
        let data = row.data.clone().normalized();
        if let Err(why) = data.validate() {
            return Ok(report(&row, Outcome::Skipped, None, why));
        }
        let own = row.id.as_deref().and_then(|id| {
            let rest = id.trim().strip_prefix('g')?.strip_prefix(self.uid)?;
            rest.strip_prefix('-')?.parse::<EntryId>().ok()
        });
        if let Some(id) = own {
            if let Some(current) = load_entry(self.conn, id)? {
                return self.apply_own(&row, data, current);
            }
        }
        let matches = self.matching_entries(&data)?;
        match matches.as_slice() {
            [] => {
                let id = insert_entry(self.conn, &data, self.author, self.at)?;
                record(
                    self.conn,
                    id,
                    1,
                    Action::Import,
                    self.author,
                    self.at,
                    None,
                    Some(&data),
                    Some(self.batch),
                )?;
                Ok(report(&row, Outcome::Added, Some(id), ""))
            }
            [id] => {
                let current = load_entry(self.conn, *id)?.expect("matched entries exist");
                self.merge(&row, data, current)
            }
            many => Ok(report(
                &row,
                Outcome::Conflicting,
                None,
                format!(
                    "the terms match several entries ({}); resolve the duplicates first",
                    join_ids(many)
                ),
            )),
        }
    }

    /// A row exported from this glossary: apply it if the entry has not changed since the export.
    fn apply_own(&self, row: &Row, data: EntryData, current: Entry) -> rusqlite::Result<RowReport> {
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
        &self,
        row: &Row,
        current: Entry,
        data: EntryData,
        message: &str,
    ) -> rusqlite::Result<RowReport> {
        let version = current.version + 1;
        write_entry(self.conn, current.id, version, &data, self.author, self.at)?;
        let before = (!current.deleted).then_some(&current.data);
        record(
            self.conn,
            current.id,
            version,
            Action::Import,
            self.author,
            self.at,
            before,
            Some(&data),
            Some(self.batch),
        )?;
        Ok(report(row, Outcome::Updated, Some(current.id), message))
    }

    /// Entries sharing folded terms with the row in at least two language groups.
    fn matching_entries(&self, data: &EntryData) -> rusqlite::Result<Vec<EntryId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.entry_id, t.lang FROM term t JOIN entry e ON e.id = t.entry_id WHERE t.key = ?1 AND e.deleted = 0",
        )?;
        let mut groups: HashMap<EntryId, Vec<&str>> = HashMap::new();
        for t in &data.terms {
            let group = group_of(&t.lang);
            let rows = stmt.query_map([fold(&t.text)], |r| {
                Ok((r.get::<_, EntryId>(0)?, r.get::<_, String>(1)?))
            })?;
            for r in rows {
                let (id, l) = r?;
                if group_of(&l) == group {
                    let g = groups.entry(id).or_default();
                    if !g.contains(&group) {
                        g.push(group);
                    }
                }
            }
        }
        let mut ids: Vec<EntryId> = groups
            .into_iter()
            .filter(|(_, g)| g.len() >= 2)
            .map(|(id, _)| id)
            .collect();
        ids.sort_unstable();
        Ok(ids)
    }

    /// Merges a row into the entry it matched by terms.
    fn merge(&self, row: &Row, data: EntryData, current: Entry) -> rusqlite::Result<RowReport> {
        let mut merged = current.data.clone();
        let mut added_terms = Vec::new();
        for t in &data.terms {
            let key = fold(&t.text);
            // Known already: the same text in any Chinese column (an OmegaT line carrying a Hong Kong
            // form), or the same key in the same language (another case or script of a term it has). A
            // Traditional form of a Simplified term is new: it fills the Traditional column.
            let group = group_of(&t.lang);
            if merged.terms.iter().any(|m| {
                (group_of(&m.lang) == group && m.text == t.text)
                    || (m.lang == t.lang && fold(&m.text) == key)
            }) {
                continue;
            }
            let mut t = t.clone();
            if t.kind == TermKind::Main
                && merged.terms_in(&t.lang).any(|m| m.kind == TermKind::Main)
            {
                t.kind = TermKind::Variant;
            }
            added_terms.push(format!("{} '{}'", t.lang, t.text));
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

fn group_of(tag: &str) -> &str {
    if lang::is_chinese(tag) { "zh" } else { tag }
}

fn join_ids(ids: &[EntryId]) -> String {
    ids.iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn short(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}
