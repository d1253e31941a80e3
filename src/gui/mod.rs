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
            .with_app_id("duizhao")
            .with_inner_size([1200.0, 780.0])
            .with_min_inner_size([720.0, 480.0])
            .with_drag_and_drop(true),
        persist_window: true,
        persistence_path: Some(data_dir.join(WINDOW_STATE)),
        ..Default::default()
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
            Ok(Box::new(DuizhaoApp::new(data_dir, files)))
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
