//! `duizhao-cli terms ZH EN` (or `terms FILE` for a file holding both versions, or `terms --tm DB` for
//! every unit of a translation memory): suggests glossary entries, Chinese term ↔ English term, best
//! first, checked against a glossary with `--glossary`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::Args;
use duizhao::align::{self, AlignOptions};
use duizhao::glossary::{Glossary, OpenOptions};
use duizhao::terms::{self, BeadPair, InGlossary, Kwic, Options, Suggestion};
use duizhao::tm::Memory;

use crate::clean_flags::{CleanFlags, CleanReportKind};
use crate::io;

/// Suggest glossary entries from an aligned release or a translation memory.
#[derive(Debug, Args)]
pub struct TermsArgs {
    /// The Chinese document (`-` for standard input), or one file holding both versions. The documents
    /// are aligned first, as `align` does.
    #[arg(required_unless_present_any = ["tm", "memory"])]
    zh: Option<String>,
    /// The English document; leave it out when ZH holds both versions.
    en: Option<String>,
    /// Every unit of this translation memory file instead of documents (only read).
    #[arg(long, value_name = "DB", conflicts_with_all = ["zh", "en", "pre_segmented", "clean", "memory"])]
    tm: Option<PathBuf>,
    /// Every unit of the memory called NAME in the data folder (as `tm --memory NAME`; only read).
    #[arg(long, value_name = "NAME", conflicts_with_all = ["zh", "en", "pre_segmented", "clean"])]
    memory: Option<String>,
    /// Each input line is one sentence (as for `align`).
    #[arg(long)]
    pre_segmented: bool,
    #[command(flatten)]
    clean: CleanFlags,
    /// Check the suggestions against this glossary (a file or a team server's address): already there,
    /// there with another translation, or new; suggestions rejected in it are left out.
    #[arg(long, value_name = "PATH|URL")]
    glossary: Option<String>,
    /// --memory names a memory of this team server: a postgres:// URL or libpq "key=value" string.
    #[arg(long, value_name = "URL", requires = "memory")]
    db: Option<String>,
    /// A pair must occur together in at least N sentence pairs.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u32).range(2..))]
    min_freq: u32,
    /// Only the N best suggestions.
    #[arg(long, value_name = "N")]
    top: Option<usize>,
    /// Only suggestions whose Chinese term is not in the glossary (with --glossary).
    #[arg(long, requires = "glossary")]
    new_only: bool,
    /// Write JSON (every field, with up to five keyword-in-context examples per suggestion).
    #[arg(long)]
    json: bool,
    /// Keyword-in-context examples under each suggestion in the text output.
    #[arg(long, value_name = "N", default_value_t = 0)]
    kwic: usize,
    /// Encoding of the inputs (default: detected).
    #[arg(long)]
    encoding: Option<String>,
    /// Output file (`-` or none: standard output).
    #[arg(short, long)]
    output: Option<String>,
    /// Show no progress bar.
    #[arg(long, short)]
    quiet: bool,
}

pub fn run(args: TermsArgs) -> Result<()> {
    if let (Some(target), Some(name)) = (&args.db, &args.memory) {
        crate::tm::use_server(target)?;
        let memory = crate::tm::catalogue()?.open(name)?;
        let pairs = pairs_of(&memory, &memory.path().display().to_string())?;
        return suggest(&args, pairs, format!("the memory {name:?}"));
    }
    let named = match &args.memory {
        Some(name) => Some(crate::tm::catalogue()?.find(name)?.with_context(|| {
            format!("no memory called {name:?} in the data folder (see `tm list`)")
        })?),
        None => None,
    };
    let (pairs, what) = match (named.as_ref(), &args.tm) {
        (Some(db), _) => (
            memory_pairs(db)?,
            format!("the memory {:?}", args.memory.as_deref().unwrap_or("")),
        ),
        (None, Some(db)) => (memory_pairs(db)?, display(db)),
        (None, None) => release_pairs(&args)?,
    };
    suggest(&args, pairs, what)
}

/// Suggests terms from `pairs` (of `what`) and prints them.
fn suggest(args: &TermsArgs, pairs: Vec<BeadPair>, what: String) -> Result<()> {
    let mut glossary = match &args.glossary {
        Some(at) => Some(open_glossary(at)?),
        None => None,
    };
    let options = Options {
        min_freq: args.min_freq,
        top: args.top,
        new_only: args.new_only,
        contexts: if args.json { 5 } else { args.kwic },
        ..Options::default()
    };
    let mut bar = crate::progress::Bar::new(args.quiet);
    let found = terms::suggest(&pairs, glossary.as_mut(), &options, &mut bar)
        .with_context(|| format!("suggesting terms from {what}"))?;
    bar.finish();
    if !args.quiet {
        eprintln!(
            "duizhao-cli: {} suggestion{} from {} sentence pairs of {what}",
            found.len(),
            if found.len() == 1 { "" } else { "s" },
            pairs.len()
        );
    }
    let text = if args.json {
        serde_json::to_string_pretty(&found)? + "\n"
    } else {
        table(&found, args.kwic)
    };
    io::write_output(args.output.as_deref(), text.as_bytes())
}

/// The beads of ZH and EN aligned, as sentence pairs.
fn release_pairs(args: &TermsArgs) -> Result<(Vec<BeadPair>, String)> {
    let Some(zh_arg) = args.zh.as_deref() else {
        bail!("give the Chinese and English documents, or --tm with a translation memory");
    };
    let inputs: Vec<&str> = [Some(zh_arg), args.en.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    io::refuse_input_as_output(args.output.as_deref(), &inputs)?;
    let input = crate::bilingual_input::read(
        zh_arg,
        args.en.as_deref(),
        args.pre_segmented,
        args.encoding.as_deref(),
        &args.clean,
        CleanReportKind::Summary,
    )?;
    let what = match &args.en {
        Some(en) => format!("{} and {}", io::display_name(zh_arg), io::display_name(en)),
        None => io::display_name(zh_arg).to_string(),
    };
    let zh: Vec<&str> = input.zh.iter().map(String::as_str).collect();
    let en: Vec<&str> = input.en.iter().map(String::as_str).collect();
    let opts = AlignOptions {
        zh_paragraphs: input.zh_paragraphs,
        en_paragraphs: input.en_paragraphs,
        ..AlignOptions::default()
    };
    let mut bar = crate::progress::Bar::new(args.quiet);
    let result = align::align_report(&zh, &en, &opts, &mut bar)
        .with_context(|| format!("aligning {what}"))?;
    bar.finish();
    for w in &result.warnings {
        eprintln!("duizhao-cli: warning: {w}");
    }
    Ok((BeadPair::from_alignments(&[&result.alignment]), what))
}

/// Every Chinese–English unit of the memory at `db`, which must exist and be a memory: the memory is
/// opened only after that is checked, as opening creates and upgrades the tables.
fn memory_pairs(db: &Path) -> Result<Vec<BeadPair>> {
    let name = db.display();
    if !db.is_file() {
        bail!("{name}: no translation memory file here");
    }
    let probe =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .and_then(|c| {
                c.query_row(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'units'",
                    [],
                    |r| r.get::<_, i64>(0),
                )
            });
    if !matches!(probe, Ok(1)) {
        bail!("{name}: not a Duizhao translation memory");
    }
    let memory =
        Memory::open(db).with_context(|| format!("cannot open the translation memory {name}"))?;
    pairs_of(&memory, &name.to_string())
}

/// The Chinese–English pairs of `memory` (named `name` in messages).
fn pairs_of(memory: &Memory, name: &str) -> Result<Vec<BeadPair>> {
    let units = memory
        .units()
        .with_context(|| format!("reading the translation memory {name}"))?;
    let total = units.len();
    let pairs = BeadPair::from_memory(units);
    if pairs.is_empty() && total > 0 {
        bail!("{name}: none of its {total} units is Chinese–English");
    }
    Ok(pairs)
}

fn open_glossary(at: &str) -> Result<Glossary> {
    if duizhao::sql::postgres::is_server(at) {
        return crate::glossary::open(Some(at));
    }
    let options = OpenOptions {
        create: false,
        ..OpenOptions::default()
    };
    Glossary::open_with(Path::new(at), &options)
        .with_context(|| format!("opening the glossary {at}"))
}

fn display(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The suggestions as an aligned table, with `kwic` examples under each.
fn table(found: &[Suggestion], kwic: usize) -> String {
    let mut out = String::from("   #  score  pairs  glossary  Chinese ↔ English\n");
    for (k, s) in found.iter().enumerate() {
        let note = match &s.in_glossary {
            InGlossary::OtherTranslation { english, .. } => {
                format!("  (glossary: {})", english.join("; "))
            }
            _ => String::new(),
        };
        out += &format!(
            "{:>4}  {:.3}  {:>5}  {:<8}  {} ↔ {}{note}\n",
            k + 1,
            s.score,
            s.freq,
            s.in_glossary.label(),
            s.zh,
            s.en
        );
        for c in s.contexts.iter().take(kwic) {
            out += &format!(
                "        {}\n        {}\n",
                marked(&c.zh, "【", "】"),
                marked(&c.en, "[", "]")
            );
        }
    }
    out
}

fn marked(k: &Kwic, open: &str, close: &str) -> String {
    format!("{}{open}{}{close}{}", k.before, k.term, k.after)
}
