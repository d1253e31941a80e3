//! `duizhao-cli tm import|export|search`: TMX in (streamed, one transaction per file), TMX or OmegaT TSV
//! out, and lookup in one memory or an ordered list of them.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;
use duizhao::tm::fuzzy::DiffOp;
use duizhao::tm::{
    ExportFormat, ImportOptions, LangStyle, LangTag, LanguagePolicy, MatchOptions, OnDuplicate,
    UnitOrder,
};

use crate::progress::Bar;
use crate::tm::{FilterArgs, FormatArg, Which, open, open_set, query_langs};

/// `tm search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The segment or phrase.
    query: String,
    /// Print JSON.
    #[arg(long)]
    json: bool,
    /// Language of the query (default: Chinese if it has Han characters, else English).
    #[arg(long, value_name = "LANG")]
    from: Option<LangTag>,
    /// Language of the translations wanted (default: the other of Chinese and English).
    #[arg(long, value_name = "LANG")]
    to: Option<LangTag>,
    /// Lowest match percentage shown.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u8).range(0..=100))]
    min: u8,
    /// Most results of each kind.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Memories of the data folder to search, in order (repeat the option; default: Default).
    #[arg(long, value_name = "NAME", conflicts_with = "tm")]
    memory: Vec<String>,
    /// A memory database file anywhere (default: the data folder's memory.sqlite).
    #[arg(long, value_name = "DB")]
    tm: Option<PathBuf>,
}

/// `tm import`.
pub fn import(
    which: &Which,
    files: &[PathBuf],
    on_duplicate: OnDuplicate,
    own_pair: bool,
    json: bool,
) -> Result<()> {
    let mut memory = open(which)?;
    let options = ImportOptions {
        on_duplicate,
        languages: if own_pair {
            LanguagePolicy::FilePair
        } else {
            LanguagePolicy::MemoryPair
        },
        origin_detail: None,
    };
    let mut summaries = Vec::new();
    for file in files {
        let mut bar = Bar::new(json);
        let s = memory.import_tmx_with(file, &options, &mut bar);
        bar.finish();
        let hint = match &s {
            Err(duizhao::Error::LanguageMismatch { .. }) => {
                " (--own-pair imports it with its own languages)"
            }
            _ => "",
        };
        let s = s.with_context(|| {
            format!(
                "cannot import {} into the memory “{}”; nothing of it was stored{hint}",
                file.display(),
                memory.name()
            )
        })?;
        for w in &s.warnings {
            eprintln!("duizhao-cli: warning: {}: {w}", file.display());
        }
        if !json {
            println!(
                "{}: {} units: {} added, {} kept beside another translation, {} replaced, {} skipped \
                 (source already there), {} already in the memory, {} with an empty or tags-only side, \
                 {} without both languages",
                file.display(),
                s.units_in_file,
                s.added,
                s.kept_both,
                s.replaced,
                s.skipped_existing,
                s.identical,
                s.skipped_empty,
                s.incomplete
            );
        }
        summaries.push(s);
    }
    if json {
        let out = serde_json::json!({
            "memory": memory.name(),
            "units": memory.len()?,
            "files": summaries,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        println!(
            "memory {} ({}): {} units",
            memory.name(),
            memory.path().display(),
            memory.len()?
        );
    }
    Ok(())
}

/// `tm export`.
pub fn export(
    which: &Which,
    output: &Path,
    format: FormatArg,
    style: LangStyle,
    filter: &FilterArgs,
) -> Result<()> {
    let memory = open(which)?;
    crate::io::refuse_input_as_output(output.to_str(), &[&memory.path().display().to_string()])?;
    let format = match format {
        FormatArg::Tmx => ExportFormat::Tmx,
        FormatArg::Tsv => ExportFormat::OmegatTsv,
    };
    let mut bar = Bar::new(false);
    let s = memory.export(
        output,
        format,
        &filter.filter(UnitOrder::Oldest),
        style,
        &mut bar,
    );
    bar.finish();
    let s = s?;
    print!("{}: {} units written", output.display(), s.written);
    if s.skipped > 0 {
        print!(
            ", {} left out (a side with no text XML can carry)",
            s.skipped
        );
    }
    println!();
    Ok(())
}

/// `tm search`.
pub fn search(args: SearchArgs) -> Result<()> {
    let mut set = open_set(&args.memory, args.tm.as_deref())?;
    let (from, to) = query_langs(&args.query, args.from, args.to);
    let options = MatchOptions {
        min_score: args.min,
        limit: args.limit,
    };
    let matches = set.matches(&args.query, &from, &to, &options)?;
    let concordance = set.concordance(&args.query, args.limit)?;
    if args.json {
        let out = serde_json::json!({
            "query": args.query,
            "source_lang": from,
            "target_lang": to,
            "memories": set.members(),
            "matches": matches,
            "concordance": concordance,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    let several = set.memories().len() > 1;
    let from_memory = |name: &str| {
        if several {
            format!("  [{name}]")
        } else {
            String::new()
        }
    };
    println!(
        "Matches ({from} → {to}, ≥ {}%): {}",
        args.min,
        matches.len()
    );
    for m in &matches {
        let shown: String = m
            .diff
            .iter()
            .map(|s| match s.op {
                DiffOp::Equal => s.text.clone(),
                DiffOp::Insert => format!("{{+{}+}}", s.text),
                DiffOp::Delete => format!("[-{}-]", s.text),
            })
            .collect();
        println!(
            "{:>4}%  {}{}",
            m.score,
            if m.score == 100 { &m.source } else { &shown },
            from_memory(&m.memory)
        );
        println!("       → {}", m.target);
    }
    println!("Concordance: {}", concordance.len());
    for c in &concordance {
        println!("  {}{}", c.source, from_memory(&c.memory));
        println!("  → {}", c.target);
    }
    Ok(())
}
