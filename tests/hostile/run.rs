//! Running the CLI on one file and measuring it: exit, output, wall time and the child's own peak
//! resident memory.
//!
//! The peak is the `VmHWM` line of `/proc/PID/status`, read every millisecond until the child exits.
//! `getrusage`/`wait4` would be simpler but are wrong here: Rust starts children with `posix_spawn`,
//! whose child shares the test process's memory until `exec`, and the kernel carries that memory's peak
//! (hundreds of MB in a test process holding generated files) into the child's `ru_maxrss`. `VmHWM`
//! belongs to the memory the program got at `exec`. A run too short to be read even once (under a
//! millisecond or two) cannot have touched anywhere near the limits, and reports no peak.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one run of the CLI did.
#[derive(Debug)]
pub struct Run {
    /// The exit code, or `None` when a signal ended it (a crash, or the timeout's kill).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
    /// Peak resident memory in bytes, where the platform reports it (Linux).
    pub peak_rss: Option<u64>,
    pub timed_out: bool,
}

/// Runs `cmd`, killing it after `timeout`.
pub fn run(cmd: &mut Command, timeout: Duration) -> Run {
    let started = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the CLI");
    // Read both pipes while the child runs, so that it never blocks on a full one.
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        String::from_utf8_lossy(&s).into_owned()
    });
    let err = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        String::from_utf8_lossy(&s).into_owned()
    });
    let (code, peak_rss, timed_out) = wait(&mut child, started, timeout);
    Run {
        code,
        stdout: out.join().expect("stdout reader"),
        stderr: err.join().expect("stderr reader"),
        elapsed: started.elapsed(),
        peak_rss,
        timed_out,
    }
}

#[cfg(unix)]
fn wait(
    child: &mut std::process::Child,
    started: Instant,
    timeout: Duration,
) -> (Option<i32>, Option<u64>, bool) {
    let pid = child.id() as libc::pid_t;
    let status_file = format!("/proc/{pid}/status");
    let mut peak: Option<u64> = None;
    let mut timed_out = false;
    loop {
        // Read before reaping: once reaped, the id may belong to another process.
        if let Some(hwm) = std::fs::read_to_string(&status_file)
            .ok()
            .as_deref()
            .and_then(vm_hwm)
        {
            peak = Some(peak.map_or(hwm, |p| p.max(hwm)));
        }
        let mut status = 0;
        let flags = if timed_out { 0 } else { libc::WNOHANG };
        // SAFETY: `pid` is our own child, not yet reaped (std's `Child` is never waited on here).
        let reaped = unsafe { libc::waitpid(pid, &mut status, flags) };
        if reaped == pid {
            let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
            return (code, peak, timed_out);
        }
        if reaped < 0 {
            panic!("waitpid failed: {}", std::io::Error::last_os_error());
        }
        if started.elapsed() > timeout {
            // Only this child, by its own id.
            let _ = child.kill();
            timed_out = true;
        } else {
            std::thread::sleep(Duration::from_millis(1));
        }
    }
}

/// The `VmHWM:   1234 kB` line of a `/proc/PID/status`, in bytes.
#[cfg(unix)]
fn vm_hwm(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line["VmHWM:".len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb * 1024)
}

#[cfg(not(unix))]
fn wait(
    child: &mut std::process::Child,
    started: Instant,
    timeout: Duration,
) -> (Option<i32>, Option<u64>, bool) {
    loop {
        if let Some(status) = child.try_wait().expect("wait for the CLI") {
            return (status.code(), None, false);
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let status = child.wait().expect("wait for the CLI");
            return (status.code(), None, true);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}
