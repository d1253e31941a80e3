//! Import and export: TSV and CSV with a header row, OmegaT's header-less tab format, TBX v2 (TBX-Basic,
//! the default export: OmegaT and translate-toolkit read it) and TBX v3 (TBX-Basic dialect, DCA style).
//!
//! Import parses the whole file first (a malformed file is rejected with the line before anything is
//! written), then applies every row in one transaction ([`ImportReport`] lists rows added, updated,
//! skipped and conflicting with their line numbers). Cancelling or any error rolls everything back.

mod apply;
mod bulk;
mod copy;
mod table;
mod tbx_read;
mod tbx_write;
mod text;
mod write;
mod xml;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::glossary::model::{EntryData, EntryId, lang};
use crate::limits::{self, MAX_TERMS_PER_ENTRY, MAX_WARNINGS};
use crate::{Error, Result};

/// A glossary file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Tab-separated with a header row naming the columns.
    Tsv,
    /// Comma-separated (RFC 4180) with a header row.
    Csv,
    /// OmegaT's glossary: `source<TAB>target<TAB>comment`, no header, `#` comments.
    Omegat,
    /// OmegaT-style CSV without a header (source, target, comment). Import only.
    OmegatCsv,
    /// TBX v2 (`<martif>`), TBX-Basic.
    Tbx,
    /// TBX v3 (ISO 30042:2019), TBX-Basic dialect, DCA style.
    Tbx3,
}

impl Format {
    /// Parses a format name as the CLI takes it (`tbx`, `tbx2`, `tbx3`, `tsv`, `csv`, `omegat`).
    pub fn parse(name: &str) -> Option<Format> {
        Some(match name.trim().to_ascii_lowercase().as_str() {
            "tbx" | "tbx2" | "tbx-basic" => Format::Tbx,
            "tbx3" => Format::Tbx3,
            "tsv" | "tab" => Format::Tsv,
            "csv" => Format::Csv,
            "omegat" | "omegat-tsv" | "txt" => Format::Omegat,
            _ => return None,
        })
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Tsv => "tsv",
            Format::Csv | Format::OmegatCsv => "csv",
            Format::Omegat => "txt",
            Format::Tbx | Format::Tbx3 => "tbx",
        }
    }

    /// Guesses the format of a file from its name and first bytes: XML is TBX; `.csv` is CSV; anything
    /// else is tab-separated. Whether a table has a header is decided when it is read.
    pub fn detect(path: &Path, bytes: &[u8]) -> Format {
        let head: String = String::from_utf8_lossy(&bytes[..bytes.len().min(512)])
            .chars()
            .filter(|c| *c != '\0' && *c != '\u{feff}')
            .collect();
        if head.trim_start().starts_with('<') {
            return Format::Tbx;
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match ext.as_str() {
            "tbx" | "xml" => Format::Tbx,
            "csv" => Format::Csv,
            _ => Format::Tsv,
        }
    }
}

/// How to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The format; `None` detects it (TBX v2 or v3 by the root element, header or OmegaT by the first row).
    pub format: Option<Format>,
    /// Language of the first column of a header-less (OmegaT) file. Default `zh-Hans`.
    pub source_lang: String,
    /// Language of the second column of a header-less (OmegaT) file. Default `en`.
    pub target_lang: String,
    /// Apply conflicting rows too, overwriting what differs (default false: they are reported, not applied).
    pub overwrite: bool,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            format: None,
            source_lang: lang::ZH_HANS.to_string(),
            target_lang: lang::EN.to_string(),
            overwrite: false,
        }
    }
}

/// How to export.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// For OmegaT's format: the source language (its first column). Default `zh-Hans`; the Traditional
    /// forms are written as extra lines so that Traditional source texts find them too.
    pub source_lang: String,
    /// For OmegaT's format: the target language. Default `en`.
    pub target_lang: String,
    /// Leave out deprecated entries (default false).
    pub skip_deprecated: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            source_lang: lang::ZH_HANS.to_string(),
            target_lang: lang::EN.to_string(),
            skip_deprecated: false,
        }
    }
}

/// What happened to one row of an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// A new entry was made.
    Added,
    /// An existing entry was changed (filled in, or replaced by a newer export of it).
    Updated,
    /// Nothing to do (already present) or the row is unusable (the message says why).
    Skipped,
    /// The row disagrees with an entry changed since (not applied unless `overwrite`).
    Conflicting,
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Outcome::Added => "added",
            Outcome::Updated => "updated",
            Outcome::Skipped => "skipped",
            Outcome::Conflicting => "conflicting",
        })
    }
}

/// One row's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowReport {
    /// 1-based line of the row (of the entry's start tag in TBX).
    pub line: usize,
    /// What happened.
    pub outcome: Outcome,
    /// The entry added, updated or matched.
    pub entry: Option<EntryId>,
    /// Why (empty for plain additions).
    pub message: String,
}

/// The result of an import.
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    /// The file imported.
    pub path: PathBuf,
    /// Its format.
    pub format: Format,
    /// Every row's outcome, in file order.
    pub rows: Vec<RowReport>,
    /// Notes about the file that did not stop the import (unknown columns, values outside a picklist).
    pub warnings: Vec<(usize, String)>,
    /// The history batch of this import (pass it to [`crate::glossary::Glossary::revert_batch`] to undo
    /// the import); `None` if nothing changed.
    pub batch: Option<i64>,
}

impl ImportReport {
    /// How many rows had this outcome.
    pub fn count(&self, outcome: Outcome) -> usize {
        self.rows.iter().filter(|r| r.outcome == outcome).count()
    }

    /// One line: `added 3, updated 1, skipped 2, conflicting 0`.
    pub fn summary(&self) -> String {
        format!(
            "added {}, updated {}, skipped {}, conflicting {}",
            self.count(Outcome::Added),
            self.count(Outcome::Updated),
            self.count(Outcome::Skipped),
            self.count(Outcome::Conflicting)
        )
    }
}

/// A row read from a file, before it meets the database.
#[derive(Debug, Clone, Default)]
pub(crate) struct Row {
    pub line: usize,
    pub data: EntryData,
    /// The id as written (ours look like `g<uid>-<n>`).
    pub id: Option<String>,
    pub version: Option<i64>,
    pub changed_at: Option<String>,
    /// Why the row cannot be used, found while reading.
    pub problem: Option<String>,
}

impl Row {
    pub fn new(line: usize) -> Row {
        Row {
            line,
            ..Row::default()
        }
    }
}

/// A whole file read.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub format: Format,
    pub rows: Vec<Row>,
    pub warnings: Vec<(usize, String)>,
    /// Warnings past [`MAX_WARNINGS`], counted and not kept.
    more_warnings: usize,
}

impl Parsed {
    /// Keeps a warning, or counts it once [`MAX_WARNINGS`] are kept.
    pub fn warn(&mut self, line: usize, message: String) {
        if self.warnings.len() < MAX_WARNINGS {
            self.warnings.push((line, message));
        } else {
            self.more_warnings += 1;
        }
    }

    /// Refuses rows of more terms than [`MAX_TERMS_PER_ENTRY`] (each is skipped with the reason; the
    /// report names the file and the line), and adds a last warning counting those not kept.
    fn finish(&mut self) {
        for row in &mut self.rows {
            let n = row.data.terms.len();
            if n > MAX_TERMS_PER_ENTRY && row.problem.is_none() {
                row.problem = Some(limits::exceeded(
                    &format!("this entry has {n} terms"),
                    &format!("{MAX_TERMS_PER_ENTRY} terms per entry"),
                ));
                // Nothing else reads them; dropping them keeps the rest of the import small.
                row.data.terms = Vec::new();
            }
        }
        if self.more_warnings > 0 {
            let last = self.warnings.last().map_or(0, |w| w.0);
            self.warnings.push((
                last,
                format!(
                    "{} more warnings not shown (the first {MAX_WARNINGS} are)",
                    self.more_warnings
                ),
            ));
        }
    }
}

/// Reads a glossary file into rows without touching any database (also a dry run for the GUI).
pub(crate) fn parse(path: &Path, bytes: &[u8], options: &ImportOptions) -> Result<Parsed> {
    let format = options
        .format
        .unwrap_or_else(|| Format::detect(path, bytes));
    let mut parsed = Parsed {
        format,
        rows: Vec::new(),
        warnings: Vec::new(),
        more_warnings: 0,
    };
    for (what, tag) in [
        ("source", &options.source_lang),
        ("target", &options.target_lang),
    ] {
        if lang::canonical(tag).as_deref() != Some(tag.as_str()) {
            return Err(Error::Invalid(format!(
                "the {what} language '{tag}' is not a canonical language tag (try en, zh-Hans, zh-Hant)"
            )));
        }
    }
    match format {
        Format::Tbx | Format::Tbx3 => {
            tbx_read::read(path, bytes, &mut parsed)?;
            let is_v3 = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).contains("<tbx");
            parsed.format = if is_v3 { Format::Tbx3 } else { Format::Tbx };
        }
        Format::Tsv | Format::Csv | Format::Omegat | Format::OmegatCsv => {
            let text = text::decode_text(path, bytes)?;
            let comma = matches!(format, Format::Csv | Format::OmegatCsv);
            let records = if comma {
                text::csv_records(path, &text)?
            } else {
                text::tsv_records(&text)
            };
            let header = match format {
                Format::Omegat | Format::OmegatCsv => None,
                _ => records
                    .first()
                    .and_then(|(_, cells)| table::parse_header(cells)),
            };
            match header {
                Some((columns, unknown)) => {
                    let line = records[0].0;
                    for u in unknown {
                        parsed.warn(line, format!("unknown column '{u}' ignored"));
                    }
                    table::rows_with_header(&records[1..], &columns, !comma, &mut parsed);
                }
                None => {
                    parsed.format = if comma {
                        Format::OmegatCsv
                    } else {
                        Format::Omegat
                    };
                    table::rows_omegat(&records, options, &mut parsed);
                }
            }
        }
    }
    parsed.finish();
    Ok(parsed)
}

#[cfg(test)]
mod tests;
