//! One release, one thread: the joints between the workspaces walked the way a person clicks. A dirty
//! two-version release is cleaned (one rule rejected), its halves aligned from the cleaned text and
//! exported as TMX (no pinyin annotation, no split ligature, the rejected rule's text kept); a second
//! export to the same path asks before replacing; the extension follows the format; one half is
//! translated; and after a restart the cleaned version and its decisions are back.

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};

use super::{app_harness, open_file, set_text, show_workspace, text_of, wait_for_jobs};
use crate::util::TestDir;

/// Traditional Chinese with inline pinyin and a half-width comma, then its English version with a split
/// ligature (written for this test).
const RELEASE: &str = "重慶經(jīng)貿(mào)代表團訪問加州,簽署合作備忘錄。\n\
                       雙方將在冷鏈物流領(lǐng)域合作。\n\
                       \n\
                       A Chongqing trade delegation visited California and signed a memorandum.\n\
                       The off i cials will cooperate in cold chain logistics.\n";

#[test]
fn clean_align_export_translate_and_restart() {
    let t = TestDir::new();
    let file = t.write("release.txt", RELEASE);
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    open_file(&mut harness, &file);

    // Clean: the rules run at once; reject the punctuation rule (its comma stays half-width).
    show_workspace(&mut harness, "Clean");
    // The change list heads each rule with its name (a label), and its "Reject all" buttons come in the
    // same order.
    let names = [
        "pinyin",
        "ligatures",
        "mojibake",
        "boilerplate",
        "punctuation",
        "whitespace",
        "mixed-script",
        "run-together",
    ];
    let headers: Vec<String> = harness
        .query_all_by_role(Role::Label)
        .filter_map(|n| n.accesskit_node().value())
        .filter(|v| names.contains(&v.as_str()))
        .collect();
    let at = headers
        .iter()
        .position(|h| h == "punctuation")
        .expect("the punctuation rule found the comma");
    harness
        .query_all_by_role_and_label(Role::Button, "Reject all")
        .nth(at)
        .expect("one Reject all per rule")
        .click();
    wait_for_jobs(&mut harness);
    let cleaned = |h: &egui_kittest::Harness<'static, duizhao::gui::DuizhaoApp>| {
        h.state()
            .state
            .library
            .docs
            .first()
            .and_then(|d| d.cleaned().map(|v| v.stored.text.clone()))
    };
    let text = cleaned(&harness).expect("the cleaned version is stored");
    assert!(
        !text.contains("(jīng)") && text.contains("officials"),
        "{text}"
    );
    assert!(
        text.contains("加州,"),
        "the rejected rule's comma stays: {text}"
    );

    // Align the halves: the sides default to the cleaned version's parts.
    show_workspace(&mut harness, "Align");
    harness
        .get_by_role_and_label(Role::Button, "Align its two versions")
        .click();
    wait_for_jobs(&mut harness);
    let proposal = text_of(&harness, "Export to");
    assert_eq!(proposal, t.path("release.align.tmx").display().to_string());
    harness
        .get_by_role_and_label(Role::Button, "Export")
        .click();
    wait_for_jobs(&mut harness);
    let tmx = std::fs::read_to_string(t.path("release.align.tmx")).expect("the TMX was written");
    assert!(
        !tmx.contains("(jīng)") && !tmx.contains("off i cials"),
        "{tmx}"
    );
    assert!(tmx.contains("The officials will cooperate"), "{tmx}");
    assert_eq!(
        tmx.matches("<tu ").count(),
        2,
        "two beads with both sides: {tmx}"
    );
    harness.get_by_label_contains("wrote 2 units");

    // Export again to the same path: a question first, and the file is kept until the answer.
    std::fs::write(t.path("release.align.tmx"), "kept").unwrap();
    harness
        .get_by_role_and_label(Role::Button, "Export")
        .click();
    harness.run_steps(3);
    harness.get_by_label("Replace the existing file?");
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    harness.run_steps(3);
    assert_eq!(
        std::fs::read_to_string(t.path("release.align.tmx")).unwrap(),
        "kept"
    );
    harness
        .get_by_role_and_label(Role::Button, "Export")
        .click();
    harness.run_steps(3);
    harness
        .get_by_role_and_label(Role::Button, "Replace")
        .click();
    wait_for_jobs(&mut harness);
    assert!(
        std::fs::read_to_string(t.path("release.align.tmx"))
            .unwrap()
            .contains("<tmx")
    );

    // Another format: the proposed extension follows, also for a path of one's own.
    set_text(
        &mut harness,
        "Export to",
        t.path("mine/review.tmx").to_str().unwrap(),
    );
    harness
        .get_by_role_and_label(Role::ComboBox, "Export format")
        .click();
    harness.run_steps(2);
    harness
        .get_by_label("Side-by-side HTML (review, print)")
        .click();
    harness.run_steps(3);
    assert_eq!(
        text_of(&harness, "Export to"),
        t.path("mine/review.html").display().to_string()
    );

    // Translate one half: the file holds both, so Translate asks which.
    show_workspace(&mut harness, "Translate");
    harness
        .get_by_role_and_label(Role::Button, "Translate the English version")
        .click();
    wait_for_jobs(&mut harness);
    harness.get_by_label_contains("0 / 2 translated");
    harness.get_by_label("The officials will cooperate in cold chain logistics.");

    // Restart: the cleaned version and the decision are back.
    drop(harness);
    let mut again = app_harness(t.path("data"));
    wait_for_jobs(&mut again);
    let text = cleaned(&again).expect("the cleaned version survived the restart");
    assert!(text.contains("加州,") && !text.contains("(jīng)"), "{text}");
    show_workspace(&mut again, "Clean");
    again.get_by_label_contains("Your earlier decisions are back");
    assert!(
        cleaned(&again).is_some_and(|t| t.contains("加州,")),
        "the decision still holds"
    );
}

#[test]
fn the_last_workspace_comes_back_after_a_restart() {
    let t = TestDir::new();
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    show_workspace(&mut harness, "Glossary");
    drop(harness);
    let again = app_harness(t.path("data"));
    assert_eq!(
        again.state().state.view,
        duizhao::gui::command::View::Glossary
    );
}

#[test]
fn a_changed_or_vanished_original_keeps_its_cleaned_version() {
    let t = TestDir::new();
    let file = t.write(
        "release.txt",
        "經(jīng)貿合作擴大。\nThe off i cials met.\n",
    );
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    open_file(&mut harness, &file);
    show_workspace(&mut harness, "Clean");
    wait_for_jobs(&mut harness);
    assert!(
        cleaned_text(&harness).is_some(),
        "cleaning stored a version"
    );
    drop(harness);

    // The file changes while the app is closed: the stored cleaned version is kept, and says so.
    std::fs::write(
        &file,
        "經(jīng)貿合作繼續擴大。\nThe off i cials met again.\n",
    )
    .unwrap();
    let mut again = app_harness(t.path("data"));
    wait_for_jobs(&mut again);
    let text = cleaned_text(&again).expect("the cleaned version is kept");
    assert!(text.contains("經貿合作擴大"), "{text}");
    show_workspace(&mut again, "Documents");
    again.get_by_label_contains("has changed since this version was made");
    show_workspace(&mut again, "Clean");
    again.get_by_label_contains("The file changed since it was cleaned");
    drop(again);

    // The file is gone: the stored version is still there to use.
    std::fs::remove_file(&file).unwrap();
    let mut third = app_harness(t.path("data"));
    wait_for_jobs(&mut third);
    assert!(cleaned_text(&third).is_some_and(|t| t.contains("經貿合作擴大")));
    show_workspace(&mut third, "Clean");
    third.get_by_label("The original cannot be read");
}

/// The stored cleaned version of the first open document.
fn cleaned_text(h: &egui_kittest::Harness<'static, duizhao::gui::DuizhaoApp>) -> Option<String> {
    h.state()
        .state
        .library
        .docs
        .first()
        .and_then(|d| d.cleaned().map(|v| v.stored.text.clone()))
}
