//! The desktop app (feature `gui`): a thin eframe shell over the core library.
//!
//! Views draw and emit [`command::Command`]s; [`app::AppState::apply_commands`] applies them in one
//! place; long work runs in [`jobs::Jobs`] with progress and Cancel in the status bar, and hands its result
//! back as commands. The open documents and their versions are in [`library`].

pub mod app;
pub mod command;
pub mod dialogs;
pub mod export_target;
pub mod file_browser;
pub mod fonts;
pub mod help;
pub mod jobs;
pub mod library;
pub mod pickers;
pub mod settings;
pub mod shared_glossary;
pub mod shared_memory;
pub mod shell;
pub mod term_suggestions;
pub mod views;
pub mod widgets;

pub use app::DuizhaoApp;
pub use fonts::install_fonts;

use std::path::PathBuf;

/// The file, inside the data folder, where the window's size and position and the layout (column widths,
/// panel sizes) are kept between runs.
pub const WINDOW_STATE: &str = "window.ron";

/// The window's options: its title and first size, and the size, position and layout of the last run
/// restored from [`WINDOW_STATE`] in `data_dir` (so each data folder has its own, and tests never touch
/// the user's).
pub fn native_options(data_dir: &std::path::Path) -> eframe::NativeOptions {
    eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Duizhao 对照")
            // The desktop entry's name, so that a desktop shows the entry's icon and groups the window
            // with it.
            .with_app_id("io.github.duizhao.Duizhao")
            .with_icon(std::sync::Arc::new(
                eframe::icon_data::from_png_bytes(include_bytes!(
                    "../../packaging/icons/duizhao-256.png"
                ))
                .unwrap_or_default(),
            ))
            .with_inner_size([1200.0, 780.0])
            .with_min_inner_size([720.0, 480.0])
            .with_drag_and_drop(true),
        persist_window: true,
        persistence_path: Some(data_dir.join(WINDOW_STATE)),
        ..Default::default()
    }
}

/// When the process started, for the start-up time `DUIZHAO_REPORT_STARTUP=1` prints.
static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Records the start of the process (call first thing in `main`).
pub fn mark_start() {
    STARTED.get_or_init(std::time::Instant::now);
}

/// With `DUIZHAO_REPORT_STARTUP` set, prints on standard error how long the process took to draw its
/// first frame (the start-up figure in the README is measured with it).
fn report_startup() {
    if std::env::var_os("DUIZHAO_REPORT_STARTUP").is_some() {
        if let Some(start) = STARTED.get() {
            eprintln!(
                "duizhao: first frame drawn {:.0} ms after start",
                start.elapsed().as_secs_f64() * 1e3
            );
        }
    }
}

/// Starts the app with its data in `data_dir`, opening `files` too.
pub fn run(data_dir: PathBuf, files: Vec<PathBuf>) -> eframe::Result<()> {
    let options = native_options(&data_dir);
    eframe::run_native(
        "Duizhao",
        options,
        Box::new(move |cc| {
            install_fonts(&cc.egui_ctx);
            let mut app = DuizhaoApp::new(data_dir, files);
            app.on_first_frame(report_startup);
            Ok(Box::new(app))
        }),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_window_state_is_kept_in_the_data_folder() {
        let options = super::native_options(std::path::Path::new("/data/duizhao"));
        assert!(options.persist_window);
        assert_eq!(
            options.persistence_path.as_deref(),
            Some(std::path::Path::new("/data/duizhao/window.ron"))
        );
    }
}
