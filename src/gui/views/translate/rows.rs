//! The rows above the Translate workspace's segment table: TMX import and the toolbar (progress,
//! pre-translation threshold, QA, undo). Each draws and records what the user asked for in a
//! [`Request`], which the view applies after drawing.

use crate::gui::dialogs::{self, Chosen};
use crate::gui::jobs::Pending;
use crate::tm::TranslationProject;

use super::request::Request;

/// The TMX import row.
pub fn memory_ui(
    ui: &mut egui::Ui,
    path: &mut String,
    dialog: &Pending<Chosen>,
    ready: bool,
    request: &mut Request,
) {
    dialogs::path_row(
        ui,
        "Import TMX",
        "translate_tmx",
        "memory.tmx",
        path,
        dialog,
        |ctx, start, p| dialogs::pick_files(ctx, "Import a translation memory", &["tmx"], start, p),
    );
    if ui
        .add_enabled(
            ready && !path.trim().is_empty(),
            egui::Button::new("Import into the memory"),
        )
        .on_hover_text("TMX 1.1 to 1.4; units in both directions are stored")
        .clicked()
    {
        request.import_tmx = true;
    }
}

/// Progress, threshold, pre-translate, QA, undo and redo.
pub fn toolbar_ui(
    ui: &mut egui::Ui,
    project: &TranslationProject,
    domains: &[String],
    threshold: &mut u8,
    busy: bool,
    request: &mut Request,
) {
    let p = project.progress();
    ui.horizontal_wrapped(|ui| {
        ui.strong(project.source_name.as_deref().unwrap_or("Untitled"));
        ui.label(format!("{} → {}", project.source_lang, project.target_lang));
        ui.separator();
        let fraction = if p.total == 0 { 0.0 } else { p.translated as f32 / p.total as f32 };
        ui.add(
            egui::ProgressBar::new(fraction)
                .desired_width(140.0)
                .text(format!("{} / {} translated", p.translated, p.total)),
        );
        ui.label(format!("{} confirmed", p.confirmed));
        ui.separator();
        ui.label("Match ≥");
        ui.add(egui::DragValue::new(threshold).range(50..=100).suffix("%"));
        request.pretranslate = ui
            .add_enabled(!busy, egui::Button::new("Pre-translate"))
            .on_hover_text("Fill untranslated segments from memory matches at or above this percentage")
            .clicked();
        ui.label("Domain");
        let current = project.domain.clone();
        egui::ComboBox::from_id_salt("translate_domain")
            .selected_text(current.as_deref().unwrap_or("none"))
            .show_ui(ui, |ui| {
                if ui.selectable_label(current.is_none(), "none").clicked() {
                    request.domain = Some(None);
                }
                for d in domains {
                    if ui
                        .selectable_label(current.as_deref() == Some(d.as_str()), d)
                        .clicked()
                    {
                        request.domain = Some(Some(d.clone()));
                    }
                }
            })
            .response
            .accessible_name("Domain")
            .on_hover_text("The document's subject: QA enforces the approved glossary terms of this domain and only suggests the others");
        request.qa = ui
            .button("Run QA")
            .on_hover_text("Missing or forbidden glossary terms, numbers that differ, empty or untranslated segments")
            .clicked();
        ui.separator();
        request.undo = ui
            .add_enabled(project.can_undo(), egui::Button::new("Undo"))
            .clicked();
        request.redo = ui
            .add_enabled(project.can_redo(), egui::Button::new("Redo"))
            .clicked();
    });
}
