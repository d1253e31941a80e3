//! `duizhao-cli info FILE [--json]`: encoding, languages, paragraph and sentence counts, and whether the
//! file holds two versions (and in which layout).

use anyhow::Result;
use duizhao::document::{Document, Layout, Versions};
use serde_json::json;

use crate::document_input;

/// Arguments of `info`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file to inspect (`-` for standard input).
    file: String,
    /// Decode with this encoding instead of detecting it (utf-8, gbk, gb18030, big5, utf-16le, ...).
    #[arg(long)]
    encoding: Option<String>,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

/// Runs `info`.
pub fn run(args: Args) -> Result<()> {
    let doc = document_input::open(&args.file, args.encoding.as_deref())?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&summary(&doc))?);
    } else {
        print!("{}", text_summary(&doc));
    }
    Ok(())
}

fn encoding_label(doc: &Document) -> String {
    doc.encoding.map_or_else(
        || "UTF-8 (inside .docx)".to_string(),
        |e| e.name().to_string(),
    )
}

/// The two versions as JSON: layout, languages in order, and where the second half starts.
pub fn versions_json(v: &Versions) -> serde_json::Value {
    let mut value = json!({
        "layout": v.layout.key(),
        "first": v.first.tag(),
        "second": v.second.tag(),
    });
    if let Layout::Halves { split } = v.layout {
        value["split_paragraph"] = json!(split);
    }
    value
}

fn summary(doc: &Document) -> serde_json::Value {
    json!({
        "file": doc.name,
        "format": doc.format,
        "encoding": encoding_label(doc),
        "encoding_source": doc.encoding_source,
        "replaced_bytes": doc.replacements,
        "languages": doc.languages().iter().map(|l| l.tag()).collect::<Vec<_>>(),
        "paragraphs": doc.paragraphs.len(),
        "sentences": doc.sentence_count(),
        "characters": doc.text.chars().count(),
        "two_languages": doc.versions.is_some(),
        "versions": doc.versions.as_ref().map(versions_json),
    })
}

fn text_summary(doc: &Document) -> String {
    let langs: Vec<&str> = doc.languages().iter().map(|l| l.tag()).collect();
    let mut out = format!(
        "file:        {}\nformat:      {}\nencoding:    {} ({:?})\nlanguages:   {}\nparagraphs:  {}\nsentences:   {}\n",
        doc.name,
        doc.format.label(),
        encoding_label(doc),
        doc.encoding_source,
        langs.join(", "),
        doc.paragraphs.len(),
        doc.sentence_count(),
    );
    match doc.versions {
        Some(v) => {
            out.push_str(&format!("two versions: yes ({})", v.describe()));
            if let Layout::Halves { split } = v.layout {
                out.push_str(&format!(
                    " — paragraphs 1–{split}, then {}–{}",
                    split + 1,
                    doc.paragraphs.len()
                ));
            }
            out.push('\n');
        }
        None => match doc.chinese_scripts() {
            Some((a, b)) => out.push_str(&format!(
                "two versions: no Chinese/English pair (Chinese in {a} and in {b}, no English)\n"
            )),
            None => out.push_str("two versions: no\n"),
        },
    }
    if doc.replacements > 0 {
        out.push_str(&format!(
            "replaced:    {} invalid byte sequence(s)\n",
            doc.replacements
        ));
    }
    out
}
