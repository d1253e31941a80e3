//! Where a translation project is kept between sessions: one JSON file in the data folder per document
//! file and version (and language part), so that reopening the same text restores the work, and a text
//! that changed since is recognised as the same work, out of date.
//!
//! Main items: [`project_file`], [`restore`] and [`save`].

use std::path::{Path, PathBuf};

use crate::document::Document;
use crate::gui::library::Library;
use crate::tm::TranslationProject;
use crate::version::VersionRef;

/// Where the translation of the text `r` is kept.
pub fn project_file(data_dir: &Path, library: &Library, r: &VersionRef) -> Option<PathBuf> {
    let doc = library.get(r.document)?;
    let which = format!("{}\u{1f}{}", doc.path.display(), doc.version_label(r));
    let hash = crate::fingerprint::to_hex(crate::fingerprint::of_text(&which));
    Some(
        data_dir
            .join("translations")
            .join(format!("{}-{hash}.json", safe(&doc.name()))),
    )
}

fn safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Before versions, projects were named from the source name and a hash of its segments; such a file is
/// still found for the same text.
fn legacy_file(dir: &Path, name: &str, project: &TranslationProject) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    for s in &project.segments {
        s.source.hash(&mut h);
    }
    dir.join(format!("{}-{:016x}.json", safe(name), h.finish()))
}

/// What opening a text for translation found.
pub struct Restored {
    /// The project to show.
    pub project: TranslationProject,
    /// The project made from the current text, when the saved one was made from an older text.
    pub fresh: Option<TranslationProject>,
    /// What to tell the user.
    pub message: String,
}

/// The saved project for `fresh`'s text at `path` if there is one (out of date when its sentences
/// differ), else `fresh`.
pub fn restore(path: Option<&Path>, doc: &Document, fresh: TranslationProject) -> Restored {
    let same =
        |saved: &TranslationProject| saved.source_fingerprint() == fresh.source_fingerprint();
    let saved = path
        .and_then(|p| TranslationProject::load(p).ok())
        .or_else(|| {
            let dir = path?.parent()?;
            TranslationProject::load(&legacy_file(dir, &doc.name, &fresh))
                .ok()
                .filter(same)
        });
    match saved {
        Some(mut saved) if same(&saved) => {
            saved.source_key = fresh.source_key.clone();
            saved.source_hash = fresh.source_hash.clone();
            Restored {
                project: saved,
                fresh: None,
                message: "Your earlier work on this text was restored.".into(),
            }
        }
        Some(saved) if saved.segments.iter().any(|s| !s.target.is_empty()) => Restored {
            project: saved,
            fresh: Some(fresh),
            message: "Your earlier work on this text was restored; the text has changed since."
                .into(),
        },
        _ => Restored {
            message: format!(
                "{} to translate.",
                crate::gui::widgets::plural(fresh.segments.len(), "segment")
            ),
            project: fresh,
            fresh: None,
        },
    }
}

/// Saves the project at `path`, creating the folder.
pub fn save(project: &TranslationProject, path: &Path) -> crate::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| crate::Error::io(dir, e))?;
    }
    project.save(path)
}
