//! The Chinese and English sentences of a release for `align` and `terms`: two files or one file holding
//! both versions, read as running text (decoded, optionally cleaned, segmented) or with `--pre-segmented`
//! one sentence per line.
//!
//! Main items: [`Sentences`] and [`read`].

use anyhow::{Result, bail};
use duizhao::document::{Document, Side};

use crate::clean_flags::{CleanFlags, CleanReportKind, report_to_stderr};
use crate::io;

/// Both versions' sentences, and the sentences that start a paragraph.
pub struct Sentences {
    /// Chinese sentences.
    pub zh: Vec<String>,
    /// English sentences.
    pub en: Vec<String>,
    /// Indices of the Chinese sentences that start a paragraph (empty when pre-segmented).
    pub zh_paragraphs: Vec<usize>,
    /// Indices of the English sentences that start a paragraph (empty when pre-segmented).
    pub en_paragraphs: Vec<usize>,
}

/// Reads the Chinese document `zh` and the English one `en` (or both versions from `zh` when `en` is
/// `None`), each cleaned first with --clean and the cleaning reported as `report` says.
pub fn read(
    zh: &str,
    en: Option<&str>,
    pre_segmented: bool,
    encoding: Option<&str>,
    clean: &CleanFlags,
    report: CleanReportKind,
) -> Result<Sentences> {
    if zh == "-" && en == Some("-") {
        bail!("only one of the two documents can come from standard input");
    }
    if pre_segmented {
        let Some(en_path) = en else {
            bail!("--pre-segmented needs two files, the Chinese one and the English one");
        };
        if clean.clean {
            bail!("--clean works on running text: leave out --pre-segmented");
        }
        let zh_text = io::read_text(zh, encoding)?.text;
        let en_text = io::read_text(en_path, encoding)?.text;
        return Ok(Sentences {
            zh: lines(&zh_text).into_iter().map(str::to_string).collect(),
            en: lines(&en_text).into_iter().map(str::to_string).collect(),
            zh_paragraphs: Vec::new(),
            en_paragraphs: Vec::new(),
        });
    }
    // Running text: the document core decodes, extracts and segments it (cleaned first with --clean);
    // paragraph starts keep beads from running across paragraphs.
    let (zh_doc, en_doc) = documents(zh, en, encoding, clean, report)?;
    let (zh, zh_paragraphs) = sentences(&zh_doc);
    let (en, en_paragraphs) = sentences(&en_doc);
    Ok(Sentences {
        zh,
        en,
        zh_paragraphs,
        en_paragraphs,
    })
}

/// The Chinese and the English document: two files, or the two language versions of one; each cleaned
/// first with --clean (a one-file release is cleaned whole, then split).
fn documents(
    zh_path: &str,
    en_path: Option<&str>,
    encoding: Option<&str>,
    clean: &CleanFlags,
    report: CleanReportKind,
) -> Result<(Document, Document)> {
    let open = |path: &str| -> Result<Document> {
        let doc = crate::document_input::open(path, encoding)?;
        let (doc, cleaned) = clean.apply(doc)?;
        report_to_stderr(report, io::display_name(path), cleaned.as_ref());
        Ok(doc)
    };
    let zh = open(zh_path)?;
    match en_path {
        Some(en) => Ok((zh, open(en)?)),
        None => {
            let parts = zh
                .part_document(Side::Chinese)
                .zip(zh.part_document(Side::English));
            let name = io::display_name(zh_path);
            if let (None, Some((a, b))) = (&parts, zh.chinese_scripts()) {
                bail!(
                    "{name} holds Chinese in two scripts ({a} and {b}) but no English version, so there is \
                     no Chinese/English pair to align: give the English version as a second file"
                );
            }
            parts.ok_or_else(|| {
                anyhow::anyhow!(
                    "{name} holds one language version only ({}): give the other version as a second file",
                    zh.main_lang()
                )
            })
        }
    }
}

/// A document's sentences and the indices of the sentences that start a paragraph.
fn sentences(doc: &Document) -> (Vec<String>, Vec<usize>) {
    let mut out = Vec::new();
    let mut starts = Vec::new();
    for p in &doc.paragraphs {
        starts.push(out.len());
        out.extend(
            p.sentences
                .iter()
                .map(|s| doc.span_text(&s.span).trim().to_string()),
        );
    }
    (out, starts)
}

/// Lines of a pre-segmented file: every line is a sentence (blank ones too, so ids stay line numbers),
/// except a final empty line after the last newline.
fn lines(text: &str) -> Vec<&str> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    if text.is_empty() {
        return Vec::new();
    }
    text.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect()
}
