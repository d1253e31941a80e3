//! Import and export in the Memory workspace. A TMX import runs as a job (progress and Cancel in the
//! status bar; cancelled, it stores nothing), with the user's choice for a unit whose source is already
//! there; a file in other languages than the memory's pair is asked about, never mixed in silently.
//! Exports write the whole memory or the filtered units as TMX 1.4b or OmegaT TSV through
//! [`ExportTarget`], which asks before replacing a file.
//!
//! Main type: [`ExchangePanel`]; the workspace gives it the open memory and takes back its messages.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::gui::app::AppState;
use crate::gui::dialogs::{self, Chosen};
use crate::gui::export_target::{ExportTarget, proposed_path};
use crate::gui::jobs::Pending;
use crate::gui::widgets;
use crate::tm::{
    ExportFormat, ImportOptions, ImportSummary, LangStyle, LanguagePolicy, Memory, OnDuplicate,
    UnitFilter,
};

/// How an import ended.
enum Imported {
    Done(ImportSummary),
    /// The file's languages are not the memory's pair: the message, to ask about.
    Mismatch(String),
    Failed(String),
}

/// The import and export rows and their jobs.
#[derive(Default)]
pub struct ExchangePanel {
    import_path: String,
    import_dialog: Pending<Chosen>,
    on_duplicate: OnDuplicate,
    import_result: Pending<Imported>,
    /// A refused file waiting for the user's answer: its path and the reason.
    mismatch: Option<(PathBuf, String)>,
    export_whole: bool,
    export_tsv: bool,
    export: ExportTarget,
    export_result: Pending<Result<String, String>>,
}

/// What the panel works on.
pub struct Target<'a> {
    /// The memory's store.
    pub store: &'a Arc<Mutex<Memory>>,
    /// Its name and file.
    pub name: &'a str,
    /// Its database file (never exported over).
    pub path: &'a std::path::Path,
    /// The table's filter, and how many units it takes.
    pub filter: UnitFilter,
    /// Units it takes.
    pub filtered: usize,
    /// Whether the memory refuses changes.
    pub read_only: bool,
}

impl ExchangePanel {
    /// A finished job's message, and whether the memory changed.
    pub fn collect(&mut self) -> Option<((bool, String), bool)> {
        if let Some(result) = self.import_result.take() {
            return Some(match result {
                Imported::Done(s) => ((true, summary(&s)), s.change.is_some()),
                Imported::Mismatch(m) => {
                    let path = PathBuf::from(self.import_path.trim());
                    self.mismatch = Some((path, m));
                    (
                        (
                            false,
                            "Nothing imported yet: the file is in other languages.".into(),
                        ),
                        false,
                    )
                }
                Imported::Failed(m) => ((false, m), false),
            });
        }
        self.export_result
            .take()
            .map(|r| (r.map_or_else(|m| (false, m), |m| (true, m)), false))
    }

    /// Draws the import and export rows; returns a message for the user (an export refused).
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        state: &mut AppState,
        target: &Target<'_>,
    ) -> Option<(bool, String)> {
        let busy = state.jobs.is_busy();
        ui.label(format!("Import a TMX file into “{}”:", target.name));
        dialogs::path_row(
            ui,
            "Import from",
            "memory_import",
            "TMX file…",
            &mut self.import_path,
            &self.import_dialog,
            |ctx, start, p| {
                dialogs::pick_files(ctx, "Import a TMX file", &["tmx", "xml"], start, p)
            },
        );
        ui.horizontal_wrapped(|ui| {
            ui.label("A unit whose source is already there:");
            for (value, label, hover) in [
                (
                    OnDuplicate::KeepBoth,
                    "keep both",
                    "Store it beside the one there (one source, two translations)",
                ),
                (
                    OnDuplicate::Replace,
                    "replace",
                    "Its translation replaces the one there (Undo restores it)",
                ),
                (OnDuplicate::Skip, "skip", "Leave it out"),
            ] {
                ui.radio_value(&mut self.on_duplicate, value, label)
                    .on_hover_text(hover);
            }
        });
        if ui
            .add_enabled(
                !busy && !target.read_only && !self.import_path.trim().is_empty(),
                egui::Button::new("Import"),
            )
            .clicked()
        {
            let path = PathBuf::from(self.import_path.trim());
            self.start_import(ui.ctx(), state, target, path, LanguagePolicy::MemoryPair);
        }
        self.ask_mismatch(ui.ctx(), state, target);
        ui.separator();
        self.export_ui(ui, state, target, busy)
    }

    fn start_import(
        &mut self,
        ctx: &egui::Context,
        state: &mut AppState,
        target: &Target<'_>,
        path: PathBuf,
        languages: LanguagePolicy,
    ) {
        let store = target.store.clone();
        let author = state.user_name.clone();
        let options = ImportOptions {
            on_duplicate: self.on_duplicate,
            languages,
            origin_detail: None,
        };
        let label = format!("Importing {}", crate::document::display_name(&path));
        state
            .jobs
            .spawn_into(ctx, label, &self.import_result, move |progress| {
                let Ok(mut m) = store.lock() else {
                    return Imported::Failed("The memory is unavailable.".into());
                };
                m.set_author(author);
                match m.import_tmx_with(&path, &options, progress) {
                    Ok(s) => Imported::Done(s),
                    Err(e @ crate::Error::LanguageMismatch { .. }) => {
                        Imported::Mismatch(e.to_string())
                    }
                    Err(crate::Error::Cancelled) => {
                        Imported::Failed("Import cancelled: nothing of the file was stored.".into())
                    }
                    Err(e) => {
                        Imported::Failed(format!("Nothing of {} was imported: {e}", path.display()))
                    }
                }
            });
    }

    /// Asks whether a file in other languages is imported with its own languages.
    fn ask_mismatch(&mut self, ctx: &egui::Context, state: &mut AppState, target: &Target<'_>) {
        let Some((path, reason)) = self.mismatch.clone() else {
            return;
        };
        let answer = widgets::ask(
            ctx,
            "memory_language_mismatch",
            "Import a file in other languages?",
            &[
                reason,
                "Its units can be stored with their own languages beside the memory's pair, or not at all."
                    .into(),
            ],
            "Import with its own languages",
            "Do not import",
        );
        match answer {
            Some(true) => {
                self.mismatch = None;
                self.start_import(ctx, state, target, path, LanguagePolicy::FilePair);
            }
            Some(false) => self.mismatch = None,
            None => {}
        }
    }

    fn export_ui(
        &mut self,
        ui: &mut egui::Ui,
        state: &mut AppState,
        target: &Target<'_>,
        busy: bool,
    ) -> Option<(bool, String)> {
        let mut message = None;
        ui.horizontal_wrapped(|ui| {
            ui.label("Export");
            let filtered = format!("the {} shown", widgets::plural(target.filtered, "unit"));
            ui.radio_value(&mut self.export_whole, false, filtered);
            ui.radio_value(&mut self.export_whole, true, "the whole memory");
            ui.label("as");
            ui.radio_value(&mut self.export_tsv, false, "TMX 1.4b");
            ui.radio_value(&mut self.export_tsv, true, "OmegaT TSV");
        });
        let (format, ext) = if self.export_tsv {
            (ExportFormat::OmegatTsv, "tsv")
        } else {
            (ExportFormat::Tmx, "tmx")
        };
        let proposal = proposed_path(None, target.name, &[], ext);
        self.export.ui(
            ui,
            "Export to",
            "memory_export",
            target.name,
            &proposal,
            ext,
        );
        let mut go = None;
        if ui
            .add_enabled(
                !busy && !self.export.path.trim().is_empty(),
                egui::Button::new("Export"),
            )
            .clicked()
        {
            // The memory's own database is never written over.
            go = Some(self.export.request(&[target.path], &[]));
        }
        let path = self
            .export
            .outcome(ui.ctx(), "memory_export", go)
            .unwrap_or_else(|m| {
                message = Some((false, m));
                None
            });
        if let Some(path) = path {
            let store = target.store.clone();
            let filter = if self.export_whole {
                UnitFilter::default()
            } else {
                target.filter.clone()
            };
            state.jobs.spawn_into(
                ui.ctx(),
                "Exporting the memory",
                &self.export_result,
                move |progress| {
                    let m = store
                        .lock()
                        .map_err(|_| "the memory is unavailable".to_string())?;
                    let s = m
                        .export(&path, format, &filter, LangStyle::default(), progress)
                        .map_err(|e| e.to_string())?;
                    let left_out = if s.skipped > 0 {
                        format!(
                            " ({} left out: a side with no text XML can carry)",
                            widgets::plural(s.skipped, "unit")
                        )
                    } else {
                        String::new()
                    };
                    Ok(format!(
                        "Exported {} to {}{left_out}.",
                        widgets::plural(s.written, "unit"),
                        path.display()
                    ))
                },
            );
        }
        message
    }
}

/// "Imported x.tmx (5 units): 3 added, 1 kept beside …".
fn summary(s: &ImportSummary) -> String {
    let mut parts = vec![format!("{} added", s.added)];
    for (n, what) in [
        (s.kept_both, "kept beside another translation"),
        (s.replaced, "replaced"),
        (s.skipped_existing, "skipped (source already there)"),
        (s.identical, "already in the memory"),
        (s.skipped_empty, "with an empty side"),
        (s.incomplete, "without both languages"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {what}"));
        }
    }
    let mut said = format!(
        "Imported {} ({} in the file): {}.",
        crate::document::display_name(&s.file),
        widgets::plural(s.units_in_file, "unit"),
        parts.join(", ")
    );
    if !s.warnings.is_empty() {
        said.push_str(&format!(
            " {}: {}",
            widgets::plural(s.warnings.len(), "warning"),
            s.warnings
                .iter()
                .take(3)
                .cloned()
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    said
}
