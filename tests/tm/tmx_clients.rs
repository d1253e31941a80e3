//! Our TMX exports read by real clients: translate-toolkit (with the header and DTD checks of
//! `../shared/tools/check_exports.py`) and OmegaT 3.6 pre-translating a source file from them
//! (`../shared/tools/omegat/run_omegat_check.sh`). Each check runs when its tool is installed and prints
//! SKIPPED otherwise; `DUIZHAO_REQUIRE_TOOLS=1` (CI) turns a missing tool into a failure.

use std::path::Path;
use std::process::Command;

use duizhao::NoProgress;
use duizhao::tm::{LangStyle, LangTag, Segment, TranslationUnit, tmx};

use crate::shared_or_skip;

fn require_tools() -> bool {
    std::env::var("DUIZHAO_REQUIRE_TOOLS").is_ok_and(|v| v == "1")
}

fn skip(what: &str) {
    assert!(!require_tools(), "DUIZHAO_REQUIRE_TOOLS=1 but {what}");
    eprintln!("SKIPPED: {what}");
}

/// Runs `check_exports.py --expect-langs LANGS FILE`; `false` if the tool is missing (after printing why).
pub fn check_exports(shared: &Path, file: &Path, langs: &str) -> bool {
    let probe = Command::new("python3")
        .args(["-c", "import translate.storage.tmx, lxml"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        skip(
            "python3 with translate-toolkit and lxml is not installed (pip install translate-toolkit lxml)",
        );
        return false;
    }
    let out = Command::new("python3")
        .arg(shared.join("tools/check_exports.py"))
        .args(["--expect-langs", langs])
        .arg(file)
        .output()
        .expect("run check_exports.py");
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "check_exports.py failed on {}:\n{stdout}\n{}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    true
}

/// Runs OmegaT on `source` with `tmx` in `tm/auto`; `false` if OmegaT is missing.
pub fn omegat_check(
    shared: &Path,
    src_lang: &str,
    tgt_lang: &str,
    source: &Path,
    tmx: &Path,
) -> bool {
    if !Path::new("/usr/share/omegat/OmegaT.jar").exists() {
        skip("OmegaT is not installed (apt-get install -y omegat)");
        return false;
    }
    let out = Command::new("sh")
        .arg(shared.join("tools/omegat/run_omegat_check.sh"))
        .args([src_lang, tgt_lang])
        .arg(source)
        .arg(tmx)
        .output()
        .expect("run run_omegat_check.sh");
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    assert!(
        out.status.success() && stdout.contains("RESULT: PASS"),
        "OmegaT could not use {}:\n{stdout}\n{}",
        tmx.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    true
}

/// Sentences written for this test (not taken from any seed file).
const PAIRS: &[(&str, &str)] = &[
    (
        "重庆市今年一季度进出口总额达到1,200亿元。",
        "Chongqing's imports and exports reached 120 billion yuan in the first quarter.",
    ),
    (
        "新建的物流园区将于2026年投入使用。",
        "The new logistics park will open in 2026.",
    ),
    (
        "会议讨论了“一带一路”合作与R&D投资<重点>。",
        "The meeting discussed Belt & Road cooperation and R&D investment <priorities>.",
    ),
];

fn units(script_lang: LangTag) -> Vec<TranslationUnit> {
    PAIRS
        .iter()
        .map(|(zh, en)| {
            TranslationUnit::new(
                Segment::new(script_lang.clone(), *zh),
                Segment::new(LangTag::en(), *en),
            )
            .with_prop("x-source-file", "季度报告.docx")
            .with_created(duizhao::tm::Timestamp::now())
        })
        .collect()
}

#[test]
fn exports_pass_translate_toolkit_in_both_language_styles() {
    let shared = shared_or_skip!("");
    let dir = tempfile::tempdir().expect("temp");
    let cases = [
        (LangStyle::Region, LangTag::zh_simplified(), "zh-CN,en-US"),
        (LangStyle::Script, LangTag::zh_simplified(), "zh-Hans,en-US"),
        (LangStyle::Region, LangTag::zh_traditional(), "zh-TW,en-US"),
    ];
    for (i, (style, lang, expect)) in cases.into_iter().enumerate() {
        let path = dir.path().join(format!("export{i}.tmx"));
        let mut header = tmx::TmxHeader::new(lang.clone());
        header.lang_style = style;
        tmx::write(&path, &header, &units(lang), &mut NoProgress).expect("write TMX");
        if !check_exports(&shared, &path, expect) {
            return;
        }
    }
}

#[test]
fn omegat_pretranslates_from_an_export() {
    let shared = shared_or_skip!("");
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("export.tmx");
    tmx::write(
        &path,
        &tmx::TmxHeader::new(LangTag::zh_simplified()),
        &units(LangTag::zh_simplified()),
        &mut NoProgress,
    )
    .expect("write TMX");
    let source = dir.path().join("source.txt");
    let text: Vec<&str> = PAIRS.iter().map(|(zh, _)| *zh).collect();
    std::fs::write(&source, text.join("\n") + "\n").expect("write source");
    omegat_check(&shared, "zh-CN", "en-US", &source, &path);
}
