//! Writing results out: the atomic write helper shared by every exporter, and the plain-text, Markdown,
//! DOCX and HTML writers.

mod atomic;
pub mod docx;
pub mod markdown;
pub mod text;

pub use atomic::{write_atomic, write_atomic_with};

/// Whether two paths name the same file (after resolving links and `..`); used to refuse an export onto its
/// own source, which Duizhao never overwrites.
pub fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}
