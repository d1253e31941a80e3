//! The Clean workspace's export row: the cleaned text as TXT, Markdown or DOCX, in the original script or
//! converted, to a path proposed from the document's name (`release.clean.txt`); an existing file is
//! replaced only after the user confirms, and the source is never written.
//!
//! Main type: [`ExportRow`].

use std::path::{Path, PathBuf};

use crate::convert::Config;
use crate::export::TextFormat;
use crate::gui::app::AppState;
use crate::gui::export_target::{ExportTarget, proposed_path};
use crate::gui::jobs::Pending;
use crate::gui::widgets;

use super::review::Review;

/// UI state of the export row.
pub struct ExportRow {
    format: TextFormat,
    convert_to: Option<Config>,
    target: ExportTarget,
    result: Pending<Result<String, String>>,
    message: Option<(bool, String)>,
}

impl Default for ExportRow {
    fn default() -> Self {
        ExportRow {
            format: TextFormat::Text,
            convert_to: None,
            target: ExportTarget::default(),
            result: Pending::default(),
            message: None,
        }
    }
}

impl ExportRow {
    /// Draws the row for the cleaned text of `review`, whose original is the file `source` (named
    /// `doc_name`, `None` for pasted text).
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        state: &mut AppState,
        review: &Review,
        source: Option<&Path>,
        doc_name: &str,
    ) {
        if let Some(result) = self.result.take() {
            self.message = Some(match result {
                Ok(m) => (true, m),
                Err(m) => (false, m),
            });
        }
        ui.horizontal_wrapped(|ui| {
            ui.label("Export as");
            egui::ComboBox::from_id_salt("clean_format")
                .selected_text(self.format.label())
                .show_ui(ui, |ui| {
                    for f in TextFormat::ALL {
                        ui.selectable_value(&mut self.format, f, f.label());
                    }
                })
                .response
                .accessible_name("Export format");
            ui.label("in");
            egui::ComboBox::from_id_salt("clean_script")
                .selected_text(self.convert_to.map_or("the original script", |c| c.label()))
                .width(320.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.convert_to, None, "the original script");
                    for c in Config::ALL {
                        ui.selectable_value(&mut self.convert_to, Some(c), c.label());
                    }
                })
                .response
                .accessible_name("Script of the export");
        });
        let mut tags = vec!["clean"];
        if let Some(c) = self.convert_to {
            tags.push(c.name());
        }
        let proposal = proposed_path(source, doc_name, &tags, self.format.extension());
        let key = source.map_or("pasted".to_string(), |s| s.display().to_string());
        let mut go = None;
        ui.horizontal(|ui| {
            self.target.ui(
                ui,
                "Export to",
                "clean_export",
                &key,
                &proposal,
                self.format.extension(),
            );
        });
        ui.horizontal(|ui| {
            if ui.button("Export cleaned text").clicked() {
                let sources: Vec<&Path> = source.into_iter().collect();
                go = Some(self.target.request(&sources, &[]));
            }
            widgets::message(ui, &self.message);
        });
        let path = self
            .target
            .outcome(ui.ctx(), "clean_export", go)
            .unwrap_or_else(|m| {
                self.message = Some((false, m));
                None
            });
        if let Some(path) = path {
            let title = review.report.metadata.source.clone();
            self.start(ui.ctx(), state, review.text(), title, path);
        }
    }

    fn start(
        &mut self,
        ctx: &egui::Context,
        state: &mut AppState,
        text: String,
        title: Option<String>,
        path: PathBuf,
    ) {
        let (format, convert_to) = (self.format, self.convert_to);
        state.jobs.spawn_into(
            ctx,
            format!("Exporting {}", path.display()),
            &self.result,
            move |_| {
                crate::export::write_text_as(
                    &path,
                    &text,
                    format,
                    convert_to,
                    title.as_deref(),
                    None,
                )
                .map_err(|e| e.to_string())
            },
        );
    }
}
