//! `duizhao-cli tm`: translation memories from the command line — list, create and describe memories;
//! import, export, search; see units, edit, delete (one, several, an origin) and undo; duplicates and
//! conflicts. Every subcommand works on `--memory NAME` (a memory of the data folder, "Default" unless
//! named) or `--tm DB` (a memory file anywhere); with `--db URL` the memories are a team server's. The
//! work is in `tm_manage.rs` and `tm_io.rs`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, Subcommand, ValueEnum};
use duizhao::tm::{
    Catalogue, LangStyle, LangTag, Memory, MemorySet, OnDuplicate, Origin, Side, Timestamp,
    UnitFilter, UnitOrder,
};

/// Translation memories: list, create, import, export, search, correct.
#[derive(Debug, Args)]
pub struct TmArgs {
    /// The memories of a team server instead of the data folder's: a postgres:// URL or libpq
    /// "key=value" string (PG* variables, the service file and .pgpass complete it; no password here).
    #[arg(long, global = true, value_name = "URL")]
    db: Option<String>,
    #[command(subcommand)]
    command: TmCommand,
}

/// The team server `--db` named, for every memory this run opens.
static SERVER: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Which memory a subcommand works on.
#[derive(Debug, Clone, Args)]
pub struct Which {
    /// The memory called NAME in the data folder (default: "Default").
    #[arg(long, value_name = "NAME", conflicts_with = "tm")]
    pub memory: Option<String>,
    /// A memory database file anywhere (default: the data folder's memory.sqlite).
    #[arg(long, value_name = "DB")]
    pub tm: Option<PathBuf>,
}

/// Which units a subcommand takes.
#[derive(Debug, Clone, Args)]
pub struct FilterArgs {
    /// Text in either side, blind to script, width and case (兩江 finds 两江).
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,
    /// The side --text must be in.
    #[arg(long, value_enum)]
    pub side: Option<SideArg>,
    /// Units from this origin: a TMX file's name, an alignment project's name, a document.
    #[arg(long, value_name = "DETAIL")]
    pub origin: Option<String>,
    /// Units of this kind of origin.
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Units created or last changed by this author.
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
    /// Units created or last changed on or after this day (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub since: Option<Timestamp>,
    /// Units created or last changed before this day (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub until: Option<Timestamp>,
}

impl FilterArgs {
    /// The core's filter, in `order`.
    pub fn filter(&self, order: UnitOrder) -> UnitFilter {
        UnitFilter {
            text: self.text.clone(),
            side: self.side.map(Into::into),
            origin: self.kind.map(Into::into),
            origin_detail: self.origin.clone(),
            author: self.author.clone(),
            since: self.since,
            until: self.until,
            order,
        }
    }
}

fn parse_day(s: &str) -> Result<Timestamp, String> {
    let digits = s.replace('-', "");
    Timestamp::parse_tmx(&format!("{digits}T000000Z"))
        .filter(|_| digits.len() == 8)
        .ok_or_else(|| format!("{s:?} is not a date like 2025-03-31"))
}

#[derive(Debug, Subcommand)]
enum TmCommand {
    /// List the memories of the data folder.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Create a memory in the data folder.
    Create {
        /// Its name.
        name: String,
        /// The language translated from.
        #[arg(long, value_name = "LANG", default_value = "zh-CN")]
        from: LangTag,
        /// The language translated into.
        #[arg(long, value_name = "LANG", default_value = "en-US")]
        to: LangTag,
        /// A note (client, subject).
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Rename a memory of the data folder (not Default).
    Rename {
        /// Its name now.
        old: String,
        /// Its new name.
        new: String,
    },
    /// Delete a whole memory of the data folder and its file (not Default).
    Drop {
        /// Its name.
        name: String,
    },
    /// Set a memory's note or read-only flag.
    Set {
        #[command(flatten)]
        which: Which,
        /// The note.
        #[arg(long)]
        note: Option<String>,
        /// Refuse (true) or allow (false) changes to its units.
        #[arg(long, value_name = "BOOL")]
        read_only: Option<bool>,
    },
    /// Print units, languages, origins, duplicates and conflicts.
    Stats {
        #[command(flatten)]
        which: Which,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// List units (all, or those the filters take).
    Units {
        #[command(flatten)]
        which: Which,
        #[command(flatten)]
        filter: FilterArgs,
        /// Latest first.
        #[arg(long)]
        newest: bool,
        /// Most units listed.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Units skipped before the first listed.
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Replace the text of one side of a unit (undoable).
    Edit {
        /// The unit's id (see `tm units`).
        id: i64,
        /// The new source text.
        #[arg(long, conflicts_with = "target", required_unless_present = "target")]
        source: Option<String>,
        /// The new translation.
        #[arg(long)]
        target: Option<String>,
        #[command(flatten)]
        which: Which,
    },
    /// Delete units by id, every unit from one origin, or every unit (undoable with `tm undo`).
    Delete {
        /// Ids of the units to delete.
        ids: Vec<i64>,
        /// Delete every unit from this origin (a TMX file's name, an alignment project's name).
        #[arg(long, value_name = "DETAIL", conflicts_with = "ids")]
        origin: Option<String>,
        /// Delete every unit of this kind of origin (with --origin: of both).
        #[arg(long, value_enum, conflicts_with = "ids")]
        kind: Option<KindArg>,
        /// Delete every unit.
        #[arg(long, conflicts_with_all = ["ids", "origin", "kind"])]
        all: bool,
        #[command(flatten)]
        which: Which,
    },
    /// Undo the latest edit, deletion, dedupe or import.
    Undo {
        #[command(flatten)]
        which: Which,
    },
    /// Delete units that repeat an older unit exactly (undoable).
    Dedupe {
        #[command(flatten)]
        which: Which,
    },
    /// List sources with more than one translation.
    Conflicts {
        #[command(flatten)]
        which: Which,
        /// Most conflicts listed.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Import TMX files (TMX 1.1–1.4b, OmegaT project memories), each as one transaction.
    Import {
        /// TMX files to import.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// What a unit whose source the memory already holds (with another translation) gets.
        #[arg(long, value_enum, default_value_t = DupArg::KeepBoth)]
        on_duplicate: DupArg,
        /// Import a file of another language pair with its own languages (otherwise it is refused).
        #[arg(long)]
        own_pair: bool,
        #[command(flatten)]
        which: Which,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Export the memory, or the units the filters take, as TMX 1.4b or OmegaT TSV.
    Export {
        /// Output file.
        output: PathBuf,
        /// The file format.
        #[arg(long, value_enum, default_value_t = FormatArg::Tmx)]
        format: FormatArg,
        /// How Chinese language tags are written.
        #[arg(long, value_enum, default_value_t = StyleArg::Region)]
        lang_style: StyleArg,
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        which: Which,
    },
    /// Find memories for a segment (fuzzy matches) and a phrase (concordance).
    Search(crate::tm_io::SearchArgs),
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

/// `--on-duplicate`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DupArg {
    /// Store it beside the units already there.
    KeepBoth,
    /// Its translation replaces theirs.
    Replace,
    /// Leave it out.
    Skip,
}

impl From<DupArg> for OnDuplicate {
    fn from(d: DupArg) -> Self {
        match d {
            DupArg::KeepBoth => OnDuplicate::KeepBoth,
            DupArg::Replace => OnDuplicate::Replace,
            DupArg::Skip => OnDuplicate::Skip,
        }
    }
}

/// `--format`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    /// TMX 1.4b.
    Tmx,
    /// OmegaT's tab-separated form (source, target, origin).
    Tsv,
}

/// `--side`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SideArg {
    /// The source.
    Source,
    /// The translation.
    Target,
}

impl From<SideArg> for Side {
    fn from(s: SideArg) -> Self {
        match s {
            SideArg::Source => Side::Source,
            SideArg::Target => Side::Target,
        }
    }
}

/// `--kind`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    /// Accepted alignment beads.
    Alignment,
    /// Imported TMX files.
    TmxImport,
    /// Segments confirmed while translating.
    Translation,
}

impl From<KindArg> for Origin {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Alignment => Origin::Alignment,
            KindArg::TmxImport => Origin::TmxImport,
            KindArg::Translation => Origin::Translation,
        }
    }
}

/// Makes the memories of this run the team server `target`'s (`--db`).
pub fn use_server(target: &str) -> Result<()> {
    if !duizhao::sql::postgres::is_server(target) {
        anyhow::bail!(
            "--db takes a team server (postgres://user@host/database or \"host=… dbname=…\"), not \
             {target:?}; a memory file is named with --tm"
        );
    }
    let _ = SERVER.set(target.to_string());
    Ok(())
}

/// The memories this run works on: the team server's (`--db`), else the data folder's.
pub fn catalogue() -> Result<Catalogue> {
    if let Some(target) = SERVER.get() {
        return Ok(Catalogue::on_server(
            target,
            duizhao::tm::script::default_converter(),
        ));
    }
    Ok(Catalogue::new(&duizhao::paths::data_dir(None)?))
}

/// Opens the memory `which` names: `--tm DB`, `--memory NAME`, or Default.
pub fn open(which: &Which) -> Result<Memory> {
    match (&which.tm, &which.memory) {
        (Some(db), _) => open_memory(Some(db)),
        (None, Some(name)) => Ok(catalogue()?.open(name)?),
        (None, None) => open_memory(None),
    }
}

/// Opens the memory at `--tm DB`, or the default one in the data folder.
pub fn open_memory(tm: Option<&Path>) -> Result<Memory> {
    if let Some(target) = SERVER.get() {
        if let Some(file) = tm {
            anyhow::bail!(
                "--tm {} names a memory file and --db {} a server: give one of them",
                file.display(),
                duizhao::sql::postgres::place_of(target)
            );
        }
        return Ok(catalogue()?.open(duizhao::tm::catalogue::DEFAULT_NAME)?);
    }
    let path = match tm {
        Some(p) => p.to_path_buf(),
        None => catalogue()?.default_path(),
    };
    Memory::open_with(&path, duizhao::tm::script::default_converter())
        .with_context(|| format!("cannot open the translation memory {}", path.display()))
}

/// Opens the memories `names` (in order) as a set, or the one `--tm DB` names, or Default.
pub fn open_set(names: &[String], tm: Option<&Path>) -> Result<MemorySet> {
    if names.is_empty() {
        return Ok(MemorySet::new(vec![open_memory(tm)?]));
    }
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    Ok(MemorySet::open(&catalogue()?, &names)?)
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
    use crate::tm_io as io;
    use crate::tm_manage as manage;
    if let Some(target) = &args.db {
        use_server(target)?;
    }
    match args.command {
        TmCommand::List { json } => manage::list(json),
        TmCommand::Create {
            name,
            from,
            to,
            note,
        } => manage::create(&name, &from, &to, &note),
        TmCommand::Rename { old, new } => {
            catalogue()?.rename(&old, &new)?;
            println!("renamed “{old}” to “{new}”");
            Ok(())
        }
        TmCommand::Drop { name } => {
            catalogue()?.delete(&name)?;
            println!("deleted the memory “{name}”");
            Ok(())
        }
        TmCommand::Set {
            which,
            note,
            read_only,
        } => manage::set(&which, note.as_deref(), read_only),
        TmCommand::Stats { which, json } => manage::stats(&which, json),
        TmCommand::Units {
            which,
            filter,
            newest,
            limit,
            offset,
            json,
        } => {
            let order = if newest {
                UnitOrder::Newest
            } else {
                UnitOrder::Oldest
            };
            manage::units(&which, &filter.filter(order), offset, limit, json)
        }
        TmCommand::Edit {
            id,
            source,
            target,
            which,
        } => manage::edit(&which, id, source, target),
        TmCommand::Delete {
            ids,
            origin,
            kind,
            all,
            which,
        } => manage::delete(&which, &ids, origin.as_deref(), kind.map(Into::into), all),
        TmCommand::Undo { which } => manage::undo(&which),
        TmCommand::Dedupe { which } => manage::dedupe(&which),
        TmCommand::Conflicts { which, limit, json } => manage::conflicts(&which, limit, json),
        TmCommand::Import {
            files,
            on_duplicate,
            own_pair,
            which,
            json,
        } => io::import(&which, &files, on_duplicate.into(), own_pair, json),
        TmCommand::Export {
            output,
            format,
            lang_style,
            filter,
            which,
        } => io::export(&which, &output, format, lang_style.into(), &filter),
        TmCommand::Search(args) => io::search(args),
    }
}
