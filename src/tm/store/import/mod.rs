//! Importing a TMX file (1.1 to 1.4b, OmegaT project memories included) into a memory: streamed, in one
//! transaction, with the caller's choice for units whose source the memory already holds.
//!
//! A worker thread (`read.rs`) reads the file ([`TmxStream`], flat memory on any size), picks each unit's
//! pair and computes its keys ([`Prepared`]); this thread stores them. Nothing is visible to others until
//! the one commit at the end, so a cancelled, failed or killed import leaves the memory as it was (SQLite
//! drops an uncommitted transaction on the next open, whether from its write-ahead log or from the
//! rollback journal an unshared file is imported with). The summary counts what happened to
//! every unit. A file whose languages are not the memory's pair is refused, naming the line, unless the
//! caller asks to import it with its own languages ([`LanguagePolicy::FilePair`]).

mod read;

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, sync_channel};

use crate::sql::Db;
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use self::read::{Batch, in_pair, mismatch, read_units};
use super::edit::ChangeKind;
use super::write::{Prepared, Provenance, insert, insert_many};
use super::{Memory, Origin, count_units};
use crate::progress::Progress;
use crate::tm::time::Timestamp;
use crate::tm::tmx::TmxStream;
use crate::{Error, Result};

/// What a unit whose source the memory already holds (with another translation) gets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OnDuplicate {
    /// Stored beside the units already there (one source, several translations).
    #[default]
    KeepBoth,
    /// Its translation replaces the one already there (undoable with the import).
    Replace,
    /// Left out.
    Skip,
}

/// Which languages an import takes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LanguagePolicy {
    /// The memory's pair; a file of other languages is refused.
    #[default]
    MemoryPair,
    /// Each unit in the file's own languages (its source and first other language), whatever the memory's
    /// pair: for a file the user knowingly adds as it is.
    FilePair,
}

/// How to import.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportOptions {
    /// What a unit whose source is already in the memory gets.
    pub on_duplicate: OnDuplicate,
    /// Which languages to take.
    pub languages: LanguagePolicy,
    /// The origin detail recorded on the units (default: the file's name).
    pub origin_detail: Option<String>,
}

/// What an import did, unit by unit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    /// The file.
    pub file: PathBuf,
    /// `<tu>` elements in it.
    pub units_in_file: usize,
    /// Units stored whose source was new to the memory.
    pub added: usize,
    /// Units stored beside others with the same source ([`OnDuplicate::KeepBoth`]).
    pub kept_both: usize,
    /// Units whose translation replaced the one in the memory ([`OnDuplicate::Replace`]).
    pub replaced: usize,
    /// Units left out because their source was there ([`OnDuplicate::Skip`]).
    pub skipped_existing: usize,
    /// Units the memory already held exactly (never stored twice).
    pub identical: usize,
    /// Units left out because a side was empty or held only tags.
    pub skipped_empty: usize,
    /// Units without both languages (a lone variant).
    pub incomplete: usize,
    /// The change recording the import (to undo it), when it changed anything.
    pub change: Option<i64>,
    /// The reader's warnings.
    pub warnings: Vec<String>,
}

impl ImportSummary {
    /// Units now in the memory that were not before.
    pub fn stored(&self) -> usize {
        self.added + self.kept_both
    }
}
impl Memory {
    /// Imports the TMX file at `path` with the default options (keep both, the memory's pair).
    pub fn import_tmx(
        &mut self,
        path: &Path,
        progress: &mut dyn Progress,
    ) -> Result<ImportSummary> {
        self.import_tmx_with(path, &ImportOptions::default(), progress)
    }

    /// Imports the TMX file at `path`, streamed, as one transaction: all of it or (on any error, on
    /// cancel, or if the process dies) none of it.
    pub fn import_tmx_with(
        &mut self,
        path: &Path,
        options: &ImportOptions,
        progress: &mut dyn Progress,
    ) -> Result<ImportSummary> {
        self.writable()?;
        let stream = TmxStream::open(path)?;
        let pair = match options.languages {
            LanguagePolicy::MemoryPair => {
                let pair = (self.info.source_lang.clone(), self.info.target_lang.clone());
                if let Some(src) = &stream.header().srclang {
                    if !in_pair(src, &pair) {
                        return Err(mismatch(
                            path,
                            None,
                            std::slice::from_ref(src),
                            &self.info.name,
                            &pair,
                        ));
                    }
                }
                Some(pair)
            }
            LanguagePolicy::FilePair => None,
        };
        let file_name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let detail = options.origin_detail.clone().unwrap_or(file_name.clone());
        progress.start(stream.total_bytes(), &format!("Importing {file_name}"));
        let mut summary = ImportSummary {
            file: path.to_path_buf(),
            ..ImportSummary::default()
        };
        let converter = self.converter.clone();
        let name = self.info.name.clone();
        let (tx, rx) = sync_channel::<Result<Batch>>(4);
        let journal = self.switch_to_journal();
        let stored = std::thread::scope(|scope| {
            let reader = std::thread::Builder::new()
                .name("tmx-reader".into())
                .spawn_scoped(scope, move || {
                    read_units(stream, pair, &*converter, &name, tx)
                })
                .map_err(|e| Error::io(path, e))?;
            let result =
                self.store_batches(rx, options.on_duplicate, &detail, &mut summary, progress);
            // The reader stops at its next send once the receiver is gone (on error or cancel).
            let _ = reader.join();
            result
        });
        if journal {
            self.switch_to_wal();
        }
        let touched = stored?;
        if summary.stored() >= crate::sql::LARGE_IMPORT {
            self.db.refresh_statistics();
        }
        self.after_import(&touched)?;
        Ok(summary)
    }

    /// Stores the reader's batches in one transaction; returns the ids added or changed.
    fn store_batches(
        &mut self,
        rx: Receiver<Result<Batch>>,
        on_duplicate: OnDuplicate,
        detail: &str,
        summary: &mut ImportSummary,
        progress: &mut dyn Progress,
    ) -> Result<Touched> {
        let path = self.path.clone();
        let db = |e| super::db_error(&path, e);
        if let Some(conn) = self.db.sqlite_conn() {
            // A large page cache for the one long transaction (the default 2 MB thrashes on the index).
            conn.execute_batch("PRAGMA cache_size = -65536")
                .map_err(|e| db(e.into()))?;
        }
        let tx = self.db.write().map_err(db)?;
        let change = Self::log_change(&tx, ChangeKind::Import, "", &self.author).map_err(db)?;
        // The sources already there, by hash: a unit whose source is new (nearly all, in most imports) is
        // stored without a query. The hash is exact for absence; a hit is checked on the keys.
        let mut known = FxHashSet::<i64>::default();
        tx.for_each(
            "SELECT source_hash FROM units WHERE deleted IS NULL",
            &[],
            |r| {
                known.insert(r.get(0)?);
                Ok(())
            },
        )
        .map_err(db)?;
        let from = Provenance {
            origin: Origin::TmxImport,
            author: &self.author,
            detail,
            added: Timestamp::now(),
            batch: Some(change),
        };
        let mut touched = Touched::default();
        let mut reported = 0u64;
        for batch in rx {
            let batch = batch?;
            summary.units_in_file += batch.in_file;
            summary.skipped_empty += batch.empty;
            summary.incomplete += batch.incomplete;
            summary.warnings.extend(batch.warnings);
            // Units with a new source wait here to be stored together (one statement per few hundred on
            // a server); they are stored before anything asks the database what it holds.
            let mut new = Vec::new();
            for p in batch.units {
                if known.insert(p.s.hash) {
                    new.push(p);
                    continue;
                }
                store_new(&tx, &mut new, &from, summary, &mut touched).map_err(db)?;
                store_one(&tx, &p, on_duplicate, &from, change, summary, &mut touched)
                    .map_err(db)?;
            }
            store_new(&tx, &mut new, &from, summary, &mut touched).map_err(db)?;
            if !progress.advance(batch.bytes_read.saturating_sub(reported)) {
                return Err(Error::Cancelled);
            }
            reported = batch.bytes_read;
        }
        let changed = summary.stored() + summary.replaced;
        if changed == 0 {
            return Ok(touched);
        }
        let what = format!(
            "Imported {}: {} stored, {} replaced",
            summary
                .file
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            count_units(summary.stored()),
            summary.replaced
        );
        tx.execute(
            "UPDATE changes SET summary = ?2 WHERE id = ?1",
            &[&change, &what],
        )
        .map_err(db)?;
        let changed = match touched.overflow {
            false => super::Changed::Units(&touched.ids),
            true => super::Changed::All,
        };
        self.announce(&tx, changed)?;
        tx.commit().map_err(db)?;
        summary.change = Some(change);
        Ok(touched)
    }

    /// Moves the file to a rollback journal for the import, when no other connection has it open.
    ///
    /// Why: in WAL mode every page of a large import is written twice (to the log, then copied into the
    /// file at the checkpoint), which was a quarter of the import's time. With a rollback journal the
    /// pages appended to the file are written once and never journaled; a crash or kill leaves a hot
    /// journal that the next open rolls back, cutting the file to its old length, so the import is still
    /// all or nothing. Changing the mode needs the file to itself: when another program has it open the
    /// switch fails and the import runs in WAL mode, slower but the same. Synchronous FULL while it lasts,
    /// as a rollback journal needs for the same safety on power loss.
    fn switch_to_journal(&mut self) -> bool {
        let Some(conn) = self.db.sqlite_conn() else {
            return false;
        };
        let mode: rusqlite::Result<String> =
            conn.query_row("PRAGMA journal_mode = TRUNCATE", [], |r| r.get(0));
        let switched = mode.is_ok_and(|m| m.eq_ignore_ascii_case("truncate"));
        if switched {
            let _ = conn.execute_batch("PRAGMA synchronous = FULL");
        }
        switched
    }

    /// Back to the write-ahead log after [`Memory::switch_to_journal`].
    fn switch_to_wal(&mut self) {
        if let Some(conn) = self.db.sqlite_conn() {
            let _: rusqlite::Result<String> =
                conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0));
            let _ = conn.execute_batch("PRAGMA synchronous = NORMAL");
        }
    }

    fn after_import(&mut self, touched: &Touched) -> Result<()> {
        if let Some(conn) = self.db.sqlite_conn() {
            let _ = conn.execute_batch("PRAGMA cache_size = -2000");
        }
        if touched.overflow {
            // Re-reading this many units one by one costs more than building the index again.
            self.indexes = None;
            return Ok(());
        }
        self.reindex(&touched.ids)
    }
}

/// The units an import added or changed, for the fuzzy index: their ids while they are few, else only
/// that there were many (the index is then built again; keeping a million ids would grow with the file).
#[derive(Debug, Default)]
struct Touched {
    ids: Vec<i64>,
    overflow: bool,
}

/// More changed units than this and the index is built again rather than updated unit by unit.
const REINDEX_MAX: usize = 100_000;

impl Touched {
    fn push(&mut self, id: i64) {
        if self.ids.len() < REINDEX_MAX {
            self.ids.push(id);
        } else if !self.overflow {
            self.overflow = true;
            self.ids = Vec::new();
        }
    }
}

/// Stores the units waiting in `new` (their sources are new to the memory), counting them.
fn store_new(
    tx: &Db,
    new: &mut Vec<Prepared>,
    from: &Provenance<'_>,
    summary: &mut ImportSummary,
    touched: &mut Touched,
) -> crate::sql::Result<()> {
    for id in insert_many(tx, new, from)? {
        touched.push(id);
    }
    summary.added += new.len();
    new.clear();
    Ok(())
}

/// Stores one prepared unit under the duplicate policy, counting what happened.
#[allow(clippy::too_many_arguments)]
fn store_one(
    tx: &Db,
    p: &Prepared,
    on_duplicate: OnDuplicate,
    from: &Provenance<'_>,
    change: i64,
    summary: &mut ImportSummary,
    touched: &mut Touched,
) -> crate::sql::Result<()> {
    type Existing = (
        i64,
        i64,
        String,
        String,
        String,
        Option<i64>,
        Option<String>,
    );
    let existing: Vec<Existing> = tx.query_vec(
        "SELECT id, target_hash, target_family, target_key, target_text, changed, change_id FROM units
         WHERE source_hash = ?1 AND deleted IS NULL AND source_family = ?2 AND source_key = ?3 ORDER BY id",
        &[&p.s.hash, &p.s.family, &p.s.key],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        },
    )?;
    if existing.is_empty() {
        touched.push(insert(tx, p, from)?);
        summary.added += 1;
        return Ok(());
    }
    if existing
        .iter()
        .any(|e| e.1 == p.t.hash && e.2 == p.t.family && e.3 == p.t.key)
    {
        summary.identical += 1;
        return Ok(());
    }
    match on_duplicate {
        OnDuplicate::KeepBoth => {
            touched.push(insert(tx, p, from)?);
            summary.kept_both += 1;
        }
        OnDuplicate::Skip => summary.skipped_existing += 1,
        OnDuplicate::Replace => {
            let (id, _, _, _, before, changed, change_id) = &existing[0];
            tx.execute(
                "INSERT INTO edits (change_id, unit_id, side, before, after, before_changed, before_change_id)
                 VALUES (?1, ?2, 'target', ?3, ?4, ?5, ?6)",
                &[&change, id, before, &p.target_text, changed, change_id],
            )?;
            tx.execute(
                "UPDATE units SET target_text = ?2, target_family = ?3, target_key = ?4, target_hash = ?5,
                    changed = ?6, change_id = ?7 WHERE id = ?1",
                &[
                    id,
                    &p.target_text,
                    &p.t.family,
                    &p.t.key,
                    &p.t.hash,
                    &p.changed.unwrap_or(from.added.0),
                    &p.change_id
                        .as_deref()
                        .or(p.creation_id.as_deref())
                        .unwrap_or(from.author),
                ],
            )?;
            // One source keeps one translation: the others with it go (and come back on undo).
            for other in &existing[1..] {
                tx.execute(
                    "UPDATE units SET deleted = ?2 WHERE id = ?1",
                    &[&other.0, &change],
                )?;
                touched.push(other.0);
            }
            touched.push(*id);
            summary.replaced += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::tests::memory_with;
    use super::*;
    use crate::NoProgress;
    use crate::tm::LangTag;
    use crate::tm::MatchOptions;

    fn tmx(dir: &Path, name: &str, srclang: &str, tus: &str) -> PathBuf {
        let path = dir.join(name);
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n<header creationtool=\"t\" \
             creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"{srclang}\" \
             datatype=\"plaintext\"/>\n<body>\n{tus}\n</body>\n</tmx>\n"
        );
        std::fs::write(&path, xml).unwrap();
        path
    }

    fn tu(zh: &str, en: &str) -> String {
        format!(
            "<tu><tuv xml:lang=\"zh-CN\"><seg>{zh}</seg></tuv><tuv xml:lang=\"en-US\"><seg>{en}</seg></tuv></tu>"
        )
    }

    fn import(m: &mut Memory, path: &Path, on: OnDuplicate) -> Result<ImportSummary> {
        let options = ImportOptions {
            on_duplicate: on,
            ..ImportOptions::default()
        };
        m.import_tmx_with(path, &options, &mut NoProgress)
    }

    #[test]
    fn each_policy_is_counted_and_undo_takes_the_import_back() {
        let dir = tempfile::tempdir().unwrap();
        let tus = [
            tu("两江新区位于重庆。", "Liangjiang New Area is in Chongqing."),
            tu("寸滩港区。", "Cuntan port area."),
            tu("新的句子。", "A new sentence."),
            tu("空的。", ""),
            tu(
                "<bpt i=\"1\">&lt;b></bpt><ept i=\"1\">&lt;/b></ept>",
                "Only tags.",
            ),
            "<tu><tuv xml:lang=\"zh-CN\"><seg>只有中文。</seg></tuv></tu>".to_string(),
        ]
        .join("\n");
        let path = tmx(dir.path(), "client.tmx", "zh-CN", &tus);
        type Want = (usize, usize, usize, usize, usize);
        let cases: [(OnDuplicate, Want, &str); 3] = [
            (
                OnDuplicate::KeepBoth,
                (1, 1, 0, 0, 1),
                "Liangjiang is in Chongqing.",
            ),
            (
                OnDuplicate::Replace,
                (1, 0, 1, 0, 1),
                "Liangjiang New Area is in Chongqing.",
            ),
            (
                OnDuplicate::Skip,
                (1, 0, 0, 1, 1),
                "Liangjiang is in Chongqing.",
            ),
        ];
        for (on, want, first_target) in cases {
            let mut m = memory_with(&[
                ("两江新区位于重庆。", "Liangjiang is in Chongqing."),
                ("寸滩港区。", "Cuntan port area."),
            ]);
            m.build_index(&mut NoProgress).unwrap();
            let s = import(&mut m, &path, on).unwrap();
            assert_eq!(
                (
                    s.added,
                    s.kept_both,
                    s.replaced,
                    s.skipped_existing,
                    s.identical
                ),
                want,
                "{on:?}"
            );
            assert_eq!((s.units_in_file, s.skipped_empty, s.incomplete), (6, 2, 1));
            let first = m.rows(&m.unit_ids(&Default::default()).unwrap()).unwrap();
            assert_eq!(first[0].unit.target.text, first_target, "{on:?}");
            let new = m.units().unwrap().into_iter().last().unwrap();
            assert_eq!(
                (new.origin, new.origin_detail.as_str()),
                (Origin::TmxImport, "client.tmx")
            );
            let (zh, en) = (LangTag::zh_simplified(), LangTag::en());
            let hits = m
                .matches("新的句子。", &zh, &en, &MatchOptions::default())
                .unwrap();
            assert_eq!(hits.len(), 1, "the index knows the imported units");

            let undone = m.undo().unwrap().unwrap();
            assert_eq!(undone.kind, ChangeKind::Import);
            let texts: Vec<String> = m
                .units()
                .unwrap()
                .into_iter()
                .map(|u| u.unit.target.text)
                .collect();
            assert_eq!(
                texts,
                ["Liangjiang is in Chongqing.", "Cuntan port area."],
                "{on:?}"
            );
            assert!(
                m.matches("新的句子。", &zh, &en, &MatchOptions::default())
                    .unwrap()
                    .is_empty()
            );
        }
    }

    #[test]
    fn another_language_pair_is_refused_unless_the_files_own_is_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        let de = "<tu><tuv xml:lang=\"de-DE\"><seg>Hallo.</seg></tuv><tuv xml:lang=\"fr-FR\"><seg>Bonjour.</seg></tuv></tu>";
        let header = tmx(dir.path(), "de.tmx", "de-DE", de);
        let mixed = tmx(
            dir.path(),
            "mixed.tmx",
            "*all*",
            &format!("{}\n{de}", tu("甲。", "A.")),
        );
        let mut m = memory_with(&[]);
        for (path, line) in [(&header, None), (&mixed, Some(6))] {
            match import(&mut m, path, OnDuplicate::KeepBoth).unwrap_err() {
                Error::LanguageMismatch {
                    line: l,
                    found,
                    memory,
                    ..
                } => {
                    assert_eq!((l, memory.as_str()), (line, "Default"));
                    assert!(found.contains(&"de-DE".to_string()), "{found:?}");
                }
                other => panic!("{other}"),
            }
            assert!(m.is_empty().unwrap(), "nothing of a refused file is stored");
        }
        let options = ImportOptions {
            languages: LanguagePolicy::FilePair,
            ..ImportOptions::default()
        };
        let s = m
            .import_tmx_with(&mixed, &options, &mut NoProgress)
            .unwrap();
        assert_eq!(s.added, 2);
        let langs: Vec<String> = m
            .stats()
            .unwrap()
            .languages
            .into_iter()
            .map(|l| l.0)
            .collect();
        assert_eq!(langs, ["de-DE", "zh-CN"]);
    }

    #[test]
    fn units_written_from_the_target_language_keep_their_direction() {
        let dir = tempfile::tempdir().unwrap();
        // OmegaT's project_save.tmx: TMX 1.4, properties by type, authors and dates on the target tuv.
        let tus = "<tu>\n<prop type=\"file\">release.docx</prop>\n<tuv lang=\"EN-US\"><seg>The port grew.</seg></tuv>\n\
            <tuv lang=\"ZH-CN\" changeid=\"wang\" changedate=\"20240102T030405Z\" creationid=\"li\" \
            creationdate=\"20240101T000000Z\"><seg>港口增长了。</seg></tuv>\n</tu>";
        let path = tmx(dir.path(), "project_save.tmx", "EN-US", tus);
        let mut m = memory_with(&[]);
        let s = import(&mut m, &path, OnDuplicate::KeepBoth).unwrap();
        assert_eq!(s.added, 1);
        let u = &m.units().unwrap()[0];
        assert_eq!(u.unit.source.lang.as_str(), "en-US");
        assert_eq!(u.unit.target.text, "港口增长了。");
        assert_eq!(
            u.unit.props,
            [("file".to_string(), "release.docx".to_string())]
        );
        assert_eq!(
            (u.unit.creation_id.as_deref(), u.unit.change_id.as_deref()),
            (Some("li"), Some("wang"))
        );
        assert_eq!(
            u.unit.changed,
            crate::tm::Timestamp::parse_tmx("20240102T030405Z")
        );
    }

    #[test]
    fn a_cancelled_or_broken_import_stores_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let many: Vec<String> = (0..5000)
            .map(|i| tu(&format!("句子{i}。"), &format!("Sentence {i}.")))
            .collect();
        let path = tmx(dir.path(), "many.tmx", "zh-CN", &many.join("\n"));
        let broken = dir.path().join("broken.tmx");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&broken, &text[..text.len() - 200]).unwrap();
        let mut m = memory_with(&[]);
        let err = m.import_tmx(&broken, &mut NoProgress).unwrap_err();
        assert!(matches!(err, Error::Format { .. }), "{err}");
        let mut cancel = crate::CancelFlag::new();
        cancel.cancel();
        assert!(matches!(
            m.import_tmx(&path, &mut cancel),
            Err(Error::Cancelled)
        ));
        assert!(m.is_empty().unwrap());
        assert!(
            m.changes(10).unwrap().is_empty(),
            "no change recorded either"
        );
        assert_eq!(m.import_tmx(&path, &mut NoProgress).unwrap().added, 5000);
    }
}
