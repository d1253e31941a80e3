//! The window around the workspaces: menu bar, workspace rail, status bar (jobs with progress and Cancel,
//! the shared glossary and memory), the error window, and keyboard shortcuts. Everything it shows comes
//! from [`AppState`]; what the user asks for goes back as [`Command`]s.
//!
//! Main type: [`DuizhaoApp`], the eframe app.

use std::path::{Path, PathBuf};

use super::app::AppState;
use super::command::{Command, View};
use super::views::align::AlignView;
use super::views::clean::CleanView;
use super::views::convert::ConvertView;
use super::views::documents::DocumentsView;
use super::views::glossary::GlossaryView;
use super::views::memory::MemoryView;
use super::views::translate::TranslateView;

/// The eframe app.
pub struct DuizhaoApp {
    /// Shared state.
    pub state: AppState,
    documents: DocumentsView,
    convert: ConvertView,
    clean: CleanView,
    glossary: GlossaryView,
    /// The Align workspace (public for tests).
    pub align: AlignView,
    translate: TranslateView,
    memory: MemoryView,
    help: super::help::ShortcutsWindow,
    settings: super::settings::SettingsWindow,
    first_frame: Option<fn()>,
}

impl DuizhaoApp {
    /// Creates the app with its data in `data_dir`, opening `files` as well as the remembered documents.
    /// Call [`super::install_fonts`] on the context first.
    pub fn new(data_dir: PathBuf, files: Vec<PathBuf>) -> Self {
        let mut state = AppState::new(data_dir);
        if !files.is_empty() {
            state.commands.push(Command::OpenFiles(files));
        }
        DuizhaoApp {
            state,
            documents: DocumentsView::default(),
            convert: ConvertView::default(),
            clean: CleanView::default(),
            glossary: GlossaryView::default(),
            align: AlignView::default(),
            translate: TranslateView::default(),
            memory: MemoryView::default(),
            help: Default::default(),
            settings: Default::default(),
            first_frame: None,
        }
    }

    /// Calls `f` once, after the first frame is drawn.
    pub fn on_first_frame(&mut self, f: fn()) {
        self.first_frame = Some(f);
    }

    /// Draws the whole window into `ui` and applies the commands it produced.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.state.poll(&ctx);
        self.shortcuts(&ctx);
        self.menu_bar(ui);
        self.status_bar(ui);
        self.rail(ui);
        egui::CentralPanel::default().show(ui, |ui| match self.state.view {
            View::Documents => self.documents.ui(ui, &mut self.state),
            View::Convert => self.convert.ui(ui, &mut self.state),
            View::Clean => self.clean.ui(ui, &mut self.state),
            View::Glossary => self.glossary.ui(ui, &mut self.state),
            View::Align => self.align.ui(ui, &mut self.state),
            View::Translate => self.translate.ui(ui, &mut self.state),
            View::Memory => self.memory.ui(ui, &mut self.state),
        });
        self.error_window(&ctx);
        super::dialogs::show(&ctx);
        self.help.ui(&ctx);
        self.settings.ui(&ctx, &mut self.state);
        self.state.apply_commands(&ctx);
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        use egui::{Key, KeyboardShortcut, Modifiers};
        let open = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
        if ctx.input_mut(|i| i.consume_shortcut(&open)) {
            self.state.commands.push(Command::ShowOpenDialog);
        }
        let typing = ctx.text_edit_focused();
        if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::F1))
            || (!typing
                && ctx.input(|i| {
                    i.events
                        .iter()
                        .any(|e| matches!(e, egui::Event::Text(t) if t == "?"))
                }))
        {
            self.help.open = !self.help.open;
        }
        let glossary_search = KeyboardShortcut::new(Modifiers::COMMAND, Key::K);
        if ctx.input_mut(|i| i.consume_shortcut(&glossary_search)) {
            self.state.commands.push(Command::ShowView(View::Glossary));
            self.glossary.focus_search();
        }
    }

    fn menu_bar(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("menu_bar").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                ui.menu_button("File", |ui| {
                    if ui
                        .add(egui::Button::new("Open…").shortcut_text("Ctrl+O"))
                        .clicked()
                    {
                        self.state.commands.push(Command::ShowOpenDialog);
                    }
                    ui.menu_button("Recent", |ui| {
                        if self.state.recent.is_empty() {
                            ui.weak("No file opened yet");
                        }
                        for path in self.state.recent.clone() {
                            let name = crate::document::display_name(&path);
                            if ui
                                .button(name)
                                .on_hover_text(path.display().to_string())
                                .clicked()
                            {
                                self.state.commands.push(Command::OpenFiles(vec![path]));
                                self.state.commands.push(Command::ShowView(View::Documents));
                            }
                        }
                    });
                    if ui.button("Settings…").clicked() {
                        self.settings.open = true;
                    }
                    if let Some(r) = self.state.selected {
                        if ui.button("Close document").clicked() {
                            self.state.commands.push(Command::CloseDocument(r.document));
                        }
                    }
                    ui.separator();
                    if ui.button("Quit").clicked() {
                        ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                    }
                });
                ui.menu_button("Help", |ui| {
                    if ui
                        .add(egui::Button::new("Keyboard shortcuts").shortcut_text("F1"))
                        .clicked()
                    {
                        self.help.open = true;
                    }
                });
                ui.menu_button("View", |ui| {
                    for (label, theme) in [
                        ("Follow the system theme", egui::ThemePreference::System),
                        ("Light theme", egui::ThemePreference::Light),
                        ("Dark theme", egui::ThemePreference::Dark),
                    ] {
                        if ui.radio(self.state.theme == theme, label).clicked() {
                            self.state.commands.push(Command::SetTheme(theme));
                        }
                    }
                });
            });
        });
    }

    fn rail(&mut self, ui: &mut egui::Ui) {
        egui::Panel::left("workspace_rail")
            .resizable(false)
            .exact_size(132.0)
            .show(ui, |ui| {
                ui.add_space(6.0);
                ui.vertical_centered_justified(|ui| {
                    for view in View::ALL {
                        let selected = self.state.view == view;
                        if ui.selectable_label(selected, view.label()).clicked() {
                            self.state.commands.push(Command::ShowView(view));
                        }
                    }
                });
            });
    }

    fn status_bar(&mut self, ui: &mut egui::Ui) {
        egui::Panel::bottom("status_bar").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(
                    egui::RichText::new(format!("Data: {}", short_path(&self.state.data_dir)))
                        .small(),
                )
                .on_hover_text(self.state.data_dir.display().to_string());
                ui.separator();
                match (&self.state.glossary, &self.state.glossary_error) {
                    (Some(g), _) => {
                        ui.label(
                            egui::RichText::new(format!(
                                "Glossary: {}{}",
                                crate::gui::widgets::plural(g.entries.len(), "entry"),
                                if g.on_server {
                                    " on the team server"
                                } else {
                                    ""
                                }
                            ))
                            .small(),
                        )
                        .on_hover_text(g.path.display().to_string());
                    }
                    (None, Some(e)) => {
                        ui.label(
                            egui::RichText::new("Glossary: unavailable")
                                .small()
                                .color(ui.visuals().error_fg_color),
                        )
                        .on_hover_text(e.as_str());
                    }
                    (None, None) => {}
                }
                match (&self.state.memory, &self.state.memory_error) {
                    (Some(m), _) => {
                        ui.separator();
                        ui.label(
                            egui::RichText::new(format!(
                                "Memory: {}{}",
                                crate::gui::widgets::plural(m.units, "unit"),
                                if m.on_server {
                                    " on the team server"
                                } else {
                                    ""
                                }
                            ))
                            .small(),
                        )
                        .on_hover_text(m.path.display().to_string());
                    }
                    (None, Some(e)) => {
                        ui.separator();
                        ui.label(
                            egui::RichText::new("Memory: unavailable")
                                .small()
                                .color(ui.visuals().error_fg_color),
                        )
                        .on_hover_text(e.as_str());
                    }
                    (None, None) => {}
                }
                ui.separator();
                self.state.jobs.ui(ui);
                if !self.state.status.is_empty() {
                    ui.separator();
                    ui.label(&self.state.status);
                }
            });
        });
    }

    fn error_window(&mut self, ctx: &egui::Context) {
        let Some(message) = self.state.errors.first().cloned() else {
            return;
        };
        let mut dismissed = false;
        egui::Window::new("Something went wrong")
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ctx, |ui| {
                ui.label(&message);
                ui.add_space(8.0);
                if ui.button("OK").clicked() {
                    dismissed = true;
                }
            });
        if dismissed {
            self.state.errors.remove(0);
        }
    }
}

impl eframe::App for DuizhaoApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
        if let Some(f) = self.first_frame.take() {
            f();
        }
    }
}

/// A path shortened with `~` for the home folder.
fn short_path(path: &Path) -> String {
    if let Some(home) = std::env::var_os("HOME") {
        if let Ok(rest) = path.strip_prefix(&home) {
            return format!("~/{}", rest.display());
        }
    }
    path.display().to_string()
}
