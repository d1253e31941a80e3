//! The workspaces, one file each, each with a `ui(&mut self, ui, state)` method.

pub mod align_bead_panel;
pub mod align_output;
pub mod align_setup;
pub mod align_view;
pub mod clean_changes;
pub mod clean_review;
pub mod clean_view;
pub mod convert_folder;
pub mod convert_view;
pub mod documents_view;
pub mod glossary_editor;
pub mod glossary_exchange;
pub mod glossary_view;
pub mod translate_files;
pub mod translate_panel;
pub mod translate_rows;
pub mod translate_table;
pub mod translate_view;
