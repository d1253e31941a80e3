//! `duizhao-cli glossary …`: search, add, edit, delete, history, undo, import, export and term finding on a
//! glossary file (by default `<data dir>/glossary.sqlite`, created with the starter trade glossary).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use duizhao::glossary::{
    EntryData, ExportOptions, Format, Glossary, ImportOptions, Outcome, SearchOptions, Status,
    Term, TermKind, lang,
};
use duizhao::{Progress, paths};

/// Work with the shared trade glossary.
#[derive(Debug, Args)]
pub struct GlossaryArgs {
    /// Glossary file, or a team server (`postgres://user@host/db`, `service=NAME`; libpq's PG* variables,
    /// service file and .pgpass complete it). Default: $DUIZHAO_DB, else <data dir>/glossary.sqlite,
    /// created with the starter trade glossary. A file named here that does not exist is created empty.
    #[arg(long, global = true, value_name = "PATH|URL", env = "DUIZHAO_DB")]
    db: Option<String>,
    /// Name recorded as the author of changes (default: the login name).
    #[arg(long, global = true)]
    author: Option<String>,
    #[command(subcommand)]
    command: GlossaryCommand,
}

/// The terms and fields of an entry, as flags.
#[derive(Debug, Args, Default)]
struct Fields {
    /// English term (repeat for synonyms; the first is preferred).
    #[arg(long)]
    en: Vec<String>,
    /// Simplified Chinese term.
    #[arg(long = "zh-hans")]
    zh_hans: Vec<String>,
    /// Traditional Chinese term (Taiwan usage).
    #[arg(long = "zh-hant")]
    zh_hant: Vec<String>,
    /// Hong Kong form, where it differs from the Taiwan one.
    #[arg(long = "zh-hk")]
    zh_hk: Vec<String>,
    /// English abbreviation or acronym.
    #[arg(long)]
    abbr: Vec<String>,
    /// Domain (trade, investment, customs, logistics, government, places, events, …).
    #[arg(long)]
    domain: Option<String>,
    /// Part of speech (noun, verb, adjective, adverb, properNoun, other).
    #[arg(long)]
    pos: Option<String>,
    /// approved, proposed or deprecated.
    #[arg(long)]
    status: Option<String>,
    /// Definition or usage note.
    #[arg(long)]
    note: Option<String>,
    /// Source document.
    #[arg(long)]
    source: Option<String>,
    /// Date of the source.
    #[arg(long)]
    date: Option<String>,
}

#[derive(Debug, Subcommand)]
enum GlossaryCommand {
    /// Search terms in any language or script (exact, prefix, substring, then typo-tolerant matches).
    Search {
        query: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Most entries to show.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Only this domain.
        #[arg(long)]
        domain: Option<String>,
        /// Only this status.
        #[arg(long)]
        status: Option<String>,
    },
    /// Add an entry (terms in two languages at least).
    Add {
        #[command(flatten)]
        fields: Fields,
        #[arg(long)]
        json: bool,
    },
    /// Show an entry.
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Change an entry read at a known version; the flags given replace those fields.
    Update {
        id: i64,
        /// The version you read (as `show` printed it); a newer one on disk makes this a conflict.
        #[arg(long)]
        expect_version: i64,
        #[command(flatten)]
        fields: Fields,
        #[arg(long)]
        json: bool,
    },
    /// Delete an entry read at a known version (it can be undone).
    Delete {
        id: i64,
        #[arg(long)]
        expect_version: i64,
    },
    /// Show every change of an entry.
    History {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Undo a change (by its number from `history`); the entry must still be at --expect-version.
    Undo {
        change: i64,
        #[arg(long)]
        expect_version: i64,
    },
    /// Import a TSV, CSV, OmegaT or TBX file (all rows or none).
    Import {
        file: PathBuf,
        /// tsv, csv, omegat or tbx (default: detected).
        #[arg(long)]
        format: Option<String>,
        /// Language of the first column of a header-less OmegaT file.
        #[arg(long, default_value = "zh-Hans")]
        source_lang: String,
        /// Language of the second column of a header-less OmegaT file.
        #[arg(long, default_value = "en")]
        target_lang: String,
        /// Apply conflicting rows too, overwriting the glossary.
        #[arg(long)]
        overwrite: bool,
        #[arg(long)]
        json: bool,
    },
    /// Copy this glossary (--db, or the local one) to a team server: new entries are added, new terms
    /// merged; entries that contradict the server's are listed and left alone (all of it or none).
    Push {
        /// The server (`postgres://user@host/db`, `service=NAME`).
        server: String,
        /// Apply the contradicting entries too, overwriting the server's.
        #[arg(long)]
        overwrite: bool,
    },
    /// Copy a team server's glossary into this one (--db, or the local one), with the same rules as push.
    Pull {
        /// The server (`postgres://user@host/db`, `service=NAME`).
        server: String,
        /// Apply the contradicting entries too, overwriting this glossary's.
        #[arg(long)]
        overwrite: bool,
    },
    /// Export the glossary.
    Export {
        /// tbx (TBX v2 TBX-Basic), tbx3, tsv, csv or omegat.
        #[arg(long, default_value = "tbx")]
        format: String,
        /// Output file (`-` for standard output).
        #[arg(short, long)]
        output: String,
    },
    /// List entries that share a term.
    Duplicates,
    /// Find glossary terms in a text file (`-` for standard input).
    Terms {
        file: String,
        #[arg(long)]
        json: bool,
    },
}

/// Runs a glossary subcommand.
pub fn run(args: GlossaryArgs) -> Result<()> {
    let mut g = open(args.db.as_deref())?;
    if let Some(a) = &args.author {
        g.set_author(a);
    }
    match args.command {
        GlossaryCommand::Search {
            query,
            json,
            limit,
            domain,
            status,
        } => {
            let options = SearchOptions {
                limit,
                domain,
                status: status.as_deref().map(parse_status).transpose()?,
                fuzzy: true,
            };
            let hits = g.search(&query, &options)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&hits)?);
            } else if hits.is_empty() {
                eprintln!("no match for '{query}' in {}", g.path().display());
            } else {
                for h in hits {
                    println!(
                        "{:>6}  {:<9} {}  [{}: {}]",
                        h.entry.id,
                        format!("{:?}", h.kind).to_lowercase(),
                        summary(&h.entry.data),
                        h.lang,
                        h.term
                    );
                }
            }
        }
        GlossaryCommand::Add { fields, json } => {
            let data = fields.apply(EntryData::default())?;
            let e = g
                .add(data)
                .with_context(|| format!("cannot add the entry to {}", g.path().display()))?;
            print_entry(&e, json)?;
        }
        GlossaryCommand::Show { id, json } => match g.get(id)? {
            Some(e) => print_entry(&e, json)?,
            None => bail!("there is no entry {id} in {}", g.path().display()),
        },
        GlossaryCommand::Update {
            id,
            expect_version,
            fields,
            json,
        } => {
            let current = g
                .get(id)?
                .with_context(|| format!("there is no entry {id} in {}", g.path().display()))?;
            let data = fields.apply(current.data)?;
            let e = g.update(id, expect_version, data)?;
            print_entry(&e, json)?;
        }
        GlossaryCommand::Delete { id, expect_version } => {
            let e = g.delete(id, expect_version)?;
            println!(
                "deleted entry {} (now version {}; undo with `glossary undo`)",
                e.id, e.version
            );
        }
        GlossaryCommand::History { id, json } => {
            let changes = g.history(id)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&changes)?);
            }
            for c in changes.iter().filter(|_| !json) {
                let after = c
                    .after
                    .as_ref()
                    .map(summary)
                    .unwrap_or_else(|| "(deleted)".into());
                println!(
                    "change {:>5}  v{:<3} {:<8} {} {}  {}",
                    c.id,
                    c.version,
                    format!("{:?}", c.action).to_lowercase(),
                    c.at,
                    c.author,
                    after
                );
            }
        }
        GlossaryCommand::Undo {
            change,
            expect_version,
        } => {
            let e = g.revert(change, expect_version)?;
            println!(
                "entry {} is back as before change {change} (now version {}{})",
                e.id,
                e.version,
                if e.deleted { ", deleted" } else { "" }
            );
        }
        GlossaryCommand::Import {
            file,
            format,
            source_lang,
            target_lang,
            overwrite,
            json,
        } => {
            let format = format.as_deref().map(parse_format).transpose()?;
            let options = ImportOptions {
                format,
                source_lang: canonical(&source_lang)?,
                target_lang: canonical(&target_lang)?,
                overwrite,
            };
            let report = g.import(&file, &options, &mut Bar::new())?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
                return Ok(());
            }
            for (line, w) in &report.warnings {
                eprintln!("{}:{line}: warning: {w}", file.display());
            }
            for r in report
                .rows
                .iter()
                .filter(|r| r.outcome != Outcome::Added && !r.message.is_empty())
            {
                eprintln!(
                    "{}:{}: {}: {}",
                    file.display(),
                    r.line,
                    r.outcome,
                    r.message
                );
            }
            println!("{}: {}", file.display(), report.summary());
        }
        GlossaryCommand::Push { server, overwrite } => {
            let mut remote = open_server(&server)?;
            let report = g.copy_into(&mut remote, overwrite, &mut Bar::new())?;
            print_copy(&report, &g, &remote);
        }
        GlossaryCommand::Pull { server, overwrite } => {
            let remote = open_server(&server)?;
            let report = remote.copy_into(&mut g, overwrite, &mut Bar::new())?;
            print_copy(&report, &remote, &g);
        }
        GlossaryCommand::Export { format, output } => {
            let format = parse_format(&format)?;
            let options = ExportOptions::default();
            crate::io::refuse_input_as_output(Some(&output), &[&g.path().display().to_string()])?;
            let n = if output == "-" {
                let mut out = std::io::stdout().lock();
                g.export_to(&mut out, format, &options, &mut Bar::new())?
            } else {
                g.export(Path::new(&output), format, &options, &mut Bar::new())?
            };
            eprintln!("exported {n} entries to {output}");
        }
        GlossaryCommand::Duplicates => {
            for d in g.duplicates()? {
                println!(
                    "{}\t{}",
                    d.text,
                    d.entries
                        .iter()
                        .map(|i| i.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
        }
        GlossaryCommand::Terms { file, json } => {
            let text = crate::io::read_text(&file, None)?.text;
            let index = g.term_index()?;
            let found = index.find(&text);
            if json {
                println!("{}", serde_json::to_string_pretty(&found)?);
            } else {
                for m in found {
                    println!(
                        "{}..{}\t{}\t{}\t{}",
                        m.range.start,
                        m.range.end,
                        &text[m.range.clone()],
                        m.entry,
                        m.lang
                    );
                }
            }
        }
    }
    Ok(())
}

/// The glossary on a server named on the command line.
fn open_server(target: &str) -> Result<Glossary> {
    if !duizhao::sql::postgres::is_server(target) {
        bail!(
            "{target}: not a server address; give a postgres:// URL or a libpq string such as service=NAME"
        );
    }
    Ok(Glossary::connect(
        target,
        &duizhao::glossary::OpenOptions::default(),
    )?)
}

/// What a push or pull did: every entry merged or left alone because it contradicts, then the summary.
fn print_copy(report: &duizhao::glossary::ImportReport, from: &Glossary, to: &Glossary) {
    for r in report
        .rows
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Updated | Outcome::Conflicting))
    {
        let entry = r
            .entry
            .map(|id| format!(" (entry {id} there)"))
            .unwrap_or_default();
        eprintln!("{}{entry}: {}", r.outcome, r.message);
    }
    println!(
        "{} → {}: {}",
        from.path().display(),
        to.path().display(),
        report.summary()
    );
}

/// The glossary at `db` (a file, or a team server's address), or the data folder's.
pub fn open(db: Option<&str>) -> Result<Glossary> {
    match db {
        Some(target) if duizhao::sql::postgres::is_server(target) => Ok(Glossary::connect(
            target,
            &duizhao::glossary::OpenOptions::default(),
        )?),
        Some(p) => Ok(Glossary::open(p)?),
        None => {
            let path = paths::data_dir(None)?.join(paths::GLOSSARY_DB);
            Ok(Glossary::open_or_create(&path)?)
        }
    }
}

impl Fields {
    /// Applies the flags given to `data` (term flags replace that language's terms of that kind).
    fn apply(self, mut data: EntryData) -> Result<EntryData> {
        let mut set = |lang: &str, kind: TermKind, values: Vec<String>| {
            if values.is_empty() {
                return;
            }
            data.terms.retain(|t| !(t.lang == lang && t.kind == kind));
            data.terms
                .extend(values.iter().map(|v| Term::new(lang, v, kind)));
        };
        set(lang::EN, TermKind::Main, self.en);
        set(lang::EN, TermKind::Abbreviation, self.abbr);
        set(lang::ZH_HANS, TermKind::Main, self.zh_hans);
        set(lang::ZH_HANT, TermKind::Main, self.zh_hant);
        set(lang::ZH_HK, TermKind::Main, self.zh_hk);
        for (field, value) in [
            (&mut data.domain, self.domain),
            (&mut data.part_of_speech, self.pos),
            (&mut data.note, self.note),
            (&mut data.source, self.source),
            (&mut data.source_date, self.date),
        ] {
            if let Some(v) = value {
                *field = v;
            }
        }
        if let Some(s) = self.status {
            data.status = parse_status(&s)?;
        }
        Ok(data)
    }
}

fn parse_status(s: &str) -> Result<Status> {
    Status::parse(s)
        .with_context(|| format!("unknown status '{s}': use approved, proposed or deprecated"))
}

fn parse_format(s: &str) -> Result<Format> {
    Format::parse(s)
        .with_context(|| format!("unknown format '{s}': use tbx, tbx3, tsv, csv or omegat"))
}

fn canonical(tag: &str) -> Result<String> {
    lang::canonical(tag)
        .with_context(|| format!("'{tag}' is not a language tag (try en, zh-Hans, zh-Hant)"))
}

fn summary(d: &EntryData) -> String {
    let col = |l: &str| d.preferred(l).unwrap_or("-").to_string();
    format!(
        "{} | {} | {} | {} | {}",
        col(lang::EN),
        col(lang::ZH_HANS),
        col(lang::ZH_HANT),
        d.domain,
        d.status
    )
}

fn print_entry(e: &duizhao::glossary::Entry, json: bool) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(e)?);
        return Ok(());
    }
    println!(
        "entry {} (version {}{}), changed by {} at {}",
        e.id,
        e.version,
        if e.deleted { ", deleted" } else { "" },
        e.changed_by,
        e.changed_at
    );
    for t in &e.data.terms {
        println!("  {:<8} {:<9} {}", t.lang, t.kind.as_str(), t.text);
    }
    let d = &e.data;
    for (name, v) in [
        ("domain", &d.domain),
        ("pos", &d.part_of_speech),
        ("note", &d.note),
        ("source", &d.source),
        ("date", &d.source_date),
    ] {
        if !v.is_empty() {
            println!("  {name}: {v}");
        }
    }
    println!("  status: {}", d.status);
    Ok(())
}

/// A terminal progress bar (hidden when standard error is not a terminal).
struct Bar(indicatif::ProgressBar);

impl Bar {
    fn new() -> Bar {
        Bar(indicatif::ProgressBar::hidden())
    }
}

impl Progress for Bar {
    fn start(&mut self, total: u64, what: &str) {
        use std::io::IsTerminal;
        if std::io::stderr().is_terminal() && total > 5_000 {
            self.0 = indicatif::ProgressBar::new(total).with_message(what.to_string());
        }
    }

    fn advance(&mut self, n: u64) -> bool {
        self.0.inc(n);
        true
    }
}
