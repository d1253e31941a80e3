//! The loop on real data (`../shared/conformance/align/mac-dev`): the gold beads of documents 001–005
//! become the memory (through a TMX file, as a team would import it); a new source is built from their
//! sentences (some verbatim, some with a character or a number changed) and from document 006, which the
//! memory has never seen. Pre-translation must use 100% matches for the verbatim sentences, fuzzy matches
//! with the change highlighted for the edited ones, and nothing for the unseen ones; QA must find the
//! planted number change and a glossary term dropped from a translation; the work's TMX must pass
//! translate-toolkit and OmegaT; confirmed segments must flow back into the memory.

use std::path::Path;
use std::sync::Arc;

use duizhao::NoProgress;
use duizhao::tm::fuzzy::DiffOp;
use duizhao::tm::{
    LangStyle, LangTag, MatchOptions, Memory, NoConversion, PretranslateOptions, QaKind, Segment,
    SegmentStatus, TermList, TranslationProject, TranslationUnit, tmx,
};

use super::tmx_clients::{check_exports, omegat_check};
use crate::conformance_or_skip;
use crate::util::{TestDir, stdout_ok};

/// One gold bead's two sides, lines joined (nothing between Chinese lines, a space between English ones).
#[derive(Debug, Clone)]
struct Bead {
    zh: String,
    en: String,
}

fn read_lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(str::to_string)
        .collect()
}

fn beads(doc: &Path) -> Vec<Bead> {
    let zh = read_lines(&doc.join("zh.txt"));
    let en = read_lines(&doc.join("en.txt"));
    let ids = |s: &str| -> Vec<usize> {
        s.trim_matches(|c| c == '[' || c == ']')
            .split(',')
            .filter(|x| !x.is_empty())
            .map(|x| x.trim().parse().expect("bead id"))
            .collect()
    };
    read_lines(&doc.join("gold.txt"))
        .iter()
        .filter_map(|line| {
            let (l, r) = line.split_once(':')?;
            let zh: String = ids(l)
                .iter()
                .map(|&i| zh[i].trim())
                .collect::<Vec<_>>()
                .join("");
            let en: String = ids(r)
                .iter()
                .map(|&i| en[i].trim())
                .collect::<Vec<_>>()
                .join(" ");
            (!zh.is_empty() && !en.is_empty()).then_some(Bead { zh, en })
        })
        .collect()
}

/// What a new-source segment is, and what the memory should do with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Verbatim,
    EditedWord,
    EditedNumber,
    Unseen,
}

/// Replaces the Han character in the middle of `text` with another one.
fn change_a_character(text: &str) -> (String, char, char) {
    let chars: Vec<char> = text.chars().collect();
    let mid = (chars.len() / 2..chars.len())
        .find(|&i| duizhao::tm::fuzzy::is_han(chars[i]))
        .expect("a Han character");
    let new = if chars[mid] == '甲' { '乙' } else { '甲' };
    let mut out = chars.clone();
    out[mid] = new;
    (out.into_iter().collect(), chars[mid], new)
}

/// A new-source segment: its kind, its text, and for edited ones the character replaced and its replacement.
type SourceSegment = (Kind, String, Option<(char, char)>);

struct Fixture {
    memory_units: Vec<TranslationUnit>,
    source: Vec<SourceSegment>,
}

fn fixture(mac: &Path) -> Fixture {
    let mut memory_units = Vec::new();
    let mut source = Vec::new();
    for doc in ["001", "002", "003", "004", "005"] {
        let beads = beads(&mac.join(doc));
        for b in &beads {
            memory_units.push(TranslationUnit::new(
                Segment::new(LangTag::zh_simplified(), b.zh.clone()),
                Segment::new(LangTag::en(), b.en.clone()),
            ));
        }
        let usable: Vec<&Bead> = beads
            .iter()
            .filter(|b| (12..=80).contains(&b.zh.chars().count()))
            .collect();
        source.push((Kind::Verbatim, usable[10].zh.clone(), None));
        source.push((Kind::Verbatim, usable[40].zh.clone(), None));
        let (edited, old, new) = change_a_character(&usable[70].zh);
        source.push((Kind::EditedWord, edited, Some((old, new))));
    }
    // The number: document 001 has the narrator's twenty-first birthday ("二十一"); make it the 22nd.
    let birthday = beads(&mac.join("001"))
        .into_iter()
        .find(|b| b.zh.contains("二十一岁"))
        .expect("the birthday bead in 001");
    source.push((
        Kind::EditedNumber,
        birthday.zh.replacen("二十一", "二十二", 1),
        Some(('一', '二')),
    ));
    for b in beads(&mac.join("006"))
        .iter()
        .filter(|b| b.zh.chars().count() >= 12)
        .step_by(15)
        .take(6)
    {
        source.push((Kind::Unseen, b.zh.clone(), None));
    }
    Fixture {
        memory_units,
        source,
    }
}

#[test]
fn memory_pretranslation_qa_and_export_on_mac_dev() {
    let mac = conformance_or_skip!("align/mac-dev");
    let shared = mac
        .parent()
        .and_then(Path::parent)
        .and_then(Path::parent)
        .expect("shared folder")
        .to_path_buf();
    let dir = TestDir::new();
    let fx = fixture(&mac);

    // The gold beads as a TMX file, imported as a team would.
    let gold_tmx = dir.path("gold.tmx");
    tmx::write(
        &gold_tmx,
        &tmx::TmxHeader::new(LangTag::zh_simplified()),
        &fx.memory_units,
        &mut NoProgress,
    )
    .expect("write gold TMX");
    let mut memory =
        Memory::open_with(&dir.path("memory.sqlite"), Arc::new(NoConversion)).expect("open memory");
    let imported = memory
        .import_tmx(&gold_tmx, &mut NoProgress)
        .expect("import");
    println!("imported {imported:?}");
    assert!(imported.stored() > 900, "{imported:?}");

    // Matches, segment by segment.
    let (zh, en) = (LangTag::zh_simplified(), LangTag::en());
    for (kind, text, change) in &fx.source {
        let best = memory
            .matches(
                text,
                &zh,
                &en,
                &MatchOptions {
                    min_score: 50,
                    limit: 3,
                },
            )
            .expect("match");
        match kind {
            Kind::Verbatim => {
                assert_eq!(
                    best.first().map(|m| (m.score, m.exact)),
                    Some((100, true)),
                    "{text}"
                );
                assert!(
                    fx.memory_units
                        .iter()
                        .any(|u| u.source.text == *text && u.target.text == best[0].target)
                );
            }
            Kind::EditedWord | Kind::EditedNumber => {
                let m = best
                    .first()
                    .unwrap_or_else(|| panic!("no fuzzy match for {text}"));
                assert!((80..100).contains(&m.score), "{} for {text}", m.score);
                let (old, new) = change.expect("edited");
                let deleted: String = m
                    .diff
                    .iter()
                    .filter(|s| s.op == DiffOp::Delete)
                    .map(|s| s.text.as_str())
                    .collect();
                let inserted: String = m
                    .diff
                    .iter()
                    .filter(|s| s.op == DiffOp::Insert)
                    .map(|s| s.text.as_str())
                    .collect();
                assert_eq!(
                    (deleted.trim(), inserted.trim()),
                    (old.to_string().as_str(), new.to_string().as_str()),
                    "{text}"
                );
            }
            Kind::Unseen => assert!(
                best.iter().all(|m| m.score < 60),
                "{text}: {:?}",
                best.first().map(|m| m.score)
            ),
        }
    }

    // The workspace: pre-translate at 70%.
    let paragraphs: Vec<Vec<String>> = fx.source.iter().map(|(_, t, _)| vec![t.clone()]).collect();
    let mut project = TranslationProject::new(
        Some("new-release.txt".into()),
        zh.clone(),
        en.clone(),
        paragraphs,
    );
    let summary = project
        .pretranslate(
            &mut memory,
            &PretranslateOptions {
                threshold: 70,
                overwrite: false,
            },
            &mut NoProgress,
        )
        .expect("pretranslate");
    let count = |k: Kind| fx.source.iter().filter(|(kind, _, _)| *kind == k).count();
    assert_eq!(summary.exact, count(Kind::Verbatim), "{summary:?}");
    assert_eq!(
        summary.fuzzy,
        count(Kind::EditedWord) + count(Kind::EditedNumber),
        "{summary:?}"
    );
    assert_eq!(summary.unmatched, count(Kind::Unseen), "{summary:?}");
    for ((kind, _, _), seg) in fx.source.iter().zip(&project.segments) {
        let want = if *kind == Kind::Unseen {
            SegmentStatus::Untranslated
        } else {
            SegmentStatus::Pretranslated
        };
        assert_eq!(seg.status, want, "{}", seg.source);
    }

    // QA: the changed number, and a glossary term dropped by the translator.
    let glossary = TermList::default().approved(zh.clone(), "陈清扬", en.clone(), "Chen Qingyang");
    let number_seg = fx
        .source
        .iter()
        .position(|(k, _, _)| *k == Kind::EditedNumber)
        .expect("number segment");
    let term_seg = project
        .segments
        .iter()
        .position(|s| s.source.contains("陈清扬") && s.target.contains("Chen Qingyang"))
        .expect("a pre-translated segment naming Chen Qingyang");
    let before = project.qa(&glossary, &NoConversion);
    assert!(
        !before
            .iter()
            .any(|f| f.segment == term_seg && matches!(f.kind, QaKind::MissingTerm { .. }))
    );
    let dropped = project.segments[term_seg]
        .target
        .replacen("Chen Qingyang", "she", 1)
        .replace("Chen Qingyang", "she");
    project.set_target(term_seg, &dropped).expect("edit");
    let findings = project.qa(&glossary, &NoConversion);
    for f in &findings {
        println!("segment {}: {}", f.segment + 1, f.message);
    }
    assert!(findings.iter().any(|f| f.segment == number_seg
        && matches!(&f.kind, QaKind::NumberMismatch { text, in_source: true } if text == "二十二")));
    assert!(findings.iter().any(|f| f.segment == term_seg
        && matches!(&f.kind, QaKind::MissingTerm { term, .. } if term == "陈清扬")));
    let unseen_seg = fx
        .source
        .iter()
        .position(|(k, _, _)| *k == Kind::Unseen)
        .expect("unseen");
    assert!(
        findings
            .iter()
            .any(|f| f.segment == unseen_seg && f.kind == QaKind::Empty)
    );
    assert!(project.undo(), "the edit can be undone");
    assert!(project.segments[term_seg].target.contains("Chen Qingyang"));

    // Exports: the translated text keeps one paragraph per source paragraph; the TMX passes real clients.
    let text = project.translated_text();
    assert_eq!(text.lines().count(), fx.source.len());
    let work_tmx = dir.path("work.tmx");
    let written = project
        .export_tmx(&work_tmx, LangStyle::Region, &mut NoProgress)
        .expect("export TMX");
    assert_eq!(written.written, summary.exact + summary.fuzzy);
    let source_txt = dir.write(
        "new-release.txt",
        fx.source
            .iter()
            .map(|(_, t, _)| t.as_str())
            .collect::<Vec<_>>()
            .join("\n")
            + "\n",
    );
    if check_exports(&shared, &work_tmx, "zh-CN,en-US") {
        omegat_check(&shared, "zh-CN", "en-US", &source_txt, &work_tmx);
    }

    // Confirmed segments flow back: the edited sentence is now a 100% match.
    let edited_seg = fx
        .source
        .iter()
        .position(|(k, _, _)| *k == Kind::EditedWord)
        .expect("edited");
    project.confirm(edited_seg).expect("confirm");
    let added = project
        .commit_to_memory(&mut memory, &mut NoProgress)
        .expect("commit");
    assert_eq!(added.added, 1);
    let again = memory
        .matches(
            &project.segments[edited_seg].source,
            &zh,
            &en,
            &MatchOptions::default(),
        )
        .expect("match");
    assert_eq!(again[0].score, 100);
}

#[test]
fn cli_imports_and_pretranslates_with_a_json_report() {
    let mac = conformance_or_skip!("align/mac-dev");
    let dir = TestDir::new();
    let fx = fixture(&mac);
    tmx::write(
        &dir.path("gold.tmx"),
        &tmx::TmxHeader::new(LangTag::zh_simplified()),
        &fx.memory_units,
        &mut NoProgress,
    )
    .expect("write gold TMX");
    let out = stdout_ok(
        &dir.cli()
            .args(["tm", "import", "gold.tmx", "--tm", "mem.sqlite"])
            .output()
            .expect("run"),
    );
    assert!(out.contains("added"), "{out}");
    dir.write(
        "source.txt",
        fx.source
            .iter()
            .map(|(_, t, _)| t.as_str())
            .collect::<Vec<_>>()
            .join("\n")
            + "\n",
    );
    let out = stdout_ok(
        &dir.cli()
            .args([
                "pretranslate",
                "source.txt",
                "--pre-segmented",
                "--threshold",
                "70",
                "--tm",
                "mem.sqlite",
                "--report",
                "json",
            ])
            .args(["-o", "out.txt", "--tmx", "work.tmx"])
            .output()
            .expect("run"),
    );
    let report: serde_json::Value = serde_json::from_str(&out).expect("JSON report");
    let statuses: Vec<&str> = report["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .map(|s| s["status"].as_str().expect("status"))
        .collect();
    for ((kind, _, _), status) in fx.source.iter().zip(&statuses) {
        assert_eq!(
            *status,
            if *kind == Kind::Unseen {
                "untranslated"
            } else {
                "pretranslated"
            }
        );
    }
    let number_seg = fx
        .source
        .iter()
        .position(|(k, _, _)| *k == Kind::EditedNumber)
        .expect("number");
    assert!(
        report["qa"]
            .as_array()
            .expect("qa")
            .iter()
            .any(|f| f["segment"] == number_seg && f["kind"] == "number-mismatch")
    );
    let translated = std::fs::read_to_string(dir.path("out.txt")).expect("output");
    assert_eq!(translated.lines().count(), fx.source.len());
    assert!(
        tmx::read(&dir.path("work.tmx"), &mut NoProgress)
            .expect("work TMX")
            .units
            .len()
            >= 10
    );

    let out = stdout_ok(
        &dir.cli()
            .args(["tm", "search", "陈清扬", "--tm", "mem.sqlite", "--json"])
            .output()
            .expect("run"),
    );
    let found: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert!(
        !found["concordance"]
            .as_array()
            .expect("concordance")
            .is_empty()
    );

    let bad = dir.write(
        "bad.tmx",
        "<tmx version=\"1.4\">\n<header/>\n<body/>\n</tmx>\n",
    );
    let out = dir
        .cli()
        .args(["tm", "import"])
        .arg(&bad)
        .args(["--tm", "mem.sqlite"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.tmx:2") && err.contains("srclang"),
        "{err}"
    );
}
