//! The Convert workspace's folder conversion: every text file under a folder converted into the same
//! relative path under another folder, as a job with progress and Cancel. Source files are only read; the
//! output folder may not be the source folder, and one that already holds files is used only after the
//! user confirms (files with the same names would be replaced).
//!
//! Main type: [`FolderConvert`]; the work is the core's [`crate::convert::files::convert_folder`].

use std::path::PathBuf;

use crate::convert::files::{FolderReport, convert_folder};
use crate::convert::{Config, Converter};
use crate::gui::app::AppState;
use crate::gui::dialogs::{self, Chosen};
use crate::gui::jobs::Pending;
use crate::gui::widgets;

/// UI state of the folder form.
#[derive(Default)]
pub struct FolderConvert {
    input: String,
    output: String,
    input_dialog: Pending<Chosen>,
    output_dialog: Pending<Chosen>,
    result: Pending<Result<FolderReport, String>>,
    message: Option<(bool, String)>,
    /// A non-empty output folder waiting for the user's word, with its number of entries.
    confirming: Option<(PathBuf, PathBuf, usize)>,
}

impl FolderConvert {
    /// Draws the form (inside a collapsed section) and starts the job when asked.
    pub fn ui(&mut self, ui: &mut egui::Ui, state: &mut AppState, config: Config) {
        if let Some(result) = self.result.take() {
            self.message = Some(match result {
                Ok(report) => (true, summary(&report)),
                Err(e) => (false, e),
            });
        }
        egui::CollapsingHeader::new("Convert a whole folder")
            .id_salt("convert_folder")
            .show(ui, |ui| {
                dialogs::path_row(
                    ui,
                    "From folder",
                    "convert_folder_in",
                    "folder of releases",
                    &mut self.input,
                    &self.input_dialog,
                    |ctx, start, p| dialogs::pick_folder(ctx, "Folder to convert", start, p),
                );
                dialogs::path_row(
                    ui,
                    "Into folder",
                    "convert_folder_out",
                    "a new or empty folder",
                    &mut self.output,
                    &self.output_dialog,
                    |ctx, start, p| {
                        dialogs::pick_folder(ctx, "Folder for the converted files", start, p)
                    },
                );
                ui.horizontal_wrapped(|ui| {
                    let ready = !self.input.trim().is_empty() && !self.output.trim().is_empty();
                    if ui
                        .add_enabled(
                            ready && !state.jobs.is_busy(),
                            egui::Button::new("Convert folder"),
                        )
                        .on_hover_text(format!(
                            "Every text file, converted with {}",
                            config.label()
                        ))
                        .clicked()
                    {
                        let (input, output) = (
                            PathBuf::from(self.input.trim()),
                            PathBuf::from(self.output.trim()),
                        );
                        match crate::export::entries_in(&output) {
                            Ok(0) => self.start(ui.ctx(), state, config, input, output),
                            Ok(n) => self.confirming = Some((input, output, n)),
                            Err(e) => self.message = Some((false, e.to_string())),
                        }
                    }
                    widgets::message(ui, &self.message);
                });
            });
        self.confirm_ui(ui.ctx(), state, config);
    }

    fn start(
        &mut self,
        ctx: &egui::Context,
        state: &mut AppState,
        config: Config,
        input: PathBuf,
        output: PathBuf,
    ) {
        self.message = None;
        state.jobs.spawn_into(
            ctx,
            format!("Converting {}", input.display()),
            &self.result,
            move |progress| {
                convert_folder(&Converter::new(config), &input, &output, progress)
                    .map_err(|e| e.to_string())
            },
        );
    }

    fn confirm_ui(&mut self, ctx: &egui::Context, state: &mut AppState, config: Config) {
        let Some((input, output, n)) = self.confirming.clone() else {
            return;
        };
        let answer = widgets::ask(
            ctx,
            "convert_folder_confirm",
            "Convert into a folder that holds files?",
            &[format!(
                "{} already holds {}. Converted files with the same names will replace them.",
                output.display(),
                widgets::plural(n, "entry")
            )],
            "Convert into it",
            "Cancel",
        );
        match answer {
            Some(true) => {
                self.confirming = None;
                self.start(ctx, state, config, input, output);
            }
            Some(false) => {
                self.confirming = None;
                self.message = Some((false, "Nothing was converted.".into()));
            }
            None => {}
        }
    }
}

/// "Converted 12 files (3.4 MB); skipped 2: photo.jpg (binary), …".
fn summary(report: &FolderReport) -> String {
    let bytes: u64 = report.converted.iter().map(|f| f.bytes).sum();
    let mut text = format!(
        "Converted {} ({:.1} MB).",
        widgets::plural(report.converted.len(), "file"),
        bytes as f64 / 1e6
    );
    let replaced: usize = report.converted.iter().map(|f| f.replacements).sum();
    if replaced > 0 {
        text.push_str(&format!(
            " {} replaced (U+FFFD).",
            crate::gui::widgets::plural(replaced, "invalid byte sequence")
        ));
    }
    if !report.skipped.is_empty() {
        let names: Vec<String> = report
            .skipped
            .iter()
            .take(5)
            .map(|(p, why)| {
                format!(
                    "{} ({why})",
                    p.file_name().map_or_else(
                        || p.display().to_string(),
                        |n| n.to_string_lossy().into_owned()
                    )
                )
            })
            .collect();
        text.push_str(&format!(
            " Skipped {}: {}",
            report.skipped.len(),
            names.join(", ")
        ));
        if report.skipped.len() > 5 {
            text.push_str(", …");
        }
    }
    text
}
