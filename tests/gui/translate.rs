//! The Translate workspace driven through its widgets: open a release, import a memory, pre-translate,
//! edit and confirm a target, run QA, export the translation with its TMX.

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};

use super::{app_harness, open_file, show_workspace, wait_for_jobs};
use crate::util::TestDir;

const TMX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
<header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="test" adminlang="en-US" srclang="zh-CN" datatype="plaintext"/>
<body>
<tu><tuv xml:lang="zh-CN"><seg>两江新区进出口额增长12%。</seg></tuv><tuv xml:lang="en-US"><seg>Imports and exports of Liangjiang New Area grew by 12%.</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>渝洽会在重庆开幕。</seg></tuv><tuv xml:lang="en-US"><seg>The CCISF opened in Chongqing.</seg></tuv></tu>
</body>
</tmx>
"#;

#[test]
fn open_pretranslate_edit_qa_and_export() {
    let t = TestDir::new();
    let tmx = t.write("memory.tmx", TMX);
    let source = t.write(
        "release.txt",
        "渝洽会在重庆开幕。两江新区进出口额增长15%。中欧班列运行平稳。\n",
    );
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    open_file(&mut harness, &source);
    show_workspace(&mut harness, "Translate");
    harness.get_by_label_contains("0 / 3 translated");

    // Import the memory, then pre-translate: one exact and one fuzzy match, the third has none.
    let import = harness.get_by_role_and_label(Role::TextInput, "Import TMX");
    import.focus();
    import.type_text(tmx.to_str().unwrap());
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Import into the memory")
        .click();
    wait_for_jobs(&mut harness);
    harness.get_by_label_contains("2 units stored");
    harness
        .get_by_role_and_label(Role::Button, "Pre-translate")
        .click();
    wait_for_jobs(&mut harness);
    harness.get_by_label_contains("1 exact, 1 fuzzy");
    harness.get_by_label_contains("2 / 3 translated");
    assert!(harness.query_all_by_label("pre-translated · 100%").count() >= 1);

    // Translate the third segment by hand and confirm it.
    harness.get_by_label("中欧班列运行平稳。").click();
    harness.run_steps(2);
    let editor = harness.get_by_role_and_label(Role::MultilineTextInput, "Translation");
    editor.focus();
    editor.type_text("The China-Europe Railway Express runs smoothly.");
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Confirm")
        .click();
    wait_for_jobs(&mut harness);
    harness.get_by_label_contains("3 / 3 translated");
    assert!(harness.query_all_by_label("confirmed").count() >= 1);
    // Confirmed is in the memory at once (two imported units and this one); undo takes it out again.
    let units = |h: &egui_kittest::Harness<'static, duizhao::gui::DuizhaoApp>| {
        h.state().state.memory.as_ref().map(|m| m.units)
    };
    assert_eq!(units(&harness), Some(3));
    harness.get_by_role_and_label(Role::Button, "Undo").click();
    wait_for_jobs(&mut harness);
    assert_eq!(units(&harness), Some(2));
    harness.get_by_role_and_label(Role::Button, "Redo").click();
    wait_for_jobs(&mut harness);
    assert_eq!(units(&harness), Some(3));

    // QA finds the number the fuzzy match got wrong.
    harness
        .get_by_role_and_label(Role::Button, "Run QA")
        .click();
    harness.run_steps(2);
    assert!(
        harness.query_all_by_label_contains("Segment 2:").any(|n| n
            .accesskit_node()
            .label()
            .unwrap_or_default()
            .contains("15")),
        "a number mismatch in segment 2"
    );

    // Export the translation and its TMX; the confirmed segment goes into the memory.
    // The proposal is beside the source, named for the target language.
    let out = t.path("release.en-US.txt");
    assert_eq!(
        super::text_of(&harness, "Export to"),
        out.display().to_string()
    );
    harness
        .get_by_role_and_label(Role::Button, "Export translation")
        .click();
    harness.run_steps(3);
    // QA findings are open: the export asks first.
    harness.get_by_label("2 QA errors open");
    harness
        .get_by_role_and_label(Role::Button, "Export anyway")
        .click();
    wait_for_jobs(&mut harness);
    let text = std::fs::read_to_string(&out).expect("the translation was written");
    assert!(text.contains("The CCISF opened in Chongqing."), "{text}");
    assert!(
        text.contains("The China-Europe Railway Express runs smoothly."),
        "{text}"
    );
    let tmx_out = std::fs::read_to_string(t.path("release.en-US.tmx")).expect("a TMX beside it");
    assert!(tmx_out.contains("中欧班列运行平稳。"));
    harness.get_by_label_contains("(3 units)");
}

#[test]
fn the_qa_list_follows_the_edits() {
    let t = TestDir::new();
    let source = t.write("release.txt", "两江新区进出口额增长15%。\n");
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    open_file(&mut harness, &source);
    show_workspace(&mut harness, "Translate");
    let confirm = |h: &mut egui_kittest::Harness<'static, duizhao::gui::DuizhaoApp>, text: &str| {
        let editor = h.get_by_role_and_label(Role::MultilineTextInput, "Translation");
        editor.focus();
        h.run_steps(2);
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        h.get_by_role_and_label(Role::MultilineTextInput, "Translation")
            .type_text(text);
        h.run_steps(2);
        h.get_by_role_and_label(Role::Button, "Confirm").click();
        wait_for_jobs(h);
    };
    confirm(
        &mut harness,
        "Imports and exports of Liangjiang New Area grew by 12%.",
    );
    harness
        .get_by_role_and_label(Role::Button, "Run QA")
        .click();
    harness.run_steps(2);
    // 15 in the source is missing, 12 in the target is not in the source.
    harness.get_by_label_contains("QA: 2 errors");

    // Fixing the number and confirming again updates the list without running QA by hand.
    confirm(
        &mut harness,
        "Imports and exports of Liangjiang New Area grew by 15%.",
    );
    harness.run_steps(2);
    harness.get_by_label_contains("QA: 0 errors");
    harness.get_by_label("No problems found.");
}
