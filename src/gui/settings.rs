//! File → Settings…: the name recorded as the author of glossary changes (the login name until one is
//! set), and the team server that holds the shared glossary, both kept in the workspace.
//!
//! The server is named as libpq names it (`postgres://user@host/database`, `service=team`); the password
//! comes from `~/.pgpass`, `PGPASSWORD` or the service file, never from Duizhao's settings.
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
    server: Option<String>,
}

impl SettingsWindow {
    /// Draws the window while it is open.
    pub fn ui(&mut self, ctx: &egui::Context, state: &mut AppState) {
        if !self.open {
            self.name = None;
            self.server = None;
            return;
        }
        let name = self.name.get_or_insert_with(|| state.user_name.clone());
        let server = self
            .server
            .get_or_insert_with(|| state.team_server.clone().unwrap_or_default());
        let mut open = self.open;
        let (mut save, mut connect, mut local) = (false, false, false);
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
                ui.separator();
                ui.strong("Team server");
                ui.horizontal(|ui| {
                    let label = ui.label("Server");
                    ui.add(
                        egui::TextEdit::singleline(server)
                            .hint_text("postgres://you@server/glossary or service=team")
                            .desired_width(300.0),
                    )
                    .labelled_by(label.id);
                });
                ui.label(
                    egui::RichText::new(
                        "A PostgreSQL server set up with `duizhao-cli server init`. The password comes from \
                         ~/.pgpass, PGPASSWORD or the service file; Duizhao never stores it. Changes are \
                         recorded under your database role.",
                    )
                    .weak(),
                );
                let now = match (&state.team_server, &state.glossary) {
                    (Some(_), Some(g)) => format!("Using the glossary on {}", g.path.display()),
                    (Some(s), None) => format!("Connecting to {s}…"),
                    (None, _) => "Using the glossary file in the data folder".to_string(),
                };
                ui.label(now);
                ui.horizontal(|ui| {
                    connect = ui
                        .add_enabled(!server.trim().is_empty(), egui::Button::new("Connect"))
                        .clicked();
                    local = ui
                        .add_enabled(
                            state.team_server.is_some(),
                            egui::Button::new("Use the local glossary"),
                        )
                        .clicked();
                });
            });
        if save {
            state.commands.push(Command::SetUserName(name.clone()));
            open = false;
        }
        if connect {
            state
                .commands
                .push(Command::SetTeamServer(Some(server.clone())));
            open = false;
        }
        if local {
            state.commands.push(Command::SetTeamServer(None));
            server.clear();
        }
        self.open = open;
    }
}
