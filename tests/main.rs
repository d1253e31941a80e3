//! Integration tests, compiled as one binary (ripgrep's layout): CLI runs in temporary folders,
//! conformance checks against `../shared/conformance`, and GUI tests with egui_kittest.

mod align;
mod bilingual;
mod clean;
mod convert;
mod document;
mod faults;
mod fuzz_corpus;
mod glossary;
#[cfg(feature = "gui")]
mod gui;
mod hostile;
mod package;
mod pipeline;
#[cfg(unix)]
mod read_only;
mod terms;
mod tm;
mod util;
