//! `duizhao-cli`: the command-line face of Duizhao. Each subcommand lives in its own module and calls the
//! same core functions as the desktop app. Errors are printed with their context and exit non-zero.

mod convert;
mod io;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Align, convert, clean and manage terminology for Chinese–English trade releases.
#[derive(Debug, Parser)]
#[command(name = "duizhao-cli", version, about, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Convert between Simplified and Traditional Chinese (OpenCC 1.4 configurations).
    Convert(convert::ConvertArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result: anyhow::Result<()> = match cli.command {
        Command::Convert(args) => convert::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // A closed pipe (`duizhao-cli segment x | head`) is not an error worth reporting.
            if err
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("duizhao-cli: {err:#}");
            ExitCode::from(1)
        }
    }
}
