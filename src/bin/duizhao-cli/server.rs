//! `duizhao-cli server …`: create and upgrade a team's glossary on a PostgreSQL server.

use anyhow::Result;
use clap::{Args, Subcommand};

/// Set up the team server.
#[derive(Debug, Args)]
pub struct ServerArgs {
    /// The server (`postgres://user@host/db`, `service=NAME`; libpq's PG* variables, service file and
    /// .pgpass complete it). Default: $DUIZHAO_DB.
    #[arg(long, global = true, value_name = "URL", env = "DUIZHAO_DB")]
    db: Option<String>,
    #[command(subcommand)]
    command: ServerCommand,
}

#[derive(Debug, Subcommand)]
enum ServerCommand {
    /// Create the glossary schema and the roles duizhao_reader, duizhao_editor and duizhao_admin
    /// (refused when a glossary is there already).
    Init,
    /// Upgrade the glossary schema to this version of Duizhao and check the roles' grants.
    Migrate,
}

/// Runs a server subcommand.
pub fn run(args: ServerArgs) -> Result<()> {
    let Some(target) = args.db else {
        anyhow::bail!(
            "name the server with --db postgres://user@host/database (or set DUIZHAO_DB)"
        );
    };
    if !duizhao::sql::postgres::is_server(&target) {
        anyhow::bail!(
            "{target}: not a server address; give a postgres:// URL or a libpq string such as \
             service=NAME (a glossary file needs no set-up)"
        );
    }
    let summary = match args.command {
        ServerCommand::Init => duizhao::glossary::server_init(&target)?,
        ServerCommand::Migrate => duizhao::glossary::server_migrate(&target)?,
    };
    println!("{summary}");
    Ok(())
}
