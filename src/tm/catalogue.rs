//! The memories in the data folder: the one named "Default" (`memory.sqlite`, the memory Duizhao always
//! had) and any others, each its own SQLite file in `memories/`.
//!
//! [`Catalogue`] lists, creates, renames, deletes and opens them by name. A memory's name, language pair,
//! note and read-only flag live in its own database ([`MemoryInfo`]), so the catalogue is simply the files
//! in the folder: a memory file copied in from elsewhere appears under its own name. Names are matched
//! without regard to case; file names are derived from the name when the memory is created and stay put
//! when it is renamed.
//!
//! A catalogue can also be a team server's ([`Catalogue::on_server`]): the same methods list, create,
//! open and delete the memories kept there (`Default` is created with the server's layout).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::lang::LangTag;
use super::script::ScriptConverter;
use super::store::{Memory, MemoryInfo, ServerMemories};
use crate::{Error, Result};

/// The name of the data folder's `memory.sqlite`.
pub const DEFAULT_NAME: &str = "Default";

/// The folder of the other memories, inside the data folder.
pub const MEMORIES_DIR: &str = "memories";

/// A memory as the catalogue lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoryEntry {
    /// What the memory says about itself.
    #[serde(flatten)]
    pub info: MemoryInfo,
    /// Units it holds.
    pub units: usize,
}

/// The memories of one data folder.
#[derive(Clone)]
pub struct Catalogue {
    dir: PathBuf,
    /// The team server holding the memories, instead of the folder.
    server: Option<String>,
    converter: Arc<dyn ScriptConverter>,
}

impl std::fmt::Debug for Catalogue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalogue")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

impl Catalogue {
    /// The memories of data folder `data_dir`, folding scripts with the conversion engine.
    pub fn new(data_dir: &Path) -> Catalogue {
        Self::with_converter(data_dir, super::script::default_converter())
    }

    /// The memories of `data_dir`, opened with `converter`.
    pub fn with_converter(data_dir: &Path, converter: Arc<dyn ScriptConverter>) -> Catalogue {
        Catalogue {
            dir: data_dir.to_path_buf(),
            server: None,
            converter,
        }
    }

    /// The memories on the team server `target` (a `postgres://` URL or libpq `key=value` string).
    pub fn on_server(target: &str, converter: Arc<dyn ScriptConverter>) -> Catalogue {
        Catalogue {
            dir: PathBuf::new(),
            server: Some(target.to_string()),
            converter,
        }
    }

    /// The server's memories, when this is a server's catalogue.
    fn server(&self) -> Option<ServerMemories<'_>> {
        self.server.as_deref().map(|target| ServerMemories {
            target,
            converter: &self.converter,
        })
    }

    /// The Default memory's file.
    pub fn default_path(&self) -> PathBuf {
        self.dir.join(crate::paths::TM_DB)
    }

    fn memories_dir(&self) -> PathBuf {
        self.dir.join(MEMORIES_DIR)
    }

    /// The files of the memories: Default first (whether or not it exists yet), then the others by file name.
    fn files(&self) -> Result<Vec<PathBuf>> {
        let mut out = Vec::new();
        let dir = self.memories_dir();
        match std::fs::read_dir(&dir) {
            Ok(entries) => {
                for e in entries {
                    let path = e.map_err(|e| Error::io(&dir, e))?.path();
                    if path.extension().is_some_and(|x| x == "sqlite") {
                        out.push(path);
                    }
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(&dir, e)),
        }
        out.sort();
        out.insert(0, self.default_path());
        Ok(out)
    }

    /// Every memory with its unit count, Default first, then by name.
    pub fn list(&self) -> Result<Vec<MemoryEntry>> {
        if let Some(server) = self.server() {
            let mut out = Vec::new();
            for name in server.names()? {
                let memory = server.open(&name)?;
                out.push(MemoryEntry {
                    units: memory.len()?,
                    info: memory.info().clone(),
                });
            }
            return Ok(out);
        }
        let mut out = Vec::new();
        for path in self.files()? {
            let memory = self.open_path(&path)?;
            out.push(MemoryEntry {
                units: memory.len()?,
                info: memory.info().clone(),
            });
        }
        out[1..].sort_by_key(|e| e.info.name.to_lowercase());
        Ok(out)
    }

    fn open_path(&self, path: &Path) -> Result<Memory> {
        Memory::open_with(path, self.converter.clone())
    }

    /// The file of the memory called `name` (any case), if there is one; on a server, where it is
    /// (`postgres://…#number`).
    pub fn find(&self, name: &str) -> Result<Option<PathBuf>> {
        if let Some(server) = self.server() {
            if !server.exists(name)? {
                return Ok(None);
            }
            return server.open(name).map(|m| Some(m.path().to_path_buf()));
        }
        let name = name.trim();
        if name.eq_ignore_ascii_case(DEFAULT_NAME) {
            return Ok(Some(self.default_path()));
        }
        for path in self.files()?.into_iter().skip(1) {
            if self.open_path(&path)?.name().to_lowercase() == name.to_lowercase() {
                return Ok(Some(path));
            }
        }
        Ok(None)
    }

    fn unknown(&self, name: &str) -> Error {
        let names: Vec<String> = self
            .list()
            .map(|l| l.into_iter().map(|e| e.info.name).collect())
            .unwrap_or_default();
        Error::Invalid(format!(
            "there is no memory named “{name}” (the memories are: {})",
            names.join(", ")
        ))
    }

    /// Opens the memory called `name`.
    pub fn open(&self, name: &str) -> Result<Memory> {
        if let Some(server) = self.server() {
            return match server.exists(name)? {
                true => server.open(name),
                false => Err(self.unknown(name)),
            };
        }
        match self.find(name)? {
            Some(path) => self.open_path(&path),
            None => Err(self.unknown(name)),
        }
    }

    /// Creates a memory called `name` for `source → target`, with a note.
    pub fn create(
        &self,
        name: &str,
        source: &LangTag,
        target: &LangTag,
        note: &str,
    ) -> Result<Memory> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::Invalid("a memory needs a name".into()));
        }
        if let Some(server) = self.server() {
            return server.create(name, source, target, note);
        }
        if self.find(name)?.is_some() {
            return Err(Error::Invalid(format!(
                "there is already a memory named “{name}”"
            )));
        }
        let dir = self.memories_dir();
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let stem = slug(name);
        let mut path = dir.join(format!("{stem}.sqlite"));
        let mut n = 2;
        while path.exists() {
            path = dir.join(format!("{stem}-{n}.sqlite"));
            n += 1;
        }
        let mut memory = self.open_path(&path)?;
        memory.set_name(name)?;
        memory.set_languages(source, target)?;
        memory.set_note(note)?;
        Ok(memory)
    }

    /// Renames memory `old` to `new` (Default keeps its name).
    pub fn rename(&self, old: &str, new: &str) -> Result<()> {
        if old.trim().eq_ignore_ascii_case(DEFAULT_NAME) {
            return Err(Error::Invalid(
                "the Default memory keeps its name; create a new memory instead".into(),
            ));
        }
        let mut memory = self.open(old)?;
        if let Some(server) = self.server() {
            let taken = server.exists(new)? && !new.trim().eq_ignore_ascii_case(old.trim());
            if taken {
                return Err(Error::Invalid(format!(
                    "there is already a memory named “{}”",
                    new.trim()
                )));
            }
            return memory.set_name(new);
        }
        match self.find(new)? {
            Some(other) if other != memory.path() => Err(Error::Invalid(format!(
                "there is already a memory named “{}”",
                new.trim()
            ))),
            _ => memory.set_name(new),
        }
    }

    /// Deletes memory `name` and its file (Default cannot be deleted).
    pub fn delete(&self, name: &str) -> Result<()> {
        if name.trim().eq_ignore_ascii_case(DEFAULT_NAME) {
            return Err(Error::Invalid(
                "the Default memory cannot be deleted; delete its units instead".into(),
            ));
        }
        if let Some(server) = self.server() {
            return server.delete(name);
        }
        let path = self.find(name)?.ok_or_else(|| self.unknown(name))?;
        // The write-ahead log and shared-memory files go with it.
        for suffix in ["", "-wal", "-shm"] {
            let mut file = path.clone().into_os_string();
            file.push(suffix);
            match std::fs::remove_file(&file) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io(&file, e)),
            }
        }
        Ok(())
    }
}

/// A file name for a memory name: letters and digits (any script) kept, anything else a hyphen.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-');
    if out.is_empty() {
        "memory".to_string()
    } else {
        out.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tm::script::NoConversion;

    #[test]
    fn memories_are_created_listed_renamed_opened_and_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let cat = Catalogue::with_converter(dir.path(), Arc::new(NoConversion));
        let list = cat.list().unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].info.name, DEFAULT_NAME);
        assert_eq!(list[0].info.path, dir.path().join("memory.sqlite"));

        let (tw, en) = (LangTag::zh_traditional(), LangTag::en());
        cat.create("Customs / 海关", &tw, &en, "HK releases")
            .unwrap();
        cat.create("Banking", &LangTag::zh_simplified(), &en, "")
            .unwrap();
        assert!(dir.path().join("memories/customs-海关.sqlite").exists());
        assert!(
            cat.create("banking", &tw, &en, "")
                .unwrap_err()
                .to_string()
                .contains("already")
        );
        let names: Vec<String> = cat
            .list()
            .unwrap()
            .into_iter()
            .map(|e| e.info.name)
            .collect();
        assert_eq!(names, ["Default", "Banking", "Customs / 海关"]);

        let m = cat.open("customs / 海关").unwrap();
        assert_eq!(
            (m.info().source_lang.clone(), m.info().note.as_str()),
            (tw, "HK releases")
        );
        drop(m);
        cat.rename("Banking", "Finance").unwrap();
        assert!(cat.rename("Finance", "default").is_err());
        assert!(cat.rename("Default", "Other").is_err());
        assert!(
            cat.open("Banking")
                .unwrap_err()
                .to_string()
                .contains("no memory named “Banking”")
        );
        assert_eq!(cat.open("finance").unwrap().name(), "Finance");

        assert!(cat.delete("Default").is_err());
        cat.delete("Finance").unwrap();
        assert!(!dir.path().join("memories/banking.sqlite").exists());
        assert_eq!(cat.list().unwrap().len(), 2);
        // A new memory with a taken file name gets another.
        cat.create("Customs", &LangTag::zh_simplified(), &en, "")
            .unwrap();
        cat.create("CUSTOMS", &LangTag::zh_simplified(), &en, "")
            .unwrap_err();
        cat.create("Customs!", &LangTag::zh_simplified(), &en, "")
            .unwrap();
        assert!(dir.path().join("memories/customs-2.sqlite").exists());
        assert_eq!(slug("  "), "memory");
    }
}
