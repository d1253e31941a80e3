//! The app's shared state, the commands views emit, and the one place they are applied. The window
//! around it is [`super::shell`].
//!
//! Main types: [`AppState`] (what every workspace works on: the open documents, the data folder, jobs,
//! messages) and [`Command`] (what views ask for; applied by [`AppState::apply_commands`]).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::document::{self, Document, LoadOptions};
use crate::workspace::Workspace;

use super::jobs::Jobs;
use super::shared_glossary::SharedGlossary;
use super::shared_memory::SharedMemory;
use super::views::documents_view::{Row, build_rows};

/// The workspaces in the left rail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Open files, see them decoded and segmented.
    Documents,
    /// Simplified ⇄ Traditional conversion.
    Convert,
    /// Cleaning scraped text, change by change.
    Clean,
    /// The shared trade glossary.
    Glossary,
    /// Sentence alignment and its review.
    Align,
    /// Translating a new release with the memory and the glossary.
    Translate,
}

impl View {
    /// All workspaces in rail order.
    pub const ALL: [View; 6] = [
        View::Documents,
        View::Convert,
        View::Clean,
        View::Glossary,
        View::Align,
        View::Translate,
    ];

    /// Label in the rail.
    pub fn label(self) -> &'static str {
        match self {
            View::Documents => "Documents",
            View::Convert => "Convert",
            View::Clean => "Clean",
            View::Glossary => "Glossary",
            View::Align => "Align",
            View::Translate => "Translate",
        }
    }
}

/// Loading state of an open document.
#[derive(Clone)]
pub enum DocState {
    /// Being read on a worker thread.
    Loading,
    /// Ready to show.
    Ready(Arc<Document>),
    /// Could not be opened; the message names the file and the reason.
    Failed(String),
}

/// A document in the Documents list.
#[derive(Clone)]
pub struct OpenDoc {
    /// Workspace id (negative when the workspace database is unavailable).
    pub id: i64,
    /// The file.
    pub path: PathBuf,
    /// The user's encoding override.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Loading state.
    pub state: DocState,
    /// The rows of its sentence table, built on the loading thread.
    pub rows: Option<Arc<Vec<Row>>>,
}

impl OpenDoc {
    /// Name shown in lists.
    pub fn name(&self) -> String {
        document::display_name(&self.path)
    }

    /// The document, when loaded.
    pub fn ready(&self) -> Option<&Arc<Document>> {
        match &self.state {
            DocState::Ready(d) => Some(d),
            _ => None,
        }
    }
}

/// What views ask the app to do.
#[derive(Debug, Clone)]
pub enum Command {
    /// Open these files (already open ones are selected instead).
    OpenFiles(Vec<PathBuf>),
    /// Show the native Open dialog.
    ShowOpenDialog,
    /// Forget a document (the file is untouched).
    CloseDocument(i64),
    /// Select a document.
    SelectDocument(i64),
    /// Re-read a document with another encoding (`None` = detect).
    SetEncoding(i64, Option<&'static encoding_rs::Encoding>),
    /// Switch workspace.
    ShowView(View),
    /// Change the colour theme.
    SetTheme(egui::ThemePreference),
    /// Show a message in the status bar.
    Notify(String),
}

/// State shared by all workspaces.
pub struct AppState {
    /// The data folder (workspace, glossary, memory).
    pub data_dir: PathBuf,
    /// The workspace database, when it could be opened.
    pub workspace: Option<Workspace>,
    /// Documents in the Documents list.
    pub docs: Vec<OpenDoc>,
    /// The selected document.
    pub selected: Option<i64>,
    /// The current workspace.
    pub view: View,
    /// Commands emitted this frame.
    pub commands: Vec<Command>,
    /// Background jobs.
    pub jobs: Jobs,
    /// The last message for the status bar.
    pub status: String,
    /// Errors to show once in a window, in words a translator understands.
    pub errors: Vec<String>,
    /// Current theme preference.
    pub theme: egui::ThemePreference,
    /// The shared glossary, once opened.
    pub glossary: Option<SharedGlossary>,
    /// Why the glossary could not be opened, if it could not.
    pub glossary_error: Option<String>,
    /// The shared translation memory, once opened.
    pub memory: Option<SharedMemory>,
    /// Why the memory could not be opened, if it could not.
    pub memory_error: Option<String>,
    initialized: bool,
    next_temp_id: i64,
    dialog_tx: Sender<(Vec<PathBuf>, std::time::Duration)>,
    dialog_rx: Receiver<(Vec<PathBuf>, std::time::Duration)>,
}

impl AppState {
    /// State for the data folder `data_dir`; remembered documents are reopened in the background once the
    /// first frame runs.
    pub fn new(data_dir: PathBuf) -> Self {
        let (dialog_tx, dialog_rx) = channel();
        let mut errors = Vec::new();
        let workspace = match crate::paths::data_dir(Some(&data_dir))
            .and_then(|dir| Workspace::open(&dir.join(crate::paths::WORKSPACE_DB)))
        {
            Ok(ws) => Some(ws),
            Err(e) => {
                errors.push(format!("The workspace could not be opened, so open documents will not be remembered: {e}"));
                None
            }
        };
        let theme = match workspace
            .as_ref()
            .and_then(|w| w.setting("theme").ok().flatten())
            .as_deref()
        {
            Some("dark") => egui::ThemePreference::Dark,
            Some("light") => egui::ThemePreference::Light,
            _ => egui::ThemePreference::System,
        };
        let mut state = AppState {
            data_dir,
            workspace,
            docs: Vec::new(),
            selected: None,
            view: View::Documents,
            commands: Vec::new(),
            jobs: Jobs::default(),
            status: String::new(),
            errors,
            theme,
            glossary: None,
            glossary_error: None,
            memory: None,
            memory_error: None,
            initialized: false,
            next_temp_id: -1,
            dialog_tx,
            dialog_rx,
        };
        let remembered = state.workspace.as_ref().map(|w| w.documents()).transpose();
        match remembered {
            Ok(list) => {
                for d in list.unwrap_or_default() {
                    let encoding = d
                        .encoding
                        .as_deref()
                        .and_then(|e| encoding_rs::Encoding::for_label(e.as_bytes()));
                    state.docs.push(OpenDoc {
                        id: d.id,
                        path: d.path,
                        encoding,
                        state: DocState::Loading,
                        rows: None,
                    });
                }
            }
            Err(e) => state
                .errors
                .push(format!("The list of open documents could not be read: {e}")),
        }
        state.selected = state.docs.first().map(|d| d.id);
        state
    }

    /// The selected document entry.
    pub fn selected_doc(&self) -> Option<&OpenDoc> {
        self.selected
            .and_then(|id| self.docs.iter().find(|d| d.id == id))
    }

    /// Applies the commands emitted this frame, in order.
    pub fn apply_commands(&mut self, ctx: &egui::Context) {
        for command in std::mem::take(&mut self.commands) {
            self.apply(ctx, command);
        }
    }

    fn apply(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::OpenFiles(paths) => self.open_files(ctx, paths),
            Command::ShowOpenDialog => self.show_open_dialog(),
            Command::CloseDocument(id) => {
                self.docs.retain(|d| d.id != id);
                if let Some(ws) = &self.workspace {
                    if let Err(e) = ws.remove_document(id) {
                        self.errors.push(e.to_string());
                    }
                }
                if self.selected == Some(id) {
                    self.selected = self.docs.first().map(|d| d.id);
                }
            }
            Command::SelectDocument(id) => self.selected = Some(id),
            Command::SetEncoding(id, encoding) => {
                if let Some(doc) = self.docs.iter_mut().find(|d| d.id == id) {
                    doc.encoding = encoding;
                    doc.state = DocState::Loading;
                    if let Some(ws) = &self.workspace {
                        let _ = ws.add_document(&doc.path, encoding.map(|e| e.name()));
                    }
                    self.start_load(ctx, id);
                }
            }
            Command::ShowView(v) => self.view = v,
            Command::SetTheme(theme) => {
                self.theme = theme;
                ctx.set_theme(theme);
                let name = match theme {
                    egui::ThemePreference::Dark => "dark",
                    egui::ThemePreference::Light => "light",
                    egui::ThemePreference::System => "system",
                };
                if let Some(ws) = &self.workspace {
                    let _ = ws.set_setting("theme", name);
                }
            }
            Command::Notify(message) => self.status = message,
        }
    }

    fn open_files(&mut self, ctx: &egui::Context, paths: Vec<PathBuf>) {
        for path in paths {
            let path = std::path::absolute(&path).unwrap_or(path);
            if let Some(existing) = self.docs.iter().find(|d| d.path == path) {
                self.selected = Some(existing.id);
                continue;
            }
            if path.is_dir() {
                self.errors.push(format!(
                    "{}: is a folder, not a file (open the files inside it)",
                    path.display()
                ));
                continue;
            }
            let id = match self.workspace.as_ref().map(|w| w.add_document(&path, None)) {
                Some(Ok(id)) => id,
                Some(Err(e)) => {
                    self.errors.push(format!(
                        "{} will not be remembered after a restart: {e}",
                        path.display()
                    ));
                    self.temp_id()
                }
                None => self.temp_id(),
            };
            self.docs.push(OpenDoc {
                id,
                path,
                encoding: None,
                state: DocState::Loading,
                rows: None,
            });
            self.selected = Some(id);
            self.start_load(ctx, id);
        }
    }

    fn temp_id(&mut self) -> i64 {
        self.next_temp_id -= 1;
        self.next_temp_id
    }

    /// Reads a document on a worker thread.
    fn start_load(&mut self, ctx: &egui::Context, id: i64) {
        let Some(doc) = self.docs.iter().find(|d| d.id == id) else {
            return;
        };
        let path = doc.path.clone();
        let options = LoadOptions {
            encoding: doc.encoding,
            format: None,
        };
        let label = format!("Opening {}", document::display_name(&path));
        self.jobs.spawn(ctx, label, move |progress| {
            let result = document::load_path(&path, &options, progress).map(|doc| {
                let rows = build_rows(&doc);
                (doc, rows)
            });
            Box::new(move |state: &mut AppState| state.finish_load(id, result))
        });
    }

    fn finish_load(&mut self, id: i64, result: crate::Result<(Document, Vec<Row>)>) {
        let Some(doc) = self.docs.iter_mut().find(|d| d.id == id) else {
            return;
        };
        match result {
            Ok((d, rows)) => {
                if d.replacements > 0 {
                    self.status = format!(
                        "{}: {} invalid byte sequence(s) were replaced (U+FFFD) — try another encoding",
                        doc.name(),
                        d.replacements
                    );
                } else {
                    self.status = format!("Opened {}", doc.name());
                }
                doc.state = DocState::Ready(Arc::new(d));
                doc.rows = Some(Arc::new(rows));
            }
            Err(crate::Error::Cancelled) => {
                doc.state = DocState::Failed("Opening was cancelled.".into());
            }
            Err(e) => {
                doc.state = DocState::Failed(e.to_string());
                self.status = e.to_string();
            }
        }
    }

    /// Opens and indexes the glossary in the data folder on a worker thread.
    fn open_glossary(&mut self, ctx: &egui::Context) {
        let path = self.data_dir.join(crate::paths::GLOSSARY_DB);
        self.jobs
            .spawn(ctx, "Opening the glossary", move |progress| {
                let result = SharedGlossary::open(path, progress);
                Box::new(move |state: &mut AppState| match result {
                    Ok(g) => {
                        state.glossary = Some(g);
                        state.glossary_error = None;
                    }
                    Err(e) => {
                        let message = format!(
                            "The glossary could not be opened, so terms are not highlighted: {e}"
                        );
                        state.glossary_error = Some(message.clone());
                        state.errors.push(message);
                    }
                })
            });
    }

    /// Opens the translation memory in the data folder and builds its index on a worker thread.
    fn open_memory(&mut self, ctx: &egui::Context) {
        let path = self.data_dir.join(crate::paths::TM_DB);
        self.jobs
            .spawn(ctx, "Opening the translation memory", move |progress| {
                let result = SharedMemory::open(path, progress);
                Box::new(move |state: &mut AppState| match result {
                    Ok(m) => {
                        state.memory = Some(m);
                        state.memory_error = None;
                    }
                    Err(e) => {
                        let message = format!(
                            "The translation memory could not be opened, so no matches are shown: {e}"
                        );
                        state.memory_error = Some(message.clone());
                        state.errors.push(message);
                    }
                })
            });
    }

    /// Rebuilds the term index after the glossary changed.
    pub fn reindex_glossary(&mut self, ctx: &egui::Context) {
        let Some(g) = self.glossary.clone() else {
            return;
        };
        self.jobs
            .spawn(ctx, "Indexing glossary terms", move |progress| {
                let result = g.reindex(progress);
                Box::new(
                    move |state: &mut AppState| match (result, state.glossary.as_mut()) {
                        (Ok(indexed), Some(g)) => g.set_index(indexed),
                        (Err(e), _) => state
                            .errors
                            .push(format!("The glossary could not be indexed: {e}")),
                        _ => {}
                    },
                )
            });
    }

    /// Shows the native Open dialog on a helper thread, so the window never waits for it.
    fn show_open_dialog(&mut self) {
        let tx = self.dialog_tx.clone();
        std::thread::spawn(move || {
            let started = std::time::Instant::now();
            let files = rfd::FileDialog::new()
                .set_title("Open releases")
                .add_filter(
                    "Documents",
                    &["txt", "md", "markdown", "html", "htm", "docx"],
                )
                .add_filter("All files", &["*"])
                .pick_files()
                .unwrap_or_default();
            let _ = tx.send((files, started.elapsed()));
        });
    }

    /// Receives files chosen in the Open dialog and finished jobs; on the first frame, applies the theme and
    /// starts reading the remembered documents.
    pub fn poll(&mut self, ctx: &egui::Context) {
        if !self.initialized {
            self.initialized = true;
            ctx.set_theme(self.theme);
            let loading: Vec<i64> = self
                .docs
                .iter()
                .filter(|d| matches!(d.state, DocState::Loading))
                .map(|d| d.id)
                .collect();
            for id in loading {
                self.start_load(ctx, id);
            }
            self.open_glossary(ctx);
            self.open_memory(ctx);
        }
        while let Ok((files, waited)) = self.dialog_rx.try_recv() {
            if files.is_empty() && waited < std::time::Duration::from_millis(500) {
                self.status = "No file dialog is available on this desktop: type a path in the box, or drop files on the window.".into();
            } else if !files.is_empty() {
                self.commands.push(Command::OpenFiles(files));
            }
        }
        for result in self.jobs.finished() {
            result(self);
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if !dropped.is_empty() {
            self.commands.push(Command::OpenFiles(dropped));
        }
    }
}

pub use super::shell::DuizhaoApp;
