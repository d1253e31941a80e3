//! File → Settings…: the name recorded as the author of glossary changes (the login name until one is
//! set), kept in the workspace.
//!
//! Main type: [`SettingsWindow`].

use super::app::AppState;
use super::command::Command;

/// The settings window.
#[derive(Default)]
pub struct SettingsWindow {
    /// Whether it is showing.
    pub open: bool,
    name: Option<String>,
}

impl SettingsWindow {
    /// Draws the window while it is open.
    pub fn ui(&mut self, ctx: &egui::Context, state: &mut AppState) {
        if !self.open {
            self.name = None;
            return;
        }
        let name = self.name.get_or_insert_with(|| state.user_name.clone());
        let mut open = self.open;
        let mut save = false;
        egui::Window::new("Settings")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    let label = ui.label("Your name");
                    ui.add(egui::TextEdit::singleline(name).desired_width(220.0))
                        .labelled_by(label.id);
                });
                ui.label(
                    egui::RichText::new(
                        "Recorded as the author of the glossary entries you add and change. Leave it empty for your login name.",
                    )
                    .weak(),
                );
                ui.add_space(6.0);
                save = ui.button("Save").clicked();
            });
        if save {
            state.commands.push(Command::SetUserName(name.clone()));
            open = false;
        }
        self.open = open;
    }
}
