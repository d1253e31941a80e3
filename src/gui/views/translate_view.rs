//! The Translate workspace: a new release, segmented, translated against the shared memory and glossary.
//! Per segment the memory's matches (with the differences highlighted), the glossary terms it contains and
//! a target editor; pre-translation above a chosen match percentage, QA before export, export of the
//! translation (TXT, DOCX) and a TMX of the work, with the confirmed segments added to the memory.
//!
//! Main type: [`TranslateView`]. The model is the core's [`TranslationProject`]; it is saved as JSON in the
//! data folder after every edit, so closing the app loses nothing. Pre-translation, TMX import and export
//! run as jobs; lookups on the UI thread only `try_lock` the memory, so a running job never freezes it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::document::Document;
use crate::gui::app::AppState;
use crate::gui::dialogs::Chosen;
use crate::gui::jobs::Pending;
use crate::gui::widgets;
use crate::tm::{
    GlossaryTerms, PretranslateOptions, QaFinding, TermList, Terminology, TranslationProject,
};

use super::translate_files::{export, project_file, restore};
use super::translate_panel::SegmentPanel;
use super::translate_rows::{export_ui, memory_ui, toolbar_ui};

/// What a job hands back to the view.
enum Done {
    /// A project opened (fresh or restored) for the document `key`.
    Opened(usize, Result<(TranslationProject, bool), String>),
    /// Pre-translation finished with this project (or failed).
    Pretranslated(Result<(TranslationProject, String), String>),
    /// The glossary's terms, indexed for lookups and QA.
    Terms(usize, Arc<GlossaryTerms>),
    /// A message for the user (import or export finished).
    Message(Result<String, String>),
}

/// UI state of the Translate workspace.
pub struct TranslateView {
    project: Option<(usize, TranslationProject)>,
    saved_to: Option<PathBuf>,
    opening: Option<usize>,
    terms: Option<(usize, Arc<GlossaryTerms>)>,
    indexing_terms: Option<usize>,
    threshold: u8,
    panel: SegmentPanel,
    findings: Option<Vec<QaFinding>>,
    done: Pending<Vec<Done>>,
    tmx_path: String,
    tmx_dialog: Pending<Chosen>,
    export_path: String,
    export_dialog: Pending<Chosen>,
    export_tmx: bool,
    message: Option<(bool, String)>,
}

impl Default for TranslateView {
    fn default() -> Self {
        TranslateView {
            project: None,
            saved_to: None,
            opening: None,
            terms: None,
            indexing_terms: None,
            threshold: 75,
            panel: SegmentPanel::default(),
            findings: None,
            done: Pending::default(),
            tmx_path: String::new(),
            tmx_dialog: Pending::default(),
            export_path: String::new(),
            export_dialog: Pending::default(),
            export_tmx: true,
            message: None,
        }
    }
}

impl TranslateView {
    /// Draws the workspace.
    pub fn ui(&mut self, ui: &mut egui::Ui, state: &mut AppState) {
        self.collect(state);
        self.refresh_terms(ui.ctx(), state);
        let Some(doc) = state.selected_doc().and_then(|d| d.ready().cloned()) else {
            widgets::empty_hint(
                ui,
                "Nothing to translate yet",
                "Open the release to translate in the Documents workspace; it is segmented into sentences here.",
            );
            return;
        };
        let key = Arc::as_ptr(&doc) as usize;
        if self.project.as_ref().is_none_or(|(k, _)| *k != key) && self.opening != Some(key) {
            self.open(ui.ctx(), state, key, &doc);
        }
        let Some((_, project)) = self.project.as_mut().filter(|(k, _)| *k == key) else {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(format!("Segmenting {}…", doc.name));
            });
            if let Some((false, m)) = &self.message {
                ui.colored_label(ui.visuals().error_fg_color, m);
            }
            return;
        };
        let busy = state.jobs.is_busy();
        let mut request = Request::default();
        toolbar_ui(ui, project, &mut self.threshold, busy, &mut request);
        if let Some(m) = memory_ui(
            ui,
            &mut self.tmx_path,
            &self.tmx_dialog,
            state.memory.is_some() && !busy,
            &mut request,
        ) {
            self.message = Some((false, m.into()));
        }
        ui.separator();
        let terms: Arc<dyn Terminology + Send + Sync> = match &self.terms {
            Some((_, t)) => t.clone(),
            None => Arc::new(TermList::default()),
        };
        let edited_before = project.can_undo();
        egui::Panel::right("translate_segment")
            .resizable(true)
            .default_size(440.0)
            .size_range(320.0..=720.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    self.panel.ui(ui, project, state.memory.as_ref(), &*terms);
                });
            });
        egui::Panel::bottom("translate_qa")
            .resizable(true)
            .default_size(150.0)
            .show(ui, |ui| {
                super::translate_table::qa_ui(ui, self.findings.as_deref(), &mut self.panel);
                export_ui(
                    ui,
                    project,
                    &mut self.export_path,
                    &self.export_dialog,
                    &mut self.export_tmx,
                    busy,
                    &mut request,
                    &self.message,
                );
            });
        egui::CentralPanel::default().show(ui, |ui| {
            super::translate_table::segments_ui(ui, project, &mut self.panel);
        });
        if request.undo {
            project.undo();
            self.panel.reload(project);
        }
        if request.redo {
            project.redo();
            self.panel.reload(project);
        }
        if request.qa {
            self.panel.commit(project);
            let conv = crate::tm::script::default_converter();
            let findings = project.qa(&*terms, &*conv);
            self.message = Some((true, format!("QA: {} finding(s).", findings.len())));
            self.findings = Some(findings);
        }
        if project.can_undo() != edited_before
            || request.undo
            || request.redo
            || self.panel.take_dirty()
        {
            self.save(state);
        }
        if request.pretranslate {
            self.start_pretranslate(ui.ctx(), state);
        }
        if request.import_tmx {
            self.start_import(ui.ctx(), state);
        }
        if let Some(format) = request.export {
            self.start_export(ui.ctx(), state, format, doc.path.as_deref());
        }
    }
}

/// What the user asked for this frame, applied after drawing.
#[derive(Default)]
pub(super) struct Request {
    pub(super) undo: bool,
    pub(super) redo: bool,
    pub(super) qa: bool,
    pub(super) pretranslate: bool,
    pub(super) import_tmx: bool,
    pub(super) export: Option<ExportFormat>,
}

/// The translated document's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ExportFormat {
    Text,
    Docx,
}

impl TranslateView {
    fn collect(&mut self, state: &mut AppState) {
        for done in self.done.take().unwrap_or_default() {
            match done {
                Done::Opened(key, Ok((project, restored))) => {
                    if self.opening == Some(key) {
                        self.opening = None;
                    }
                    self.message = Some((
                        true,
                        if restored {
                            "Your earlier work on this release was restored.".into()
                        } else {
                            format!("{} segments to translate.", project.segments.len())
                        },
                    ));
                    self.panel = SegmentPanel::default();
                    self.panel.reload(&project);
                    self.findings = None;
                    self.saved_to = project_file(state, &project);
                    self.project = Some((key, project));
                }
                Done::Opened(key, Err(e)) => {
                    if self.opening == Some(key) {
                        self.opening = None;
                    }
                    self.message = Some((false, e));
                }
                Done::Pretranslated(Ok((project, summary))) => {
                    if let Some((_, p)) = &mut self.project {
                        *p = project;
                        self.panel.reload(p);
                    }
                    self.message = Some((true, summary));
                    self.save(state);
                }
                Done::Pretranslated(Err(e)) | Done::Message(Err(e)) => {
                    self.message = Some((false, e))
                }
                Done::Terms(key, terms) => {
                    self.indexing_terms = None;
                    self.terms = Some((key, terms));
                }
                Done::Message(Ok(m)) => {
                    if let Some(memory) = &mut state.memory {
                        memory.recount();
                    }
                    self.panel.forget_matches();
                    self.message = Some((true, m));
                }
            }
        }
    }

    /// Indexes the glossary's terms again when the shared glossary changed.
    fn refresh_terms(&mut self, ctx: &egui::Context, state: &mut AppState) {
        let Some(g) = &state.glossary else { return };
        let key = Arc::as_ptr(&g.entries) as usize;
        if self.terms.as_ref().is_some_and(|(k, _)| *k == key) || self.indexing_terms == Some(key) {
            return;
        }
        self.indexing_terms = Some(key);
        let entries: Vec<_> = g.entries.values().cloned().collect();
        let slot = self.done.clone();
        state
            .jobs
            .spawn(ctx, "Indexing glossary terms for QA", move |_| {
                let conv = crate::tm::script::default_converter();
                if let Ok(terms) = GlossaryTerms::from_entries(entries, &*conv) {
                    slot.push(Done::Terms(key, Arc::new(terms)));
                }
                Box::new(|_: &mut AppState| {})
            });
    }

    fn open(&mut self, ctx: &egui::Context, state: &mut AppState, key: usize, doc: &Arc<Document>) {
        self.opening = Some(key);
        let doc = doc.clone();
        let dir = state.data_dir.join("translations");
        let slot = self.done.clone();
        state
            .jobs
            .spawn(ctx, format!("Segmenting {}", doc.name), move |_| {
                let result = TranslationProject::from_document(&doc, None, None)
                    .map(|fresh| restore(&dir, &doc, fresh))
                    .map_err(|e| e.to_string());
                slot.push(Done::Opened(key, result));
                Box::new(|_: &mut AppState| {})
            });
    }

    fn save(&mut self, state: &mut AppState) {
        let (Some((_, project)), Some(path)) = (&self.project, &self.saved_to) else {
            return;
        };
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Err(e) = project.save(path) {
            state.status = format!("Your translation could not be saved: {e}");
        }
    }

    fn start_pretranslate(&mut self, ctx: &egui::Context, state: &mut AppState) {
        let (Some((_, project)), Some(memory)) = (&mut self.project, &state.memory) else {
            self.message = Some((false, "The translation memory is not open yet.".into()));
            return;
        };
        self.panel.commit(project);
        let mut work = project.clone();
        let store = memory.store.clone();
        let threshold = self.threshold;
        let slot = self.done.clone();
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
                    .map_err(|e| e.to_string()),
                Err(_) => Err("the translation memory is unavailable".into()),
            };
            slot.push(Done::Pretranslated(result));
            Box::new(|_: &mut AppState| {})
        });
    }

    fn start_import(&mut self, ctx: &egui::Context, state: &mut AppState) {
        let Some(memory) = &state.memory else { return };
        let store = memory.store.clone();
        let path = PathBuf::from(self.tmx_path.trim());
        let slot = self.done.clone();
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
                                "Imported {}: {} units stored, {} already there, {} skipped.",
                                path.display(),
                                s.stored.added,
                                s.stored.duplicates,
                                s.stored.skipped
                            )
                        })
                        .map_err(|e| e.to_string()),
                    Err(_) => Err("the translation memory is unavailable".into()),
                };
                slot.push(Done::Message(result));
                Box::new(|_: &mut AppState| {})
            },
        );
    }

    fn start_export(
        &mut self,
        ctx: &egui::Context,
        state: &mut AppState,
        format: ExportFormat,
        source: Option<&Path>,
    ) {
        let Some((_, project)) = &mut self.project else {
            return;
        };
        self.panel.commit(project);
        let path = PathBuf::from(self.export_path.trim());
        if self.export_path.trim().is_empty() {
            self.message = Some((false, "Choose where to save the translation first.".into()));
            return;
        }
        if source.is_some_and(|s| path.exists() && crate::export::same_file(s, &path)) {
            self.message = Some((
                false,
                "That is the source file: Duizhao never overwrites it. Choose another name.".into(),
            ));
            return;
        }
        let project = project.clone();
        let store = state.memory.as_ref().map(|m| m.store.clone());
        let with_tmx = self.export_tmx;
        let slot = self.done.clone();
        state.jobs.spawn(
            ctx,
            format!("Exporting {}", path.display()),
            move |progress| {
                let result = export(&project, format, &path, with_tmx, store, progress)
                    .map_err(|e| e.to_string());
                slot.push(Done::Message(result));
                Box::new(|_: &mut AppState| {})
            },
        );
    }
}
