//! The Documents workspace: the list of open documents (Open dialog, a path box, drag and drop) and the
//! selected document, decoded and segmented, in a virtualised table of numbered sentences.
//!
//! Main type: [`DocumentsView`]. Row heights are estimated from each sentence's width in ems, so only the
//! visible rows are laid out: a 200 MB release scrolls as smoothly as a short one.

use std::sync::Arc;

use crate::document::{Document, EncodingSource, Lang};

use crate::gui::app::{AppState, Command, DocState};
use crate::gui::shared_glossary::SharedGlossary;
use crate::gui::widgets;

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

/// One table row: a sentence with its numbering.
#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based paragraph number.
    pub paragraph: u32,
    /// 1-based sentence number within the document.
    pub sentence: u32,
    /// Index into the paragraph's sentences (0 for the first sentence of a paragraph).
    pub index_in_paragraph: u32,
    /// Byte span in the document text.
    pub span: std::ops::Range<usize>,
    /// Language of the sentence.
    pub lang: Lang,
    /// Estimated width of the text in ems, for the row height.
    pub ems: f32,
}

/// Builds the rows of a document's table (run on the loading thread: it touches every character).
pub fn build_rows(doc: &Document) -> Vec<Row> {
    let mut rows = Vec::with_capacity(doc.sentence_count());
    let mut n = 0u32;
    for (pi, p) in doc.paragraphs.iter().enumerate() {
        for (si, s) in p.sentences.iter().enumerate() {
            n += 1;
            rows.push(Row {
                paragraph: pi as u32 + 1,
                sentence: n,
                index_in_paragraph: si as u32,
                span: s.span.clone(),
                lang: s.lang,
                ems: widgets::estimate_ems(&doc.text[s.span.clone()]),
            });
        }
    }
    rows
}

/// UI state of the Documents workspace.
#[derive(Default)]
pub struct DocumentsView {
    path_input: String,
}

impl DocumentsView {
    /// Draws the workspace.
    pub fn ui(&mut self, ui: &mut egui::Ui, state: &mut AppState) {
        egui::Panel::left("documents_list")
            .resizable(true)
            .default_size(250.0)
            .size_range(180.0..=480.0)
            .show(ui, |ui| self.list_ui(ui, state));
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
            match &entry.state {
                DocState::Loading => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(format!("Opening {}…", entry.name()));
                    });
                }
                DocState::Failed(message) => {
                    ui.heading(entry.name());
                    ui.colored_label(ui.visuals().error_fg_color, message);
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button("Try again").clicked() {
                            state.commands.push(Command::SetEncoding(entry.id, entry.encoding));
                        }
                        if ui.button("Remove from list").clicked() {
                            state.commands.push(Command::CloseDocument(entry.id));
                        }
                    });
                }
                DocState::Ready(doc) => {
                    self.header_ui(ui, state, entry.id, entry.encoding, doc);
                    ui.separator();
                    let rows = entry.rows.clone().unwrap_or_else(|| Arc::new(build_rows(doc)));
                    table_ui(ui, doc, &rows, state.glossary.as_ref());
                }
            }
        });
    }

    fn list_ui(&mut self, ui: &mut egui::Ui, state: &mut AppState) {
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            if ui
                .button("Open…")
                .on_hover_text("Open files (Ctrl+O)")
                .clicked()
            {
                state.commands.push(Command::ShowOpenDialog);
            }
        });
        ui.horizontal(|ui| {
            let edit = ui.add(
                egui::TextEdit::singleline(&mut self.path_input)
                    .hint_text("Path to a file…")
                    .desired_width(ui.available_width() - 52.0),
            );
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if (ui.button("Open").clicked() || enter) && !self.path_input.trim().is_empty() {
                let path = std::path::PathBuf::from(self.path_input.trim());
                state.commands.push(Command::OpenFiles(vec![path]));
                self.path_input.clear();
            }
        });
        ui.separator();
        if state.docs.is_empty() {
            ui.weak("Drop files here, or use Open…");
        }
        egui::ScrollArea::vertical().show(ui, |ui| {
            for doc in &state.docs {
                let selected = state.selected == Some(doc.id);
                let (badge, tip) = match &doc.state {
                    DocState::Loading => ("…".to_string(), "Opening".to_string()),
                    DocState::Failed(m) => ("(could not open)".to_string(), m.clone()),
                    DocState::Ready(d) => {
                        let langs: Vec<&str> = d
                            .languages()
                            .iter()
                            .filter(|l| **l != Lang::Other)
                            .map(|l| l.tag())
                            .take(2)
                            .collect();
                        let halves = if d.halves.is_some() {
                            " · 2 versions"
                        } else {
                            ""
                        };
                        (
                            format!("{}{halves}", langs.join("+")),
                            format!("{} sentences", d.sentence_count()),
                        )
                    }
                };
                ui.horizontal(|ui| {
                    let label = format!("{}  {}", doc.name(), badge);
                    let response = ui
                        .selectable_label(selected, label)
                        .on_hover_text(format!("{}\n{tip}", doc.path.display()));
                    if response.clicked() {
                        state.commands.push(Command::SelectDocument(doc.id));
                    }
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if ui
                            .small_button("×")
                            .on_hover_text("Remove from the list (the file is not touched)")
                            .clicked()
                        {
                            state.commands.push(Command::CloseDocument(doc.id));
                        }
                    });
                });
            }
        });
    }

    fn header_ui(
        &mut self,
        ui: &mut egui::Ui,
        state: &mut AppState,
        id: i64,
        forced: Option<&'static encoding_rs::Encoding>,
        doc: &Arc<Document>,
    ) {
        ui.horizontal(|ui| {
            ui.heading(&doc.name);
            ui.weak(doc.format.label());
        });
        ui.horizontal_wrapped(|ui| {
            let langs: Vec<String> = doc
                .languages()
                .iter()
                .map(|l| l.tag().to_string())
                .collect();
            ui.label(format!(
                "{} paragraphs · {} sentences · {}",
                doc.paragraphs.len(),
                doc.sentence_count(),
                langs.join(", ")
            ));
            ui.separator();
            match doc.encoding {
                Some(enc) => {
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
                                let enc = encoding_rs::Encoding::for_label(name.as_bytes());
                                if let Some(enc) = enc {
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
                None => {
                    ui.label("Encoding: UTF-8 (inside the Word file)");
                }
            }
        });
        if doc.replacements > 0 {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "{} invalid byte sequence(s) were replaced with U+FFFD (first at byte {}). If the text looks wrong, choose another encoding.",
                    doc.replacements,
                    doc.first_bad_offset.unwrap_or(0)
                ),
            );
        }
        if let Some(h) = doc.halves {
            ui.label(format!(
                "This file holds two versions of the release: {} (¶1–{}) and {} (¶{}–{}).",
                h.first,
                h.split,
                h.second,
                h.split + 1,
                doc.paragraphs.len()
            ));
        }
    }
}

/// The virtualised table of sentences.
fn table_ui(
    ui: &mut egui::Ui,
    doc: &Arc<Document>,
    rows: &[Row],
    glossary: Option<&SharedGlossary>,
) {
    let key = Arc::as_ptr(doc) as usize;
    let line_height = ui.text_style_height(&egui::TextStyle::Body);
    let font_size = egui::TextStyle::Body.resolve(ui.style()).size;
    let split = doc.halves.map(|h| h.split as u32);
    egui_extras::TableBuilder::new(ui)
        .id_salt(("sentences", key))
        .striped(true)
        .resizable(false)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Min))
        .column(egui_extras::Column::exact(40.0))
        .column(egui_extras::Column::exact(52.0))
        .column(egui_extras::Column::exact(64.0))
        .column(egui_extras::Column::remainder().clip(true))
        .header(22.0, |mut header| {
            for title in ["¶", "#", "Lang", "Sentence"] {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            let width = body.widths().get(3).copied().unwrap_or(400.0).max(80.0);
            let heights = rows
                .iter()
                .map(|r| widgets::row_height(r.ems, font_size, line_height, width));
            body.heterogeneous_rows(heights, |mut row| {
                let r = &rows[row.index()];
                row.col(|ui| {
                    if r.index_in_paragraph == 0 {
                        let text = egui::RichText::new(r.paragraph.to_string()).strong();
                        let text = if split.is_some_and(|s| r.paragraph == s + 1) {
                            text.underline()
                        } else {
                            text
                        };
                        ui.label(text);
                    }
                });
                row.col(|ui| {
                    ui.weak(r.sentence.to_string());
                });
                row.col(|ui| {
                    widgets::lang_badge(ui, r.lang);
                });
                row.col(|ui| {
                    widgets::term_text(ui, &doc.span_text(&r.span), glossary);
                });
            });
        });
}
