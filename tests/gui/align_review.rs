//! Reviewing an alignment the way a person does it for hours: editing a sentence saves it, Ctrl+Z in a
//! text box undoes the typing and not the last alignment edit, ↑/↓ follow the "doubtful only" filter,
//! and A accepts and moves on to the next bead to review.

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};

use super::{app_harness, open_file, show_workspace, wait_for_jobs};
use crate::util::TestDir;

/// A two-version release of four paragraphs each, aligned through "Align its two versions".
fn aligned(t: &TestDir) -> egui_kittest::Harness<'static, duizhao::gui::DuizhaoApp> {
    let file = t.write(
        "both.txt",
        "渝洽会在重庆开幕。\n两江新区签约十个项目。\n中欧班列运行平稳。\n进出口额增长12%。\n\n\
         The CCISF opened in Chongqing.\nLiangjiang New Area signed ten projects.\n\
         The China-Europe Railway Express runs smoothly.\nImports and exports grew by 12%.\n",
    );
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    open_file(&mut harness, &file);
    show_workspace(&mut harness, "Align");
    harness
        .get_by_role_and_label(Role::Button, "Align its two versions")
        .click();
    wait_for_jobs(&mut harness);
    harness
}

fn alignment(
    h: &egui_kittest::Harness<'static, duizhao::gui::DuizhaoApp>,
) -> duizhao::align::Alignment {
    h.state()
        .align
        .project()
        .expect("an alignment is open")
        .alignment()
        .clone()
}

#[test]
fn an_edited_sentence_is_saved_and_ctrl_z_undoes_the_typing_only() {
    let t = TestDir::new();
    let mut harness = aligned(&t);
    assert_eq!(alignment(&harness).beads.len(), 4);
    // An alignment edit first: merge beads 1 and 2.
    harness.get_by_label("渝洽会在重庆开幕。").click();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::Button, "Merge with next (M)")
        .click();
    harness.run_steps(2);
    assert_eq!(alignment(&harness).beads.len(), 3);
    // A bead made by hand is marked so and scored as it stands, not shown as 100 %.
    let b = alignment(&harness).beads[0].clone();
    assert!(b.edited && b.confidence < 1.0, "{b:?}");
    harness.get_by_label("edited");

    // Type in the English sentence and press Ctrl+Z inside the box: the merge stays.
    let sentence = "English sentence 1";
    harness
        .get_by_role_and_label(Role::MultilineTextInput, sentence)
        .focus();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::MultilineTextInput, sentence)
        .type_text(" Indeed");
    harness.run_steps(2);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run_steps(2);
    assert_eq!(
        alignment(&harness).beads.len(),
        3,
        "Ctrl+Z in a text box is the text box's"
    );

    // Type again and click "Save text": the sentence is saved (the click takes the focus away).
    harness
        .get_by_role_and_label(Role::MultilineTextInput, sentence)
        .focus();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::MultilineTextInput, sentence)
        .type_text(" Truly.");
    harness.run_steps(2);
    harness
        .query_all_by_role_and_label(Role::Button, "Save text")
        .find(|b| !b.accesskit_node().is_disabled())
        .expect("Save text is enabled while the text differs")
        .click();
    harness.run_steps(3);
    let a = alignment(&harness);
    assert!(
        a.en[0].ends_with("Truly."),
        "the edit is saved: {:?}",
        a.en[0]
    );
    // Leaving a box after typing saves too.
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "Chinese sentence 1")
        .focus();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "Chinese sentence 1")
        .type_text("！");
    harness.run_steps(2);
    harness.get_by_label("中欧班列运行平稳。").click();
    harness.run_steps(3);
    assert!(
        alignment(&harness).zh[0].ends_with('！'),
        "{:?}",
        alignment(&harness).zh[0]
    );
}

#[test]
fn arrows_follow_the_filter_and_accept_moves_on() {
    let t = TestDir::new();
    let mut harness = aligned(&t);
    harness.get_by_label("渝洽会在重庆开幕。").click();
    harness.run_steps(2);
    // A accepts bead 1 and goes to bead 2, the next not yet accepted.
    harness.key_press(egui::Key::A);
    harness.run_steps(2);
    let a = alignment(&harness);
    assert!(a.beads[0].accepted);
    harness.get_by_label_contains("Bead 2 of 4");
    // Accept bead 3 by hand, go back to bead 2: A on bead 2 skips the accepted bead 3.
    harness.key_press(egui::Key::ArrowDown);
    harness.run_steps(2);
    harness.key_press(egui::Key::A);
    harness.run_steps(2);
    harness.get_by_label_contains("Bead 4 of 4");
    harness.key_press(egui::Key::ArrowUp);
    harness.run_steps(2);
    harness.key_press(egui::Key::ArrowUp);
    harness.run_steps(2);
    harness.get_by_label_contains("Bead 2 of 4");
    harness.key_press(egui::Key::A);
    harness.run_steps(2);
    harness.get_by_label_contains("Bead 4 of 4");

    // With "Doubtful only" on, ↑/↓ step through doubtful beads only: none is left unaccepted and
    // doubtful here but bead 4, so ↑ stays.
    harness
        .get_by_role_and_label(Role::CheckBox, "Doubtful only")
        .click();
    harness.run_steps(2);
    let doubtful = alignment(&harness).doubtful();
    harness.key_press(egui::Key::ArrowUp);
    harness.run_steps(2);
    let shown = harness
        .query_all_by_label_contains("Bead ")
        .filter_map(|n| n.accesskit_node().value())
        .next()
        .unwrap_or_default();
    let selected: usize = shown
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(
        doubtful.is_empty() || doubtful.contains(&(selected - 1)),
        "↑ stayed on a doubtful bead ({shown}, doubtful {doubtful:?})"
    );
}

#[test]
fn a_changed_cleaned_text_makes_the_alignment_out_of_date_and_realigning_keeps_the_review() {
    let t = TestDir::new();
    let file = t.write(
        "dirty.txt",
        "重庆经(jīng)贸代表团访问加州。\n两江新区签约十个项目。\n\n\
         A Chongqing trade delegation visited California.\nLiangjiang New Area signed ten projects.\n",
    );
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    open_file(&mut harness, &file);
    show_workspace(&mut harness, "Clean");
    show_workspace(&mut harness, "Align");
    harness
        .get_by_role_and_label(Role::Button, "Align its two versions")
        .click();
    wait_for_jobs(&mut harness);
    assert!(
        alignment(&harness).zh[0].contains("经贸"),
        "aligned from the cleaned text"
    );
    // Accept the second bead, whose sentences will not change.
    harness.get_by_label("两江新区签约十个项目。").click();
    harness.run_steps(2);
    harness.key_press(egui::Key::A);
    harness.run_steps(2);
    assert_eq!(
        harness.query_all_by_label_contains("Out of date").count(),
        0
    );

    // Take a cleaning decision back: the cleaned text changes, the alignment says it is out of date.
    show_workspace(&mut harness, "Clean");
    harness
        .query_all_by_role_and_label(Role::Button, "Reject all")
        .next()
        .expect("the pinyin rule's Reject all")
        .click();
    wait_for_jobs(&mut harness);
    show_workspace(&mut harness, "Align");
    harness.get_by_label_contains("Out of date");
    harness
        .get_by_role_and_label(Role::Button, "Re-align")
        .click();
    wait_for_jobs(&mut harness);
    harness.get_by_label_contains("1 bead kept as you left them");
    let a = alignment(&harness);
    assert!(a.zh[0].contains("(jīng)"), "the new text: {:?}", a.zh[0]);
    let kept = a
        .beads
        .iter()
        .find(|b| a.zh_text(b) == "两江新区签约十个项目。")
        .expect("the accepted bead");
    assert!(kept.accepted, "the review is kept");
    assert_eq!(
        harness.query_all_by_label_contains("Out of date").count(),
        0
    );
}

#[test]
fn split_cuts_where_the_cursor_is() {
    let t = TestDir::new();
    let mut harness = aligned(&t);
    harness.get_by_label("渝洽会在重庆开幕。").click();
    harness.run_steps(2);
    harness.key_press(egui::Key::M);
    harness.run_steps(2);
    harness.key_press(egui::Key::M);
    harness.run_steps(2);
    assert_eq!(alignment(&harness).beads[0].shape(), (3, 3));
    // Put the cursor in the second Chinese sentence (focus leaves it at the end), then split with S.
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "Chinese sentence 2")
        .focus();
    harness.run_steps(2);
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    harness.key_press(egui::Key::S);
    harness.run_steps(2);
    let a = alignment(&harness);
    assert_eq!(
        a.beads[0].shape(),
        (2, 2),
        "split after the cursor's sentence: {:?}",
        a.beads
    );
}

#[test]
fn the_open_alignment_comes_back_after_a_restart() {
    let t = TestDir::new();
    let harness = aligned(&t);
    assert_eq!(alignment(&harness).beads.len(), 4);
    drop(harness);
    let mut again = app_harness(t.path("data"));
    wait_for_jobs(&mut again);
    // The last workspace is Align again, and the alignment is open in it.
    assert_eq!(again.state().state.view, duizhao::gui::command::View::Align);
    assert_eq!(alignment(&again).beads.len(), 4);
    again.get_by_label("Imports and exports grew by 12%.");
}

#[test]
fn a_tall_window_shows_a_full_bead_list_and_keeps_the_selection_in_view() {
    let t = TestDir::new();
    let n = 300;
    let zh: String = (1..=n)
        .map(|i| format!("第{i}号项目在两江新区签约，投资{i}亿元。\n"))
        .collect();
    let en: String = (1..=n)
        .map(|i| {
            format!(
                "Project {i} was signed in Liangjiang New Area, with {i} hundred million yuan.\n"
            )
        })
        .collect();
    let file = t.write("long.txt", format!("{zh}\n{en}"));
    let mut harness = super::app_harness_sized(t.path("data"), [1600.0, 1000.0]);
    wait_for_jobs(&mut harness);
    open_file(&mut harness, &file);
    show_workspace(&mut harness, "Align");
    harness
        .get_by_role_and_label(Role::Button, "Align its two versions")
        .click();
    wait_for_jobs(&mut harness);
    harness.run_steps(3);
    assert_eq!(alignment(&harness).beads.len(), n);

    let shown = |h: &egui_kittest::Harness<'static, duizhao::gui::DuizhaoApp>| -> Vec<usize> {
        (1..=n)
            .filter(|i| {
                h.query_all_by_label(&format!(
                    "Project {i} was signed in Liangjiang New Area, with {i} hundred million yuan."
                ))
                .next()
                .is_some()
            })
            .collect()
    };
    let rows = shown(&harness);
    assert!(
        rows.len() >= 15,
        "the list fills the window: {} rows laid out",
        rows.len()
    );
    assert!(
        rows.len() < 60,
        "only the visible rows are laid out: {}",
        rows.len()
    );

    // Far down the list with the keyboard: the selected bead stays in view.
    for _ in 0..120 {
        harness.key_press(egui::Key::ArrowDown);
        harness.run_steps(1);
    }
    harness.run_steps(3);
    let selected = harness.state().align.selected();
    assert_eq!(selected, 120);
    assert!(
        shown(&harness).contains(&(selected + 1)),
        "bead {} is laid out after moving to it",
        selected + 1
    );
}

#[test]
fn with_doubtful_only_the_arrows_skip_the_confident_beads() {
    let t = TestDir::new();
    // Two English sentences have no Chinese counterpart: the aligner doubts the beads around them.
    let file = t.write(
        "mixed.txt",
        "渝洽会于5月18日在重庆开幕。\n两江新区签约12个项目。\n中欧班列开行1.6万列。\n进出口额增长21%。\n\
         果园港铁水联运量增长35%。\n博览会持续至5月21日。\n新加坡代表团参加论坛。\n展览面积达12万平方米。\n\n\
         The CCISF opened in Chongqing on May 18.\nLiangjiang New Area signed 12 projects.\n\
         Photographs of the event may be downloaded from the press office website until the end of the month.\n\
         16,000 China-Europe freight trains have run.\nImports and exports grew by 21%.\n\
         Rail-water transport at Guoyuan Port grew 35%.\nThe expo runs until May 21.\n\
         Journalists wishing to attend should register with the organizers at least two days in advance.\n\
         A delegation from Singapore attended the forum.\nThe exhibition area is 120,000 square meters.\n",
    );
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    open_file(&mut harness, &file);
    show_workspace(&mut harness, "Align");
    harness
        .get_by_role_and_label(Role::Button, "Align its two versions")
        .click();
    wait_for_jobs(&mut harness);
    let a = alignment(&harness);
    let doubtful = a.doubtful();
    // Moving must skip a confident bead somewhere: before the first doubtful one, or between two.
    let gap =
        doubtful.first().is_some_and(|&d| d >= 2) || doubtful.windows(2).any(|w| w[1] > w[0] + 1);
    assert!(
        gap,
        "the fixture needs confident beads between doubtful ones: {doubtful:?} of {}",
        a.beads.len()
    );
    assert!(
        !doubtful.contains(&0),
        "the selection starts on a confident bead"
    );
    harness
        .get_by_role_and_label(Role::CheckBox, "Doubtful only")
        .click();
    harness.run_steps(2);
    let selected =
        |h: &egui_kittest::Harness<'static, duizhao::gui::DuizhaoApp>| h.state().align.selected();
    // ↓ and ↑ go from one doubtful bead to the next, never to a confident one.
    let mut seen = vec![selected(&harness)];
    for _ in 0..doubtful.len() {
        harness.key_press(egui::Key::ArrowDown);
        harness.run_steps(2);
        seen.push(selected(&harness));
    }
    for _ in 0..doubtful.len() {
        harness.key_press(egui::Key::ArrowUp);
        harness.run_steps(2);
        seen.push(selected(&harness));
    }
    let moved: Vec<usize> = seen[1..].to_vec();
    assert!(
        moved.iter().all(|k| doubtful.contains(k)),
        "only doubtful beads are visited: {moved:?}, doubtful {doubtful:?}"
    );
    assert!(
        doubtful.iter().all(|k| moved.contains(k)),
        "every doubtful bead is reached: {moved:?}, doubtful {doubtful:?}"
    );
}

#[test]
fn a_message_coming_and_going_does_not_move_the_table() {
    let t = TestDir::new();
    let mut harness = aligned(&t);
    harness.run_steps(2);
    // The table's header (the bead panel below has a "中文" heading too).
    let header = |h: &egui_kittest::Harness<'static, duizhao::gui::DuizhaoApp>| {
        h.query_all_by_label("中文")
            .map(|n| n.rect())
            .min_by(|a, b| a.top().total_cmp(&b.top()))
            .expect("the table's header")
    };
    let before = header(&harness);
    super::set_text(
        &mut harness,
        "Export to",
        t.path("out.tmx").to_str().unwrap(),
    );
    harness
        .get_by_role_and_label(Role::Button, "Export")
        .click();
    wait_for_jobs(&mut harness);
    harness.run_steps(2);
    assert!(t.path("out.tmx").exists());
    assert!(
        harness
            .query_all_by_label_contains("4 units")
            .next()
            .is_some(),
        "the export's message is shown"
    );
    assert_eq!(header(&harness), before, "the table stayed where it was");
}
