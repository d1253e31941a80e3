//! The workspaces, one file each, each with a `ui(&mut self, ui, state)` method.

pub mod convert_view;
pub mod documents_view;
