//! `duizhao-cli terms`: two files, one two-version file, a memory, a glossary to check against, and the
//! bad input the issue names.

use duizhao::NoProgress;
use duizhao::glossary::{EntryData, Glossary, Term, lang};
use duizhao::tm::{LangTag, Memory, Origin, Segment, TranslationUnit};

use crate::util::{TestDir, stdout_ok};

const ZH: &str = "两江新区企业去年增长很快。\n两江新区有很多外资企业。\n外资企业看好两江新区。\n\
                  渝洽会在两江新区举行。\n渝洽会吸引了外资企业。\n";
const EN: &str = "Firms in the Liangjiang New Area grew fast last year.\n\
                  The Liangjiang New Area has many foreign-invested enterprises.\n\
                  Foreign-invested enterprises are confident in the Liangjiang New Area.\n\
                  The CCISF was held in the Liangjiang New Area.\n\
                  The CCISF attracted foreign-invested enterprises.\n";

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn two_files_text_and_json() {
    let t = TestDir::new();
    t.write("zh.txt", ZH);
    t.write("en.txt", EN);
    let out = t
        .cli()
        .args([
            "terms",
            "zh.txt",
            "en.txt",
            "--pre-segmented",
            "--kwic",
            "1",
            "-q",
        ])
        .output()
        .unwrap();
    let text = stdout_ok(&out);
    assert!(text.contains("两江新区 ↔ Liangjiang New Area"), "{text}");
    assert!(text.contains("【两江新区】"), "{text}");
    assert!(text.contains("[Liangjiang New Area]"), "{text}");
    assert!(text.contains("渝洽会 ↔ CCISF"), "{text}");

    let out = t
        .cli()
        .args(["terms", "zh.txt", "en.txt", "--json", "--top", "1", "-q"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&stdout_ok(&out)).unwrap();
    let list = json.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["zh"], "两江新区");
    assert_eq!(list[0]["freq"], 4);
    assert_eq!(list[0]["in_glossary"]["kind"], "unchecked");
    assert!(!list[0]["contexts"].as_array().unwrap().is_empty());

    // Running text, aligned first; one file holding both versions.
    let both = format!("{}\n{}", ZH.replace('\n', ""), EN.replace('\n', " "));
    t.write("both.txt", both);
    let out = t.cli().args(["terms", "both.txt", "-q"]).output().unwrap();
    assert!(stdout_ok(&out).contains("Liangjiang New Area"));
}

#[test]
fn glossary_standing_and_new_only() {
    let t = TestDir::new();
    t.write("zh.txt", ZH);
    t.write("en.txt", EN);
    let path = t.path("g.sqlite");
    {
        let mut g = Glossary::open(&path).unwrap();
        g.add(EntryData {
            terms: vec![
                Term::main(lang::EN, "Liangjiang New Area"),
                Term::main(lang::ZH_HANT, "兩江新區"),
            ],
            ..EntryData::default()
        })
        .unwrap();
        g.reject_suggestion("外资企业", None).unwrap();
    }
    let run = |extra: &[&str]| {
        let mut cmd = t.cli();
        cmd.args([
            "terms",
            "zh.txt",
            "en.txt",
            "--pre-segmented",
            "-q",
            "--glossary",
        ])
        .arg(&path)
        .args(extra);
        stdout_ok(&cmd.output().unwrap())
    };
    let all = run(&[]);
    assert!(
        all.lines()
            .any(|l| l.contains("known") && l.contains("两江新区")),
        "{all}"
    );
    assert!(
        all.lines()
            .any(|l| l.contains("new") && l.contains("渝洽会")),
        "{all}"
    );
    assert!(!all.contains("外资企业"), "rejected: {all}");
    let fresh = run(&["--new-only"]);
    assert!(
        !fresh.contains("两江新区") && fresh.contains("渝洽会"),
        "{fresh}"
    );

    let missing = t
        .cli()
        .args([
            "terms",
            "zh.txt",
            "en.txt",
            "--pre-segmented",
            "--glossary",
            "none.sqlite",
        ])
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(
        stderr(&missing).contains("none.sqlite"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn a_whole_memory() {
    let t = TestDir::new();
    let db = t.path("memory.sqlite");
    {
        let mut m = Memory::open(&db).unwrap();
        let units: Vec<TranslationUnit> = ZH
            .lines()
            .zip(EN.lines())
            .enumerate()
            .map(|(k, (z, e))| {
                // Half of them translated from English: they are turned round.
                if k % 2 == 0 {
                    TranslationUnit::new(
                        Segment::new(LangTag::zh_simplified(), z),
                        Segment::new(LangTag::en(), e),
                    )
                } else {
                    TranslationUnit::new(
                        Segment::new(LangTag::en(), e),
                        Segment::new(LangTag::zh_simplified(), z),
                    )
                }
            })
            .collect();
        m.add(&units, Origin::TmxImport, &mut NoProgress).unwrap();
    }
    let out = t
        .cli()
        .args(["terms", "--tm"])
        .arg(&db)
        .args(["--min-freq", "3", "-q"])
        .output()
        .unwrap();
    let text = stdout_ok(&out);
    assert!(text.contains("两江新区 ↔ Liangjiang New Area"), "{text}");
    assert!(!text.contains("CCISF"), "seen twice only: {text}");

    // A file that is not a memory is left alone, and one that does not exist is not created.
    let g = t.path("g.sqlite");
    drop(Glossary::open(&g).unwrap());
    let before = std::fs::read(&g).unwrap();
    for (file, want) in [
        ("g.sqlite", "not a Duizhao translation memory"),
        ("none.sqlite", "no translation memory"),
    ] {
        let out = t.cli().args(["terms", "--tm", file]).output().unwrap();
        assert!(!out.status.success());
        assert!(stderr(&out).contains(want), "{}", stderr(&out));
    }
    assert_eq!(std::fs::read(&g).unwrap(), before);
    assert!(!t.path("none.sqlite").exists());

    // A memory of the data folder by its name, as `tm --memory NAME` names it.
    let run = |args: &[&str]| stdout_ok(&t.cli().args(args).output().unwrap());
    let db_arg = db.to_string_lossy().into_owned();
    let tmx = t.path("all.tmx").to_string_lossy().into_owned();
    run(&["tm", "export", "--tm", &db_arg, &tmx]);
    run(&["tm", "create", "Trade"]);
    run(&["tm", "import", "--memory", "Trade", &tmx]);
    let text = run(&["terms", "--memory", "Trade", "--min-freq", "3", "-q"]);
    assert!(text.contains("两江新区 ↔ Liangjiang New Area"), "{text}");
    let out = t
        .cli()
        .args(["terms", "--memory", "Nobody", "-q"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("no memory called \"Nobody\""),
        "{}",
        stderr(&out)
    );
}

#[test]
fn bad_input_is_explained() {
    let t = TestDir::new();
    t.write("zh.txt", ZH);
    t.write("en.txt", EN);
    t.write("empty.txt", "");
    t.write("one.zh.txt", "两江新区企业增长。\n");
    t.write("one.en.txt", "Firms in the Liangjiang New Area grew.\n");
    t.write("english.txt", EN);
    // The documents are aligned first: the aligner names an empty or swapped document.
    let cases: [(&[&str], &str); 5] = [
        (
            &["empty.txt", "en.txt", "--pre-segmented"],
            "Chinese document is empty",
        ),
        (
            &["zh.txt", "empty.txt", "--pre-segmented"],
            "English document is empty",
        ),
        (
            &["one.zh.txt", "one.en.txt", "--pre-segmented"],
            "only one sentence pair",
        ),
        (
            &["english.txt", "en.txt", "--pre-segmented"],
            "both documents are in English",
        ),
        (&["en.txt", "zh.txt", "--pre-segmented"], "swap them"),
    ];
    for (args, want) in cases {
        let out = t.cli().arg("terms").args(args).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        assert!(stderr(&out).contains(want), "{args:?}: {}", stderr(&out));
    }
    let out = t
        .cli()
        .args(["terms", "zh.txt", "en.txt", "--min-freq", "1"])
        .output()
        .unwrap();
    assert!(!out.status.success(), "a pair seen once has no statistics");
}
