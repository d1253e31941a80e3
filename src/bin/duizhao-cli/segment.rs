//! `duizhao-cli segment FILE [--json]`: one sentence per line, or JSON with spans and languages.

use std::io::Write;

use anyhow::Result;
use serde_json::json;

use crate::clean_flags::{CleanFlags, CleanReportKind, report_json, report_to_stderr};
use crate::document_input;

/// Arguments of `segment`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file to segment (`-` for standard input).
    file: String,
    /// Decode with this encoding instead of detecting it.
    #[arg(long)]
    encoding: Option<String>,
    /// Print JSON: paragraphs with their sentences, byte spans (in the decoded text) and languages.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    clean: CleanFlags,
    /// How --clean's changes are reported: a summary on standard error, JSON (inside the --json output as
    /// "cleaning", else on standard error), or nothing.
    #[arg(long, value_enum, default_value_t = CleanReportKind::Summary)]
    report: CleanReportKind,
}

/// Runs `segment`.
pub fn run(args: Args) -> Result<()> {
    let doc = document_input::open(&args.file, args.encoding.as_deref())?;
    let (doc, cleaned) = args.clean.apply(doc)?;
    let name = crate::io::display_name(&args.file);
    let in_json = args.json && args.report == CleanReportKind::Json;
    if !in_json {
        report_to_stderr(args.report, name, cleaned.as_ref());
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        let paragraphs: Vec<_> = doc
            .paragraphs
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let sentences: Vec<_> = p
                    .sentences
                    .iter()
                    .map(|s| json!({"text": doc.span_text(&s.span), "start": s.span.start, "end": s.span.end, "lang": s.lang.tag()}))
                    .collect();
                json!({"index": i, "lang": p.lang.tag(), "start": p.span.start, "end": p.span.end, "sentences": sentences})
            })
            .collect();
        let mut value = json!({
            "file": doc.name,
            "encoding": doc.encoding.map_or("UTF-8", |e| e.name()),
            "versions": doc.versions.as_ref().map(crate::info::versions_json),
            "paragraphs": paragraphs,
        });
        if let (true, Some(c)) = (in_json, &cleaned) {
            value["cleaning"] = report_json(name, c);
        }
        serde_json::to_writer_pretty(&mut out, &value)?;
        writeln!(out)?;
    } else {
        for s in doc.sentences() {
            writeln!(out, "{}", doc.span_text(&s.span))?;
        }
    }
    out.flush()?;
    Ok(())
}
