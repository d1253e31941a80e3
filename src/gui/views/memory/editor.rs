//! The selected unit, editable: both sides in text boxes saved with one click (the library keeps the old
//! text as history and for Undo), its origin and dates, its edit history, and the deletions offered from
//! it — the unit, the selection, or every unit from the same origin.
//!
//! Main type: [`UnitEditor`]; it draws and returns [`UnitAction`]s, which the workspace applies.

use super::filters::origin_label;
use super::table::when;
use crate::gui::widgets;
use crate::tm::{Edit, MemoryUnit, Origin, Side};

/// What the user asked for in the editor.
pub enum UnitAction {
    /// Save these sides of the unit (only the ones that changed are listed), each with the text it
    /// showed and the new text.
    Save(i64, Vec<(Side, String, String)>),
    /// Delete these units (one change, one Undo).
    Delete(Vec<i64>),
    /// Delete every unit from this origin (kind, detail, and how many units it has).
    DeleteOrigin(Origin, String, usize),
}

/// The unit shown in the editor, with the text boxes' contents.
pub struct UnitEditor {
    /// The unit as stored.
    pub unit: MemoryUnit,
    source: String,
    target: String,
    history: Vec<Edit>,
    /// Units from the same origin (for the "Delete all" button).
    origin_units: usize,
}

impl UnitEditor {
    /// The editor for `unit`, its `history` and the number of units from its origin.
    pub fn new(unit: MemoryUnit, history: Vec<Edit>, origin_units: usize) -> UnitEditor {
        UnitEditor {
            source: unit.unit.source.text.clone(),
            target: unit.unit.target.text.clone(),
            unit,
            history,
            origin_units,
        }
    }

    /// Draws the unit; `selected` is the table's selection (several units can be deleted at once).
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        read_only: bool,
        selected: &[i64],
    ) -> Option<UnitAction> {
        let mut action = None;
        let u = &self.unit;
        ui.heading(format!("Unit {}", u.id));
        ui.add_space(4.0);
        for (side, lang, text) in [
            ("Source text", &u.unit.source.lang, &mut self.source),
            ("Target text", &u.unit.target.lang, &mut self.target),
        ] {
            let label = ui.label(format!("{side} ({lang})"));
            ui.add_enabled(
                !read_only,
                egui::TextEdit::multiline(text)
                    .id_salt(side)
                    .desired_rows(3)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        }
        let mut sides = Vec::new();
        if self.source.trim() != u.unit.source.text {
            sides.push((
                Side::Source,
                u.unit.source.text.clone(),
                self.source.clone(),
            ));
        }
        if self.target.trim() != u.unit.target.text {
            sides.push((
                Side::Target,
                u.unit.target.text.clone(),
                self.target.clone(),
            ));
        }
        ui.horizontal(|ui| {
            if ui
                .add_enabled(!read_only && !sides.is_empty(), egui::Button::new("Save"))
                .on_hover_text("Save the changed side; the old text is kept in the history")
                .clicked()
            {
                action = Some(UnitAction::Save(u.id, sides.clone()));
            }
            if ui
                .add_enabled(!sides.is_empty(), egui::Button::new("Revert"))
                .clicked()
            {
                self.source = u.unit.source.text.clone();
                self.target = u.unit.target.text.clone();
            }
            if ui
                .add_enabled(!read_only, egui::Button::new("Delete unit"))
                .clicked()
            {
                action = Some(UnitAction::Delete(vec![u.id]));
            }
        });
        if selected.len() > 1
            && ui
                .add_enabled(
                    !read_only,
                    egui::Button::new(format!(
                        "Delete the {} selected",
                        widgets::plural(selected.len(), "unit")
                    )),
                )
                .clicked()
        {
            action = Some(UnitAction::Delete(selected.to_vec()));
        }
        ui.separator();
        let origin = origin_label(u.origin, &u.origin_detail);
        ui.label(format!("Origin: {origin}"));
        ui.label(format!(
            "Created: {}",
            when(u.unit.created, u.unit.creation_id.as_deref())
        ));
        if u.unit.changed.is_some() {
            ui.label(format!(
                "Changed: {}",
                when(u.unit.changed, u.unit.change_id.as_deref())
            ));
        }
        ui.label(format!(
            "Used: {}",
            widgets::plural(u.used as usize, "time")
        ));
        if ui
            .add_enabled(
                !read_only,
                egui::Button::new(format!(
                    "Delete all {} from this origin",
                    widgets::plural(self.origin_units, "unit")
                )),
            )
            .on_hover_text(format!("Every unit from {origin}; Undo brings them back"))
            .clicked()
        {
            action = Some(UnitAction::DeleteOrigin(
                u.origin,
                u.origin_detail.clone(),
                self.origin_units,
            ));
        }
        if !self.history.is_empty() {
            ui.separator();
            ui.strong("History");
            for e in self.history.iter().rev() {
                let side = match e.side {
                    Side::Source => "source",
                    Side::Target => "target",
                };
                ui.label(format!(
                    "{} by {}: {side} was “{}”",
                    when(Some(e.at), None),
                    e.author,
                    e.before
                ));
            }
        }
        action
    }
}
