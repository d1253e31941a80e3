//! `duizhao-cli tm`: the translation memory from the command line — import TMX, search, export.

use std::path::{Path, PathBuf};

use crate::progress::Bar;
use anyhow::{Context, Result};
use clap::{Args, Subcommand, ValueEnum};
use duizhao::NoProgress;
use duizhao::tm::fuzzy::DiffOp;
use duizhao::tm::{LangStyle, LangTag, MatchOptions, Memory, tmx};

/// Translation memory: import TMX files, search, export.
#[derive(Debug, Args)]
pub struct TmArgs {
    #[command(subcommand)]
    command: TmCommand,
}

#[derive(Debug, Subcommand)]
enum TmCommand {
    /// Import TMX files (TMX 1.1–1.4) into the memory.
    Import {
        /// TMX files to import.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The memory database (default: memory.sqlite in the data folder).
        #[arg(long, value_name = "DB")]
        tm: Option<PathBuf>,
    },
    /// Find memories for a segment (fuzzy matches) and a phrase (concordance).
    Search {
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
        /// The memory database (default: memory.sqlite in the data folder).
        #[arg(long, value_name = "DB")]
        tm: Option<PathBuf>,
    },
    /// Export the whole memory as TMX 1.4b.
    Export {
        /// Output file.
        output: PathBuf,
        /// How Chinese language tags are written.
        #[arg(long, value_enum, default_value_t = StyleArg::Region)]
        lang_style: StyleArg,
        /// The memory database (default: memory.sqlite in the data folder).
        #[arg(long, value_name = "DB")]
        tm: Option<PathBuf>,
    },
}

/// `zh-CN`/`zh-TW` or `zh-Hans`/`zh-Hant`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StyleArg {
    /// zh-CN, zh-TW.
    Region,
    /// zh-Hans, zh-Hant.
    Script,
}

impl From<StyleArg> for LangStyle {
    fn from(s: StyleArg) -> Self {
        match s {
            StyleArg::Region => LangStyle::Region,
            StyleArg::Script => LangStyle::Script,
        }
    }
}

/// Opens the memory at `--tm DB`, or the default one in the data folder.
pub fn open_memory(tm: Option<&Path>) -> Result<Memory> {
    let path = match tm {
        Some(p) => p.to_path_buf(),
        None => duizhao::paths::data_dir(None)?.join(duizhao::paths::TM_DB),
    };
    Memory::open_with(&path, duizhao::tm::script::default_converter())
        .with_context(|| format!("cannot open the translation memory {}", path.display()))
}

/// The languages of a query: given, or detected (Simplified or Traditional Chinese, or English), the target
/// being the other of Chinese and English.
pub fn query_langs(text: &str, from: Option<LangTag>, to: Option<LangTag>) -> (LangTag, LangTag) {
    let from = from.unwrap_or_else(|| {
        LangTag::from_document_lang(duizhao::document::lang::detect(text)).unwrap_or_else(|| {
            if text.chars().any(duizhao::tm::fuzzy::is_han) {
                LangTag::zh_simplified()
            } else {
                LangTag::en()
            }
        })
    });
    let to = to.unwrap_or_else(|| from.counterpart());
    (from, to)
}

/// Runs `duizhao-cli tm`.
pub fn run(args: TmArgs) -> Result<()> {
    match args.command {
        TmCommand::Import { files, tm } => {
            let mut memory = open_memory(tm.as_deref())?;
            for file in files {
                let mut bar = Bar::new(false);
                let s = memory
                    .import_tmx(&file, &mut bar)
                    .with_context(|| format!("cannot import {}", file.display()));
                bar.finish();
                let s = s?;
                for w in &s.warnings {
                    eprintln!("duizhao-cli: warning: {}: {w}", file.display());
                }
                println!(
                    "{}: {} units, {} pairs: {} added, {} already in the memory, {} with an empty side",
                    file.display(),
                    s.units_in_file,
                    s.pairs,
                    s.stored.added,
                    s.stored.duplicates,
                    s.stored.skipped
                );
            }
            println!(
                "memory {}: {} units",
                memory.path().display(),
                memory.len()?
            );
            Ok(())
        }
        TmCommand::Search {
            query,
            json,
            from,
            to,
            min,
            limit,
            tm,
        } => {
            let mut memory = open_memory(tm.as_deref())?;
            let (from, to) = query_langs(&query, from, to);
            let matches = memory.matches(
                &query,
                &from,
                &to,
                &MatchOptions {
                    min_score: min,
                    limit,
                },
            )?;
            let concordance = memory.concordance(&query, limit)?;
            if json {
                let out = serde_json::json!({
                    "query": query,
                    "source_lang": from,
                    "target_lang": to,
                    "matches": matches,
                    "concordance": concordance,
                });
                println!("{}", serde_json::to_string_pretty(&out)?);
                return Ok(());
            }
            println!("Matches ({from} → {to}, ≥ {min}%): {}", matches.len());
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
                    "{:>4}%  {}",
                    m.score,
                    if m.score == 100 { &m.source } else { &shown }
                );
                println!("       → {}", m.target);
            }
            println!("Concordance: {}", concordance.len());
            for c in &concordance {
                println!("  {}", c.source);
                println!("  → {}", c.target);
            }
            Ok(())
        }
        TmCommand::Export {
            output,
            lang_style,
            tm,
        } => {
            let memory = open_memory(tm.as_deref())?;
            crate::io::refuse_input_as_output(
                output.to_str(),
                &[&memory.path().display().to_string()],
            )?;
            let units: Vec<_> = memory.units()?.into_iter().map(|m| m.unit).collect();
            let srclang = units
                .first()
                .map_or_else(LangTag::zh_simplified, |u| u.source.lang.clone());
            let mut header = tmx::TmxHeader::new(srclang);
            header.lang_style = lang_style.into();
            let s = tmx::write(&output, &header, &units, &mut NoProgress)?;
            println!("{}: {} units written", output.display(), s.written);
            Ok(())
        }
    }
}
