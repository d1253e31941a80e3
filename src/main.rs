//! `duizhao`: the desktop app. `cargo run --release` starts it.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Duizhao (对照): align, convert, clean and manage terminology for Chinese–English trade releases.
#[derive(Debug, Parser)]
#[command(name = "duizhao", version, about)]
struct Args {
    /// Keep the workspace, glossary and memory in this folder instead of the user's data folder.
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Documents to open.
    files: Vec<PathBuf>,
}

fn main() -> ExitCode {
    duizhao::gui::mark_start();
    let args = Args::parse();
    let data_dir = match duizhao::paths::data_dir(args.data_dir.as_deref()) {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("duizhao: {e}");
            return ExitCode::from(1);
        }
    };
    match duizhao::gui::run(data_dir, args.files) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("duizhao: the window could not be opened: {e}");
            ExitCode::from(1)
        }
    }
}
