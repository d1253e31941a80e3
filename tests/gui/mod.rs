//! GUI tests with egui_kittest: the real app, driven through its widgets (found by role and label through
//! AccessKit), with no GPU.

use std::time::{Duration, Instant};

use duizhao::gui::{DuizhaoApp, install_fonts};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::util::TestDir;

mod align;
mod align_review;
mod clean;
mod glossary_convert;
mod glossary_edit;
mod memory;
mod shell;
mod team_server;
mod terms;
mod translate;
mod workflow;

/// A harness around the whole app, with the app's own fonts (kittest panics on a missing glyph otherwise).
pub fn app_harness(data_dir: std::path::PathBuf) -> Harness<'static, DuizhaoApp> {
    app_harness_sized(data_dir, [1280.0, 800.0])
}

/// [`app_harness`] in a window of `size` points.
pub fn app_harness_sized(
    data_dir: std::path::PathBuf,
    size: [f32; 2],
) -> Harness<'static, DuizhaoApp> {
    Harness::builder()
        .with_size(size)
        .with_context_setup(install_fonts)
        .build_ui_state(
            |ui, app: &mut DuizhaoApp| app.show(ui),
            DuizhaoApp::new(data_dir, Vec::new()),
        )
}

/// Steps the harness until no background job has been running for a few frames (a view may start a job
/// on the frame after a click, and a job's result may start another), or fails after 60 s.
pub fn wait_for_jobs(harness: &mut Harness<'static, DuizhaoApp>) {
    let start = Instant::now();
    let mut idle_frames = 0;
    while idle_frames < 4 {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "background job did not finish"
        );
        harness.step();
        if harness.state().state.jobs.is_busy() {
            idle_frames = 0;
            std::thread::sleep(Duration::from_millis(20));
        } else {
            idle_frames += 1;
        }
    }
}

/// Opens `file` through the Documents workspace's path box and waits until it is read.
pub fn open_file(harness: &mut Harness<'static, DuizhaoApp>, file: &std::path::Path) {
    harness
        .get_by_role_and_label(Role::Button, "Documents")
        .click();
    harness.run_steps(2);
    harness.get_by_role(Role::TextInput).focus();
    harness
        .get_by_role(Role::TextInput)
        .type_text(file.to_str().unwrap());
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Open").click();
    wait_for_jobs(harness);
}

/// Replaces the text of the text box labelled `label` with `text` (select all, then type), the way a
/// person types over a proposed path.
pub fn set_text(harness: &mut Harness<'static, DuizhaoApp>, label: &str, text: &str) {
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .focus();
    harness.run_steps(2);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run_steps(1);
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    harness.run_steps(2);
}

/// Clicks into the text box labelled `label` and types `text` at the end of what it holds.
pub fn type_into(harness: &mut Harness<'static, DuizhaoApp>, label: &str, text: &str) {
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .focus();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    harness.run_steps(3);
}

/// Runs frames until a node labelled `label` is shown (work a worker thread finishes: rows from a team
/// server); fails after five seconds.
pub fn wait_for_label(harness: &mut Harness<'static, DuizhaoApp>, label: &str) {
    let start = std::time::Instant::now();
    while harness.query_all_by_label(label).count() == 0 {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(5),
            "“{label}” did not appear"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
        harness.run_steps(1);
    }
}

/// The text in the text box labelled `label`.
pub fn text_of(harness: &Harness<'static, DuizhaoApp>, label: &str) -> String {
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .value()
        .unwrap_or_default()
}

/// Switches to the workspace whose rail button is `name` and waits for the jobs it starts.
pub fn show_workspace(harness: &mut Harness<'static, DuizhaoApp>, name: &str) {
    harness.get_by_role_and_label(Role::Button, name).click();
    wait_for_jobs(harness);
}

#[test]
fn open_a_document_through_the_path_box_and_see_its_sentences() {
    let t = TestDir::new();
    let file = t.write(
        "release.txt",
        encoding_rs::GBK
            .encode("渝洽会在重庆开幕。两江新区签约十个项目！\nThe fair opened in Chongqing. Ten projects were signed.\n")
            .0,
    );
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    harness.get_by_role(Role::TextInput).focus();
    harness
        .get_by_role(Role::TextInput)
        .type_text(file.to_str().unwrap());
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Open").click();
    wait_for_jobs(&mut harness);

    for sentence in [
        "渝洽会在重庆开幕。",
        "两江新区签约十个项目！",
        "The fair opened in Chongqing.",
        "Ten projects were signed.",
    ] {
        harness.get_by_label(sentence);
    }
    harness.get_by_label_contains("Encoding: GBK (detected)");
    harness.get_by_label_contains("2 paragraphs · 4 sentences");

    // The document is remembered: a new app on the same data folder reopens it.
    drop(harness);
    let mut again = app_harness(t.path("data"));
    wait_for_jobs(&mut again);
    again.get_by_label("渝洽会在重庆开幕。");
}

#[test]
fn a_missing_file_gets_a_message_and_the_app_keeps_running() {
    let t = TestDir::new();
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    harness.get_by_role(Role::TextInput).focus();
    harness
        .get_by_role(Role::TextInput)
        .type_text(t.path("nope.txt").to_str().unwrap());
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Open").click();
    wait_for_jobs(&mut harness);
    assert!(
        harness
            .query_all_by_label_contains("nope.txt: no such file")
            .count()
            >= 1
    );
    // Still responsive: switch the theme from the menu.
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Dark theme").click();
    harness.run();
    assert_eq!(harness.state().state.theme, egui::ThemePreference::Dark);
}
