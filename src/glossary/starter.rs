//! The starter trade glossary (`glossary/trade.tsv` at the repository root, UTF-8 TSV with a header),
//! embedded in the binary and loaded into a new user's glossary by [`Glossary::open_or_create`]. It is an
//! ordinary import, so the same file can be re-imported later (rows already present are skipped).

use std::path::Path;

use crate::glossary::Glossary;
use crate::glossary::exchange::{Format, ImportOptions, ImportReport, Outcome};
use crate::{Error, NoProgress, Result};

/// The starter glossary as shipped.
pub const STARTER_TSV: &str = include_str!("../../glossary/trade.tsv");

/// Name recorded as the author of the starter entries.
const AUTHOR: &str = "Duizhao starter glossary";

/// Imports the starter glossary into `g`.
pub fn import_starter(g: &mut Glossary) -> Result<ImportReport> {
    let previous = g.author().to_string();
    g.set_author(AUTHOR);
    let options = ImportOptions {
        format: Some(Format::Tsv),
        ..ImportOptions::default()
    };
    let report = g.import_bytes(
        Path::new("glossary/trade.tsv"),
        STARTER_TSV.as_bytes(),
        &options,
        &mut NoProgress,
    );
    g.set_author(&previous);
    report
}

/// Seeds a new glossary; a starter row that does not import is a bug in the shipped file.
pub(crate) fn seed(g: &mut Glossary) -> Result<()> {
    let report = import_starter(g)?;
    if let Some(bad) = report.rows.iter().find(|r| r.outcome != Outcome::Added) {
        return Err(Error::format(
            "glossary/trade.tsv",
            Some(bad.line),
            format!("starter glossary row not added: {}", bad.message),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::lang;

    #[test]
    fn starter_glossary_imports_completely_and_reimports_as_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let mut g = Glossary::open_or_create(dir.path().join("sub/g.sqlite")).unwrap();
        let n = g.count().unwrap();
        assert!(n >= 300, "{n} entries");
        let again = import_starter(&mut g).unwrap();
        assert_eq!(
            again.count(Outcome::Skipped),
            n,
            "{:?}",
            again.rows.iter().find(|r| r.outcome != Outcome::Skipped)
        );
        assert_eq!(g.count().unwrap(), n);
        for e in g.list(0, n).unwrap() {
            let d = &e.data;
            assert!(
                d.preferred(lang::EN).is_some()
                    && d.preferred(lang::ZH_HANS).is_some()
                    && d.preferred(lang::ZH_HANT).is_some(),
                "{d:?}"
            );
            assert!(!d.domain.is_empty(), "{d:?}");
        }
        assert!(
            g.duplicates().unwrap().is_empty(),
            "{:?}",
            g.duplicates().unwrap()
        );
    }
}
