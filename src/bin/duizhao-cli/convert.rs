//! `duizhao-cli convert`: Simplified ⇄ Traditional conversion with OpenCC 1.4's configurations.
//!
//! Standard input must be UTF-8 (an error names the offset of the first bad byte); files go through
//! the foundation's encoding detection. Everything streams, so memory stays flat on any input.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use duizhao::convert::files::{self, FolderReport};
use duizhao::convert::{Config, Converter, Overrides};
use duizhao::document::decode;
use duizhao::{NoProgress, Progress};

/// Arguments of `convert`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  duizhao-cli convert -c s2twp -i release.txt -o release-tw.txt\n  \
                        cat a.txt | duizhao-cli convert -c t2s\n  \
                        duizhao-cli convert -c s2hk --dir releases --out-dir releases-hk"
)]
pub struct ConvertArgs {
    /// Conversion, by OpenCC's name (s2t, t2s, s2twp, tw2sp, s2hk, ...); see --list.
    #[arg(short, long, value_name = "CONFIG", required_unless_present = "list")]
    config: Option<String>,
    /// Input file, or - for standard input (UTF-8).
    #[arg(
        short,
        long,
        value_name = "FILE",
        default_value = "-",
        conflicts_with = "dir"
    )]
    input: String,
    /// Output file (written atomically), or - for standard output.
    #[arg(short, long, value_name = "FILE", conflicts_with = "dir")]
    output: Option<String>,
    /// Input encoding for files (default: detected): utf-8, gbk, gb18030, big5, utf-16le, ...
    #[arg(long, value_name = "NAME")]
    encoding: Option<String>,
    /// Convert every text file in this folder (recursively) ...
    #[arg(long, value_name = "DIR", requires = "out_dir")]
    dir: Option<PathBuf>,
    /// ... into this folder, keeping relative paths. Sources are never modified.
    #[arg(long, value_name = "DIR", requires = "dir")]
    out_dir: Option<PathBuf>,
    /// Your own phrases, which win over OpenCC's: a TSV file of `from<TAB>to` lines.
    #[arg(long, value_name = "TSV")]
    overrides: Option<PathBuf>,
    /// Leave out dictionaries OpenCC marks may_output_tofu (rare characters many fonts lack).
    #[arg(long)]
    no_tofu_risk: bool,
    /// List the conversions and exit.
    #[arg(long)]
    list: bool,
    /// With --out-dir: write into a folder that already holds files (files with the same names are
    /// replaced).
    #[arg(long, requires = "out_dir")]
    force: bool,
}

/// Runs `convert`.
pub fn run(args: ConvertArgs) -> Result<()> {
    if args.list {
        let mut out = std::io::stdout().lock();
        for c in Config::ALL {
            writeln!(out, "{:<6} {}", c.name(), c.label())?;
        }
        return Ok(());
    }
    let name = args.config.as_deref().unwrap_or_default();
    let config: Config = name.parse()?;
    let mut converter = Converter::new(config).with_tofu_risk_dictionaries(!args.no_tofu_risk);
    if let Some(path) = &args.overrides {
        converter = converter.with_overrides(read_overrides(path)?);
    }
    if let (Some(dir), Some(out_dir)) = (&args.dir, &args.out_dir) {
        crate::io::refuse_nonempty_folder(out_dir, args.force)?;
        return convert_dir(&converter, dir, out_dir);
    }
    crate::io::refuse_input_as_output(args.output.as_deref(), &[&args.input])?;
    let forced = args
        .encoding
        .as_deref()
        .map(decode::encoding_for_name)
        .transpose()?;
    let output = args.output.as_deref().filter(|o| *o != "-");
    match (args.input.as_str(), output) {
        ("-", None) => {
            let stdout = std::io::stdout().lock();
            files::convert_utf8_reader(
                &converter,
                std::io::stdin().lock(),
                stdout,
                Path::new("<stdin>"),
                &mut NoProgress,
            )?;
        }
        ("-", Some(out)) => {
            let out = Path::new(out);
            duizhao::export::write_atomic_with(out, |w| {
                files::convert_utf8_reader(
                    &converter,
                    std::io::stdin().lock(),
                    w,
                    Path::new("<stdin>"),
                    &mut NoProgress,
                )
                .map(|_| ())
                .map_err(std::io::Error::other)
            })?;
        }
        (input, None) => {
            let file =
                std::fs::File::open(input).with_context(|| format!("cannot read {input}"))?;
            let stdout = std::io::stdout().lock();
            let r = files::convert_reader(
                &converter,
                file,
                forced,
                stdout,
                Path::new(input),
                &mut NoProgress,
            )?;
            warn_replaced(input, r.replacements, r.first_bad_offset, r.encoding.name());
        }
        (input, Some(out)) => {
            let r = files::convert_file(
                &converter,
                Path::new(input),
                Path::new(out),
                forced,
                &mut NoProgress,
            )?;
            warn_replaced(input, r.replacements, r.first_bad_offset, r.encoding);
        }
    }
    Ok(())
}

fn warn_replaced(input: &str, replacements: usize, first: Option<u64>, encoding: &str) {
    if replacements > 0 {
        eprintln!(
            "duizhao-cli: warning: {input}: {replacements} invalid byte sequence(s) in {encoding} replaced with U+FFFD \
             (first at byte {})",
            first.unwrap_or(0)
        );
    }
}

/// Reads `from<TAB>to` lines; blank lines and lines starting with # are skipped.
fn read_overrides(path: &Path) -> Result<Overrides> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut o = Overrides::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        match line.split_once('\t') {
            Some((from, to)) if !from.is_empty() => o.insert(from, to),
            _ => bail!("{}:{}: expected `from<TAB>to`", path.display(), n + 1),
        }
    }
    Ok(o)
}

fn convert_dir(converter: &Converter, dir: &Path, out_dir: &Path) -> Result<()> {
    let mut bar = Bar(None);
    let report: FolderReport = files::convert_folder(converter, dir, out_dir, &mut bar)?;
    if let Some(b) = bar.0 {
        b.finish_and_clear();
    }
    for r in &report.converted {
        if r.replacements > 0 {
            warn_replaced(
                &r.input.display().to_string(),
                r.replacements,
                r.first_bad_offset,
                r.encoding,
            );
        }
    }
    for (path, why) in &report.skipped {
        eprintln!("duizhao-cli: skipped {}: {why}", path.display());
    }
    eprintln!(
        "converted {} file(s) into {}, skipped {}",
        report.converted.len(),
        out_dir.display(),
        report.skipped.len()
    );
    Ok(())
}

/// An indicatif bar over bytes converted.
struct Bar(Option<indicatif::ProgressBar>);

impl Progress for Bar {
    fn start(&mut self, total: u64, what: &str) {
        let bar = indicatif::ProgressBar::new(total);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} {eta}")
        {
            bar.set_style(style);
        }
        bar.set_message(what.to_owned());
        self.0 = Some(bar);
    }

    fn advance(&mut self, n: u64) -> bool {
        if let Some(b) = &self.0 {
            b.inc(n);
        }
        true
    }
}
