//! What the package is made of, from the programs themselves: `--version` names the bundled data, and
//! `duizhao-cli generate` writes manual pages and completions for both programs from their clap
//! definitions (every subcommand has its page).

use crate::util::{TestDir, stdout_ok};

#[test]
fn version_names_the_bundled_data() {
    let t = TestDir::new();
    let out = stdout_ok(&t.cli().arg("--version").output().unwrap());
    for fact in [
        "OpenCC 1.4.2",
        "CC-CEDICT release 2023-11-07",
        "Noto Sans CJK SC",
        "SCOWL",
    ] {
        assert!(out.contains(fact), "{fact}: {out}");
    }
}

#[test]
fn generate_writes_pages_and_completions_for_both_programs() {
    let t = TestDir::new();
    stdout_ok(&t.cli().args(["generate", "out"]).output().unwrap());
    for file in [
        "man/duizhao.1",
        "man/duizhao-cli.1",
        "man/duizhao-cli-align.1",
        "man/duizhao-cli-tm.1",
        "completions/bash/duizhao-cli.bash",
        "completions/zsh/_duizhao",
        "completions/fish/duizhao-cli.fish",
    ] {
        let text = std::fs::read_to_string(t.path(&format!("out/{file}")))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(!text.is_empty(), "{file}");
    }
    let page = std::fs::read_to_string(t.path("out/man/duizhao.1")).unwrap();
    assert!(
        page.contains("data\\-dir"),
        "the app's page documents its options"
    );
    let align = std::fs::read_to_string(t.path("out/man/duizhao-cli-align.1")).unwrap();
    assert!(
        align.contains("pre\\-segmented"),
        "a subcommand's page has its options"
    );
    // The packaging subcommand itself stays out of the user's pages and completions.
    let cli = std::fs::read_to_string(t.path("out/man/duizhao-cli.1")).unwrap();
    assert!(!cli.contains("generate"));
}
