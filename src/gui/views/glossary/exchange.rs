//! Import and export in the Glossary workspace: TBX, TSV, CSV and OmegaT files in and out, as jobs with
//! progress, with the rows of the last import that need a look (skipped or conflicting, with their line).
//!
//! Main type: [`ExchangePanel`], owned by the glossary view, which shows its messages and reindexes the
//! terms after an import.

use std::path::PathBuf;

use crate::glossary::{ExportOptions, Format, ImportOptions, ImportReport, Outcome};
use crate::gui::app::AppState;
use crate::gui::dialogs::{self, Chosen};
use crate::gui::export_target::{ExportTarget, proposed_path};
use crate::gui::jobs::Pending;
use crate::gui::shared_glossary::SharedGlossary;

/// Export formats offered, with their file extension.
const EXPORTS: &[(Format, &str, &str)] = &[
    (
        Format::Tbx,
        "TBX v2 (TBX-Basic) — OmegaT, translate-toolkit",
        "tbx",
    ),
    (Format::Tbx3, "TBX v3 (TBX-Basic)", "tbx"),
    (Format::Tsv, "TSV with a header", "tsv"),
    (Format::Csv, "CSV with a header", "csv"),
    (Format::Omegat, "OmegaT glossary (tab-separated)", "txt"),
];

/// The import and export rows and their jobs.
#[derive(Default)]
pub struct ExchangePanel {
    import_path: String,
    import_dialog: Pending<Chosen>,
    import_result: Pending<Result<ImportReport, String>>,
    last_import: Option<ImportReport>,
    export_format: usize,
    export: ExportTarget,
    export_result: Pending<Result<String, String>>,
}

impl ExchangePanel {
    /// A finished job's message, and whether it was an import (the glossary changed).
    pub fn collect(&mut self) -> Option<((bool, String), bool)> {
        if let Some(result) = self.import_result.take() {
            return Some(match result {
                Ok(report) => {
                    let said = summary(&report);
                    self.last_import = Some(report);
                    ((true, said), true)
                }
                Err(e) => ((false, e), false),
            });
        }
        self.export_result.take().map(|result| match result {
            Ok(m) => ((true, m), false),
            Err(m) => ((false, m), false),
        })
    }

    /// Draws the import and export rows; returns a message for the user (an export refused).
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        state: &mut AppState,
        glossary: &SharedGlossary,
    ) -> Option<(bool, String)> {
        let mut message = None;
        let busy = state.jobs.is_busy();
        ui.label("Import TBX, TSV, CSV or an OmegaT glossary (UTF-8 or UTF-16):");
        dialogs::path_row(
            ui,
            "Import from",
            "glossary_import",
            "File to import…",
            &mut self.import_path,
            &self.import_dialog,
            |ctx, start, p| {
                dialogs::pick_files(
                    ctx,
                    "Import a glossary",
                    &["tbx", "tsv", "csv", "txt", "utf8"],
                    start,
                    p,
                )
            },
        );
        if ui
            .add_enabled(
                !busy && !self.import_path.trim().is_empty(),
                egui::Button::new("Import"),
            )
            .clicked()
        {
            let (path, store) = (
                PathBuf::from(self.import_path.trim()),
                glossary.store.clone(),
            );
            state.jobs.spawn_into(
                ui.ctx(),
                "Importing glossary",
                &self.import_result,
                move |progress| {
                    let mut g = store
                        .lock()
                        .map_err(|_| "the glossary is unavailable".to_string())?;
                    g.import(&path, &ImportOptions::default(), progress)
                        .map_err(|e| e.to_string())
                },
            );
        }
        if let Some(report) = &self.last_import {
            let problems: Vec<String> = report
                .rows
                .iter()
                .filter(|r| {
                    matches!(r.outcome, Outcome::Skipped | Outcome::Conflicting)
                        && !r.message.is_empty()
                })
                .take(50)
                .map(|r| format!("line {}: {} — {}", r.line, r.outcome, r.message))
                .collect();
            if !problems.is_empty() {
                egui::CollapsingHeader::new(format!(
                    "{} need a look",
                    crate::gui::widgets::plural(problems.len(), "row")
                ))
                .id_salt("import_rows")
                .show(ui, |ui| {
                    for p in problems {
                        ui.label(p);
                    }
                });
            }
        }
        ui.separator();
        ui.horizontal(|ui| {
            ui.label("Export as");
            egui::ComboBox::from_id_salt("glossary_export_format")
                .selected_text(EXPORTS[self.export_format].1)
                .show_ui(ui, |ui| {
                    for (i, (_, label, _)) in EXPORTS.iter().enumerate() {
                        ui.selectable_value(&mut self.export_format, i, *label);
                    }
                })
                .response
                .accessible_name("Export format");
        });
        let (format, _, ext) = EXPORTS[self.export_format];
        // Proposed beside the data folder's other exports: the home folder, named by the format.
        let proposal = proposed_path(None, "glossary", &[], ext);
        self.export.ui(
            ui,
            "Export to",
            "glossary_export",
            "glossary",
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
            // The glossary's own database is never written over.
            go = Some(self.export.request(&[glossary.path.as_path()], &[]));
        }
        let path = self
            .export
            .outcome(ui.ctx(), "glossary_export", go)
            .unwrap_or_else(|m| {
                message = Some((false, m));
                None
            });
        if let Some(path) = path {
            let store = glossary.store.clone();
            state.jobs.spawn_into(
                ui.ctx(),
                "Exporting glossary",
                &self.export_result,
                move |progress| {
                    let g = store
                        .lock()
                        .map_err(|_| "the glossary is unavailable".to_string())?;
                    let n = g
                        .export(&path, format, &ExportOptions::default(), progress)
                        .map_err(|e| e.to_string())?;
                    Ok(format!(
                        "Exported {} to {}.",
                        crate::gui::widgets::plural(n, "entry"),
                        path.display()
                    ))
                },
            );
        }
        message
    }
}

/// "Imported x.tsv: 12 added, 3 updated, 1 skipped, 0 conflicting."
fn summary(report: &ImportReport) -> String {
    format!(
        "Imported {}: {} added, {} updated, {} skipped, {} conflicting.",
        report.path.display(),
        report.count(Outcome::Added),
        report.count(Outcome::Updated),
        report.count(Outcome::Skipped),
        report.count(Outcome::Conflicting)
    )
}
