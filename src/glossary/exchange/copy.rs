//! Copying one glossary into another (`glossary push` to a team server, `glossary pull` from it): the
//! source is exported as TBX in memory and imported into the target in one transaction, with the
//! import's rules. An entry the target has already (two languages' terms in common) gains what is new;
//! one that contradicts the target's is listed as conflicting and left as the target has it, so nothing
//! is overwritten without the person seeing it (`overwrite` applies them, as `glossary import
//! --overwrite` does).

use super::{ExportOptions, Format, ImportOptions, ImportReport};
use crate::glossary::Glossary;
use crate::{Progress, Result};

impl Glossary {
    /// Copies every live entry of `self` into `target`; returns the import's report (rows in `self`'s
    /// entry order). All of it lands or none.
    pub fn copy_into(
        &self,
        target: &mut Glossary,
        overwrite: bool,
        progress: &mut dyn Progress,
    ) -> Result<ImportReport> {
        let mut tbx = Vec::new();
        self.export_to(&mut tbx, Format::Tbx, &ExportOptions::default(), progress)?;
        let options = ImportOptions {
            format: Some(Format::Tbx),
            overwrite,
            ..ImportOptions::default()
        };
        let name = self.path().to_path_buf();
        target.import_bytes(&name, &tbx, &options, progress)
    }
}

#[cfg(test)]
mod tests {
    use crate::NoProgress;
    use crate::glossary::exchange::Outcome;
    use crate::glossary::{EntryData, Glossary, Term};

    fn pair(en: &str, zh: &str) -> EntryData {
        EntryData {
            terms: vec![Term::main("en", en), Term::main("zh-Hans", zh)],
            ..Default::default()
        }
    }

    #[test]
    fn a_copy_adds_what_is_new_and_lists_what_contradicts() {
        let dir = tempfile::tempdir().unwrap();
        let mut mine = Glossary::open(dir.path().join("mine.sqlite")).unwrap();
        let mut team = Glossary::open(dir.path().join("team.sqlite")).unwrap();
        mine.add(pair("bonded port area", "保税港区")).unwrap();
        let mut contra = pair("sister city", "友好城市");
        contra.note = "mine".into();
        mine.add(contra).unwrap();
        let mut theirs = pair("sister city", "友好城市");
        theirs.note = "the team's".into();
        team.add(theirs).unwrap();

        let report = mine.copy_into(&mut team, false, &mut NoProgress).unwrap();
        let outcomes: Vec<Outcome> = report.rows.iter().map(|r| r.outcome).collect();
        assert_eq!(
            outcomes,
            vec![Outcome::Added, Outcome::Conflicting],
            "{report:?}"
        );
        assert_eq!(team.count().unwrap(), 2);
        let kept = team.list(0, 10).unwrap();
        assert!(
            kept.iter().any(|e| e.data.note == "the team's"),
            "not overwritten"
        );
        // Copied again: nothing new.
        let again = mine.copy_into(&mut team, false, &mut NoProgress).unwrap();
        assert_eq!(again.batch, None);
    }
}
