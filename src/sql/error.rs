//! Errors from either engine, sorted into the few kinds a store turns into a message for people.

/// What went wrong, in the terms a store's messages use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Another connection holds the lock (SQLite busy/locked, PostgreSQL lock timeout).
    Busy,
    /// The file or folder is read-only.
    ReadOnly,
    /// The server refused: this role may not do that (PostgreSQL 42501).
    PermissionDenied,
    /// The file is not an SQLite database.
    NotADatabase,
    /// The file is damaged.
    Corrupt,
    /// The file could not be opened.
    CannotOpen,
    /// The disk is full.
    DiskFull,
    /// The server cannot be reached, or the connection to it was lost.
    Unreachable,
    /// A unique constraint was violated.
    Duplicate,
    /// Anything else.
    Other,
}

/// An error from SQLite or PostgreSQL, with its kind.
#[derive(Debug)]
pub struct DbError {
    /// What it means.
    pub kind: Kind,
    /// The engine's own words (without the SQL).
    pub detail: String,
}

impl DbError {
    /// An error of kind [`Kind::Other`] with this text.
    pub fn other(detail: impl Into<String>) -> DbError {
        DbError {
            kind: Kind::Other,
            detail: detail.into(),
        }
    }
}

impl DbError {
    /// The error in words for the people using `store` ("glossary", "memory"): what happened and what
    /// to do. `waited` is how long a lock was waited for; `doing` ("cannot read the glossary") opens the
    /// messages that need to say what failed.
    pub fn explain(&self, store: &str, waited: std::time::Duration, doing: &str) -> String {
        let with_doing = |text: String| match doing {
            "" => text,
            _ => format!("{doing}: {text}"),
        };
        match self.kind {
            Kind::Busy => format!(
                "the {store} is in use by another program (still locked after waiting {:.1} s); try \
                 again when it has finished (an import, or a program that keeps it open)",
                waited.as_secs_f64()
            ),
            Kind::ReadOnly => {
                format!("the {store} file or its folder is read-only; the change was not saved")
            }
            Kind::NotADatabase => format!("not a {store}: the file is not an SQLite database"),
            Kind::Corrupt => format!(
                "the {store} file is damaged (SQLite reports corruption); restore it from a backup"
            ),
            Kind::CannotOpen => with_doing(format!("cannot open the file ({self})")),
            Kind::DiskFull => "the disk is full; the change was not saved".to_string(),
            Kind::PermissionDenied => format!(
                "the server refused: your database role may not do this ({self}); searching and \
                 exporting need duizhao_reader, changes need duizhao_editor"
            ),
            Kind::Unreachable => with_doing(format!(
                "the server cannot be reached ({self}); nothing was lost, try again when it is back"
            )),
            Kind::Duplicate | Kind::Other => with_doing(self.detail.clone()),
        }
    }
}

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.detail)
    }
}

impl std::error::Error for DbError {}

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> DbError {
        use rusqlite::ErrorCode as C;
        let kind = match e.sqlite_error_code() {
            Some(C::DatabaseBusy | C::DatabaseLocked) => Kind::Busy,
            Some(C::ReadOnly) => Kind::ReadOnly,
            Some(C::NotADatabase) => Kind::NotADatabase,
            Some(C::DatabaseCorrupt) => Kind::Corrupt,
            Some(C::CannotOpen) => Kind::CannotOpen,
            Some(C::DiskFull) => Kind::DiskFull,
            Some(C::ConstraintViolation)
                if matches!(&e, rusqlite::Error::SqliteFailure(f, _)
                    if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                        || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY) =>
            {
                Kind::Duplicate
            }
            _ => Kind::Other,
        };
        DbError {
            kind,
            detail: e.to_string(),
        }
    }
}

impl From<postgres::Error> for DbError {
    fn from(e: postgres::Error) -> DbError {
        use postgres::error::SqlState;
        let kind = match e.code() {
            Some(c) if *c == SqlState::INSUFFICIENT_PRIVILEGE => Kind::PermissionDenied,
            Some(c) if *c == SqlState::UNIQUE_VIOLATION => Kind::Duplicate,
            Some(c) if *c == SqlState::LOCK_NOT_AVAILABLE => Kind::Busy,
            Some(c) if *c == SqlState::DISK_FULL => Kind::DiskFull,
            Some(c) if *c == SqlState::READ_ONLY_SQL_TRANSACTION => Kind::ReadOnly,
            Some(c) if c.code().starts_with("08") || *c == SqlState::ADMIN_SHUTDOWN => {
                Kind::Unreachable
            }
            Some(_) => Kind::Other,
            // The client's own errors carry no code; its kinds are private, so they are told apart by
            // their words (tokio-postgres's `Display` for `Kind::Connect`, `Kind::Io`, `Kind::Closed`).
            None if e.is_closed()
                || [
                    "error connecting",
                    "error communicating",
                    "timeout",
                    "connection closed",
                ]
                .iter()
                .any(|w| e.to_string().starts_with(w)) =>
            {
                Kind::Unreachable
            }
            None => Kind::Other,
        };
        // The server's own message, without the "db error: " prefix the client adds.
        let detail = match e.as_db_error() {
            Some(db) => match db.detail() {
                Some(more) => format!("{} ({more})", db.message()),
                None => db.message().to_string(),
            },
            None => {
                // The client's message names what it was doing; the reason is in its source chain.
                let mut text = e.to_string();
                let mut source = std::error::Error::source(&e);
                while let Some(s) = source {
                    let more = s.to_string();
                    if !text.contains(&more) {
                        text.push_str(": ");
                        text.push_str(&more);
                    }
                    source = s.source();
                }
                text
            }
        };
        DbError { kind, detail }
    }
}
