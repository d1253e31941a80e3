//! Export: streams every entry (in id order) into the chosen format, written atomically (a temporary file
//! renamed into place, so a failed or cancelled export never leaves half a file).

use std::io::{self, Write};
use std::path::Path;

use super::tbx_write::{self, Version};
use super::{ExportOptions, Format, table, text};
use crate::glossary::Glossary;
use crate::glossary::model::{Entry, EntryData, Status, Term, TermKind, lang};
use crate::{Error, Progress, Result};

impl Glossary {
    /// Writes every entry (not deleted ones) to `path` in `format`. Returns the number of entries written.
    pub fn export(
        &self,
        path: &Path,
        format: Format,
        options: &ExportOptions,
        progress: &mut dyn Progress,
    ) -> Result<usize> {
        let mut failure: Option<Error> = None;
        let mut written = 0;
        let result = crate::export::write_atomic_with(path, |w| {
            match self.export_to(w, format, options, progress) {
                Ok(n) => {
                    written = n;
                    Ok(())
                }
                Err(e) => {
                    let msg = e.to_string();
                    failure = Some(e);
                    Err(io::Error::other(msg))
                }
            }
        });
        if let Some(e) = failure {
            return Err(e);
        }
        result.map(|_| written)
    }

    /// Writes every entry to `w` in `format` (for exports that do not go to a file).
    pub fn export_to(
        &self,
        w: &mut dyn Write,
        format: Format,
        options: &ExportOptions,
        progress: &mut dyn Progress,
    ) -> Result<usize> {
        let io_err = |e: io::Error| Error::Invalid(format!("cannot write the export: {e}"));
        progress.start(self.count()? as u64, "exporting the glossary");
        let source = self
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut n = 0usize;
        match format {
            Format::Tbx | Format::Tbx3 => {
                let v = if format == Format::Tbx {
                    Version::V2
                } else {
                    Version::V3
                };
                tbx_write::header(w, v, &source).map_err(io_err)?;
                self.for_each_entry(options, progress, |e| {
                    if v == Version::V3 && n == 0 {
                        tbx_write::open_body_v3(w)?;
                    }
                    n += 1;
                    tbx_write::entry(w, v, e, &self.external_id(e.id))
                })?;
                tbx_write::footer(w, v, n > 0).map_err(io_err)?;
            }
            Format::Tsv | Format::Csv => {
                let columns = table::export_columns(&self.present_columns()?);
                let csv = format == Format::Csv;
                let line = |cells: Vec<String>| -> String {
                    let cells: Vec<String> = cells
                        .iter()
                        .map(|c| {
                            if csv {
                                text::csv_field(c)
                            } else {
                                text::tsv_escape(c)
                            }
                        })
                        .collect();
                    cells.join(if csv { "," } else { "\t" }) + if csv { "\r\n" } else { "\n" }
                };
                w.write_all(line(columns.iter().map(|c| c.header()).collect()).as_bytes())
                    .map_err(io_err)?;
                self.for_each_entry(options, progress, |e| {
                    n += 1;
                    let id = self.external_id(e.id);
                    w.write_all(
                        line(
                            columns
                                .iter()
                                .map(|c| table::cell_value(c, e, &id))
                                .collect(),
                        )
                        .as_bytes(),
                    )
                })?;
            }
            Format::Omegat | Format::OmegatCsv => {
                writeln!(
                    w,
                    "# Glossary exported by Duizhao {} from {source}: {} -> {}, comment\n# -*- coding: utf-8 -*-",
                    env!("CARGO_PKG_VERSION"),
                    options.source_lang,
                    options.target_lang
                )
                .map_err(io_err)?;
                self.for_each_entry(options, progress, |e| {
                    n += 1;
                    omegat_lines(w, &e.data, options)
                })?;
            }
        }
        Ok(n)
    }

    /// The (language, kind) pairs used by live entries, for the table columns.
    fn present_columns(&self) -> Result<Vec<(String, TermKind)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT t.lang, t.kind FROM term t JOIN entry e ON e.id = t.entry_id WHERE e.deleted = 0")
            .map_err(|e| self.db_err(e))?;
        stmt.query_map([], |r| {
            let kind: String = r.get(1)?;
            Ok((
                r.get::<_, String>(0)?,
                TermKind::parse(&kind).unwrap_or_default(),
            ))
        })
        .and_then(|rows| rows.collect())
        .map_err(|e| self.db_err(e))
    }

    /// Calls `f` for every live entry in id order, reading entries and terms in two ordered scans.
    pub(crate) fn for_each_entry(
        &self,
        options: &ExportOptions,
        progress: &mut dyn Progress,
        mut f: impl FnMut(&Entry) -> io::Result<()>,
    ) -> Result<()> {
        let db = |e| self.db_err(e);
        let mut entries = self
            .conn
            .prepare(
                "SELECT id, version, domain, pos, note, source, source_date, status, changed_by, changed_at \
                 FROM entry WHERE deleted = 0 ORDER BY id",
            )
            .map_err(db)?;
        let mut terms = self
            .conn
            .prepare(
                "SELECT t.entry_id, t.lang, t.text, t.kind FROM term t JOIN entry e ON e.id = t.entry_id \
                 WHERE e.deleted = 0 ORDER BY t.entry_id, t.seq",
            )
            .map_err(db)?;
        let mut term_rows = terms.query([]).map_err(db)?;
        let mut pending: Option<(i64, Term)> = None;
        let mut rows = entries.query([]).map_err(db)?;
        let mut done = 0u64;
        while let Some(r) = rows.next().map_err(db)? {
            let status: String = r.get(7).map_err(db)?;
            let mut e = Entry {
                id: r.get(0).map_err(db)?,
                version: r.get(1).map_err(db)?,
                data: EntryData {
                    terms: Vec::new(),
                    domain: r.get(2).map_err(db)?,
                    part_of_speech: r.get(3).map_err(db)?,
                    note: r.get(4).map_err(db)?,
                    source: r.get(5).map_err(db)?,
                    source_date: r.get(6).map_err(db)?,
                    status: Status::parse(&status).unwrap_or_default(),
                },
                changed_by: r.get(8).map_err(db)?,
                changed_at: r.get(9).map_err(db)?,
                deleted: false,
            };
            loop {
                if pending.is_none() {
                    pending = match term_rows.next().map_err(db)? {
                        Some(t) => {
                            let kind: String = t.get(3).map_err(db)?;
                            Some((
                                t.get(0).map_err(db)?,
                                Term {
                                    lang: t.get(1).map_err(db)?,
                                    text: t.get(2).map_err(db)?,
                                    kind: TermKind::parse(&kind).unwrap_or_default(),
                                },
                            ))
                        }
                        None => break,
                    };
                }
                match pending.take() {
                    Some((id, t)) if id == e.id => e.data.terms.push(t),
                    Some((id, _)) if id < e.id => {}
                    other => {
                        pending = other;
                        break;
                    }
                }
            }
            if !(options.skip_deprecated && e.data.status == Status::Deprecated) {
                f(&e).map_err(|err| Error::Invalid(format!("cannot write the export: {err}")))?;
            }
            done += 1;
            if done % 1000 == 0 && !progress.advance(1000) {
                return Err(Error::Cancelled);
            }
        }
        progress.advance(done % 1000);
        Ok(())
    }
}

/// OmegaT lines for one entry: each source-language form (Simplified, and the Traditional forms when the
/// source is Chinese) against the preferred target term; the note and abbreviations as the comment.
fn omegat_lines(w: &mut dyn Write, d: &EntryData, options: &ExportOptions) -> io::Result<()> {
    let Some(target) = d.preferred(&options.target_lang) else {
        return Ok(());
    };
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let mut comment: Vec<String> = d
        .terms
        .iter()
        .filter(|t| t.kind == TermKind::Abbreviation)
        .map(|t| format!("{}: {}", t.lang, t.text))
        .collect();
    if !d.note.is_empty() {
        comment.push(d.note.clone());
    }
    if d.status != Status::Approved {
        comment.push(format!("status: {}", d.status));
    }
    let comment = clean(&comment.join("; "));
    let mut sources: Vec<&str> = d
        .terms_in(&options.source_lang)
        .filter(|t| t.kind != TermKind::Forbidden)
        .map(|t| t.text.as_str())
        .collect();
    if options.source_lang == lang::ZH_HANS {
        for l in [lang::ZH_HANT, lang::ZH_HK] {
            sources.extend(
                d.terms_in(l)
                    .filter(|t| t.kind != TermKind::Forbidden)
                    .map(|t| t.text.as_str()),
            );
        }
    }
    let mut seen = Vec::new();
    for s in sources {
        if seen.contains(&s) {
            continue;
        }
        seen.push(s);
        writeln!(w, "{}\t{}\t{}", clean(s), clean(target), comment)?;
    }
    Ok(())
}
