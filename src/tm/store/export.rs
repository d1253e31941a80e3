//! Exporting a memory, whole or the units a [`UnitFilter`] takes: TMX 1.4b (every CAT tool reads it) or
//! OmegaT's tab-separated glossary form (`source<TAB>target<TAB>comment`, UTF-8, one unit a line).
//!
//! Units are read a page at a time and written as they come ([`TmxWriter`]), so a million-unit export
//! holds a page, not the memory; the file is written to a temporary name and renamed into place.

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::table::UnitFilter;
use super::{Memory, MemoryUnit};
use crate::progress::Progress;
use crate::tm::lang::LangStyle;
use crate::tm::tmx::{TmxHeader, TmxWriter};
use crate::{Error, Result};

/// The file format of an export.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExportFormat {
    /// TMX 1.4b.
    #[default]
    Tmx,
    /// OmegaT's tab-separated form: source, target, comment (the unit's origin).
    OmegatTsv,
}

/// What an export wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportSummary {
    /// Units written.
    pub written: usize,
    /// Units left out (a side with no text XML can carry).
    pub skipped: usize,
}

/// Units read per page.
const PAGE: usize = 1000;

impl Memory {
    /// Writes the units `filter` takes to `path` (atomically), Chinese tags spelled by `style`.
    pub fn export(
        &self,
        path: &Path,
        format: ExportFormat,
        filter: &UnitFilter,
        style: LangStyle,
        progress: &mut dyn Progress,
    ) -> Result<ExportSummary> {
        let mut outcome: Option<Result<ExportSummary>> = None;
        let written = crate::export::write_atomic_with(path, |w| {
            let result = self.export_to(w, path, format, filter, style, progress);
            let failed = result.is_err();
            outcome = Some(result);
            if failed {
                // Any error aborts the file; the real one is returned below.
                return Err(std::io::Error::other("export failed"));
            }
            Ok(())
        });
        match (outcome, written) {
            (Some(Err(e)), _) => Err(e),
            (_, Err(e)) => Err(e),
            (Some(Ok(s)), Ok(())) => Ok(s),
            (None, Ok(())) => Ok(ExportSummary::default()),
        }
    }

    /// Writes the units `filter` takes into `w`; `name` labels the output in messages.
    pub fn export_to(
        &self,
        w: &mut dyn Write,
        name: &Path,
        format: ExportFormat,
        filter: &UnitFilter,
        style: LangStyle,
        progress: &mut dyn Progress,
    ) -> Result<ExportSummary> {
        let ids = self.unit_ids(filter)?;
        progress.start(ids.len() as u64, "Exporting the memory");
        let io = |e: std::io::Error| Error::io(name, e);
        let mut each = |unit: &mut dyn FnMut(&MemoryUnit) -> std::io::Result<()>| -> Result<()> {
            for page in ids.chunks(PAGE) {
                for u in self.rows(page)? {
                    unit(&u).map_err(io)?;
                }
                if !progress.advance(page.len() as u64) {
                    return Err(Error::Cancelled);
                }
            }
            Ok(())
        };
        match format {
            ExportFormat::Tmx => {
                let mut header = TmxHeader::new(self.info.source_lang.clone());
                header.lang_style = style;
                let mut out = TmxWriter::begin(w, &header).map_err(io)?;
                each(&mut |u| out.unit(&u.unit))?;
                let s = out.finish().map_err(io)?;
                Ok(ExportSummary {
                    written: s.written,
                    skipped: s.skipped_empty,
                })
            }
            ExportFormat::OmegatTsv => {
                let mut written = 0;
                each(&mut |u| {
                    written += 1;
                    writeln!(
                        w,
                        "{}\t{}\t{}",
                        tsv_field(&u.unit.source.text),
                        tsv_field(&u.unit.target.text),
                        tsv_field(&u.origin_detail)
                    )
                })?;
                Ok(ExportSummary {
                    written,
                    skipped: 0,
                })
            }
        }
    }
}

/// A field of a tab-separated line: tabs and line breaks inside it become spaces.
fn tsv_field(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::super::tests::memory_with;
    use super::*;
    use crate::NoProgress;

    #[test]
    fn exports_take_the_filter_and_both_formats() {
        let m = memory_with(&[
            ("两江新区位于重庆。", "Liangjiang is in Chongqing."),
            ("寸滩港区。", "Cuntan\tport area."),
        ]);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.tmx");
        let filter = UnitFilter {
            text: Some("重慶".into()),
            ..UnitFilter::default()
        };
        let s = m
            .export(
                &path,
                ExportFormat::Tmx,
                &filter,
                LangStyle::Region,
                &mut NoProgress,
            )
            .unwrap();
        assert_eq!(s.written, 1);
        let back = crate::tm::tmx::read(&path, &mut NoProgress).unwrap();
        assert_eq!(back.units.len(), 1);
        assert_eq!(
            back.header.srclang.as_ref().map(|l| l.as_str()),
            Some("zh-CN")
        );
        assert_eq!(back.units[0].creation_id.as_deref(), Some("lin"));

        let tsv = dir.path().join("out.tsv");
        let s = m
            .export(
                &tsv,
                ExportFormat::OmegatTsv,
                &UnitFilter::default(),
                LangStyle::Region,
                &mut NoProgress,
            )
            .unwrap();
        assert_eq!(s.written, 2);
        let text = std::fs::read_to_string(&tsv).unwrap();
        assert_eq!(
            text,
            "两江新区位于重庆。\tLiangjiang is in Chongqing.\t\n寸滩港区。\tCuntan port area.\t\n"
        );
    }
}
