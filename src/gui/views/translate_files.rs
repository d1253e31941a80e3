//! Where a translation project is kept between sessions, and its export: the translated text, a TMX of
//! the work beside it, and the confirmed segments into the shared memory.
//!
//! A project is one JSON file in the data folder, named from the source's name and a hash of its segments,
//! so that reopening the same release restores the work and two releases with one name never clash.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::document::Document;
use crate::gui::app::AppState;
use crate::tm::{LangStyle, TranslationProject};

use super::translate_view::ExportFormat;

/// Writes the translation, its TMX beside it when asked, and adds the confirmed segments to the memory.
pub(super) fn export(
    project: &TranslationProject,
    format: ExportFormat,
    path: &Path,
    with_tmx: bool,
    memory: Option<Arc<std::sync::Mutex<crate::tm::Memory>>>,
    progress: &mut dyn crate::Progress,
) -> crate::Result<String> {
    match format {
        ExportFormat::Text => project.export_txt(path)?,
        ExportFormat::Docx => project.export_docx(path)?,
    }
    let mut said = format!("Saved {}.", path.display());
    if with_tmx {
        let tmx = path.with_extension("tmx");
        let summary = project.export_tmx(&tmx, LangStyle::default(), progress)?;
        said.push_str(&format!(
            " TMX: {} ({} units).",
            tmx.display(),
            summary.written
        ));
    }
    if let Some(store) = memory {
        if let Ok(mut m) = store.lock() {
            let added = project.commit_to_memory(&mut m, progress)?;
            said.push_str(&format!(
                " Memory: {} confirmed segment(s) added.",
                added.added
            ));
        }
    }
    Ok(said)
}

/// Where the project for `project`'s source is kept: one JSON file per source name in the data folder.
pub(super) fn project_file(state: &AppState, project: &TranslationProject) -> Option<PathBuf> {
    let name = project.source_name.as_deref()?;
    Some(
        state
            .data_dir
            .join("translations")
            .join(format!("{}.json", file_key(name, project))),
    )
}

/// A file name from the source name and a hash of its segments, so two releases with one name never clash.
fn file_key(name: &str, project: &TranslationProject) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    for s in &project.segments {
        s.source.hash(&mut h);
    }
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{safe}-{:016x}", h.finish())
}

/// The saved project for this document if there is one with the same segments, else `fresh`.
pub(super) fn restore(
    dir: &Path,
    doc: &Document,
    fresh: TranslationProject,
) -> (TranslationProject, bool) {
    let name = fresh
        .source_name
        .clone()
        .unwrap_or_else(|| doc.name.clone());
    let path = dir.join(format!("{}.json", file_key(&name, &fresh)));
    match TranslationProject::load(&path) {
        Ok(saved)
            if saved.segments.len() == fresh.segments.len()
                && saved
                    .segments
                    .iter()
                    .zip(&fresh.segments)
                    .all(|(a, b)| a.source == b.source) =>
        {
            (saved, true)
        }
        _ => (fresh, false),
    }
}
