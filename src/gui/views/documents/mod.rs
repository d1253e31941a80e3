//! The Documents workspace: the list of open documents with the versions made from them (Open dialog, a
//! path box, drag and drop), and the selected text — original, version or language part — decoded and
//! segmented in a virtualised table of numbered sentences, with its export.
//!
//! Main type: [`DocumentsView`]. The list is in [`list`], the table in [`table`]. Row heights are
//! estimated from each sentence's width in ems, so only the visible rows are laid out: a 200 MB release
//! scrolls as smoothly as a short one.

pub mod export;
pub mod list;
pub mod table;

use std::sync::Arc;

use crate::document::{Document, EncodingSource, Layout};
use crate::gui::app::AppState;
use crate::gui::command::{Command, View};
use crate::gui::library::DocState;
use crate::gui::widgets;
use crate::version::VersionRef;

/// Encodings offered in the override menu: what Chinese and English releases actually arrive in.
const ENCODINGS: &[&str] = &[
    "UTF-8",
    "GBK",
    "gb18030",
    "Big5",
    "UTF-16LE",
    "UTF-16BE",
    "windows-1252",
];

/// UI state of the Documents workspace.
#[derive(Default)]
pub struct DocumentsView {
    list: list::DocumentList,
    export: export::ExportRow,
    /// Row heights of the table, and the text they were measured for.
    heights: (usize, widgets::RowHeights),
}

impl DocumentsView {
    /// Draws the workspace.
    pub fn ui(&mut self, ui: &mut egui::Ui, state: &mut AppState) {
        egui::Panel::left("documents_list")
            .resizable(true)
            .default_size(270.0)
            .size_range(180.0..=480.0)
            .show(ui, |ui| self.list.ui(ui, state));
        egui::CentralPanel::default().show(ui, |ui| {
            let Some(entry) = state.selected_doc().cloned() else {
                widgets::empty_hint(
                    ui,
                    "No document open",
                    "Open a release with File → Open (Ctrl+O), type its path on the left, or drop files on the window.\n\
                     Text, Markdown, HTML and Word (.docx) files in UTF-8, GBK, GB18030, Big5 or UTF-16 are read; \
                     the files themselves are never changed.",
                );
                return;
            };
            let Some(r) = state.working_ref() else { return };
            let state_of = match r.version {
                None => entry.state.clone(),
                Some(id) => entry
                    .version(id)
                    .map_or(DocState::Failed("This version was deleted.".into()), |v| {
                        v.state.clone()
                    }),
            };
            match state_of {
                DocState::Loading => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(format!("Opening {}…", state.library.label(&r)));
                    });
                }
                DocState::Failed(message) => {
                    ui.heading(entry.name());
                    ui.colored_label(ui.visuals().error_fg_color, message);
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button("Try again").clicked() {
                            state
                                .commands
                                .push(Command::SetEncoding(entry.id, entry.encoding));
                        }
                        if ui.button("Remove from list").clicked() {
                            state.commands.push(Command::CloseDocument(entry.id));
                        }
                    });
                    if !entry.versions.is_empty() {
                        ui.label("Its versions are kept: choose one on the left.");
                    }
                }
                DocState::Ready(_) => {
                    let Some((doc, rows)) = state.library.resolve_rows(&r) else {
                        ui.label("This version holds one language only, so it has no such part.");
                        return;
                    };
                    self.header_ui(ui, state, &r, entry.encoding, &doc);
                    self.export.ui(ui, state, &r, &doc);
                    ui.separator();
                    let shown = std::sync::Arc::as_ptr(&doc) as usize;
                    if self.heights.0 != shown {
                        self.heights = (shown, widgets::RowHeights::default());
                    }
                    table::table_ui(
                        ui,
                        &doc,
                        &rows,
                        state.glossary.as_ref(),
                        &mut self.heights.1,
                    );
                }
            }
        });
    }

    fn header_ui(
        &mut self,
        ui: &mut egui::Ui,
        state: &mut AppState,
        r: &VersionRef,
        forced: Option<&'static encoding_rs::Encoding>,
        doc: &Arc<Document>,
    ) {
        ui.horizontal(|ui| {
            ui.heading(state.library.label(r));
            ui.weak(doc.format.label());
        });
        if let Some(why) = state.library.staleness(r) {
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(ui.visuals().warn_fg_color, format!("Out of date: {why}."));
                let cleaned = state
                    .library
                    .get(r.document)
                    .and_then(|d| d.version(r.version?))
                    .is_some_and(|v| v.stored.recipe.kind() == "cleaned");
                if cleaned && ui.button("Clean again").clicked() {
                    state.commands.push(Command::ShowView(View::Clean));
                }
            });
        }
        ui.horizontal_wrapped(|ui| {
            let langs: Vec<String> = doc
                .languages()
                .iter()
                .map(|l| l.tag().to_string())
                .collect();
            ui.label(format!(
                "{} · {} · {}",
                widgets::plural(doc.paragraphs.len(), "paragraph"),
                widgets::plural(doc.sentence_count(), "sentence"),
                langs.join(", ")
            ));
            ui.separator();
            if r.version.is_some() || r.part.is_some() {
                ui.label("Made by Duizhao from the file; the file itself is unchanged.");
                return;
            }
            encoding_ui(ui, state, r.document, forced, doc);
        });
        if doc.replacements > 0 {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "{} replaced with U+FFFD (the first at byte {}). If the text looks wrong, choose another encoding.",
                    crate::gui::widgets::plural(doc.replacements, "invalid byte sequence"),
                    doc.first_bad_offset.unwrap_or(0)
                ),
            );
        }
        if let (Some(v), None) = (doc.versions, r.part) {
            let layout = match v.layout {
                Layout::Halves { split } => format!(
                    "{} (¶1–{split}), then {} (¶{}–{})",
                    v.first,
                    v.second,
                    split + 1,
                    doc.paragraphs.len()
                ),
                Layout::AlternatingParagraphs => {
                    format!("{} and {}, paragraph by paragraph", v.first, v.second)
                }
                Layout::AlternatingSentences => {
                    format!("{} and {}, sentence by sentence", v.first, v.second)
                }
            };
            ui.label(format!(
                "This file holds two versions of the release: {layout}. Each is listed on the left as a part."
            ));
        }
    }
}

/// The encoding line of an original, with the override menu.
fn encoding_ui(
    ui: &mut egui::Ui,
    state: &mut AppState,
    id: i64,
    forced: Option<&'static encoding_rs::Encoding>,
    doc: &Document,
) {
    let Some(enc) = doc.encoding else {
        ui.label("Encoding: UTF-8 (inside the Word file)");
        return;
    };
    let how = match doc.encoding_source {
        EncodingSource::Bom => "from its byte-order mark",
        EncodingSource::Detected => "detected",
        EncodingSource::Override => "chosen by you",
    };
    ui.label(format!("Encoding: {} ({how})", enc.name()));
    let current = forced.map_or("Detect automatically", |e| e.name());
    egui::ComboBox::from_id_salt(("encoding", id))
        .selected_text(current)
        .show_ui(ui, |ui| {
            if ui
                .selectable_label(forced.is_none(), "Detect automatically")
                .clicked()
            {
                state.commands.push(Command::SetEncoding(id, None));
            }
            for name in ENCODINGS {
                if let Some(enc) = encoding_rs::Encoding::for_label(name.as_bytes()) {
                    if ui
                        .selectable_label(forced == Some(enc), enc.name())
                        .clicked()
                    {
                        state.commands.push(Command::SetEncoding(id, Some(enc)));
                    }
                }
            }
        })
        .response
        .accessible_name("Encoding")
        .on_hover_text("Re-read the file with another encoding");
}
