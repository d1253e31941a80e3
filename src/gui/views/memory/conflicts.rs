//! Duplicates and conflicts: units that repeat an older one exactly (removed in one click, undoably), and
//! sources with several different targets, shown side by side so the translator chooses which to keep.
//!
//! Main type: [`ConflictsPanel`]. The grouping queries run when the panel is opened and after a change,
//! never every frame.

use super::filters::origin_label;
use super::table::when;
use crate::gui::widgets;
use crate::tm::{Conflict, Memory};

/// Conflicts listed at most (the rest appear as these are resolved).
const LIMIT: usize = 100;

/// What the user chose.
pub enum ConflictAction {
    /// Keep unit `keep`, delete the others with the same source (`drop`).
    Keep {
        /// The unit kept.
        keep: i64,
        /// The units deleted.
        drop: Vec<i64>,
    },
    /// Delete every exact duplicate (the oldest of each is kept).
    Dedupe,
}

/// The panel's state.
#[derive(Default)]
pub struct ConflictsPanel {
    conflicts: Vec<Conflict>,
    duplicates: usize,
    /// The change counter the lists were read at.
    loaded: Option<u64>,
}

impl ConflictsPanel {
    /// Reads the lists again if the memory changed since (needs the store; skipped while it is busy).
    pub fn refresh(&mut self, memory: Option<&Memory>, generation: u64) -> Option<String> {
        if self.loaded == Some(generation) {
            return None;
        }
        let m = memory?;
        self.loaded = Some(generation);
        let read = m
            .conflicts(LIMIT)
            .and_then(|c| Ok((c, m.duplicate_count()?)));
        match read {
            Ok((c, d)) => {
                self.conflicts = c;
                self.duplicates = d;
                None
            }
            Err(e) => Some(e.to_string()),
        }
    }

    /// Forgets the lists (another memory was chosen).
    pub fn reset(&mut self) {
        *self = ConflictsPanel::default();
    }

    /// Draws the lists.
    pub fn ui(&mut self, ui: &mut egui::Ui, read_only: bool) -> Option<ConflictAction> {
        let mut action = None;
        ui.horizontal(|ui| {
            ui.label(format!(
                "{} repeating an older one exactly.",
                widgets::plural(self.duplicates, "unit")
            ));
            if self.duplicates > 0
                && ui
                    .add_enabled(!read_only, egui::Button::new("Remove exact duplicates"))
                    .clicked()
            {
                action = Some(ConflictAction::Dedupe);
            }
        });
        if self.conflicts.is_empty() {
            ui.weak("No source has more than one translation.");
            return action;
        }
        ui.label(format!(
            "{} with more than one translation{}: keep one, the others are deleted (Undo brings them back).",
            widgets::plural(self.conflicts.len(), "source"),
            if self.conflicts.len() >= LIMIT { " (the first ones)" } else { "" }
        ));
        egui::ScrollArea::vertical()
            .id_salt("memory_conflicts")
            .max_height(260.0)
            .show(ui, |ui| {
                for c in &self.conflicts {
                    ui.separator();
                    ui.strong(&c.units[0].unit.source.text);
                    ui.columns(c.units.len().min(4), |cols| {
                        for (i, u) in c.units.iter().enumerate() {
                            let ui = &mut cols[i % cols.len()];
                            ui.label(&u.unit.target.text);
                            ui.weak(origin_label(u.origin, &u.origin_detail));
                            ui.weak(when(u.unit.changed.or(u.unit.created), None));
                            if ui
                                .add_enabled(!read_only, egui::Button::new("Keep this"))
                                .on_hover_text("Keep this translation and delete the others")
                                .clicked()
                            {
                                action = Some(ConflictAction::Keep {
                                    keep: u.id,
                                    drop: c
                                        .units
                                        .iter()
                                        .map(|o| o.id)
                                        .filter(|&o| o != u.id)
                                        .collect(),
                                });
                            }
                        }
                    });
                }
            });
        action
    }
}
