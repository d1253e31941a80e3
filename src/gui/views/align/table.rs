//! The Align workspace's bead table: number, confidence (and "edited by hand"), both sides with glossary
//! terms highlighted, and a mark for accepted beads or missing term translations. Only the visible rows
//! are laid out; the selected bead is scrolled into view when asked.

use crate::align::Alignment;
use crate::gui::shared_glossary::SharedGlossary;
use crate::gui::widgets;

use super::bead_panel::missing_in;

/// Draws the beads `visible` of `a` (indices into its beads); returns the bead the user clicked.
pub fn table_ui(
    ui: &mut egui::Ui,
    a: &Alignment,
    visible: &[usize],
    selected: usize,
    scroll_to_selected: bool,
    glossary: Option<&SharedGlossary>,
    heights: &mut widgets::RowHeights,
) -> Option<usize> {
    let line_height = ui.text_style_height(&egui::TextStyle::Body);
    let font_size = egui::TextStyle::Body.resolve(ui.style()).size;
    let mut clicked = None;
    let mut table = egui_extras::TableBuilder::new(ui)
        .id_salt("align_beads")
        .resizable(true)
        .striped(true)
        .auto_shrink([false, false])
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Min))
        .column(egui_extras::Column::exact(44.0))
        .column(egui_extras::Column::exact(64.0))
        .column(egui_extras::Column::remainder().clip(true))
        .column(egui_extras::Column::remainder().clip(true))
        .column(egui_extras::Column::exact(28.0));
    if scroll_to_selected {
        if let Some(row) = visible.iter().position(|&k| k == selected) {
            table = table.scroll_to_row(row, Some(egui::Align::Center));
        }
    }
    table
        .header(22.0, |mut h| {
            for t in ["#", "Conf.", "中文", "English", "√"] {
                h.col(|ui| {
                    ui.strong(t);
                });
            }
        })
        .body(|body| {
            let width = body.widths().get(2).copied().unwrap_or(300.0).max(60.0);
            heights.prepare(visible.len(), width);
            let heights = &*heights;
            let estimates = visible
                .iter()
                .enumerate()
                .map(|(i, &k)| heights.height(i, || estimate(a, k, font_size, line_height, width)));
            body.heterogeneous_rows(estimates, |mut row| {
                let i = row.index();
                let k = visible[i];
                let b = &a.beads[k];
                let (zh, en) = (a.zh_text(b), a.en_text(b));
                row.set_selected(k == selected);
                let mut tallest: f32 = 0.0;
                row.col(|ui| {
                    ui.label(egui::RichText::new((k + 1).to_string()).weak());
                });
                row.col(|ui| {
                    let color = confidence_color(ui, b.confidence);
                    let text = egui::RichText::new(format!("{:.0}%", b.confidence * 100.0))
                        .color(color)
                        .strong();
                    ui.vertical(|ui| {
                        ui.label(text);
                        if b.edited {
                            ui.label(egui::RichText::new("edited").small().italics())
                                .on_hover_text(
                                    "Edited by hand; the score is the bead's as it stands now",
                                );
                        }
                    });
                    tallest = tallest.max(ui.min_rect().height());
                });
                let (mut zh_hits, mut en_hits) = (Vec::new(), Vec::new());
                row.col(|ui| {
                    zh_hits = widgets::term_text(ui, &zh, glossary);
                    tallest = tallest.max(ui.min_rect().height());
                });
                row.col(|ui| {
                    en_hits = widgets::term_text(ui, &en, glossary);
                    tallest = tallest.max(ui.min_rect().height());
                });
                heights.record(i, tallest);
                row.col(|ui| {
                    if b.accepted {
                        ui.label("√");
                    } else if let Some(g) = glossary {
                        let missing = missing_in(g, &zh, &zh_hits, &en_hits);
                        if !missing.is_empty() {
                            ui.colored_label(ui.visuals().warn_fg_color, "!")
                                .on_hover_text(format!(
                                    "Missing on the English side: {}",
                                    missing.join("; ")
                                ));
                        }
                    }
                });
                if row.response().clicked() {
                    clicked = Some(k);
                }
            });
        });
    heights.finish(ui.ctx());
    clicked
}

/// The estimated height of bead `k`'s row before it is drawn: its longer side's text in the column.
fn estimate(a: &Alignment, k: usize, font_size: f32, line_height: f32, width: f32) -> f32 {
    let b = &a.beads[k];
    // Only the longer side's width is needed for the height; no text is built here.
    let ems = a.zh[b.zh.clone()]
        .iter()
        .map(|s| widgets::estimate_ems(s))
        .sum::<f32>()
        .max(
            a.en[b.en.clone()]
                .iter()
                .map(|s| widgets::estimate_ems(s) + 0.32)
                .sum(),
        );
    widgets::row_height(ems, font_size, line_height, width)
}

/// Red for doubtful, amber for middling, green for confident beads.
fn confidence_color(ui: &egui::Ui, c: f32) -> egui::Color32 {
    let dark = ui.visuals().dark_mode;
    match (c, dark) {
        (c, false) if c < crate::align::DOUBTFUL_BELOW => egui::Color32::from_rgb(0xb0, 0x20, 0x20),
        (c, true) if c < crate::align::DOUBTFUL_BELOW => egui::Color32::from_rgb(0xff, 0x7a, 0x7a),
        (c, false) if c < 0.8 => egui::Color32::from_rgb(0x9a, 0x6a, 0x00),
        (c, true) if c < 0.8 => egui::Color32::from_rgb(0xff, 0xc8, 0x5c),
        (_, false) => egui::Color32::from_rgb(0x1e, 0x7a, 0x3c),
        (_, true) => egui::Color32::from_rgb(0x7c, 0xd6, 0x92),
    }
}
