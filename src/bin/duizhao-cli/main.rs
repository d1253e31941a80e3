//! `duizhao-cli`: the command-line face of Duizhao. Each subcommand lives in its own module and calls the
//! same core functions as the desktop app. Errors are printed with their context and exit non-zero.

mod document_input;
mod info;
mod io;
mod pretranslate;
mod segment;
mod tm;

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
    /// Show a file's encoding, languages, paragraph and sentence counts, and whether it holds two versions.
    Info(info::Args),
    /// Print a file's sentences, one per line (or JSON with spans and languages).
    Segment(segment::Args),
    /// Translation memory: import TMX, search, export.
    Tm(tm::TmArgs),
    /// Pre-translate a document from the translation memory and check it.
    Pretranslate(pretranslate::PretranslateArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result: anyhow::Result<()> = match cli.command {
        Command::Info(args) => info::run(args),
        Command::Segment(args) => segment::run(args),
        Command::Tm(args) => tm::run(args),
        Command::Pretranslate(args) => pretranslate::run(args),
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
