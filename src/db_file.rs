//! Whether an SQLite database file can be changed where it lies, and how to read it when it cannot.
//!
//! The glossary, the memories and the workspace are in WAL mode, and a WAL database needs two companion
//! files (`-wal`, `-shm`) created beside it: a writable file in a read-only folder cannot be changed
//! either. A user who gives Duizhao a read-only data folder (a shared, mounted or locked-down one) still
//! wants to search it, so such a file is opened read-only; and when the folder cannot even hold the
//! `-shm` file, it is opened as immutable, which SQLite allows because no one can be writing there.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

/// Why a database file must be opened read-only, or `None` when it can be changed. The reason is said in
/// the messages that refuse a change.
pub(crate) fn read_only_reason(path: &Path) -> Option<&'static str> {
    // Permission bits first: a user who made the file read-only wants it left alone, even when the
    // process could write it anyway (an administrator account).
    if std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly()) {
        return Some("the file is read-only");
    }
    if path.exists() && !may_write(path) {
        return Some("the file is read-only for this user");
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !may_write(folder) {
        return Some("its folder is read-only");
    }
    None
}

/// Opens `path` read-only. A WAL database in a folder that cannot hold its `-shm` file is opened as
/// immutable when it has no `-wal` content to read (the last writer checkpointed it); otherwise SQLite's
/// own read-only WAL access is used, which needs the `-shm` file to exist already.
pub(crate) fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let folder_writable = path.parent().is_none_or(|p| {
        may_write(if p.as_os_str().is_empty() {
            Path::new(".")
        } else {
            p
        })
    });
    let wal = companion(path, "-wal");
    let wal_has_content = std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0);
    if folder_writable || wal_has_content || companion(path, "-shm").exists() {
        return Connection::open_with_flags(path, flags);
    }
    let uri = format!("file:{}?immutable=1", uri_path(path));
    Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)
}

/// `path` with `suffix` appended to its file name (`glossary.sqlite-wal`).
fn companion(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

/// The path as the path part of an SQLite `file:` URI: `?`, `#` and `%` are escaped.
fn uri_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            '%' => out.push_str("%25"),
            _ => out.push(c),
        }
    }
    out
}

/// Whether this process may write `path` (a file or a folder), as the kernel would decide.
#[cfg(unix)]
fn may_write(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `c` is a valid NUL-terminated string that outlives the call; access() only reads it.
    unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
}

#[cfg(not(unix))]
fn may_write(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.permissions().readonly())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_only_file_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.sqlite");
        assert_eq!(
            read_only_reason(&path),
            None,
            "a new file in a writable folder"
        );
        std::fs::write(&path, b"").unwrap();
        let mut perms = std::fs::metadata(&path).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&path, perms).unwrap();
        assert_eq!(read_only_reason(&path), Some("the file is read-only"));
    }

    #[test]
    fn uri_paths_escape_what_uris_reserve() {
        assert_eq!(uri_path(Path::new("/a b/c?d#e%f")), "/a b/c%3fd%23e%25f");
    }
}
