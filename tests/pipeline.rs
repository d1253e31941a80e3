//! One release, one pipeline, on the command line: `align FILE` on a file holding both versions,
//! `--clean` before alignment, segmentation and pre-translation, and the refusals that keep the user's
//! files as they were (an output that is an input, a folder that already holds files).

use crate::util::{TestDir, stdout_ok};

/// A dirty two-version release written for these tests: Traditional Chinese with inline pinyin and
/// half-width commas, then English with split ligatures.
const DIRTY: &str = "重慶經(jīng)貿(mào)代表團訪問加州,簽署合作備忘錄。\n\
                     雙方將在冷鏈物流領(lǐng)域合作。\n\
                     \n\
                     A Chongqing trade delegation visited California and signed a memorandum.\n\
                     The off i cials will cooperate in cold chain logistics.\n";

#[test]
fn align_one_two_version_file_cleaned_into_tmx() {
    let t = TestDir::new();
    t.write("both.txt", DIRTY);
    let out = t
        .cli()
        .args([
            "align", "both.txt", "--clean", "--format", "tmx", "-o", "both.tmx",
        ])
        .output()
        .unwrap();
    stdout_ok(&out);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cleaned: pinyin"),
        "the cleaning is reported: {err}"
    );
    assert!(
        err.contains("wrote 2 units"),
        "the export counts its units: {err}"
    );
    let tmx = std::fs::read_to_string(t.path("both.tmx")).unwrap();
    assert!(
        !tmx.contains("(jīng)") && !tmx.contains("off i cials"),
        "{tmx}"
    );
    assert_eq!(tmx.matches("<tu ").count(), 2);
    // JSON on standard error instead of the summary.
    let out = t
        .cli()
        .args([
            "align", "both.txt", "--clean", "--report", "json", "-o", "b.tsv", "--format", "tsv",
        ])
        .output()
        .unwrap();
    stdout_ok(&out);
    let err = String::from_utf8_lossy(&out.stderr);
    let line = err
        .lines()
        .find(|l| l.starts_with('{'))
        .expect("a JSON report");
    let report: serde_json::Value = serde_json::from_str(line).unwrap();
    assert!(report["changes"].as_array().is_some_and(|c| !c.is_empty()));
    // Without --clean the dirt stays: the flag is what cleans.
    let raw = t
        .cli()
        .args(["align", "both.txt", "--format", "tsv"])
        .output()
        .unwrap();
    assert!(stdout_ok(&raw).contains("(jīng)"));
}

#[test]
fn one_language_file_alone_is_a_clear_error() {
    let t = TestDir::new();
    t.write("zh.txt", "重庆与加州签署合作备忘录。双方将合作。\n");
    let out = t.cli().args(["align", "zh.txt"]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("zh.txt") && err.contains("one language"),
        "{err}"
    );
}

#[test]
fn segment_and_pretranslate_clean_first() {
    let t = TestDir::new();
    t.write("zh.txt", "经(jīng)贸合作继续扩大,成效明显。\n");
    let out = t
        .cli()
        .args(["segment", "zh.txt", "--clean"])
        .output()
        .unwrap();
    let text = stdout_ok(&out);
    assert_eq!(text.trim(), "经贸合作继续扩大，成效明显。");
    let out = t
        .cli()
        .args([
            "segment", "zh.txt", "--clean", "--rules", "pinyin", "--json", "--report", "json",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&stdout_ok(&out)).unwrap();
    assert_eq!(v["cleaning"]["rules"], serde_json::json!(["pinyin"]));
    let out = t
        .cli()
        .args(["pretranslate", "zh.txt", "--clean", "--report", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&stdout_ok(&out)).unwrap();
    assert_eq!(v["segments"][0]["source"], "经贸合作继续扩大，成效明显。");
    assert!(
        v["cleaning"]["changes"]
            .as_array()
            .is_some_and(|c| c.len() >= 2)
    );
}

#[test]
fn boilerplate_lines_are_not_segments_to_translate() {
    let t = TestDir::new();
    t.write(
        "page.txt",
        "首页>新闻中心\n\n来源：市商务委 作者：办公室 发布时间：2020-03-04 10:00:00\n\n\
         重庆与加州签署经贸合作备忘录。双方将扩大冷链物流合作。\n",
    );
    let sources = |args: &[&str]| -> Vec<String> {
        let out = t.cli().args(args).output().unwrap();
        let v: serde_json::Value = serde_json::from_str(&stdout_ok(&out)).unwrap();
        v["segments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["source"].as_str().unwrap().to_string())
            .collect()
    };
    let raw = sources(&["pretranslate", "page.txt", "--report", "json"]);
    assert!(raw.iter().any(|s| s.contains("来源")), "{raw:?}");
    let cleaned = sources(&["pretranslate", "page.txt", "--clean", "--report", "json"]);
    assert_eq!(
        cleaned,
        ["重庆与加州签署经贸合作备忘录。", "双方将扩大冷链物流合作。"],
        "only the release's own sentences are segments"
    );
}

#[test]
fn the_cli_never_writes_over_its_input() {
    let t = TestDir::new();
    let zh = t.write("zh.txt", "两江新区。\n");
    let en = t.write("en.txt", "Liangjiang New Area.\n");
    let runs: [&[&str]; 5] = [
        &["convert", "-c", "s2t", "-i", "zh.txt", "-o", "zh.txt"],
        &["clean", "zh.txt", "-o", "zh.txt"],
        &["align", "zh.txt", "en.txt", "-o", "en.txt"],
        &["pretranslate", "zh.txt", "-o", "./zh.txt"],
        &["pretranslate", "zh.txt", "--tmx", "zh.txt"],
    ];
    for args in runs {
        let out = t.cli().args(args).output().unwrap();
        assert!(!out.status.success(), "{args:?} must refuse");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("never writes over its input"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(std::fs::read_to_string(zh).unwrap(), "两江新区。\n");
    assert_eq!(
        std::fs::read_to_string(en).unwrap(),
        "Liangjiang New Area.\n"
    );
}

#[test]
fn exports_never_write_over_their_own_database() {
    let t = TestDir::new();
    let tsv = "en\tzh-Hans\nLiangjiang New Area\t两江新区\n";
    t.write("terms.tsv", tsv);
    let glossary = t.path("g.sqlite");
    let g = glossary.to_str().unwrap();
    stdout_ok(
        &t.cli()
            .args(["glossary", "import", "terms.tsv", "--db", g])
            .output()
            .unwrap(),
    );
    t.write(
        "m.tmx",
        "<?xml version=\"1.0\"?><tmx version=\"1.4\"><header srclang=\"zh-CN\" datatype=\"plaintext\" \
         segtype=\"sentence\" adminlang=\"en\" o-tmf=\"x\" creationtool=\"t\" creationtoolversion=\"1\"/>\
         <body><tu><tuv xml:lang=\"zh-CN\"><seg>两江新区</seg></tuv><tuv xml:lang=\"en\"><seg>Liangjiang New \
         Area</seg></tuv></tu></body></tmx>",
    );
    let memory = t.path("m.sqlite");
    let m = memory.to_str().unwrap();
    stdout_ok(
        &t.cli()
            .args(["tm", "import", "m.tmx", "--tm", m])
            .output()
            .unwrap(),
    );
    let before = (
        std::fs::read(&glossary).unwrap(),
        std::fs::read(&memory).unwrap(),
    );
    let runs: [&[&str]; 2] = [
        &["glossary", "export", "--format", "tsv", "-o", g, "--db", g],
        &["tm", "export", m, "--tm", m],
    ];
    for args in runs {
        let out = t.cli().args(args).output().unwrap();
        assert!(!out.status.success(), "{args:?} must refuse");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("never writes over its input"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(
        (
            std::fs::read(&glossary).unwrap(),
            std::fs::read(&memory).unwrap()
        ),
        before
    );
}

#[test]
fn folders_that_hold_files_are_refused_without_force() {
    let t = TestDir::new();
    t.write("in/a.txt", "两江新区\n");
    let kept = t.write("out/a.txt", "keep me\n");
    for args in [
        ["convert", "-c", "s2t", "--dir", "in", "--out-dir", "out"],
        [
            "clean",
            "--dir",
            "in",
            "--out-dir",
            "out",
            "--report",
            "none",
        ],
    ] {
        let out = t.cli().args(args).output().unwrap();
        assert!(!out.status.success(), "{args:?} must refuse");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("already holds 1 entry") && err.contains("--force"),
            "{err}"
        );
        assert_eq!(std::fs::read_to_string(&kept).unwrap(), "keep me\n");
    }
    let out = t
        .cli()
        .args([
            "convert",
            "-c",
            "s2t",
            "--dir",
            "in",
            "--out-dir",
            "out",
            "--force",
        ])
        .output()
        .unwrap();
    stdout_ok(&out);
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), "兩江新區\n");
    // A new folder needs no --force.
    let out = t
        .cli()
        .args(["convert", "-c", "s2t", "--dir", "in", "--out-dir", "fresh"])
        .output()
        .unwrap();
    stdout_ok(&out);
}

#[test]
fn seed_003_alone_aligns_cleaned_into_tmx() {
    let seeds = crate::shared_or_skip!("seeds");
    let seed = std::fs::read_dir(&seeds)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("003"))
        })
        .expect("seed 003");
    let t = TestDir::new();
    let out = t
        .cli()
        .arg("align")
        .arg(&seed)
        .args(["--clean", "--format", "tmx", "-o", "seed.tmx"])
        .output()
        .unwrap();
    stdout_ok(&out);
    let beads = t
        .cli()
        .arg("align")
        .arg(&seed)
        .args(["--clean", "--format", "beads", "--report", "none"])
        .output()
        .unwrap();
    let paired = stdout_ok(&beads)
        .lines()
        .filter(|l| !l.contains("[]"))
        .count();
    let tmx = std::fs::read_to_string(t.path("seed.tmx")).unwrap();
    let units: Vec<&str> = tmx.split("<tu ").skip(1).collect();
    assert_eq!(units.len(), paired, "one unit per bead with both sides");
    let pinyin = regex::Regex::new(r"[\p{Han}]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)").unwrap();
    let ligature = regex::Regex::new(r"\b[a-z]+ i (c|ng|n)[a-z]*\b").unwrap();
    for u in units {
        assert!(
            u.contains(r#"xml:lang="zh-"#) && u.contains(r#"xml:lang="en"#),
            "{u}"
        );
        assert!(!pinyin.is_match(u), "pinyin annotation left: {u}");
        assert!(!ligature.is_match(u), "split ligature left: {u}");
    }
}
