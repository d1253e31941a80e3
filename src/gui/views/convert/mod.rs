//! The Convert workspace: Simplified ⇄ Traditional conversion of a document version, a selection, pasted
//! text or a whole folder, previewed side by side with the changed characters highlighted, then exported
//! to a new file or kept as a *converted version* of the document (which Align, Translate and the exports
//! can then pick, and which is made again when the text it came from changes).
//!
//! Main type: [`ConvertView`]. The preview converts at most [`PREVIEW_BYTES`] of text on the UI thread
//! (a few milliseconds); exporting or keeping a whole document runs as a job with progress and Cancel. The
//! source file is never written: an export onto it is refused, one onto an existing file asks first.

pub mod folder;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::convert::{ChangedSpan, Config, Converter};
use crate::document::Document;
use crate::gui::app::AppState;
use crate::gui::command::{Command, NewVersion};
use crate::gui::export_target::{ExportTarget, proposed_path};
use crate::gui::jobs::Pending;
use crate::gui::pickers::{self, Source};
use crate::gui::widgets;
use crate::version::{Recipe, VersionRef};
use crate::{Error, Progress};

/// How much of a document the preview shows.
pub const PREVIEW_BYTES: usize = 200_000;

/// A computed preview, valid for one (text, configuration) pair.
struct Preview {
    key: (u64, usize, Config),
    source: String,
    output: String,
    spans: Vec<ChangedSpan>,
    truncated: bool,
}

/// UI state of the Convert workspace.
pub struct ConvertView {
    config: Config,
    source: Source,
    pasted: String,
    preview: Option<Preview>,
    selection: Option<Range<usize>>,
    selection_output: Option<String>,
    target: ExportTarget,
    export_result: Pending<Result<String, String>>,
    message: Option<(bool, String)>,
    folder: folder::FolderConvert,
    hashed: widgets::TextFingerprint,
}

impl Default for ConvertView {
    fn default() -> Self {
        ConvertView {
            config: Config::S2twp,
            source: Source::Document,
            pasted: String::new(),
            preview: None,
            selection: None,
            selection_output: None,
            target: ExportTarget::default(),
            export_result: Pending::default(),
            message: None,
            folder: Default::default(),
            hashed: widgets::TextFingerprint::default(),
        }
    }
}

impl ConvertView {
    /// Draws the workspace.
    pub fn ui(&mut self, ui: &mut egui::Ui, state: &mut AppState) {
        if let Some(result) = self.export_result.take() {
            self.message = Some(match result {
                Ok(m) => (true, m),
                Err(m) => (false, m),
            });
        }
        self.controls_ui(ui, state);
        self.folder.ui(ui, state, self.config);
        ui.separator();
        let working = state.working_text();
        let text: Option<(u64, &str)> = match (self.source, &working) {
            (Source::Document, Some((_, d))) => Some((self.hashed.of(d), d.text.as_str())),
            (Source::Document, None) => None,
            (Source::Pasted, _) => Some((0, self.pasted.as_str())),
        };
        let Some((id, text)) = text else {
            widgets::empty_hint(
                ui,
                "Nothing to convert yet",
                "Open a document in the Documents workspace, or choose “Pasted text” above and paste some Chinese.",
            );
            return;
        };
        let key = (id, text.len(), self.config);
        if self.preview.as_ref().is_none_or(|p| p.key != key) || self.source == Source::Pasted {
            self.preview = Some(make_preview(key, text, self.config));
        }
        let doc = match self.source {
            Source::Document => working,
            Source::Pasted => None,
        };
        self.export_ui(ui, state, doc);
        ui.separator();
        self.side_by_side_ui(ui);
    }

    fn controls_ui(&mut self, ui: &mut egui::Ui, state: &mut AppState) {
        ui.horizontal_wrapped(|ui| {
            ui.label("Convert");
            pickers::source_combo(
                ui,
                "convert_source",
                "Text to convert",
                state,
                Some(&mut self.source),
                |_| true,
            );
            ui.label("as");
            egui::ComboBox::from_id_salt("convert_config")
                .selected_text(self.config.label())
                .width(360.0)
                .show_ui(ui, |ui| {
                    for config in Config::ALL {
                        let label = format!("{}   ({})", config.label(), config.name());
                        if ui
                            .selectable_value(&mut self.config, config, label)
                            .changed()
                        {
                            self.selection_output = None;
                        }
                    }
                })
                .response
                .accessible_name("Conversion");
        });
        if self.source == Source::Pasted {
            ui.add(
                egui::TextEdit::multiline(&mut self.pasted)
                    .hint_text(widgets::hint("Paste or type Chinese text here…"))
                    .desired_rows(4)
                    .desired_width(f32::INFINITY),
            );
        }
    }

    fn export_ui(
        &mut self,
        ui: &mut egui::Ui,
        state: &mut AppState,
        doc: Option<(VersionRef, Arc<Document>)>,
    ) {
        let Some(preview) = &self.preview else {
            return;
        };
        let changed = preview.spans.len();
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "{} in the preview{}",
                widgets::plural(changed, "change"),
                if preview.truncated {
                    " (first 200 KB)"
                } else {
                    ""
                }
            ));
            if let Some(sel) = &self.selection {
                if ui.button("Convert selection").clicked() {
                    let src = &preview.source[sel.clone()];
                    self.selection_output = Some(Converter::new(self.config).convert(src));
                }
            }
            if ui.button("Copy converted text").clicked() && !preview.truncated {
                ui.ctx().copy_text(preview.output.clone());
                self.message = Some((true, "Converted text copied.".into()));
            }
        });
        if let Some(out) = &self.selection_output {
            ui.horizontal_wrapped(|ui| {
                ui.label("Selection:");
                ui.label(egui::RichText::new(out).strong());
                if ui.small_button("Copy").clicked() {
                    ui.ctx().copy_text(out.clone());
                }
            });
        }
        let source_path = doc.as_ref().and_then(|(_, d)| d.path.clone());
        let mut tags = doc
            .as_ref()
            .map(|(r, _)| super::documents::export::version_tags(state, r))
            .unwrap_or_default();
        tags.push(self.config.name().to_string());
        let tag_refs: Vec<&str> = tags.iter().map(String::as_str).collect();
        let proposal = proposed_path(source_path.as_deref(), "converted", &tag_refs, "txt");
        let key = doc
            .as_ref()
            .map_or("pasted".to_string(), |(r, _)| r.to_key());
        ui.horizontal(|ui| {
            self.target
                .ui(ui, "Export to", "convert_export", &key, &proposal, "txt");
        });
        let mut go = None;
        ui.horizontal(|ui| {
            let busy = state.jobs.is_busy();
            if ui
                .button("Export converted text")
                .clicked()
            {
                let sources: Vec<&Path> = source_path.as_deref().into_iter().collect();
                go = Some(self.target.request(&sources, &[]));
            }
            let whole = doc.as_ref().filter(|(r, _)| r.part.is_none());
            if let Some((r, d)) = whole {
                if ui
                    .add_enabled(!busy, egui::Button::new("Keep as a version"))
                    .on_hover_text("Add the converted text to the document's versions, for Align, Translate and export")
                    .clicked()
                {
                    self.keep(ui.ctx(), state, *r, d.clone());
                }
            }
            widgets::message(ui, &self.message);
        });
        let path = self
            .target
            .outcome(ui.ctx(), "convert_export", go)
            .unwrap_or_else(|m| {
                self.message = Some((false, m));
                None
            });
        if let Some(path) = path {
            let text: Arc<str> = match &doc {
                Some((_, d)) => Arc::from(d.text.as_str()),
                None => Arc::from(self.pasted.as_str()),
            };
            self.start_export(ui.ctx(), state, text, path);
        }
    }

    /// Converts the whole text on a worker thread and stores it as a version made from `r`.
    fn keep(
        &mut self,
        ctx: &egui::Context,
        state: &mut AppState,
        r: VersionRef,
        doc: Arc<Document>,
    ) {
        let config = self.config;
        self.message = Some((
            true,
            format!(
                "Kept as the version “{}”.",
                Recipe::converted(config).label()
            ),
        ));
        state
            .jobs
            .spawn(ctx, format!("Converting {}", doc.name), move |_| {
                let text = crate::version::make::convert(&doc.text, config);
                vec![Command::SaveVersion {
                    version: NewVersion {
                        document: r.document,
                        parent: r.version,
                        recipe: Recipe::converted(config),
                        parent_hash: crate::fingerprint::of_text(&doc.text),
                        text,
                    },
                    replace: None,
                }]
            });
    }

    fn start_export(
        &mut self,
        ctx: &egui::Context,
        state: &mut AppState,
        text: Arc<str>,
        path: PathBuf,
    ) {
        let config = self.config;
        self.message = None;
        state.jobs.spawn_into(
            ctx,
            format!("Converting to {}", path.display()),
            &self.export_result,
            move |progress| export(&text, config, &path, progress).map_err(|e| e.to_string()),
        );
    }

    fn side_by_side_ui(&mut self, ui: &mut egui::Ui) {
        let Some(preview) = &self.preview else {
            return;
        };
        let highlight = if ui.visuals().dark_mode {
            egui::Color32::from_rgb(0x5a, 0x44, 0x10)
        } else {
            egui::Color32::from_rgb(0xff, 0xe8, 0x9c)
        };
        let src_ranges: Vec<Range<usize>> = preview.spans.iter().map(|s| s.src.clone()).collect();
        let dst_ranges: Vec<Range<usize>> = preview.spans.iter().map(|s| s.dst.clone()).collect();
        let mut selection = None;
        ui.columns(2, |cols| {
            cols[0].strong("Original");
            cols[1].strong(format!("Converted ({})", self.config.name()));
            egui::ScrollArea::vertical()
                .id_salt("convert_src")
                .show(&mut cols[0], |ui| {
                    let job_source = highlighted(ui, &preview.source, &src_ranges, highlight);
                    let mut text = preview.source.as_str();
                    let mut layouter =
                        move |ui: &egui::Ui, _buf: &dyn egui::TextBuffer, wrap: f32| {
                            let mut job = job_source.clone();
                            job.wrap.max_width = wrap;
                            ui.fonts_mut(|f| f.layout_job(job))
                        };
                    let output = egui::TextEdit::multiline(&mut text)
                        .id_salt("convert_source_text")
                        .desired_width(f32::INFINITY)
                        .layouter(&mut layouter)
                        .show(ui);
                    if let Some(range) = output.cursor_range {
                        let [a, b] = range.sorted_cursors();
                        if a.index != b.index {
                            selection = Some(
                                char_to_byte(&preview.source, a.index.0)
                                    ..char_to_byte(&preview.source, b.index.0),
                            );
                        }
                    }
                });
            egui::ScrollArea::vertical()
                .id_salt("convert_dst")
                .show(&mut cols[1], |ui| {
                    let mut job = highlighted(ui, &preview.output, &dst_ranges, highlight);
                    job.wrap.max_width = ui.available_width();
                    ui.add(egui::Label::new(job).selectable(true));
                });
        });
        self.selection = selection;
    }
}

/// Converts the start of `text` for the preview.
fn make_preview(key: (u64, usize, Config), text: &str, config: Config) -> Preview {
    let truncated = text.len() > PREVIEW_BYTES;
    let cut = if truncated {
        floor_char_boundary(text, PREVIEW_BYTES)
    } else {
        text.len()
    };
    let source = text[..cut].to_string();
    let (output, spans) = Converter::new(config).convert_with_spans(&source);
    Preview {
        key,
        source,
        output,
        spans,
        truncated,
    }
}

/// Converts `text` and writes it to `path` atomically, reporting progress per line.
fn export(
    text: &str,
    config: Config,
    path: &std::path::Path,
    progress: &mut dyn Progress,
) -> crate::Result<String> {
    let converter = Converter::new(config);
    progress.start(text.len() as u64, "converting");
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for line in text.split_inclusive('\n') {
        converter.convert_into(line, &mut out);
        if !progress.advance(line.len() as u64) {
            return Err(Error::Cancelled);
        }
    }
    crate::export::write_atomic(path, out.as_bytes())?;
    Ok(format!(
        "Saved {} ({} KB).",
        path.display(),
        out.len() / 1024
    ))
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn char_to_byte(s: &str, chars: usize) -> usize {
    s.char_indices().nth(chars).map_or(s.len(), |(b, _)| b)
}

/// A layout of `text` with `ranges` (sorted byte ranges) on a highlighted background.
fn highlighted(
    ui: &egui::Ui,
    text: &str,
    ranges: &[Range<usize>],
    background: egui::Color32,
) -> egui::text::LayoutJob {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let plain = egui::TextFormat::simple(font.clone(), ui.visuals().text_color());
    let marked = egui::TextFormat {
        background,
        ..plain.clone()
    };
    let mut job = egui::text::LayoutJob::default();
    let mut pos = 0;
    for r in ranges {
        if r.start < pos || r.end > text.len() {
            continue;
        }
        job.append(&text[pos..r.start], 0.0, plain.clone());
        job.append(&text[r.clone()], 0.0, marked.clone());
        pos = r.end;
    }
    job.append(&text[pos..], 0.0, plain);
    job
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_converts_whole_text_and_never_leaves_partial_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        let msg = export(
            "两江新区\n渝洽会\n",
            Config::S2t,
            &path,
            &mut crate::NoProgress,
        )
        .unwrap();
        assert!(msg.contains("out.txt"));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "兩江新區\n渝洽會\n"
        );
        let err = export(
            "两江新区\n",
            Config::S2t,
            &path,
            &mut crate::CancelFlag::new().tap_cancel(),
        )
        .unwrap_err();
        assert!(matches!(err, Error::Cancelled));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "兩江新區\n渝洽會\n"
        );
    }

    #[test]
    fn names_and_boundaries() {
        assert_eq!(floor_char_boundary("两江", 4), 3);
        assert_eq!(char_to_byte("两江a", 2), 6);
    }

    trait TapCancel {
        fn tap_cancel(self) -> Self;
    }
    impl TapCancel for crate::CancelFlag {
        fn tap_cancel(self) -> Self {
            self.cancel();
            self
        }
    }
}
