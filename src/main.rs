//! `duizhao`: the desktop app. `cargo run --release` starts it; `duizhao FILE…` opens the files given (as a
//! desktop entry's "Open with" passes them).

use std::process::ExitCode;

use clap::Parser;
use duizhao::app_args::AppArgs;

fn main() -> ExitCode {
    duizhao::gui::mark_start();
    let args = AppArgs::parse();
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
