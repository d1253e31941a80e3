//! Naming and reaching a server the way libpq does, so that a team's existing set-up works unchanged and
//! no password is ever kept in Duizhao's settings: a URL (`postgres://user@host/db`) or `key=value`
//! string, the `PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`, `PGPASSWORD`, `PGSSLMODE`, `PGCONNECT_TIMEOUT`
//! and `PGAPPNAME` variables for what it leaves out, a service (`service=NAME` or `PGSERVICE`) from
//! `PGSERVICEFILE` or `~/.pg_service.conf`, and the password from `PGPASSFILE` or `~/.pgpass`. The
//! `postgres` crate parses the strings; the rest is here.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use postgres::Config;
use postgres::config::{Host, SslMode as PgSslMode};

use super::tls::{SslMode, TlsWanted};
use super::{DbError, Kind, Result};

/// Whether `target` carries a password (`postgres://user:secret@…` or `password=…`), which Duizhao must
/// not keep in its settings: it belongs in `~/.pgpass`, the service file or `PGPASSWORD`.
pub fn has_password(target: &str) -> bool {
    let t = target.trim();
    if let Some(rest) = t
        .strip_prefix("postgres://")
        .or_else(|| t.strip_prefix("postgresql://"))
    {
        let authority = rest.split(['/', '?']).next().unwrap_or("");
        return authority
            .rsplit_once('@')
            .is_some_and(|(userinfo, _)| userinfo.contains(':'))
            || rest.contains("password=");
    }
    t.split_whitespace().any(|p| p.starts_with("password="))
}

/// The variables and files libpq would read, gathered once so that tests can give their own.
#[derive(Debug, Default, Clone)]
pub struct Environment {
    /// `PG*` variables.
    pub vars: HashMap<String, String>,
    /// The home folder (for `~/.pgpass` and `~/.pg_service.conf`).
    pub home: Option<PathBuf>,
    /// The login name (libpq's default user).
    pub login: String,
}

impl Environment {
    /// This process's environment.
    pub fn from_process() -> Environment {
        Environment {
            vars: std::env::vars()
                .filter(|(k, _)| k.starts_with("PG"))
                .collect(),
            home: std::env::var_os("HOME").map(PathBuf::from),
            login: crate::paths::login_name(),
        }
    }

    fn var(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    fn file(&self, var: &str, default_name: &str) -> Option<PathBuf> {
        self.var(var)
            .map(PathBuf::from)
            .or_else(|| self.home.as_ref().map(|h| h.join(default_name)))
    }
}

/// `sslmode` and `sslrootcert` taken out of `target` (the `postgres` crate knows neither `verify-*` nor
/// root certificates), with the environment's and libpq's defaults for what it leaves out.
fn take_tls(target: &str, env: &Environment) -> Result<(String, TlsWanted)> {
    let (mut mode, mut root) = (None, None);
    let mut take = |key: &str, value: &str| -> Result<bool> {
        match key {
            "sslmode" => {
                mode = Some(SslMode::parse(value).ok_or_else(|| DbError {
                    kind: Kind::Other,
                    detail: format!("sslmode={value} is not a mode libpq knows"),
                })?);
                Ok(true)
            }
            "sslrootcert" => {
                root = Some(PathBuf::from(value));
                Ok(true)
            }
            _ => Ok(false),
        }
    };
    let rest = if let Some((head, query)) = target
        .split_once('?')
        .filter(|_| target.starts_with("postgres://") || target.starts_with("postgresql://"))
    {
        let mut kept = Vec::new();
        for pair in query.split('&') {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            if !take(k, &percent_decode(v))? {
                kept.push(pair);
            }
        }
        if kept.is_empty() {
            head.to_string()
        } else {
            format!("{head}?{}", kept.join("&"))
        }
    } else if target.starts_with("postgres://") || target.starts_with("postgresql://") {
        target.to_string()
    } else {
        let mut kept = Vec::new();
        for part in target.split_whitespace() {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            if !take(k, v.trim_matches('\''))? {
                kept.push(part);
            }
        }
        kept.join(" ")
    };
    let mode = match mode {
        Some(m) => m,
        None => match env.var("PGSSLMODE") {
            Some(v) => SslMode::parse(v).ok_or_else(|| DbError {
                kind: Kind::Other,
                detail: format!("PGSSLMODE={v} is not a mode libpq knows"),
            })?,
            None => SslMode::Prefer,
        },
    };
    let root_cert = root
        .or_else(|| env.var("PGSSLROOTCERT").map(PathBuf::from))
        .or_else(|| {
            env.home
                .as_ref()
                .map(|h| h.join(".postgresql/root.crt"))
                .filter(|p| p.is_file())
        });
    Ok((rest, TlsWanted { mode, root_cert }))
}

/// `%XX` escapes decoded (a root certificate's path in a URL).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The connection settings for `target`, completed as libpq completes them, and what it asks of TLS.
pub fn config_for(target: &str, env: &Environment) -> Result<(Config, TlsWanted)> {
    let bad = |what: String| DbError {
        kind: Kind::Other,
        detail: what,
    };
    // A service's settings come first; what the target says itself overrides them.
    let (service, rest) = split_service(target.trim());
    let service = service.or_else(|| env.var("PGSERVICE").map(str::to_string));
    let mut text = String::new();
    if let Some(name) = &service {
        let file = env.file("PGSERVICEFILE", ".pg_service.conf");
        let settings = file
            .as_deref()
            .and_then(|f| std::fs::read_to_string(f).ok())
            .and_then(|t| service_settings(&t, name))
            .ok_or_else(|| {
                bad(format!(
                    "no service “{name}” in {}",
                    file.map(|f| f.display().to_string())
                        .unwrap_or_else(|| "the service file".into())
                ))
            })?;
        for (k, v) in settings {
            // The TLS settings are read here, not by the `postgres` crate (see `take_tls`): unquoted.
            if k == "sslmode" || k == "sslrootcert" {
                text.push_str(&format!("{k}={v} "));
                continue;
            }
            text.push_str(&format!(
                "{k}='{}' ",
                v.replace('\\', "\\\\").replace('\'', "\\'")
            ));
        }
    }
    let is_url = rest.starts_with("postgres://") || rest.starts_with("postgresql://");
    if is_url && !text.is_empty() {
        return Err(bad("a service cannot be combined with a URL".into()));
    }
    let (combined, tls) = take_tls(
        &if is_url {
            rest
        } else {
            format!("{text}{rest}")
        },
        env,
    )?;
    let mut config: Config = combined.parse().map_err(|e: postgres::Error| {
        bad(format!("cannot read the server address “{target}”: {e}"))
    })?;

    if config.get_hosts().is_empty() {
        match env.var("PGHOST") {
            Some(h) if h.starts_with('/') => config.host_path(h),
            Some(h) => config.host(h),
            None => config.host_path(default_socket_dir()),
        };
    }
    if config.get_ports().is_empty() {
        if let Some(p) = env.var("PGPORT") {
            let port = p
                .parse()
                .map_err(|_| bad(format!("PGPORT is not a port: {p}")))?;
            config.port(port);
        }
    }
    if config.get_user().is_none() {
        config.user(env.var("PGUSER").unwrap_or(&env.login));
    }
    if config.get_dbname().is_none() {
        let db = env
            .var("PGDATABASE")
            .map(str::to_string)
            .unwrap_or_else(|| config.get_user().unwrap_or_default().to_string());
        config.dbname(&db);
    }
    config.ssl_mode(match tls.mode {
        SslMode::Disable => PgSslMode::Disable,
        SslMode::Prefer => PgSslMode::Prefer,
        SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => PgSslMode::Require,
    });
    if config.get_connect_timeout().is_none() {
        let secs = env
            .var("PGCONNECT_TIMEOUT")
            .and_then(|s| s.parse().ok())
            .unwrap_or(10);
        config.connect_timeout(Duration::from_secs(secs));
    }
    // A server that vanishes without closing the connection (a cable pulled, a machine gone) is noticed
    // within about a minute rather than the system's two hours, unless the address says otherwise:
    // data unacknowledged for 15 s closes the connection, and an idle one is probed every 10 s after 30 s.
    if config.get_tcp_user_timeout().is_none() {
        config.tcp_user_timeout(Duration::from_secs(15));
    }
    if config.get_keepalives_interval().is_none() {
        config
            .keepalives_idle(Duration::from_secs(30))
            .keepalives_interval(Duration::from_secs(10))
            .keepalives_retries(3);
    }
    if config.get_application_name().is_none() {
        config.application_name(env.var("PGAPPNAME").unwrap_or("duizhao"));
    }
    if config.get_password().is_none() {
        if let Some(p) = env.var("PGPASSWORD") {
            config.password(p);
        } else if let Some(p) = env
            .file("PGPASSFILE", ".pgpass")
            .and_then(|f| password_from_file(&f, &config))
        {
            config.password(p);
        }
    }
    Ok((config, tls))
}

/// Debian's (and most distributions') socket folder; libpq's compiled-in default there.
fn default_socket_dir() -> &'static str {
    "/var/run/postgresql"
}

/// `service=NAME` taken out of a `key=value` string.
fn split_service(target: &str) -> (Option<String>, String) {
    if target.starts_with("postgres://") || target.starts_with("postgresql://") {
        return (None, target.to_string());
    }
    let mut service = None;
    let rest: Vec<&str> = target
        .split_whitespace()
        .filter(|part| match part.strip_prefix("service=") {
            Some(name) => {
                service = Some(name.trim_matches('\'').to_string());
                false
            }
            None => true,
        })
        .collect();
    (service, rest.join(" "))
}

/// The `key=value` lines of section `[name]` in a service file.
fn service_settings(file: &str, name: &str) -> Option<Vec<(String, String)>> {
    let mut in_section = false;
    let mut found = None;
    for line in file.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            in_section = section.trim() == name;
            if in_section {
                found.get_or_insert_with(Vec::new);
            }
            continue;
        }
        if in_section && let Some((k, v)) = line.split_once('=') {
            found
                .get_or_insert_with(Vec::new)
                .push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    found
}

/// The password for this host, port, database and user in a `.pgpass` file (`*` matches anything;
/// `\:` and `\\` are escapes). libpq ignores a file that others can read; so does this.
fn password_from_file(path: &Path, config: &Config) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if std::fs::metadata(path).ok()?.permissions().mode() & 0o077 != 0 {
            return None;
        }
    }
    let text = std::fs::read_to_string(path).ok()?;
    let host = match config.get_hosts().first()? {
        Host::Tcp(h) => h.clone(),
        #[cfg(unix)]
        Host::Unix(_) => "localhost".to_string(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let wanted = [
        host.as_str(),
        port.as_str(),
        config.get_dbname().unwrap_or(""),
        config.get_user().unwrap_or(""),
    ];
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .find_map(|line| {
            let fields = pgpass_fields(line);
            if fields.len() != 5 {
                return None;
            }
            let matches = fields[..4]
                .iter()
                .zip(wanted)
                .all(|(f, w)| f == "*" || f == w);
            matches.then(|| fields[4].clone())
        })
}

fn pgpass_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    fields.last_mut().unwrap().push(next);
                }
            }
            ':' => fields.push(String::new()),
            _ => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::postgres::describe;

    fn env(vars: &[(&str, &str)], home: &Path) -> Environment {
        Environment {
            vars: vars
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            home: Some(home.to_path_buf()),
            login: "lin".into(),
        }
    }

    #[test]
    fn what_the_target_leaves_out_comes_from_the_environment_and_pgpass() {
        let home = tempfile::tempdir().unwrap();
        let pgpass = home.path().join(".pgpass");
        std::fs::write(
            &pgpass,
            "# team\ndb.example:5433:terms:lin:s\\:ecret\n*:*:*:*:other\n",
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let e = env(
            &[
                ("PGHOST", "db.example"),
                ("PGPORT", "5433"),
                ("PGDATABASE", "terms"),
            ],
            home.path(),
        );
        let (c, _) = config_for("", &e).unwrap();
        assert_eq!(describe(&c), "lin@db.example:5433/terms");
        assert_eq!(c.get_password(), Some(&b"s:ecret"[..]));
        let (c, _) = config_for("postgres://mei@db.example:5433/other", &e).unwrap();
        assert_eq!(describe(&c), "mei@db.example:5433/other");
        assert_eq!(c.get_password(), Some(&b"other"[..]), "the catch-all line");
        // A vanished server is noticed within a minute, unless the address says how.
        assert_eq!(c.get_tcp_user_timeout(), Some(&Duration::from_secs(15)));
        assert_eq!(c.get_keepalives_idle(), Duration::from_secs(30));
        let (c, _) = config_for("host=db keepalives_idle=600 keepalives_interval=60", &e).unwrap();
        assert_eq!(c.get_keepalives_idle(), Duration::from_secs(600));
    }

    #[test]
    fn passwords_are_found_in_urls_and_strings() {
        assert!(has_password("postgres://lin:secret@db/glossary"));
        assert!(has_password("postgres://lin@db/glossary?password=x"));
        assert!(has_password("host=db password=x"));
        assert!(!has_password("postgres://lin@db:5432/glossary"));
        assert!(!has_password("postgres://db/glossary"));
        assert!(!has_password("service=team"));
    }

    #[test]
    fn a_service_file_names_the_server() {
        let home = tempfile::tempdir().unwrap();
        std::fs::write(
            home.path().join(".pg_service.conf"),
            "[team]\nhost=db.example\nport=5434\ndbname=glossary\nuser=terms\n\n[other]\nhost=x\n",
        )
        .unwrap();
        let (c, _) = config_for("service=team", &env(&[], home.path())).unwrap();
        assert_eq!(describe(&c), "terms@db.example:5434/glossary");
        let (c, _) = config_for("service=team user=mei", &env(&[], home.path())).unwrap();
        assert_eq!(
            describe(&c),
            "mei@db.example:5434/glossary",
            "the string wins"
        );
        let err = config_for("service=none", &env(&[], home.path())).unwrap_err();
        assert!(err.detail.contains("no service “none”"), "{err}");
    }
}
