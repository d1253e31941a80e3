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

#[test]
fn a_long_release_fills_the_lines_view_without_cut_rows_or_blank_bands() {
    let t = TestDir::new();
    let mut text = String::new();
    for i in 1..=200 {
        if i % 3 == 0 {
            text.push_str(&format!(
                "第{i}段：两江新区与多家企业签署合作协议，项目涵盖冷链物流、跨境电商、智能仓储、航空货运和\
                 数字贸易等领域，协议总金额达到{i}亿元，预计将带动就业岗位{i}千个。\n"
            ));
        } else {
            text.push_str(&format!("第{i}段：博览会持续举行。\n"));
        }
    }
    let file = t.write("long.txt", text);
    let mut harness = super::app_harness_sized(t.path("data"), [1600.0, 1000.0]);
    wait_for_jobs(&mut harness);
    open_file(&mut harness, &file);
    show_workspace(&mut harness, "Clean");
    harness.run_steps(4);
    // The original column's rows, in order: every line drawn is there in full.
    let mut rows: Vec<egui::Rect> = (1..=200)
        .filter_map(|i| {
            harness
                .query_all_by_label_contains(&format!("第{i}段："))
                .map(|n| n.rect())
                .min_by(|a, b| a.left().total_cmp(&b.left()))
        })
        .collect();
    assert!(rows.len() >= 20, "the view is filled: {} rows", rows.len());
    assert!(
        rows.len() < 120,
        "only visible rows are laid out: {}",
        rows.len()
    );
    rows.sort_by(|a, b| a.top().total_cmp(&b.top()));
    let line = 14.0;
    for pair in rows.windows(2) {
        let gap = pair[1].top() - pair[0].bottom();
        assert!(gap >= -0.5, "rows overlap (a row is cut): {pair:?}");
        assert!(gap < line, "a blank band between rows: {pair:?}");
    }
}
