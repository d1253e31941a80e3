//! The Align workspace: align two documents (or the two versions of one), review the alignment bead by bead
//! — coloured by confidence, doubtful ones filterable — fix it with undo and redo, and export it (see
//! [`output`]).
//!
//! Main type: [`AlignView`]. Every edit is saved to the project in SQLite at once, so closing the app or a
//! crash loses nothing. Keys in the table: ↑/↓ move between beads, M merges with the next, S splits, U
//! unpairs, A accepts; Ctrl+Z / Ctrl+Shift+Z undo and redo. "Term suggestions…" proposes glossary
//! entries from the alignment's beads ([`crate::gui::term_suggestions`]).

pub mod bead_panel;
pub mod output;
pub mod refresh;
pub mod setup;
pub mod table;

use crate::align::Edit;
use crate::align::project::{self, Project, ProjectInfo};
use crate::gui::app::AppState;
use crate::gui::term_suggestions::{Input, TermSuggestions};
use crate::gui::widgets;
use crate::terms::BeadPair;
use bead_panel::{PanelState, bead_panel};
use output::OutputPanel;
use setup::AlignSetup;

/// UI state of the Align workspace.
#[derive(Default)]
pub struct AlignView {
    setup: AlignSetup,
    project: Option<Project>,
    projects: Option<Vec<ProjectInfo>>,
    selected: usize,
    doubtful_only: bool,
    panel: PanelState,
    warnings: Vec<String>,
    message: Option<(bool, String)>,
    scroll_to_selected: bool,
    output: OutputPanel,
    refresh: refresh::Refresh,
    heights: widgets::RowHeights,
    suggestions: TermSuggestions,
    /// The project last remembered as open (reopened after a restart); `None` until the view first ran.
    remembered: Option<Option<i64>>,
}

/// The setting that remembers the open alignment across restarts.
const OPEN_PROJECT: &str = "align_project";

impl AlignView {
    /// The open project, if any (for tests and the Translate workspace).
    pub fn project(&self) -> Option<&Project> {
        self.project.as_ref()
    }

    /// The term suggestions window (for tests).
    pub fn suggestions(&self) -> &TermSuggestions {
        &self.suggestions
    }

    /// The index of the selected bead (for tests).
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// Draws the workspace.
    pub fn ui(&mut self, ui: &mut egui::Ui, state: &mut AppState) {
        if let Some(result) = self.setup.result.take() {
            match result {
                Ok(aligned) => {
                    self.warnings = aligned.warnings;
                    self.project = Some(aligned.project);
                    self.projects = None;
                    self.selected = 0;
                    self.panel = PanelState::default();
                    self.suggestions = TermSuggestions::default();
                }
                Err(e) => self.message = Some((false, e)),
            }
        }
        if let Some((project, result)) = self.refresh.result.take() {
            self.refresh.running = false;
            self.message = Some(match result {
                Ok(s) => (
                    true,
                    format!(
                        "Re-aligned: {} kept as you left them, {} aligned anew, {} given up (their sentences changed); {} text edits replayed, {} lost.",
                        widgets::plural(s.kept, "bead"),
                        widgets::plural(s.realigned, "bead"),
                        s.dropped,
                        s.edits_replayed,
                        s.edits_lost
                    ),
                ),
                Err(e) => (false, e),
            });
            self.panel = PanelState::default();
            self.suggestions = TermSuggestions::default();
            self.selected = self
                .selected
                .min(project.alignment().beads.len().saturating_sub(1));
            self.project = Some(project);
            self.projects = None;
        }
        let db = state.data_dir.join(crate::paths::WORKSPACE_DB);
        self.remember_project(state, &db);
        egui::Panel::left("align_projects")
            .resizable(true)
            .default_size(220.0)
            .show(ui, |ui| self.projects_ui(ui, &db));
        egui::CentralPanel::default().show(ui, |ui| {
            self.setup.ui(ui, state);
            self.status_ui(ui, state);
            ui.separator();
            if self.refresh.running {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Re-aligning with the changed text…");
                });
                return;
            }
            if self.project.is_none() {
                widgets::empty_hint(
                    ui,
                    "No alignment open",
                    "Align two documents above, or open a saved alignment on the left.",
                );
                return;
            }
            self.toolbar_ui(ui, state);
            if let Some(at) = self.suggestions.ui(ui.ctx(), state) {
                self.show_bead(at.bead);
            }
            if let Some(project) = &self.project {
                if let Some(m) = self.output.memory_ui(ui, state, project) {
                    self.message = Some(m);
                }
            }
            self.keys(ui);
            egui::Panel::bottom("align_bead_panel")
                .resizable(true)
                .default_size(260.0)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical().show(ui, |ui| {
                        let Some(p) = &self.project else { return };
                        let edit = bead_panel(
                            ui,
                            p.alignment(),
                            self.selected,
                            &mut self.panel,
                            state.glossary.as_ref(),
                        );
                        if let Some(edit) = edit {
                            self.apply(&edit);
                        }
                    });
                });
            egui::CentralPanel::default().show(ui, |ui| {
                let Some(p) = &self.project else { return };
                let visible = self.visible();
                let scroll = std::mem::take(&mut self.scroll_to_selected);
                if let Some(k) = table::table_ui(
                    ui,
                    p.alignment(),
                    &visible,
                    self.selected,
                    scroll,
                    state.glossary.as_ref(),
                    &mut self.heights,
                ) {
                    self.selected = k;
                }
            });
        });
    }

    /// One line for the "out of date" notice (with Re-align), warnings and the last message, always
    /// there, so that the table never jumps when one comes or goes; a long message is cut, with the
    /// whole of it on hover.
    fn status_ui(&mut self, ui: &mut egui::Ui, state: &mut AppState) {
        let stale = self
            .project
            .as_ref()
            .and_then(|p| self.refresh.check(p, &state.library));
        let height = ui.spacing().interact_size.y;
        let width = ui.available_width();
        let mut realign = false;
        ui.allocate_ui_with_layout(
            egui::vec2(width, height),
            egui::Layout::left_to_right(egui::Align::Center),
            |ui| {
                ui.set_min_size(egui::vec2(width, height));
                if let Some(stale) = &stale {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        format!("Out of date: {}.", stale.what),
                    );
                    realign = ui
                        .add_enabled(!state.jobs.is_busy(), egui::Button::new("Re-align").small())
                        .on_hover_text("Align the current text; beads you accepted or edited whose sentences did not change are kept")
                        .clicked();
                }
                let (text, color) = match (&self.message, self.warnings.is_empty()) {
                    (Some((ok, m)), _) => (
                        m.clone(),
                        if *ok {
                            ui.visuals().text_color()
                        } else {
                            ui.visuals().error_fg_color
                        },
                    ),
                    (None, false) => (self.warnings.join(" · "), ui.visuals().warn_fg_color),
                    (None, true) => (String::new(), ui.visuals().text_color()),
                };
                if !text.is_empty() {
                    ui.add(egui::Label::new(egui::RichText::new(&text).color(color)).truncate())
                        .on_hover_text(&text);
                }
            },
        );
        if let (true, Some(stale)) = (realign, stale) {
            if let Some(project) = self.project.take() {
                self.refresh.start(ui.ctx(), state, project, stale);
            }
        }
    }

    /// Reopens the alignment that was open when the app last closed (on the first frame), and remembers
    /// the open one whenever it changes.
    fn remember_project(&mut self, state: &AppState, db: &std::path::Path) {
        if self.remembered.is_none() && self.project.is_none() {
            let id = state
                .setting(OPEN_PROJECT)
                .and_then(|v| v.parse::<i64>().ok());
            if let Some(p) = id.and_then(|id| Project::open(db, id).ok()) {
                self.project = Some(p);
            }
        }
        let open = self.project.as_ref().map(Project::id);
        if self.remembered != Some(open) {
            self.remembered = Some(open);
            let value = open.map(|id| id.to_string()).unwrap_or_default();
            state.save_setting(OPEN_PROJECT, &value);
        }
    }

    fn projects_ui(&mut self, ui: &mut egui::Ui, db: &std::path::Path) {
        ui.strong("Saved alignments");
        if self.projects.is_none() {
            self.projects = Some(project::list(db).unwrap_or_default());
        }
        let mut open = None;
        let mut delete = None;
        egui::ScrollArea::vertical().show(ui, |ui| {
            for info in self.projects.as_deref().unwrap_or_default() {
                let current = self.project.as_ref().is_some_and(|p| p.id() == info.id);
                ui.horizontal(|ui| {
                    let label = format!(
                        "{} ({})",
                        info.name,
                        crate::gui::widgets::plural(info.beads, "bead")
                    );
                    if ui
                        .selectable_label(current, label)
                        .on_hover_text(format!("changed {}", info.modified))
                        .clicked()
                    {
                        open = Some(info.id);
                    }
                    if ui
                        .small_button("×")
                        .on_hover_text("Delete this alignment")
                        .clicked()
                    {
                        delete = Some(info.id);
                    }
                });
            }
        });
        if let Some(id) = open {
            match Project::open(db, id) {
                Ok(p) => {
                    self.project = Some(p);
                    self.selected = 0;
                    self.panel = PanelState::default();
                    // Its beads point into the alignment it was made from.
                    self.suggestions = TermSuggestions::default();
                    self.warnings.clear();
                }
                Err(e) => self.message = Some((false, e.to_string())),
            }
        }
        if let Some(id) = delete {
            if let Err(e) = project::delete(db, id) {
                self.message = Some((false, e.to_string()));
            }
            if self.project.as_ref().is_some_and(|p| p.id() == id) {
                self.project = None;
                self.suggestions = TermSuggestions::default();
            }
            self.projects = None;
        }
    }

    /// Selects bead `k` (from a term suggestion's context) and scrolls to it, the doubtful-only filter
    /// off if it hides it.
    fn show_bead(&mut self, k: i64) {
        let Some(p) = &self.project else { return };
        let n = p.alignment().beads.len();
        if k < 0 || k as usize >= n {
            return;
        }
        self.selected = k as usize;
        if !self.visible().contains(&self.selected) {
            self.doubtful_only = false;
        }
        self.scroll_to_selected = true;
    }

    /// Opens the term suggestions window on the current alignment's beads.
    fn suggest_terms(&mut self, ctx: &egui::Context, state: &mut AppState) {
        let Some(p) = &self.project else { return };
        let pairs = BeadPair::from_alignments(&[p.alignment()]);
        let name = p
            .info()
            .map(|i| i.name)
            .unwrap_or_else(|_| "the alignment".into());
        self.suggestions
            .start(ctx, state, name, Input::Pairs(pairs));
    }

    fn toolbar_ui(&mut self, ui: &mut egui::Ui, state: &mut AppState) {
        let Some(p) = &self.project else { return };
        let a = p.alignment();
        let doubtful = a.doubtful().len();
        let accepted = a.beads.iter().filter(|b| b.accepted).count();
        let total = a.beads.len();
        let (can_undo, can_redo) = (p.editor().can_undo(), p.editor().can_redo());
        let confident: Vec<Edit> = a
            .beads
            .iter()
            .enumerate()
            .filter(|(_, b)| !b.accepted && !b.is_doubtful())
            .map(|(k, _)| Edit::Accept {
                bead: k,
                accepted: true,
            })
            .collect();
        let mut doubtful_only = self.doubtful_only;
        let (mut undo, mut redo, mut accept_all, mut suggest) = (false, false, false, false);
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "{} · {doubtful} doubtful · {accepted} accepted",
                crate::gui::widgets::plural(total, "bead")
            ));
            ui.checkbox(&mut doubtful_only, "Doubtful only");
            undo = ui
                .add_enabled(can_undo, egui::Button::new("Undo"))
                .on_hover_text("Ctrl+Z")
                .clicked();
            redo = ui
                .add_enabled(can_redo, egui::Button::new("Redo"))
                .on_hover_text("Ctrl+Shift+Z")
                .clicked();
            accept_all = ui
                .add_enabled(
                    !confident.is_empty(),
                    egui::Button::new("Accept all confident"),
                )
                .on_hover_text("Accept every bead that is not doubtful")
                .clicked();
            suggest = ui
                .add_enabled(
                    !state.jobs.is_busy(),
                    egui::Button::new("Term suggestions…"),
                )
                .on_hover_text("Glossary entries suggested from this alignment's sentence pairs")
                .clicked();
        });
        self.doubtful_only = doubtful_only;
        if undo {
            self.undo();
        }
        if redo {
            self.redo();
        }
        if accept_all {
            for e in confident {
                self.apply(&e);
            }
        }
        if suggest {
            self.suggest_terms(ui.ctx(), state);
        }
        if let Some(project) = &self.project {
            if let Some(m) = self.output.export_ui(ui, project) {
                self.message = Some(m);
            }
        }
    }

    /// The beads the table shows: all, or the doubtful ones with the filter on.
    fn visible(&self) -> Vec<usize> {
        let Some(p) = &self.project else {
            return Vec::new();
        };
        let a = p.alignment();
        if self.doubtful_only {
            a.doubtful()
        } else {
            (0..a.beads.len()).collect()
        }
    }

    /// Selects the next (`forward`) or previous bead among those the table shows.
    fn step(&mut self, forward: bool) {
        let visible = self.visible();
        let next = if forward {
            visible.iter().copied().find(|&k| k > self.selected)
        } else {
            visible.iter().rev().copied().find(|&k| k < self.selected)
        };
        if let Some(k) = next {
            self.selected = k;
            self.scroll_to_selected = true;
        }
    }

    /// After accepting bead `k`: the next bead still to review (not accepted; doubtful with the filter
    /// on), else stay.
    fn next_to_review(&mut self, k: usize) {
        let Some(p) = &self.project else { return };
        let a = p.alignment();
        let next = (k + 1..a.beads.len())
            .chain(0..k)
            .find(|&j| !a.beads[j].accepted && (!self.doubtful_only || a.beads[j].is_doubtful()));
        if let Some(j) = next {
            self.selected = j;
            self.scroll_to_selected = true;
        }
    }

    fn keys(&mut self, ui: &mut egui::Ui) {
        use egui::{Key, KeyboardShortcut, Modifiers};
        // While a sentence is being edited, the keys (Ctrl+Z included) are the text box's own.
        if ui.ctx().text_edit_focused() {
            return;
        }
        if ui.input_mut(|i| {
            i.consume_shortcut(&KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                Key::Z,
            ))
        }) {
            self.redo();
        }
        if ui.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Z)))
        {
            self.undo();
        }
        let Some(p) = &self.project else { return };
        let n = p.alignment().beads.len();
        if n == 0 {
            return;
        }
        let k = self.selected.min(n - 1);
        let bead = p.alignment().beads[k].clone();
        let split = self.panel.split_here(p.alignment(), k);
        let pressed =
            |ui: &mut egui::Ui, key| ui.input_mut(|i| i.consume_key(Modifiers::NONE, key));
        if pressed(ui, Key::ArrowDown) {
            self.step(true);
        }
        if pressed(ui, Key::ArrowUp) {
            self.step(false);
        }
        if pressed(ui, Key::M) && k + 1 < n {
            self.apply(&Edit::MergeNext { bead: k });
        }
        if pressed(ui, Key::S) {
            if let Some(edit) = split {
                self.apply(&edit);
            }
        }
        if pressed(ui, Key::U) && !bead.zh.is_empty() && !bead.en.is_empty() {
            self.apply(&Edit::Unpair { bead: k });
        }
        if pressed(ui, Key::A) {
            self.apply(&Edit::Accept {
                bead: k,
                accepted: !bead.accepted,
            });
            if !bead.accepted {
                self.next_to_review(k);
            }
        }
    }

    /// Applies an edit to the project (saved at once) and keeps the selection sensible.
    pub fn apply(&mut self, edit: &Edit) {
        let Some(p) = &mut self.project else { return };
        match p.apply(edit) {
            Ok(()) => {
                self.message = None;
                self.panel.bead = None;
                let n = p.alignment().beads.len();
                if let Edit::MergePrev { bead } = edit {
                    self.selected = bead.saturating_sub(1);
                }
                self.selected = self.selected.min(n.saturating_sub(1));
                self.projects = None;
            }
            Err(e) => self.message = Some((false, e.to_string())),
        }
    }

    /// Undoes the last edit.
    pub fn undo(&mut self) {
        if let Some(p) = &mut self.project {
            if let Err(e) = p.undo() {
                self.message = Some((false, e.to_string()));
            }
            self.panel.bead = None;
            self.selected = self
                .selected
                .min(p.alignment().beads.len().saturating_sub(1));
        }
    }

    /// Redoes the last undone edit.
    pub fn redo(&mut self) {
        if let Some(p) = &mut self.project {
            if let Err(e) = p.redo() {
                self.message = Some((false, e.to_string()));
            }
            self.panel.bead = None;
            self.selected = self
                .selected
                .min(p.alignment().beads.len().saturating_sub(1));
        }
    }
}
