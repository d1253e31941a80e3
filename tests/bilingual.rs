//! Files holding a Chinese and an English version laid out alternating (中英对照), paragraph by paragraph
//! or sentence by sentence: `info` names the layout, `segment` gives each sentence its own language, and
//! `align FILE` pairs each Chinese sentence with its English one. The releases are written for these
//! tests.

use serde_json::Value;

use crate::util::{TestDir, stdout_ok};

/// Alternating paragraphs, Chinese first: a title pair, a dateline in Chinese only, three paragraph pairs.
const BY_PARAGRAPH: &str = "\
中欧班列（西安）开行量创新高
Xi'an China-Europe Freight Trains Hit a Record
（通讯员 陈静）
今年前十个月，中欧班列（西安）共开行四千二百列，同比增长百分之十五。运输货物以汽车零部件、光伏组件和电子产品为主。
In the first ten months of this year, China-Europe freight trains from Xi'an made 4,200 trips, up 15 percent year on year. The cargo was mainly auto parts, solar modules and electronics.
西安国际港务区表示，班列已通达欧洲二十五个国家。回程班列带回了德国机械和法国葡萄酒。
The Xi'an International Trade and Logistics Park said the trains now reach 25 European countries. Return trains brought back German machinery and French wine.
明年，港务区计划开通至伊斯坦布尔的跨里海线路。
Next year, the park plans to open a trans-Caspian route to Istanbul.
";

/// Alternating sentences, Chinese first, under a title pair.
const BY_SENTENCE: &str = "\
海南自由贸易港封关准备进展顺利

Hainan Free Trade Port Prepares for Customs Operation

海南自由贸易港封关运作准备工作进展顺利。Preparations for independent customs operation at the Hainan Free Trade Port are going smoothly. 海口海关新建了十个通关监管场所。Haikou Customs has built ten new clearance sites.

今年一至九月，海南货物进出口总值增长百分之二十。From January to September, Hainan's imports and exports of goods rose by 20 percent. 其中，对东盟贸易增长最快。Trade with ASEAN grew the fastest.

海南省商务厅表示，将继续吸引跨国企业设立区域总部。The provincial commerce department said it will keep attracting regional headquarters of multinational companies.
";

fn info(t: &TestDir, file: &str) -> (String, Value) {
    let plain = stdout_ok(&t.cli().args(["info", file]).output().unwrap());
    let json = stdout_ok(&t.cli().args(["info", "--json", file]).output().unwrap());
    (plain, serde_json::from_str(&json).unwrap())
}

#[test]
fn cli_info_names_each_alternating_layout() {
    let t = TestDir::new();
    t.write("paragraphs.txt", BY_PARAGRAPH);
    t.write("sentences.txt", BY_SENTENCE);
    for (file, label, key) in [
        (
            "paragraphs.txt",
            "alternating paragraphs",
            "alternating-paragraphs",
        ),
        (
            "sentences.txt",
            "alternating sentences",
            "alternating-sentences",
        ),
    ] {
        let (plain, json) = info(&t, file);
        assert!(
            plain.contains(&format!("two versions: yes ({label}, zh-Hans + en)")),
            "{file}: {plain}"
        );
        assert_eq!(json["two_languages"], true, "{file}");
        assert_eq!(json["versions"]["layout"], key, "{file}");
        assert_eq!(json["versions"]["first"], "zh-Hans", "{file}");
        assert_eq!(json["versions"]["second"], "en", "{file}");
        let mut langs: Vec<&str> = json["languages"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        langs.sort();
        assert_eq!(langs, ["en", "zh-Hans"], "{file}: no sentence is mixed");
    }
}

#[test]
fn cli_segment_gives_every_sentence_its_own_language() {
    let t = TestDir::new();
    t.write("sentences.txt", BY_SENTENCE);
    let out = stdout_ok(
        &t.cli()
            .args(["segment", "--json", "sentences.txt"])
            .output()
            .unwrap(),
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["versions"]["layout"], "alternating-sentences");
    let mut n = 0;
    for p in v["paragraphs"].as_array().unwrap() {
        for s in p["sentences"].as_array().unwrap() {
            let text = s["text"].as_str().unwrap();
            let han = text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            let want = if han { "zh-Hans" } else { "en" };
            assert_eq!(s["lang"], want, "{text}");
            n += 1;
        }
    }
    assert_eq!(n, 12);
    // The paragraph of a Chinese and an English sentence is both, each sentence one.
    let p = &v["paragraphs"][2];
    assert_eq!(p["lang"], "mixed");
    assert_eq!(
        p["sentences"][1]["text"],
        "Preparations for independent customs operation at the Hainan Free Trade Port are going smoothly."
    );
    assert_eq!(p["sentences"][1]["lang"], "en");
    assert_eq!(
        p["sentences"][2]["text"],
        "海口海关新建了十个通关监管场所。"
    );
    assert_eq!(p["sentences"][2]["lang"], "zh-Hans");
}

/// The TSV rows of `align FILE`, as (Chinese, English) pairs.
fn aligned_pairs(t: &TestDir, file: &str, extra: &[&str]) -> Vec<(String, String)> {
    let out = t
        .cli()
        .args(["align", file, "--format", "tsv", "--quiet"])
        .args(extra)
        .output()
        .unwrap();
    stdout_ok(&out)
        .lines()
        .map(|l| {
            let (zh, en) = l.split_once('\t').expect("a Chinese and an English column");
            (zh.to_string(), en.to_string())
        })
        .collect()
}

#[test]
fn cli_align_pairs_the_versions_of_one_alternating_file() {
    let t = TestDir::new();
    t.write("paragraphs.txt", BY_PARAGRAPH);
    t.write("sentences.txt", BY_SENTENCE);
    let cases: [(&str, &[(&str, &str)]); 2] = [
        (
            "paragraphs.txt",
            &[
                (
                    "中欧班列（西安）开行量创新高",
                    "Xi'an China-Europe Freight Trains Hit a Record",
                ),
                (
                    "运输货物以汽车零部件、光伏组件和电子产品为主。",
                    "The cargo was mainly auto parts, solar modules and electronics.",
                ),
                (
                    "回程班列带回了德国机械和法国葡萄酒。",
                    "Return trains brought back German machinery and French wine.",
                ),
                (
                    "明年，港务区计划开通至伊斯坦布尔的跨里海线路。",
                    "Next year, the park plans to open a trans-Caspian route to Istanbul.",
                ),
            ],
        ),
        (
            "sentences.txt",
            &[
                (
                    "海南自由贸易港封关准备进展顺利",
                    "Hainan Free Trade Port Prepares for Customs Operation",
                ),
                (
                    "海口海关新建了十个通关监管场所。",
                    "Haikou Customs has built ten new clearance sites.",
                ),
                (
                    "今年一至九月，海南货物进出口总值增长百分之二十。",
                    "From January to September, Hainan's imports and exports of goods rose by 20 percent.",
                ),
                (
                    "其中，对东盟贸易增长最快。",
                    "Trade with ASEAN grew the fastest.",
                ),
            ],
        ),
    ];
    for (file, want) in cases {
        let pairs = aligned_pairs(&t, file, &[]);
        for (zh, en) in want {
            // The Chinese-only dateline may join the title's unit; nothing else is merged.
            assert!(
                pairs.iter().any(|(z, e)| {
                    (z == zh || z.starts_with(zh) && z.ends_with("（通讯员 陈静）")) && e == en
                }),
                "{file}: {zh} | {en} not paired in {pairs:#?}"
            );
        }
        // No row holds both languages on one side.
        for (zh, en) in &pairs {
            assert!(
                !en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{file}: {en}"
            );
            assert!(!zh.contains("the "), "{file}: {zh}");
        }
    }
    // Every Chinese sentence of the sentence layout is in a unit, and TMX counts them.
    let out = t
        .cli()
        .args(["align", "sentences.txt", "--format", "tmx", "-o", "s.tmx"])
        .output()
        .unwrap();
    stdout_ok(&out);
    let tmx = std::fs::read_to_string(t.path("s.tmx")).unwrap();
    assert_eq!(tmx.matches("<tu ").count(), 6, "{tmx}");
}

#[test]
fn cli_align_cleans_an_alternating_file_first() {
    let t = TestDir::new();
    let dirty = BY_PARAGRAPH.replace("开行量", "开(kāi)行量");
    t.write("dirty.txt", dirty);
    let pairs = aligned_pairs(&t, "dirty.txt", &["--clean", "--report", "none"]);
    assert!(
        pairs
            .iter()
            .any(|(z, _)| z.starts_with("中欧班列（西安）开行量创新高")),
        "{pairs:#?}"
    );
    assert!(pairs.iter().all(|(z, _)| !z.contains("(kāi)")));
}

#[test]
fn cli_align_says_a_file_in_two_chinese_scripts_has_no_english_version() {
    let t = TestDir::new();
    t.write(
        "scripts.txt",
        "西安国际港务区表示，班列已通达欧洲二十五个国家。回程班列带回了德国机械。\n\
         西安國際港務區表示，班列已通達歐洲二十五個國家。回程班列帶回了德國機械。\n",
    );
    let out = t.cli().args(["align", "scripts.txt"]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("scripts.txt")
            && err.contains("two scripts (zh-Hans and zh-Hant)")
            && err.contains("no English version"),
        "{err}"
    );
    let (plain, json) = info(&t, "scripts.txt");
    assert!(plain.contains("no Chinese/English pair"), "{plain}");
    assert_eq!(json["two_languages"], false);
}
