//! What leaves the Align workspace: the export of an alignment (TMX in two language-tag styles, HTML for
//! review, OmegaT TSV, a bead file), written atomically, and the accepted beads added to the shared
//! translation memory as a job.
//!
//! Main type: [`OutputPanel`], owned by the align view, which shows the messages it returns.

use std::path::{Path, PathBuf};

use crate::align::export::{
    HtmlOptions, TmxOptions, UnitOptions, add_to_memory, to_beads, to_html, to_tmx_report, to_tsv,
    translation_units_report,
};
use crate::align::project::Project;
use crate::gui::app::AppState;
use crate::gui::export_target::{ExportTarget, proposed_path};
use crate::gui::jobs::Pending;
use crate::gui::widgets;

/// Export formats: label, extension.
const FORMATS: &[(&str, &str)] = &[
    ("TMX 1.4b, zh-CN / zh-TW / en-US", "tmx"),
    ("TMX 1.4b, zh-Hans / zh-Hant / en-US", "tmx"),
    ("Side-by-side HTML (review, print)", "html"),
    ("OmegaT-compatible TSV", "tsv"),
    ("Bead file [i,j]:[k]", "txt"),
];

/// The export row and the "add to memory" row, with their state.
#[derive(Default)]
pub struct OutputPanel {
    export_format: usize,
    target: ExportTarget,
    memory_result: Pending<Result<String, String>>,
    /// The open project's record (its files), read once per project: reading it counts the beads in the
    /// database, too slow for every frame of a large alignment.
    info: Option<(i64, Option<crate::align::project::ProjectInfo>)>,
}

impl OutputPanel {
    /// "Add accepted beads to the memory": the translator's reviewed pairs become translation memory.
    pub fn memory_ui(
        &mut self,
        ui: &mut egui::Ui,
        state: &mut AppState,
        p: &Project,
    ) -> Option<(bool, String)> {
        if let Some(result) = self.memory_result.take() {
            if let Some(m) = &mut state.memory {
                m.recount();
            }
            return Some(match result {
                Ok(m) => (true, m),
                Err(m) => (false, m),
            });
        }
        let accepted = p.alignment().beads.iter().filter(|b| b.accepted).count();
        let ready = state.memory.is_some() && accepted > 0 && !state.jobs.is_busy();
        let clicked = ui
            .horizontal(|ui| {
                let b = ui
                    .add_enabled(ready, egui::Button::new("Add accepted beads to the memory"))
                    .on_hover_text("Accepted beads with text on both sides become translation units, with the file names and dates as properties");
                if accepted == 0 {
                    ui.label(egui::RichText::new("Accept beads (A) to add them to the memory.").weak());
                }
                b.clicked()
            })
            .inner;
        let memory = state.memory.as_ref().filter(|_| clicked)?;
        let alignment = p.alignment().clone();
        let options = UnitOptions {
            accepted_only: true,
            ..p.info()
                .map(|info| UnitOptions::for_project(&info))
                .unwrap_or_default()
        };
        let store = memory.store.clone();
        state.jobs.spawn_into(
            ui.ctx(),
            "Adding beads to the memory",
            &self.memory_result,
            move |progress| {
                let mut m = store
                    .lock()
                    .map_err(|_| "the translation memory is unavailable".to_string())?;
                add_to_memory(&mut m, &alignment, &options, progress)
                    .and_then(|s| {
                        m.build_index(progress)?;
                        Ok(s)
                    })
                    .map(|s| {
                        format!(
                            "Memory: {} added, {} already there.",
                            crate::gui::widgets::plural(s.added, "unit"),
                            s.duplicates
                        )
                    })
                    .map_err(|e| e.to_string())
            },
        );
        None
    }

    /// The export row: format, a path proposed from the Chinese file's name (`release.align.tmx`), and
    /// the button; an existing file is replaced only after the user confirms. Returns the message to show.
    pub fn export_ui(&mut self, ui: &mut egui::Ui, p: &Project) -> Option<(bool, String)> {
        ui.horizontal(|ui| {
            ui.label("Export as");
            egui::ComboBox::from_id_salt("align_export_format")
                .selected_text(FORMATS[self.export_format].0)
                .show_ui(ui, |ui| {
                    for (i, (label, _)) in FORMATS.iter().enumerate() {
                        ui.selectable_value(&mut self.export_format, i, *label);
                    }
                })
                .response
                .accessible_name("Export format");
        });
        let ext = FORMATS[self.export_format].1;
        if self.info.as_ref().is_none_or(|(id, _)| *id != p.id()) {
            self.info = Some((p.id(), p.info().ok()));
        }
        let info = self.info.as_ref().and_then(|(_, i)| i.clone());
        let sources: Vec<PathBuf> = info
            .iter()
            .flat_map(|i| [i.zh_file.clone(), i.en_file.clone()])
            .flatten()
            .map(PathBuf::from)
            .collect();
        let tag = if ext == "txt" { "beads" } else { "align" };
        let proposal = proposed_path(
            sources.first().map(PathBuf::as_path),
            "alignment",
            &[tag],
            ext,
        );
        ui.horizontal(|ui| {
            self.target.ui(
                ui,
                "Export to",
                "align_export",
                &p.id().to_string(),
                &proposal,
                ext,
            );
        });
        let mut go = None;
        if ui.button("Export").clicked() {
            let refs: Vec<&Path> = sources.iter().map(PathBuf::as_path).collect();
            go = Some(self.target.request(&refs, &[]));
        }
        let path = match self.target.outcome(ui.ctx(), "align_export", go) {
            Ok(path) => path?,
            Err(m) => return Some((false, m)),
        };
        let a = p.alignment();
        let units = info
            .as_ref()
            .map(UnitOptions::for_project)
            .unwrap_or_default();
        let tmx_options = |lang_style| TmxOptions {
            units: units.clone(),
            lang_style,
        };
        // What was written, and which beads were left out and why: every export says so.
        let (text, said) = match self.export_format {
            0 | 1 => {
                let style = if self.export_format == 0 {
                    crate::tm::LangStyle::Region
                } else {
                    crate::tm::LangStyle::Script
                };
                let (text, summary) = to_tmx_report(a, &tmx_options(style));
                (text, summary.to_string())
            }
            2 => (
                to_html(
                    a,
                    &HtmlOptions {
                        title: "Alignment".into(),
                        ..HtmlOptions::default()
                    },
                ),
                format!("wrote {}", widgets::plural(a.beads.len(), "bead")),
            ),
            3 => {
                let report = translation_units_report(a, &units);
                let mut said = format!("wrote {}", widgets::plural(report.units.len(), "unit"));
                if !report.skipped.is_empty() {
                    let list: Vec<String> = report.skipped.iter().map(|s| s.to_string()).collect();
                    said.push_str(&format!(
                        "; skipped {}: {}",
                        widgets::plural(list.len(), "bead"),
                        list.join(", ")
                    ));
                }
                (to_tsv(a), said)
            }
            _ => (
                to_beads(a),
                format!("wrote {}", widgets::plural(a.beads.len(), "bead")),
            ),
        };
        Some(match crate::export::write_atomic(&path, text.as_bytes()) {
            Ok(()) => (true, format!("Exported to {}: {said}.", path.display())),
            Err(e) => (false, e.to_string()),
        })
    }
}
