//! File dialogs: the native one (rfd, through the XDG desktop portal) on a helper thread so the window
//! never waits for it, and where no portal answers (it returns at once with nothing: minimal desktops,
//! remote sessions) the built-in [`FileBrowser`], opened in its place automatically and used from then on.
//! Both answer the same way, into a [`Pending`] slot.
//!
//! Main items: [`Chosen`], [`pick_files`], [`pick_save`], [`pick_folder`], [`show`] (draws the built-in
//! dialog; the window calls it every frame) and [`path_row`].

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::file_browser::{FileBrowser, Purpose};
use super::jobs::Pending;

/// The outcome of a dialog: the chosen paths, or why there are none.
#[derive(Debug, Clone)]
pub enum Chosen {
    /// The user chose these.
    Paths(Vec<PathBuf>),
    /// The user closed the dialog.
    Cancelled,
    /// No native dialog could be shown (it returned at once); the built-in one is shown instead, so
    /// views never receive this.
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

/// One request for a dialog, as the native dialog or the built-in one answers it.
#[derive(Clone)]
struct Request {
    title: String,
    purpose: Purpose,
    extensions: Vec<String>,
    start: Option<PathBuf>,
    reply: Pending<Chosen>,
}

/// The dialog state kept in the context (per window, so tests running side by side do not share it).
#[derive(Default)]
struct DialogState {
    /// The native dialog is unavailable (it answered at once), or the user asked for the built-in one.
    builtin: bool,
    /// Built-in dialogs waiting to be shown, the first one on screen.
    queue: Vec<FileBrowser>,
}

type Shared = Arc<Mutex<DialogState>>;

fn shared(ctx: &egui::Context) -> Shared {
    ctx.data_mut(|d| {
        d.get_temp_mut_or_insert_with(egui::Id::unique("duizhao_dialogs"), Shared::default)
            .clone()
    })
}

/// Uses the built-in file browser from now on, without trying the native dialog (set automatically when
/// the native one is unavailable; `DUIZHAO_FILE_DIALOG=builtin` sets it at start).
pub fn use_builtin(ctx: &egui::Context) {
    if let Ok(mut s) = shared(ctx).lock() {
        s.builtin = true;
    }
}

/// Whether a built-in dialog is on screen.
pub fn builtin_open(ctx: &egui::Context) -> bool {
    shared(ctx).lock().is_ok_and(|s| !s.queue.is_empty())
}

fn open_builtin(shared: &Shared, request: Request) {
    if let Ok(mut s) = shared.lock() {
        s.builtin = true;
        s.queue.push(FileBrowser::new(
            &request.title,
            request.purpose,
            &request.extensions,
            request.start,
            request.reply,
        ));
    }
}

/// Shows the request: the built-in dialog when the native one is known to be unavailable; else the native
/// one on a helper thread, falling back to the built-in one if it answers at once with nothing.
fn request(ctx: &egui::Context, request: Request) {
    let state = shared(ctx);
    let builtin = std::env::var("DUIZHAO_FILE_DIALOG").is_ok_and(|v| v == "builtin")
        || state.lock().is_ok_and(|s| s.builtin);
    if builtin {
        open_builtin(&state, request);
        ctx.request_repaint();
        return;
    }
    let ctx = ctx.clone();
    std::thread::spawn(move || {
        let start = Instant::now();
        let mut dialog = rfd::FileDialog::new().set_title(request.title.as_str());
        if let Some(dir) = &request.start {
            dialog = dialog.set_directory(dir);
        }
        if !request.extensions.is_empty() && request.purpose != Purpose::Folder {
            dialog = dialog
                .add_filter("Files", &request.extensions)
                .add_filter("All files", &["*"]);
        }
        let paths: Vec<PathBuf> = match &request.purpose {
            Purpose::Open { multiple: true } => dialog.pick_files().unwrap_or_default(),
            Purpose::Open { multiple: false } => dialog.pick_file().into_iter().collect(),
            Purpose::Save { file_name } => dialog
                .set_file_name(file_name)
                .save_file()
                .into_iter()
                .collect(),
            Purpose::Folder => dialog.pick_folder().into_iter().collect(),
        };
        match Chosen::from(paths, start.elapsed()) {
            Chosen::Unavailable => open_builtin(&state, request),
            chosen => request.reply.set(chosen),
        }
        ctx.request_repaint();
    });
}

/// Draws the built-in dialog on screen, if any; call once per frame.
pub fn show(ctx: &egui::Context) {
    let state = shared(ctx);
    let Ok(mut s) = state.lock() else { return };
    if let Some(browser) = s.queue.first_mut() {
        if browser.ui(ctx) {
            s.queue.remove(0);
        }
    }
}

/// The folder a dialog starts in: that of the path in the box, if it names one.
fn start_dir(path: &str) -> Option<PathBuf> {
    let p = PathBuf::from(path.trim());
    if path.trim().is_empty() {
        None
    } else if p.is_dir() {
        Some(p)
    } else {
        p.parent().filter(|d| d.is_dir()).map(|d| d.to_path_buf())
    }
}

fn owned(extensions: &[&str]) -> Vec<String> {
    extensions.iter().map(|e| e.to_string()).collect()
}

/// Asks for a folder.
pub fn pick_folder(ctx: &egui::Context, title: &str, start: &str, pending: &Pending<Chosen>) {
    request(
        ctx,
        Request {
            title: title.to_string(),
            purpose: Purpose::Folder,
            extensions: Vec::new(),
            start: start_dir(start),
            reply: pending.clone(),
        },
    );
}

/// Asks where to save a file, suggesting `file_name`.
pub fn pick_save(
    ctx: &egui::Context,
    title: &str,
    file_name: &str,
    extensions: &[&str],
    start: &str,
    pending: &Pending<Chosen>,
) {
    request(
        ctx,
        Request {
            title: title.to_string(),
            purpose: Purpose::Save {
                file_name: file_name.to_string(),
            },
            extensions: owned(extensions),
            start: start_dir(start),
            reply: pending.clone(),
        },
    );
}

/// Asks for one or more files to open.
pub fn pick_files(
    ctx: &egui::Context,
    title: &str,
    extensions: &[&str],
    start: &str,
    pending: &Pending<Chosen>,
) {
    request(
        ctx,
        Request {
            title: title.to_string(),
            purpose: Purpose::Open { multiple: true },
            extensions: owned(extensions),
            start: start_dir(start),
            reply: pending.clone(),
        },
    );
}

/// `label`, a path box (named by the label for assistive technology) and a "Choose…" button that opens
/// `open` (a dialog call, given the box's text to start from); fills the box when the dialog answers.
pub fn path_row(
    ui: &mut egui::Ui,
    label: &str,
    id: &str,
    hint: &str,
    path: &mut String,
    pending: &Pending<Chosen>,
    open: impl FnOnce(&egui::Context, &str, &Pending<Chosen>),
) {
    if let Some(p) = pending.take().and_then(|chosen| chosen.first()) {
        *path = p.display().to_string();
    }
    ui.horizontal(|ui| {
        let label = ui.label(label);
        ui.add(
            egui::TextEdit::singleline(path)
                .id_salt(id)
                .hint_text(crate::gui::widgets::hint(hint))
                .desired_width((ui.available_width() - 80.0).max(120.0)),
        )
        .labelled_by(label.id);
        if ui.button("Choose…").clicked() {
            open(ui.ctx(), path, pending);
        }
    });
}
