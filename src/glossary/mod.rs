//! The shared trade glossary: an SQLite store of concept entries with history and undo, script-blind
//! instant search, term recognition in running text, and TBX/TSV/CSV exchange.
//!
//! Main types: [`Glossary`] (open a file; get, add, update, delete with versions; history, undo; search;
//! import, export), [`Entry`] / [`EntryData`] / [`Term`], [`SearchHit`], [`TermIndex`] and [`TermMatch`],
//! [`ImportReport`].

pub mod exchange;
pub mod model;
pub mod normalize;
mod recognize;
pub mod scripts;
mod search;
mod starter;
mod store;

pub use exchange::{ExportOptions, Format, ImportOptions, ImportReport, Outcome, RowReport};
pub use model::{Entry, EntryData, EntryId, Status, Term, TermKind, lang};
pub use recognize::{TermIndex, TermMatch};
pub use search::{MatchKind, SearchHit, SearchOptions};
pub use starter::{STARTER_TSV, import_starter};
pub use store::{
    Action, Change, ChangeWatch, Duplicate, Glossary, OpenOptions, Rejection,
    SERVER_SCHEMA_VERSION, server_init, server_migrate, watch_changes,
};
