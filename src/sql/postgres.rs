//! The PostgreSQL engine: prepared statements kept per connection, and SQL written for both engines
//! (`?1`) turned into PostgreSQL's (`$1`). How a server is named and reached follows libpq (`libpq.rs`).

use std::collections::HashMap;

use postgres::config::Host;
use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, Config, NoTls, Statement};

use super::libpq::{Environment, config_for};
use super::tls::SslMode;
use super::{DbError, Param, Result};

/// An open connection to a server, with the statements it has prepared.
pub struct PgConn {
    client: Client,
    statements: HashMap<String, Statement>,
    /// The advisory lock a write transaction takes (one per kind of store).
    write_lock: i64,
    /// Where it is connected, for messages: `user@host:port/database`, never a password.
    place: String,
}

impl PgConn {
    /// Connects to `target` (a URL or libpq `key=value` string, completed from the environment as libpq
    /// would); write transactions will take advisory lock `write_lock`.
    pub fn connect(target: &str, write_lock: i64) -> Result<PgConn> {
        let (config, tls) = config_for(target, &Environment::from_process())?;
        let place = describe(&config);
        // As libpq, no TLS over a Unix-domain socket: it never leaves the machine, and its "host" is a
        // folder, which no certificate names.
        #[cfg(unix)]
        let local = !config.get_hosts().is_empty()
            && config
                .get_hosts()
                .iter()
                .all(|h| matches!(h, Host::Unix(_)));
        #[cfg(not(unix))]
        let local = false;
        let connected = if tls.mode == SslMode::Disable || local {
            config.connect(NoTls)
        } else {
            config.connect(super::tls::connector(&tls)?)
        };
        let client = connected.map_err(DbError::from)?;
        Ok(PgConn {
            client,
            statements: HashMap::new(),
            write_lock,
            place,
        })
    }

    /// `user@host:port/database` of this connection.
    pub fn place(&self) -> &str {
        &self.place
    }

    /// The statement for `sql`, prepared once per connection.
    fn statement(&mut self, sql: &str) -> Result<Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let statement = self.client.prepare(&dollar_params(sql))?;
        self.statements.insert(sql.to_string(), statement.clone());
        Ok(statement)
    }

    pub(super) fn execute(&mut self, sql: &str, params: &[&dyn Param]) -> Result<usize> {
        let statement = self.statement(sql)?;
        let n = self.client.execute(&statement, &pg(params))?;
        Ok(n as usize)
    }

    pub(super) fn batch(&mut self, sql: &str) -> Result<()> {
        Ok(self.client.batch_execute(sql)?)
    }

    pub(super) fn for_each(
        &mut self,
        sql: &str,
        params: &[&dyn Param],
        mut f: impl FnMut(&postgres::Row) -> Result<()>,
    ) -> Result<()> {
        let statement = self.statement(sql)?;
        let mut rows = self.client.query_raw(&statement, pg(params))?;
        while let Some(row) = rows.next()? {
            f(&row)?;
        }
        Ok(())
    }

    pub(super) fn begin(&mut self, lock: bool) -> Result<()> {
        self.client.batch_execute("BEGIN")?;
        if lock {
            let result = self
                .client
                .execute("SELECT pg_advisory_xact_lock($1)", &[&self.write_lock]);
            if let Err(e) = result {
                let _ = self.client.batch_execute("ROLLBACK");
                return Err(e.into());
            }
        }
        Ok(())
    }

    /// Makes write transactions take advisory lock `key` from now on.
    pub fn set_write_lock(&mut self, key: i64) {
        self.write_lock = key;
    }

    /// Whether the connection to the server was lost.
    pub fn is_closed(&self) -> bool {
        self.client.is_closed()
    }

    /// The client, for what only PostgreSQL has (LISTEN/NOTIFY).
    pub fn client(&mut self) -> &mut Client {
        &mut self.client
    }
}

fn pg<'p>(params: &'p [&'p dyn Param]) -> Vec<&'p (dyn postgres::types::ToSql + Sync)> {
    params
        .iter()
        .map(|p| *p as &(dyn postgres::types::ToSql + Sync))
        .collect()
}

/// `?1` → `$1` outside quoted strings and identifiers.
pub fn dollar_params(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quote: Option<char> = None;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == '?' && chars.peek().is_some_and(|d| d.is_ascii_digit()) => {
                out.push('$');
                continue;
            }
            None => {}
        }
        out.push(c);
    }
    out
}

/// `user@host:port/database` for messages.
pub fn describe(config: &Config) -> String {
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(Host::Unix(p)) => p.display().to_string(),
        None => "localhost".to_string(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    format!(
        "{}@{host}:{port}/{}",
        config.get_user().unwrap_or("?"),
        config.get_dbname().unwrap_or("?")
    )
}

/// `postgres://user@host:port/database` for `target` as it will be connected to, never with a password;
/// the target as written (its password cut out) when it cannot be read.
pub fn place_of(target: &str) -> String {
    match config_for(target, &Environment::from_process()) {
        Ok((config, _)) => format!("postgres://{}", describe(&config)),
        Err(_) => match target.split_once('@') {
            Some((head, tail)) if head.contains("://") => {
                let scheme = &head[..head.find("://").unwrap_or(0) + 3];
                let user = head[scheme.len()..].split(':').next().unwrap_or("");
                format!("{scheme}{user}@{tail}")
            }
            _ => target
                .split_whitespace()
                .filter(|p| !p.starts_with("password="))
                .collect::<Vec<_>>()
                .join(" "),
        },
    }
}

/// Whether `text` names a server rather than a file: a `postgres://` or `postgresql://` URL, or a
/// libpq `key=value` string such as `service=team` or `host=db dbname=glossary`.
pub fn is_server(text: &str) -> bool {
    let t = text.trim();
    t.starts_with("postgres://")
        || t.starts_with("postgresql://")
        || ["service=", "host=", "dbname="]
            .iter()
            .any(|k| t.starts_with(k) || t.contains(&format!(" {k}")))
}

/// A thread listening to a server's notifications on one channel (LISTEN/NOTIFY, on a connection of its
/// own). Dropping it stops the thread within a second.
pub struct Listener {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// Listens on `channel` of the server `target` on a thread named `thread`: `on_event` runs there with each
/// notification (the sending server process and the payload) as it is committed, and with `None` after
/// a lost connection came back (it is tried again every few seconds; notifications may have been missed
/// meanwhile).
pub fn listen(
    target: &str,
    channel: &'static str,
    thread: &str,
    on_event: impl Fn(Option<(i32, &str)>) + Send + 'static,
) -> Result<Listener> {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;
    let connect = move |target: &str| -> Result<PgConn> {
        // The lock key is never used: this connection only listens.
        let mut conn = PgConn::connect(target, 0)?;
        conn.client().batch_execute(&format!("LISTEN {channel}"))?;
        Ok(conn)
    };
    let mut conn = connect(target)?;
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let (flag, target) = (stop.clone(), target.to_string());
    std::thread::Builder::new()
        .name(thread.into())
        .spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                let lost = {
                    let mut notifications = conn.client().notifications();
                    let mut wait = notifications.timeout_iter(Duration::from_millis(500));
                    loop {
                        match wait.next() {
                            Ok(Some(n)) => on_event(Some((n.process_id(), n.payload()))),
                            Ok(None) => break false,
                            Err(_) => break true,
                        }
                    }
                };
                if lost || conn.is_closed() {
                    loop {
                        std::thread::sleep(Duration::from_secs(3));
                        if flag.load(Ordering::Relaxed) {
                            return;
                        }
                        if let Ok(again) = connect(&target) {
                            conn = again;
                            on_event(None);
                            break;
                        }
                    }
                }
            }
        })
        .map_err(|e| DbError::other(format!("cannot start listening: {e}")))?;
    Ok(Listener { stop })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_renumbered_outside_quotes() {
        assert_eq!(
            dollar_params("SELECT '?1', \"a?2\" FROM t WHERE a = ?1 AND b = ?12"),
            "SELECT '?1', \"a?2\" FROM t WHERE a = $1 AND b = $12"
        );
    }

    #[test]
    fn servers_are_told_from_files() {
        assert!(is_server("postgres://lin@db/glossary"));
        assert!(is_server("service=team"));
        assert!(is_server("host=db dbname=glossary"));
        assert!(!is_server("/home/lin/glossary.sqlite"));
        assert!(!is_server("glossary.sqlite"));
    }
}
