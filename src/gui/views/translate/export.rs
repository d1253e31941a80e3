//! The Translate workspace's export row: the translation as TXT or DOCX, with a TMX of the work beside
//! it, to a path proposed from the source's name, version and target language. An existing file is
//! replaced only after the user confirms; open QA findings are counted first, and the user reviews them or
//! exports anyway.
//!
//! Main type: [`ExportRow`].

use std::path::{Path, PathBuf};

use crate::gui::app::AppState;
use crate::gui::export_target::{ExportTarget, proposed_path};
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
    /// Why the last click could not export (no path, a file you opened), shown until the next click.
    refused: Option<(bool, String)>,
}

impl Default for ExportRow {
    fn default() -> Self {
        ExportRow {
            format: ExportFormat::Text,
            with_tmx: true,
            target: ExportTarget::default(),
            asking: None,
            refused: None,
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
                self.refused = None;
            }
            widgets::message(
                ui,
                if self.refused.is_some() {
                    &self.refused
                } else {
                    message
                },
            );
        });
        match self.target.outcome(ui.ctx(), "translate_export", go) {
            Ok(Some(p)) => self.pending = Some(p),
            Ok(None) => {}
            Err(m) => self.refused = Some((false, m)),
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
        let answer = widgets::ask(
            ctx,
            "translate_qa_question",
            &format!("{} open", widgets::plural(n, "QA error")),
            &["QA found problems in this translation (listed under the segments; suggestions are not counted). Review them first, or export as it stands?".into()],
            "Export anyway",
            "Review them",
        );
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

/// Writes the translation and, when asked, its TMX beside it; says how many segments and units each
/// holds. Both are written into a new folder beside them first and moved into place only when both are
/// complete, so a failure (a full disk, a folder that cannot be written) leaves neither half an export
/// nor a translation without its TMX.
fn export(
    project: &TranslationProject,
    format: ExportFormat,
    path: &Path,
    with_tmx: bool,
    progress: &mut dyn crate::Progress,
) -> crate::Result<String> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // Moving a file into place would replace a device, a pipe or a link rather than write through it:
    // those are written where they are, as every export writes them.
    let special = |p: &Path| {
        std::fs::symlink_metadata(p)
            .is_ok_and(|m| !m.file_type().is_file() && !m.file_type().is_dir())
    };
    if special(path) || (with_tmx && special(&path.with_extension("tmx"))) {
        return stage(project, format, path, with_tmx, None, progress);
    }
    let staging = folder.join(format!(
        ".duizhao-export-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    std::fs::create_dir(&staging).map_err(|e| crate::Error::io(folder, e))?;
    let result = stage(project, format, path, with_tmx, Some(&staging), progress);
    // Whatever happened, nothing is left behind in the staging folder.
    let _ = std::fs::remove_dir_all(&staging);
    result
}

/// Writes the export into `staging`, then moves its files to `path` (and the TMX beside it); without a
/// staging folder, writes them in place.
fn stage(
    project: &TranslationProject,
    format: ExportFormat,
    path: &Path,
    with_tmx: bool,
    staging: Option<&Path>,
    progress: &mut dyn crate::Progress,
) -> crate::Result<String> {
    let text_at = match staging {
        Some(dir) => dir.join(path.file_name().unwrap_or_default()),
        None => path.to_path_buf(),
    };
    match format {
        ExportFormat::Text => project.export_txt(&text_at)?,
        ExportFormat::Docx => project.export_docx(&text_at)?,
    }
    let translated = project
        .segments
        .iter()
        .filter(|s| !s.target.is_empty())
        .count();
    let mut said = format!(
        "Saved {} ({} of {} translated).",
        path.display(),
        translated,
        widgets::plural(project.segments.len(), "segment")
    );
    let tmx_at = text_at.with_extension("tmx");
    let mut moves = vec![(text_at, path.to_path_buf())];
    if with_tmx {
        let tmx = path.with_extension("tmx");
        let summary = project.export_tmx(&tmx_at, LangStyle::default(), progress)?;
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
        moves.push((tmx_at, tmx));
    }
    let moves: Vec<_> = moves.into_iter().filter(|(from, to)| from != to).collect();
    // A folder where a file goes would stop the second move after the first: find it before either.
    if let Some((_, to)) = moves.iter().find(|(_, to)| to.is_dir()) {
        return Err(crate::Error::io(
            to,
            std::io::Error::other("a folder of that name is in the way"),
        ));
    }
    for (from, to) in moves {
        std::fs::rename(&from, &to).map_err(|e| crate::Error::io(&to, e))?;
    }
    Ok(said)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tm::LangTag;

    fn project() -> TranslationProject {
        let mut p = TranslationProject::new(
            Some("release.txt".into()),
            LangTag::zh_simplified(),
            LangTag::parse("en-US").unwrap(),
            vec![vec!["两江新区签约十个项目。".into(), "渝洽会开幕。".into()]],
        );
        p.segments[0].target = "Liangjiang New Area signed ten projects.".into();
        p
    }

    #[test]
    fn the_translation_and_its_tmx_arrive_together() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("release.en.txt");
        let said = export(
            &project(),
            ExportFormat::Text,
            &path,
            true,
            &mut crate::NoProgress,
        )
        .unwrap();
        assert!(said.contains("1 of 2 segments translated"), "{said}");
        assert!(said.contains("(1 unit)"), "{said}");
        assert!(path.exists() && path.with_extension("tmx").exists());
        // Nothing is left of the staging folder.
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn a_tmx_that_cannot_be_written_leaves_no_translation_either() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("release.en.txt");
        // A folder where the TMX goes: writing it fails after the translation was written.
        std::fs::create_dir(path.with_extension("tmx")).unwrap();
        let err = export(
            &project(),
            ExportFormat::Text,
            &path,
            true,
            &mut crate::NoProgress,
        )
        .unwrap_err();
        assert!(err.to_string().contains("release.en.tmx"), "{err}");
        assert!(!path.exists(), "no translation without its TMX");
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["release.en.tmx"], "only the folder that was there");
    }
}
