//! The Clean workspace: runs the cleaning rules over the selected document (or pasted text), shows the
//! original and the cleaned text side by side with every change highlighted, lets the editor accept or reject
//! each change or a whole rule (with undo), and exports the result as TXT, Markdown or DOCX, in the original
//! script or converted.
//!
//! Main type: [`CleanView`]. Cleaning and export run as jobs (progress, Cancel); the table draws only its
//! visible rows, so a long release scrolls smoothly. The source file is never written.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::clean::{self, CleanOptions, CleanReport, Rule, RuleSet};
use crate::convert::{Config, Converter};
use crate::document::Document;
use crate::gui::app::AppState;
use crate::gui::dialogs::{self, Chosen};
use crate::gui::jobs::Pending;
use crate::gui::widgets::{self, TextSource};

use super::clean_review::Review;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// UTF-8 text, the cleaned text as it stands.
    Text,
    /// Markdown, one paragraph per non-blank line.
    Markdown,
    /// Word document, one paragraph per non-blank line.
    Docx,
}

impl ExportFormat {
    const ALL: [ExportFormat; 3] = [
        ExportFormat::Text,
        ExportFormat::Markdown,
        ExportFormat::Docx,
    ];

    fn label(self) -> &'static str {
        match self {
            ExportFormat::Text => "Plain text (.txt)",
            ExportFormat::Markdown => "Markdown (.md)",
            ExportFormat::Docx => "Word document (.docx)",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            ExportFormat::Text => "txt",
            ExportFormat::Markdown => "md",
            ExportFormat::Docx => "docx",
        }
    }
}

/// What a review was computed from: the text's identity and the rules.
type Key = (usize, usize, RuleSet);

/// UI state of the Clean workspace.
pub struct CleanView {
    source: TextSource,
    pasted: String,
    rules: RuleSet,
    review: Option<(Key, Review)>,
    running: Option<Key>,
    /// A text whose cleaning failed or was cancelled: not restarted on its own, only by the button.
    failed: Option<Key>,
    result: Pending<(Key, Result<CleanReport, String>)>,
    selected_change: Option<usize>,
    scroll_to_row: Option<usize>,
    format: ExportFormat,
    convert_to: Option<Config>,
    export_path: String,
    export_dialog: Pending<Chosen>,
    export_result: Pending<Result<String, String>>,
    message: Option<(bool, String)>,
}

impl Default for CleanView {
    fn default() -> Self {
        CleanView {
            source: TextSource::Document,
            pasted: String::new(),
            rules: RuleSet::all(),
            review: None,
            running: None,
            failed: None,
            result: Pending::default(),
            selected_change: None,
            scroll_to_row: None,
            format: ExportFormat::Text,
            convert_to: None,
            export_path: String::new(),
            export_dialog: Pending::default(),
            export_result: Pending::default(),
            message: None,
        }
    }
}

impl CleanView {
    /// Draws the workspace.
    pub fn ui(&mut self, ui: &mut egui::Ui, state: &mut AppState) {
        self.collect_results();
        let doc = state.selected_doc().and_then(|d| d.ready().cloned());
        self.controls_ui(ui, doc.as_ref());
        let text: Option<(usize, Arc<str>)> = match (self.source, &doc) {
            (TextSource::Document, Some(d)) => {
                Some((Arc::as_ptr(d) as usize, Arc::from(d.text.as_str())))
            }
            (TextSource::Document, None) => None,
            (TextSource::Pasted, _) if self.pasted.is_empty() => None,
            (TextSource::Pasted, _) => Some((0, Arc::from(self.pasted.as_str()))),
        };
        let Some((id, text)) = text else {
            self.review = None;
            widgets::empty_hint(
                ui,
                "Nothing to clean yet",
                "Open a document in the Documents workspace, or choose “Pasted text” above and paste a scraped release.",
            );
            return;
        };
        let key = (id, text.len(), self.rules);
        let current = self.review.as_ref().is_some_and(|(k, _)| *k == key);
        let automatic = self.source == TextSource::Document && self.failed != Some(key);
        if !current && self.running != Some(key) && automatic {
            self.start_clean(ui.ctx(), state, key, text);
        } else if !current && self.running != Some(key) {
            ui.horizontal(|ui| {
                if ui.button("Clean").clicked() {
                    self.start_clean(ui.ctx(), state, key, text);
                }
                if let Some((false, m)) = &self.message {
                    ui.colored_label(ui.visuals().error_fg_color, m);
                }
            });
        }
        let Some((_, review)) = self.review.as_mut().filter(|(k, _)| *k == key) else {
            if self.running.is_some() {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Cleaning…");
                });
            }
            return;
        };
        Self::shortcuts(ui, review);
        ui.separator();
        let doc_path = doc.as_ref().and_then(|d| d.path.clone());
        let doc_name = doc.as_ref().map(|d| d.name.clone());
        let mut export_clicked = false;
        let message = self.message.clone();
        export_ui(
            ui,
            review,
            &mut self.format,
            &mut self.convert_to,
            &mut self.export_path,
            &self.export_dialog,
            doc_name.as_deref(),
            state.jobs.is_busy(),
            &mut export_clicked,
            &message,
        );
        let export_request =
            export_clicked.then(|| (review.text(), review.report.metadata.source.clone()));
        ui.separator();
        egui::Panel::right("clean_changes")
            .resizable(true)
            .default_size(380.0)
            .size_range(280.0..=640.0)
            .show(ui, |ui| {
                if let Some(i) = super::clean_changes::changes_ui(ui, review, self.selected_change)
                {
                    self.selected_change = Some(i);
                    self.scroll_to_row = review.row_of_change(i);
                }
            });
        egui::CentralPanel::default().show(ui, |ui| {
            super::clean_changes::table_ui(ui, review, self.scroll_to_row.take());
        });
        if let Some((text, title)) = export_request {
            self.start_export(ui.ctx(), state, text, title, doc_path.as_deref());
        }
    }

    fn collect_results(&mut self) {
        if let Some((key, result)) = self.result.take() {
            if self.running == Some(key) {
                self.running = None;
            }
            match result {
                Ok(report) => {
                    self.message = Some((true, summary(&report)));
                    self.selected_change = None;
                    self.review = Some((key, Review::new(report)));
                }
                Err(e) => {
                    self.failed = Some(key);
                    self.message = Some((false, e));
                }
            }
        }
        if let Some(result) = self.export_result.take() {
            self.message = Some(match result {
                Ok(m) => (true, m),
                Err(m) => (false, m),
            });
        }
    }

    fn controls_ui(&mut self, ui: &mut egui::Ui, doc: Option<&Arc<Document>>) {
        ui.horizontal_wrapped(|ui| {
            ui.label("Clean");
            widgets::text_source_combo(
                ui,
                "clean_source",
                "Text to clean",
                &mut self.source,
                doc.map(|d| d.name.as_str()),
            );
            ui.separator();
            ui.label("Rules:");
            for rule in Rule::ALL {
                let mut on = self.rules.contains(rule);
                if ui
                    .checkbox(&mut on, rule.name())
                    .on_hover_text(format!(
                        "{}\nChanging the rules cleans again; decisions made so far are dropped.",
                        rule.description()
                    ))
                    .changed()
                {
                    self.rules = if on {
                        self.rules.with(rule)
                    } else {
                        self.rules.without(rule)
                    };
                }
            }
        });
        if self.source == TextSource::Pasted {
            ui.add(
                egui::TextEdit::multiline(&mut self.pasted)
                    .hint_text("Paste scraped text here…")
                    .desired_rows(4)
                    .desired_width(f32::INFINITY),
            );
        }
    }

    fn shortcuts(ui: &mut egui::Ui, review: &mut Review) {
        use egui::{Key, KeyboardShortcut, Modifiers};
        let undo = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
        let redo = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
        // Redo first: Ctrl+Shift+Z also matches a plain Ctrl+Z shortcut test.
        if ui.input_mut(|i| i.consume_shortcut(&redo)) {
            review.redo();
        } else if ui.input_mut(|i| i.consume_shortcut(&undo)) {
            review.undo();
        }
    }

    fn start_clean(&mut self, ctx: &egui::Context, state: &mut AppState, key: Key, text: Arc<str>) {
        self.running = Some(key);
        self.message = None;
        let options = CleanOptions::only(self.rules);
        let slot = self.result.clone();
        state.jobs.spawn(ctx, "Cleaning", move |progress| {
            let result = clean::clean(&text, &options, progress).map_err(|e| match e {
                crate::Error::Cancelled => "Cleaning was cancelled.".to_string(),
                e => e.to_string(),
            });
            slot.set((key, result));
            Box::new(|_state: &mut AppState| {})
        });
    }

    fn start_export(
        &mut self,
        ctx: &egui::Context,
        state: &mut AppState,
        text: String,
        title: Option<String>,
        source: Option<&Path>,
    ) {
        let trimmed = self.export_path.trim();
        if trimmed.is_empty() {
            self.message = Some((false, "Choose where to save the cleaned text first.".into()));
            return;
        }
        let path = PathBuf::from(trimmed);
        if source.is_some_and(|s| crate::export::same_file(s, &path)) {
            self.message = Some((
                false,
                "That is the source file: Duizhao never overwrites it. Choose another name.".into(),
            ));
            return;
        }
        let (format, convert_to) = (self.format, self.convert_to);
        state.jobs.spawn_into(
            ctx,
            format!("Exporting {}", path.display()),
            &self.export_result,
            move |_progress| {
                export(&text, format, convert_to, title.as_deref(), &path)
                    .map_err(|e| e.to_string())
            },
        );
    }
}

/// The export row: format, script, destination and the button.
#[allow(clippy::too_many_arguments)]
fn export_ui(
    ui: &mut egui::Ui,
    review: &mut Review,
    format: &mut ExportFormat,
    convert_to: &mut Option<Config>,
    path: &mut String,
    dialog: &Pending<Chosen>,
    doc_name: Option<&str>,
    busy: bool,
    clicked: &mut bool,
    message: &Option<(bool, String)>,
) {
    let (fixes, flags) = review.totals();
    ui.horizontal_wrapped(|ui| {
        if fixes + flags == 0 {
            ui.label("Already clean: the rules found nothing to change.");
        } else {
            let accepted = review.accepted.iter().filter(|a| **a).count();
            ui.label(format!(
                "{fixes} fixes and {flags} suggestions; {accepted} applied"
            ));
        }
        if ui
            .add_enabled(review.can_undo(), egui::Button::new("Undo"))
            .on_hover_text("Ctrl+Z")
            .clicked()
        {
            review.undo();
        }
        if ui
            .add_enabled(review.can_redo(), egui::Button::new("Redo"))
            .on_hover_text("Ctrl+Shift+Z")
            .clicked()
        {
            review.redo();
        }
        let m = &review.report.metadata;
        let facts: Vec<String> = [
            ("Date", &m.date),
            ("Source", &m.source),
            ("Author", &m.author),
            ("Publisher", &m.publisher),
        ]
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}: {v}")))
        .collect();
        if !facts.is_empty() {
            ui.separator();
            ui.label(egui::RichText::new(facts.join(" · ")).weak());
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.label("Export as");
        egui::ComboBox::from_id_salt("clean_format")
            .selected_text(format.label())
            .show_ui(ui, |ui| {
                for f in ExportFormat::ALL {
                    ui.selectable_value(format, f, f.label());
                }
            })
            .response
            .accessible_name("Export format");
        ui.label("in");
        egui::ComboBox::from_id_salt("clean_script")
            .selected_text(convert_to.map_or("the original script", |c| c.label()))
            .width(320.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(convert_to, None, "the original script");
                for c in Config::ALL {
                    ui.selectable_value(convert_to, Some(c), c.label());
                }
            })
            .response
            .accessible_name("Script of the export");
    });
    ui.horizontal(|ui| {
        let suggested = suggested_name(doc_name, *format);
        let ext = format.extension();
        if let Some(m) = dialogs::path_row(
            ui,
            "Export to",
            "clean_export",
            &suggested,
            path,
            dialog,
            |p| dialogs::pick_save("Export cleaned text", &suggested, &[ext], p),
        ) {
            ui.colored_label(ui.visuals().error_fg_color, m);
        }
    });
    ui.horizontal(|ui| {
        if ui
            .add_enabled(!busy, egui::Button::new("Export cleaned text"))
            .clicked()
        {
            *clicked = true;
        }
        widgets::message(ui, message);
    });
}

/// Writes the cleaned `text` to `path` in `format`, converted first when asked.
pub fn export(
    text: &str,
    format: ExportFormat,
    convert_to: Option<Config>,
    title: Option<&str>,
    path: &Path,
) -> crate::Result<String> {
    let converted;
    let text = match convert_to {
        Some(config) => {
            converted = Converter::new(config).convert(text);
            converted.as_str()
        }
        None => text,
    };
    let paragraphs = crate::export::text::paragraphs_of(text);
    match format {
        ExportFormat::Text => crate::export::text::write_text(path, text)?,
        ExportFormat::Markdown => crate::export::markdown::write(path, &paragraphs, title)?,
        ExportFormat::Docx => crate::export::docx::write(path, &paragraphs, title, None)?,
    }
    Ok(format!(
        "Saved {} ({} paragraphs).",
        path.display(),
        paragraphs.len()
    ))
}

fn summary(report: &CleanReport) -> String {
    if report.changes.is_empty() {
        return "Already clean: nothing to change.".into();
    }
    let parts: Vec<String> = report
        .counts()
        .iter()
        .map(|c| format!("{} {}", c.rule.name(), c.fixes + c.flags))
        .collect();
    format!("Cleaned: {}", parts.join(", "))
}

/// `release.clean.txt` beside the document's name.
fn suggested_name(doc_name: Option<&str>, format: ExportFormat) -> String {
    let stem = doc_name
        .and_then(|n| Path::new(n).file_stem())
        .map_or("cleaned".to_string(), |s| s.to_string_lossy().into_owned());
    format!("{stem}.clean.{}", format.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_writes_each_format_and_converts_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let txt = dir.path().join("a.txt");
        export(
            "两江新区\n\n渝洽会\n",
            ExportFormat::Text,
            Some(Config::S2t),
            None,
            &txt,
        )
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(&txt).unwrap(),
            "兩江新區\n\n渝洽會\n"
        );
        let md = dir.path().join("a.md");
        let msg = export(
            "一\n\n二\n",
            ExportFormat::Markdown,
            None,
            Some("Title"),
            &md,
        )
        .unwrap();
        assert!(msg.contains("2 paragraphs"));
        assert!(std::fs::read_to_string(&md).unwrap().contains("二"));
        let docx = dir.path().join("a.docx");
        export("一\n", ExportFormat::Docx, None, None, &docx).unwrap();
        assert_eq!(&std::fs::read(&docx).unwrap()[..2], b"PK");
        assert_eq!(
            suggested_name(Some("r.html"), ExportFormat::Docx),
            "r.clean.docx"
        );
    }
}
