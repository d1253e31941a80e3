//! Writing results out: the atomic write helper shared by every exporter, and the plain-text, Markdown,
//! DOCX and HTML writers.

mod atomic;
pub mod document;
pub mod docx;
pub mod markdown;
pub mod text;

pub use atomic::{write_atomic, write_atomic_with};
pub use document::{TextFormat, write_text_as};

/// Whether two paths name the same file (after resolving links and `..`); used to refuse an export onto its
/// own source, which Duizhao never overwrites.
pub fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// How many entries a folder holds (0 when it does not exist yet): the CLI refuses to write into a
/// non-empty folder without `--force`, and the GUI asks first, because files with the same names would
/// be replaced.
pub fn entries_in(dir: &std::path::Path) -> crate::Result<usize> {
    match std::fs::read_dir(dir) {
        Ok(entries) => Ok(entries.count()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(0),
        Err(e) => Err(crate::Error::io(dir, e)),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn folders_are_counted_and_missing_ones_are_empty() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(super::entries_in(&dir.path().join("new")).unwrap(), 0);
        assert_eq!(super::entries_in(dir.path()).unwrap(), 0);
        std::fs::write(dir.path().join("a.txt"), "x").unwrap();
        assert_eq!(super::entries_in(dir.path()).unwrap(), 1);
    }
}
