//! The list on the left of the Documents workspace: Open…, a path box, and every open document with the
//! texts made from it beneath — the original, each stored version (cleaned, converted) and, for a file that
//! holds both languages, each language part. Clicking a document selects its preferred text (the cleaned
//! version, where there is one); clicking a line beneath selects exactly that text. Removing a document or
//! deleting a version asks first when work would be lost.
//!
//! Main type: [`DocumentList`].

use crate::document::Lang;
use crate::gui::app::AppState;
use crate::gui::command::Command;
use crate::gui::library::{DocState, OpenDoc};
use crate::version::VersionRef;

/// What the user is asked to confirm.
#[derive(Debug, Clone, PartialEq)]
enum Confirm {
    /// Remove a document that has versions.
    Close(i64, String, usize),
    /// Delete a version (and what was made from it).
    Delete(i64, String),
}

/// UI state of the list.
#[derive(Default)]
pub struct DocumentList {
    path_input: String,
    confirm: Option<Confirm>,
}

impl DocumentList {
    /// Draws the list.
    pub fn ui(&mut self, ui: &mut egui::Ui, state: &mut AppState) {
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
            let edit = ui
                .add(
                    egui::TextEdit::singleline(&mut self.path_input)
                        .hint_text(crate::gui::widgets::hint("Path to a file…"))
                        .desired_width(ui.available_width() - 52.0),
                )
                .accessible_name("Path to a file");
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if (ui.button("Open").clicked() || enter) && !self.path_input.trim().is_empty() {
                let path = std::path::PathBuf::from(self.path_input.trim());
                state.commands.push(Command::OpenFiles(vec![path]));
                self.path_input.clear();
            }
        });
        ui.separator();
        if state.library.docs.is_empty() {
            ui.weak("Drop files here, or use Open…");
        }
        let working = state.working_ref();
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for doc in &state.library.docs {
                    self.document_ui(ui, doc, working, &mut state.commands);
                }
            });
        self.confirm_ui(ui.ctx(), &mut state.commands);
    }

    fn document_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &OpenDoc,
        working: Option<VersionRef>,
        commands: &mut Vec<Command>,
    ) {
        let (badge, tip) = match &doc.state {
            DocState::Loading => ("…".to_string(), "Opening".to_string()),
            DocState::Failed(m) => ("(could not open)".to_string(), m.clone()),
            DocState::Ready(l) => {
                let d = &l.doc;
                let langs: Vec<&str> = d
                    .languages()
                    .iter()
                    .filter(|l| **l != Lang::Other && **l != Lang::Mixed)
                    .map(|l| l.tag())
                    .take(2)
                    .collect();
                let two = if l.parts.is_empty() {
                    ""
                } else {
                    " · 2 versions"
                };
                (
                    format!("{}{two}", langs.join("+")),
                    crate::gui::widgets::plural(d.sentence_count(), "sentence"),
                )
            }
        };
        let this_doc = working.is_some_and(|r| r.document == doc.id);
        ui.horizontal(|ui| {
            let label = format!("{}  {}", doc.name(), badge);
            let response = ui
                .selectable_label(this_doc, egui::RichText::new(label).strong())
                .on_hover_text(format!("{}\n{tip}", doc.path.display()));
            if response.clicked() {
                commands.push(Command::Select {
                    target: VersionRef::original(doc.id),
                    explicit: false,
                });
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .small_button("×")
                    .on_hover_text("Remove from the list (the file is not touched)")
                    .clicked()
                {
                    if doc.versions.is_empty() {
                        commands.push(Command::CloseDocument(doc.id));
                    } else {
                        self.confirm = Some(Confirm::Close(doc.id, doc.name(), doc.versions.len()));
                    }
                }
            });
        });
        if !this_doc && doc.versions.is_empty() {
            return;
        }
        ui.indent(("versions", doc.id), |ui| {
            for r in doc.refs() {
                let label = doc.version_label(&r);
                let stale = r
                    .version
                    .and_then(|id| doc.version(id))
                    .and_then(|v| doc.staleness(&v.stored));
                let text = match (&stale, r.part) {
                    (Some(_), None) => format!("{label} · out of date"),
                    _ => label.clone(),
                };
                let indent = if r.part.is_some() { "    " } else { "" };
                ui.horizontal(|ui| {
                    let response = ui
                        .selectable_label(working == Some(r), format!("{indent}{text}"))
                        .on_hover_text(stale.clone().unwrap_or_else(|| {
                            if r.version.is_none() && r.part.is_none() {
                                "The file as it is on disk".to_string()
                            } else {
                                "Made by Duizhao; the file is not changed".to_string()
                            }
                        }));
                    if response.clicked() {
                        commands.push(Command::Select {
                            target: r,
                            explicit: true,
                        });
                    }
                    if let (Some(id), None) = (r.version, r.part) {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            if ui
                                .small_button("×")
                                .on_hover_text(format!("Delete the {label} version"))
                                .clicked()
                            {
                                self.confirm = Some(Confirm::Delete(id, label.clone()));
                            }
                        });
                    }
                });
            }
        });
    }

    fn confirm_ui(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let Some(confirm) = self.confirm.clone() else {
            return;
        };
        let (title, text, action) = match &confirm {
            Confirm::Close(_, name, n) => (
                format!("Remove {name} from the list?"),
                format!(
                    "Its {} made in Duizhao will be deleted with it. The file itself is not touched.",
                    crate::gui::widgets::plural(*n, "version")
                ),
                "Remove",
            ),
            Confirm::Delete(_, label) => (
                format!("Delete the {label} version?"),
                "Versions made from it are deleted too; alignments and translations made from it are kept, marked out of date.".to_string(),
                "Delete",
            ),
        };
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("documents_confirm")).show(ctx, |ui| {
            ui.set_max_width(440.0);
            ui.heading(title);
            ui.add_space(4.0);
            ui.label(text);
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button(action).clicked() {
                    answer = Some(true);
                }
                if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    answer = Some(false);
                }
            });
        });
        match answer {
            Some(true) => {
                commands.push(match confirm {
                    Confirm::Close(id, _, _) => Command::CloseDocument(id),
                    Confirm::Delete(id, _) => Command::DeleteVersion(id),
                });
                self.confirm = None;
            }
            Some(false) => self.confirm = None,
            None => {}
        }
    }
}
