//! The Translate workspace's segment table (source, translation, status; only visible rows are laid out)
//! and the QA findings list, each finding a link to its segment.

use crate::gui::widgets;
use crate::tm::{QaFinding, SegmentStatus, Severity, TranslationProject};

use super::panel::{SegmentPanel, status_text};

/// Draws the segments; clicking one selects it in the panel.
pub fn segments_ui(
    ui: &mut egui::Ui,
    project: &mut TranslationProject,
    panel: &mut SegmentPanel,
    heights: &mut widgets::RowHeights,
) {
    let line_height = ui.text_style_height(&egui::TextStyle::Body);
    let font_size = egui::TextStyle::Body.resolve(ui.style()).size;
    let mut clicked = None;
    let mut table = egui_extras::TableBuilder::new(ui)
        .id_salt("translate_segments")
        .resizable(true)
        .striped(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Min))
        .column(egui_extras::Column::exact(40.0))
        .column(egui_extras::Column::remainder().clip(true))
        .column(egui_extras::Column::remainder().clip(true))
        .column(egui_extras::Column::exact(120.0));
    if std::mem::take(&mut panel.scroll) {
        table = table.scroll_to_row(panel.selected, Some(egui::Align::Center));
    }
    table
        .header(22.0, |mut h| {
            for t in ["#", "Source", "Translation", "Status"] {
                h.col(|ui| {
                    ui.strong(t);
                });
            }
        })
        .body(|body| {
            let width = body.widths().get(1).copied().unwrap_or(300.0).max(60.0);
            heights.prepare(project.segments.len(), width);
            let heights = &*heights;
            let segments = &project.segments;
            let estimates = segments.iter().enumerate().map(|(i, s)| {
                heights.height(i, || {
                    let ems =
                        widgets::estimate_ems(&s.source).max(widgets::estimate_ems(&s.target));
                    widgets::row_height(ems, font_size, line_height, width)
                })
            });
            body.heterogeneous_rows(estimates, |mut row| {
                let i = row.index();
                let s = &segments[i];
                row.set_selected(i == panel.selected);
                let mut tallest: f32 = 0.0;
                row.col(|ui| {
                    ui.label(egui::RichText::new((i + 1).to_string()).weak());
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(&s.source).wrap().selectable(false));
                    tallest = tallest.max(ui.min_rect().height());
                });
                row.col(|ui| {
                    if s.target.is_empty() {
                        ui.label(egui::RichText::new("—").weak());
                    } else {
                        ui.add(egui::Label::new(&s.target).wrap().selectable(false));
                    }
                    tallest = tallest.max(ui.min_rect().height());
                });
                heights.record(i, tallest);
                row.col(|ui| {
                    let color = match s.status {
                        SegmentStatus::Confirmed => ui.visuals().hyperlink_color,
                        SegmentStatus::Untranslated => ui.visuals().weak_text_color(),
                        _ => ui.visuals().warn_fg_color,
                    };
                    ui.label(
                        egui::RichText::new(status_text(s.status, s.match_score)).color(color),
                    );
                });
                if row.response().clicked() {
                    clicked = Some(i);
                }
            });
        });
    heights.finish(ui.ctx());
    if let Some(i) = clicked {
        panel.select(project, i);
    }
}

/// Draws the QA findings (after "Run QA"), errors first and suggestions apart; clicking one selects its
/// segment.
pub fn qa_ui(ui: &mut egui::Ui, findings: Option<&[QaFinding]>, panel: &mut SegmentPanel) {
    let Some(findings) = findings else {
        ui.label(
            egui::RichText::new("Run QA to check terms, numbers and empty segments before export.")
                .weak(),
        );
        return;
    };
    let errors: Vec<&QaFinding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    let suggestions: Vec<&QaFinding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Suggestion)
        .collect();
    ui.horizontal(|ui| {
        ui.strong(format!("QA: {}", widgets::plural(errors.len(), "error")));
        ui.label(
            egui::RichText::new(format!(
                "· {} (glossary terms of other domains or not yet approved)",
                widgets::plural(suggestions.len(), "suggestion")
            ))
            .weak(),
        );
    });
    if findings.is_empty() {
        ui.label("No problems found.");
        return;
    }
    // One list, errors then suggestions, so that it scrolls as one and draws only the visible rows.
    let rows: Vec<(bool, &QaFinding)> = errors
        .iter()
        .map(|f| (true, *f))
        .chain(suggestions.iter().map(|f| (false, *f)))
        .collect();
    let row_height = ui.spacing().interact_size.y;
    egui::ScrollArea::vertical()
        .id_salt("translate_qa_list")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, rows.len(), |ui, range| {
            for (error, f) in &rows[range] {
                let prefix = if *error {
                    "Segment"
                } else {
                    "Suggestion, segment"
                };
                let text =
                    egui::RichText::new(format!("{prefix} {}: {}", f.segment + 1, f.message));
                let text = if *error { text } else { text.weak() };
                if ui
                    .add(egui::Button::selectable(panel.selected == f.segment, text).truncate())
                    .clicked()
                {
                    panel.selected = f.segment;
                    panel.scroll = true;
                }
            }
        });
}
