//! `duizhao-cli`: the command-line face of Duizhao. Each subcommand lives in its own module and calls the
//! same core functions as the desktop app. Errors are printed with their context and exit non-zero.

mod align;
mod bilingual_input;
mod clean;
mod clean_flags;
mod convert;
mod document_input;
mod generate;
mod glossary;
mod info;
mod io;
mod pair;
mod pretranslate;
mod progress;
mod segment;
mod server;
mod terms;
mod tm;
mod tm_io;
mod tm_manage;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Align, convert, clean and manage terminology for Chinese–English trade releases.
#[derive(Debug, Parser)]
#[command(
    name = "duizhao-cli",
    version,
    long_version = duizhao::about::LONG_VERSION,
    about,
    max_term_width = 100
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Align a Chinese document with its English version.
    Align(align::AlignArgs),
    /// Propose which Chinese document is the version of which English one.
    Pair(pair::PairArgs),
    /// Show a file's encoding, languages, paragraph and sentence counts, and whether it holds two versions.
    Info(info::Args),
    /// Print a file's sentences, one per line (or JSON with spans and languages).
    Segment(segment::Args),
    /// Search, edit, import and export the shared trade glossary.
    Glossary(glossary::GlossaryArgs),
    /// Translation memories: list, create, import, export, search, edit, delete, undo, dedupe.
    Tm(tm::TmArgs),
    /// Set up a team's glossary on a PostgreSQL server (init, migrate).
    Server(server::ServerArgs),
    /// Suggest glossary entries (Chinese term ↔ English term) from an aligned release or a memory.
    Terms(terms::TermsArgs),
    /// Pre-translate a document from the translation memory and check it.
    Pretranslate(pretranslate::PretranslateArgs),
    /// Clean scraped text: pinyin, ligatures, mojibake, boilerplate, punctuation, whitespace, mixed script,
    /// run-together words.
    Clean(clean::CleanArgs),
    /// Convert between Simplified and Traditional Chinese (OpenCC 1.4 configurations).
    Convert(convert::ConvertArgs),
    /// Write the manual pages and shell completions of duizhao and duizhao-cli (for packaging).
    #[command(hide = true)]
    Generate(generate::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result: anyhow::Result<()> = match cli.command {
        Command::Align(args) => align::run(args),
        Command::Pair(args) => pair::run(args),
        Command::Info(args) => info::run(args),
        Command::Segment(args) => segment::run(args),
        Command::Glossary(args) => glossary::run(args),
        Command::Tm(args) => tm::run(args),
        Command::Server(args) => server::run(args),
        Command::Terms(args) => terms::run(args),
        Command::Pretranslate(args) => pretranslate::run(args),
        Command::Clean(args) => clean::run(args),
        Command::Convert(args) => convert::run(args),
        Command::Generate(args) => generate::run::<Cli>(args),
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
