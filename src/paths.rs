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

/// The name of the person using Duizhao, recorded as the author of glossary and memory changes: the login
/// name from the environment (`USER`, `LOGNAME`, `USERNAME`), else the account of the process's user id
/// in `/etc/passwd` (a service or a minimal session may set none of those variables), else the numeric
/// user id; "unknown" only where none of that can be read.
pub fn login_name() -> String {
    let from_env = ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|n| !n.trim().is_empty());
    if let Some(name) = from_env {
        return name.trim().to_string();
    }
    account_name().unwrap_or_else(|| "unknown".to_string())
}

/// The account name of this process's user, from the owner of `/proc/self` and `/etc/passwd`.
#[cfg(unix)]
fn account_name() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let uid = std::fs::metadata("/proc/self").ok()?.uid();
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    Some(account_in_passwd(&passwd, uid).unwrap_or_else(|| format!("uid {uid}")))
}

#[cfg(not(unix))]
fn account_name() -> Option<String> {
    None
}

/// The name of user `uid` in the text of an `/etc/passwd` file.
#[cfg_attr(not(unix), allow(dead_code))]
fn account_in_passwd(passwd: &str, uid: u32) -> Option<String> {
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        let id: u32 = fields.nth(1)?.parse().ok()?;
        (id == uid && !name.is_empty()).then(|| name.to_string())
    })
}

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
    fn accounts_are_read_from_passwd_lines() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\n\
                      # a comment\n\
                      lin:x:1000:1000:Lin Wei,,,:/home/lin:/bin/bash\n";
        assert_eq!(account_in_passwd(passwd, 1000).as_deref(), Some("lin"));
        assert_eq!(account_in_passwd(passwd, 0).as_deref(), Some("root"));
        assert_eq!(account_in_passwd(passwd, 7), None);
    }

    #[test]
    fn explicit_folder_is_created_and_used() {
        let tmp = tempfile::tempdir().unwrap();
        let want = tmp.path().join("a/b");
        assert_eq!(data_dir(Some(&want)).unwrap(), want);
        assert!(want.is_dir());
    }
}
