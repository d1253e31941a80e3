//! Export: streams every entry (in id order) into the chosen format, written atomically (a temporary file
//! renamed into place, so a failed or cancelled export never leaves half a file).

use std::io::{self, Write};
use std::path::Path;

use super::tbx_write::{self, Version};
use super::{ExportOptions, Format, table, text};
use crate::glossary::Glossary;
use crate::glossary::model::{Entry, EntryData, Status, Term, TermKind, lang};
use crate::glossary::store::{ENTRY_COLUMNS, entry_from_row};
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
        self.db
            .query_vec(
                "SELECT DISTINCT t.lang, t.kind FROM term t JOIN entry e ON e.id = t.entry_id \
                 WHERE e.deleted = 0",
                &[],
                |r| {
                    let kind: String = r.get(1)?;
                    Ok((
                        r.get::<String>(0)?,
                        TermKind::parse(&kind).unwrap_or_default(),
                    ))
                },
            )
            .map_err(|e| self.db_err(e))
    }

    /// Calls `f` for every live entry in id order, reading a page of entries and then their terms, so
    /// that memory stays bounded and only one query is open at a time (a server connection has one).
    pub(crate) fn for_each_entry(
        &self,
        options: &ExportOptions,
        progress: &mut dyn Progress,
        mut f: impl FnMut(&Entry) -> io::Result<()>,
    ) -> Result<()> {
        const PAGE: i64 = 2_000;
        let db = |e| self.db_err(e);
        let mut after: i64 = 0;
        let mut done = 0u64;
        loop {
            let mut page: Vec<Entry> = self
                .db
                .query_vec(
                    &format!(
                        "SELECT {ENTRY_COLUMNS} FROM entry WHERE deleted = 0 AND id > ?1 \
                         ORDER BY id LIMIT ?2"
                    ),
                    &[&after, &PAGE],
                    entry_from_row,
                )
                .map_err(db)?;
            let (Some(first), Some(last)) = (page.first(), page.last()) else {
                break;
            };
            let (first_id, last_id) = (first.id, last.id);
            let mut at = 0;
            self.db
                .for_each(
                    "SELECT entry_id, lang, text, kind FROM term WHERE entry_id BETWEEN ?1 AND ?2 \
                     ORDER BY entry_id, seq",
                    &[&first_id, &last_id],
                    |r| {
                        let id: i64 = r.get(0)?;
                        while at < page.len() && page[at].id < id {
                            at += 1;
                        }
                        if at < page.len() && page[at].id == id {
                            let kind: String = r.get(3)?;
                            page[at].data.terms.push(Term {
                                lang: r.get(1)?,
                                text: r.get(2)?,
                                kind: TermKind::parse(&kind).unwrap_or_default(),
                            });
                        }
                        Ok(())
                    },
                )
                .map_err(db)?;
            after = last_id;
            for e in &page {
                if !(options.skip_deprecated && e.data.status == Status::Deprecated) {
                    f(e).map_err(|err| Error::Invalid(format!("cannot write the export: {err}")))?;
                }
                done += 1;
                if done % 1000 == 0 && !progress.advance(1000) {
                    return Err(Error::Cancelled);
                }
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
