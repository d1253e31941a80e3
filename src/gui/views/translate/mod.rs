//! The Translate workspace: a release — the version the user picks, or one language part of a file that
//! holds both — segmented and translated against the shared memory and glossary. Per segment the
//! memory's matches (with the differences highlighted), the glossary terms it contains and a target
//! editor; pre-translation above a chosen match percentage, QA that follows the edits, export of the
//! translation (TXT, DOCX) and a TMX of the work. A confirmed segment goes into the memory when it is
//! confirmed, and comes out again when the confirmation is undone.
//!
//! Main type: [`TranslateView`]. The model is the core's [`TranslationProject`]; it is saved as JSON in the
//! data folder after every edit, so closing the app loses nothing. Pre-translation, TMX import, export and
//! the memory updates run as jobs; lookups on the UI thread only `try_lock` the memory, so a running job
//! never freezes it.

pub mod export;
pub mod files;
pub mod jobs;
pub mod panel;
pub mod request;
pub mod rows;
pub mod table;

use std::path::PathBuf;
use std::sync::Arc;

use crate::document::Side;
use crate::gui::app::AppState;
use crate::gui::command::Command;
use crate::gui::dialogs::Chosen;
use crate::gui::jobs::Pending;
use crate::gui::pickers;
use crate::gui::widgets;
use crate::tm::{GlossaryTerms, QaFinding, TermList, Terminology, TranslationProject};

use crate::version::VersionRef;
pub use request::ExportFormat;

use files::project_file;
use jobs::Done;
use panel::SegmentPanel;
use request::Request;
use rows::{memory_ui, toolbar_ui};

/// The open project and what it was opened for.
struct Open {
    /// The text it translates and that text's fingerprint (what the view opened it for).
    key: (VersionRef, u64),
    project: TranslationProject,
    /// The project made from the current text, when the saved one was made from an older text.
    fresh: Option<TranslationProject>,
    /// The revision last saved.
    saved: u64,
}

/// UI state of the Translate workspace.
pub struct TranslateView {
    open: Option<Open>,
    saved_to: Option<PathBuf>,
    opening: Option<(VersionRef, u64)>,
    terms: Option<(usize, Arc<GlossaryTerms>)>,
    indexing_terms: Option<usize>,
    threshold: u8,
    panel: SegmentPanel,
    findings: Option<Vec<QaFinding>>,
    /// The revision the findings were made for.
    findings_at: u64,
    done: Pending<Vec<Done>>,
    /// A memory update is running (one at a time, so links are never written twice).
    syncing: bool,
    /// What the memory was last compared with: the text's fingerprint, the project's revision and
    /// whether the memory was open. Comparing walks every segment, so it is done once per change, not
    /// every frame.
    sync_checked: Option<(u64, u64, bool)>,
    heights: widgets::RowHeights,
    hashed: widgets::TextFingerprint,
    /// The glossary's domains, for the domain menu.
    domains: Vec<String>,
    tmx_path: String,
    tmx_dialog: Pending<Chosen>,
    export: export::ExportRow,
    message: Option<(bool, String)>,
}

impl Default for TranslateView {
    fn default() -> Self {
        TranslateView {
            open: None,
            saved_to: None,
            opening: None,
            terms: None,
            indexing_terms: None,
            threshold: 75,
            panel: SegmentPanel::default(),
            findings: None,
            findings_at: 0,
            done: Pending::default(),
            syncing: false,
            sync_checked: None,
            heights: widgets::RowHeights::default(),
            hashed: widgets::TextFingerprint::default(),
            domains: Vec::new(),
            tmx_path: String::new(),
            tmx_dialog: Pending::default(),
            export: export::ExportRow::default(),
            message: None,
        }
    }
}

impl TranslateView {
    /// Draws the workspace.
    pub fn ui(&mut self, ui: &mut egui::Ui, state: &mut AppState) {
        self.collect(state);
        self.refresh_terms(ui.ctx(), state);
        let working = state.working_text();
        let Some((r, doc)) = working else {
            let loading = state
                .working_ref()
                .is_some_and(|r| state.library.is_loading(&r));
            if loading {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Opening the document…");
                });
            } else {
                widgets::empty_hint(
                    ui,
                    "Nothing to translate yet",
                    "Open the release to translate in the Documents workspace; it is segmented into sentences here.",
                );
            }
            return;
        };
        ui.horizontal_wrapped(|ui| {
            ui.label("Translate");
            pickers::source_combo(
                ui,
                "translate_source",
                "Text to translate",
                state,
                None,
                |_| true,
            );
        });
        if doc.versions.is_some() {
            self.pick_part_ui(ui, state, r);
            return;
        }
        let hash = self.hashed.of(&doc);
        let key = (r, hash);
        let current = self.open.as_ref().is_some_and(|o| o.key == key);
        if !current && self.opening != Some(key) {
            self.start_open(ui.ctx(), state, key, doc.clone());
        }
        if !current {
            ui.horizontal(|ui| {
                if self.opening.is_some() {
                    ui.spinner();
                    ui.label(format!("Segmenting {}…", doc.name));
                }
                if let Some((false, m)) = &self.message {
                    ui.colored_label(ui.visuals().error_fg_color, m);
                }
            });
            return;
        }
        self.workspace_ui(ui, state);
    }

    /// A file holding both versions: the user picks the one to translate.
    fn pick_part_ui(&mut self, ui: &mut egui::Ui, state: &mut AppState, r: VersionRef) {
        ui.add_space(8.0);
        ui.label(format!(
            "{} holds both language versions. Translate one of them:",
            state.library.label(&r)
        ));
        ui.horizontal(|ui| {
            for (side, label) in [
                (Side::Chinese, "Translate the Chinese version"),
                (Side::English, "Translate the English version"),
            ] {
                if ui.button(label).clicked() {
                    state.commands.push(Command::Select {
                        target: r.with_part(Some(side)),
                        explicit: true,
                    });
                }
            }
        });
    }

    fn workspace_ui(&mut self, ui: &mut egui::Ui, state: &mut AppState) {
        let busy = state.jobs.is_busy();
        let mut request = Request::default();
        let Some(open) = self.open.as_mut() else {
            return;
        };
        if open.fresh.is_some() {
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    "Out of date: the text changed since you worked on this translation.",
                );
                request.rebase = ui
                    .button("Update the segments")
                    .on_hover_text(
                        "Take the new sentences; the translations of unchanged sentences are kept",
                    )
                    .clicked();
            });
        }
        toolbar_ui(
            ui,
            &open.project,
            &self.domains,
            &mut self.threshold,
            busy,
            &mut request,
        );
        memory_ui(
            ui,
            &mut self.tmx_path,
            &self.tmx_dialog,
            state.memory.is_some() && !busy,
            &mut request,
        );
        ui.separator();
        let terms: Arc<dyn Terminology + Send + Sync> = match &self.terms {
            Some((_, t)) => t.clone(),
            None => Arc::new(TermList::default()),
        };
        let project = &mut open.project;
        egui::Panel::right("translate_segment")
            .resizable(true)
            .default_size(440.0)
            .size_range(320.0..=720.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    self.panel.ui(ui, project, state.memory.as_ref(), &*terms);
                });
            });
        // The export rows keep their own height; the QA list above them is the part that resizes.
        egui::Panel::bottom("translate_export")
            .resizable(false)
            .show(ui, |ui| {
                self.export
                    .ui(ui, state, project, &mut request, &self.message);
            });
        egui::Panel::bottom("translate_qa")
            .resizable(true)
            .default_size(130.0)
            .show(ui, |ui| {
                table::qa_ui(ui, self.findings.as_deref(), &mut self.panel);
            });
        egui::CentralPanel::default().show(ui, |ui| {
            table::segments_ui(ui, project, &mut self.panel, &mut self.heights);
        });
        self.apply(ui.ctx(), state, request, &*terms);
    }

    /// Applies what the user asked for this frame, then saves, checks and updates the memory as needed.
    fn apply(
        &mut self,
        ctx: &egui::Context,
        state: &mut AppState,
        request: Request,
        terms: &(dyn Terminology + Send + Sync),
    ) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        let project = &mut open.project;
        if request.undo {
            self.panel.commit(project);
            project.undo();
            self.panel.reload(project);
        }
        if request.redo {
            project.redo();
            self.panel.reload(project);
        }
        if request.rebase {
            if let Some(fresh) = open.fresh.take() {
                self.panel.commit(project);
                let s = project.rebase(fresh);
                self.panel.reload(project);
                self.message = Some((
                    true,
                    format!(
                        "Segments updated: {} kept their translation, {} new, {} dropped.",
                        s.kept, s.new, s.dropped
                    ),
                ));
            }
        }
        let mut stale = self.findings.is_some() && self.findings_at != project.revision();
        if let Some(domain) = request.domain {
            project.domain = domain;
            // The domain is saved with the project, and decides which terms are errors.
            open.saved = u64::MAX;
            stale |= self.findings.is_some();
        }
        if request.qa || request.export.is_some() {
            self.panel.commit(project);
        }
        let conv = crate::tm::script::default_converter();
        if request.qa || stale || request.export.is_some() {
            let findings = project.qa(terms, &*conv);
            if request.qa {
                self.message = Some((
                    true,
                    format!("QA: {}.", widgets::plural(findings.len(), "finding")),
                ));
            }
            self.findings = Some(findings);
            self.findings_at = project.revision();
        }
        if project.revision() != open.saved {
            open.saved = project.revision();
            if let Some(path) = &self.saved_to {
                if let Err(e) = files::save(project, path) {
                    state.status = format!("Your translation could not be saved: {e}");
                }
            }
        }
        let sync_key = (open.key.1, project.revision(), state.memory.is_some());
        if !self.syncing && self.sync_checked != Some(sync_key) {
            self.sync_checked = Some(sync_key);
            self.syncing = jobs::sync_memory(ctx, state, project, &self.done);
        }
        if request.pretranslate {
            self.panel.commit(project);
            jobs::pretranslate(
                ctx,
                state,
                project,
                self.threshold,
                &self.done,
                &mut self.message,
            );
        }
        if request.import_tmx {
            jobs::import_tmx(ctx, state, PathBuf::from(self.tmx_path.trim()), &self.done);
        }
        if let Some(format) = request.export {
            let open_findings = self.findings.as_ref().map_or(0, |f| {
                f.iter()
                    .filter(|f| f.severity == crate::tm::Severity::Error)
                    .count()
            });
            self.export.start(
                ctx,
                state,
                project,
                format,
                request.export_anyway,
                open_findings,
                &self.done,
            );
        }
    }

    fn collect(&mut self, state: &mut AppState) {
        for done in self.done.take().unwrap_or_default() {
            match done {
                Done::Opened(key, Ok(opened)) => {
                    if self.opening == Some(key) {
                        self.opening = None;
                    }
                    self.message = Some((true, opened.message));
                    self.panel = SegmentPanel::default();
                    self.panel.reload(&opened.project);
                    self.findings = None;
                    self.saved_to = project_file(&state.data_dir, &state.library, &key.0);
                    let saved = opened.project.revision();
                    self.open = Some(Open {
                        key,
                        project: opened.project,
                        fresh: opened.fresh,
                        saved,
                    });
                }
                Done::Opened(key, Err(e)) => {
                    if self.opening == Some(key) {
                        self.opening = None;
                    }
                    self.message = Some((false, e));
                }
                Done::Pretranslated(Ok((project, summary))) => {
                    if let Some(open) = &mut self.open {
                        open.project = project;
                        self.panel.reload(&open.project);
                    }
                    self.message = Some((true, summary));
                }
                Done::Pretranslated(Err(e)) | Done::Message(Err(e)) => {
                    self.message = Some((false, e))
                }
                Done::Domains(domains) => self.domains = domains,
                Done::Terms(key, Ok(terms)) => {
                    self.indexing_terms = None;
                    self.terms = Some((key, terms));
                }
                Done::Terms(_, Err(e)) => {
                    // `indexing_terms` stays: the same glossary is not tried again.
                    self.message = Some((false, format!("Glossary terms are not checked: {e}")));
                }
                Done::Message(Ok(m)) => {
                    state.commands.push(Command::MemoryChanged);
                    self.panel.forget_matches();
                    self.message = Some((true, m));
                }
                Done::Synced(result) => {
                    self.syncing = false;
                    // What the job linked is compared again on the next frame.
                    self.sync_checked = None;
                    match result {
                        Ok(linked) => {
                            if let Some(open) = &mut self.open {
                                open.project.take_links(&linked);
                                // Links are part of what is saved.
                                if let Some(path) = &self.saved_to {
                                    let _ = files::save(&open.project, path);
                                }
                            }
                            state.commands.push(Command::MemoryChanged);
                            self.panel.forget_matches();
                        }
                        Err(e) => state.status = format!("The memory could not be updated: {e}"),
                    }
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
        jobs::index_terms(ctx, state, key, entries, &self.done);
    }

    fn start_open(
        &mut self,
        ctx: &egui::Context,
        state: &mut AppState,
        key: (VersionRef, u64),
        doc: Arc<crate::document::Document>,
    ) {
        self.opening = Some(key);
        self.message = None;
        let path = project_file(&state.data_dir, &state.library, &key.0);
        jobs::open(ctx, state, key, doc, path, &self.done);
    }
}
