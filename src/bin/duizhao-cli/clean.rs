//! `duizhao-cli clean`: cleans a file, standard input or a folder with the core's cleaning rules and writes the
//! cleaned text (TXT, Markdown or DOCX), with a summary or a JSON report of every change.
//!
//! Large inputs are streamed: the text is decoded and cleaned a chunk at a time (cut between lines) and each
//! cleaned chunk written at once, so memory stays bounded. Output files are written atomically: an
//! interrupted run (Ctrl+C) leaves no half-written file.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use duizhao::clean::{self, Change, CleanOptions, Metadata, RuleSet};
use duizhao::convert::{Config, Converter};
use duizhao::document::decode;
use duizhao::export;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use crate::io::display_name;

mod stream;

use stream::{StreamState, progress_bar, stream};

/// Arguments of `clean`.
#[derive(Debug, Args)]
#[command(
    after_help = "Rules: pinyin, ligatures, mojibake, boilerplate, punctuation, whitespace, mixed-script, \
                        run-together (all by default).\n\
                        Examples:\n  duizhao-cli clean release.txt -o clean.txt\n  \
                        echo '經(jīng)貿(mào)' | duizhao-cli clean --rules pinyin\n  \
                        duizhao-cli clean release.txt --report json -o clean.docx\n  \
                        duizhao-cli clean --dir scraped --out-dir cleaned"
)]
pub struct CleanArgs {
    /// The file to clean, or - for standard input.
    #[arg(value_name = "FILE", default_value = "-", conflicts_with = "dir")]
    input: String,
    /// Rules to run, comma-separated (default: all).
    #[arg(long, value_name = "RULES")]
    rules: Option<String>,
    /// What to say about the changes: a summary on standard error, a JSON report on standard output (the
    /// cleaned text then goes only to -o), or nothing.
    #[arg(long, value_enum, default_value_t = ReportKind::Summary)]
    report: ReportKind,
    /// Also write the JSON report to this file.
    #[arg(long, value_name = "FILE")]
    report_file: Option<PathBuf>,
    /// Where to write the cleaned text (- for standard output, the default).
    #[arg(short, long, value_name = "OUT")]
    output: Option<String>,
    /// Output format (default: from the output file's extension, else txt).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Title for Markdown and DOCX output.
    #[arg(long)]
    title: Option<String>,
    /// Convert the cleaned text to another script (s2t, t2s, s2twp, ...); reports still refer to the input.
    #[arg(long, value_name = "CONFIG")]
    convert: Option<String>,
    /// Encoding of the input (default: byte-order mark or detection).
    #[arg(long, value_name = "NAME")]
    encoding: Option<String>,
    /// Boilerplate lines at least this sure (0–1) are moved aside; less sure ones are only flagged.
    #[arg(long, value_name = "CONFIDENCE", default_value_t = 0.6)]
    boilerplate_threshold: f32,
    /// Clean every .txt and .md file under this folder (with --out-dir).
    #[arg(long, value_name = "IN", requires = "out_dir")]
    dir: Option<PathBuf>,
    /// Folder for the cleaned files of --dir (same relative paths).
    #[arg(long, value_name = "OUT", requires = "dir")]
    out_dir: Option<PathBuf>,
    /// With --out-dir: write into a folder that already holds files (files with the same names are
    /// replaced).
    #[arg(long, requires = "out_dir")]
    force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ReportKind {
    Summary,
    Json,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Txt,
    Md,
    Docx,
}

/// Runs `clean`.
pub fn run(args: CleanArgs) -> Result<()> {
    let rules = match &args.rules {
        Some(list) => RuleSet::parse(list)?,
        None => RuleSet::all(),
    };
    if !(0.0..=1.0).contains(&args.boilerplate_threshold) {
        bail!("--boilerplate-threshold must be between 0 and 1");
    }
    let options = CleanOptions {
        rules,
        boilerplate_threshold: args.boilerplate_threshold,
        ..CleanOptions::default()
    };
    if let (Some(dir), Some(out_dir)) = (&args.dir, &args.out_dir) {
        if duizhao::export::same_file(dir, out_dir) {
            bail!(
                "{}: the output folder is the input folder; choose another one",
                out_dir.display()
            );
        }
        crate::io::refuse_nonempty_folder(out_dir, args.force)?;
        return run_dir(&args, dir, out_dir, &options);
    }
    crate::io::refuse_input_as_output(args.output.as_deref(), &[&args.input])?;
    if let Some(report) = &args.report_file {
        crate::io::refuse_input_as_output(report.to_str(), &[&args.input])?;
    }
    let format = args
        .format
        .unwrap_or_else(|| format_of(args.output.as_deref()));
    let want_report = args.report == ReportKind::Json || args.report_file.is_some();
    if args.report == ReportKind::Json
        && args.output.as_deref().is_none_or(|o| o == "-")
        && format != Format::Txt
    {
        bail!(
            "--report json prints the report on standard output: give the cleaned {format:?} file with -o"
        );
    }
    let name = display_name(&args.input).to_owned();
    let text_out = match (args.report, args.output.as_deref()) {
        (ReportKind::Json, None | Some("-")) => None,
        (_, None) => Some("-".to_owned()),
        (_, Some(o)) => Some(o.to_owned()),
    };
    let outcome = clean_one(
        &args.input,
        text_out.as_deref(),
        format,
        &args,
        &options,
        want_report,
        true,
    )?;
    finish(&args, &name, &outcome, options.rules)
}

/// What cleaning one input produced.
struct Outcome {
    bytes_in: u64,
    fixes: usize,
    flags: usize,
    per_rule: Vec<(clean::Rule, usize, usize)>,
    changes: Vec<Change>,
    metadata: Metadata,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    input: &'a str,
    /// Byte offsets in `changes` refer to the input decoded as UTF-8.
    offsets: &'static str,
    fixes: usize,
    flags: usize,
    metadata: &'a Metadata,
    changes: &'a [Change],
    boilerplate: Vec<clean::SideLine>,
}

fn finish(args: &CleanArgs, name: &str, outcome: &Outcome, rules: RuleSet) -> Result<()> {
    if args.report == ReportKind::Json || args.report_file.is_some() {
        let report = JsonReport {
            input: name,
            offsets: "utf-8 bytes",
            fixes: outcome.fixes,
            flags: outcome.flags,
            metadata: &outcome.metadata,
            changes: &outcome.changes,
            boilerplate: clean::side_lines(&outcome.changes, rules),
        };
        let json = serde_json::to_string_pretty(&report)? + "\n";
        if let Some(path) = &args.report_file {
            export::write_atomic(path, json.as_bytes())?;
        }
        if args.report == ReportKind::Json {
            crate::io::write_output(None, json.as_bytes())?;
        }
    }
    if args.report == ReportKind::Summary {
        eprintln!("{}", summary(name, outcome));
    }
    Ok(())
}

fn summary(name: &str, o: &Outcome) -> String {
    if o.bytes_in == 0 {
        return format!("{name}: empty input, nothing to clean");
    }
    if o.fixes == 0 && o.flags == 0 {
        return format!("{name}: already clean, no changes");
    }
    let rules: Vec<String> = o
        .per_rule
        .iter()
        .map(|(r, f, g)| match (f, g) {
            (f, 0) => format!("{r} {f}"),
            (0, g) => format!("{r} {g} flagged"),
            (f, g) => format!("{r} {f} (+{g} flagged)"),
        })
        .collect();
    let head = if o.fixes == 0 {
        format!("{name}: no changes made; {} flagged for review", o.flags)
    } else {
        format!("{name}: {} changes, {} flagged", o.fixes, o.flags)
    };
    format!("{head} — {}", rules.join(", "))
}

fn format_of(output: Option<&str>) -> Format {
    let ext = output
        .and_then(|o| Path::new(o).extension())
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        Some("md" | "markdown") => Format::Md,
        Some("docx") => Format::Docx,
        _ => Format::Txt,
    }
}

/// Cleans one input (a path or `-`) to `out` (a path, `-`, or nowhere).
fn clean_one(
    input: &str,
    out: Option<&str>,
    format: Format,
    args: &CleanArgs,
    options: &CleanOptions,
    keep_changes: bool,
    show_bar: bool,
) -> Result<Outcome> {
    let name = display_name(input).to_owned();
    let size = if input == "-" || !show_bar {
        None
    } else {
        std::fs::metadata(input).ok().map(|m| m.len())
    };
    let bar = progress_bar(size, &name);
    let mut reader: Box<dyn Read> = if input == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(input).with_context(|| format!("cannot read {input}"))?)
    };
    let forced = args
        .encoding
        .as_deref()
        .map(decode::encoding_for_name)
        .transpose()?;
    let converter = args
        .convert
        .as_deref()
        .map(|name| name.parse::<Config>().map(Converter::new))
        .transpose()?;
    let mut state = StreamState::new(options.clone(), keep_changes, converter);
    match (format, out) {
        (Format::Txt, Some("-")) => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            stream(&mut reader, forced, &name, &mut state, &mut w, &bar)?;
            w.flush()?;
        }
        (Format::Txt, Some(path)) => {
            let mut failure = None;
            let result = export::write_atomic_with(Path::new(path), |w| {
                stream(&mut reader, forced, &name, &mut state, w, &bar).map_err(|e| {
                    let msg = format!("{e:#}");
                    failure = Some(e);
                    std::io::Error::other(msg)
                })
            });
            if let Some(e) = failure {
                return Err(e);
            }
            result?;
        }
        (Format::Md | Format::Docx, target) => {
            // Markdown and DOCX are built whole from the paragraphs of the cleaned text.
            let mut cleaned = Vec::new();
            stream(&mut reader, forced, &name, &mut state, &mut cleaned, &bar)?;
            let text = String::from_utf8(cleaned).context("cleaned text is not UTF-8")?;
            let paragraphs = export::text::paragraphs_of(&text);
            let title = args.title.as_deref();
            match target {
                Some("-") | None if format == Format::Md => crate::io::write_output(
                    None,
                    export::markdown::render(&paragraphs, title).as_bytes(),
                )?,
                Some(path) if path != "-" => match format {
                    Format::Md => export::markdown::write(Path::new(path), &paragraphs, title)?,
                    _ => export::docx::write(Path::new(path), &paragraphs, title, None)?,
                },
                _ => bail!("DOCX output needs a file: give it with -o"),
            }
        }
        (Format::Txt, None) => {
            stream(
                &mut reader,
                forced,
                &name,
                &mut state,
                &mut std::io::sink(),
                &bar,
            )?;
        }
    }
    bar.finish_and_clear();
    Ok(state.into_outcome())
}

/// `--dir IN --out-dir OUT`.
fn run_dir(args: &CleanArgs, dir: &Path, out_dir: &Path, options: &CleanOptions) -> Result<()> {
    if !dir.is_dir() {
        bail!("{} is not a folder", dir.display());
    }
    let mut files = Vec::new();
    collect(dir, &mut files).with_context(|| format!("listing {}", dir.display()))?;
    files.sort();
    if files.is_empty() {
        eprintln!(
            "duizhao-cli: {}: no .txt or .md files to clean",
            dir.display()
        );
        return Ok(());
    }
    let total: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let bar = ProgressBar::new(total);
    if let Ok(style) =
        ProgressStyle::with_template("[{bar:40}] {bytes}/{total_bytes} {pos}/{len} {msg}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    let keep = args.report == ReportKind::Json || args.report_file.is_some();
    let (mut changed, mut clean_files) = (0, 0);
    for file in &files {
        let rel = file.strip_prefix(dir).unwrap_or(file);
        bar.set_message(rel.display().to_string());
        let target = out_dir.join(rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        let input = file.to_string_lossy().into_owned();
        let target_s = target.to_string_lossy().into_owned();
        let outcome = clean_one(
            &input,
            Some(&target_s),
            Format::Txt,
            args,
            options,
            keep,
            false,
        )?;
        if keep {
            let json = serde_json::to_string_pretty(&JsonReport {
                input: &input,
                offsets: "utf-8 bytes",
                fixes: outcome.fixes,
                flags: outcome.flags,
                metadata: &outcome.metadata,
                changes: &outcome.changes,
                boilerplate: clean::side_lines(&outcome.changes, options.rules),
            })?;
            let report_path = PathBuf::from(format!("{target_s}.report.json"));
            export::write_atomic(&report_path, json.as_bytes())?;
        }
        if outcome.fixes > 0 {
            changed += 1;
        } else {
            clean_files += 1;
        }
        if args.report == ReportKind::Summary {
            bar.suspend(|| eprintln!("{}", summary(&rel.display().to_string(), &outcome)));
        }
        bar.inc(outcome.bytes_in);
    }
    bar.finish_and_clear();
    eprintln!(
        "duizhao-cli: {} files cleaned into {}: {changed} changed, {clean_files} already clean",
        files.len(),
        out_dir.display()
    );
    Ok(())
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, files)?;
        } else if path.extension().is_some_and(|e| {
            matches!(
                e.to_string_lossy().to_ascii_lowercase().as_str(),
                "txt" | "md" | "text"
            )
        }) {
            files.push(path);
        }
    }
    Ok(())
}
