//! The export row of the Documents workspace: the selected text (original, version or language part) as
//! TXT, Markdown or DOCX, to a path proposed from its name, version and format; an existing file is
//! replaced only after the user confirms. The export runs as a job.
//!
//! Main type: [`ExportRow`].

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::document::{Document, Side};
use crate::export::TextFormat;
use crate::gui::app::AppState;
use crate::gui::export_target::{ExportTarget, proposed_path};
use crate::gui::jobs::Pending;
use crate::gui::widgets;
use crate::version::VersionRef;

/// The tags a version adds to a proposed file name: `clean`, `s2twp`, `zh`, `en`.
pub fn version_tags(state: &AppState, r: &VersionRef) -> Vec<String> {
    let mut tags = Vec::new();
    if let Some(v) = r
        .version
        .and_then(|id| state.library.get(r.document)?.version(id).cloned())
    {
        tags.push(v.stored.recipe.file_tag());
    }
    match r.part {
        Some(Side::Chinese) => tags.push("zh".into()),
        Some(Side::English) => tags.push("en".into()),
        None => {}
    }
    tags
}

/// UI state of the export row.
pub struct ExportRow {
    format: TextFormat,
    target: ExportTarget,
    result: Pending<Result<String, String>>,
    message: Option<(bool, String)>,
}

impl Default for ExportRow {
    fn default() -> Self {
        ExportRow {
            format: TextFormat::Text,
            target: ExportTarget::default(),
            result: Pending::default(),
            message: None,
        }
    }
}

impl ExportRow {
    /// Draws the row for the text `r` (loaded as `doc`).
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        state: &mut AppState,
        r: &VersionRef,
        doc: &Arc<Document>,
    ) {
        if let Some(result) = self.result.take() {
            self.message = Some(match result {
                Ok(m) => (true, m),
                Err(m) => (false, m),
            });
        }
        let mut tags = version_tags(state, r);
        if tags.is_empty() {
            // The original exported as text would otherwise propose its own file's name.
            tags.push("original".into());
        }
        let tag_refs: Vec<&str> = tags.iter().map(String::as_str).collect();
        let proposal = proposed_path(
            doc.path.as_deref(),
            "document",
            &tag_refs,
            self.format.extension(),
        );
        let mut go = None;
        ui.horizontal_wrapped(|ui| {
            ui.label("Export as");
            egui::ComboBox::from_id_salt("documents_format")
                .selected_text(self.format.label())
                .show_ui(ui, |ui| {
                    for f in TextFormat::ALL {
                        ui.selectable_value(&mut self.format, f, f.label());
                    }
                })
                .response
                .accessible_name("Export format");
        });
        ui.horizontal(|ui| {
            self.target.ui(
                ui,
                "Export to",
                "documents_export",
                &r.to_key(),
                &proposal,
                self.format.extension(),
            );
        });
        ui.horizontal(|ui| {
            if ui.button("Export this text").clicked() {
                let sources: Vec<&Path> = doc.path.as_deref().into_iter().collect();
                go = Some(self.target.request(&sources, &[]));
            }
            widgets::message(ui, &self.message);
        });
        let path = self
            .target
            .outcome(ui.ctx(), "documents_export", go)
            .unwrap_or_else(|m| {
                self.message = Some((false, m));
                None
            });
        if let Some(path) = path {
            self.start(ui.ctx(), state, doc.clone(), path);
        }
    }

    fn start(
        &mut self,
        ctx: &egui::Context,
        state: &mut AppState,
        doc: Arc<Document>,
        path: PathBuf,
    ) {
        let format = self.format;
        let lang = crate::tm::LangTag::from_document_lang(doc.main_lang());
        state.jobs.spawn_into(
            ctx,
            format!("Exporting {}", path.display()),
            &self.result,
            move |_| {
                crate::export::write_text_as(
                    &path,
                    &doc.text,
                    format,
                    None,
                    None,
                    lang.as_ref().map(|l| l.as_str()),
                )
                .map_err(|e| e.to_string())
            },
        );
    }
}
