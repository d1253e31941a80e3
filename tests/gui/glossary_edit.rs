//! Editing the glossary the way a terminologist does: Ctrl+K selects the last query so typing replaces
//! it, a new entry's other script is filled by conversion (and stays editable), a deletion is undone in
//! one click, changes are recorded under the name set in Settings, and an export asks before replacing a
//! file and follows the format's extension.

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

use super::{app_harness, set_text, show_workspace, text_of, type_into, wait_for_jobs};
use crate::util::TestDir;

#[test]
fn ctrl_k_selects_the_query_so_typing_replaces_it() {
    let t = TestDir::new();
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    show_workspace(&mut harness, "Glossary");
    let search = harness.get_by_role_and_label(Role::TextInput, "Search the glossary");
    search.focus();
    search.type_text("bonded");
    harness.run_steps(2);
    // Away to another workspace, then Ctrl+K from there.
    show_workspace(&mut harness, "Documents");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::K);
    harness.run_steps(3);
    harness
        .get_by_role_and_label(Role::TextInput, "Search the glossary")
        .type_text("两江");
    harness.run_steps(3);
    assert_eq!(text_of(&harness, "Search the glossary"), "两江");
}

#[test]
fn a_new_entry_gets_its_other_script_by_conversion_and_a_deletion_is_undone_in_one_click() {
    let t = TestDir::new();
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);

    // The name set in Settings is the author of what follows.
    harness.get_by_label("File").click();
    harness.run_steps(2);
    harness.get_by_label("Settings…").click();
    harness.run_steps(2);
    set_text(&mut harness, "Your name", "Lin Wei");
    harness.get_by_role_and_label(Role::Button, "Save").click();
    harness.run_steps(2);

    show_workspace(&mut harness, "Glossary");
    harness
        .get_by_role_and_label(Role::Button, "New entry")
        .click();
    harness.run_steps(2);
    type_into(&mut harness, "English term", "Duizhao Test Bonded Zone");
    type_into(&mut harness, "简体 (zh-Hans) term", "对照测试综合保税区");
    assert_eq!(
        text_of(&harness, "繁體 (zh-Hant) term"),
        "對照測試綜合保稅區",
        "filled by conversion"
    );
    harness.get_by_label("converted");
    // Editable: the user's own spelling is kept, and no longer follows the Simplified term.
    set_text(&mut harness, "繁體 (zh-Hant) term", "對照測試綜保區");
    type_into(&mut harness, "简体 (zh-Hans) term", "甲");
    assert_eq!(text_of(&harness, "繁體 (zh-Hant) term"), "對照測試綜保區");
    harness
        .get_by_role_and_label(Role::Button, "Add entry")
        .click();
    harness.run_steps(3);
    harness.get_by_label_contains("Saved entry");
    harness.get_by_label_contains("changed by Lin Wei");

    // Delete (once the term index is rebuilt: the store is busy until then), and one click brings it
    // back.
    wait_for_jobs(&mut harness);
    harness
        .get_by_role_and_label(Role::Button, "Delete")
        .click();
    wait_for_jobs(&mut harness);
    harness.get_by_label_contains("Deleted entry");
    harness.get_by_role_and_label(Role::Button, "Undo").click();
    wait_for_jobs(&mut harness);
    harness.get_by_label_contains("is back as it was");
    let search = harness.get_by_role_and_label(Role::TextInput, "Search the glossary");
    search.focus();
    search.type_text("綜保區");
    harness.run_steps(3);
    assert!(
        harness
            .query_all_by_label("Duizhao Test Bonded Zone")
            .count()
            >= 1,
        "the entry is back and found by its Traditional term"
    );
}

#[test]
fn a_glossary_export_asks_before_replacing_and_follows_the_format() {
    let t = TestDir::new();
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    show_workspace(&mut harness, "Glossary");
    harness.get_by_label("Import and export").click();
    harness.run_steps(2);
    let out = t.path("terms.tbx");
    std::fs::write(&out, "keep me").unwrap();
    set_text(&mut harness, "Export to", out.to_str().unwrap());
    harness
        .get_by_role_and_label(Role::Button, "Export")
        .click();
    harness.run_steps(3);
    harness.get_by_label("Replace the existing file?");
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    wait_for_jobs(&mut harness);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");

    // Another format: the path's extension follows it.
    harness.get_by_label("Export format").click();
    harness.run_steps(2);
    harness.get_by_label("TSV with a header").click();
    harness.run_steps(3);
    assert_eq!(
        text_of(&harness, "Export to"),
        t.path("terms.tsv").display().to_string()
    );
    harness
        .get_by_role_and_label(Role::Button, "Export")
        .click();
    wait_for_jobs(&mut harness);
    harness.get_by_label_contains("Exported");
    assert!(
        std::fs::read_to_string(t.path("terms.tsv"))
            .unwrap()
            .contains("两江新区")
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
}
