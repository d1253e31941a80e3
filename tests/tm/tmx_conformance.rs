//! Every TMX file in `../shared/conformance/interop/tmx` (and the hand-made ones) read by `tm::tmx::read`:
//! valid files load, invalid ones are refused with `Error::Format` naming a line.

use std::path::{Path, PathBuf};

use duizhao::tm::{LangTag, tmx};
use duizhao::{Error, NoProgress};

use crate::conformance_or_skip;

/// Files that are broken, with a word the reason must contain.
const INVALID: &[(&str, &str)] = &[
    (
        "tmx/omegat_misc/invalid.tmx",
        "<ept i=\"1\"> closes no <bpt",
    ),
    ("tmx/omegat_misc/test-omegat-invalid.tmx", "one convention"),
    (
        "tmx/omegat_misc/okapi_html_test.tmx",
        "<prop> without the required type",
    ),
    ("handmade/bad_no_srclang.tmx", "no srclang"),
    ("handmade/bad_truncated.tmx", "not well-formed"),
    ("handmade/bad_tuv_nolang.tmx", "no language"),
];

fn tmx_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read folder")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            tmx_files(&p, out);
        } else if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("tmx")) {
            out.push(p);
        }
    }
}

#[test]
fn valid_files_load_and_invalid_files_name_line_and_reason() {
    let interop = conformance_or_skip!("interop");
    let mut files = Vec::new();
    tmx_files(&interop.join("tmx"), &mut files);
    tmx_files(&interop.join("handmade"), &mut files);
    assert!(
        files.len() >= 45,
        "expected the compliance kit, found {} files",
        files.len()
    );
    let mut loaded = 0;
    for file in &files {
        let rel = file
            .strip_prefix(&interop)
            .expect("under interop")
            .to_string_lossy()
            .replace('\\', "/");
        let result = tmx::read(file, &mut NoProgress);
        match INVALID.iter().find(|(name, _)| *name == rel) {
            Some((_, reason)) => match result {
                Err(Error::Format {
                    line: Some(line),
                    message,
                    ..
                }) => {
                    assert!(
                        message.contains(reason),
                        "{rel}: reason {message:?} lacks {reason:?}"
                    );
                    assert!(line >= 1);
                    println!("refused {rel}:{line}: {message}");
                }
                other => panic!("{rel} is invalid but gave {other:?}"),
            },
            None => {
                let doc = result.unwrap_or_else(|e| panic!("{rel} is valid but failed: {e}"));
                assert!(doc.header.srclang.is_some() || rel.contains("all"), "{rel}");
                loaded += 1;
            }
        }
    }
    assert_eq!(loaded + INVALID.len(), files.len());
}

fn read(interop: &Path, rel: &str) -> tmx::TmxDocument {
    tmx::read(&interop.join(rel), &mut NoProgress).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn details_of_real_files() {
    let interop = conformance_or_skip!("interop");
    // TMX 1.1 `lang=`, zh-CN source.
    let doc = read(&interop, "tmx/omegat_misc/project_CN_JP_project_save.tmx");
    let pairs = doc.bilingual_units();
    assert_eq!(pairs.len(), 1);
    assert_eq!(pairs[0].source.text, "太平寺中的文笔塔");
    assert_eq!(pairs[0].target.lang.as_str(), "ja-JP");
    // Astral characters.
    let doc = read(&interop, "tmx/omegat_misc/test-SMP.tmx");
    assert_eq!(doc.bilingual_units()[0].target.text, "𝐃𝐄𝐅");
    // An empty body.
    assert!(read(&interop, "tmx/omegat_misc/empty.tmx").units.is_empty());
    // UTF-16 with tabs kept.
    let doc = read(&interop, "tmx/omegat_compliance_kit/ImportTest1A.tmx");
    assert_eq!(
        doc.units[0].variants[0].text,
        "First segment with [\t\t   ]"
    );
    // Case-insensitive language choice, inline codes dropped, sub-flows inside codes dropped.
    let doc = read(&interop, "tmx/omegat_compliance_kit/ImportTest2C.tmx");
    let en = doc.units[0]
        .variant(&LangTag::parse("EN-US").expect("tag"))
        .expect("en-us");
    assert_eq!(en.text, "Click to start.");
    let doc = read(
        &interop,
        "tmx/omegat_compliance_kit/ImportTest2A-0index.tmx",
    );
    let fr = LangTag::parse("fr-CA").expect("tag");
    let pairs = doc.pairs(&LangTag::en(), &fr);
    assert_eq!(pairs.len(), 7);
    assert_eq!(pairs[0].source.text, "The big black cat sleeps.");
    assert_eq!(
        pairs[1].source.text,
        "Test for special characters = <=lt, >=gt, &=amp, \"=quot."
    );
    // A unit's own srclang overrides the header's.
    let doc = read(&interop, "tmx/omegat_compliance_kit/ImportTest1K.tmx");
    let pairs = doc.bilingual_units();
    assert_eq!(pairs[0].source.lang.as_str(), "de-DE");
    // zh-Hans, zh-TW and bare zh variants all read as Chinese.
    for rel in [
        "handmade/variant_zh-Hans.tmx",
        "handmade/variant_zh-TW.tmx",
        "handmade/variant_zh_en.tmx",
        "handmade/variant_lang_attr.tmx",
    ] {
        let pairs = read(&interop, rel).pairs(&LangTag::zh_simplified(), &LangTag::en());
        assert_eq!(pairs.len(), 3, "{rel}");
        assert_eq!(
            pairs[1].target.text, "The 20th CCISF will be held in May.",
            "{rel}"
        );
    }
}

#[test]
fn entity_declarations_are_refused() {
    let dir = tempfile::tempdir().expect("temp");
    let cases = [
        (
            "xxe.tmx",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [\n <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n<tmx version=\"1.4\"><header srclang=\"en\"/><body><tu><tuv xml:lang=\"en\"><seg>&xxe;</seg></tuv></tu></body></tmx>",
        ),
        (
            "laughs.tmx",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n]>\n<tmx version=\"1.4\"><header srclang=\"en\"/><body/></tmx>",
        ),
    ];
    for (name, xml) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, xml).expect("write");
        match tmx::read(&path, &mut NoProgress) {
            Err(Error::Format {
                line: Some(2),
                message,
                ..
            }) => assert!(message.contains("entities"), "{message}"),
            other => panic!("{name}: {other:?}"),
        }
    }
}
