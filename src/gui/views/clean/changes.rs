//! The two halves of the Clean workspace's review: the change list (grouped by rule, with counts and
//! accept/reject per change and per rule) and the side-by-side table of original and cleaned lines.
//!
//! Both draw only their visible rows: a scraped 100 MB file has hundreds of thousands of changes.

use std::ops::Range;

use crate::clean::{Change, ChangeKind, Rule, RuleCount};

use super::review::Review;
use crate::gui::widgets;

/// A line of the change list.
enum Entry {
    Header(RuleCount),
    Change(usize),
}

/// Draws the change list; returns the change the user clicked.
pub fn changes_ui(
    ui: &mut egui::Ui,
    review: &mut Review,
    selected: Option<usize>,
) -> Option<usize> {
    ui.add_space(4.0);
    ui.heading("Changes");
    let counts = review.report.counts();
    if counts.is_empty() {
        ui.label("None: the text is already clean.");
        return None;
    }
    let mut entries = Vec::with_capacity(review.report.changes.len() + counts.len());
    for count in &counts {
        entries.push(Entry::Header(*count));
        entries.extend(review.report.changes_of(count.rule).map(Entry::Change));
    }
    let row_height = ui.spacing().interact_size.y + 4.0;
    let mut clicked = None;
    let mut decision: Option<(Vec<usize>, bool)> = None;
    egui::ScrollArea::vertical()
        .id_salt("clean_change_list")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, entries.len(), |ui, rows| {
            for entry in &entries[rows] {
                match entry {
                    Entry::Header(count) => {
                        if let Some(d) = header_row(ui, review, *count) {
                            decision = Some(d);
                        }
                    }
                    Entry::Change(i) => {
                        let (click, d) = change_row(ui, review, *i, selected == Some(*i));
                        if click {
                            clicked = Some(*i);
                        }
                        if d.is_some() {
                            decision = d;
                        }
                    }
                }
            }
        });
    if let Some((indices, value)) = decision {
        review.set(indices, value);
    }
    clicked
}

fn header_row(ui: &mut egui::Ui, review: &Review, count: RuleCount) -> Option<(Vec<usize>, bool)> {
    let (accepted, total) = review.rule_counts(count.rule);
    let mut decision = None;
    ui.horizontal(|ui| {
        ui.strong(count.rule.name())
            .on_hover_text(count.rule.description());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let all: Vec<usize> = review.report.changes_of(count.rule).collect();
            if ui
                .small_button("Reject all")
                .on_hover_text(format!("Undo every {} change", count.rule.name()))
                .clicked()
            {
                decision = Some((all.clone(), false));
            }
            if ui
                .small_button("Accept all")
                .on_hover_text(format!("Apply every {} change", count.rule.name()))
                .clicked()
            {
                decision = Some((all, true));
            }
            ui.add(
                egui::Label::new(
                    egui::RichText::new(format!(
                        "{} · {} · {accepted}/{total} applied",
                        widgets::plural(count.fixes, "fix"),
                        widgets::plural(count.flags, "flag")
                    ))
                    .weak(),
                )
                .truncate(),
            );
        });
    });
    decision
}

fn change_row(
    ui: &mut egui::Ui,
    review: &Review,
    i: usize,
    selected: bool,
) -> (bool, Option<(Vec<usize>, bool)>) {
    let change = &review.report.changes[i];
    let mut clicked = false;
    let mut decision = None;
    let restored = restored_suggestions(review, i);
    ui.horizontal(|ui| {
        let mut on = review.accepted[i];
        let hover = format!(
            "{}\n{} · confidence {:.0}%{}{}",
            change.reason,
            match change.kind {
                ChangeKind::Fix => "fix, applied unless rejected",
                ChangeKind::Flag => "suggestion, applied only if accepted",
            },
            change.confidence * 100.0,
            if change.group.is_some() {
                "\nPart of a block: “Whole block” decides all its characters at once."
            } else {
                ""
            },
            restored
                .as_deref()
                .map(|r| format!("\nIf you restore the line, check: {r}"))
                .unwrap_or_default()
        );
        if ui.checkbox(&mut on, "").on_hover_text(&hover).changed() {
            decision = Some((vec![i], on));
        }
        if let Some(group) = change.group {
            if ui.small_button("Whole block").clicked() {
                decision = Some((review.report.changes_in_group(group).collect(), on));
            }
        }
        let mut text = describe(change);
        if let Some(r) = &restored {
            text.push_str(&format!("  (if restored: {r})"));
        }
        let text = egui::RichText::new(text);
        let text = if change.kind == ChangeKind::Flag {
            text.italics()
        } else {
            text
        };
        if ui
            .add(egui::Button::selectable(selected, text).truncate())
            .on_hover_text(&hover)
            .clicked()
        {
            clicked = true;
        }
    });
    (clicked, decision)
}

/// The run-together words of the line that boilerplate change `i` moves aside ("CommerceUndertaker →
/// Commerce Undertaker"), to check should the editor restore the line; `None` when there are none.
fn restored_suggestions(review: &Review, i: usize) -> Option<String> {
    let side = review
        .report
        .boilerplate
        .iter()
        .find(|s| s.change == i && !s.suggestions.is_empty())?;
    let said: Vec<String> = side
        .suggestions
        .iter()
        .map(|c| format!("{} → {}", c.before, c.after))
        .collect();
    Some(said.join("; "))
}

/// "before → after" in one short line, with invisible characters made visible.
fn describe(change: &Change) -> String {
    if change.rule == Rule::Boilerplate {
        return format!("moved aside: {}", visible(change.before.trim_end(), 60));
    }
    if !change.alters_text() {
        return format!("check: {}", visible(&change.before, 40));
    }
    format!(
        "{} → {}",
        visible(&change.before, 30),
        visible(&change.after, 30)
    )
}

fn visible(s: &str, max_chars: usize) -> String {
    let mut out: String = s
        .chars()
        .take(max_chars)
        .map(|c| match c {
            '\n' => '¶',
            '\u{a0}' => '°',
            ' ' => '·',
            '\t' => '→',
            c => c,
        })
        .collect();
    if s.chars().count() > max_chars {
        out.push('…');
    }
    if out.is_empty() {
        out.push_str("(nothing)");
    }
    out
}

/// Draws the side-by-side table of original and cleaned lines.
pub fn table_ui(
    ui: &mut egui::Ui,
    review: &Review,
    scroll_to_row: Option<usize>,
    heights: &mut widgets::RowHeights,
) {
    let line_height = ui.text_style_height(&egui::TextStyle::Body);
    let font_size = egui::TextStyle::Body.resolve(ui.style()).size;
    let dark = ui.visuals().dark_mode;
    let colors = Colors {
        fix: if dark {
            egui::Color32::from_rgb(0x6a, 0x3a, 0x10)
        } else {
            egui::Color32::from_rgb(0xff, 0xd8, 0xa8)
        },
        flag: if dark {
            egui::Color32::from_rgb(0x1c, 0x3c, 0x6a)
        } else {
            egui::Color32::from_rgb(0xcc, 0xe0, 0xff)
        },
        written: if dark {
            egui::Color32::from_rgb(0x1d, 0x50, 0x2c)
        } else {
            egui::Color32::from_rgb(0xc8, 0xf0, 0xcc)
        },
    };
    let mut table = egui_extras::TableBuilder::new(ui)
        .id_salt("clean_rows")
        .resizable(true)
        .striped(true)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Min))
        .column(egui_extras::Column::exact(48.0))
        .column(egui_extras::Column::remainder().clip(true))
        .column(egui_extras::Column::remainder().clip(true));
    if let Some(row) = scroll_to_row {
        table = table.scroll_to_row(row, Some(egui::Align::Center));
    }
    table
        .header(22.0, |mut h| {
            for t in ["Line", "Original", "Cleaned"] {
                h.col(|ui| {
                    ui.strong(t);
                });
            }
        })
        .body(|body| {
            let width = body.widths().get(1).copied().unwrap_or(300.0).max(60.0);
            let original = &review.report.original;
            heights.prepare(review.rows.len(), width);
            let heights = &*heights;
            let estimates = review.rows.iter().enumerate().map(|(i, r)| {
                heights.height(i, || {
                    widgets::row_height(r.ems, font_size, line_height, width)
                })
            });
            body.heterogeneous_rows(estimates, |mut row| {
                let i = row.index();
                let r = &review.rows[i];
                let mut tallest: f32 = 0.0;
                row.col(|ui| {
                    ui.label(egui::RichText::new(r.line.to_string()).weak());
                });
                row.col(|ui| {
                    let marks: Vec<(Range<usize>, egui::Color32)> = r
                        .changes
                        .clone()
                        .map(|i| {
                            let c = &review.report.changes[i];
                            let color = match (c.kind, review.accepted[i]) {
                                (ChangeKind::Fix, true) => colors.fix,
                                (ChangeKind::Flag, _) => colors.flag,
                                (ChangeKind::Fix, false) => colors.flag.gamma_multiply(0.5),
                            };
                            (
                                c.span.start - r.range.start..c.span.end - r.range.start,
                                color,
                            )
                        })
                        .collect();
                    let text = &original[r.range.clone()];
                    ui.add(egui::Label::new(layout(ui, text, &marks)).wrap());
                    tallest = tallest.max(ui.min_rect().height());
                });
                row.col(|ui| {
                    let (cleaned, written) = review.row_cleaned(r);
                    if cleaned.trim().is_empty() && !original[r.range.clone()].trim().is_empty() {
                        ui.label(egui::RichText::new("(moved aside)").weak().italics());
                        tallest = tallest.max(ui.min_rect().height());
                        return;
                    }
                    // Deletions leave nothing to mark on this side; the original column shows them.
                    let marks: Vec<_> = written
                        .into_iter()
                        .filter(|w| !w.is_empty())
                        .map(|w| (w, colors.written))
                        .collect();
                    ui.add(egui::Label::new(layout(ui, &cleaned, &marks)).wrap());
                    tallest = tallest.max(ui.min_rect().height());
                });
                heights.record(i, tallest);
            });
        });
    heights.finish(ui.ctx());
}

#[derive(Clone, Copy)]
struct Colors {
    fix: egui::Color32,
    flag: egui::Color32,
    written: egui::Color32,
}

/// `text` without its final line break, with `marks` (sorted byte ranges) on coloured backgrounds.
fn layout(
    ui: &egui::Ui,
    text: &str,
    marks: &[(Range<usize>, egui::Color32)],
) -> egui::text::LayoutJob {
    let shown = text.trim_end_matches(['\n', '\r']);
    let font = egui::TextStyle::Body.resolve(ui.style());
    let plain = egui::TextFormat::simple(font, ui.visuals().text_color());
    let mut job = egui::text::LayoutJob::default();
    let mut pos = 0;
    for (range, color) in marks {
        let (start, end) = (range.start.min(shown.len()), range.end.min(shown.len()));
        if start < pos || !shown.is_char_boundary(start) || !shown.is_char_boundary(end) {
            continue;
        }
        job.append(&shown[pos..start], 0.0, plain.clone());
        // An empty mark (a deletion, or an insertion not yet accepted) gets a thin visible marker.
        let marked = if start == end {
            "▏"
        } else {
            &shown[start..end]
        };
        job.append(
            marked,
            0.0,
            egui::TextFormat {
                background: *color,
                ..plain.clone()
            },
        );
        pos = end;
    }
    job.append(&shown[pos..], 0.0, plain);
    job.wrap.max_width = ui.available_width();
    job
}
