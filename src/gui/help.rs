//! Help → Keyboard shortcuts (also F1, or `?` when no text box has the keyboard): every key the app
//! answers to, by workspace.
//!
//! Main type: [`ShortcutsWindow`]; the list is [`SHORTCUTS`], kept beside the code that handles the keys.

/// (where, keys, what) for every shortcut.
pub const SHORTCUTS: &[(&str, &str, &str)] = &[
    ("Everywhere", "Ctrl+O", "Open files"),
    ("Everywhere", "Ctrl+K", "Search the glossary"),
    ("Everywhere", "F1 or ?", "This list"),
    ("Everywhere", "Esc", "Close a question or this list"),
    (
        "Align",
        "↑ / ↓",
        "Previous / next bead (only doubtful ones with the filter on)",
    ),
    ("Align", "A", "Accept the bead and go to the next to review"),
    ("Align", "M", "Merge the bead with the next"),
    (
        "Align",
        "S",
        "Split the bead at the cursor (after its first sentence without one)",
    ),
    ("Align", "U", "Unpair the bead"),
    ("Align", "Ctrl+S", "Save the sentence being edited"),
    (
        "Align, Clean",
        "Ctrl+Z / Ctrl+Shift+Z",
        "Undo / redo (inside a text box: the typing)",
    ),
    (
        "Translate",
        "Ctrl+Enter",
        "Confirm the segment and go to the next",
    ),
    ("Glossary", "Enter", "Search"),
    (
        "Memory",
        "Ctrl+click / Shift+click",
        "Select several units (to delete them at once)",
    ),
];

/// The shortcuts window.
#[derive(Default)]
pub struct ShortcutsWindow {
    /// Whether it is showing.
    pub open: bool,
}

impl ShortcutsWindow {
    /// Draws the window while it is open.
    pub fn ui(&mut self, ctx: &egui::Context) {
        if !self.open {
            return;
        }
        if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            self.open = false;
            return;
        }
        let mut open = self.open;
        egui::Window::new("Keyboard shortcuts")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                egui::Grid::new("shortcuts")
                    .num_columns(3)
                    .spacing([16.0, 4.0])
                    .striped(true)
                    .show(ui, |ui| {
                        for (place, keys, what) in SHORTCUTS {
                            ui.weak(*place);
                            ui.strong(*keys);
                            ui.label(*what);
                            ui.end_row();
                        }
                    });
            });
        self.open = open;
    }
}
