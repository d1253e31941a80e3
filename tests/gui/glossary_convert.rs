//! The Glossary and Convert workspaces driven through their widgets: one search box finds an entry from
//! either script, a TSV is imported and the glossary exported as TBX, and a whole folder is converted
//! into another one.

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

use super::{app_harness, set_text, show_workspace, wait_for_jobs};
use crate::util::TestDir;

#[test]
fn glossary_search_finds_an_entry_from_either_script() {
    let t = TestDir::new();
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    show_workspace(&mut harness, "Glossary");
    for query in ["两江新区", "兩江新區"] {
        let search = harness.get_by_role_and_label(Role::TextInput, "Search the glossary");
        search.focus();
        search.type_text(query);
        harness.run_steps(3);
        assert!(
            harness
                .query_all_by_label_contains("Liangjiang New Area")
                .count()
                >= 1,
            "{query} finds Liangjiang New Area"
        );
        // Clear the box for the next query.
        harness
            .get_by_role_and_label(Role::TextInput, "Search the glossary")
            .focus();
        for _ in 0..query.chars().count() {
            harness.key_press(egui::Key::Backspace);
        }
        harness.run_steps(2);
    }
}

#[test]
fn convert_a_whole_folder() {
    let t = TestDir::new();
    t.write("in/a.txt", "两江新区\n");
    t.write("in/sub/b.txt", "渝洽会在重庆开幕。\n");
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    show_workspace(&mut harness, "Convert");
    harness.get_by_label("Convert a whole folder").click();
    harness.run_steps(2);
    for (label, path) in [
        ("From folder", t.path("in")),
        ("Into folder", t.path("out")),
    ] {
        let field = harness.get_by_role_and_label(Role::TextInput, label);
        field.focus();
        field.type_text(path.to_str().unwrap());
        harness.run();
    }
    harness
        .get_by_role_and_label(Role::Button, "Convert folder")
        .click();
    wait_for_jobs(&mut harness);
    harness.get_by_label_contains("Converted 2 files");
    assert_eq!(
        std::fs::read_to_string(t.path("out/sub/b.txt")).unwrap(),
        "渝洽會在重慶開幕。\n"
    );
    assert_eq!(
        std::fs::read_to_string(t.path("in/a.txt")).unwrap(),
        "两江新区\n"
    );
}

#[test]
fn glossary_import_then_export() {
    let t = TestDir::new();
    t.write(
        "terms.tsv",
        "en\tzh-Hans\tzh-Hant\tdomain\nDuizhao test corridor\t对照测试走廊\t對照測試走廊\tlogistics\n\tonly one side\n",
    );
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    show_workspace(&mut harness, "Glossary");
    harness.get_by_label("Import and export").click();
    harness.run_steps(2);
    let field = harness.get_by_role_and_label(Role::TextInput, "Import from");
    field.focus();
    field.type_text(t.path("terms.tsv").to_str().unwrap());
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Import")
        .click();
    wait_for_jobs(&mut harness);
    harness.get_by_label_contains("1 added");
    let search = harness.get_by_role_and_label(Role::TextInput, "Search the glossary");
    search.focus();
    search.type_text("对照测试");
    harness.run_steps(3);
    assert!(
        harness
            .query_all_by_label_contains("Duizhao test corridor")
            .count()
            >= 1
    );
    set_text(
        &mut harness,
        "Export to",
        t.path("out.tbx").to_str().unwrap(),
    );
    harness
        .get_by_role_and_label(Role::Button, "Export")
        .click();
    wait_for_jobs(&mut harness);
    harness.get_by_label_contains("Exported");
    let tbx = std::fs::read_to_string(t.path("out.tbx")).unwrap();
    assert!(tbx.contains("對照測試走廊") && tbx.contains("Duizhao test corridor"));
}

#[test]
fn converting_into_a_folder_that_holds_files_asks_first() {
    let t = TestDir::new();
    t.write("in/a.txt", "两江新区\n");
    t.write("out/a.txt", "keep me\n");
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    show_workspace(&mut harness, "Convert");
    harness.get_by_label("Convert a whole folder").click();
    harness.run_steps(2);
    set_text(&mut harness, "From folder", t.path("in").to_str().unwrap());
    set_text(&mut harness, "Into folder", t.path("out").to_str().unwrap());
    harness
        .get_by_role_and_label(Role::Button, "Convert folder")
        .click();
    harness.run_steps(3);
    harness.get_by_label("Convert into a folder that holds files?");
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    wait_for_jobs(&mut harness);
    harness.get_by_label_contains("Nothing was converted");
    assert_eq!(
        std::fs::read_to_string(t.path("out/a.txt")).unwrap(),
        "keep me\n"
    );
    harness
        .get_by_role_and_label(Role::Button, "Convert folder")
        .click();
    harness.run_steps(3);
    harness
        .get_by_role_and_label(Role::Button, "Convert into it")
        .click();
    wait_for_jobs(&mut harness);
    assert_eq!(
        std::fs::read_to_string(t.path("out/a.txt")).unwrap(),
        "兩江新區\n"
    );
}
