//! Alignment → TMX and → translation memory, end to end: two small releases written for this test are
//! aligned by the CLI, exported as TMX, and the TMX is read by real clients (translate-toolkit through
//! `../shared/tools/check_exports.py`, OmegaT pre-translating the Chinese release from it); the same
//! alignment goes into a memory, which then finds its sentences.

use std::path::Path;
use std::sync::Arc;

use duizhao::align::{self, AlignOptions, export};
use duizhao::tm::{LangTag, MatchOptions, Memory, NoConversion, Origin, tmx};
use duizhao::{Error, NoProgress, Progress};

use crate::shared_or_skip;
use crate::tm::tmx_clients::{check_exports, omegat_check};
use crate::util::TestDir;

/// A short release in Simplified Chinese, one sentence per line (written for this test).
const ZH: &[&str] = &[
    "海关总署今天发布了前十个月的外贸数据。",
    "我国货物贸易进出口总值达到36.02万亿元，同比增长5.2%。",
    "其中，出口20.8万亿元，增长6.7%。",
    "对东盟贸易额为5.67万亿元，东盟继续保持我国第一大贸易伙伴地位。",
    "新闻发言人表示，外贸的韧性和活力进一步显现。",
];
/// Its English version.
const EN: &[&str] = &[
    "The General Administration of Customs released foreign trade data for the first ten months today.",
    "China's total imports and exports of goods reached 36.02 trillion yuan, up 5.2% year on year.",
    "Exports amounted to 20.8 trillion yuan, an increase of 6.7%.",
    "Trade with ASEAN totalled 5.67 trillion yuan, and ASEAN remained China's largest trading partner.",
    "The spokesperson said that the resilience and vitality of foreign trade had become more evident.",
];
/// The Chinese release in Traditional characters.
const ZH_HANT: &[&str] = &[
    "海關總署今天發佈了前十個月的外貿數據。",
    "我國貨物貿易進出口總值達到36.02萬億元，同比增長5.2%。",
    "其中，出口20.8萬億元，增長6.7%。",
    "對東盟貿易額為5.67萬億元，東盟繼續保持我國第一大貿易夥伴地位。",
    "新聞發言人表示，外貿的韌性和活力進一步顯現。",
];

fn text(lines: &[&str]) -> String {
    lines.join("\n") + "\n"
}

/// Runs `duizhao-cli align zh en --format tmx` with `extra` arguments; returns the TMX path.
fn cli_tmx(t: &TestDir, zh: &str, out: &str, extra: &[&str]) -> std::path::PathBuf {
    let output = t
        .cli()
        .args([
            "align",
            zh,
            "en.txt",
            "--pre-segmented",
            "-q",
            "--format",
            "tmx",
            "-o",
            out,
        ])
        .args(extra)
        .output()
        .expect("run duizhao-cli");
    crate::util::stdout_ok(&output);
    t.path(out)
}

#[test]
fn cli_tmx_has_tags_header_and_provenance() {
    let t = TestDir::new();
    t.write("发布.txt", text(ZH));
    t.write("hant.txt", text(ZH_HANT));
    t.write("en.txt", text(EN));
    let cases = [
        ("发布.txt", &[][..], "zh-CN"),
        ("发布.txt", &["--lang-style", "script"][..], "zh-Hans"),
        ("hant.txt", &[][..], "zh-TW"),
        ("hant.txt", &["--lang-style", "script"][..], "zh-Hant"),
    ];
    for (i, (zh, extra, tag)) in cases.into_iter().enumerate() {
        let path = cli_tmx(&t, zh, &format!("out{i}.tmx"), extra);
        let xml = std::fs::read_to_string(&path).unwrap();
        assert!(xml.contains(&format!("srclang=\"{tag}\"")), "{tag}: {xml}");
        let doc = tmx::read(&path, &mut NoProgress).expect("our TMX reads back");
        assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
        assert_eq!(doc.version, "1.4");
        let units = doc.bilingual_units();
        assert_eq!(units.len(), 5, "{tag}: five 1-1 beads");
        assert_eq!(units[1].source.lang.as_str(), tag);
        assert!(units[1].target.text.starts_with("China's total imports"));
        assert_eq!(units[0].prop("x-source-file"), Some(zh));
        assert_eq!(units[0].prop("x-target-file"), Some("en.txt"));
        assert!(
            units[0]
                .prop("x-source-file-date")
                .is_some_and(|d| d.len() == 10)
        );
        assert!(units[0].created.is_some());
    }
    let path = cli_tmx(
        &t,
        "发布.txt",
        "dated.tmx",
        &["--document-date", "2024-11-07"],
    );
    let xml = std::fs::read_to_string(path).unwrap();
    assert!(
        xml.contains("<prop type=\"x-document-date\">2024-11-07</prop>"),
        "{xml}"
    );
    let out = t
        .cli()
        .args([
            "align",
            "发布.txt",
            "en.txt",
            "--format",
            "tmx",
            "--document-date",
            "7 Nov",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("YYYY-MM-DD"));
}

#[test]
fn alignment_tmx_passes_translate_toolkit_and_omegat() {
    let shared = shared_or_skip!("");
    let t = TestDir::new();
    t.write("zh.txt", text(ZH));
    t.write("hant.txt", text(ZH_HANT));
    t.write("en.txt", text(EN));
    let cases = [
        ("zh.txt", &[][..], "zh-CN,en-US"),
        ("zh.txt", &["--lang-style", "script"][..], "zh-Hans,en-US"),
        ("hant.txt", &[][..], "zh-TW,en-US"),
    ];
    for (i, (zh, extra, langs)) in cases.into_iter().enumerate() {
        let path = cli_tmx(&t, zh, &format!("check{i}.tmx"), extra);
        if !check_exports(&shared, &path, langs) {
            break;
        }
    }
    // OmegaT segments the Chinese release itself and must fill its sentences in from our memory.
    let tmx = cli_tmx(&t, "zh.txt", "omegat.tmx", &[]);
    let source = t.write("release.txt", ZH.concat() + "\n");
    omegat_check(&shared, "zh-CN", "en-US", &source, &tmx);
}

/// Aligns the test release through the library.
fn aligned() -> align::Alignment {
    align::align(ZH, EN, &AlignOptions::default(), &mut NoProgress).expect("aligns")
}

#[test]
fn accepted_beads_go_into_the_memory() {
    let mut a = aligned();
    assert_eq!(a.beads.len(), 5);
    a.beads[0].accepted = true;
    a.beads[3].accepted = true;
    let mut mem = Memory::open_in_memory(Arc::new(NoConversion)).expect("memory");
    let opts = export::UnitOptions {
        accepted_only: true,
        zh_file: Some("zh.txt".into()),
        en_file: Some("en.txt".into()),
        ..export::UnitOptions::default()
    };
    let s = export::add_to_memory(&mut mem, &a, &opts, &mut NoProgress).unwrap();
    assert_eq!((s.added, s.duplicates, s.skipped), (2, 0, 0));
    let find = |mem: &mut Memory, zh: &str| {
        mem.matches(
            zh,
            &LangTag::zh_simplified(),
            &LangTag::en(),
            &MatchOptions::default(),
        )
        .unwrap()
    };
    let hits = find(&mut mem, ZH[3]);
    assert!(hits[0].exact && hits[0].target == EN[3], "{hits:?}");
    assert_eq!(hits[0].origin, Origin::Alignment);
    assert!(
        hits[0]
            .props
            .contains(&("x-source-file".into(), "zh.txt".into()))
    );
    assert!(
        find(&mut mem, ZH[1]).iter().all(|h| !h.exact),
        "a bead nobody accepted is not in the memory"
    );
    let all = export::UnitOptions {
        accepted_only: false,
        ..opts
    };
    let s = export::add_to_memory(&mut mem, &a, &all, &mut NoProgress).unwrap();
    assert_eq!((s.added, s.duplicates), (3, 2));
    assert_eq!(mem.len().unwrap(), 5);
}

#[test]
fn saved_project_exports_and_feeds_the_memory() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("work.sqlite");
    let mut p = align::project::Project::create(
        &db,
        "Trade data",
        Some("/releases/海关.txt"),
        Some("/releases/customs.txt"),
        aligned(),
    )
    .unwrap();
    p.apply(&align::Edit::Accept {
        bead: 2,
        accepted: true,
    })
    .unwrap();
    let opts = export::UnitOptions {
        accepted_only: true,
        ..export::UnitOptions::for_project(&p.info().unwrap())
    };
    let tmx_path = dir.path().join("accepted.tmx");
    let tmx_opts = export::TmxOptions {
        units: opts.clone(),
        ..Default::default()
    };
    let written = export::write_tmx(&tmx_path, p.alignment(), &tmx_opts, &mut NoProgress).unwrap();
    assert_eq!(written.written, 1);
    let doc = tmx::read(&tmx_path, &mut NoProgress).unwrap();
    let unit = &doc.bilingual_units()[0];
    assert_eq!(unit.source.text, ZH[2]);
    assert_eq!(unit.prop("x-source-file"), Some("海关.txt"));
    assert_eq!(unit.prop("x-target-file"), Some("customs.txt"));
    assert_eq!(unit.prop("x-accepted"), Some("yes"));

    let mut mem = Memory::open(&dir.path().join("memory.sqlite")).unwrap();
    let s = export::add_to_memory(&mut mem, p.alignment(), &opts, &mut NoProgress).unwrap();
    assert_eq!(s.added, 1);
    assert_eq!(mem.units().unwrap()[0].unit.target.text, EN[2]);
    assert!(Path::new(&dir.path().join("memory.sqlite")).exists());
}

/// Counts the work reported and cancels after `stop_after` steps.
struct StopAfter {
    total: u64,
    done: u64,
    stop_after: u64,
}

impl Progress for StopAfter {
    fn start(&mut self, total: u64, _what: &str) {
        self.total = total;
    }
    fn advance(&mut self, n: u64) -> bool {
        self.done += n;
        self.done < self.stop_after
    }
}

#[test]
fn long_alignment_reports_progress_and_cancels_midway() {
    let zh: Vec<String> = (0..600)
        .map(|k| {
            format!(
                "第{k}项措施于{}年实施，涉及{}家企业。",
                2000 + k % 25,
                k * 7
            )
        })
        .collect();
    let en: Vec<String> = (0..600)
        .map(|k| {
            format!(
                "Measure {k} took effect in {} and covers {} companies.",
                2000 + k % 25,
                k * 7
            )
        })
        .collect();
    let zh: Vec<&str> = zh.iter().map(String::as_str).collect();
    let en: Vec<&str> = en.iter().map(String::as_str).collect();
    // Second pass: cancel in the middle of it.
    let mut p = StopAfter {
        total: 0,
        done: 0,
        stop_after: 900,
    };
    let err = align::align(&zh, &en, &AlignOptions::default(), &mut p).unwrap_err();
    assert!(matches!(err, Error::Cancelled), "{err}");
    assert_eq!(p.total, 1200, "two passes over 600 Chinese sentences");
    assert_eq!(p.done, 900, "stopped at once");
    // Not cancelled: it completes and the work adds up.
    let mut p = StopAfter {
        total: 0,
        done: 0,
        stop_after: u64::MAX,
    };
    let a = align::align(&zh, &en, &AlignOptions::default(), &mut p).unwrap();
    assert_eq!(p.done, p.total);
    assert_eq!(a.beads.len(), 600);
}
