//! The Translate workspace's background work: opening (segmenting and restoring) a text, indexing the
//! glossary for QA, pre-translation, TMX import, and keeping the memory in step with confirmations. Each
//! delivers a [`Done`] into the view's slot; every one delivers something, also on error, so that no
//! spinner waits forever.

use std::path::PathBuf;
use std::sync::Arc;

use crate::document::Document;
use crate::glossary::Entry;
use crate::gui::app::AppState;
use crate::gui::jobs::Pending;
use crate::tm::{GlossaryTerms, PretranslateOptions, TranslationProject};
use crate::version::VersionRef;

use super::files::{self, Restored};

/// What a job hands back to the view.
pub enum Done {
    /// A project opened (fresh or restored) for the text `key`.
    Opened((VersionRef, u64), Result<Box<Restored>, String>),
    /// Pre-translation finished with this project (or failed).
    Pretranslated(Result<(TranslationProject, String), String>),
    /// The glossary's domains, for the project's domain menu.
    Domains(Vec<String>),
    /// The glossary's terms, indexed for lookups and QA (or why they could not be).
    Terms(usize, Result<Arc<GlossaryTerms>, String>),
    /// A message for the user (an import or an export finished).
    Message(Result<String, String>),
    /// The memory was brought in step with the confirmations; the project copy holds the new links.
    Synced(Result<TranslationProject, String>),
}

/// Segments `doc` and restores the work saved at `path`.
pub fn open(
    ctx: &egui::Context,
    state: &mut AppState,
    key: (VersionRef, u64),
    doc: Arc<Document>,
    path: Option<PathBuf>,
    done: &Pending<Vec<Done>>,
) {
    let slot = done.clone();
    state
        .jobs
        .spawn(ctx, format!("Segmenting {}", doc.name), move |_| {
            let result = TranslationProject::from_document(&doc, None, None)
                .map(|mut fresh| {
                    fresh.source_key = Some(key.0.to_key());
                    fresh.source_hash = Some(fresh.source_fingerprint());
                    Box::new(files::restore(path.as_deref(), &doc, fresh))
                })
                .map_err(|e| e.to_string());
            slot.push(Done::Opened(key, result));
            Vec::new()
        });
}

/// Indexes the glossary entries for term lookups and QA.
pub fn index_terms(
    ctx: &egui::Context,
    state: &mut AppState,
    key: usize,
    entries: Vec<Entry>,
    done: &Pending<Vec<Done>>,
) {
    let slot = done.clone();
    state
        .jobs
        .spawn(ctx, "Indexing glossary terms for QA", move |_| {
            let mut domains: Vec<String> = entries
                .iter()
                .filter(|e| !e.deleted)
                .map(|e| e.data.domain.trim().to_string())
                .filter(|d| !d.is_empty())
                .collect();
            domains.sort();
            domains.dedup();
            slot.push(Done::Domains(domains));
            let conv = crate::tm::script::default_converter();
            let terms = GlossaryTerms::from_entries(entries, &*conv)
                .map(Arc::new)
                .map_err(|e| e.to_string());
            slot.push(Done::Terms(key, terms));
            Vec::new()
        });
}

/// Fills untranslated segments from the memory at or above `threshold`.
pub fn pretranslate(
    ctx: &egui::Context,
    state: &mut AppState,
    project: &TranslationProject,
    threshold: u8,
    done: &Pending<Vec<Done>>,
    message: &mut Option<(bool, String)>,
) {
    let Some(memory) = &state.memory else {
        *message = Some((false, "The translation memory is not open yet.".into()));
        return;
    };
    let mut work = project.clone();
    let store = memory.store.clone();
    let slot = done.clone();
    state.jobs.spawn(ctx, "Pre-translating", move |progress| {
        let options = PretranslateOptions {
            threshold,
            overwrite: false,
        };
        let result = match store.lock() {
            Ok(mut memory) => work
                .pretranslate(&mut memory, &options, progress)
                .map(|s| {
                    let text = format!(
                        "Pre-translated: {} exact, {} fuzzy (≥ {threshold}%), {} without a match.",
                        s.exact, s.fuzzy, s.unmatched
                    );
                    (work, text)
                })
                .map_err(|e| match e {
                    crate::Error::Cancelled => "Pre-translation was cancelled.".to_string(),
                    e => e.to_string(),
                }),
            Err(_) => Err("the translation memory is unavailable".into()),
        };
        slot.push(Done::Pretranslated(result));
        Vec::new()
    });
}

/// Imports a TMX file into the memory.
pub fn import_tmx(
    ctx: &egui::Context,
    state: &mut AppState,
    path: PathBuf,
    done: &Pending<Vec<Done>>,
) {
    let Some(memory) = &state.memory else { return };
    let store = memory.store.clone();
    let slot = done.clone();
    state.jobs.spawn(
        ctx,
        format!("Importing {}", path.display()),
        move |progress| {
            let result = match store.lock() {
                Ok(mut memory) => memory
                    .import_tmx(&path, progress)
                    .and_then(|s| {
                        memory.build_index(progress)?;
                        Ok(s)
                    })
                    .map(|s| {
                        format!(
                            "Imported {}: {} stored, {} already there, {} skipped.",
                            path.display(),
                            crate::gui::widgets::plural(s.stored(), "unit"),
                            s.identical + s.skipped_existing,
                            s.skipped_empty + s.incomplete
                        )
                    })
                    .map_err(|e| e.to_string()),
                Err(_) => Err("the translation memory is unavailable".into()),
            };
            slot.push(Done::Message(result));
            Vec::new()
        },
    );
}

/// Starts bringing the memory in step with the project's confirmations, if anything is to do. Returns
/// whether a job was started.
pub fn sync_memory(
    ctx: &egui::Context,
    state: &mut AppState,
    project: &TranslationProject,
    done: &Pending<Vec<Done>>,
) -> bool {
    let Some(memory) = &state.memory else {
        return false;
    };
    let work = project.memory_work();
    if work.is_empty() {
        return false;
    }
    let mut copy = project.clone();
    let store = memory.store.clone();
    let slot = done.clone();
    let label = if work.remove.is_empty() {
        "Adding the confirmed segment to the memory"
    } else {
        "Updating the memory"
    };
    state.jobs.spawn(ctx, label, move |progress| {
        let result = match store.lock() {
            Ok(mut m) => copy
                .apply_memory_work(&mut m, &work)
                .and_then(|_| m.build_index(progress))
                .map(|_| copy)
                .map_err(|e| e.to_string()),
            Err(_) => Err("the translation memory is unavailable".into()),
        };
        slot.push(Done::Synced(result));
        Vec::new()
    });
    true
}
