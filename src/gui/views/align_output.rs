//! What leaves the Align workspace: the export of an alignment (TMX in two language-tag styles, HTML for
//! review, OmegaT TSV, a bead file), written atomically, and the accepted beads added to the shared
//! translation memory as a job.
//!
//! Main type: [`OutputPanel`], owned by the align view, which shows the messages it returns.

use std::path::PathBuf;

use crate::align::export::{
    HtmlOptions, TmxOptions, UnitOptions, add_to_memory, to_beads, to_html, to_tmx, to_tsv,
};
use crate::align::project::Project;
use crate::gui::app::AppState;
use crate::gui::dialogs::{self, Chosen};
use crate::gui::jobs::Pending;

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
    export_path: String,
    export_dialog: Pending<Chosen>,
    memory_result: Pending<Result<String, String>>,
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
                            "Memory: {} unit(s) added, {} already there.",
                            s.added, s.duplicates
                        )
                    })
                    .map_err(|e| e.to_string())
            },
        );
        None
    }

    pub fn export_ui(&mut self, ui: &mut egui::Ui, p: &Project) -> Option<(bool, String)> {
        let mut message = None;
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
        let name = format!("alignment.{ext}");
        if let Some(m) = dialogs::path_row(
            ui,
            "Export to",
            "align_export",
            &name,
            &mut self.export_path,
            &self.export_dialog,
            |d| dialogs::pick_save("Export the alignment", &name, &[ext], d),
        ) {
            message = Some((false, m.into()));
        }
        if ui
            .add_enabled(
                !self.export_path.trim().is_empty(),
                egui::Button::new("Export"),
            )
            .clicked()
        {
            let path = PathBuf::from(self.export_path.trim());
            let sources = p.info().map(|i| [i.zh_file, i.en_file]).unwrap_or_default();
            if sources
                .iter()
                .flatten()
                .any(|s| path.exists() && crate::export::same_file(std::path::Path::new(s), &path))
            {
                return Some((
                    false,
                    "That is a source file: Duizhao never overwrites it. Choose another name."
                        .into(),
                ));
            }
            let a = p.alignment();
            let tmx_options = |lang_style| TmxOptions {
                units: p
                    .info()
                    .map(|info| UnitOptions::for_project(&info))
                    .unwrap_or_default(),
                lang_style,
            };
            let text = match self.export_format {
                0 => to_tmx(a, &tmx_options(crate::tm::LangStyle::Region)),
                1 => to_tmx(a, &tmx_options(crate::tm::LangStyle::Script)),
                2 => to_html(
                    a,
                    &HtmlOptions {
                        title: "Alignment".into(),
                        ..HtmlOptions::default()
                    },
                ),
                3 => to_tsv(a),
                _ => to_beads(a),
            };
            message = Some(match crate::export::write_atomic(&path, text.as_bytes()) {
                Ok(()) => (
                    true,
                    format!("Exported {} beads to {}.", a.beads.len(), path.display()),
                ),
                Err(e) => (false, e.to_string()),
            });
        }
        message
    }
}
