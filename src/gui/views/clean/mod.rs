//! The Clean workspace: runs the cleaning rules over the original of the selected document (or pasted
//! text), shows the original and the cleaned text side by side with every change highlighted, lets the
//! editor accept or reject each change or a whole rule (with undo), and keeps the result as the document's
//! *cleaned version*: the decisions are stored in the workspace as they are made, come back after a
//! restart, and the cleaned text is what Align, Translate and the exports take from then on.
//!
//! Main type: [`CleanView`]. Cleaning and export run as jobs (progress, Cancel); the table draws only its
//! visible rows, so a long release scrolls smoothly. The source file is never written.

pub mod changes;
pub mod export;
pub mod review;

use std::sync::Arc;

use crate::clean::{self, CleanOptions, CleanReport, Rule, RuleSet};
use crate::gui::app::AppState;
use crate::gui::command::{Command, NewVersion};
use crate::gui::jobs::Pending;
use crate::gui::library::DocState;
use crate::gui::pickers::Source;
use crate::gui::widgets;
use crate::version::{CleanDecisions, Recipe};

use review::Review;

/// What a review was computed from: the document (0 for pasted text), the fingerprint of its text, the
/// rules.
type Key = (i64, u64, RuleSet);

/// UI state of the Clean workspace.
pub struct CleanView {
    source: Source,
    pasted: String,
    rules: RuleSet,
    /// The document whose stored rules were last taken into `rules`.
    rules_of: Option<i64>,
    review: Option<(Key, Review)>,
    running: Option<Key>,
    /// A text whose cleaning failed or was cancelled: not restarted on its own, only by the button.
    failed: Option<Key>,
    result: Pending<(Key, Result<CleanReport, String>)>,
    /// The review revision last stored as the cleaned version.
    saved_revision: Option<u64>,
    /// Saving is held while the stored cleaned version was made from an older original: replacing it
    /// waits for the editor's word.
    held: bool,
    selected_change: Option<usize>,
    scroll_to_row: Option<usize>,
    export: export::ExportRow,
    message: Option<(bool, String)>,
    heights: widgets::RowHeights,
}

impl Default for CleanView {
    fn default() -> Self {
        CleanView {
            source: Source::Document,
            pasted: String::new(),
            rules: RuleSet::all(),
            rules_of: None,
            review: None,
            running: None,
            failed: None,
            result: Pending::default(),
            saved_revision: None,
            held: false,
            selected_change: None,
            scroll_to_row: None,
            export: export::ExportRow::default(),
            message: None,
            heights: widgets::RowHeights::default(),
        }
    }
}

/// The original the view cleans: its document id, loaded text and fingerprint.
struct Original {
    id: i64,
    doc: Arc<crate::document::Document>,
    hash: u64,
}

impl CleanView {
    /// Draws the workspace.
    pub fn ui(&mut self, ui: &mut egui::Ui, state: &mut AppState) {
        let original = self.original(state);
        self.take_stored_rules(state, original.as_ref());
        self.collect_results(state, original.as_ref());
        self.controls_ui(ui, original.as_ref());
        let text: Option<(Key, Arc<str>)> = match (self.source, &original) {
            (Source::Document, Some(o)) => {
                Some(((o.id, o.hash, self.rules), Arc::from(o.doc.text.as_str())))
            }
            (Source::Document, None) => None,
            (Source::Pasted, _) if self.pasted.is_empty() => None,
            (Source::Pasted, _) => {
                let hash = crate::fingerprint::of_text(&self.pasted);
                Some(((0, hash, self.rules), Arc::from(self.pasted.as_str())))
            }
        };
        let Some((key, text)) = text else {
            self.review = None;
            self.empty_ui(ui, state);
            return;
        };
        let current = self.review.as_ref().is_some_and(|(k, _)| *k == key);
        let automatic = self.source == Source::Document && self.failed != Some(key);
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
        shortcuts(ui, review);
        ui.separator();
        summary_ui(ui, review, &self.message);
        if let Some(o) = &original {
            if self.held {
                ui.horizontal_wrapped(|ui| {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        "The file changed since it was cleaned. The stored cleaned version is kept until you replace it.",
                    );
                    if ui.button("Replace it with this cleaning").clicked() {
                        self.held = false;
                        self.saved_revision = None;
                    }
                });
            }
            let doc_name = o.doc.name.clone();
            self.export
                .ui(ui, state, review, o.doc.path.as_deref(), &doc_name);
        } else {
            self.export.ui(ui, state, review, None, "pasted");
        }
        ui.separator();
        egui::Panel::right("clean_changes")
            .resizable(true)
            .default_size(380.0)
            .size_range(280.0..=640.0)
            .show(ui, |ui| {
                if let Some(i) = changes::changes_ui(ui, review, self.selected_change) {
                    self.selected_change = Some(i);
                    self.scroll_to_row = review.row_of_change(i);
                }
            });
        egui::CentralPanel::default().show(ui, |ui| {
            changes::table_ui(ui, review, self.scroll_to_row.take(), &mut self.heights);
        });
        if let (Some(o), false) = (&original, self.held) {
            self.store(state, o, key);
        }
    }

    /// The original of the selected document, when it is loaded.
    fn original(&self, state: &AppState) -> Option<Original> {
        let doc = state.selected_doc()?;
        let loaded = doc.ready()?;
        Some(Original {
            id: doc.id,
            doc: loaded.doc.clone(),
            hash: loaded.hash,
        })
    }

    /// When another document is selected, its cleaned version's rules become the view's.
    fn take_stored_rules(&mut self, state: &AppState, original: Option<&Original>) {
        let Some(o) = original else { return };
        if self.rules_of == Some(o.id) {
            return;
        }
        self.rules_of = Some(o.id);
        self.saved_revision = None;
        self.held = false;
        let stored = state.library.get(o.id).and_then(|d| d.cleaned().cloned());
        if let Some(Recipe::Cleaned(d)) = stored.map(|v| v.stored.recipe) {
            self.rules = d.rule_set();
        }
    }

    fn empty_ui(&mut self, ui: &mut egui::Ui, state: &AppState) {
        let failed = state
            .selected_doc()
            .filter(|d| matches!(d.state, DocState::Failed(_)) && d.cleaned().is_some());
        if let (Some(doc), Source::Document) = (failed, self.source) {
            widgets::empty_hint(
                ui,
                "The original cannot be read",
                &format!(
                    "{} cannot be read now, so it cannot be cleaned again. Its stored cleaned version is kept: choose it in the Documents list.",
                    doc.path.display()
                ),
            );
            return;
        }
        widgets::empty_hint(
            ui,
            "Nothing to clean yet",
            "Open a document in the Documents workspace, or choose “Pasted text” above and paste a scraped release.",
        );
    }

    fn collect_results(&mut self, state: &AppState, original: Option<&Original>) {
        let Some((key, result)) = self.result.take() else {
            return;
        };
        if self.running == Some(key) {
            self.running = None;
        }
        match result {
            Ok(report) => {
                let mut message = summary(&report);
                let mut review = Review::new(report);
                // Decisions stored for this document come back (after a restart, or another document).
                let stored = original
                    .filter(|o| o.id == key.0 && key.0 != 0)
                    .and_then(|o| state.library.get(o.id))
                    .and_then(|d| d.cleaned().cloned());
                self.held = false;
                if let Some(v) = &stored {
                    if let Recipe::Cleaned(d) = &v.stored.recipe {
                        match d.accepted(&review.report) {
                            Some(accepted) => {
                                review.restore(accepted);
                                message = format!("{message}. Your earlier decisions are back.");
                            }
                            None if v.stored.parent_hash != key.1 => {
                                self.held = true;
                                message = format!(
                                    "{message}. The file changed since you cleaned it, so your earlier decisions no longer fit it."
                                );
                            }
                            None => {
                                message = format!(
                                    "{message}. The earlier decisions do not fit this run (other rules); the defaults are shown."
                                );
                            }
                        }
                    }
                }
                self.message = Some((true, message));
                self.selected_change = None;
                self.saved_revision = if stored.is_some() && !self.held {
                    // Already what is stored, unless the text differs (other rules): compare.
                    let same = stored.is_some_and(|v| v.stored.text == review.text());
                    same.then_some(review.revision())
                } else {
                    None
                };
                self.review = Some((key, review));
            }
            Err(e) => {
                self.failed = Some(key);
                self.message = Some((false, e));
            }
        }
    }

    /// Stores the review as the document's cleaned version when it changed since it was last stored.
    fn store(&mut self, state: &mut AppState, o: &Original, key: Key) {
        let Some((k, review)) = &self.review else {
            return;
        };
        if *k != key || self.saved_revision == Some(review.revision()) {
            return;
        }
        self.saved_revision = Some(review.revision());
        let decisions = CleanDecisions::from_review(key.2, &review.report, &review.accepted);
        state.commands.push(Command::SaveVersion {
            version: NewVersion {
                document: o.id,
                parent: None,
                recipe: Recipe::Cleaned(decisions),
                parent_hash: o.hash,
                text: review.text(),
            },
            replace: None,
        });
    }

    fn controls_ui(&mut self, ui: &mut egui::Ui, original: Option<&Original>) {
        ui.horizontal_wrapped(|ui| {
            ui.label("Clean");
            let doc_label = original.map_or("the selected document (none)".to_string(), |o| {
                format!("{} (the original)", o.doc.name)
            });
            egui::ComboBox::from_id_salt("clean_source")
                .selected_text(match self.source {
                    Source::Document => doc_label.clone(),
                    Source::Pasted => "Pasted text".to_string(),
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.source, Source::Document, doc_label);
                    ui.selectable_value(&mut self.source, Source::Pasted, "Pasted text");
                })
                .response
                .accessible_name("Text to clean");
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
        if self.source == Source::Pasted {
            ui.add(
                egui::TextEdit::multiline(&mut self.pasted)
                    .hint_text(widgets::hint("Paste scraped text here…"))
                    .desired_rows(4)
                    .desired_width(f32::INFINITY),
            );
        } else if original.is_some() {
            ui.label(
                egui::RichText::new(
                    "Your decisions are kept as the document's cleaned version, which Align, Translate and the exports use.",
                )
                .weak(),
            );
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
            Vec::new()
        });
    }
}

fn shortcuts(ui: &mut egui::Ui, review: &mut Review) {
    use egui::{Key, KeyboardShortcut, Modifiers};
    if ui.ctx().text_edit_focused() {
        // Undo inside a text box is the text box's own.
        return;
    }
    let undo = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
    let redo = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    // Redo first: Ctrl+Shift+Z also matches a plain Ctrl+Z shortcut test.
    if ui.input_mut(|i| i.consume_shortcut(&redo)) {
        review.redo();
    } else if ui.input_mut(|i| i.consume_shortcut(&undo)) {
        review.undo();
    }
}

/// Counts, undo and redo, and the facts found in the boilerplate.
fn summary_ui(ui: &mut egui::Ui, review: &mut Review, message: &Option<(bool, String)>) {
    let (fixes, flags) = review.totals();
    ui.horizontal_wrapped(|ui| {
        if fixes + flags == 0 {
            ui.label("Already clean: the rules found nothing to change.");
        } else {
            let accepted = review.accepted.iter().filter(|a| **a).count();
            ui.label(format!(
                "{} and {}; {accepted} applied",
                widgets::plural(fixes, "fix"),
                widgets::plural(flags, "suggestion")
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
    if let Some((true, m)) = message {
        ui.label(egui::RichText::new(m).weak());
    }
}

fn summary(report: &CleanReport) -> String {
    if report.changes.is_empty() {
        return "Already clean: nothing to change".into();
    }
    let parts: Vec<String> = report
        .counts()
        .iter()
        .map(|c| format!("{} {}", c.rule.name(), c.fixes + c.flags))
        .collect();
    format!("Cleaned: {}", parts.join(", "))
}
