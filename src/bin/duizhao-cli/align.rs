//! `duizhao-cli align ZH EN`: aligns a Chinese and an English document and writes beads, TSV, HTML or TMX.

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use duizhao::align::{self, AlignOptions, export};

use crate::io;

/// Align the sentences of a Chinese document and its English version.
#[derive(Debug, Args)]
pub struct AlignArgs {
    /// The Chinese document (`-` for standard input).
    zh: String,
    /// The English document (`-` for standard input).
    en: String,
    /// Each input line is one sentence; bead ids are 0-based line numbers (as in the gold data).
    #[arg(long)]
    pre_segmented: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Beads)]
    format: Format,
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

pub fn run(args: AlignArgs) -> Result<()> {
    if args.zh == "-" && args.en == "-" {
        bail!("only one of the two documents can come from standard input");
    }
    let zh_text = io::read_text(&args.zh, args.encoding.as_deref())?.text;
    let en_text = io::read_text(&args.en, args.encoding.as_deref())?.text;
    if !args.pre_segmented {
        bail!(
            "sentence segmentation of running text is not available in this build yet; \
             give one sentence per line and pass --pre-segmented"
        );
    }
    let zh: Vec<&str> = lines(&zh_text);
    let en: Vec<&str> = lines(&en_text);
    let opts = AlignOptions {
        second_pass: !args.single_pass,
        ..AlignOptions::default()
    };
    let mut bar = crate::progress::Bar::new(args.quiet);
    let result = align::align_report(&zh, &en, &opts, &mut bar).with_context(|| {
        format!(
            "aligning {} with {}",
            io::display_name(&args.zh),
            io::display_name(&args.en)
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
                    io::display_name(&args.en)
                ),
                zh_name: io::display_name(&args.zh).to_string(),
                en_name: io::display_name(&args.en).to_string(),
            };
            export::to_html(a, &opts).into_bytes()
        }
        Format::Tmx => bail!(
            "--format tmx needs the translation-memory module, which is not in this build yet; \
             use --format tsv (OmegaT reads it) meanwhile"
        ),
    };
    io::write_output(args.output.as_deref(), &bytes)
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
