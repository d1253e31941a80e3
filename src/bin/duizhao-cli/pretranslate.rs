//! `duizhao-cli pretranslate`: fill a new release from the translation memory, check it, write it out.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use duizhao::NoProgress;
use duizhao::tm::{
    GlossaryTerms, LangTag, PretranslateOptions, QaFinding, Severity, TermList, Terminology,
    TranslationProject,
};

use crate::clean_flags::{CleanFlags, CleanReportKind, report_json, report_to_stderr};
use crate::progress::Bar;
use crate::tm::{StyleArg, open_set, query_langs};
use crate::{document_input, io};

/// Pre-translate a document from the translation memory and check the result.
#[derive(Debug, Args)]
pub struct PretranslateArgs {
    /// The source document: text, HTML, Markdown or DOCX (`-` for standard input).
    source: String,
    /// Each input line is one segment (and one paragraph), as in the aligner's gold data; otherwise the
    /// document is segmented into paragraphs and sentences.
    #[arg(long)]
    pre_segmented: bool,
    /// Use matches of at least this percentage (100 = exact matches only).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u8).range(1..=100))]
    threshold: u8,
    /// The memory database (default: memory.sqlite in the data folder).
    #[arg(long, value_name = "DB")]
    tm: Option<PathBuf>,
    /// Memories of the data folder (or of the team server, with --db) to use, in order (repeat the
    /// option; default: Default).
    #[arg(long, value_name = "NAME", conflicts_with = "tm")]
    memory: Vec<String>,
    /// Write the translated document here (`.docx` for Word, anything else for text; default: standard
    /// output unless --report json).
    #[arg(short, long, value_name = "OUT")]
    output: Option<String>,
    /// The glossary used by QA: a file or a team server's address (default: the team server's with --db,
    /// else glossary.sqlite in the data folder, when there is one).
    #[arg(long, value_name = "PATH|URL")]
    glossary: Option<String>,
    /// The memories (and, without --glossary, the glossary) of a team server: a postgres:// URL or libpq
    /// "key=value" string (PG* variables, the service file and .pgpass complete it).
    #[arg(long, value_name = "URL", conflicts_with = "tm")]
    db: Option<String>,
    /// Also write a TMX of the pre-translated segments.
    #[arg(long, value_name = "FILE")]
    tmx: Option<PathBuf>,
    /// How Chinese language tags are written in the TMX.
    #[arg(long, value_enum, default_value_t = StyleArg::Region)]
    lang_style: StyleArg,
    /// Print a report: a summary on standard error (text) or everything on standard output (json).
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    report: ReportFormat,
    /// Language of the source (default: Chinese if it has Han characters, else English).
    #[arg(long, value_name = "LANG")]
    from: Option<LangTag>,
    /// Language to translate into (default: the other of Chinese and English).
    #[arg(long, value_name = "LANG")]
    to: Option<LangTag>,
    /// The input's encoding (default: detected).
    #[arg(long)]
    encoding: Option<String>,
    /// The document's subject field, as the glossary names domains (`finance`, `trade`, `customs`): QA
    /// reports missing or forbidden terms of this domain as errors and the glossary's other terms as
    /// suggestions. Without it, only names and entries without a domain are errors.
    #[arg(long, value_name = "NAME")]
    domain: Option<String>,
    #[command(flatten)]
    clean: CleanFlags,
}

/// How the report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    /// A summary on standard error.
    Text,
    /// The whole report as JSON on standard output.
    Json,
}

/// With --pre-segmented: each line is a paragraph holding one segment; blank lines are kept as empty paragraphs.
fn paragraphs(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|line| {
            let line = line.trim();
            if line.is_empty() {
                Vec::new()
            } else {
                vec![line.to_string()]
            }
        })
        .collect()
}

/// Runs `duizhao-cli pretranslate`.
pub fn run(args: PretranslateArgs) -> Result<()> {
    io::refuse_input_as_output(args.output.as_deref(), &[&args.source])?;
    io::refuse_input_as_output(
        args.tmx.as_deref().and_then(|p| p.to_str()),
        &[&args.source],
    )?;
    if args.pre_segmented && args.clean.clean {
        anyhow::bail!("--clean works on running text: leave out --pre-segmented");
    }
    let mut cleaned = None;
    let mut project = if args.pre_segmented {
        let text = io::read_text(&args.source, args.encoding.as_deref())?.text;
        let (from, to) = query_langs(&text, args.from.clone(), args.to.clone());
        let name = std::path::Path::new(io::display_name(&args.source))
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        TranslationProject::new(name, from, to, paragraphs(&text))
    } else {
        let doc = document_input::open(&args.source, args.encoding.as_deref())?;
        let (doc, report) = args.clean.apply(doc)?;
        cleaned = report;
        TranslationProject::from_document(&doc, args.from.clone(), args.to.clone())?
    };
    project.domain = args
        .domain
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_string);
    if let Some(target) = &args.db {
        crate::tm::use_server(target)?;
    }
    let mut memories = open_set(&args.memory, args.tm.as_deref())?;
    let options = PretranslateOptions {
        threshold: args.threshold,
        overwrite: false,
    };
    let mut bar = Bar::new(false);
    for memory in memories.memories_mut() {
        memory.build_index(&mut bar)?;
    }
    let summary = project.pretranslate_from(&mut memories, &options, &mut bar)?;
    bar.finish();
    let converter = memories
        .memories()
        .first()
        .map_or_else(duizhao::tm::script::default_converter, |m| {
            m.converter().clone()
        });
    let glossary_at = match (&args.glossary, &args.db) {
        (Some(at), _) | (None, Some(at)) => Some(at.clone()),
        (None, None) => {
            let file = duizhao::paths::data_dir(None)?.join(duizhao::paths::GLOSSARY_DB);
            file.exists().then(|| file.to_string_lossy().into_owned())
        }
    };
    let terms: Box<dyn Terminology> = match glossary_at {
        Some(at) => {
            let glossary = crate::glossary::open(Some(&at))
                .with_context(|| format!("cannot open the glossary {at}"))?;
            Box::new(GlossaryTerms::load(&glossary, &*converter)?)
        }
        None => Box::new(TermList::default()),
    };
    let findings = project.qa(&*terms, &*converter);
    let (errors, suggestions): (Vec<&QaFinding>, Vec<&QaFinding>) =
        findings.iter().partition(|f| f.severity == Severity::Error);

    match args.output.as_deref() {
        Some(out) if out.to_ascii_lowercase().ends_with(".docx") => project
            .export_docx(std::path::Path::new(out))
            .with_context(|| format!("cannot write {out}"))?,
        Some(out) => io::write_output(Some(out), project.translated_text().as_bytes())?,
        None if args.report == ReportFormat::Text => {
            io::write_output(None, project.translated_text().as_bytes())?
        }
        None => {}
    }
    if let Some(path) = &args.tmx {
        project
            .export_tmx(path, args.lang_style.into(), &mut NoProgress)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let progress = project.progress();
    match args.report {
        ReportFormat::Json => {
            let segments: Vec<_> = project
                .segments
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    serde_json::json!({
                        "index": i,
                        "paragraph": s.paragraph,
                        "source": s.source,
                        "target": s.target,
                        "status": s.status,
                        "match_score": s.match_score,
                    })
                })
                .collect();
            let mut report = serde_json::json!({
                "source": io::display_name(&args.source),
                "source_lang": project.source_lang,
                "target_lang": project.target_lang,
                "domain": project.domain,
                "threshold": args.threshold,
                "summary": summary,
                "progress": progress,
                "segments": segments,
                "qa": findings,
                "qa_summary": {
                    "errors": errors.len(),
                    "suggestions": suggestions.len(),
                },
            });
            if let Some(c) = &cleaned {
                report["cleaning"] = report_json(io::display_name(&args.source), c);
            }
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
        ReportFormat::Text => {
            report_to_stderr(
                CleanReportKind::Summary,
                io::display_name(&args.source),
                cleaned.as_ref(),
            );
            eprintln!(
                "{} segments: {} exact, {} fuzzy (≥ {}%), {} without a match; {} of {} translated",
                progress.total,
                summary.exact,
                summary.fuzzy,
                args.threshold,
                summary.unmatched,
                progress.translated,
                progress.total
            );
            for f in &errors {
                eprintln!("segment {}: {}", f.segment + 1, f.message);
            }
            if !suggestions.is_empty() {
                eprintln!(
                    "{} suggestion(s), glossary terms that may not apply here:",
                    suggestions.len()
                );
                for f in &suggestions {
                    eprintln!("  segment {}: {}", f.segment + 1, f.message);
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_paragraphs_and_blank_lines_stay() {
        let p = paragraphs("a\n b \n\nc\n");
        let want: Vec<Vec<String>> =
            vec![vec!["a".into()], vec!["b".into()], vec![], vec!["c".into()]];
        assert_eq!(p, want);
        assert!(paragraphs("").is_empty());
    }
}
