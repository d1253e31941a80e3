//! Writing results out: the atomic write helper shared by every exporter, and the plain-text, Markdown,
//! DOCX and HTML writers.

mod atomic;
pub mod docx;
pub mod markdown;
pub mod text;

pub use atomic::{write_atomic, write_atomic_with};
