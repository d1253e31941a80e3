//! The hostile corpus (issue 16): broken and malicious files of every format Duizhao reads, each read
//! through the library and through the CLI (`info`, `segment`, `glossary import`, `tm import`).
//!
//! The small files live in `tests/data/hostile` with their expected outcomes in `expected.tsv`; the big
//! ones (bombs, 200,000-deep nesting, 200,000 columns, 10 MB lines) are made at test time by
//! [`generate`]. For every file: no panic, the expected outcome (a message naming the file, or a count),
//! and for every CLI run at most 10 times the input plus 100 MB of peak memory and 10 seconds (in a
//! debug build, where nothing is optimised, 5 times as long).
//!
//! CI runs it with the rest (`cargo test --release`); alone: `cargo test --release --no-default-features
//! --test main hostile -- --nocapture` (which prints each CLI run's time and peak memory). With
//! `DUIZHAO_HOSTILE_KEEP=DIR` the generated files are written to DIR and kept, to try them by hand.

mod generate;
mod run;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use duizhao::NoProgress;
use duizhao::document::{LoadOptions, load_path};
use duizhao::glossary::{Glossary, ImportOptions};
use duizhao::tm::tmx;

/// Which reader a file goes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// A document: `info` and `segment`.
    Doc,
    /// `glossary import`.
    Glossary,
    /// `tm import`.
    Tm,
}

/// What a file should come to.
#[derive(Debug, Clone)]
pub enum Expect {
    /// Read, with this count (sentences, entries added or units), and this text among the warnings or
    /// skipped rows.
    Ok(Option<usize>, Option<String>),
    /// Refused with a message containing this.
    Error(String),
}

/// A file to read and what it should come to.
struct Case {
    path: PathBuf,
    reader: Reader,
    expect: Expect,
}

impl Case {
    fn name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/hostile")
}

/// The committed corpus, from `expected.tsv`.
fn corpus() -> Vec<Case> {
    let manifest = corpus_dir().join("expected.tsv");
    let text = std::fs::read_to_string(&manifest).expect("read expected.tsv");
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .map(|(i, line)| {
            let fields: Vec<&str> = line.split('\t').collect();
            let [file, reader, expect, _why] = fields[..] else {
                panic!("expected.tsv:{}: want 4 tab-separated fields", i + 1);
            };
            Case {
                path: corpus_dir().join(file),
                reader: match reader {
                    "doc" => Reader::Doc,
                    "glossary" => Reader::Glossary,
                    "tm" => Reader::Tm,
                    other => panic!("expected.tsv:{}: unknown reader {other}", i + 1),
                },
                expect: parse_expect(expect)
                    .unwrap_or_else(|| panic!("expected.tsv:{}: bad outcome {expect}", i + 1)),
            }
        })
        .collect()
}

fn parse_expect(s: &str) -> Option<Expect> {
    if let Some(text) = s.strip_prefix("error ") {
        return Some(Expect::Error(text.to_string()));
    }
    let rest = s.strip_prefix("ok")?.trim();
    let (count, note) = match rest.split_once(" | ") {
        Some((count, note)) => (count, Some(note.to_string())),
        None => (rest, None),
    };
    let count = match count {
        "" => None,
        n => Some(n.parse().ok()?),
    };
    Some(Expect::Ok(count, note))
}

/// What the library made of a file: a count and the notes (warnings, skipped rows), or the error.
type Outcome = Result<(usize, Vec<String>), String>;

fn read_with_library(case: &Case, scratch: &Path) -> Outcome {
    match case.reader {
        Reader::Doc => load_path(&case.path, &LoadOptions::default(), &mut NoProgress)
            .map(|doc| (doc.sentence_count(), Vec::new()))
            .map_err(|e| e.to_string()),
        Reader::Glossary => {
            let db = scratch.join(format!("{}.sqlite", case.name()));
            let mut g = Glossary::open(&db).map_err(|e| e.to_string())?;
            let report = g
                .import(&case.path, &ImportOptions::default(), &mut NoProgress)
                .map_err(|e| e.to_string())?;
            let notes = report
                .warnings
                .iter()
                .map(|(_, w)| w.clone())
                .chain(report.rows.iter().map(|r| r.message.clone()))
                .collect();
            Ok((report.count(duizhao::glossary::Outcome::Added), notes))
        }
        Reader::Tm => tmx::read(&case.path, &mut NoProgress)
            .map(|doc| (doc.units.len(), doc.warnings))
            .map_err(|e| e.to_string()),
    }
}

/// Checks an outcome against what is expected; `None` when it matches.
fn mismatch(case: &Case, count: Option<usize>, notes: &str, error: Option<&str>) -> Option<String> {
    let name = case.name();
    match (&case.expect, error) {
        (Expect::Error(want), Some(err)) => {
            if !err.contains(want.as_str()) {
                Some(format!("refused, but the message lacks {want:?}: {err}"))
            } else if !err.contains(&name) {
                Some(format!("the message does not name the file: {err}"))
            } else {
                None
            }
        }
        (Expect::Error(want), None) => Some(format!("read (count {count:?}), expected {want:?}")),
        (Expect::Ok(..), Some(err)) => Some(format!("refused: {err}")),
        (Expect::Ok(want, note), None) => {
            if want.is_some() && count != *want {
                Some(format!("count {count:?}, expected {want:?}"))
            } else if note.as_ref().is_some_and(|n| !notes.contains(n.as_str())) {
                Some(format!("no note containing {note:?} in: {notes}"))
            } else {
                None
            }
        }
    }
}

/// Reads every case through the library (no panic, the expected outcome).
fn check_library(cases: &[Case]) -> Vec<String> {
    let scratch = tempfile::tempdir().expect("scratch folder");
    let mut failures = Vec::new();
    for case in cases {
        let got = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            read_with_library(case, scratch.path())
        }));
        let problem = match got {
            Err(_) => Some("panicked".to_string()),
            Ok(Ok((count, notes))) => mismatch(case, Some(count), &notes.join("\n"), None),
            Ok(Err(err)) => mismatch(case, None, "", Some(&err)),
        };
        if let Some(p) = problem {
            failures.push(format!("library, {}: {p}", case.name()));
        }
    }
    failures
}

/// Reads the count (sentences, entries added, units) from a run's standard output.
type CountOf = fn(&str) -> Option<usize>;

/// The CLI runs for a case: the arguments and, for `info --json` and imports, how to read the count.
fn cli_runs(case: &Case, scratch: &Path) -> Vec<(Vec<String>, CountOf)> {
    let file = case.path.to_string_lossy().into_owned();
    let db = |ext: &str| {
        scratch
            .join(format!("{}.{ext}", case.name()))
            .to_string_lossy()
            .into_owned()
    };
    let s = |v: &[&str]| v.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    match case.reader {
        Reader::Doc => vec![
            (s(&["info", "--json", &file]), sentences_in_json),
            (s(&["segment", &file]), |_| None),
        ],
        Reader::Glossary => vec![(
            s(&["glossary", "import", &file, "--db", &db("sqlite")]),
            added_in_summary,
        )],
        Reader::Tm => vec![(
            s(&["tm", "import", &file, "--tm", &db("tm.sqlite")]),
            units_in_summary,
        )],
    }
}

fn sentences_in_json(out: &str) -> Option<usize> {
    let v: serde_json::Value = serde_json::from_str(out).ok()?;
    v["sentences"].as_u64().map(|n| n as usize)
}

/// `FILE: added 3, updated 0, …`
fn added_in_summary(out: &str) -> Option<usize> {
    let at = out.find(": added ")? + ": added ".len();
    out[at..].split(',').next()?.parse().ok()
}

/// `FILE: 2 units, 2 pairs: …`
fn units_in_summary(out: &str) -> Option<usize> {
    let end = out.find(" units, ")?;
    let start = out[..end].rfind(' ')? + 1;
    out[start..end].parse().ok()
}

/// The most a run may take: 10 s for a 10 MB input, five times that unoptimised.
fn time_limit() -> Duration {
    let base = Duration::from_secs(10);
    if cfg!(debug_assertions) {
        base * 5
    } else {
        base
    }
}

/// Runs every case through the CLI: no panic or signal, the expected outcome, and the time and memory
/// limits. Returns the failures and one line per run (for the summary the README reports).
fn check_cli(cases: &[Case]) -> (Vec<String>, Vec<String>) {
    let scratch = tempfile::tempdir().expect("scratch folder");
    let data = tempfile::tempdir().expect("data folder");
    let mut failures = Vec::new();
    let mut lines = Vec::new();
    for case in cases {
        let size = std::fs::metadata(&case.path).map(|m| m.len()).unwrap_or(0);
        let memory_limit = 10 * size + 100 * 1024 * 1024;
        for (args, count_of) in cli_runs(case, scratch.path()) {
            let mut cmd = Command::new(env!("CARGO_BIN_EXE_duizhao-cli"));
            cmd.args(&args).env("DUIZHAO_DATA_DIR", data.path());
            let r = run::run(&mut cmd, time_limit() * 2);
            let what = format!("cli {} {}", args[0], case.name());
            let problem = if r.timed_out {
                Some(format!(
                    "still running after {:?}: killed",
                    time_limit() * 2
                ))
            } else if r.stderr.contains("panicked") || !matches!(r.code, Some(0 | 1)) {
                Some(format!("crashed (exit {:?}): {}", r.code, r.stderr))
            } else if r.elapsed > time_limit() {
                Some(format!("took {:?}", r.elapsed))
            } else if r.peak_rss.is_some_and(|p| p > memory_limit) {
                Some(format!(
                    "peak memory {} MB for a {size}-byte input (limit {} MB)",
                    r.peak_rss.unwrap_or(0) >> 20,
                    memory_limit >> 20
                ))
            } else if r.code == Some(0) {
                let count = count_of(&r.stdout);
                mismatch(case, count.or(expected_count(case)), &r.stderr, None)
            } else {
                mismatch(case, None, "", Some(&r.stderr))
            };
            if let Some(p) = problem {
                failures.push(format!("{what}: {p}"));
            }
            lines.push(format!(
                "{what}: exit {:?}, {:.2} s, {} MB peak, {size} bytes",
                r.code,
                r.elapsed.as_secs_f64(),
                r.peak_rss.unwrap_or(0) >> 20
            ));
        }
    }
    (failures, lines)
}

/// Runs whose output has no count (`segment`) are checked for success only.
fn expected_count(case: &Case) -> Option<usize> {
    match &case.expect {
        Expect::Ok(n, _) => *n,
        Expect::Error(_) => None,
    }
}

fn report(what: &str, failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{what}: {} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn hostile_corpus_is_large_and_every_file_has_an_outcome() {
    let cases = corpus();
    assert!(cases.len() >= 50, "only {} files", cases.len());
    let listed: std::collections::BTreeSet<String> = cases.iter().map(Case::name).collect();
    for entry in std::fs::read_dir(corpus_dir()).expect("read corpus") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        assert!(
            name == "expected.tsv" || listed.contains(&name),
            "{name} has no line in expected.tsv"
        );
    }
    for case in &cases {
        assert!(case.path.is_file(), "{} is listed but missing", case.name());
    }
}

#[test]
fn hostile_corpus_through_the_library() {
    report("library", check_library(&corpus()));
}

#[test]
fn hostile_corpus_through_the_cli() {
    let (failures, lines) = check_cli(&corpus());
    eprintln!("{}", lines.join("\n"));
    report("CLI", failures);
}

#[test]
fn hostile_big_inputs_through_the_library_and_the_cli() {
    let temp = tempfile::tempdir().expect("folder for generated files");
    let dir = match std::env::var_os("DUIZHAO_HOSTILE_KEEP") {
        Some(keep) => {
            std::fs::create_dir_all(&keep).expect("create DUIZHAO_HOSTILE_KEEP");
            PathBuf::from(keep)
        }
        None => temp.path().to_path_buf(),
    };
    let cases: Vec<Case> = generate::cases()
        .into_iter()
        .map(|big| {
            let path = dir.join(big.name);
            std::fs::write(&path, (big.make)()).expect("write generated file");
            Case {
                path,
                reader: big.reader,
                expect: big.expect,
            }
        })
        .collect();
    let mut failures = check_library(&cases);
    let (cli, lines) = check_cli(&cases);
    eprintln!("{}", lines.join("\n"));
    failures.extend(cli);
    report("big inputs", failures);
}
