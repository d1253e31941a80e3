//! Exports read by real clients: translate-toolkit (through `../shared/tools/check_exports.py`) and OmegaT's
//! glossary readers (`../shared/tools/omegat/run_omegat_check.sh`). Each runs when the tool is installed
//! and prints SKIPPED otherwise — unless `DUIZHAO_REQUIRE_TOOLS=1` (CI), where a missing tool fails.

use std::path::Path;
use std::process::Command;

use duizhao::NoProgress;
use duizhao::glossary::{ExportOptions, Format, Glossary};

fn tool_missing(what: &str) -> bool {
    if std::env::var("DUIZHAO_REQUIRE_TOOLS").is_ok_and(|v| v == "1") {
        panic!("DUIZHAO_REQUIRE_TOOLS=1 but {what} is not installed");
    }
    eprintln!("SKIPPED: {what} is not installed");
    true
}

fn starter_exports(dir: &Path) -> Glossary {
    Glossary::open_or_create(dir.join("g.sqlite")).unwrap()
}

#[test]
fn tbx_exports_pass_translate_toolkit_and_the_core_schema() {
    let tools = crate::shared_or_skip!("tools");
    let has = Command::new("python3")
        .args(["-c", "import translate, lxml"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has
        && tool_missing(
            "python3 with translate-toolkit and lxml (pip install translate-toolkit lxml)",
        )
    {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let g = starter_exports(dir.path());
    let n = g.count().unwrap();
    let mut files = Vec::new();
    for (format, name) in [
        (Format::Tbx, "glossary.tbx"),
        (Format::Tbx3, "glossary-v3.tbx"),
    ] {
        let path = dir.path().join(name);
        assert_eq!(
            g.export(&path, format, &ExportOptions::default(), &mut NoProgress)
                .unwrap(),
            n
        );
        files.push(path);
    }
    let out = Command::new("python3")
        .arg(tools.join("check_exports.py"))
        .args(["--expect-langs", "en,zh-Hans,zh-Hant,zh-HK"])
        .args(&files)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    eprintln!("{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "check_exports.py failed:\n{stdout}");
    assert!(
        stdout.contains(&format!("translate-toolkit units (termEntry): {n};")),
        "{stdout}"
    );
    assert!(
        stdout.contains("core RNG valid") && stdout.contains(&format!("conceptEntry: {n};")),
        "{stdout}"
    );
}

#[test]
fn omegat_reads_the_tbx_and_tab_exports() {
    let tools = crate::shared_or_skip!("tools");
    let jar = Path::new("/usr/share/omegat/OmegaT.jar");
    let java = Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if (!jar.exists() || !java) && tool_missing("OmegaT (apt-get install -y omegat)") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let g = starter_exports(dir.path());
    let source = dir.path().join("release.txt");
    std::fs::write(&source, "两江新区设立保税港区。\n").unwrap();
    let tmx = dir.path().join("memory.tmx");
    std::fs::write(
        &tmx,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n<header creationtool=\"test\" \
         creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"none\" adminlang=\"en-US\" srclang=\"zh-CN\" \
         datatype=\"plaintext\"/>\n<body>\n<tu><tuv xml:lang=\"zh-CN\"><seg>两江新区设立保税港区。</seg></tuv>\
         <tuv xml:lang=\"en-US\"><seg>Liangjiang New Area sets up a bonded port area.</seg></tuv></tu>\n</body>\n</tmx>\n",
    )
    .unwrap();
    for (format, name, entry) in [
        (
            Format::Tbx,
            "glossary.tbx",
            "两江新区 => Liangjiang New Area",
        ),
        (
            Format::Omegat,
            "glossary.txt",
            "保税港区 => bonded port area",
        ),
    ] {
        let path = dir.path().join(name);
        g.export(&path, format, &ExportOptions::default(), &mut NoProgress)
            .unwrap();
        let out = Command::new("sh")
            .arg(tools.join("omegat/run_omegat_check.sh"))
            .args(["zh-CN", "en-US"])
            .args([&source, &tmx, &path])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        eprintln!("{stdout}");
        assert!(
            out.status.success(),
            "OmegaT check failed for {name}:\n{stdout}"
        );
        let count = stdout
            .lines()
            .find_map(|l| l.split(&format!("GLOSSARY-CHECK {name}: ")).nth(1))
            .and_then(|rest| rest.split(' ').next()?.parse::<usize>().ok())
            .unwrap_or(0);
        assert!(
            count >= g.count().unwrap(),
            "OmegaT read {count} entries from {name}:\n{stdout}"
        );
        assert!(stdout.contains(entry), "{name}: {entry} missing:\n{stdout}");
    }
}
