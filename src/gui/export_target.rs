//! Where an export goes: a path row that proposes a file name from the document, its version and the
//! format (and follows them while the user has not typed a name of their own), an extension that follows
//! the format, and a confirmation before an existing file is replaced. Nothing is written until the user
//! has said so.
//!
//! Main items: [`ExportTarget`] (one per export row) and [`proposed_path`].

use std::path::{Path, PathBuf};

use super::dialogs::{self, Chosen};
use super::jobs::Pending;

/// Extensions of the formats Duizhao writes; a path ending in one of them gets the new format's
/// extension when the format changes.
const EXPORT_EXTENSIONS: &[&str] = &["txt", "md", "docx", "tmx", "tsv", "html", "tbx", "csv"];

/// `<folder of the source>/<stem>.<tags…>.<ext>`: the path an export proposes. `source` is the file the
/// text came from (its folder and name), `tags` say which version (`clean`, `s2twp`, `en`), `ext` is the
/// format's extension. Without a source, the home folder and `fallback_stem`.
pub fn proposed_path(
    source: Option<&Path>,
    fallback_stem: &str,
    tags: &[&str],
    ext: &str,
) -> PathBuf {
    let folder = source
        .and_then(|s| s.parent())
        .map(Path::to_path_buf)
        .or_else(|| std::env::var_os("HOME").map(PathBuf::from))
        .unwrap_or_default();
    let stem = source
        .and_then(|s| s.file_stem())
        .map_or(fallback_stem.to_string(), |s| {
            s.to_string_lossy().into_owned()
        });
    let mut name = stem;
    for t in tags.iter().filter(|t| !t.is_empty()) {
        name.push('.');
        name.push_str(t);
    }
    name.push('.');
    name.push_str(ext);
    folder.join(name)
}

/// `path` with its extension made `ext`, when it ends in one of the export formats' extensions (or has
/// none); other names are left as the user typed them.
pub fn with_extension(path: &str, ext: &str) -> String {
    let p = Path::new(path);
    match p.extension().and_then(|e| e.to_str()) {
        Some(old) if old.eq_ignore_ascii_case(ext) => path.to_string(),
        Some(old) if EXPORT_EXTENSIONS.contains(&old.to_ascii_lowercase().as_str()) => {
            p.with_extension(ext).display().to_string()
        }
        None if !path.trim().is_empty() && !path.ends_with('/') => format!("{path}.{ext}"),
        _ => path.to_string(),
    }
}

/// What the export button may do now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Go {
    /// Write to this path (new, or replacing confirmed).
    Write(PathBuf),
    /// Nothing yet: no path, or a confirmation is open.
    Wait,
    /// Refused, with the reason to show.
    Refused(String),
}

/// One export row's destination.
#[derive(Default)]
pub struct ExportTarget {
    /// The path in the box.
    pub path: String,
    /// The proposal the box was last filled with, and what it was proposed for; while the box still
    /// holds it, it follows the document, version and format.
    proposed: Option<(String, String)>,
    /// The extension the box last had.
    ext: String,
    dialog: Pending<Chosen>,
    /// An export waiting for the user's "Replace", with the files that already exist.
    confirming: Option<(PathBuf, Vec<PathBuf>)>,
    /// A replacement the user confirmed, taken by the next [`ExportTarget::take_confirmed`].
    confirmed: Option<PathBuf>,
}

impl ExportTarget {
    /// Draws `label`, the path box and "Choose…". `key` names what is exported (the document and its
    /// version): when it changes, the box gets that text's `proposal`. While the box holds the proposal it
    /// follows it; a path the user typed is kept, with its extension following the format's `ext`.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        label: &str,
        id: &str,
        key: &str,
        proposal: &Path,
        ext: &str,
    ) {
        let proposal_text = proposal.display().to_string();
        match &self.proposed {
            Some((last, k)) if k == key => {
                if self.path == *last {
                    // Still the proposal: follow it (the format, or the version's name, changed).
                    self.path = proposal_text.clone();
                } else if self.ext != ext {
                    // A path of the user's own: keep it, with the new format's extension.
                    self.path = with_extension(&self.path, ext);
                }
            }
            // Another document or version: its own proposal, never the last one's path.
            _ => self.path = proposal_text.clone(),
        }
        self.proposed = Some((proposal_text, key.to_string()));
        self.ext = ext.to_string();
        let file_name = proposal
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let extensions = [ext];
        dialogs::path_row(
            ui,
            label,
            id,
            &file_name,
            &mut self.path,
            &self.dialog,
            |ctx, start, p| dialogs::pick_save(ctx, "Export", &file_name, &extensions, start, p),
        );
    }

    /// The user clicked Export: write now (new files), ask first (an existing one), or refuse (no path,
    /// a folder, one of `sources`). `beside` are the extensions of files written next to the export (a
    /// TMX beside a translation): they are asked about too.
    pub fn request(&mut self, sources: &[&Path], beside: &[&str]) -> Go {
        let trimmed = self.path.trim();
        if trimmed.is_empty() {
            return Go::Refused("Choose where to save the export first.".into());
        }
        let path = PathBuf::from(trimmed);
        if path.is_dir() {
            return Go::Refused(format!("{} is a folder: add a file name.", path.display()));
        }
        if sources.iter().any(|s| crate::export::same_file(s, &path)) {
            return Go::Refused(
                "That is a file you opened: Duizhao never overwrites it. Choose another name."
                    .into(),
            );
        }
        let companions: Vec<PathBuf> = beside.iter().map(|e| path.with_extension(e)).collect();
        if let Some(source) = companions
            .iter()
            .find(|c| sources.iter().any(|s| crate::export::same_file(s, c)))
        {
            return Go::Refused(format!(
                "{} would be written over a file you opened: choose another name.",
                source.display()
            ));
        }
        let existing: Vec<PathBuf> = std::iter::once(path.clone())
            .chain(companions)
            .filter(|p| p.exists())
            .collect();
        if !existing.is_empty() {
            self.confirming = Some((path, existing));
            return Go::Wait;
        }
        Go::Write(path)
    }

    /// Whether a "Replace?" question is open.
    pub fn is_confirming(&self) -> bool {
        self.confirming.is_some()
    }

    /// Draws the "Replace?" question while one is open. The path the user agreed to replace is then
    /// given by [`ExportTarget::take_confirmed`].
    pub fn confirm_ui(&mut self, ctx: &egui::Context, id: &str) {
        let Some((path, existing)) = self.confirming.clone() else {
            return;
        };
        let names: Vec<String> = existing.iter().map(|p| p.display().to_string()).collect();
        let (heading, what) = if names.len() == 1 {
            (
                "Replace the existing file?",
                format!("{} already exists.", names[0]),
            )
        } else {
            (
                "Replace the existing files?",
                format!("These already exist: {}.", names.join(", ")),
            )
        };
        let answer = super::widgets::ask(
            ctx,
            ("replace_export", id),
            heading,
            &[
                what,
                "Replacing writes the export over it; the old file is kept until the new one is complete."
                    .into(),
            ],
            "Replace",
            "Cancel",
        );
        match answer {
            Some(true) => {
                self.confirming = None;
                self.confirmed = Some(path);
            }
            Some(false) => self.confirming = None,
            None => {}
        }
    }

    /// The path whose replacement the user just confirmed.
    pub fn take_confirmed(&mut self) -> Option<PathBuf> {
        self.confirmed.take()
    }

    /// After the export button: draws the "Replace?" question while one is open (`id` names it), and
    /// gives the path to write now — the one [`ExportTarget::request`] allowed this frame (`go`), or one
    /// whose replacement the user has just confirmed. A refusal is `Err` with the reason to show.
    pub fn outcome(
        &mut self,
        ctx: &egui::Context,
        id: &str,
        go: Option<Go>,
    ) -> Result<Option<PathBuf>, String> {
        self.confirm_ui(ctx, id);
        match go {
            Some(Go::Write(p)) => Ok(Some(p)),
            Some(Go::Refused(m)) => Err(m),
            _ => Ok(self.take_confirmed()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proposals_name_the_version_and_the_format() {
        let p = proposed_path(Some(Path::new("/r/a.html")), "x", &["clean", "en"], "docx");
        assert_eq!(p, PathBuf::from("/r/a.clean.en.docx"));
        let p = proposed_path(Some(Path::new("/r/a.txt")), "x", &[], "tmx");
        assert_eq!(p, PathBuf::from("/r/a.tmx"));
        assert!(proposed_path(None, "alignment", &["s2t"], "txt").ends_with("alignment.s2t.txt"));
    }

    #[test]
    fn the_extension_follows_the_format_but_not_a_name_of_ones_own() {
        let cases = [
            ("/r/a.tmx", "html", "/r/a.html"),
            ("/r/a.TXT", "txt", "/r/a.TXT"),
            ("/r/a.clean.txt", "docx", "/r/a.clean.docx"),
            ("/r/a", "md", "/r/a.md"),
            ("/r/a.backup", "txt", "/r/a.backup"),
            ("", "txt", ""),
        ];
        for (path, ext, want) in cases {
            assert_eq!(with_extension(path, ext), want, "{path} → {ext}");
        }
    }

    #[test]
    fn existing_files_wait_for_confirmation_and_sources_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let existing = dir.path().join("old.txt");
        std::fs::write(&existing, "keep").unwrap();
        let mut t = ExportTarget {
            path: existing.display().to_string(),
            ..ExportTarget::default()
        };
        assert_eq!(t.request(&[], &[]), Go::Wait);
        assert!(t.is_confirming());
        assert!(matches!(
            t.request(&[existing.as_path()], &[]),
            Go::Refused(_)
        ));
        t.path = dir.path().join("new.txt").display().to_string();
        assert_eq!(t.request(&[], &[]), Go::Write(dir.path().join("new.txt")));
        t.path = dir.path().display().to_string();
        assert!(matches!(t.request(&[], &[]), Go::Refused(m) if m.contains("folder")));
        // A TMX written beside the export counts as well.
        t.path = dir.path().join("old.docx").display().to_string();
        std::fs::write(dir.path().join("old.tmx"), "keep").unwrap();
        assert_eq!(t.request(&[], &["tmx"]), Go::Wait);
        assert_eq!(std::fs::read_to_string(&existing).unwrap(), "keep");
    }
}
