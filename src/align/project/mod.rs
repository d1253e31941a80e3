//! Alignment projects saved in SQLite as the reviewer works: every edit, undo and redo is one small
//! transaction, so closing the app or a crash loses nothing.
//!
//! The tables (prefixed `align_`) live in the database file the caller names — the app's
//! `<data dir>/workspace.sqlite` — next to other areas' tables. `align_schema` holds this module's schema
//! version; [`migrate`] brings older files up to date (module `schema`). Main types: [`Project`] (an open
//! project with its [`Editor`]), [`ProjectInfo`] (a row of [`list`]), and [`ProjectSources`] /
//! [`Sources`] (what the project was made from, to tell when a document changed; [`fingerprint`]).
//! [`Project::realign`] aligns a new version of the documents keeping the reviewer's work
//! ([`crate::align::realign`]), as one undoable step.

mod schema;
mod sources;
mod store;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;

use super::edit::{Edit, Editor, Patch, Side, TextSplice};
use super::realign::{RealignSummary, realign};
use super::types::{AlignOptions, Alignment};
use crate::{Error, Progress, Result};

pub use schema::{SCHEMA_VERSION, connect, migrate};
pub use sources::{ProjectSources, SourceRecord, Sources, fingerprint};
use store::{REDO, UNDO};

/// A saved project as listed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectInfo {
    /// Row id (pass it to [`Project::open`]).
    pub id: i64,
    /// Name shown to the user.
    pub name: String,
    /// The Chinese source file, if known.
    pub zh_file: Option<String>,
    /// The English source file, if known.
    pub en_file: Option<String>,
    /// When it was created (UTC, ISO 8601).
    pub created: String,
    /// When it was last changed (UTC, ISO 8601).
    pub modified: String,
    /// Number of beads.
    pub beads: usize,
}

/// An open alignment project: the editor, and the database every change is written to.
pub struct Project {
    conn: Connection,
    path: PathBuf,
    id: i64,
    editor: Editor,
}

/// Lists the saved projects, most recently changed first.
pub fn list(path: &Path) -> Result<Vec<ProjectInfo>> {
    let conn = connect(path)?;
    query_info(&conn, "ORDER BY p.modified DESC, p.id DESC", [])
        .map_err(|e| Error::database(path, e))
}

/// Project rows with their bead counts; `tail` is the `WHERE`/`ORDER BY` part.
fn query_info(
    conn: &Connection,
    tail: &str,
    params: impl rusqlite::Params,
) -> rusqlite::Result<Vec<ProjectInfo>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT p.id, p.name, p.zh_file, p.en_file, p.created, p.modified,
                (SELECT count(*) FROM align_beads b WHERE b.project = p.id)
         FROM align_projects p {tail}"
    ))?;
    let rows = stmt.query_map(params, |r| {
        Ok(ProjectInfo {
            id: r.get(0)?,
            name: r.get(1)?,
            zh_file: r.get(2)?,
            en_file: r.get(3)?,
            created: r.get(4)?,
            modified: r.get(5)?,
            beads: r.get::<_, i64>(6)? as usize,
        })
    })?;
    rows.collect()
}

/// Deletes a project and everything saved with it.
pub fn delete(path: &Path, id: i64) -> Result<()> {
    let conn = connect(path)?;
    let n = conn
        .execute("DELETE FROM align_projects WHERE id = ?1", [id])
        .map_err(|e| Error::database(path, e))?;
    if n == 0 {
        return Err(Error::Invalid(format!(
            "there is no alignment project {id}"
        )));
    }
    Ok(())
}

impl Project {
    /// Saves a new project with its alignment and opens it. Its input sentences (the alignment's) and
    /// their fingerprints are recorded, without keys; see [`Project::create_with_sources`].
    pub fn create(
        path: &Path,
        name: &str,
        zh_file: Option<&str>,
        en_file: Option<&str>,
        alignment: Alignment,
    ) -> Result<Project> {
        Self::create_with_sources(
            path,
            name,
            zh_file,
            en_file,
            alignment,
            &ProjectSources::default(),
        )
    }

    /// [`Project::create`], recording the caller's key for each side's document with the input
    /// sentences and their fingerprints ([`Project::sources`]).
    pub fn create_with_sources(
        path: &Path,
        name: &str,
        zh_file: Option<&str>,
        en_file: Option<&str>,
        alignment: Alignment,
        sources: &ProjectSources,
    ) -> Result<Project> {
        alignment.check()?;
        let mut conn = connect(path)?;
        let db = |e: rusqlite::Error| Error::database(path, e);
        let tx = conn.transaction().map_err(db)?;
        tx.execute(
            "INSERT INTO align_projects (name, zh_file, en_file, generation) VALUES (?1, ?2, ?3, 1)",
            params![name, zh_file, en_file],
        )
        .map_err(db)?;
        let id = tx.last_insert_rowid();
        store::insert_sentences(&tx, id, Side::Zh, 0, &alignment.zh).map_err(db)?;
        store::insert_sentences(&tx, id, Side::En, 0, &alignment.en).map_err(db)?;
        store::insert_beads(&tx, id, 0, &alignment.beads).map_err(db)?;
        sources::write_generation(&tx, id, 1, sources, &alignment.zh, &alignment.en).map_err(db)?;
        tx.commit().map_err(db)?;
        Ok(Project {
            conn,
            path: path.to_path_buf(),
            id,
            editor: Editor::new(alignment),
        })
    }

    /// Opens a saved project, with its undo and redo history.
    pub fn open(path: &Path, id: i64) -> Result<Project> {
        let conn = connect(path)?;
        let db = |e: rusqlite::Error| Error::database(path, e);
        let exists: Option<i64> = conn
            .query_row("SELECT id FROM align_projects WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()
            .map_err(db)?;
        if exists.is_none() {
            return Err(Error::Invalid(format!(
                "there is no alignment project {id}"
            )));
        }
        let alignment = store::load_alignment(&conn, id).map_err(db)?;
        alignment.check().map_err(|e| {
            Error::database(path, format!("alignment project {id} is damaged: {e}"))
        })?;
        let history = |stack: i64| -> Result<Vec<Patch>> {
            let mut out = Vec::new();
            for json in store::load_history(&conn, id, stack).map_err(db)? {
                out.push(serde_json::from_str(&json).map_err(|e| Error::database(path, e))?);
            }
            Ok(out)
        };
        let editor = Editor::with_history(alignment, history(UNDO)?, history(REDO)?);
        Ok(Project {
            conn,
            path: path.to_path_buf(),
            id,
            editor,
        })
    }

    /// The project's row id.
    pub fn id(&self) -> i64 {
        self.id
    }

    /// The project as listed: name, file names, dates, bead count (file names and dates go into TMX
    /// exports and the memory, see [`super::export::UnitOptions::for_project`]).
    pub fn info(&self) -> Result<ProjectInfo> {
        query_info(&self.conn, "WHERE p.id = ?1", [self.id])
            .map_err(|e| Error::database(&self.path, e))?
            .pop()
            .ok_or_else(|| Error::Invalid(format!("there is no alignment project {}", self.id)))
    }

    /// The editor (alignment and history).
    pub fn editor(&self) -> &Editor {
        &self.editor
    }

    /// The editor, to build or set its scorer of hand-made beads ([`Editor::rescorer`],
    /// [`Editor::set_rescorer`]); edits go through [`Project::apply`], which saves them.
    pub fn editor_mut(&mut self) -> &mut Editor {
        &mut self.editor
    }

    /// The current alignment.
    pub fn alignment(&self) -> &Alignment {
        self.editor.alignment()
    }

    /// The keys and fingerprints of the documents the current alignment was made from (by creation or
    /// the last re-alignment). Compare a document's current sentences with
    /// [`SourceRecord::is_current`].
    pub fn sources(&self) -> Result<Sources> {
        let db = |e: rusqlite::Error| Error::database(&self.path, e);
        let generation = sources::generation(&self.conn, self.id).map_err(db)?;
        sources::read_sources(&self.conn, self.id, generation).map_err(db)
    }

    /// The input sentences (Chinese, English) the current alignment was made from, before any hand
    /// edit; `None` for a project made before they were recorded.
    pub fn inputs(&self) -> Result<Option<(Vec<String>, Vec<String>)>> {
        let db = |e: rusqlite::Error| Error::database(&self.path, e);
        let generation = sources::generation(&self.conn, self.id).map_err(db)?;
        sources::read_inputs(&self.conn, self.id, generation).map_err(db)
    }

    /// Applies an edit and saves it.
    pub fn apply(&mut self, edit: &Edit) -> Result<()> {
        let patch = self.editor.patch(edit)?;
        self.save(&patch, |tx, id| {
            store::clear(tx, id, REDO)?;
            store::push(tx, id, UNDO, &patch)
        })?;
        self.editor.apply_patch(patch);
        Ok(())
    }

    /// Undoes the last edit (or re-alignment, sources included) and saves that; `false` if there was
    /// nothing to undo.
    pub fn undo(&mut self) -> Result<bool> {
        let Some(last) = self.editor.history().0.last().cloned() else {
            return Ok(false);
        };
        self.save(&last.inverse(), |tx, id| {
            store::pop(tx, id, UNDO)?;
            store::push(tx, id, REDO, &last)?;
            step_generation(tx, id, &last, -1)
        })?;
        self.editor.undo();
        Ok(true)
    }

    /// Redoes the last undone edit and saves that; `false` if there was nothing to redo.
    pub fn redo(&mut self) -> Result<bool> {
        let Some(last) = self.editor.history().1.last().cloned() else {
            return Ok(false);
        };
        self.save(&last, |tx, id| {
            store::pop(tx, id, REDO)?;
            store::push(tx, id, UNDO, &last)?;
            step_generation(tx, id, &last, 1)
        })?;
        self.editor.redo();
        Ok(true)
    }

    /// Aligns a new version of the documents keeping the beads a person accepted or made whose
    /// sentences did not change ([`crate::align::realign`]), with the same source keys. Saved in one
    /// transaction as one undoable step; the recorded inputs and fingerprints become the new ones (and
    /// come back with undo). `opts` paragraph starts index `zh_new` / `en_new`.
    pub fn realign(
        &mut self,
        zh_new: &[String],
        en_new: &[String],
        opts: &AlignOptions,
        progress: &mut dyn Progress,
    ) -> Result<RealignSummary> {
        let now = self.sources()?;
        let keys = ProjectSources {
            zh: now.zh.and_then(|s| s.key),
            en: now.en.and_then(|s| s.key),
        };
        self.realign_with_sources(&keys, zh_new, en_new, opts, progress)
    }

    /// [`Project::realign`] recording new source keys.
    pub fn realign_with_sources(
        &mut self,
        keys: &ProjectSources,
        zh_new: &[String],
        en_new: &[String],
        opts: &AlignOptions,
        progress: &mut dyn Progress,
    ) -> Result<RealignSummary> {
        let current = self.editor.alignment();
        let (new, summary) = realign(
            current,
            self.editor.history().0,
            zh_new,
            en_new,
            opts,
            progress,
        )?;
        let whole = |side: Side, old: &[String], new: Vec<String>| TextSplice {
            side,
            at: 0,
            old: old.to_vec(),
            new,
        };
        let patch = Patch {
            at: 0,
            old: current.beads.clone(),
            new: new.beads,
            text: Some(whole(Side::Zh, &current.zh, new.zh)),
            other_text: Some(whole(Side::En, &current.en, new.en)),
            realigned: true,
        };
        let generation =
            sources::generation(&self.conn, self.id).map_err(|e| Error::database(&self.path, e))?;
        self.save(&patch, |tx, id| {
            store::clear(tx, id, REDO)?;
            store::push(tx, id, UNDO, &patch)?;
            sources::drop_after(tx, id, generation)?;
            sources::write_generation(tx, id, generation + 1, keys, zh_new, en_new)?;
            step_generation(tx, id, &patch, 1)
        })?;
        self.editor.apply_patch(patch);
        Ok(summary)
    }

    /// Renames the project.
    pub fn rename(&mut self, name: &str) -> Result<()> {
        self.conn
            .execute(
                "UPDATE align_projects SET name = ?2, modified = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
                 WHERE id = ?1",
                params![self.id, name],
            )
            .map_err(|e| Error::database(&self.path, e))?;
        Ok(())
    }

    /// Writes a patch to the tables, plus the history change, in one transaction.
    fn save(
        &mut self,
        patch: &Patch,
        history: impl FnOnce(&Transaction<'_>, i64) -> rusqlite::Result<()>,
    ) -> Result<()> {
        let (id, path) = (self.id, self.path.clone());
        let db = |e: rusqlite::Error| Error::database(&path, e);
        let tx = self.conn.transaction().map_err(db)?;
        store::write_patch(&tx, id, patch).map_err(db)?;
        history(&tx, id).map_err(db)?;
        tx.execute(
            "UPDATE align_projects SET modified = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1",
            [id],
        )
        .map_err(db)?;
        tx.commit().map_err(db)
    }
}

/// Moves the current generation by `step` when `patch` is a re-alignment: the undo stack holds one
/// re-alignment per generation after the first, so undo steps back and redo forward.
fn step_generation(
    tx: &Transaction<'_>,
    id: i64,
    patch: &Patch,
    step: i64,
) -> rusqlite::Result<()> {
    if patch.realigned {
        tx.execute(
            "UPDATE align_projects SET generation = max(0, generation + ?2) WHERE id = ?1",
            params![id, step],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::NoProgress;
    use crate::align::{Bead, Lexicon, Rescorer};

    /// The lexicon-free options the tests align and score with.
    fn plain() -> AlignOptions {
        AlignOptions {
            lexicon: Some(Arc::new(Lexicon::empty())),
            ..AlignOptions::default()
        }
    }

    fn with_plain_scores(mut p: Project) -> Project {
        let r = Rescorer::new(p.alignment(), &plain());
        p.editor_mut().set_rescorer(Arc::new(r));
        p
    }

    fn sample() -> Alignment {
        Alignment {
            zh: ["甲。", "乙。", "丙。丁。"].map(String::from).to_vec(),
            en: ["A.", "B.", "C.", "D."].map(String::from).to_vec(),
            beads: vec![
                Bead::new(0..1, 0..1, 0.9),
                Bead::new(1..2, 1..3, 0.4),
                Bead::new(2..3, 3..4, 0.8),
            ],
        }
    }

    #[test]
    fn every_change_is_saved_and_reloads_identically() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("workspace.sqlite");
        let mut p = with_plain_scores(
            Project::create(&db, "Release 1", Some("zh.txt"), Some("en.txt"), sample()).unwrap(),
        );
        let edits = [
            Edit::SplitSentence {
                side: Side::Zh,
                sentence: 2,
                at_char: 2,
            },
            Edit::SplitBead {
                bead: 2,
                zh: 1,
                en: 1,
            },
            Edit::MergeNext { bead: 0 },
            Edit::EditText {
                side: Side::En,
                sentence: 0,
                text: "Aa.".into(),
            },
            Edit::Accept {
                bead: 0,
                accepted: true,
            },
            Edit::JoinSentences {
                side: Side::En,
                sentence: 1,
            },
            Edit::MoveLastToNext {
                bead: 0,
                side: Side::En,
            },
            Edit::SplitAt {
                bead: 0,
                side: Side::Zh,
                sentence: 0,
                at_char: 1,
            },
        ];
        for e in &edits {
            p.apply(e).unwrap_or_else(|err| panic!("{e:?}: {err}"));
            // "Crash" after every edit: what is on disk is what the reviewer sees.
            let reopened = Project::open(&db, p.id()).unwrap();
            assert_eq!(reopened.alignment(), p.alignment(), "after {e:?}");
        }
        assert!(p.undo().unwrap() && p.undo().unwrap());
        assert!(p.redo().unwrap());
        let reopened = Project::open(&db, p.id()).unwrap();
        assert_eq!(reopened.alignment(), p.alignment());
        assert_eq!(reopened.editor().history().0.len(), edits.len() - 1);
        assert_eq!(reopened.editor().history().1.len(), 1);
        assert!(
            reopened.alignment().beads.iter().any(|b| b.edited),
            "edited beads are saved as such"
        );
        let mut reopened = with_plain_scores(reopened);
        while reopened.undo().unwrap() {}
        assert_eq!(reopened.alignment(), &sample());
        assert_eq!(Project::open(&db, p.id()).unwrap().alignment(), &sample());
    }

    #[test]
    fn list_rename_delete() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("w.sqlite");
        let mut a = Project::create(&db, "A", None, None, sample()).unwrap();
        let b = Project::create(&db, "B", Some("b.zh"), Some("b.en"), sample()).unwrap();
        a.rename("A2").unwrap();
        let info = b.info().unwrap();
        assert_eq!((info.name.as_str(), info.beads), ("B", 3));
        assert_eq!(info.zh_file.as_deref(), Some("b.zh"));
        assert_eq!(a.info().unwrap().name, "A2");
        let names: Vec<String> = list(&db).unwrap().into_iter().map(|p| p.name).collect();
        assert_eq!(names.len(), 2);
        assert!(names.contains(&"A2".to_string()));
        assert_eq!(list(&db).unwrap()[0].beads, 3);
        delete(&db, a.id()).unwrap();
        assert_eq!(list(&db).unwrap().len(), 1);
        assert!(Project::open(&db, a.id()).is_err());
        assert!(delete(&db, 999).is_err());
    }

    #[test]
    fn sources_are_recorded_and_tell_a_changed_document() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("w.sqlite");
        let keys = ProjectSources {
            zh: Some(r#"{"doc":7,"version":1}"#.into()),
            en: None,
        };
        let a = sample();
        let mut p = with_plain_scores(
            Project::create_with_sources(&db, "R", None, None, a.clone(), &keys).unwrap(),
        );
        p.apply(&Edit::EditText {
            side: Side::En,
            sentence: 0,
            text: "Aa.".into(),
        })
        .unwrap();
        let p = Project::open(&db, p.id()).unwrap();
        let s = p.sources().unwrap();
        let (zh, en) = (s.zh.unwrap(), s.en.unwrap());
        assert_eq!(zh.key.as_deref(), Some(r#"{"doc":7,"version":1}"#));
        assert_eq!(en.key, None);
        assert_eq!((zh.fingerprint, zh.sentences), (fingerprint(&a.zh), 3));
        // The inputs are what the project was made from, not the edited text.
        assert!(en.is_current(&a.en));
        assert!(!en.is_current(&p.alignment().en));
        assert_eq!(p.inputs().unwrap(), Some((a.zh.clone(), a.en.clone())));
        // Without keys, fingerprints are still recorded.
        let q = Project::create(&db, "Q", None, None, sample()).unwrap();
        assert!(q.sources().unwrap().zh.unwrap().is_current(&a.zh));
    }

    #[test]
    fn a_version_one_project_opens_and_can_be_undone() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("old.sqlite");
        rusqlite::Connection::open(&db)
            .unwrap()
            .execute_batch(schema::V1)
            .unwrap();
        let mut p = Project::open(&db, 1).unwrap();
        assert!(p.alignment().beads[0].accepted && !p.alignment().beads[0].edited);
        assert_eq!(p.sources().unwrap(), Sources::default());
        assert_eq!(p.inputs().unwrap(), None);
        assert!(p.undo().unwrap());
        assert!(!p.alignment().beads[0].accepted);
        assert!(!Project::open(&db, 1).unwrap().alignment().beads[0].accepted);
    }

    #[test]
    fn realignment_is_saved_and_undone_as_one_step() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("w.sqlite");
        let keys = ProjectSources {
            zh: Some("zh v1".into()),
            en: Some("en v1".into()),
        };
        let a = sample();
        let mut p = with_plain_scores(
            Project::create_with_sources(&db, "R", None, None, a.clone(), &keys).unwrap(),
        );
        p.apply(&Edit::Accept {
            bead: 0,
            accepted: true,
        })
        .unwrap();
        let before = p.alignment().clone();
        let zh_new: Vec<String> = ["甲。", "乙。", "丙。丁。", "戊。"]
            .map(String::from)
            .to_vec();
        let en_new: Vec<String> = ["A.", "B.", "C.", "D.", "E."].map(String::from).to_vec();
        let v2 = ProjectSources {
            zh: Some("zh v2".into()),
            en: Some("en v2".into()),
        };
        let s = p
            .realign_with_sources(&v2, &zh_new, &en_new, &plain(), &mut NoProgress)
            .unwrap();
        assert_eq!((s.kept, s.dropped), (1, 0));
        assert!(p.alignment().beads[0].accepted);
        assert_eq!(p.alignment().zh, zh_new);
        let sources = p.sources().unwrap();
        assert_eq!(sources.zh.as_ref().unwrap().key.as_deref(), Some("zh v2"));
        assert!(sources.en.as_ref().unwrap().is_current(&en_new));
        let after = p.alignment().clone();
        let reopened = Project::open(&db, p.id()).unwrap();
        assert_eq!(reopened.alignment(), &after);

        // One undo brings back the alignment and the sources it was made from.
        assert!(p.undo().unwrap());
        assert_eq!(p.alignment(), &before);
        assert!(p.sources().unwrap().zh.unwrap().is_current(&a.zh));
        assert_eq!(Project::open(&db, p.id()).unwrap().alignment(), &before);
        assert!(p.redo().unwrap());
        assert_eq!(p.alignment(), &after);
        assert_eq!(p.inputs().unwrap(), Some((zh_new.clone(), en_new.clone())));

        // A second re-alignment keeps the keys, and undoing both walks back through the versions.
        let s = p
            .realign(&zh_new, &en_new, &plain(), &mut NoProgress)
            .unwrap();
        assert_eq!(s.kept, 1);
        assert_eq!(
            p.sources().unwrap().en.unwrap().key.as_deref(),
            Some("en v2")
        );
        let mut p = Project::open(&db, p.id()).unwrap();
        while p.undo().unwrap() {}
        assert_eq!(p.alignment(), &a);
        assert_eq!(
            p.sources().unwrap().zh.unwrap().key.as_deref(),
            Some("zh v1")
        );
    }

    #[test]
    fn newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("w.sqlite");
        connect(&db)
            .unwrap()
            .execute("UPDATE align_schema SET version = 99", [])
            .unwrap();
        let err = list(&db).unwrap_err().to_string();
        assert!(err.contains("newer than this program"), "{err}");
    }
}
