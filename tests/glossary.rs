//! Integration tests of the glossary: conformance files, the CLI (two writers, killed imports), exports
//! read by real clients (translate-toolkit, OmegaT), and bad input.

mod bad_input;
mod cli;
mod clients;
pub mod engines;
mod interop;

use std::path::Path;

use duizhao::glossary::{EntryData, Glossary, Term};

/// An entry with an English and a Simplified Chinese term.
pub fn pair(en: &str, zh: &str) -> EntryData {
    EntryData {
        terms: vec![Term::main("en", en), Term::main("zh-Hans", zh)],
        domain: "trade".into(),
        ..Default::default()
    }
}

/// A new empty glossary in `dir`.
pub fn empty_glossary(dir: &Path) -> Glossary {
    Glossary::open(dir.join("g.sqlite")).expect("new glossary")
}
mod starter;
