//! The Align workspace driven through its widgets: align the two versions of one file, merge two beads,
//! undo, split, accept a bead into the memory, and export TMX.

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

use super::{app_harness, open_file, show_workspace, wait_for_jobs};
use crate::util::TestDir;

#[test]
fn align_merge_undo_split_and_export() {
    let t = TestDir::new();
    let file = t.write(
        "both.txt",
        "渝洽会在重庆开幕。两江新区签约十个项目，总投资120亿元。\n\
         中欧班列运行平稳，今年已开行3000列。\n\
         \n\
         The CCISF opened in Chongqing. Liangjiang New Area signed ten projects worth 12 billion yuan.\n\
         The China-Europe Railway Express runs smoothly, with 3,000 trains so far this year.\n",
    );
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    open_file(&mut harness, &file);
    show_workspace(&mut harness, "Align");
    harness
        .get_by_role_and_label(Role::Button, "Align its two versions")
        .click();
    wait_for_jobs(&mut harness);
    let first = "渝洽会在重庆开幕。";
    let second = "两江新区签约十个项目，总投资120亿元。";
    harness.get_by_label(first);
    harness.get_by_label(second);
    harness.get_by_label("The CCISF opened in Chongqing.");

    // Merge the first bead with the next: one bead holds both sentences; undo separates them again.
    harness.get_by_label(first).click();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::Button, "Merge with next (M)")
        .click();
    harness.run_steps(2);
    let merged = format!("{first}{second}");
    harness.get_by_label(&merged);
    harness.get_by_role_and_label(Role::Button, "Undo").click();
    harness.run_steps(2);
    harness.get_by_label(first);
    assert_eq!(harness.query_all_by_label(&merged).count(), 0);

    // Merge again, then split the merged bead: two beads once more.
    harness.get_by_label(first).click();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::Button, "Merge with next (M)")
        .click();
    harness.run_steps(2);
    harness.get_by_label(&merged);
    harness
        .get_by_role_and_label(Role::Button, "Split bead (S)")
        .click();
    harness.run_steps(2);
    assert_eq!(harness.query_all_by_label(&merged).count(), 0);
    harness.get_by_label(second);

    // Accept the first bead and add it to the translation memory.
    harness.get_by_label(first).click();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::CheckBox, "Accepted (A)")
        .click();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::Button, "Add accepted beads to the memory")
        .click();
    wait_for_jobs(&mut harness);
    harness.get_by_label_contains("1 unit added");

    // Export (the default format, TMX 1.4b) to a new file.
    // The proposal is named after the file, beside it.
    assert_eq!(
        super::text_of(&harness, "Export to"),
        t.path("both.align.tmx").display().to_string()
    );
    let out = t.path("alignment.tmx");
    super::set_text(&mut harness, "Export to", out.to_str().unwrap());
    harness
        .get_by_role_and_label(Role::Button, "Export")
        .click();
    wait_for_jobs(&mut harness);
    let tmx = std::fs::read_to_string(&out).expect("the export was written");
    assert!(tmx.contains(first) && tmx.contains("The CCISF opened in Chongqing."));
    assert!(tmx.contains(r#"xml:lang="zh-CN""#) && tmx.contains(r#"xml:lang="en-US""#));
}
