//! `duizhao-cli align ZH EN` (or `align FILE` for a file holding both versions): aligns a Chinese and an
//! English document, optionally cleaned first (`--clean`), and writes beads, TSV, HTML or TMX.

use std::path::Path;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use duizhao::align::{self, AlignOptions, export};
use duizhao::tm::LangStyle;

use crate::clean_flags::{CleanFlags, CleanReportKind};
use crate::io;

/// Align the sentences of a Chinese document and its English version.
#[derive(Debug, Args)]
pub struct AlignArgs {
    /// The Chinese document (`-` for standard input), or one file holding both versions (in halves, or
    /// alternating by paragraph or sentence).
    zh: String,
    /// The English document (`-` for standard input); leave it out when ZH holds both versions.
    en: Option<String>,
    #[command(flatten)]
    clean: CleanFlags,
    /// How --clean's changes are reported: a summary on standard error, JSON on standard error (one
    /// object per input), or nothing.
    #[arg(long, value_enum, default_value_t = CleanReportKind::Summary)]
    report: CleanReportKind,
    /// Each input line is one sentence; bead ids are 0-based line numbers (as in the gold data).
    /// Without it, the files (text, HTML, DOCX, Markdown) are split into paragraphs and sentences.
    #[arg(long)]
    pre_segmented: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Beads)]
    format: Format,
    /// How TMX spells Chinese language tags: `region` (zh-CN, or zh-TW for Traditional text) or `script`
    /// (zh-Hans / zh-Hant).
    #[arg(long, value_enum, default_value_t = LangStyleArg::Region)]
    lang_style: LangStyleArg,
    /// The release's date (YYYY-MM-DD), recorded in TMX as `x-document-date`.
    #[arg(long, value_parser = parse_date)]
    document_date: Option<String>,
    /// Output file (`-` or none: standard output).
    #[arg(short, long)]
    output: Option<String>,
    /// Encoding of both inputs (default: detected).
    #[arg(long)]
    encoding: Option<String>,
    /// One pass only (faster, less accurate).
    #[arg(long)]
    single_pass: bool,
    /// Show no progress bar.
    #[arg(long, short)]
    quiet: bool,
}

/// What `align` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `[0,1]:[0]` per line.
    Beads,
    /// OmegaT-compatible tab-separated source and target.
    Tsv,
    /// A bilingual side-by-side page.
    Html,
    /// TMX 1.4b translation memory.
    Tmx,
}

/// `--lang-style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangStyleArg {
    /// zh-CN / zh-TW (what OmegaT, Trados and memoQ expect).
    Region,
    /// zh-Hans / zh-Hant.
    Script,
}

fn parse_date(raw: &str) -> std::result::Result<String, String> {
    let b = raw.as_bytes();
    let ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if ok {
        Ok(raw.to_string())
    } else {
        Err(format!("{raw:?} is not a date in the form YYYY-MM-DD"))
    }
}

pub fn run(args: AlignArgs) -> Result<()> {
    let en_arg = args.en.clone().unwrap_or_else(|| args.zh.clone());
    let inputs: Vec<&str> = [Some(args.zh.as_str()), args.en.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    io::refuse_input_as_output(args.output.as_deref(), &inputs)?;
    let input = crate::bilingual_input::read(
        &args.zh,
        args.en.as_deref(),
        args.pre_segmented,
        args.encoding.as_deref(),
        &args.clean,
        args.report,
    )?;
    let (zh_owned, en_owned) = (input.zh, input.en);
    let (zh_paragraphs, en_paragraphs) = (input.zh_paragraphs, input.en_paragraphs);
    let zh: Vec<&str> = zh_owned.iter().map(String::as_str).collect();
    let en: Vec<&str> = en_owned.iter().map(String::as_str).collect();
    let opts = AlignOptions {
        second_pass: !args.single_pass,
        zh_paragraphs,
        en_paragraphs,
        ..AlignOptions::default()
    };
    let mut bar = crate::progress::Bar::new(args.quiet);
    let result = align::align_report(&zh, &en, &opts, &mut bar).with_context(|| {
        format!(
            "aligning {} with {}",
            io::display_name(&args.zh),
            io::display_name(&en_arg)
        )
    })?;
    bar.finish();
    for w in &result.warnings {
        eprintln!("duizhao-cli: warning: {w}");
    }
    let a = &result.alignment;
    let bytes = match args.format {
        Format::Beads => export::to_beads(a).into_bytes(),
        Format::Tsv => export::to_tsv(a).into_bytes(),
        Format::Html => {
            let opts = export::HtmlOptions {
                title: format!(
                    "{} ↔ {}",
                    io::display_name(&args.zh),
                    io::display_name(&en_arg)
                ),
                zh_name: io::display_name(&args.zh).to_string(),
                en_name: io::display_name(&en_arg).to_string(),
            };
            export::to_html(a, &opts).into_bytes()
        }
        Format::Tmx => {
            let mut units = export::UnitOptions::for_files(Path::new(&args.zh), Path::new(&en_arg));
            units.document_date = args.document_date.clone();
            let opts = export::TmxOptions {
                units,
                lang_style: match args.lang_style {
                    LangStyleArg::Region => LangStyle::Region,
                    LangStyleArg::Script => LangStyle::Script,
                },
            };
            let (xml, summary) = export::to_tmx_report(a, &opts);
            // Beads that are not translation units are named, so that a TMX short of a bead is
            // never a surprise.
            eprintln!("duizhao-cli: {summary}");
            xml.into_bytes()
        }
    };
    io::write_output(args.output.as_deref(), &bytes)
}
