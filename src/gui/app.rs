//! The app's shared state and the one place commands are applied. The window around it is
//! [`super::shell`]; the commands are in [`super::command`]; the open documents in [`super::library`].
//!
//! Main type: [`AppState`]: what every workspace works on (the open documents and their versions, which
//! text is selected), the data folder, jobs and messages.

use std::path::PathBuf;

use crate::document::{self, Document, LoadOptions};
use crate::version::{Recipe, Version, VersionRef};
use crate::workspace::Workspace;

use super::command::{Command, NewVersion, View};
use super::dialogs::Chosen;
use super::jobs::{Jobs, Pending};
use super::library::{DocState, Library, Loaded, OpenDoc, OpenVersion};
use super::shared_glossary::{GlossarySource, SharedGlossary};
use super::shared_memory::MemorySource;
use super::shared_memory::SharedMemory;

pub use super::library::Row;

/// How many recently opened files File → Recent lists.
const RECENT_FILES: usize = 10;

/// State shared by all workspaces.
pub struct AppState {
    /// The data folder (workspace, glossary, memory).
    pub data_dir: PathBuf,
    /// The workspace database, when it could be opened.
    pub workspace: Option<Workspace>,
    /// The documents in the Documents list, with their versions.
    pub library: Library,
    /// The selected document, version or part.
    pub selected: Option<VersionRef>,
    /// Whether the user picked the selected version (else the document's preferred one is used).
    pub explicit: bool,
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
    /// Recently opened files, newest first.
    pub recent: Vec<PathBuf>,
    /// The name recorded as the author of changes (Settings; the login name by default).
    pub user_name: String,
    /// The team server holding the glossary and the memories (Settings → Team server), `None` for the
    /// data folder's files. Kept in the workspace setting `glossary_server` (its name from when only the
    /// glossary could be on a server).
    pub team_server: Option<String>,
    /// Changes by others heard from the server that the term index already includes.
    glossary_heard: u64,
    initialized: bool,
    next_temp_id: i64,
    open_dialog: Pending<Chosen>,
}

impl AppState {
    /// State for the data folder `data_dir`; remembered documents are reopened in the background once the
    /// first frame runs.
    pub fn new(data_dir: PathBuf) -> Self {
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
        let setting = |key: &str| {
            workspace
                .as_ref()
                .and_then(|w| w.setting(key).ok().flatten())
        };
        let theme = match setting("theme").as_deref() {
            Some("dark") => egui::ThemePreference::Dark,
            Some("light") => egui::ThemePreference::Light,
            _ => egui::ThemePreference::System,
        };
        let view = setting("view")
            .as_deref()
            .and_then(View::from_key)
            .unwrap_or(View::Documents);
        let recent = setting("recent")
            .and_then(|r| serde_json::from_str::<Vec<PathBuf>>(&r).ok())
            .unwrap_or_default();
        let user_name = setting("user_name").unwrap_or_else(login_name);
        let team_server = setting("glossary_server").filter(|s| !s.trim().is_empty());
        let mut state = AppState {
            data_dir,
            workspace,
            library: Library::default(),
            selected: None,
            explicit: false,
            view,
            commands: Vec::new(),
            jobs: Jobs::default(),
            status: String::new(),
            errors,
            theme,
            glossary: None,
            glossary_error: None,
            memory: None,
            memory_error: None,
            recent,
            user_name,
            team_server,
            glossary_heard: 0,
            initialized: false,
            next_temp_id: -1,
            open_dialog: Pending::default(),
        };
        state.restore_documents();
        state
    }

    fn restore_documents(&mut self) {
        let Some(ws) = &self.workspace else { return };
        let list = match ws.documents() {
            Ok(list) => list,
            Err(e) => {
                self.errors
                    .push(format!("The list of open documents could not be read: {e}"));
                return;
            }
        };
        for d in list {
            let encoding = d
                .encoding
                .as_deref()
                .and_then(|e| encoding_rs::Encoding::for_label(e.as_bytes()));
            let versions = match ws.versions(d.id) {
                Ok(v) => v,
                Err(e) => {
                    self.errors.push(format!(
                        "The versions of {} could not be read: {e}",
                        d.path.display()
                    ));
                    Vec::new()
                }
            };
            self.library.docs.push(OpenDoc {
                id: d.id,
                path: d.path,
                encoding,
                state: DocState::Loading,
                versions: versions
                    .into_iter()
                    .map(|stored| OpenVersion {
                        stored,
                        state: DocState::Loading,
                    })
                    .collect(),
            });
        }
        let selected = ws
            .setting("selected")
            .ok()
            .flatten()
            .and_then(|k| VersionRef::from_key(&k))
            .filter(|r| self.library.get(r.document).is_some());
        self.explicit = selected.is_some_and(|r| r.version.is_some() || r.part.is_some());
        self.selected = selected.or_else(|| {
            self.library
                .docs
                .first()
                .map(|d| VersionRef::original(d.id))
        });
    }

    /// The selected document.
    pub fn selected_doc(&self) -> Option<&OpenDoc> {
        self.selected.and_then(|r| self.library.get(r.document))
    }

    /// The text the workspaces work on: the selected version, or when only a document was chosen its
    /// preferred version (the cleaned one, where there is one), with the part that was chosen.
    pub fn working_ref(&self) -> Option<VersionRef> {
        let selected = self.selected?;
        let doc = self.library.get(selected.document)?;
        if self.explicit {
            return Some(selected);
        }
        Some(doc.preferred().with_part(selected.part))
    }

    /// The working text, when loaded.
    pub fn working_text(&self) -> Option<(VersionRef, std::sync::Arc<Document>)> {
        let r = self.working_ref()?;
        self.library.resolve(&r).map(|d| (r, d))
    }

    /// Applies the commands emitted this frame (and those they emit), in order.
    pub fn apply_commands(&mut self, ctx: &egui::Context) {
        // Applying may emit more (a stored version asks for its children to be made again); a bound
        // keeps a bug from looping forever.
        for _ in 0..8 {
            let commands = std::mem::take(&mut self.commands);
            if commands.is_empty() {
                return;
            }
            for command in commands {
                self.apply(ctx, command);
            }
        }
    }

    fn apply(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::OpenFiles(paths) => self.open_files(ctx, paths),
            Command::ShowOpenDialog => self.show_open_dialog(ctx),
            Command::CloseDocument(id) => self.close_document(id),
            Command::Select { target, explicit } => {
                self.selected = Some(target);
                self.explicit = explicit;
                self.save_setting("selected", &target.to_key());
            }
            Command::SetEncoding(id, encoding) => {
                if let Some(doc) = self.library.get_mut(id) {
                    doc.encoding = encoding;
                    doc.state = DocState::Loading;
                    if let Some(ws) = &self.workspace {
                        let _ = ws.add_document(&doc.path, encoding.map(|e| e.name()));
                    }
                    self.start_load(ctx, id);
                }
            }
            Command::ShowView(v) => {
                self.view = v;
                self.save_setting("view", v.key());
            }
            Command::SetTheme(theme) => {
                self.theme = theme;
                ctx.set_theme(theme);
                let name = match theme {
                    egui::ThemePreference::Dark => "dark",
                    egui::ThemePreference::Light => "light",
                    egui::ThemePreference::System => "system",
                };
                self.save_setting("theme", name);
            }
            Command::Notify(message) => self.status = message,
            Command::SetUserName(name) => {
                let name = name.trim().to_string();
                let name = if name.is_empty() { login_name() } else { name };
                self.save_setting("user_name", &name);
                if let Some(g) = &self.glossary {
                    if let Ok(mut store) = g.store.lock() {
                        store.set_author(&name);
                    }
                }
                self.user_name = name;
            }
            Command::SetTeamServer(server) => {
                let server = server
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty());
                if server
                    .as_deref()
                    .is_some_and(crate::sql::libpq::has_password)
                {
                    self.errors.push(
                        "The server address holds a password, which Duizhao does not keep in its settings: \
                         put it in ~/.pgpass (host:port:database:user:password, readable by you only) or \
                         PGPASSWORD, and give the address without it."
                            .into(),
                    );
                    return;
                }
                if let Some(s) = server
                    .as_deref()
                    .filter(|s| !crate::sql::postgres::is_server(s))
                {
                    self.errors.push(format!(
                        "“{s}” is not a server address: give a postgres:// URL (postgres://you@server/glossary) \
                         or a libpq string such as service=team"
                    ));
                    return;
                }
                self.save_setting("glossary_server", server.as_deref().unwrap_or(""));
                self.team_server = server;
                self.glossary = None;
                self.glossary_error = None;
                self.glossary_heard = 0;
                self.open_glossary(ctx);
                // The memories are the server's too.
                self.memory = None;
                self.memory_error = None;
                self.open_memory(ctx);
            }
            Command::Error(message) => self.errors.push(message),
            Command::SaveVersion { version, replace } => self.save_version(ctx, version, replace),
            Command::DeleteVersion(id) => self.delete_version(id),
            Command::OriginalLoaded(id, result) => self.finish_load(id, result),
            Command::VersionLoaded(stored, result) => self.finish_version(stored, result),
            Command::GlossaryOpened(result) => match result {
                Ok(g) => {
                    self.glossary = Some(g);
                    self.glossary_error = None;
                }
                Err(e) => {
                    let message = format!(
                        "The glossary could not be opened, so terms are not highlighted: {e}"
                    );
                    self.glossary_error = Some(message.clone());
                    self.errors.push(message);
                }
            },
            Command::GlossaryIndexed(result) => match (result, self.glossary.as_mut()) {
                (Ok(indexed), Some(g)) => g.set_index(indexed),
                (Err(e), _) => self
                    .errors
                    .push(format!("The glossary could not be indexed: {e}")),
                _ => {}
            },
            Command::MemoryOpened(result) => match result {
                Ok(m) => {
                    self.memory = Some(m);
                    self.memory_error = None;
                }
                Err(e) => {
                    let message = format!(
                        "The translation memory could not be opened, so no matches are shown: {e}"
                    );
                    self.memory_error = Some(message.clone());
                    self.errors.push(message);
                }
            },
            Command::MemoryChanged => {
                if let Some(m) = &mut self.memory {
                    m.recount();
                }
            }
        }
    }

    /// A setting kept in the workspace (`None` when unset or unreadable).
    pub fn setting(&self, key: &str) -> Option<String> {
        self.workspace
            .as_ref()
            .and_then(|w| w.setting(key).ok().flatten())
    }

    /// Keeps a setting in the workspace.
    pub fn save_setting(&self, key: &str, value: &str) {
        if let Some(ws) = &self.workspace {
            // A setting that cannot be stored is only a convenience lost; the work goes on.
            let _ = ws.set_setting(key, value);
        }
    }

    fn close_document(&mut self, id: i64) {
        self.library.docs.retain(|d| d.id != id);
        self.library.generation += 1;
        if let Some(ws) = &self.workspace {
            if let Err(e) = ws.remove_document(id) {
                self.errors.push(e.to_string());
            }
        }
        if self.selected.is_some_and(|r| r.document == id) {
            self.selected = self
                .library
                .docs
                .first()
                .map(|d| VersionRef::original(d.id));
            self.explicit = false;
        }
    }

    fn open_files(&mut self, ctx: &egui::Context, paths: Vec<PathBuf>) {
        for path in paths {
            let path = std::path::absolute(&path).unwrap_or(path);
            self.remember_recent(&path);
            if let Some(existing) = self.library.docs.iter().find(|d| d.path == path) {
                self.selected = Some(VersionRef::original(existing.id));
                self.explicit = false;
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
            self.library.docs.push(OpenDoc {
                id,
                path,
                encoding: None,
                state: DocState::Loading,
                versions: Vec::new(),
            });
            self.library.generation += 1;
            self.selected = Some(VersionRef::original(id));
            self.explicit = false;
            self.start_load(ctx, id);
        }
        if let Some(r) = self.selected {
            self.save_setting("selected", &r.to_key());
        }
    }

    fn remember_recent(&mut self, path: &std::path::Path) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_path_buf());
        self.recent.truncate(RECENT_FILES);
        if let Ok(json) = serde_json::to_string(&self.recent) {
            self.save_setting("recent", &json);
        }
    }

    fn temp_id(&mut self) -> i64 {
        self.next_temp_id -= 1;
        self.next_temp_id
    }

    /// Reads a document's original on a worker thread.
    fn start_load(&mut self, ctx: &egui::Context, id: i64) {
        let Some(doc) = self.library.get(id) else {
            return;
        };
        let path = doc.path.clone();
        let options = LoadOptions {
            encoding: doc.encoding,
            format: None,
        };
        let label = format!("Opening {}", document::display_name(&path));
        self.jobs.spawn(ctx, label, move |progress| {
            let result = document::load_path(&path, &options, progress)
                .and_then(|doc| Loaded::build(doc, progress))
                .map_err(|e| match e {
                    crate::Error::Cancelled => "Opening was cancelled.".to_string(),
                    e => e.to_string(),
                });
            vec![Command::OriginalLoaded(id, result)]
        });
    }

    fn finish_load(&mut self, id: i64, result: Result<Loaded, String>) {
        let Some(doc) = self.library.get_mut(id) else {
            return;
        };
        match result {
            Ok(loaded) => {
                let d = &loaded.doc;
                self.status = if d.replacements > 0 {
                    format!(
                        "{}: {} replaced (U+FFFD) — try another encoding",
                        doc.name(),
                        super::widgets::plural(d.replacements, "invalid byte sequence")
                    )
                } else {
                    format!("Opened {}", doc.name())
                };
                doc.state = DocState::Ready(std::sync::Arc::new(loaded));
            }
            Err(e) => {
                self.status = e.clone();
                doc.state = DocState::Failed(e);
            }
        }
    }

    /// Segments a stored version's text on a worker thread (the original's provenance is taken from the
    /// original when it is loaded, else from the file's name).
    fn start_version_load(&mut self, ctx: &egui::Context, stored: Version) {
        let Some(doc) = self.library.get(stored.document) else {
            return;
        };
        let original = doc.ready().map(|l| l.doc.clone());
        let path = doc.path.clone();
        let label = format!(
            "Preparing the {} version of {}",
            stored.recipe.label(),
            doc.name()
        );
        self.jobs.spawn(ctx, label, move |progress| {
            let text = stored.text.clone();
            let made = match &original {
                Some(o) => crate::version::make::document(o, text, progress),
                None => Document::from_text(document::display_name(&path), text, progress).map(
                    |mut d| {
                        d.path = Some(path.clone());
                        d
                    },
                ),
            };
            let result = made
                .and_then(|d| Loaded::build(d, progress))
                .map_err(|e| e.to_string());
            vec![Command::VersionLoaded(stored, result)]
        });
    }

    fn finish_version(&mut self, stored: Version, result: Result<Loaded, String>) {
        let Some(doc) = self.library.get_mut(stored.document) else {
            return;
        };
        let Some(v) = doc.versions.iter_mut().find(|v| v.stored.id == stored.id) else {
            return;
        };
        // A later save of the same version may have finished first; keep the newest text.
        if v.stored.modified > stored.modified || v.stored.text != stored.text {
            return;
        }
        v.state = match result {
            Ok(l) => DocState::Ready(std::sync::Arc::new(l)),
            Err(e) => DocState::Failed(e),
        };
    }

    /// Stores a version (a new one, or a new recipe and text for `replace`), then segments it and makes the
    /// versions converted from it again.
    fn save_version(&mut self, ctx: &egui::Context, version: NewVersion, replace: Option<i64>) {
        let Some(doc) = self.library.get(version.document) else {
            return;
        };
        // One cleaned version per parent: a second one replaces the first.
        let replace = replace.or_else(|| {
            doc.versions
                .iter()
                .find(|v| {
                    v.stored.parent == version.parent
                        && v.stored.recipe.kind() == version.recipe.kind()
                        && (matches!(version.recipe, Recipe::Cleaned(_))
                            || v.stored.recipe == version.recipe)
                })
                .map(|v| v.stored.id)
        });
        let stored = match (&self.workspace, replace) {
            (Some(ws), Some(id)) if id > 0 => {
                ws.update_version(id, &version.recipe, version.parent_hash, &version.text)
            }
            (Some(ws), None) => ws.add_version(
                version.document,
                version.parent,
                &version.recipe,
                version.parent_hash,
                &version.text,
            ),
            // No database (or a version that lives only in memory): kept for this session.
            _ => {
                let id = match replace {
                    Some(id) => id,
                    None => self.temp_id(),
                };
                Ok(Version {
                    id,
                    document: version.document,
                    parent: version.parent,
                    recipe: version.recipe.clone(),
                    parent_hash: version.parent_hash,
                    text: version.text.clone(),
                    modified: crate::tm::Timestamp::now().to_iso(),
                })
            }
        };
        let stored = match stored {
            Ok(s) => s,
            Err(e) => {
                self.errors.push(format!(
                    "The {} version could not be saved, so it will be lost when Duizhao closes: {e}",
                    version.recipe.label()
                ));
                return;
            }
        };
        let Some(doc) = self.library.get_mut(stored.document) else {
            return;
        };
        match doc.versions.iter_mut().find(|v| v.stored.id == stored.id) {
            Some(v) => {
                v.stored = stored.clone();
                v.state = DocState::Loading;
            }
            None => doc.versions.push(OpenVersion {
                stored: stored.clone(),
                state: DocState::Loading,
            }),
        }
        // Conversions of this version have no hand work in them: make them again from the new text.
        let new_hash = stored.hash();
        let children: Vec<(i64, Recipe)> = doc
            .versions
            .iter()
            .filter(|v| v.stored.parent == Some(stored.id) && v.stored.parent_hash != new_hash)
            .filter(|v| v.stored.recipe.config().is_some())
            .map(|v| (v.stored.id, v.stored.recipe.clone()))
            .collect();
        for (id, recipe) in children {
            if let Some(config) = recipe.config() {
                self.commands.push(Command::SaveVersion {
                    version: NewVersion {
                        document: stored.document,
                        parent: Some(stored.id),
                        recipe,
                        parent_hash: new_hash,
                        text: crate::version::make::convert(&stored.text, config),
                    },
                    replace: Some(id),
                });
            }
        }
        self.start_version_load(ctx, stored);
    }

    fn delete_version(&mut self, id: i64) {
        if let Some(ws) = &self.workspace {
            if id > 0 {
                if let Err(e) = ws.delete_version(id) {
                    self.errors.push(e.to_string());
                    return;
                }
            }
        }
        for doc in &mut self.library.docs {
            let mut doomed = vec![id];
            // Versions made from a deleted one go with it.
            while let Some(d) = doomed.pop() {
                let children: Vec<i64> = doc
                    .versions
                    .iter()
                    .filter(|v| v.stored.parent == Some(d))
                    .map(|v| v.stored.id)
                    .collect();
                doc.versions.retain(|v| v.stored.id != d);
                doomed.extend(children);
            }
        }
        self.library.generation += 1;
        if self.selected.is_some_and(|r| r.version == Some(id)) {
            self.selected = self.selected.map(|r| VersionRef::original(r.document));
            self.explicit = false;
        }
    }

    /// Opens and indexes the glossary (the team server set in Settings, else the file in the data folder)
    /// on a worker thread.
    fn open_glossary(&mut self, ctx: &egui::Context) {
        let source = match &self.team_server {
            Some(target) => GlossarySource::Server(target.clone()),
            None => GlossarySource::File(self.data_dir.join(crate::paths::GLOSSARY_DB)),
        };
        let author = self.user_name.clone();
        let repaint = ctx.clone();
        self.jobs
            .spawn(ctx, "Opening the glossary", move |progress| {
                let result = SharedGlossary::open(
                    source,
                    &author,
                    move || repaint.request_repaint(),
                    progress,
                )
                .map_err(|e| e.to_string());
                vec![Command::GlossaryOpened(result)]
            });
    }

    /// Opens the translation memory (the data folder's, or the team server's Default) and builds its
    /// index on a worker thread.
    fn open_memory(&mut self, ctx: &egui::Context) {
        let source = match &self.team_server {
            Some(target) => MemorySource::Server(target.clone()),
            None => MemorySource::File(self.data_dir.join(crate::paths::TM_DB)),
        };
        let repaint = ctx.clone();
        self.jobs
            .spawn(ctx, "Opening the translation memory", move |progress| {
                let result =
                    SharedMemory::open(source, move || repaint.request_repaint(), progress)
                        .map_err(|e| e.to_string());
                vec![Command::MemoryOpened(result)]
            });
    }

    /// The memories the Memory workspace lists: the team server's, or the data folder's.
    pub fn memory_catalogue(&self) -> crate::tm::Catalogue {
        match &self.team_server {
            Some(target) => {
                crate::tm::Catalogue::on_server(target, crate::tm::script::default_converter())
            }
            None => crate::tm::Catalogue::new(&self.data_dir),
        }
    }

    /// Rebuilds the term index after the glossary changed.
    pub fn reindex_glossary(&mut self, ctx: &egui::Context) {
        let Some(g) = self.glossary.clone() else {
            return;
        };
        self.jobs
            .spawn(ctx, "Indexing glossary terms", move |progress| {
                vec![Command::GlossaryIndexed(
                    g.reindex(progress).map_err(|e| e.to_string()),
                )]
            });
    }

    /// Shows the Open dialog (the native one on a helper thread, or the built-in one), so the window never
    /// waits for it; it starts in the folder of the last file opened.
    fn show_open_dialog(&mut self, ctx: &egui::Context) {
        let start = self
            .recent
            .first()
            .and_then(|p| p.parent())
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        super::dialogs::pick_files(
            ctx,
            "Open releases",
            &["txt", "md", "markdown", "html", "htm", "docx"],
            &start,
            &self.open_dialog,
        );
    }

    /// Receives files chosen in the Open dialog and finished jobs; on the first frame, applies the theme and
    /// starts reading the remembered documents and their versions.
    pub fn poll(&mut self, ctx: &egui::Context) {
        if !self.initialized {
            self.initialized = true;
            ctx.set_theme(self.theme);
            let ids: Vec<i64> = self.library.docs.iter().map(|d| d.id).collect();
            for id in ids {
                self.start_load(ctx, id);
                let versions: Vec<Version> = self
                    .library
                    .get(id)
                    .map(|d| d.versions.iter().map(|v| v.stored.clone()).collect())
                    .unwrap_or_default();
                for v in versions {
                    self.start_version_load(ctx, v);
                }
            }
            self.open_glossary(ctx);
            self.open_memory(ctx);
        }
        if let Some(Chosen::Paths(files)) = self.open_dialog.take() {
            self.commands.push(Command::OpenFiles(files));
        }
        for commands in self.jobs.finished() {
            self.commands.extend(commands);
        }
        // Someone else changed the glossary on the server: the term highlighting follows.
        if let Some(heard) = self.glossary.as_ref().map(SharedGlossary::heard)
            && heard != self.glossary_heard
        {
            self.glossary_heard = heard;
            self.reindex_glossary(ctx);
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

/// The user's login name, recorded as the author of changes until one is set in Settings.
pub fn login_name() -> String {
    crate::paths::login_name()
}

pub use super::shell::DuizhaoApp;
