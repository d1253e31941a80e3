//! The built-in file browser: Open, Save and Choose-folder dialogs drawn by egui itself, for desktops
//! where the native dialog cannot be shown (no XDG desktop portal: most minimal desktops, remote
//! sessions). [`super::dialogs`] opens it in place of the native dialog; it answers the same way.
//!
//! Main types: [`FileBrowser`] (one open dialog: the folder shown, its entries, the selection) and
//! [`Purpose`]. It lists one folder at a time (read when entered, not every frame), folders first, with
//! places (home, Desktop, Documents, Downloads, the root) and a location box that takes a typed path.

use std::path::{Path, PathBuf};

use super::dialogs::Chosen;
use super::jobs::Pending;

/// What the dialog is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// Choose files to open (several when `multiple`).
    Open {
        /// Whether several files may be chosen (Ctrl+click).
        multiple: bool,
    },
    /// Choose where to save, proposing this file name.
    Save {
        /// The proposed file name.
        file_name: String,
    },
    /// Choose a folder.
    Folder,
}

/// One entry of the listed folder.
#[derive(Debug, Clone)]
struct Entry {
    name: String,
    path: PathBuf,
    is_dir: bool,
    size: u64,
}

/// One open built-in dialog.
pub struct FileBrowser {
    title: String,
    purpose: Purpose,
    /// Lower-case extensions without the dot; empty shows every file.
    extensions: Vec<String>,
    dir: PathBuf,
    location: String,
    entries: Vec<Entry>,
    listed: Option<PathBuf>,
    selected: Vec<usize>,
    file_name: String,
    all_files: bool,
    hidden: bool,
    error: Option<String>,
    reply: Pending<Chosen>,
}

impl FileBrowser {
    /// A dialog titled `title` that starts in `start` (the home folder when `None` or unreadable) and
    /// answers into `reply`.
    pub fn new(
        title: &str,
        purpose: Purpose,
        extensions: &[String],
        start: Option<PathBuf>,
        reply: Pending<Chosen>,
    ) -> Self {
        let dir = start
            .filter(|d| d.is_dir())
            .or_else(home)
            .unwrap_or_else(|| PathBuf::from("/"));
        let file_name = match &purpose {
            Purpose::Save { file_name } => file_name.clone(),
            _ => String::new(),
        };
        FileBrowser {
            title: title.to_string(),
            purpose,
            extensions: extensions
                .iter()
                .map(|e| e.trim_start_matches('.').to_ascii_lowercase())
                .filter(|e| !e.is_empty() && e != "*")
                .collect(),
            location: dir.display().to_string(),
            dir,
            entries: Vec::new(),
            listed: None,
            selected: Vec::new(),
            file_name,
            all_files: false,
            hidden: false,
            error: None,
            reply,
        }
    }

    /// The folder shown.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Draws the dialog; returns `true` once it has answered (chosen or cancelled) and should close.
    pub fn ui(&mut self, ctx: &egui::Context) -> bool {
        if self.listed.as_deref() != Some(self.dir.as_path()) {
            self.list();
        }
        let mut answer: Option<Chosen> = None;
        let size = ctx.content_rect().size();
        let (width, height) = (
            (size.x * 0.8).clamp(360.0, 760.0),
            (size.y * 0.75).max(260.0),
        );
        egui::Modal::new(egui::Id::unique("duizhao_file_browser")).show(ctx, |ui| {
            ui.set_width(width);
            ui.heading(&self.title);
            self.location_ui(ui);
            ui.separator();
            let list_height = (height - 150.0).max(120.0);
            ui.horizontal_top(|ui| {
                self.places_ui(ui);
                // No separator here: in a row it takes the height it is given, and an area sized by its
                // content gives it more every frame.
                ui.add_space(12.0);
                ui.vertical(|ui| {
                    ui.set_min_height(list_height);
                    if let Some(chosen) = self.list_ui(ui, list_height) {
                        answer = Some(chosen);
                    }
                });
            });
            ui.separator();
            if let Some(chosen) = self.bottom_ui(ui) {
                answer = Some(chosen);
            }
        });
        if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            answer = Some(Chosen::Cancelled);
        }
        match answer {
            Some(chosen) => {
                self.reply.set(chosen);
                true
            }
            None => false,
        }
    }

    /// Reads the folder's entries, folders first, then by name.
    fn list(&mut self) {
        self.listed = Some(self.dir.clone());
        self.selected.clear();
        self.entries.clear();
        self.location = self.dir.display().to_string();
        let read = match std::fs::read_dir(&self.dir) {
            Ok(read) => read,
            Err(e) => {
                self.error = Some(format!("{} cannot be read: {e}", self.dir.display()));
                return;
            }
        };
        self.error = None;
        for item in read.flatten() {
            let path = item.path();
            // Follows symbolic links, so a link to a folder opens like a folder.
            let meta = std::fs::metadata(&path).ok();
            self.entries.push(Entry {
                name: item.file_name().to_string_lossy().into_owned(),
                is_dir: meta.as_ref().is_some_and(|m| m.is_dir()),
                size: meta.as_ref().map_or(0, |m| m.len()),
                path,
            });
        }
        self.entries.sort_by(|a, b| {
            b.is_dir
                .cmp(&a.is_dir)
                .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
        });
    }

    fn go(&mut self, dir: PathBuf) {
        self.dir = dir;
        self.listed = None;
    }

    fn location_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let parent = self.dir.parent().map(Path::to_path_buf);
            if ui
                .add_enabled(parent.is_some(), egui::Button::new("Up"))
                .on_hover_text("The folder above")
                .clicked()
            {
                if let Some(p) = parent {
                    self.go(p);
                }
            }
            let label = ui.label("Location");
            let edit = ui
                .add(
                    egui::TextEdit::singleline(&mut self.location)
                        .id_salt("file_browser_location")
                        .desired_width(ui.available_width() - 50.0),
                )
                .labelled_by(label.id);
            let typed = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if typed || ui.button("Go").clicked() {
                self.follow_location();
            }
        });
    }

    /// Goes to the typed location: a folder is shown; a file's folder is shown with the file chosen.
    fn follow_location(&mut self) {
        let path = PathBuf::from(expand_home(self.location.trim()));
        if path.is_dir() {
            self.go(path);
        } else if let (Some(parent), Some(name)) = (path.parent(), path.file_name()) {
            if parent.is_dir() {
                self.file_name = name.to_string_lossy().into_owned();
                self.go(parent.to_path_buf());
                self.list();
                let name = self.file_name.clone();
                if let Some(i) = self.entries.iter().position(|e| e.name == name) {
                    self.selected = vec![i];
                }
            } else {
                self.error = Some(format!("There is no folder {}.", parent.display()));
            }
        } else {
            self.error = Some(format!("There is no folder {}.", path.display()));
        }
    }

    fn places_ui(&mut self, ui: &mut egui::Ui) {
        ui.vertical(|ui| {
            ui.set_width(110.0);
            ui.weak("Places");
            let mut places: Vec<(String, PathBuf)> = Vec::new();
            if let Some(h) = home() {
                places.push(("Home".into(), h.clone()));
                for sub in ["Desktop", "Documents", "Downloads"] {
                    if h.join(sub).is_dir() {
                        places.push((sub.into(), h.join(sub)));
                    }
                }
            }
            places.push(("Computer (/)".into(), PathBuf::from("/")));
            for (name, path) in places {
                if ui.selectable_label(self.dir == path, name).clicked() {
                    self.go(path);
                }
            }
        });
    }

    /// Whether a file is listed under the current filter.
    fn shows(&self, e: &Entry) -> bool {
        if !self.hidden && e.name.starts_with('.') {
            return false;
        }
        if e.is_dir || self.all_files || self.extensions.is_empty() {
            return true;
        }
        let ext = Path::new(&e.name)
            .extension()
            .map(|x| x.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        self.extensions.contains(&ext)
    }

    fn list_ui(&mut self, ui: &mut egui::Ui, height: f32) -> Option<Chosen> {
        if let Some(e) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        let shown: Vec<usize> = (0..self.entries.len())
            .filter(|&i| self.shows(&self.entries[i]))
            .filter(|&i| self.purpose != Purpose::Folder || self.entries[i].is_dir)
            .collect();
        if shown.is_empty() && self.error.is_none() {
            ui.weak("This folder is empty.");
        }
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
        let mut answer = None;
        let mut enter = None;
        egui::ScrollArea::vertical()
            .id_salt("file_browser_list")
            .max_height(height)
            .auto_shrink([false, false])
            .show_rows(ui, row_height, shown.len(), |ui, rows| {
                for &i in &shown[rows] {
                    let e = &self.entries[i];
                    let text = if e.is_dir {
                        egui::RichText::new(format!("{}/", e.name)).strong()
                    } else {
                        egui::RichText::new(&e.name)
                    };
                    let selected = self.selected.contains(&i);
                    let response = ui
                        .horizontal(|ui| {
                            let r = ui.selectable_label(selected, text);
                            if !e.is_dir {
                                ui.weak(human_size(e.size));
                            }
                            r
                        })
                        .inner;
                    if response.double_clicked() {
                        if e.is_dir {
                            enter = Some(e.path.clone());
                        } else if self.purpose != Purpose::Folder {
                            answer = Some(Chosen::Paths(vec![e.path.clone()]));
                        }
                    } else if response.clicked() {
                        let add = ui.input(|inp| inp.modifiers.command)
                            && self.purpose == (Purpose::Open { multiple: true });
                        if !add {
                            self.selected.clear();
                        }
                        if selected && add {
                            self.selected.retain(|&s| s != i);
                        } else {
                            self.selected.push(i);
                        }
                        if !e.is_dir && matches!(self.purpose, Purpose::Save { .. }) {
                            self.file_name = e.name.clone();
                        }
                    }
                }
            });
        if let Some(dir) = enter {
            self.go(dir);
        }
        answer
    }

    fn bottom_ui(&mut self, ui: &mut egui::Ui) -> Option<Chosen> {
        let mut answer = None;
        if let Purpose::Save { .. } = self.purpose {
            ui.horizontal(|ui| {
                let label = ui.label("File name");
                ui.add(
                    egui::TextEdit::singleline(&mut self.file_name)
                        .id_salt("file_browser_name")
                        .desired_width(ui.available_width()),
                )
                .labelled_by(label.id);
            });
        }
        ui.horizontal(|ui| {
            if !self.extensions.is_empty() && self.purpose != Purpose::Folder {
                let list: Vec<String> = self.extensions.iter().map(|e| format!(".{e}")).collect();
                ui.checkbox(&mut self.all_files, "All files")
                    .on_hover_text(format!(
                        "Otherwise only {} files are listed",
                        list.join(" ")
                    ));
            }
            ui.checkbox(&mut self.hidden, "Hidden files");
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let chosen = self.chosen();
                // A folder selected in an Open or Save dialog: the main button goes into it, as in any
                // file dialog.
                let into = self.selected_folder();
                let (label, name) = match self.purpose {
                    Purpose::Open { .. } => ("Open", "Open the chosen file"),
                    Purpose::Save { .. } => ("Save", "Save under this name"),
                    Purpose::Folder => ("Choose this folder", "Choose this folder"),
                };
                let enter =
                    ui.input(|i| i.key_pressed(egui::Key::Enter)) && !ui.ctx().text_edit_focused();
                let enabled = chosen.is_some() || into.is_some();
                let clicked = ui
                    .add_enabled(enabled, egui::Button::new(label))
                    .accessible_name(name)
                    .clicked();
                if clicked || (enter && enabled) {
                    match into {
                        Some(dir) => self.go(dir),
                        None => answer = chosen.map(Chosen::Paths),
                    }
                }
                if ui.button("Cancel").clicked() {
                    answer = Some(Chosen::Cancelled);
                }
            });
        });
        answer
    }

    /// The one folder selected in an Open or Save dialog, which the main button enters.
    fn selected_folder(&self) -> Option<PathBuf> {
        if self.purpose == Purpose::Folder || self.selected.len() != 1 {
            return None;
        }
        self.entries
            .get(self.selected[0])
            .filter(|e| e.is_dir)
            .map(|e| e.path.clone())
    }

    /// What the main button would answer now, if anything.
    fn chosen(&self) -> Option<Vec<PathBuf>> {
        match &self.purpose {
            Purpose::Open { .. } => {
                let files: Vec<PathBuf> = self
                    .selected
                    .iter()
                    .filter_map(|&i| self.entries.get(i))
                    .filter(|e| !e.is_dir)
                    .map(|e| e.path.clone())
                    .collect();
                (!files.is_empty()).then_some(files)
            }
            Purpose::Save { .. } => {
                let name = self.file_name.trim();
                (!name.is_empty() && !name.contains('/')).then(|| vec![self.dir.join(name)])
            }
            Purpose::Folder => {
                let picked = self
                    .selected
                    .first()
                    .and_then(|&i| self.entries.get(i))
                    .filter(|e| e.is_dir)
                    .map(|e| e.path.clone());
                Some(vec![picked.unwrap_or_else(|| self.dir.clone())])
            }
        }
    }
}

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}

/// `~/x` as a path under the home folder.
fn expand_home(typed: &str) -> String {
    match (typed.strip_prefix("~/"), home()) {
        (Some(rest), Some(h)) => h.join(rest).display().to_string(),
        _ if typed == "~" => home().map_or_else(|| typed.to_string(), |h| h.display().to_string()),
        _ => typed.to_string(),
    }
}

/// A file size as people read it (`12 KB`).
fn human_size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..1_000_000 => format!("{:.0} KB", bytes as f64 / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", bytes as f64 / 1e6),
        _ => format!("{:.1} GB", bytes as f64 / 1e9),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn browser(purpose: Purpose, ext: &[&str], dir: &Path) -> FileBrowser {
        let ext: Vec<String> = ext.iter().map(|e| e.to_string()).collect();
        let mut b = FileBrowser::new(
            "t",
            purpose,
            &ext,
            Some(dir.to_path_buf()),
            Pending::default(),
        );
        b.list();
        b
    }

    #[test]
    fn folders_first_and_the_filter_keeps_folders() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("b-folder")).unwrap();
        for f in ["a.tmx", "C.TMX", "notes.txt", ".hidden.tmx"] {
            std::fs::write(dir.path().join(f), "x").unwrap();
        }
        let b = browser(Purpose::Open { multiple: true }, &["tmx"], dir.path());
        let shown: Vec<&str> = b
            .entries
            .iter()
            .filter(|e| b.shows(e))
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(shown, ["b-folder", "a.tmx", "C.TMX"]);
    }

    #[test]
    fn save_answers_the_folder_and_the_typed_name() {
        let dir = tempfile::tempdir().unwrap();
        let mut b = browser(
            Purpose::Save {
                file_name: "release.tmx".into(),
            },
            &["tmx"],
            dir.path(),
        );
        assert_eq!(b.chosen(), Some(vec![dir.path().join("release.tmx")]));
        b.file_name = "  ".into();
        assert_eq!(b.chosen(), None);
        b.file_name = "a/b".into();
        assert_eq!(b.chosen(), None, "a name, not a path");
    }

    #[test]
    fn a_typed_file_path_shows_its_folder_with_the_file_chosen() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/zh.txt"), "x").unwrap();
        let mut b = browser(Purpose::Open { multiple: false }, &[], dir.path());
        b.location = dir.path().join("sub/zh.txt").display().to_string();
        b.follow_location();
        assert_eq!(b.dir(), dir.path().join("sub"));
        assert_eq!(b.chosen(), Some(vec![dir.path().join("sub/zh.txt")]));
        b.location = "/no/such/folder/x".into();
        b.follow_location();
        assert!(b.error.as_deref().is_some_and(|e| e.contains("no folder")));
    }

    #[test]
    fn sizes_read_like_a_file_manager() {
        assert_eq!(human_size(12), "12 B");
        assert_eq!(human_size(12_345), "12 KB");
        assert_eq!(human_size(3_400_000), "3.4 MB");
    }
}
