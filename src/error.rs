//! The core's one error type.
//!
//! Every variant names what the user gave us (a file, and where known a line or byte offset), so that the
//! GUI and the CLI can show the message as it stands. Handle each error once: the core returns it, the
//! front end shows it.

use std::path::{Path, PathBuf};

/// Result alias used throughout the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the core library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file failed.
    // Not `source`: the reason is already in the message, and the CLI prints an error's source chain
    // (`{:#}`), which said it twice ("Permission denied: Permission denied").
    #[error("{}: {reason}", path.display())]
    Io {
        /// The file at fault.
        path: PathBuf,
        /// The operating system's reason.
        reason: std::io::Error,
    },

    /// A file could not be understood as the format it claims to be (TMX, TBX, CSV, DOCX, ...).
    #[error("{}{}: {message}", path.display(), location(*line, *column))]
    Format {
        /// The file at fault (`-` for standard input).
        path: PathBuf,
        /// 1-based line, when known.
        line: Option<usize>,
        /// 1-based column, when known.
        column: Option<usize>,
        /// What is wrong, in words a translator understands.
        message: String,
    },

    /// A database file could not be opened or used.
    #[error("{}: {message}", path.display())]
    Database {
        /// The database file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },

    /// A TMX file whose languages are not the memory's pair (the caller may ask, then import it with its
    /// own languages).
    #[error("{}{}: the units are in {}, but the memory “{memory}” holds {pair}; import the file into a memory of its pair, or with its own languages", path.display(), location(*line, None), found.join(" and "))]
    LanguageMismatch {
        /// The file.
        path: PathBuf,
        /// The line of the first unit in other languages (none when the header says so).
        line: Option<usize>,
        /// The languages found there.
        found: Vec<String>,
        /// The memory's name.
        memory: String,
        /// The memory's pair (`zh-CN → en-US`).
        pair: String,
    },

    /// A change to a memory (or another store) that its owner marked read-only.
    #[error("{}: the memory “{name}” is read-only; clear its read-only flag to change it", path.display())]
    ReadOnly {
        /// Its database file.
        path: PathBuf,
        /// Its name.
        name: String,
    },

    /// Someone else changed the record since it was read (optimistic concurrency).
    #[error("{0}")]
    Conflict(String),

    /// The request itself is invalid (an unknown option, an empty selection, ...).
    #[error("{0}")]
    Invalid(String),

    /// The user cancelled a long-running task.
    #[error("cancelled")]
    Cancelled,
}

fn location(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        (Some(l), None) => format!(":{l}"),
        _ => String::new(),
    }
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.as_ref().to_path_buf(),
            reason: source,
        }
    }

    /// A format error in `path`, optionally at a 1-based line.
    pub fn format(path: impl AsRef<Path>, line: Option<usize>, message: impl Into<String>) -> Self {
        Error::Format {
            path: path.as_ref().to_path_buf(),
            line,
            column: None,
            message: message.into(),
        }
    }

    /// A database error on the database file at `path`.
    pub fn database(path: impl AsRef<Path>, err: impl std::fmt::Display) -> Self {
        Error::Database {
            path: path.as_ref().to_path_buf(),
            message: err.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_file_and_place() {
        let cases = [
            (
                Error::format("a.tmx", Some(12), "unclosed <tu>"),
                "a.tmx:12: unclosed <tu>",
            ),
            (
                Error::format("a.csv", None, "empty file"),
                "a.csv: empty file",
            ),
            (
                Error::Format {
                    path: "b.tbx".into(),
                    line: Some(3),
                    column: Some(7),
                    message: "bad".into(),
                },
                "b.tbx:3:7: bad",
            ),
            (
                Error::database("g.sqlite", "database is locked"),
                "g.sqlite: database is locked",
            ),
        ];
        for (err, want) in cases {
            assert_eq!(err.to_string(), want);
        }
    }
}
