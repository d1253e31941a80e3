//! Where Duizhao keeps its own files: the data folder (workspace, glossary, translation memory).
//!
//! Order of precedence: an explicit `--data-dir`, then the `DUIZHAO_DATA_DIR` environment variable, then the
//! platform's per-user data folder (`~/.local/share/duizhao` on Linux).

use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// File name of the glossary database inside the data folder.
pub const GLOSSARY_DB: &str = "glossary.sqlite";
/// File name of the translation-memory database inside the data folder.
pub const TM_DB: &str = "memory.sqlite";
/// File name of the workspace database (open documents, alignment projects, settings).
pub const WORKSPACE_DB: &str = "workspace.sqlite";

/// Resolves the data folder and creates it if needed.
pub fn data_dir(explicit: Option<&Path>) -> Result<PathBuf> {
    let dir = match explicit {
        Some(p) => p.to_path_buf(),
        None => match std::env::var_os("DUIZHAO_DATA_DIR") {
            Some(p) if !p.is_empty() => PathBuf::from(p),
            _ => directories::ProjectDirs::from("", "", "duizhao")
                .map(|d| d.data_dir().to_path_buf())
                .ok_or_else(|| {
                    Error::Invalid(
                        "cannot find a home folder for Duizhao's data; pass --data-dir".into(),
                    )
                })?,
        },
    };
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_folder_is_created_and_used() {
        let tmp = tempfile::tempdir().unwrap();
        let want = tmp.path().join("a/b");
        assert_eq!(data_dir(Some(&want)).unwrap(), want);
        assert!(want.is_dir());
    }
}
