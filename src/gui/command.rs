//! What views and jobs ask the app to do: the [`Command`]s it applies in one place
//! ([`super::app::AppState::apply_commands`]), and the [`View`]s of the rail.
//!
//! This module depends on no view, no job and not on the app state, so that every one of those can use it
//! without a cycle: views emit commands, finished jobs return them, the app applies them.

use std::path::PathBuf;

use crate::version::{Recipe, VersionRef};

use super::library::{Loaded, StoredVersion};
use super::shared_glossary::{Indexed, SharedGlossary};
use super::shared_memory::SharedMemory;

/// The workspaces in the left rail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Open files, see them decoded and segmented, with their versions.
    Documents,
    /// Simplified ⇄ Traditional conversion.
    Convert,
    /// Cleaning scraped text, change by change.
    Clean,
    /// The shared trade glossary.
    Glossary,
    /// Sentence alignment and its review.
    Align,
    /// Translating a new release with the memory and the glossary.
    Translate,
    /// The translation memories: browse, correct, import and export units.
    Memory,
}

impl View {
    /// All workspaces in rail order.
    pub const ALL: [View; 7] = [
        View::Documents,
        View::Convert,
        View::Clean,
        View::Glossary,
        View::Align,
        View::Translate,
        View::Memory,
    ];

    /// Label in the rail.
    pub fn label(self) -> &'static str {
        match self {
            View::Documents => "Documents",
            View::Convert => "Convert",
            View::Clean => "Clean",
            View::Glossary => "Glossary",
            View::Align => "Align",
            View::Translate => "Translate",
            View::Memory => "Memory",
        }
    }

    /// The name stored in the settings (to come back to the last workspace).
    pub fn key(self) -> &'static str {
        match self {
            View::Documents => "documents",
            View::Convert => "convert",
            View::Clean => "clean",
            View::Glossary => "glossary",
            View::Align => "align",
            View::Translate => "translate",
            View::Memory => "memory",
        }
    }

    /// The view stored under `key`.
    pub fn from_key(key: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.key() == key)
    }
}

/// A version to store: made from `parent` of `document` (`None`: the original) whose text had the
/// fingerprint `parent_hash`.
pub struct NewVersion {
    /// The document.
    pub document: i64,
    /// The version it is made from; `None` is the original.
    pub parent: Option<i64>,
    /// How it is made.
    pub recipe: Recipe,
    /// Fingerprint of the parent's text.
    pub parent_hash: u64,
    /// The version's text.
    pub text: String,
}

/// What views and jobs ask for.
pub enum Command {
    /// Open these files (already open ones are selected instead).
    OpenFiles(Vec<PathBuf>),
    /// Show the Open dialog.
    ShowOpenDialog,
    /// Forget a document and its versions (the file is untouched).
    CloseDocument(i64),
    /// Select a document, a version or a part. `explicit` is false when only the document was chosen:
    /// the workspaces then take its preferred version (the cleaned one, where there is one).
    Select {
        /// What to select.
        target: VersionRef,
        /// Whether the user chose this version (and not only the document).
        explicit: bool,
    },
    /// Re-read a document with another encoding (`None` = detect).
    SetEncoding(i64, Option<&'static encoding_rs::Encoding>),
    /// Switch workspace.
    ShowView(View),
    /// Change the colour theme.
    SetTheme(egui::ThemePreference),
    /// Show a message in the status bar.
    Notify(String),
    /// The name recorded as the author of changes (empty: the login name).
    SetUserName(String),
    /// Show an error once, in a window.
    Error(String),
    /// Store a new version, or replace the one `replace` names (its recipe and text changed).
    SaveVersion {
        /// The version.
        version: NewVersion,
        /// The stored version it replaces, if any.
        replace: Option<i64>,
    },
    /// Delete a stored version and the versions made from it.
    DeleteVersion(i64),
    /// A document's original finished loading (from a job).
    OriginalLoaded(i64, Result<Loaded, String>),
    /// A version's document finished segmenting (from a job).
    VersionLoaded(StoredVersion, Result<Loaded, String>),
    /// The shared glossary is open (from a job).
    GlossaryOpened(Result<SharedGlossary, String>),
    /// Use the glossary on this team server (`None`: the local file) and open it again.
    SetTeamServer(Option<String>),
    /// The glossary's term index was rebuilt (from a job).
    GlossaryIndexed(Result<Indexed, String>),
    /// The translation memory is open (from a job).
    MemoryOpened(Result<SharedMemory, String>),
    /// The translation memory changed: its unit count is read again.
    MemoryChanged,
}
