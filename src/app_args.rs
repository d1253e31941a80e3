//! The desktop app's command line (`duizhao [--data-dir DIR] [FILE…]`), defined here rather than in its
//! `main` so that `duizhao-cli` can write its manual page and shell completions too.
//!
//! Main type: [`AppArgs`].

use std::path::PathBuf;

/// Duizhao (对照): align, convert, clean and manage terminology for Chinese–English trade releases.
#[derive(Debug, clap::Parser)]
#[command(name = "duizhao", version, long_version = crate::about::LONG_VERSION, about)]
pub struct AppArgs {
    /// Keep the workspace, glossary and memory in this folder instead of the user's data folder.
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Documents to open (text, Markdown, HTML or Word files), as a file manager's "Open with" passes them.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}
