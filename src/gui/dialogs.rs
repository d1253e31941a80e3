//! Native file dialogs (rfd, through the desktop portal) run on helper threads so the window never waits
//! for them. Where no portal exists the dialog returns at once with nothing; views then point the user to
//! the path box beside every dialog button.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::jobs::Pending;

/// The outcome of a dialog: the chosen paths, or why there are none.
#[derive(Debug, Clone)]
pub enum Chosen {
    /// The user chose these.
    Paths(Vec<PathBuf>),
    /// The user closed the dialog.
    Cancelled,
    /// No dialog could be shown (it returned at once).
    Unavailable,
}

impl Chosen {
    fn from(paths: Vec<PathBuf>, waited: Duration) -> Chosen {
        if !paths.is_empty() {
            Chosen::Paths(paths)
        } else if waited < Duration::from_millis(400) {
            Chosen::Unavailable
        } else {
            Chosen::Cancelled
        }
    }

    /// The first chosen path.
    pub fn first(&self) -> Option<PathBuf> {
        match self {
            Chosen::Paths(p) => p.first().cloned(),
            _ => None,
        }
    }
}

/// The message to show when no dialog is available.
pub const UNAVAILABLE: &str =
    "No file dialog is available on this desktop: type the path in the box instead.";

/// Asks for a folder.
pub fn pick_folder(title: &str, pending: &Pending<Chosen>) {
    let (title, slot) = (title.to_string(), pending.clone());
    std::thread::spawn(move || {
        let start = Instant::now();
        let folder = rfd::FileDialog::new().set_title(title).pick_folder();
        slot.set(Chosen::from(folder.into_iter().collect(), start.elapsed()));
    });
}

/// Asks where to save a file, suggesting `file_name`.
pub fn pick_save(title: &str, file_name: &str, extensions: &[&str], pending: &Pending<Chosen>) {
    let (title, name, slot) = (title.to_string(), file_name.to_string(), pending.clone());
    let extensions: Vec<String> = extensions.iter().map(|e| e.to_string()).collect();
    std::thread::spawn(move || {
        let start = Instant::now();
        let mut dialog = rfd::FileDialog::new().set_title(title).set_file_name(name);
        if !extensions.is_empty() {
            dialog = dialog.add_filter("Files", &extensions);
        }
        let file = dialog.save_file();
        slot.set(Chosen::from(file.into_iter().collect(), start.elapsed()));
    });
}

/// Asks for one or more files to open.
pub fn pick_files(title: &str, extensions: &[&str], pending: &Pending<Chosen>) {
    let (title, slot) = (title.to_string(), pending.clone());
    let extensions: Vec<String> = extensions.iter().map(|e| e.to_string()).collect();
    std::thread::spawn(move || {
        let start = Instant::now();
        let mut dialog = rfd::FileDialog::new().set_title(title);
        if !extensions.is_empty() {
            dialog = dialog
                .add_filter("Files", &extensions)
                .add_filter("All files", &["*"]);
        }
        let files = dialog.pick_files().unwrap_or_default();
        slot.set(Chosen::from(files, start.elapsed()));
    });
}

/// `label`, a path box (named by the label for assistive technology) and a "Choose…" button that opens
/// `open` (a dialog call); fills the box when the dialog answers. Returns a message to show when no dialog
/// is available.
pub fn path_row(
    ui: &mut egui::Ui,
    label: &str,
    id: &str,
    hint: &str,
    path: &mut String,
    pending: &Pending<Chosen>,
    open: impl FnOnce(&Pending<Chosen>),
) -> Option<&'static str> {
    let mut message = None;
    if let Some(chosen) = pending.take() {
        match chosen.first() {
            Some(p) => *path = p.display().to_string(),
            None if matches!(chosen, Chosen::Unavailable) => message = Some(UNAVAILABLE),
            None => {}
        }
    }
    ui.horizontal(|ui| {
        let label = ui.label(label);
        ui.add(
            egui::TextEdit::singleline(path)
                .id_salt(id)
                .hint_text(hint)
                .desired_width((ui.available_width() - 80.0).max(120.0)),
        )
        .labelled_by(label.id);
        if ui.button("Choose…").clicked() {
            open(pending);
        }
    });
    message
}
