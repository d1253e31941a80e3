//! Term suggestions a person rejected ([`crate::terms`]), remembered in the glossary file so that they are
//! not proposed again — to anyone who shares the file.
//!
//! Main type: [`Rejection`]. Keys are folded with [`fold`], so a rejection made on 兩江新區 also holds for
//! 两江新区, and "Liangjiang new area" for "Liangjiang New Area". A rejection with no English turns the
//! Chinese term down whatever it is paired with ("not a term").

use serde::Serialize;

use super::Glossary;
use crate::glossary::normalize::fold;
use crate::{Error, Result};

/// A rejected suggestion, as the person saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejection {
    /// The Chinese term.
    pub zh: String,
    /// The English term; empty when the Chinese term was rejected with any English.
    pub en: String,
    /// Who rejected it.
    pub author: String,
    /// When (RFC 3339, UTC).
    pub at: String,
}

impl Glossary {
    /// Remembers that the pair `zh` ↔ `en` is not to be suggested again; with `en` `None`, the Chinese term
    /// is not to be suggested with any English. Rejecting twice changes nothing but the date.
    pub fn reject_suggestion(&mut self, zh: &str, en: Option<&str>) -> Result<()> {
        let zh_key = fold(zh);
        if zh_key.is_empty() {
            return Err(Error::Invalid(
                "a rejected suggestion needs its Chinese term".into(),
            ));
        }
        let en = en.map(str::trim).unwrap_or_default();
        let (author, at) = (self.author().to_string(), super::now_rfc3339());
        let tx = self.write_tx()?;
        let done = tx
            .execute(
                "INSERT INTO rejected_suggestion (zh_key, en_key, zh, en, author, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (zh_key, en_key) DO UPDATE
                 SET zh = excluded.zh, en = excluded.en, author = excluded.author, at = excluded.at",
                &[&zh_key, &fold(en), &zh.trim(), &en, &author, &at],
            )
            .and_then(|_| tx.commit());
        done.map_err(|e| self.db_err(e))
    }

    /// Forgets a rejection made with [`Glossary::reject_suggestion`] (the same `zh` and `en`); returns
    /// whether there was one.
    pub fn unreject_suggestion(&mut self, zh: &str, en: Option<&str>) -> Result<bool> {
        let en = en.map(str::trim).unwrap_or_default();
        let tx = self.write_tx()?;
        let done = tx
            .execute(
                "DELETE FROM rejected_suggestion WHERE zh_key = ?1 AND en_key = ?2",
                &[&fold(zh), &fold(en)],
            )
            .and_then(|n| tx.commit().map(|_| n > 0));
        done.map_err(|e| self.db_err(e))
    }

    /// Whether the pair was rejected, itself or through its Chinese term.
    pub fn is_rejected(&self, zh: &str, en: &str) -> Result<bool> {
        self.db
            .query_row(
                "SELECT 1 FROM rejected_suggestion WHERE zh_key = ?1 AND en_key IN (?2, '') LIMIT 1",
                &[&fold(zh), &fold(en)],
                |_| Ok(()),
            )
            .map(|found| found.is_some())
            .map_err(|e| self.db_err(e))
    }

    /// Every rejection, most recent first.
    pub fn rejected_suggestions(&self) -> Result<Vec<Rejection>> {
        self.db
            .query_vec(
                "SELECT zh, en, author, at FROM rejected_suggestion ORDER BY at DESC, zh_key",
                &[],
                |r| {
                    Ok(Rejection {
                        zh: r.get(0)?,
                        en: r.get(1)?,
                        author: r.get(2)?,
                        at: r.get(3)?,
                    })
                },
            )
            .map_err(|e| self.db_err(e))
    }
}

#[cfg(test)]
mod tests {
    use crate::glossary::{Glossary, OpenOptions};

    #[test]
    fn rejections_are_script_blind_and_can_be_undone() {
        let dir = tempfile::tempdir().unwrap();
        let mut g = Glossary::open(dir.path().join("g.sqlite")).unwrap();
        g.reject_suggestion("两江新区", Some("New Area")).unwrap();
        g.reject_suggestion("发展", None).unwrap();
        g.reject_suggestion("兩江新區", Some("new area")).unwrap();
        let cases = [
            ("两江新区", "New Area", true),
            ("兩江新區", "NEW AREA", true),
            ("两江新区", "Liangjiang New Area", false),
            ("发展", "development", true),
            ("發展", "growth", true),
            ("新区", "New Area", false),
        ];
        for (zh, en, want) in cases {
            assert_eq!(g.is_rejected(zh, en).unwrap(), want, "{zh} {en}");
        }
        let all = g.rejected_suggestions().unwrap();
        assert_eq!(all.len(), 2, "{all:?}");
        assert!(all.iter().any(|r| r.zh == "兩江新區" && r.en == "new area"));
        assert!(g.unreject_suggestion("两江新区", Some("New Area")).unwrap());
        assert!(!g.unreject_suggestion("两江新区", Some("New Area")).unwrap());
        assert!(!g.is_rejected("两江新区", "New Area").unwrap());
        assert!(g.reject_suggestion(" ", Some("x")).is_err());
    }

    #[test]
    fn a_read_only_glossary_refuses_to_remember() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.sqlite");
        drop(Glossary::open(&path).unwrap());
        let mut perms = std::fs::metadata(&path).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&path, perms).unwrap();
        let mut g = Glossary::open_with(&path, &OpenOptions::default()).unwrap();
        let err = g.reject_suggestion("发展", None).unwrap_err().to_string();
        assert!(err.contains("read-only"), "{err}");
        assert!(!g.is_rejected("发展", "development").unwrap());
    }
}
