//! Helpers shared by the integration tests: running the CLI in a temporary folder, and finding the shared
//! conformance material.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `../shared` folder beside the repository (or `DUIZHAO_SHARED`), if it exists.
///
/// When it is missing the calling test prints why and returns early, unless `DUIZHAO_REQUIRE_SHARED=1`
/// (set by `.ci/run`), in which case the test fails: CI must never pass a conformance check by skipping it.
pub fn shared_dir() -> Option<PathBuf> {
    let candidate = std::env::var_os("DUIZHAO_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    if candidate.join("conformance").is_dir() {
        return Some(candidate);
    }
    if std::env::var("DUIZHAO_REQUIRE_SHARED").is_ok_and(|v| v == "1") {
        panic!(
            "DUIZHAO_REQUIRE_SHARED=1 but {} has no conformance folder",
            candidate.display()
        );
    }
    eprintln!(
        "SKIPPED: {} not found (set DUIZHAO_SHARED to the shared folder to run this check)",
        candidate.display()
    );
    None
}

/// `shared_dir()/conformance/<rel>`, or return from the test (with the printed reason) when absent.
#[macro_export]
macro_rules! conformance_or_skip {
    ($rel:expr) => {
        match $crate::util::shared_dir() {
            Some(dir) => dir.join("conformance").join($rel),
            None => return,
        }
    };
}

/// `shared_dir()/<rel>` (seeds, tools), or return from the test when absent.
#[macro_export]
macro_rules! shared_or_skip {
    ($rel:expr) => {
        match $crate::util::shared_dir() {
            Some(dir) => dir.join($rel),
            None => return,
        }
    };
}

/// A temporary folder to run the CLI in.
pub struct TestDir {
    pub dir: tempfile::TempDir,
}

impl TestDir {
    pub fn new() -> Self {
        TestDir {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes a file (bytes or text) into the folder and returns its path.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::write(&path, contents).expect("write test file");
        path
    }

    /// A `duizhao-cli` command running in this folder, with its data in this folder.
    pub fn cli(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_duizhao-cli"));
        cmd.current_dir(self.dir.path());
        cmd.env("DUIZHAO_DATA_DIR", self.dir.path().join("data"));
        cmd
    }
}

/// Runs a command with `stdin` as its standard input.
pub fn run_with_stdin(cmd: &mut Command, stdin: &[u8]) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start duizhao-cli");
    let mut pipe = child.stdin.take().expect("stdin");
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().expect("wait for duizhao-cli");
    writer.join().expect("stdin writer");
    out
}

/// Stdout of a successful run, as text; panics with stderr otherwise.
pub fn stdout_ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "command failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

/// A count set by the environment variable `name` (for the long runs the README reports), else `default`.
pub fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A TCP forwarder between a client and a server, to take the server away ([`Proxy::cut`]) and bring it
/// back ([`Proxy::restore`]) in the middle of a test, or make it far away ([`Proxy::set_delay`]).
pub struct Proxy {
    /// The port clients connect to (on 127.0.0.1).
    pub port: u16,
    up: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// Milliseconds each chunk of data waits before it is passed on, each way.
    delay: std::sync::Arc<std::sync::atomic::AtomicU64>,
    open: std::sync::Arc<std::sync::Mutex<Vec<std::net::TcpStream>>>,
}

impl Proxy {
    /// Forwards connections on a free port to `to`.
    pub fn start(to: std::net::SocketAddr) -> Proxy {
        use std::sync::atomic::Ordering;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
        let port = listener.local_addr().unwrap().port();
        let up = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let open = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let delay = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let (up2, open2, delay2) = (up.clone(), open.clone(), delay.clone());
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                if !up2.load(Ordering::SeqCst) {
                    let _ = client.shutdown(std::net::Shutdown::Both);
                    continue;
                }
                let Ok(server) = std::net::TcpStream::connect(to) else {
                    continue;
                };
                let mut list = open2.lock().unwrap();
                list.push(client.try_clone().unwrap());
                list.push(server.try_clone().unwrap());
                for (mut from, mut into) in [
                    (client.try_clone().unwrap(), server.try_clone().unwrap()),
                    (server, client),
                ] {
                    let delay = delay2.clone();
                    std::thread::spawn(move || {
                        use std::io::{Read, Write};
                        let mut buf = vec![0u8; 64 * 1024];
                        while let Ok(n) = from.read(&mut buf) {
                            let wait = delay.load(Ordering::SeqCst);
                            if n == 0 || {
                                std::thread::sleep(std::time::Duration::from_millis(wait));
                                into.write_all(&buf[..n]).is_err()
                            } {
                                break;
                            }
                        }
                        let _ = into.shutdown(std::net::Shutdown::Both);
                    });
                }
            }
        });
        Proxy {
            port,
            up,
            open,
            delay,
        }
    }

    /// Makes every chunk of data wait `delay` each way, as over a slow network.
    pub fn set_delay(&self, delay: std::time::Duration) {
        self.delay.store(
            delay.as_millis() as u64,
            std::sync::atomic::Ordering::SeqCst,
        );
    }

    /// The server goes away: open connections are closed and new ones refused.
    pub fn cut(&self) {
        self.up.store(false, std::sync::atomic::Ordering::SeqCst);
        for s in self.open.lock().unwrap().drain(..) {
            let _ = s.shutdown(std::net::Shutdown::Both);
        }
    }

    /// The server is back.
    pub fn restore(&self) {
        self.up.store(true, std::sync::atomic::Ordering::SeqCst);
    }

    /// `url` (`postgres://user@127.0.0.1:PORT/db`) pointed at this proxy, and the server's address.
    pub fn for_url(url: &str) -> (Proxy, String) {
        let (head, rest) = url.split_once('@').expect("user@host in the URL");
        let (addr, db) = rest.split_once('/').expect("a database in the URL");
        let proxy = Proxy::start(addr.parse().expect("host:port as an address"));
        let via = format!("{head}@127.0.0.1:{}/{db}", proxy.port);
        (proxy, via)
    }
}
