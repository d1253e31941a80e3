//! The Translate workspace's export row: the translation as TXT or DOCX, with a TMX of the work beside
//! it, to a path proposed from the source's name, version and target language. An existing file is
//! replaced only after the user confirms; open QA findings are counted first, and the user reviews them or
//! exports anyway.
//!
//! Main type: [`ExportRow`].

use std::path::{Path, PathBuf};

use crate::gui::app::AppState;
use crate::gui::export_target::{ExportTarget, Go, proposed_path};
use crate::gui::jobs::Pending;
use crate::gui::widgets;
use crate::tm::{LangStyle, TranslationProject};

use super::jobs::Done;
use super::request::{ExportFormat, Request};

/// UI state of the export row.
pub struct ExportRow {
    format: ExportFormat,
    with_tmx: bool,
    target: ExportTarget,
    /// Open QA findings found when the user clicked Export: the question is showing.
    asking: Option<usize>,
    /// The user answered "Export anyway" (taken on the next frame).
    anyway: bool,
    /// The user answered "Review them".
    pub review: bool,
    /// A path confirmed or chosen, waiting for the QA question.
    pending: Option<PathBuf>,
}

impl Default for ExportRow {
    fn default() -> Self {
        ExportRow {
            format: ExportFormat::Text,
            with_tmx: true,
            target: ExportTarget::default(),
            asking: None,
            anyway: false,
            review: false,
            pending: None,
        }
    }
}

impl ExportRow {
    /// Draws the row; records the export the user asked for in `request`.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        state: &AppState,
        project: &TranslationProject,
        request: &mut Request,
        message: &Option<(bool, String)>,
    ) {
        let source = project
            .source_key
            .as_deref()
            .and_then(crate::version::VersionRef::from_key);
        let (source_path, tags) = match source {
            Some(r) => (
                state.library.get(r.document).map(|d| d.path.clone()),
                super::super::documents::export::version_tags(state, &r),
            ),
            None => (None, Vec::new()),
        };
        let mut tags: Vec<&str> = tags.iter().map(String::as_str).collect();
        let lang = project.target_lang.to_string();
        tags.push(&lang);
        let stem = project.source_name.as_deref().unwrap_or("translation");
        let proposal = proposed_path(source_path.as_deref(), stem, &tags, self.format.extension());
        let key = project.source_key.clone().unwrap_or_default();
        ui.horizontal_wrapped(|ui| {
            ui.label("Export as");
            egui::ComboBox::from_id_salt("translate_format")
                .selected_text(self.format.label())
                .show_ui(ui, |ui| {
                    for f in ExportFormat::ALL {
                        ui.selectable_value(&mut self.format, f, f.label());
                    }
                })
                .response
                .accessible_name("Export format");
            ui.checkbox(&mut self.with_tmx, "and a TMX of the work beside it");
        });
        ui.horizontal(|ui| {
            self.target.ui(
                ui,
                "Export to",
                "translate_export",
                &key,
                &proposal,
                self.format.extension(),
            );
        });
        let mut go = None;
        ui.horizontal_wrapped(|ui| {
            if ui
                .button("Export translation")
                .on_hover_text("Checks QA first; confirmed segments are already in the memory")
                .clicked()
            {
                let sources: Vec<&Path> = source_path.as_deref().into_iter().collect();
                let beside: &[&str] = if self.with_tmx { &["tmx"] } else { &[] };
                go = Some(self.target.request(&sources, beside));
            }
            widgets::message(ui, message);
        });
        self.target.confirm_ui(ui.ctx(), "translate_export");
        match go {
            Some(Go::Write(p)) => self.pending = Some(p),
            Some(Go::Refused(m)) => {
                ui.colored_label(ui.visuals().error_fg_color, m);
            }
            _ => {
                if let Some(p) = self.target.take_confirmed() {
                    self.pending = Some(p);
                }
            }
        }
        if self.pending.is_some() && self.asking.is_none() {
            request.export = Some(self.format);
            request.export_anyway = std::mem::take(&mut self.anyway);
        }
        self.question_ui(ui.ctx());
    }

    /// Starts the export unless QA findings are open and the user has not said to export anyway, in which
    /// case the question is asked.
    #[allow(clippy::too_many_arguments)]
    pub fn start(
        &mut self,
        ctx: &egui::Context,
        state: &mut AppState,
        project: &TranslationProject,
        format: ExportFormat,
        anyway: bool,
        open_findings: usize,
        done: &Pending<Vec<Done>>,
    ) {
        if open_findings > 0 && !anyway {
            self.asking = Some(open_findings);
            return;
        }
        let Some(path) = self.pending.take() else {
            return;
        };
        let project = project.clone();
        let with_tmx = self.with_tmx;
        let slot = done.clone();
        state.jobs.spawn(
            ctx,
            format!("Exporting {}", path.display()),
            move |progress| {
                let result =
                    export(&project, format, &path, with_tmx, progress).map_err(|e| e.to_string());
                slot.push(Done::Message(result));
                Vec::new()
            },
        );
    }

    fn question_ui(&mut self, ctx: &egui::Context) {
        let Some(n) = self.asking else { return };
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("translate_qa_question")).show(ctx, |ui| {
            ui.set_max_width(440.0);
            ui.heading(format!("{} open", widgets::plural(n, "QA error")));
            ui.add_space(4.0);
            ui.label("QA found problems in this translation (listed under the segments; suggestions are not counted). Review them first, or export as it stands?");
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Review them").clicked() {
                    answer = Some(false);
                }
                if ui.button("Export anyway").clicked() {
                    answer = Some(true);
                }
            });
        });
        match answer {
            Some(true) => {
                self.asking = None;
                self.anyway = true;
            }
            Some(false) => {
                self.asking = None;
                self.pending = None;
                self.review = true;
            }
            None => {}
        }
    }
}

/// Writes the translation and, when asked, its TMX beside it; says how many units the TMX holds.
fn export(
    project: &TranslationProject,
    format: ExportFormat,
    path: &Path,
    with_tmx: bool,
    progress: &mut dyn crate::Progress,
) -> crate::Result<String> {
    match format {
        ExportFormat::Text => project.export_txt(path)?,
        ExportFormat::Docx => project.export_docx(path)?,
    }
    let mut said = format!("Saved {}.", path.display());
    if with_tmx {
        let tmx = path.with_extension("tmx");
        let summary = project.export_tmx(&tmx, LangStyle::default(), progress)?;
        said.push_str(&format!(
            " TMX: {} ({}).",
            tmx.display(),
            widgets::plural(summary.written, "unit")
        ));
        let untranslated = project.segments.len() - summary.written;
        if untranslated > 0 {
            said.push_str(&format!(
                " {} left out of the TMX: not translated.",
                widgets::plural(untranslated, "segment")
            ));
        }
    }
    Ok(said)
}
