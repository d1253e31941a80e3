//! `duizhao-cli clean`: standard input to standard output, files, reports, folders, exports and bad input.

use std::io::Read;

use duizhao::NoProgress;
use duizhao::clean::{CleanOptions, clean};
use serde_json::Value;

use crate::util::{TestDir, run_with_stdin, stdout_ok};

#[test]
fn stdin_to_stdout_for_a_single_string() {
    let dir = TestDir::new();
    let out = run_with_stdin(
        dir.cli().args(["clean"]),
        "全面經(jīng)貿(mào)合作,取得成效".as_bytes(),
    );
    assert_eq!(stdout_ok(&out), "全面經貿合作，取得成效");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("pinyin 2") && stderr.contains("punctuation 1"),
        "{stderr}"
    );

    let out = run_with_stdin(
        dir.cli().args(["clean", "-", "--rules", "pinyin"]),
        "經(jīng),貿".as_bytes(),
    );
    assert_eq!(stdout_ok(&out), "經,貿");
}

#[test]
fn converted_output() {
    let dir = TestDir::new();
    let out = run_with_stdin(
        dir.cli().args(["clean", "--convert", "s2t"]),
        "经(jīng)贸合作,取得成效".as_bytes(),
    );
    assert_eq!(stdout_ok(&out), "經貿合作，取得成效");
    let out = run_with_stdin(dir.cli().args(["clean", "--convert", "x2y"]), b"x");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown conversion 'x2y'"));
}

#[test]
fn empty_and_already_clean_input_say_so() {
    let dir = TestDir::new();
    let out = run_with_stdin(dir.cli().args(["clean"]), b"");
    assert_eq!(stdout_ok(&out), "");
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty input"));

    let clean_text = "Trade between the two cities grew.\n\n重慶與加州的經貿合作。\n";
    dir.write("clean.txt", clean_text);
    let out = dir
        .cli()
        .args(["clean", "clean.txt", "-o", "out.txt"])
        .output()
        .unwrap();
    stdout_ok(&out);
    assert!(String::from_utf8_lossy(&out.stderr).contains("already clean, no changes"));
    assert_eq!(
        std::fs::read_to_string(dir.path("out.txt")).unwrap(),
        clean_text
    );
    // The source file is never touched.
    assert_eq!(
        std::fs::read_to_string(dir.path("clean.txt")).unwrap(),
        clean_text
    );
}

#[test]
fn json_report_lists_changes_and_metadata() {
    let dir = TestDir::new();
    dir.write(
        "in.txt",
        "Home>News Content\n\nSource:Trade Office Author:Desk Add Time:2020-03-04 10:00:00\n\n經(jīng)貿 off i cials\n",
    );
    let out = dir
        .cli()
        .args(["clean", "in.txt", "--report", "json", "-o", "out.txt"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_str(&stdout_ok(&out)).expect("JSON report");
    assert_eq!(report["metadata"]["date"], "2020-03-04");
    assert_eq!(report["metadata"]["source"], "Trade Office");
    let rules: Vec<&str> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["rule"].as_str().unwrap())
        .collect();
    for rule in ["boilerplate", "pinyin", "ligatures"] {
        assert!(rules.contains(&rule), "{rules:?}");
    }
    assert_eq!(report["boilerplate"].as_array().unwrap().len(), 2);
    assert_eq!(
        std::fs::read_to_string(dir.path("out.txt")).unwrap(),
        "經貿 officials\n"
    );
}

#[test]
fn bad_arguments_fail_with_a_message() {
    let dir = TestDir::new();
    let out = run_with_stdin(
        dir.cli().args(["clean", "--rules", "pinyin,spelling"]),
        b"x",
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("unknown cleaning rule 'spelling'") && stderr.contains("mixed-script"),
        "{stderr}"
    );

    let out = dir.cli().args(["clean", "missing.txt"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.txt"));
}

#[test]
fn folder_mode_mirrors_the_tree() {
    let dir = TestDir::new();
    dir.write("in/a.txt", "經(jīng)貿\n\n\n\nB\n");
    dir.write("in/sub/b.md", "Chongqing，China\n");
    dir.write("in/skip.bin", [0u8, 1, 2]);
    let out = dir
        .cli()
        .args(["clean", "--dir", "in", "--out-dir", "out"])
        .output()
        .unwrap();
    stdout_ok(&out);
    assert_eq!(
        std::fs::read_to_string(dir.path("out/a.txt")).unwrap(),
        "經貿\n\nB\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path("out/sub/b.md")).unwrap(),
        "Chongqing, China\n"
    );
    assert!(!dir.path("out/skip.bin").exists());
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 files cleaned"));
}

#[test]
fn gbk_input_is_decoded_and_output_is_utf8() {
    let dir = TestDir::new();
    let (gbk, _, _) = encoding_rs::GBK.encode("对外经济贸易合作,取得成效。\n");
    dir.write("gbk.txt", &gbk[..]);
    let out = dir.cli().args(["clean", "gbk.txt"]).output().unwrap();
    assert_eq!(stdout_ok(&out), "对外经济贸易合作，取得成效。\n");
}

#[test]
fn large_input_is_streamed_in_chunks_with_the_same_result() {
    let dir = TestDir::new();
    let para =
        "經(jīng)貿(mào)合作,取得成效。Trade  \u{a0}grew by 5% in 2020 ; off i cials said.\n\n\n";
    let text = para.repeat(40_000); // about 3.6 MB: several chunks
    dir.write("big.txt", &text);
    let out = dir
        .cli()
        .args([
            "clean",
            "big.txt",
            "-o",
            "big.clean.txt",
            "--report",
            "none",
        ])
        .output()
        .unwrap();
    stdout_ok(&out);
    let streamed = std::fs::read_to_string(dir.path("big.clean.txt")).unwrap();
    let whole = clean(&text, &CleanOptions::default(), &mut NoProgress)
        .unwrap()
        .cleaned();
    assert_eq!(streamed.len(), whole.len());
    assert!(
        streamed == whole,
        "streamed output differs from in-memory cleaning"
    );
    assert!(!streamed.contains("(jīng)") && !streamed.contains("\n\n\n"));
}

#[test]
fn exports_markdown_and_docx() {
    let dir = TestDir::new();
    dir.write("in.txt", "重慶(chóngqìng)與加州\n\n# 1. Trade*growth*\n");
    let out = dir
        .cli()
        .args(["clean", "in.txt", "-o", "out.md", "--title", "標題"])
        .output()
        .unwrap();
    stdout_ok(&out);
    let md = std::fs::read_to_string(dir.path("out.md")).unwrap();
    assert_eq!(
        md,
        "# 標題\n\n重慶（chóngqìng）與加州\n\n\\# 1. Trade\\*growth\\*\n"
    );

    let out = dir
        .cli()
        .args(["clean", "in.txt", "-o", "out.docx"])
        .output()
        .unwrap();
    stdout_ok(&out);
    let bytes = std::fs::read(dir.path("out.docx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("DOCX is a zip");
    let mut doc = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut doc)
        .unwrap();
    assert!(doc.contains("重慶（chóngqìng）與加州"), "{doc}");
    let out = dir
        .cli()
        .args(["clean", "in.txt", "--format", "docx"])
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "DOCX to standard output must be refused"
    );
    libreoffice_opens(&dir, "out.docx");
    assert!(doc.contains("Trade*growth*"));
}

/// Opens the DOCX in LibreOffice (when installed) and checks the PDF it makes: the real-client check.
fn libreoffice_opens(dir: &TestDir, name: &str) {
    let Some(office) = ["libreoffice", "soffice"].into_iter().find(|b| {
        std::process::Command::new(b)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    }) else {
        if std::env::var("DUIZHAO_REQUIRE_LIBREOFFICE").is_ok_and(|v| v == "1") {
            panic!("DUIZHAO_REQUIRE_LIBREOFFICE=1 but LibreOffice is not installed");
        }
        eprintln!("SKIPPED: LibreOffice not installed; DOCX checked structurally only");
        return;
    };
    let out = std::process::Command::new(office)
        .current_dir(dir.path(""))
        .env("HOME", dir.path(""))
        .args(["--headless", "--convert-to", "pdf", "--outdir", "pdf", name])
        .output()
        .expect("run LibreOffice");
    let pdf = dir.path(&format!("pdf/{}", name.replace(".docx", ".pdf")));
    assert!(
        out.status.success() && pdf.exists(),
        "LibreOffice could not open {name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF") && bytes.len() > 1000);
    // With poppler's pdftotext, check that the paragraphs made it onto the page.
    if let Ok(out) = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
    {
        if out.status.success() {
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(text.contains("Trade*growth*"), "{text}");
        }
    }
}
