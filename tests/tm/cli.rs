//! `duizhao-cli tm` and `pretranslate` on small files written here: a Traditional release pre-translated
//! from a Simplified memory (script folding through the conversion engine), DOCX output read back by the
//! document core, search, export, and errors.

use duizhao::NoProgress;
use duizhao::document::{LoadOptions, load_path};
use duizhao::tm::tmx;

use crate::util::{TestDir, stdout_ok};

const MEMORY_TMX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="test" adminlang="en-US"
          srclang="zh-CN" datatype="plaintext"/>
  <body>
    <tu><tuv xml:lang="zh-CN"><seg>新的物流园区将于明年开放。</seg></tuv>
        <tuv xml:lang="en-US"><seg>The new logistics park will open next year.</seg></tuv></tu>
    <tu><tuv xml:lang="zh-CN"><seg>该市上半年出口增长百分之八。</seg></tuv>
        <tuv xml:lang="en-US"><seg>The city's exports grew by 8% in the first half.</seg></tuv></tu>
    <tu><tuv xml:lang="zh-CN"><seg>会议由市长主持。</seg></tuv>
        <tuv xml:lang="en-US"><seg>The meeting was chaired by the mayor.</seg></tuv></tu>
  </body>
</tmx>
"#;

/// A Traditional-script release: two paragraphs, the first with two sentences.
const SOURCE: &str = "新的物流園區將於明年開放。會議由市長主持。\n\n該市上半年出口增長百分之九。\n";

#[test]
fn traditional_release_from_simplified_memory_to_docx() {
    let dir = TestDir::new();
    dir.write("memory.tmx", MEMORY_TMX);
    let out = stdout_ok(
        &dir.cli()
            .args(["tm", "import", "memory.tmx"])
            .output()
            .expect("run"),
    );
    assert!(out.contains("3 added"), "{out}");
    dir.write("release.txt", SOURCE);
    let out = stdout_ok(
        &dir.cli()
            .args([
                "pretranslate",
                "release.txt",
                "--threshold",
                "75",
                "-o",
                "release-en.docx",
                "--report",
                "json",
            ])
            .output()
            .expect("run"),
    );
    let report: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(report["source_lang"], "zh-TW");
    let segs = report["segments"].as_array().expect("segments");
    let got: Vec<(&str, u64)> = segs
        .iter()
        .map(|s| {
            (
                s["status"].as_str().expect("status"),
                s["match_score"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(got[0], ("pretranslated", 100));
    assert_eq!(got[1], ("pretranslated", 100));
    assert_eq!(got[2].0, "pretranslated");
    assert!(got[2].1 < 100);
    // 九 (9) against a memory saying 8%: QA names it.
    let qa = report["qa"].as_array().expect("qa");
    assert!(
        qa.iter()
            .any(|f| f["segment"] == 2 && f["kind"] == "number-mismatch"),
        "{qa:?}"
    );

    let doc = load_path(
        &dir.path("release-en.docx"),
        &LoadOptions::default(),
        &mut NoProgress,
    )
    .expect("read DOCX");
    let paragraphs: Vec<&str> = doc
        .paragraphs
        .iter()
        .map(|p| &doc.text[p.span.clone()])
        .collect();
    assert_eq!(
        paragraphs,
        [
            "The new logistics park will open next year. The meeting was chaired by the mayor.",
            "The city's exports grew by 8% in the first half."
        ]
    );
}

#[test]
fn search_shows_memories_in_the_query_script_and_export_round_trips() {
    let dir = TestDir::new();
    dir.write("memory.tmx", MEMORY_TMX);
    stdout_ok(
        &dir.cli()
            .args(["tm", "import", "memory.tmx", "--tm", "m.sqlite"])
            .output()
            .expect("run"),
    );
    let out = stdout_ok(
        &dir.cli()
            .args(["tm", "search", "會議由市長主持。", "--tm", "m.sqlite"])
            .output()
            .expect("run"),
    );
    assert!(out.contains(" 100%  會議由市長主持。"), "{out}");
    assert!(
        out.contains("→ The meeting was chaired by the mayor."),
        "{out}"
    );
    let out = stdout_ok(
        &dir.cli()
            .args([
                "tm",
                "search",
                "chaired by the mayor",
                "--tm",
                "m.sqlite",
                "--json",
            ])
            .output()
            .expect("run"),
    );
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["concordance"][0]["target_spans"][0]["start"], 16);

    stdout_ok(
        &dir.cli()
            .args([
                "tm",
                "export",
                "all.tmx",
                "--tm",
                "m.sqlite",
                "--lang-style",
                "script",
            ])
            .output()
            .expect("run"),
    );
    let doc = tmx::read(&dir.path("all.tmx"), &mut NoProgress).expect("read export");
    assert_eq!(doc.units.len(), 3);
    assert_eq!(
        doc.header.srclang.as_ref().map(|l| l.as_str()),
        Some("zh-Hans")
    );
}

#[test]
fn errors_name_the_file() {
    let dir = TestDir::new();
    let out = dir
        .cli()
        .args(["tm", "import", "missing.tmx", "--tm", "m.sqlite"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.tmx"));
    dir.write("both.txt", "两江新区位于重庆市。渝洽会将于五月举行。\n\nLiangjiang New Area is in Chongqing. The fair is held in May.\n");
    let out = dir
        .cli()
        .args(["pretranslate", "both.txt", "--tm", "m.sqlite"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("both.txt") && err.contains("two versions"),
        "{err}"
    );
}

#[test]
fn pretranslate_checks_terms_from_the_glossary_database() {
    let dir = TestDir::new();
    dir.write("memory.tmx", MEMORY_TMX);
    stdout_ok(
        &dir.cli()
            .args(["tm", "import", "memory.tmx", "--tm", "m.sqlite"])
            .output()
            .expect("run"),
    );
    // The team now calls it a "logistics hub"; the memory still says "logistics park".
    let out = dir
        .cli()
        .args([
            "glossary",
            "--db",
            "g.sqlite",
            "add",
            "--zh-hans",
            "物流园区",
            "--en",
            "logistics hub",
            "--status",
            "approved",
        ])
        .output()
        .expect("run");
    stdout_ok(&out);
    dir.write("release.txt", SOURCE);
    let out = stdout_ok(
        &dir.cli()
            .args([
                "pretranslate",
                "release.txt",
                "--tm",
                "m.sqlite",
                "--glossary",
                "g.sqlite",
                "--report",
                "json",
            ])
            .output()
            .expect("run"),
    );
    let report: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let qa = report["qa"].as_array().expect("qa");
    assert!(
        qa.iter()
            .any(|f| f["segment"] == 0 && f["kind"] == "missing-term" && f["term"] == "物流園區"),
        "{qa:?}"
    );
}

/// The reported false error: a finance term in a text about ties between two cities only suggests,
/// unless the document is about finance.
#[test]
fn pretranslate_weighs_terms_by_the_documents_domain() {
    let dir = TestDir::new();
    dir.write(
        "memory.tmx",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="test" adminlang="en-US"
          srclang="en-US" datatype="plaintext"/>
  <body>
    <tu><tuv xml:lang="en-US"><seg>A close bond now links the two river ports.</seg></tuv>
        <tuv xml:lang="zh-CN"><seg>两座河港之间的联系日益紧密。</seg></tuv></tu>
  </body>
</tmx>
"#,
    );
    stdout_ok(
        &dir.cli()
            .args(["tm", "import", "memory.tmx", "--tm", "m.sqlite"])
            .output()
            .expect("run"),
    );
    stdout_ok(
        &dir.cli()
            .args([
                "glossary",
                "--db",
                "g.sqlite",
                "add",
                "--en",
                "bond",
                "--zh-hans",
                "债券",
                "--domain",
                "finance",
                "--status",
                "approved",
            ])
            .output()
            .expect("run"),
    );
    dir.write(
        "release.txt",
        "A close bond now links the two river ports.\n",
    );
    let run = |domain: Option<&str>| -> serde_json::Value {
        let mut cmd = dir.cli();
        cmd.args([
            "pretranslate",
            "release.txt",
            "--tm",
            "m.sqlite",
            "--glossary",
            "g.sqlite",
            "--from",
            "en",
            "--to",
            "zh-CN",
            "--report",
            "json",
        ]);
        if let Some(d) = domain {
            cmd.args(["--domain", d]);
        }
        serde_json::from_str(&stdout_ok(&cmd.output().expect("run"))).expect("JSON")
    };
    for (domain, severity, errors, suggestions) in [
        (None, "suggestion", 0, 1),
        (Some("trade"), "suggestion", 0, 1),
        (Some("finance"), "error", 1, 0),
    ] {
        let report = run(domain);
        let qa = report["qa"].as_array().expect("qa");
        assert_eq!(qa.len(), 1, "{domain:?}: {qa:?}");
        assert_eq!(qa[0]["kind"], "missing-term");
        assert_eq!(qa[0]["term"], "bond");
        assert_eq!(qa[0]["severity"], severity, "{domain:?}");
        assert_eq!(report["qa_summary"]["errors"], errors, "{domain:?}");
        assert_eq!(
            report["qa_summary"]["suggestions"], suggestions,
            "{domain:?}"
        );
        assert_eq!(report["domain"].as_str(), domain);
    }
}
