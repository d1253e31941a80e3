//! Script conversion: OpenCC's own test cases (../shared/conformance/opencc), the CLI, and a
//! differential test against the reference implementation (Python `opencc==1.4.2`) on the corpus
//! built by ../shared/tools/make_zh_corpus.sh.

use std::path::{Path, PathBuf};
use std::process::Command;

use duizhao::convert::{Config, Converter, Overrides};

use crate::util::{TestDir, run_with_stdin, stdout_ok};

#[derive(serde::Deserialize)]
struct Case {
    config: String,
    input: String,
    expected: String,
    #[serde(default)]
    id: serde_json::Value,
}

/// Runs every case of a JSONL file and returns (passed, total, failure descriptions).
fn run_cases(path: &Path) -> (usize, usize, Vec<String>) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut failures = Vec::new();
    let mut total = 0;
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        total += 1;
        let case: Case = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), n + 1));
        let config = Config::from_name(&case.config)
            .unwrap_or_else(|| panic!("unknown config {}", case.config));
        let got = Converter::new(config).convert(&case.input);
        if got != case.expected {
            failures.push(format!(
                "{}:{} {} id={}\n  input    {:?}\n  expected {:?}\n  got      {:?}",
                path.display(),
                n + 1,
                case.config,
                case.id,
                case.input,
                case.expected,
                got
            ));
        }
    }
    (total - failures.len(), total, failures)
}

#[test]
fn opencc_testcases_head_all_pass() {
    let path = crate::conformance_or_skip!("opencc/testcases_head.jsonl");
    let (passed, total, failures) = run_cases(&path);
    println!("opencc testcases_head: {passed}/{total}");
    assert_eq!(total, 543);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn opencc_testcases_v1_1_6_all_pass() {
    let path = crate::conformance_or_skip!("opencc/testcases_v1.1.6.jsonl");
    let (passed, total, failures) = run_cases(&path);
    println!("opencc testcases_v1.1.6: {passed}/{total}");
    assert_eq!(total, 49);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn overrides_win_over_opencc() {
    let text = "第二十届渝洽会在重庆开幕，信息技术";
    let plain = Converter::new(Config::S2twp).convert(text);
    assert!(plain.contains("資訊"), "{plain}");
    let c = Converter::new(Config::S2twp).with_overrides(Overrides::from_pairs([
        ("渝洽会", "渝洽會"),
        ("信息技术", "信息技術"),
    ]));
    assert_eq!(c.convert(text), "第二十屆渝洽會在重慶開幕，信息技術");
    let (out, spans) = c.convert_with_spans(text);
    let changed: Vec<&str> = spans.iter().map(|s| &text[s.src.clone()]).collect();
    assert_eq!(out, "第二十屆渝洽會在重慶開幕，信息技術");
    assert_eq!(changed, ["届", "会", "庆开", "术"]);
}

#[test]
fn cli_lists_converts_and_reports_bad_input() {
    let dir = TestDir::new();
    let list = stdout_ok(&dir.cli().args(["convert", "--list"]).output().unwrap());
    assert_eq!(list.lines().count(), 16);
    assert!(
        list.contains("s2twp") && list.contains("Taiwan phrases"),
        "{list}"
    );

    let out = run_with_stdin(
        dir.cli().args(["convert", "-c", "s2twp"]),
        "软件和信息\n之后".as_bytes(),
    );
    assert_eq!(stdout_ok(&out), "軟體和資訊\n之後");
    let out = run_with_stdin(
        dir.cli()
            .args(["convert", "-c", "t2s", "-i", "-", "-o", "-"]),
        b"",
    );
    assert_eq!(stdout_ok(&out), "");

    let out = dir.cli().args(["convert", "-c", "s2x"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success()
            && err.contains("s2x")
            && err.contains("s2twp")
            && err.contains("jp2t"),
        "{err}"
    );

    let mut bad = "之后".as_bytes().to_vec();
    bad.extend_from_slice(b"\xFF\n");
    let out = run_with_stdin(dir.cli().args(["convert", "-c", "s2t"]), &bad);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("byte offset 6"),
        "{err}"
    );

    // A GBK file is detected, converted, and written as UTF-8; the source stays as it was.
    let gbk = encoding_rs::GBK
        .encode("重庆两江新区软件园\n")
        .0
        .into_owned();
    let src = dir.write("in.txt", &gbk);
    let out = dir
        .cli()
        .args(["convert", "-c", "s2hk", "-i", "in.txt", "-o", "out.txt"])
        .output()
        .unwrap();
    stdout_ok(&out);
    assert_eq!(
        std::fs::read_to_string(dir.path("out.txt")).unwrap(),
        "重慶兩江新區軟件園\n"
    );
    assert_eq!(std::fs::read(&src).unwrap(), gbk);
    let out = dir
        .cli()
        .args(["convert", "-c", "s2t", "-i", "in.txt", "-o", "in.txt"])
        .output()
        .unwrap();
    assert!(!out.status.success());

    dir.write("tsv", "渝洽会\t渝洽會\n");
    let out = run_with_stdin(
        dir.cli()
            .args(["convert", "-c", "s2t", "--overrides", "tsv"]),
        "渝洽会".as_bytes(),
    );
    assert_eq!(stdout_ok(&out), "渝洽會");

    dir.write("docs/a.txt", "信息");
    dir.write("docs/b/c.txt", &encoding_rs::BIG5.encode("資訊").0);
    let out = dir
        .cli()
        .args([
            "convert",
            "-c",
            "tw2sp",
            "--dir",
            "docs",
            "--out-dir",
            "docs-s",
        ])
        .output()
        .unwrap();
    stdout_ok(&out);
    assert_eq!(
        std::fs::read_to_string(dir.path("docs-s/a.txt")).unwrap(),
        "信息"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path("docs-s/b/c.txt")).unwrap(),
        "信息"
    );
}

// ---- Differential test against OpenCC 1.4.2 (Python) --------------------------------------------

/// Slice of each corpus file compared (bytes, cut at a line end).
const SLICE: usize = 5 * 1024 * 1024;
/// Configurations the issue asks for.
const DIFF_CONFIGS: [Config; 5] = [
    Config::S2t,
    Config::S2twp,
    Config::S2hk,
    Config::T2s,
    Config::Tw2sp,
];

/// The corpus folder (`DUIZHAO_CORPUS`, else `../corpus` beside the repository), if built.
fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("DUIZHAO_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus"));
    (dir.join("hans.txt").is_file() && dir.join("hant.txt").is_file()).then_some(dir)
}

/// Whether Python's opencc 1.4.2 is importable.
fn python_opencc() -> bool {
    Command::new("python3")
        .args([
            "-c",
            "import opencc, sys; sys.exit(opencc.__version__ != '1.4.2')",
        ])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Converts `lines` with the Python reference, one call per line (so lines stay aligned).
fn reference(config: Config, text: &str) -> Vec<String> {
    const SCRIPT: &str = "import sys, opencc\n\
        cc = opencc.OpenCC(sys.argv[1])\n\
        lines = sys.stdin.buffer.read().decode('utf-8').split('\\n')\n\
        sys.stdout.buffer.write('\\n'.join(cc.convert(l) for l in lines).encode('utf-8'))\n";
    let out = run_with_stdin(
        Command::new("python3").args(["-c", SCRIPT, config.name()]),
        text.as_bytes(),
    );
    stdout_ok(&out).split('\n').map(str::to_owned).collect()
}

fn slice(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if text.len() <= SLICE {
        return text.trim_end_matches('\n').to_owned();
    }
    let end = text.as_bytes()[..SLICE]
        .iter()
        .rposition(|&b| b == b'\n')
        .unwrap_or(0);
    text[..end].to_owned()
}

/// Identical output on ≥ 99.99% of lines, per corpus file and configuration. Skipped (with the
/// reason printed) unless the corpus and the Python reference are present; `.ci/opencc_diff.sh` sets
/// `DUIZHAO_REQUIRE_OPENCC_DIFF=1`, which turns a skip into a failure.
#[test]
fn differential_against_opencc_python() {
    let required = std::env::var("DUIZHAO_REQUIRE_OPENCC_DIFF").is_ok_and(|v| v == "1");
    let (Some(dir), true) = (corpus_dir(), python_opencc()) else {
        let why = "needs the corpus (DUIZHAO_CORPUS or ../corpus, from ../shared/tools/make_zh_corpus.sh) \
                   and `pip install opencc==1.4.2`";
        assert!(
            !required,
            "DUIZHAO_REQUIRE_OPENCC_DIFF=1 but the check {why}"
        );
        eprintln!("SKIPPED: differential test against OpenCC {why}");
        return;
    };
    let mut report = Vec::new();
    let mut worst = 1.0f64;
    for file in ["hans.txt", "hant.txt"] {
        let text = slice(&dir.join(file));
        let lines: Vec<&str> = text.split('\n').collect();
        for config in DIFF_CONFIGS {
            let want = reference(config, &text);
            assert_eq!(want.len(), lines.len(), "{file} {config}: line count");
            let converter = Converter::new(config);
            let mut differing = Vec::new();
            for (i, (line, want)) in lines.iter().zip(&want).enumerate() {
                let got = converter.convert(line);
                if got != *want {
                    differing.push(format!(
                        "  {file}:{} {config}\n    ours   {got:?}\n    opencc {want:?}",
                        i + 1
                    ));
                }
            }
            let agree = 1.0 - differing.len() as f64 / lines.len() as f64;
            worst = worst.min(agree);
            println!(
                "{file} ({} MB, {} lines) {config}: {:.4}% identical, {} differing",
                text.len() / 1_000_000,
                lines.len(),
                agree * 100.0,
                differing.len()
            );
            report.extend(differing.into_iter().take(5));
        }
    }
    for line in &report {
        println!("{line}");
    }
    assert!(
        worst >= 0.9999,
        "agreement below 99.99%:\n{}",
        report.join("\n")
    );
}

#[test]
fn ideographic_description_sequences_stay_whole() {
    // Measured with OpenCC 1.4.2: a complete IDS is kept in every configuration, normalization too.
    let cases = [
        (Config::T2s, "⿰車爾後", "⿰車爾后"),
        (Config::T2s, "⿰⿱車爾", "⿰⿱車爾"),
        (Config::T2s, "⿰車", "⿰车"),
        (Config::T2s, "⿰\u{F900}車後", "⿰\u{F900}車后"),
        (Config::S2twp, "⿰软件软件", "⿰软件軟體"),
        (Config::S2t, "后⿰木木台", "後⿰木木臺"),
    ];
    for (config, input, want) in cases {
        assert_eq!(
            Converter::new(config).convert(input),
            want,
            "{config} {input}"
        );
    }
}
