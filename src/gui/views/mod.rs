//! The workspaces, one folder each; each has a view type with a `ui(&mut self, ui, state)` method in its
//! `mod.rs` and its parts in files beside it.

pub mod align;
pub mod clean;
pub mod convert;
pub mod documents;
pub mod glossary;
pub mod memory;
pub mod translate;
