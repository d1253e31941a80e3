//! The virtualised table of a document's sentences: paragraph and sentence numbers, each sentence's own
//! language, and the text with glossary terms highlighted.

use std::sync::Arc;

use crate::document::Document;
use crate::gui::library::Row;
use crate::gui::shared_glossary::SharedGlossary;
use crate::gui::widgets;

/// Draws the sentences of `doc`; only the visible rows are laid out.
pub fn table_ui(
    ui: &mut egui::Ui,
    doc: &Arc<Document>,
    rows: &[Row],
    glossary: Option<&SharedGlossary>,
    heights: &mut widgets::RowHeights,
) {
    let key = Arc::as_ptr(doc) as usize;
    let line_height = ui.text_style_height(&egui::TextStyle::Body);
    let font_size = egui::TextStyle::Body.resolve(ui.style()).size;
    // Where the second of two halves starts, underlined; alternating versions have no such place.
    let split = match doc.versions.map(|v| v.layout) {
        Some(crate::document::Layout::Halves { split }) => Some(split as u32),
        _ => None,
    };
    egui_extras::TableBuilder::new(ui)
        .id_salt(("sentences", key))
        .striped(true)
        .resizable(false)
        .auto_shrink([false, false])
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
            heights.prepare(rows.len(), width);
            let heights = &*heights;
            let estimates = rows.iter().enumerate().map(|(i, r)| {
                heights.height(i, || {
                    widgets::row_height(r.ems, font_size, line_height, width)
                })
            });
            body.heterogeneous_rows(estimates, |mut row| {
                let i = row.index();
                let r = &rows[i];
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
                    heights.record(i, ui.min_rect().height());
                });
            });
        });
    heights.finish(ui.ctx());
}
