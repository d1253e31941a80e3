//! GUI tests with egui_kittest: the real app, driven through its widgets (found by role and label through
//! AccessKit), with no GPU.

use std::time::{Duration, Instant};

use duizhao::gui::{DuizhaoApp, install_fonts};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::util::TestDir;

/// A harness around the whole app, with the app's own fonts (kittest panics on a missing glyph otherwise).
pub fn app_harness(data_dir: std::path::PathBuf) -> Harness<'static, DuizhaoApp> {
    Harness::builder()
        .with_size([1280.0, 800.0])
        .with_context_setup(install_fonts)
        .build_ui_state(
            |ui, app: &mut DuizhaoApp| app.show(ui),
            DuizhaoApp::new(data_dir, Vec::new()),
        )
}

/// Steps the harness until no background job is running (or fails after 30 s).
pub fn wait_for_jobs(harness: &mut Harness<'static, DuizhaoApp>) {
    let start = Instant::now();
    harness.step();
    while harness.state().state.jobs.is_busy() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "background job did not finish"
        );
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
    harness.run_steps(3);
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
