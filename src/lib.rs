//! Duizhao (对照): the core library behind the desktop app and the CLI.
//!
//! It holds no user interface. Data flows one way:
//!
//! ```text
//! files ─► document (decode, detect language, segment) ─► clean ─► convert (script)
//!                         │                                           │
//!                         ▼                                           ▼
//!               align (pair docs, align sentences) ─► tm ─► export (TXT, MD, TMX, TBX, TSV, DOCX, HTML)
//!                         ▲                            ▲
//!                     glossary (SQLite: terms, search, recognition, QA) ─┘
//! ```
//!
//! - [`document`]: [`document::Document`] — decoded text, paragraphs, sentences and their language.
//! - [`convert`]: OpenCC 1.4-exact Simplified ⇄ Traditional conversion and script detection.
//! - [`clean`]: repair rules for scraped text, each change recorded.
//! - [`glossary`]: the shared terminology store (SQLite), search, term recognition, TBX/TSV/CSV.
//! - [`align`]: document pairing and sentence alignment into beads.
//! - [`tm`]: translation memory, fuzzy matching, TMX.
//! - [`terms`]: glossary entries suggested from aligned releases or a memory (bilingual term extraction).
//! - [`export`]: atomic writes and document exporters.
//! - [`version`]: the versions of a document (cleaned, converted, one language part) that every workspace
//!   works on; [`fingerprint`]: stable hashes that tell when a text has changed since.
//! - [`paths`]: the data folder; [`workspace`]: open documents, their versions and settings, remembered.
//! - `gui` (feature `gui`): the eframe desktop app over all of the above.
//! - [`progress`]: the [`Progress`] trait long work reports through (and is cancelled by).
//! - [`number_words`]: English number words, for the aligner and the number check alike.
//! - [`xml`]: the one XML reading layer under TMX, TBX and .docx; [`limits`]: every limit the readers
//!   enforce against hostile or broken files, each with its reason.

pub mod about;
pub mod align;
pub mod app_args;
pub mod clean;
pub mod convert;
mod db_file;
pub mod document;
pub mod error;
pub mod export;
pub mod fingerprint;
#[doc(hidden)]
pub mod fuzzing;
pub mod glossary;
#[cfg(feature = "gui")]
pub mod gui;
pub mod limits;
pub mod number_words;
pub mod paths;
pub mod progress;
pub mod sql;
pub mod terms;
pub mod tm;
pub mod version;
pub mod workspace;
pub mod xml;

pub use error::{Error, Result};
pub use progress::{CancelFlag, NoProgress, Progress};
