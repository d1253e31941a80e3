//! The window around the workspaces, as a person uses it: Help → Keyboard shortcuts (F1, `?` when not
//! typing), File → Recent after a restart, and File → Open through the built-in file browser that
//! replaces the native dialog where no desktop portal answers.

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

use super::{app_harness, open_file, show_workspace, wait_for_jobs};
use crate::util::TestDir;

#[test]
fn f1_and_question_mark_show_the_shortcuts_but_not_while_typing() {
    let t = TestDir::new();
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    harness.key_press(egui::Key::F1);
    harness.run_steps(2);
    harness.get_by_label_contains("Ctrl+K");
    harness.key_press(egui::Key::F1);
    harness.run_steps(2);
    assert_eq!(harness.query_all_by_label_contains("Ctrl+K").count(), 0);

    // `?` typed into a text box is text, not a shortcut.
    show_workspace(&mut harness, "Glossary");
    let search = harness.get_by_role_and_label(Role::TextInput, "Search the glossary");
    search.focus();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::TextInput, "Search the glossary")
        .type_text("?");
    harness.run_steps(2);
    assert_eq!(harness.query_all_by_label_contains("Ctrl+K").count(), 0);

    // Help → Keyboard shortcuts from the menu.
    harness.get_by_label("Help").click();
    harness.run_steps(2);
    harness.get_by_label_contains("Keyboard shortcuts").click();
    harness.run_steps(2);
    harness.get_by_label_contains("Ctrl+K");
}

#[test]
fn file_recent_lists_what_was_opened_before_a_restart() {
    let t = TestDir::new();
    let file = t.write("渝洽会.txt", "渝洽会在重庆开幕。\n");
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    open_file(&mut harness, &file);
    harness.get_by_label("File").click();
    harness.run_steps(2);
    harness.get_by_label("Close document").click();
    wait_for_jobs(&mut harness);
    assert_eq!(harness.query_all_by_label("渝洽会在重庆开幕。").count(), 0);
    drop(harness);

    let mut again = app_harness(t.path("data"));
    wait_for_jobs(&mut again);
    again.get_by_label("File").click();
    again.run_steps(2);
    again.get_by_label("Recent").hover();
    again.run_steps(3);
    again
        .get_by_role_and_label(Role::Button, "渝洽会.txt")
        .click();
    wait_for_jobs(&mut again);
    again.get_by_label("渝洽会在重庆开幕。");
}

#[test]
fn file_open_uses_the_built_in_browser_where_there_is_no_portal() {
    let t = TestDir::new();
    t.write("releases/2024/zh.txt", "两江新区签约十个项目。\n");
    t.write("releases/2024/notes.pdf", "not a release");
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    duizhao::gui::dialogs::use_builtin(&harness.ctx);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    harness.run_steps(3);
    harness.get_by_label("Open releases");

    // Type where to go, then into a folder and onto the file, as with any file dialog.
    super::set_text(
        &mut harness,
        "Location",
        t.path("releases").to_str().unwrap(),
    );
    // The dialog stays where it is from frame to frame (it grew and drifted off screen once).
    let at = harness.get_by_label("Go").rect();
    harness.run_steps(3);
    assert_eq!(harness.get_by_label("Go").rect(), at);
    harness.get_by_role_and_label(Role::Button, "Go").click();
    harness.run_steps(3);
    harness.get_by_label("2024/").click();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::Button, "Open the chosen file")
        .click();
    harness.run_steps(3);
    assert_eq!(
        harness.query_all_by_label("notes.pdf").count(),
        0,
        "only documents are listed"
    );
    harness.get_by_label("zh.txt").click();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::Button, "Open the chosen file")
        .click();
    wait_for_jobs(&mut harness);
    assert_eq!(harness.query_all_by_label("Open releases").count(), 0);
    harness.get_by_label("两江新区签约十个项目。");
}

#[test]
fn a_read_only_data_folder_is_named_at_start_and_can_still_be_searched() {
    use std::os::unix::fs::PermissionsExt;
    let t = TestDir::new();
    t.write(
        "a.tmx",
        "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"zh-CN\" segtype=\"sentence\" \
         datatype=\"plaintext\" adminlang=\"en\" creationtool=\"t\" creationtoolversion=\"1\" o-tmf=\"t\"/>\
         <body><tu><tuv xml:lang=\"zh-CN\"><seg>港口吞吐量增长。</seg></tuv><tuv xml:lang=\"en\">\
         <seg>Port throughput grew.</seg></tuv></tu></body></tmx>\n",
    );
    crate::util::stdout_ok(&t.cli().args(["tm", "import", "a.tmx"]).output().unwrap());
    // The first start creates the glossary on a worker thread: let it finish before the files are locked.
    let mut first = app_harness(t.path("data"));
    wait_for_jobs(&mut first);
    drop(first);
    // Read-only permission bits are honoured even for an administrator (and CI runs as root).
    for entry in std::fs::read_dir(t.path("data")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        }
    }

    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    harness.get_by_label_contains("writable data folder");
    harness.get_by_label_contains("workspace.sqlite");

    show_workspace(&mut harness, "Glossary");
    super::set_text(&mut harness, "Search the glossary", "兩江新區");
    wait_for_jobs(&mut harness);
    harness.get_by_label_contains("Liangjiang New Area");

    show_workspace(&mut harness, "Memory");
    wait_for_jobs(&mut harness);
    harness.get_by_label("Port throughput grew.").click();
    harness.run_steps(3);
    harness.get_by_label_contains("This memory cannot be changed: the file is read-only");
}
