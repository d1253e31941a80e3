//! Document core and the `info` / `segment` commands: decoding, two-language files, bad input, and the
//! encoding conformance suite and the seed releases read in place.

use std::collections::BTreeMap;

use duizhao::NoProgress;
use duizhao::document::{self, LoadOptions};
use serde_json::Value;

use crate::util::{TestDir, run_with_stdin, stdout_ok};
use crate::{conformance_or_skip, shared_or_skip};

#[test]
fn encoding_conformance_at_least_999_per_mille() {
    let dir = conformance_or_skip!("encoding");
    let manifest = std::fs::read_to_string(dir.join("manifest.jsonl")).expect("manifest");
    let mut total = 0;
    let mut misses = Vec::new();
    let mut by_encoding: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for line in manifest.lines().filter(|l| !l.trim().is_empty()) {
        let row: Value = serde_json::from_str(line).expect("manifest row");
        let file = row["file"].as_str().unwrap();
        let want = row["text"].as_str().unwrap();
        let enc = row["encoding"].as_str().unwrap().to_string();
        let bytes = std::fs::read(dir.join(file)).expect("sample");
        let got = document::decode::decode(&bytes, None);
        total += 1;
        let entry = by_encoding.entry(enc).or_default();
        entry.0 += 1;
        if got.text == want {
            entry.1 += 1;
        } else {
            misses.push(format!("{file}: decoded as {}", got.encoding.name()));
        }
    }
    let exact = total - misses.len();
    eprintln!("encoding conformance: {exact}/{total} decoded exactly");
    for (enc, (n, ok)) in &by_encoding {
        eprintln!("  {enc:<12} {ok}/{n}");
    }
    for m in &misses {
        eprintln!("  miss: {m}");
    }
    assert_eq!(total, 970, "the suite has 970 samples");
    assert!(
        exact * 1000 >= total * 999,
        "{exact}/{total} is below 99.9%"
    );
}

/// The five seed releases, read in place: no split inside "Co., Ltd." or a decimal number, and seed 003
/// recognised as a Chinese half followed by an English half.
#[test]
fn seeds_segment_without_breaking_names_or_numbers() {
    let dir = shared_or_skip!("seeds");
    let mut seeds: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    seeds.sort();
    assert_eq!(seeds.len(), 5);
    let decimal = regex::Regex::new(r"\d\.\d").unwrap();
    for path in &seeds {
        let doc = document::load_path(path, &LoadOptions::default(), &mut NoProgress).unwrap();
        assert_eq!(doc.replacements, 0, "{}", path.display());
        let sentences: Vec<String> = doc
            .sentences()
            .map(|s| doc.span_text(&s.span).into_owned())
            .collect();
        for (i, s) in sentences.iter().enumerate() {
            assert!(
                !s.ends_with("Co.,") && !s.ends_with("Co."),
                "{}: split after Co.: {s}",
                path.display()
            );
            assert!(
                !s.starts_with("Ltd."),
                "{}: split before Ltd.: {s}",
                path.display()
            );
            // A sentence that ends in a digit and a period followed by one that starts with a digit would be a
            // split decimal.
            if let Some(next) = sentences.get(i + 1) {
                let joined = format!(
                    "{}{}",
                    s.chars().last().unwrap(),
                    next.chars().next().unwrap()
                );
                assert!(
                    !decimal.is_match(&joined),
                    "{}: split decimal: {s} | {next}",
                    path.display()
                );
            }
        }
        let name = path.file_name().unwrap().to_string_lossy();
        if name.starts_with("003_") {
            let v = doc
                .versions
                .expect("seed 003 holds a Chinese and an English half");
            assert!(
                matches!(v.layout, document::Layout::Halves { .. })
                    && v.first.is_chinese()
                    && v.second == document::Lang::En,
                "{v:?}"
            );
            let zh = doc.part_document(document::Side::Chinese).unwrap();
            let en = doc.part_document(document::Side::English).unwrap();
            assert!(zh.paragraphs.iter().all(|p| p.lang.is_chinese()));
            assert!(en.paragraphs.iter().all(|p| p.lang == document::Lang::En));
        } else {
            assert_eq!(doc.versions, None, "{name} is one language");
        }
    }
    // A decimal from seed 002 survives whole.
    let seed002 = seeds
        .iter()
        .find(|p| p.to_string_lossy().contains("002_"))
        .unwrap();
    let doc = document::load_path(seed002, &LoadOptions::default(), &mut NoProgress).unwrap();
    let text: Vec<String> = doc
        .sentences()
        .map(|s| doc.span_text(&s.span).into_owned())
        .collect();
    assert!(
        text.iter()
            .any(|s| s.contains("1.2657 trillion") && s.contains("GDP"))
    );
    assert!(
        text.iter()
            .any(|s| s.contains("Co., Ltd., Hewlett-Packard"))
    );
}

#[test]
fn cli_info_reports_encoding_languages_and_counts() {
    let t = TestDir::new();
    let text = "重庆与加州签署经贸合作备忘录。双方将加强合作！\nChongqing signed an MOU with California. Both sides agreed.\n";
    let file = t.write("release.txt", encoding_rs::GBK.encode(text).0);
    let out = stdout_ok(
        &t.cli()
            .args(["info", "--json"])
            .arg(&file)
            .output()
            .unwrap(),
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["encoding"], "GBK");
    assert_eq!(v["paragraphs"], 2);
    assert_eq!(v["sentences"], 4);
    assert_eq!(v["languages"], serde_json::json!(["zh-Hans", "en"]));
    assert_eq!(v["two_languages"], true);

    let plain = stdout_ok(&t.cli().args(["info"]).arg(&file).output().unwrap());
    assert!(
        plain.contains("encoding:    GBK") && plain.contains("two versions: yes"),
        "{plain}"
    );

    // Override: read the same GBK bytes as Big5 — it decodes (badly), and the override is reported.
    let forced = stdout_ok(
        &t.cli()
            .args(["info", "--json", "--encoding", "big5"])
            .arg(&file)
            .output()
            .unwrap(),
    );
    let v: Value = serde_json::from_str(&forced).unwrap();
    assert_eq!(v["encoding"], "Big5");
    assert_eq!(v["encoding_source"], "override");
}

#[test]
fn cli_segment_prints_sentences_and_json_spans_from_stdin() {
    let t = TestDir::new();
    let input = "Partners include Changan Ford Co., Ltd. and Otis. GDP grew 1.2657 percent.\n两江新区成立。渝洽会开幕！";
    let out = stdout_ok(&run_with_stdin(
        t.cli().args(["segment", "-"]),
        input.as_bytes(),
    ));
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "Partners include Changan Ford Co., Ltd. and Otis.",
            "GDP grew 1.2657 percent.",
            "两江新区成立。",
            "渝洽会开幕！"
        ]
    );
    let json = stdout_ok(&run_with_stdin(
        t.cli().args(["segment", "--json", "-"]),
        input.as_bytes(),
    ));
    let v: Value = serde_json::from_str(&json).unwrap();
    let s = &v["paragraphs"][1]["sentences"][1];
    assert_eq!(s["text"], "渝洽会开幕！");
    assert_eq!(s["lang"], "zh-Hans");
    let (start, end) = (
        s["start"].as_u64().unwrap() as usize,
        s["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&input[start..end], "渝洽会开幕！");
}

#[test]
fn cli_bad_input_is_a_clear_error_naming_the_file() {
    let t = TestDir::new();
    t.write("empty.txt", b"");
    t.write("image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    t.write("notzip.docx", "plain words");
    std::fs::create_dir_all(t.path("folder")).unwrap();
    for (arg, want) in [
        ("missing.txt", "missing.txt: no such file"),
        ("empty.txt", "empty.txt: the file is empty"),
        ("image.txt", "image.txt: this is a PNG image"),
        ("notzip.docx", "notzip.docx: not a valid .docx file"),
        ("folder", "folder: is a folder"),
    ] {
        let out = t.cli().args(["info", arg]).output().unwrap();
        assert!(!out.status.success(), "{arg} should fail");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(want), "{arg}: {err}");
    }
    let out = t
        .cli()
        .args(["info", "--encoding", "klingon", "missing.txt"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown encoding 'klingon'"));
}

#[test]
fn invalid_bytes_in_utf8_are_reported_not_hidden() {
    let t = TestDir::new();
    let mut bytes = "两江新区与加州合作。".repeat(20).into_bytes();
    bytes.insert(30, 0xFF);
    let file = t.write("broken.txt", bytes);
    let out = t
        .cli()
        .args(["info", "--json"])
        .arg(&file)
        .output()
        .unwrap();
    let v: Value = serde_json::from_str(&stdout_ok(&out)).unwrap();
    assert_eq!(v["encoding"], "UTF-8");
    assert_eq!(v["replaced_bytes"], 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 invalid byte sequence"));
}

#[test]
fn docx_and_html_open_as_paragraphs() {
    let t = TestDir::new();
    let docx = t.path("release.docx");
    {
        use std::io::Write;
        let file = std::fs::File::create(&docx).unwrap();
        let mut zip = zip::ZipWriter::new(file);
        let opts = zip::write::SimpleFileOptions::default();
        zip.start_file("[Content_Types].xml", opts).unwrap();
        zip.write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#)
            .unwrap();
        zip.start_file("word/document.xml", opts).unwrap();
        zip.write_all(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>兩江新區位於重慶。</w:t></w:r></w:p><w:p><w:r><w:t>It is a state-level new area. It opened in 2010.</w:t></w:r></w:p></w:body></w:document>"#
                .as_bytes(),
        )
        .unwrap();
        zip.finish().unwrap();
    }
    let doc = document::load_path(&docx, &LoadOptions::default(), &mut NoProgress).unwrap();
    assert_eq!(doc.paragraphs.len(), 2);
    assert_eq!(doc.paragraphs[0].lang, document::Lang::ZhHant);
    assert_eq!(doc.sentence_count(), 3);
    assert_eq!(doc.format, document::Format::Docx);

    let html = t.write(
        "page.html",
        "<html><head><script>x()</script></head><body><nav>Home &gt; News</nav><p>First paragraph. Second sentence.</p></body></html>",
    );
    let out = stdout_ok(&t.cli().args(["segment"]).arg(&html).output().unwrap());
    assert_eq!(out, "First paragraph.\nSecond sentence.\n");
}
