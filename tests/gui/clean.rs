//! The Clean workspace driven through its widgets: clean an opened document, see original and cleaned
//! side by side, reject a rule, undo, and export.

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

use super::{app_harness, open_file, set_text, show_workspace, wait_for_jobs};
use crate::util::TestDir;

#[test]
fn clean_review_undo_and_export() {
    let t = TestDir::new();
    let file = t.write(
        "scraped.txt",
        "重慶經(jīng)濟持續發展。\nThe off i cials met in Chongqing.\n",
    );
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    open_file(&mut harness, &file);
    show_workspace(&mut harness, "Clean");

    // Original and cleaned side by side; the change list counts the rules' work.
    harness.get_by_label("重慶經(jīng)濟持續發展。");
    harness.get_by_label("重慶經濟持續發展。");
    harness.get_by_label("The officials met in Chongqing.");
    assert_eq!(
        harness
            .query_all_by_label("1 fix · 0 flags · 1/1 applied")
            .count(),
        2,
        "pinyin and ligatures each made one fix"
    );

    // Reject every pinyin change: the annotation is back on both sides; undo brings the fix back.
    let reject = harness
        .query_all_by_role_and_label(Role::Button, "Reject all")
        .next()
        .expect("a Reject all button per rule");
    reject.click();
    harness.run_steps(2);
    assert_eq!(
        harness
            .query_all_by_label("重慶經(jīng)濟持續發展。")
            .count(),
        2,
        "rejected: the cleaned side keeps the original"
    );
    harness.get_by_role_and_label(Role::Button, "Undo").click();
    harness.run_steps(2);
    harness.get_by_label("重慶經濟持續發展。");

    // Export to a new file; the source stays as it was.
    let out = t.path("clean.txt");
    set_text(&mut harness, "Export to", out.to_str().unwrap());
    harness
        .get_by_role_and_label(Role::Button, "Export cleaned text")
        .click();
    wait_for_jobs(&mut harness);
    let written = std::fs::read_to_string(&out).expect("the export was written");
    assert_eq!(
        written,
        "重慶經濟持續發展。\nThe officials met in Chongqing.\n"
    );
    assert!(std::fs::read_to_string(&file).unwrap().contains("經(jīng)"));
    harness.get_by_label_contains("Saved");
}

#[test]
fn a_header_moved_aside_shows_its_run_together_words() {
    let t = TestDir::new();
    let file = t.write(
        "page.txt",
        "Host: the city bureau of foreign relations and CommerceUndertaker: the fair office\n\n\
         The fair opened on Monday with more than two hundred firms from the region.\n",
    );
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    open_file(&mut harness, &file);
    show_workspace(&mut harness, "Clean");
    // The header is moved aside, and what to check should the editor restore it is said beside it.
    harness.get_by_label_contains("(if restored: CommerceUndertaker → Commerce Undertaker)");
}
